"""Checks for the exercises of the chapter "Biases"."""

from __future__ import annotations

import numpy as np

from .. import data
from ..network import MLP
from ..training import accuracy, train
from . import number as _number, unanswered, verdict


def _score(net: MLP, points) -> np.ndarray:
    """d(x) = z2[:, 1] - z2[:, 0]: positive where the network predicts class 1."""
    z2 = net.forward(points)[f"z{net.n_layers}"]
    return z2[:, 1] - z2[:, 0]


def check_constant(answer) -> bool:
    """Exercise 1: d(x) + d(-x) for the bias-free network with the worked example's weights."""
    if unanswered(answer):
        return False
    _, _, W1, W2 = data.worked_example()
    net = MLP.from_weights([W1, W2])
    points = np.random.default_rng(1).normal(size=(20, 2))
    sums = _score(net, points) + _score(net, -points)
    expected = float(sums.mean())
    value = _number(answer)
    return verdict(value is not None and bool(np.isclose(value, expected, rtol=1e-9, atol=1e-12)),
                   "the constant is the sum over hidden units of W2[j, 1] - W2[j, 0] "
                   "(twice d at the origin, where every hidden unit outputs 1/2).")


def check_heldout_bound(answer) -> bool:
    """Exercise 2: the best accuracy a bias-free sigmoid net can reach on the mirrored held-out set."""
    if unanswered(answer):
        return False
    _, _, X_rest, Y_rest = data.article_xor()
    _, Ym = data.mirrored(X_rest, Y_rest)
    expected = 1.0 - float(Ym.mean(axis=0).min()) / 2.0
    value = _number(answer)
    return verdict(value is not None and abs(value - expected) < 1e-9,
                   "the disfavoured class loses at least one point of every mirrored pair, and "
                   "at best exactly one: the bound is 1 - (its fraction) / 2, and the network can "
                   "choose which class to disfavour.")


def check_tanh_mirror(answer) -> bool:
    """Exercise 3: accuracy of a bias-free tanh network on the mirrored training set."""
    if unanswered(answer):
        return False
    X, Y, _, _ = data.article_xor()
    Xm, Ym = data.mirrored(X, Y)
    measured = []
    for seed in (0, 1):
        net = MLP([2, 50, 2], activation="tanh", bias=False, seed=seed)
        measured.append(accuracy(net, Xm, Ym))
        train(net, X, Y, lr=1.0, steps=200)
        measured.append(accuracy(net, Xm, Ym))
    expected = measured[0]
    consistent = all(m == expected for m in measured)
    value = _number(answer)
    return verdict(consistent and value is not None and abs(value - expected) < 1e-9,
                   "with tanh, h1(-x) = -h1(x) exactly, so d(-x) = -d(x): the constant is 0 and "
                   "every mirrored pair gets one right and one wrong answer.")
