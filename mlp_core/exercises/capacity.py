"""Checks for the exercises of the chapter "Capacity: 3 versus 50 hidden units".

The chapter trains with ``SETTINGS`` (learning rate, steps, seed); the checks
re-run the same experiments from :mod:`mlp_core.experiments`, so they agree
with the chapter's numbers without hard-coding them.
"""

from __future__ import annotations

import numpy as np

from .. import experiments
from . import number as _number, unanswered, verdict

#: The training settings the chapter uses for every network.
SETTINGS = {"lr": 5.0, "steps": 3000, "seed": 0}
#: The hidden sizes of the chapter's sweep.
SIZES = (1, 2, 3, 5, 10, 50)
#: How often (in steps) the chapter measures the held-out set.
RECORD_EVERY = 20


def check_gap(answer) -> bool:
    """Exercise 1: training accuracy minus held-out accuracy of the 50-unit network."""
    if unanswered(answer):
        return False
    r = experiments.capacity((50,), **SETTINGS)
    expected = float(r["train_acc"][0] - r["heldout_acc"][0])
    value = _number(answer)
    return verdict(value is not None and abs(value - expected) < 1e-9,
                   "subtract: sweep['train_acc'][i] - sweep['heldout_acc'][i], with i the "
                   "position of 50 in sweep['hidden'] (a fraction, not a percentage).")


def check_smallest_perfect(answer) -> bool:
    """Exercise 2: the smallest hidden size of the sweep with 100% training accuracy."""
    if unanswered(answer):
        return False
    r = experiments.capacity(SIZES, **SETTINGS)
    perfect = r["hidden"][r["train_acc"] == 1.0]
    expected = int(perfect.min()) if perfect.size else None
    value = _number(answer)
    return verdict(expected is not None and value is not None and value == expected,
                   "look for the first entry of sweep['train_acc'] equal to 1.0 and read "
                   "the matching entry of sweep['hidden'].")


def check_early_stop(answer) -> bool:
    """Exercise 3: the recorded step where the 50-unit network's held-out loss is lowest."""
    if unanswered(answer):
        return False
    r = experiments.capacity((50,), record_every=RECORD_EVERY, **SETTINGS)
    expected = int(r["record_steps"][int(np.argmin(r["heldout_loss"][0]))])
    value = _number(answer)
    return verdict(value is not None and value == expected,
                   "np.argmin of the held-out loss gives a position; sweep['record_steps'] "
                   "turns it into a step number.")
