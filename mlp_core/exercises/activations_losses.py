"""Checks for the exercises of the chapter "Activations and losses".

A check called before an answer exists prints a reminder and returns None.
"""

from __future__ import annotations

import math
import numpy as np

from .. import data
from ..activations import (
    relu,
    relu_derivative,
    sigmoid,
    tanh,
    tanh_derivative,
)
from ..experiments import confident_start
from ..losses import output_delta
from ..training import train
from . import close, number as _number, unanswered, verdict


def _sigmoid_slope(h):
    """The sigmoid's derivative, meant to be called with the output h =
    sigmoid(z).
    """
    s = sigmoid(h)
    return s * (1.0 - s)


#: Exercise 1: a copy of ``mlp_core.activations.HIDDEN`` (name -> (f,
#: derivative
#: from the output h = f(z))) in which one derivative has a planted bug.
SUSPECT_HIDDEN = {
    "sigmoid": (sigmoid, _sigmoid_slope),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
}


def _fails_centred_difference(f, derivative) -> bool:
    z = np.linspace(-6, 6, 400)  # an even number of points: never exactly 0
    eps = 1e-6
    numeric = (f(z + eps) - f(z - eps)) / (2 * eps)
    return not np.allclose(derivative(f(z)), numeric, atol=1e-8)


def check_planted_derivative(answer):
    """Exercise 1: the name of the activation in SUSPECT_HIDDEN whose
    derivative is wrong.
    """
    if unanswered(answer):
        return None
    expected = {
        name
        for name, pair in SUSPECT_HIDDEN.items()
        if _fails_centred_difference(*pair)
    }
    ok = isinstance(answer, str) and {answer.strip().lower()} == expected
    return verdict(
        ok,
        (
            "run the chapter's centred-difference check over "
            "SUSPECT_HIDDEN instead of mc.activations.HIDDEN and answer "
            "with the name (a string) of the pair that fails."
        ),
    )


def check_mse_delta(answer):
    """Exercise 2: delta2 of sigmoid + MSE for z2 = [4, -4] and y = [0, 1] (N
    = 1).
    """
    if unanswered(answer):
        return None
    expected = output_delta(
        [[4.0, -4.0]], [[0.0, 1.0]], output="sigmoid", loss="mse"
    )
    a = np.reshape(answer, (1, -1)) if np.size(answer) == 2 else answer
    return verdict(
        close(a, expected),
        ("h2 = sigmoid(z2); delta2 = (h2 - y) * h2 * (1 - h2) with N = 1."),
    )


def check_saturation_z(answer):
    """Exercise 3: the z > 0 where the sigmoid's derivative falls to 0.01."""
    if unanswered(answer):
        return None
    h = (
        1.0 + math.sqrt(1.0 - 4 * 0.01)
    ) / 2.0  # h (1 - h) = 0.01, the root above 1/2
    expected = math.log(h / (1.0 - h))  # the z with sigmoid(z) = h
    return verdict(
        close(answer, expected, rtol=1e-3),
        ("solve h (1 - h) = 0.01 for h > 1/2, then z = log(h / (1 - h))."),
    )


def check_bce_first_gradient(answer):
    """Exercise 4: the first gradient norm of sigmoid + binary cross-entropy
    from b2 = [12, -12].
    """
    if unanswered(answer):
        return None
    X, Y, _, _ = data.article_xor()
    net = confident_start("sigmoid", "cross_entropy")
    expected = float(train(net, X, Y, lr=1.0, steps=1).grad_norm[0])
    value = _number(answer)
    # Within 1%: the solution quotes the value to three digits.
    return verdict(
        value is not None and abs(value - expected) <= 1e-2 * expected,
        (
            "build the network with b2 = [12, -12] (seed 0), then "
            "mc.train(net, X, Y, lr=1.0, steps=1).grad_norm[0]."
        ),
    )
