"""Checks for the exercises of the chapter "Activations and losses"."""

from __future__ import annotations

import math

import numpy as np

from ..activations import HIDDEN
from ..losses import output_delta
from ..network import MLP
from . import close, unanswered, verdict


def check_tanh_derivative(answer) -> bool:
    """Exercise 1: the derivative of tanh at z = 0.5."""
    if unanswered(answer):
        return False
    f, derivative = HIDDEN["tanh"]
    expected = derivative(f(np.array(0.5)))
    return verdict(close(answer, expected), "tanh'(z) = 1 - tanh(z)**2; evaluate it at z = 0.5.")


def check_mse_delta(answer) -> bool:
    """Exercise 2: delta2 of sigmoid + MSE for z2 = [4, -4] and y = [0, 1] (N = 1)."""
    if unanswered(answer):
        return False
    expected = output_delta([[4.0, -4.0]], [[0.0, 1.0]], output="sigmoid", loss="mse")
    a = np.reshape(answer, (1, -1)) if np.size(answer) == 2 else answer
    return verdict(close(a, expected), "h2 = sigmoid(z2); delta2 = (h2 - y) * h2 * (1 - h2) with N = 1.")


def check_saturation_z(answer) -> bool:
    """Exercise 3: the z > 0 where the sigmoid's derivative falls to 0.01."""
    if unanswered(answer):
        return False
    h = (1.0 + math.sqrt(1.0 - 4 * 0.01)) / 2.0          # h (1 - h) = 0.01, the root above 1/2
    expected = math.log(h / (1.0 - h))                    # the z with sigmoid(z) = h
    return verdict(close(answer, expected, rtol=1e-3),
                   "solve h (1 - h) = 0.01 for h > 1/2, then z = log(h / (1 - h)).")
