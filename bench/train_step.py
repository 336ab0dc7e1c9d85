"""Microseconds per full-batch training step: mlp_core against a hand-written loop.

Both sides do the same math every step: forward pass (sigmoid hidden and
output layers, with biases), mean squared error, backpropagation, a
gradient-descent update, and the bookkeeping the book's plots need (loss
and accuracy per step). The hand-written loop is the fastest plain NumPy
we could write for that math; mlp_core adds per-layer gradient norms and
the divergence check. Run with `make bench` or `python bench/train_step.py`.

Targets: mlp_core at most 1.5x the hand-written loop on the small cases and
1.2x on the large one.
"""

from __future__ import annotations

import time

import numpy as np

import mlp_core as mc

CASES = [  # (hidden units, points, steps per timing, target ratio)
    (3, 4, 20000, 1.5),
    (50, 4, 20000, 1.5),
    (256, 10000, 40, 1.2),
]


def sigmoid(z):
    e = np.exp(-np.abs(z))
    r = 1.0 / (1.0 + e)
    return np.where(z >= 0, r, e * r)


def hand_written(X, Y, W1, b1, W2, b2, lr, steps):
    """The same math as mlp_core.train, written out for one architecture."""
    n = X.shape[0]
    labels = Y.argmax(axis=1)
    losses = np.empty(steps)
    accs = np.empty(steps)
    for t in range(steps):
        h1 = sigmoid(X @ W1 + b1)
        h2 = sigmoid(h1 @ W2 + b2)
        diff = h2 - Y
        losses[t] = np.vdot(diff, diff) / (2 * n)
        accs[t] = np.count_nonzero(h2.argmax(axis=1) == labels) / n
        d2 = diff / n * h2 * (1.0 - h2)
        gW2 = h1.T @ d2
        gb2 = d2.sum(axis=0)
        d1 = (d2 @ W2.T) * h1 * (1.0 - h1)
        gW1 = X.T @ d1
        gb1 = d1.sum(axis=0)
        W2 -= lr * gW2
        b2 -= lr * gb2
        W1 -= lr * gW1
        b1 -= lr * gb1
    return losses


def best_of(fn, repeats=5):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    print(f"{'hidden':>6} {'points':>7} {'hand (us/step)':>15} {'mlp_core (us/step)':>19} {'ratio':>6} {'target':>7}")
    ok = True
    for hidden, n, steps, target in CASES:
        X, Y = mc.data.noisy_xor(n, seed=0)
        net = mc.MLP([2, hidden, 2], seed=0)
        p = {k: v.copy() for k, v in net.params.items()}
        # Same starting point and same math: the losses must agree exactly.
        ref = hand_written(X, Y, *(p[k].copy() for k in ("W1", "b1", "W2", "b2")), 0.1, 5)
        chk = mc.train(net.copy(), X, Y, lr=0.1, steps=5).loss
        np.testing.assert_allclose(chk, ref, rtol=1e-12)

        def run_hand():
            hand_written(X, Y, *(p[k].copy() for k in ("W1", "b1", "W2", "b2")), 0.1, steps)

        def run_core():
            mc.train(net.copy(), X, Y, lr=0.1, steps=steps)

        t_hand = best_of(run_hand) / steps * 1e6
        t_core = best_of(run_core) / steps * 1e6
        ratio = t_core / t_hand
        ok &= ratio <= target
        print(f"{hidden:>6} {n:>7} {t_hand:>15.1f} {t_core:>19.1f} {ratio:>6.2f} {target:>7.1f}")
    print("all targets met" if ok else "some targets missed")


if __name__ == "__main__":
    main()
