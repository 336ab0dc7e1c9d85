"""The book's longer experiments, defined once for the chapters and the figures command.

Each function trains fresh networks from fixed seeds and returns plain
data (NumPy arrays and numbers in a dict), so :mod:`mlp_core.figures` can
cache the result and a chapter can run the same code and assert on it.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from . import data
from .article import article_network
from .network import MLP
from .training import StepDecay, accuracy, train


def progress(label: str, steps: int, every: int = 20000, stream=None):
    """A ``train`` callback that prints ``label: step k/steps`` every ``every`` steps."""
    stream = sys.stderr if stream is None else stream
    start = time.perf_counter()

    def report(step, net, loss):
        if (step + 1) % every == 0 or step + 1 == steps:
            print(f"  {label}: step {step + 1}/{steps} ({time.perf_counter() - start:.1f} s)",
                  file=stream, flush=True)

    return report


def article_blowup(*, lr=0.003, steps=110_000, hidden=50, l2=1e-4, drop_1_over_n=True,
                   scalar_penalty=True, callback=None) -> dict:
    """Train the article's bias-free network on its 50 points with its own gradient.

    Defaults are the article's setting (50 hidden units, lr 0.003, lambda
    1e-4). Returns the per-step loss, accuracy and ``sum(W1**2)`` (recorded
    every step), ``diverged_at`` (None or the step whose loss was not
    finite) and the held-out accuracy on the other 250 points.
    """
    X, Y, X_rest, Y_rest = data.article_xor()
    net = article_network(hidden, l2=l2, drop_1_over_n=drop_1_over_n, scalar_penalty=scalar_penalty)
    W1 = net.params["W1"]
    w1_sq = np.empty(steps)

    def record(step, current, loss):
        w1_sq[step] = float(np.vdot(W1, W1))
        if callback is not None:
            callback(step, current, loss)

    hist = train(net, X, Y, lr=lr, steps=steps, callback=record, on_divergence="stop")
    n = hist.steps
    return {
        "loss": hist.loss, "accuracy": hist.accuracy, "w1_sq": w1_sq[:n],
        "diverged_at": hist.diverged_at, "lr": lr, "steps": steps,
        "heldout_accuracy": accuracy(net, X_rest, Y_rest) if not hist.diverged else float("nan"),
    }


def capacity(hidden_sizes=(1, 2, 3, 5, 10, 50), *, lr=2.0, steps=20_000, seed=0, bias=True) -> dict:
    """Train one sigmoid/MSE network per hidden size on the article's data.

    Returns, per hidden size, the training and held-out accuracy, the
    per-step loss and accuracy, and the trained network (under ``"nets"``).
    """
    X, Y, X_rest, Y_rest = data.article_xor()
    out = {"hidden": np.array(hidden_sizes), "train_acc": [], "heldout_acc": [], "loss": [],
           "accuracy": [], "nets": []}
    for h in hidden_sizes:
        net = MLP([2, h, 2], bias=bias, seed=seed)
        hist = train(net, X, Y, lr=lr, steps=steps)
        out["train_acc"].append(accuracy(net, X, Y))
        out["heldout_acc"].append(accuracy(net, X_rest, Y_rest))
        out["loss"].append(hist.loss)
        out["accuracy"].append(hist.accuracy)
        out["nets"].append(net)
    out["train_acc"] = np.array(out["train_acc"])
    out["heldout_acc"] = np.array(out["heldout_acc"])
    return out


def cures(*, steps=3000, seed=0) -> dict:
    """A correct gradient with too large a learning rate, and candidate cures.

    The network is 2-50-2 with tanh hidden units and a linear (identity)
    output trained by MSE on the article's 50 points, with biases; every run
    starts from the same weights (``seed``). With ``lr=1`` the loss overflows
    within about a hundred steps. Returns ``{name: History}`` in a fixed
    order; the chapter on blow-ups measures which cures work.
    """
    X, Y, _, _ = data.article_xor()

    def run(lr, l2=0.0, l1=0.0, **kw):
        net = MLP([2, 50, 2], activation="tanh", output="identity", seed=seed, l2=l2, l1=l1)
        return train(net, X, Y, lr=lr, steps=steps, on_divergence="stop", **kw)

    return {
        "lr 1 (too large)": run(1.0),
        "lr 0.1": run(0.1),
        "lr 1, step decay x0.5 every 10": run(1.0, lr_schedule=StepDecay(0.5, every=10)),
        "lr 1, clip_norm 1": run(1.0, clip_norm=1.0),
        "lr 1, L2 1": run(1.0, l2=1.0),
        "lr 1, L1 1": run(1.0, l1=1.0),
        "lr 1, minibatch 10": run(1.0, batch_size=10, seed=seed),
        "lr 0.1, minibatch 10": run(0.1, batch_size=10, seed=seed),
    }
