"""Checks for the exercises of the chapter "The training loop".

Every check prints a short verdict. Before the reader has answered (the
cell still holds ``...``) it prints a reminder and returns None, so the
page shows no stray ``False``; afterwards it returns True or False.
"""

from __future__ import annotations

import numpy as np

from .. import data
from ..network import MLP
from ..training import train
from . import close, unanswered, verdict

#: Exercise 1: one step from MLP([2, 3, 2], seed=0) on XOR with this learning
#: rate.
ONE_STEP_SEED, ONE_STEP_LR = 0, 0.5
#: Exercise 2: full-batch training from this seed, with this lr, until the
#: loss is below THRESHOLD.
BELOW_SEED, BELOW_LR, BELOW_THRESHOLD, BELOW_MAX_STEPS = 1, 2.0, 0.1, 2000
#: Exercise 3: the reader's repaired loop is run from these settings and
#: compared with train.
LOOP_SEED, LOOP_LR, LOOP_STEPS = 3, 1.5, 50


def expected_one_step() -> np.ndarray:
    """W1 after one gradient-descent step (lr 0.5) of MLP([2, 3, 2], seed=0)
    on XOR.
    """
    X, y = data.xor()
    net = MLP([2, 3, 2], seed=ONE_STEP_SEED)
    train(net, X, y, lr=ONE_STEP_LR, steps=1)
    return net.params["W1"].copy()


def expected_steps_below() -> int:
    """Updates needed before the loss of MLP([2, 3, 2], seed=1) on XOR (lr
    2.0) is below 0.1.
    """
    X, y = data.xor()
    hist = train(
        MLP([2, 3, 2], seed=BELOW_SEED),
        X,
        y,
        lr=BELOW_LR,
        steps=BELOW_MAX_STEPS,
    )
    below = np.flatnonzero(hist.loss < BELOW_THRESHOLD)
    if below.size == 0:
        # Cannot happen with these settings; kept so that the check never
        # raises.
        return -1
    return int(below[0])


def buggy_train(net, X, y, lr, steps):
    """A hand-written training loop with one planted bug.

    It is meant to do what ``mc.train(net, X, y, lr=lr, steps=steps)``
    does and to return the loss before each update, like ``history.loss``.
    """
    losses = []
    for step in range(steps):
        L, g = net.loss_and_gradients(X, y)
        losses.append(L)
        for name, p in net.params.items():
            p = p - lr * g[name]
    return np.array(losses)


def check_one_step(answer) -> bool | None:
    """Exercise 1: W1 after one step with lr = 0.5, starting from MLP([2, 3,
    2], seed=0).
    """
    if unanswered(answer):
        return None
    return verdict(
        close(answer, expected_one_step(), rtol=1e-12, atol=1e-14),
        "take the gradient of the fresh network, then "
        "W1 - 0.5 * grads['W1'] (a (2, 3) array; the learning "
        "rate is 0.5 here, not 2).",
    )


def check_steps_below(answer) -> bool | None:
    """Exercise 2: the number of updates before the loss first drops below 0.1
    (seed 1, lr 2.0).
    """
    if unanswered(answer):
        return None
    ok = (
        isinstance(answer, (int, np.integer))
        and not isinstance(answer, bool)
        and int(answer) == expected_steps_below()
    )
    return verdict(
        ok,
        "history.loss[t] is the loss after t updates; find the "
        "first t with history.loss[t] < 0.1, e.g. "
        "int(np.argmax(history.loss < 0.1)), and answer with an integer.",
    )


def check_repaired_loop(answer) -> bool | None:
    """Exercise 3: a repaired ``buggy_train``, a function ``(net, X, y, lr,
    steps) -> losses``.

    The function is run on a fresh ``MLP([2, 3, 2], seed=3)`` on XOR with
    lr 1.5 for 50 steps; its losses must equal ``train``'s, and the network
    must end with the weights ``train`` gives it.
    """
    if unanswered(answer):
        return None
    if not callable(answer):
        return verdict(
            False,
            "answer with your repaired function itself "
            "(its name, without parentheses).",
        )
    X, y = data.xor()
    mine = MLP([2, 3, 2], seed=LOOP_SEED)
    ref = MLP([2, 3, 2], seed=LOOP_SEED)
    expected = train(ref, X, y, lr=LOOP_LR, steps=LOOP_STEPS).loss
    try:
        losses = answer(mine, X, y, LOOP_LR, LOOP_STEPS)
    except Exception as err:  # the reader's code: report, never raise
        return verdict(
            False, f"your function raised {type(err).__name__}: {err}"
        )
    moved = all(
        np.allclose(mine.params[k], ref.params[k], rtol=1e-12, atol=1e-15)
        for k in ref.params
    )
    if not moved:
        return verdict(
            False,
            "the network's weights did not end where mc.train "
            "puts them: does the update change the arrays "
            "in net.params, or only a local name?",
        )
    return verdict(
        close(losses, expected, rtol=1e-12, atol=1e-15),
        "the weights are right, but return the loss before each "
        "update, one number per step, like history.loss.",
    )
