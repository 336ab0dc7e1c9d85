"""Microseconds per full-batch training step: mlp_core, minimal NumPy, PyTorch.

Every column times the same step on the same network, [2, hidden, 2] with
biases, sigmoid hidden and output layers and the mean squared error, on
the full batch with learning rate 0.1:

1. forward pass: ``h1 = s(X W1 + b1)``, ``h2 = s(h1 W2 + b2)``;
2. loss: ``L = sum((h2 - Y)**2) / (2N)``;
3. backward pass: ``d2 = (h2 - Y)/N * h2(1 - h2)``,
   ``d1 = (d2 W2^T) * h1(1 - h1)``, and the gradients ``h1^T d2``,
   ``X^T d1`` and the column sums of ``d2`` and ``d1``;
4. update: each parameter minus 0.1 times its gradient.

* ``numpy``: the shortest loop we could write for exactly that and nothing
  else, with the same overflow-free sigmoid as mlp_core (checked below), so
  both do the same arithmetic.
* ``mlp_core``: ``mc.train``, which also records per step what the book's
  plots need (accuracy, gradient norms per layer, learning rate) and checks
  that the loss is finite. On the large case it computes each step in
  blocks of rows, shared with a helper process per extra core (see the
  row-block section of mlp_core/network.py).
* ``torch``: PyTorch eager mode in float64, the same tensor operations
  written by hand under ``torch.no_grad()`` (no autograd: that is the
  fastest eager form) with ``torch.sigmoid``, on PyTorch's default number
  of threads. Skipped when PyTorch is not installed.

Before timing, the losses of the first steps must agree to 1e-12 across
the columns. Each figure is the best of several runs; the rounds alternate
between the columns, so that a busy machine slows them all alike, and each
run starts after a pause of a quarter of a second: the BLAS library keeps its
idle threads spinning for about 0.1 s after a large matrix product, and they
would otherwise slow down whichever column comes next.

Targets: mlp_core at most 1.5 times the minimal NumPy loop on the XOR-sized
cases, and no slower than PyTorch on the large one. Run with ``make bench``
or ``python bench/train_step.py``.
"""

from __future__ import annotations

import time

import numpy as np

import mlp_core as mc

try:
    import torch
except ImportError:
    torch = None

LR = 0.1
CASES = [  # hidden units, points, steps per run, runs per column
    (3, 4, 20000, 7),
    (50, 4, 20000, 7),
    (256, 10000, 40, 7),
]
PAUSE = 0.25  # seconds before each run: the threads of the previous one fall asleep
TARGET_NUMPY = 1.5  # mlp_core / numpy, on the cases with 4 points
TARGET_TORCH = 1.0  # mlp_core / torch, on the case with 10,000 points


def sigmoid(z):
    """The same overflow-free sigmoid as mlp_core.activations.sigmoid."""
    e = np.exp(-np.abs(z))
    top = np.where(z >= 0, 1.0, e)
    return top / (1.0 + e)


def numpy_steps(X, Y, W1, b1, W2, b2, steps):
    """The minimal hand-written loop; returns the loss before each update."""
    n = X.shape[0]
    losses = np.empty(steps)
    for t in range(steps):
        h1 = sigmoid(X @ W1 + b1)
        h2 = sigmoid(h1 @ W2 + b2)
        diff = h2 - Y
        losses[t] = np.vdot(diff, diff) / (2 * n)
        d2 = diff / n * h2 * (1.0 - h2)
        d1 = (d2 @ W2.T) * h1 * (1.0 - h1)
        W2 -= LR * (h1.T @ d2)
        b2 -= LR * d2.sum(axis=0)
        W1 -= LR * (X.T @ d1)
        b1 -= LR * d1.sum(axis=0)
    return losses


def torch_steps(X, Y, W1, b1, W2, b2, steps):
    """The same loop in PyTorch, float64 tensors, no autograd."""
    n = X.shape[0]
    losses = torch.empty(steps, dtype=torch.float64)
    with torch.no_grad():
        for t in range(steps):
            h1 = torch.sigmoid(torch.addmm(b1, X, W1))
            h2 = torch.sigmoid(torch.addmm(b2, h1, W2))
            diff = h2 - Y
            losses[t] = torch.dot(diff.view(-1), diff.view(-1)) / (2 * n)
            d2 = diff / n * h2 * (1.0 - h2)
            d1 = (d2 @ W2.T) * h1 * (1.0 - h1)
            W2 -= LR * (h1.T @ d2)
            b2 -= LR * d2.sum(dim=0)
            W1 -= LR * (X.T @ d1)
            b1 -= LR * d1.sum(dim=0)
    return losses.numpy()


def columns(hidden, n):
    """One function per column, each running ``steps`` steps from the same start."""
    X, Y = mc.data.noisy_xor(n, seed=0)
    net = mc.MLP([2, hidden, 2], seed=0)
    start = [net.params[k] for k in ("W1", "b1", "W2", "b2")]
    cols = {
        "numpy": lambda steps: numpy_steps(X, Y, *(p.copy() for p in start), steps),
        "mlp_core": lambda steps: mc.train(net.copy(), X, Y, lr=LR, steps=steps).loss,
    }
    if torch is not None:
        tX, tY = torch.from_numpy(X), torch.from_numpy(Y)
        cols["torch"] = lambda steps: torch_steps(
            tX, tY, *(torch.from_numpy(p.copy()) for p in start), steps)
    return cols


def best_times(cols, steps, runs):
    """Best wall time per step (microseconds) of each column, rounds interleaved."""
    best = dict.fromkeys(cols, np.inf)
    for _ in range(runs):
        for name, run in cols.items():
            time.sleep(PAUSE)
            t0 = time.perf_counter()
            run(steps)
            best[name] = min(best[name], time.perf_counter() - t0)
    return {name: t / steps * 1e6 for name, t in best.items()}


def main():
    z = np.linspace(-800.0, 800.0, 4001)
    assert np.array_equal(sigmoid(z), mc.activations.sigmoid(z)), "sigmoid differs"
    if torch is None:
        print("torch column skipped: PyTorch is not installed (pip install torch, "
              "best in a separate virtual environment, to get it)")
    else:
        print(f"torch {torch.__version__}: float64, manual tensor operations under "
              f"no_grad, {torch.get_num_threads()} threads")
    cores = 1 + len(mc.network._helpers())
    print(f"mlp_core: {cores} process{'es' if cores > 1 else ''} on the large case")
    head = ("hidden", "points", "numpy us", "mlp_core us", "torch us",
            "core/numpy", "target", "core/torch", "target")
    row = "{:>6} {:>6} {:>10} {:>11} {:>10} {:>10} {:>6} {:>10} {:>6}"
    print(row.format(*head))
    missed, unchecked = [], False
    for hidden, n, steps, runs in CASES:
        cols = columns(hidden, n)
        ref = cols["numpy"](5)
        for name, run in cols.items():  # same start, same math: same losses
            np.testing.assert_allclose(run(5), ref, rtol=1e-12, err_msg=name)
        t = best_times(cols, steps, runs)
        small = n <= 4  # the XOR-sized cases; the other is the large one
        r_np = t["mlp_core"] / t["numpy"]
        r_t = t["mlp_core"] / t["torch"] if "torch" in t else None
        print(row.format(hidden, n, f"{t['numpy']:.1f}", f"{t['mlp_core']:.1f}",
                         f"{t['torch']:.1f}" if r_t else "-", f"{r_np:.2f}",
                         f"<={TARGET_NUMPY}" if small else "", f"{r_t:.2f}" if r_t else "-",
                         "" if small else f"<={TARGET_TORCH}"))
        if small and r_np > TARGET_NUMPY:
            missed.append(f"core/numpy {r_np:.2f} > {TARGET_NUMPY} at {hidden} hidden")
        if not small and r_t is None:
            unchecked = True
        elif not small and r_t > TARGET_TORCH:
            missed.append(f"core/torch {r_t:.2f} > {TARGET_TORCH} at {hidden} hidden")
    if missed:
        print("targets missed: " + "; ".join(missed))
    elif unchecked:
        print("numpy targets met; torch target not checked (PyTorch is not installed)")
    else:
        print("all targets met")


if __name__ == "__main__":
    main()
