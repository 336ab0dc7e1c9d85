"""Checks for the exercises of the chapter "The training loop"."""

from __future__ import annotations

import numpy as np

from .. import data
from ..network import MLP
from ..training import accuracy, train
from . import close, unanswered, verdict

#: Exercise 1: one step from MLP([2, 3, 2], seed=0) on XOR with this learning rate.
ONE_STEP_SEED, ONE_STEP_LR = 0, 0.5
#: Exercise 2: full-batch training from this seed, with this lr, until the loss is below THRESHOLD.
BELOW_SEED, BELOW_LR, BELOW_THRESHOLD, BELOW_MAX_STEPS = 1, 2.0, 0.1, 2000
#: Exercise 3: the untrained network drawn from this seed.
UNTRAINED_SEED = 5


def expected_one_step() -> np.ndarray:
    """W1 after one gradient-descent step (lr 0.5) of MLP([2, 3, 2], seed=0) on XOR."""
    X, y = data.xor()
    net = MLP([2, 3, 2], seed=ONE_STEP_SEED)
    train(net, X, y, lr=ONE_STEP_LR, steps=1)
    return net.params["W1"].copy()


def expected_steps_below() -> int:
    """Updates needed before the loss of MLP([2, 3, 2], seed=1) on XOR (lr 2.0) is below 0.1."""
    X, y = data.xor()
    hist = train(MLP([2, 3, 2], seed=BELOW_SEED), X, y, lr=BELOW_LR, steps=BELOW_MAX_STEPS)
    below = np.flatnonzero(hist.loss < BELOW_THRESHOLD)
    if below.size == 0:
        # Cannot happen with these settings; kept so that the check never raises.
        return -1
    return int(below[0])


def expected_untrained_accuracy() -> float:
    """Accuracy on the four XOR points of MLP([2, 3, 2], seed=5) before any training."""
    X, y = data.xor()
    return accuracy(MLP([2, 3, 2], seed=UNTRAINED_SEED), X, y)


def check_one_step(answer) -> bool:
    """Exercise 1: W1 after one step with lr = 0.5, starting from MLP([2, 3, 2], seed=0)."""
    if unanswered(answer):
        return False
    return verdict(close(answer, expected_one_step(), rtol=1e-12, atol=1e-14),
                   "take the gradient of the fresh network, then W1 - 0.5 * grads['W1'] "
                   "(a (2, 3) array; the learning rate is 0.5 here, not 2).")


def check_steps_below(answer) -> bool:
    """Exercise 2: the number of updates before the loss first drops below 0.1 (seed 1, lr 2.0)."""
    if unanswered(answer):
        return False
    ok = (isinstance(answer, (int, np.integer)) and not isinstance(answer, bool)
          and int(answer) == expected_steps_below())
    return verdict(ok, "history.loss[t] is the loss after t updates; find the first t with "
                       "history.loss[t] < 0.1, e.g. int(np.argmax(history.loss < 0.1)), "
                       "and answer with an integer.")


def check_untrained_accuracy(answer) -> bool:
    """Exercise 3: the accuracy of MLP([2, 3, 2], seed=5) on XOR before training."""
    if unanswered(answer):
        return False
    return verdict(close(answer, expected_untrained_accuracy()),
                   "use mc.accuracy(net, X, y) on a fresh network: a fraction between 0 and 1, "
                   "and with four points it can only be 0, 0.25, 0.5, 0.75 or 1.")
