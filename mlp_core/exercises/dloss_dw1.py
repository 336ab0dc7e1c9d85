"""Checks for the exercises of the chapter "dLoss/dW1"."""

from __future__ import annotations

import numpy as np

from .. import data
from ..network import MLP
from . import close, unanswered, verdict


def check_delta1_other_label(answer) -> bool:
    """Exercise 1: delta1 = dL/dz1 (a (1, 3) row) for the worked example with the label [0, 1].

    The expected row comes from mlp_core without writing the chain out again:
    in a network with biases, dL/db1 is delta1 summed over the rows, so the
    same network with zero biases and one observation gives delta1 itself.
    """
    if unanswered(answer):
        return False
    X, _, W1, W2 = data.worked_example()
    zero_biases = [np.zeros(W1.shape[1]), np.zeros(W2.shape[1])]
    expected = MLP.from_weights([W1, W2], zero_biases).gradients(X, np.array([[0.0, 1.0]]))["b1"][None, :]
    try:
        if np.size(answer) == 3:
            answer = np.reshape(np.asarray(answer, dtype=np.float64), (1, 3))
    except (TypeError, ValueError):
        pass
    return verdict(close(answer, expected),
                   "only dL/dh2 = (h2 - y)/N changes; delta1 = (delta2 @ W2.T) * h1 * (1 - h1).")


def check_gradient_w1_with_l2(answer) -> bool:
    """Exercise 2: dL/dW1 for the worked example with l2 = 0.5."""
    if unanswered(answer):
        return False
    X, y, W1, W2 = data.worked_example()
    expected = MLP.from_weights([W1, W2], l2=0.5).gradients(X, y)["W1"]
    return verdict(close(answer, expected),
                   "X.T @ delta1 is the data term; the penalty adds l2 * W1 / N (N = 1 here), a (2, 3) matrix.")


def check_finite_difference_cost(answer) -> bool:
    """Exercise 3: loss evaluations of an order-2 finite-difference gradient of a 2-100-2 network with biases."""
    if unanswered(answer):
        return False
    n_params = sum(p.size for p in MLP([2, 100, 2], bias=True, seed=0).params.values())
    expected = 2 * n_params
    is_number = isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(answer, bool)
    ok = is_number and float(answer) == expected
    return verdict(ok, "count the entries of W1, b1, W2 and b2; each parameter needs two losses, "
                       "one nudged up and one nudged down.")
