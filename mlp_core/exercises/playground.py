"""Checks for the exercise of the chapter "Playground".

A check called before an answer exists prints a reminder and returns None.
"""

from __future__ import annotations

import numpy as np

from .. import data
from ..network import MLP
from ..training import accuracy, train
from . import unanswered, verdict

#: The choices of the prediction exercise: accuracy of a network without a
#: hidden layer.
CHOICES = {"a": 0.5, "b": 0.75, "c": 1.0}
SEEDS = range(5)


def linear_circles_accuracy(seeds=SEEDS) -> np.ndarray:
    """Training accuracy of a 2-2 softmax network (no hidden layer) on
    circles, per seed.

    Inputs x1 and x2 only, 200 points with noise 0.1, 2000 full-batch steps
    at lr 0.5: the best a single straight cut can do on two concentric rings.
    """
    out = []
    for seed in seeds:
        X, Y = data.circles(200, noise=0.1, seed=seed)
        net = MLP([2, 2], output="softmax", loss="cross_entropy", seed=seed)
        train(net, X, Y, lr=0.5, steps=2000)
        out.append(accuracy(net, X, Y))
    return np.array(out)


def check_linear_circles(answer):
    """The letter of the choice nearest to the measured accuracy (mean over 5
    seeds).
    """
    if unanswered(answer):
        return None
    measured = float(linear_circles_accuracy().mean())
    right = min(CHOICES, key=lambda k: abs(CHOICES[k] - measured))
    given = answer.strip().lower() if isinstance(answer, str) else None
    if given not in CHOICES:
        return verdict(
            False, 'answer with one of the letters "a", "b" or "c"'
        )
    return verdict(
        given == right, "a straight cut leaves one ring on both of its sides"
    )
