"""Checks for the exercises of the chapter "The forward step"."""

from __future__ import annotations

import numpy as np

from .. import data
from ..network import MLP
from . import close, unanswered, verdict


def _worked_net() -> MLP:
    _, _, W1, W2 = data.worked_example()
    return MLP.from_weights([W1, W2])


def check_h1(answer) -> bool:
    """Exercise 1: h1 for the input x = [1, -1] with the worked example's W1."""
    if unanswered(answer):
        return False
    expected = _worked_net().forward(np.array([[1.0, -1.0]]))["h1"]
    return verdict(close(np.reshape(answer, (1, -1)) if np.size(answer) == 3 else answer, expected),
                   "compute z1 = x @ W1 first, then apply the sigmoid to each entry; h1 has 3 numbers.")


def check_z1_shape(answer) -> bool:
    """Exercise 2: the shape of z1 for a batch of 5 observations in the 2-3-2 network."""
    if unanswered(answer):
        return False
    expected = _worked_net().forward(np.zeros((5, 2)))["z1"].shape
    ok = isinstance(answer, tuple) and tuple(answer) == expected
    return verdict(ok, "one row per observation, one column per hidden unit; give a tuple like (rows, columns).")


def check_zero_weights(answer) -> bool:
    """Exercise 3: h2 for the worked example's X when every weight is zero."""
    if unanswered(answer):
        return False
    X = data.worked_example()[0]
    expected = MLP.from_weights([np.zeros((2, 3)), np.zeros((3, 2))]).predict(X)
    return verdict(close(np.reshape(answer, (1, -1)) if np.size(answer) == 2 else answer, expected),
                   "with zero weights every z is 0; what is the sigmoid of 0?")
