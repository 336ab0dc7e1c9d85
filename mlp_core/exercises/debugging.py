"""Checks for the exercises of the chapter "Debugging a network: a checklist"."""

from __future__ import annotations

import numpy as np

from .. import data
from ..diagnostics import dead_relu_fraction, handwritten_gradients
from ..gradcheck import gradient_check
from ..network import MLP
from ..training import train
from . import close, unanswered, verdict


def check_flagged_parameters(answer) -> bool:
    """Exercise 1: the parameters a gradient check flags for the "forgot the sigmoid derivative"
    bug on a bias-free 2-3-2 network (seed 0, the article's 50 points)."""
    if unanswered(answer):
        return False
    X, Y, _, _ = data.article_xor()
    net = MLP([2, 3, 2], bias=False, seed=0)
    bad = handwritten_gradients(net, X, Y, bug="forgot_sigmoid_derivative")
    report = gradient_check(net, X, Y, gradients=bad)
    expected = {k for k, err in report.items() if err > 1e-3}
    try:
        given = {str(a) for a in answer}
    except TypeError:
        given = None
    return verdict(given == expected,
                   "run mc.gradient_check(net, X, Y, gradients=...) and keep the keys whose error is "
                   "far above 1e-6 (a network without biases has no b1, b2).")


def check_divergence_step(answer) -> bool:
    """Exercise 2: the step at which the 2-10-2 tanh network with a linear output diverges at lr = 3."""
    if unanswered(answer):
        return False
    X, Y, _, _ = data.article_xor()
    net = MLP([2, 10, 2], activation="tanh", output="identity", seed=0)
    expected = train(net, X, Y, lr=3.0, steps=500, on_divergence="stop").diverged_at
    ok = isinstance(answer, (int, np.integer)) and not isinstance(answer, bool) and int(answer) == expected
    return verdict(ok, 'train with on_divergence="stop" and read history.diverged_at.')


def check_dead_fraction(answer) -> bool:
    """Exercise 3: the dead fraction of a 2-8-2 ReLU network whose biases b1 are all -1."""
    if unanswered(answer):
        return False
    X, _, _, _ = data.article_xor()
    net = MLP([2, 8, 2], activation="relu", seed=0)
    net.params["b1"][:] = -1.0
    expected = dead_relu_fraction(net, X)
    a = np.reshape(answer, (1,)) if np.size(answer) == 1 else answer
    return verdict(close(a, expected), "use diagnostics.dead_relu_fraction(net, X) after setting the biases.")
