"""Checks for the exercises of the chapter "The loss"."""

from __future__ import annotations

import numpy as np

from .. import data
from ..network import MLP
from . import close, unanswered, verdict


def check_loss_with_l2(answer) -> bool:
    """Exercise 1: the worked example's loss with l2 = 0.1 (N = 1)."""
    if unanswered(answer):
        return False
    X, y, W1, W2 = data.worked_example()
    expected = MLP.from_weights([W1, W2], l2=0.1).loss(X, y)
    return verdict(close(answer, expected, rtol=1e-8),
                   "add l2/(2N) times the sum of the squares of every entry of W1 and W2 to the plain loss.")


def check_perfect_prediction(answer) -> bool:
    """Exercise 2: the data term when h2 equals y exactly."""
    if unanswered(answer):
        return False
    _, y, _, _ = data.worked_example()
    from ..losses import mse

    return verdict(close(answer, mse(y, y)), "if every prediction equals its label, every squared difference is 0.")


def check_cross_entropy(answer) -> bool:
    """Exercise 3: categorical cross-entropy of the prediction [0.2, 0.8] for the label [0, 1]."""
    if unanswered(answer):
        return False
    from ..losses import categorical_cross_entropy

    p = np.array([[0.2, 0.8]])
    expected = categorical_cross_entropy(np.log(p), np.array([[0.0, 1.0]]))
    return verdict(close(answer, expected, rtol=1e-8), "cross-entropy is minus the log of the probability of the true class.")
