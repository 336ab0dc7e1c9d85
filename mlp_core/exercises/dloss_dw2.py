"""Checks for the exercises of the chapter "dLoss/dW2"."""

from __future__ import annotations

import numpy as np

from .. import data
from ..activations import sigmoid_derivative
from ..network import MLP
from . import close, unanswered, verdict


def check_dh2_dz2(answer) -> bool:
    """Exercise 1: the factor dh2/dz2 for the worked example."""
    if unanswered(answer):
        return False
    X, _, W1, W2 = data.worked_example()
    h2 = MLP.from_weights([W1, W2]).forward(X)["h2"]
    return verdict(close(np.reshape(answer, (1, -1)) if np.size(answer) == 2 else answer, sigmoid_derivative(h2)),
                   "the sigmoid's derivative is h2 * (1 - h2), entry by entry.")


def check_gradient_with_l2(answer) -> bool:
    """Exercise 2: dL/dW2 for the worked example with l2 = 0.5."""
    if unanswered(answer):
        return False
    X, y, W1, W2 = data.worked_example()
    expected = MLP.from_weights([W1, W2], l2=0.5).gradients(X, y)["W2"]
    return verdict(close(answer, expected), "start from the unregularized gradient and add l2 * W2 / N (N = 1 here).")


def check_largest_entry(answer) -> bool:
    """Exercise 3: (row, column) of the entry of dL/dW2 with the largest magnitude (no penalty)."""
    if unanswered(answer):
        return False
    X, y, W1, W2 = data.worked_example()
    g = MLP.from_weights([W1, W2]).gradients(X, y)["W2"]
    expected = tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(g)), g.shape))
    ok = isinstance(answer, tuple) and tuple(int(a) for a in answer) == expected
    return verdict(ok, "np.unravel_index(np.argmax(np.abs(g)), g.shape) gives (row, column).")
