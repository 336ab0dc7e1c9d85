"""Checks for the exercises of the chapter "Biases".

A check called before an answer exists prints a reminder and returns None.
"""

from __future__ import annotations

import numpy as np

from .. import data
from ..activations import sigmoid
from ..network import MLP
from ..training import accuracy, train
from . import number as _number, unanswered, verdict


def _score(net: MLP, points) -> np.ndarray:
    """d(x) = z2[:, 1] - z2[:, 0]: positive where the network predicts class
    1.
    """
    z2 = net.forward(points)[f"z{net.n_layers}"]
    return z2[:, 1] - z2[:, 0]


def check_constant(answer):
    """Exercise 1: d(x) + d(-x) for the bias-free network with the worked
    example's weights.
    """
    if unanswered(answer):
        return None
    _, _, W1, W2 = data.worked_example()
    net = MLP.from_weights([W1, W2])
    points = np.random.default_rng(1).normal(size=(20, 2))
    sums = _score(net, points) + _score(net, -points)
    expected = float(sums.mean())
    value = _number(answer)
    ok = value is not None and bool(
        np.isclose(value, expected, rtol=1e-9, atol=1e-12)
    )
    return verdict(
        ok,
        (
            "the constant is the sum over the hidden units of "
            "W2[j, 1] - W2[j, 0] in code (twice d at the origin, where "
            "every hidden unit outputs 1/2)."
        ),
    )


# Three forward steps for a 2-H-2 sigmoid network with biases, each returning
# z2.
# Exercise 2: two of them have a planted bug. (mlp_core's own forward step is
# MLP._forward; these exist only for the exercise.)


def forward_a(net: MLP, X):
    """Forward step A: returns z2 for the rows of ``X``."""
    W1, b1, W2, b2 = (net.params[k] for k in ("W1", "b1", "W2", "b2"))
    h1 = sigmoid(X @ W1) + b1
    return h1 @ W2 + b2


def forward_b(net: MLP, X):
    """Forward step B: returns z2 for the rows of ``X``."""
    W1, b1, W2, b2 = (net.params[k] for k in ("W1", "b1", "W2", "b2"))
    h1 = sigmoid(X @ W1 + b1)
    return h1 @ W2 + b2


def forward_c(net: MLP, X):
    """Forward step C: returns z2 for the rows of ``X``."""
    W1, b1, W2, b2 = (net.params[k] for k in ("W1", "b1", "W2", "b2"))
    h1 = sigmoid(X @ W1)
    return h1 @ W2 + b2


#: The three suspects of exercise 2, by letter.
FORWARD_STEPS = {"A": forward_a, "B": forward_b, "C": forward_c}


def _keeps_symmetry(forward, net: MLP, points) -> bool:
    """True when d(x) + d(-x) is one number for every point, as without
    biases.
    """
    z, zm = forward(net, points), forward(net, -points)
    sums = (z[:, 1] - z[:, 0]) + (zm[:, 1] - zm[:, 0])
    return bool(np.ptp(sums) < 1e-9 * max(1.0, float(np.abs(sums).max())))


def check_symmetric_forward(answer):
    """Exercise 2: the letters of the forward steps whose network keeps the
    mirror symmetry.
    """
    if unanswered(answer):
        return None
    X, Y, _, _ = data.article_xor()
    net = MLP([2, 50, 2], seed=0)
    train(net, X, Y, lr=20.0, steps=1500)
    points = np.random.default_rng(2).normal(size=(200, 2))
    expected = {
        k for k, f in FORWARD_STEPS.items() if _keeps_symmetry(f, net, points)
    }
    if isinstance(answer, str):
        answer = [answer]
    try:
        given = {str(a).strip().upper() for a in answer}
    except TypeError:
        given = None
    return verdict(
        given == expected,
        (
            "for each letter, compute d = z2[:, 1] - z2[:, 0] from "
            "FORWARD_STEPS[letter] at P and at -P; where d(P) + d(-P) is one "
            "number (np.ptp close to 0), the biases do not break the "
            "symmetry. Answer with a set of letters."
        ),
    )


def check_tanh_mirror(answer):
    """Exercise 3: accuracy of a bias-free tanh network on the mirrored
    training set.
    """
    if unanswered(answer):
        return None
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
    return verdict(
        consistent and value is not None and abs(value - expected) < 1e-9,
        (
            "with tanh, h1(-x) = -h1(x) exactly, so d(-x) = -d(x): the "
            "constant is 0 and every mirrored pair gets one right and one "
            "wrong answer."
        ),
    )
