"""Checks for the exercises of the chapter "Capacity: 3 versus 50 hidden
units".

The chapter trains with ``SETTINGS`` (learning rate, steps) at the seeds
``SEEDS``; the checks re-run the same experiments from
:mod:`mlp_core.experiments`, so they agree with the chapter's numbers
without hard-coding them. A check called before an answer exists prints a
reminder and returns None.
"""

from __future__ import annotations

import numpy as np

from .. import data, experiments
from ..training import accuracy
from . import number as _number, unanswered, verdict

#: The training settings the chapter uses for every network.
SETTINGS = {"lr": 5.0, "steps": 3000}
#: The seeds of the initial weights the chapter compares over.
SEEDS = tuple(range(6))
#: The hidden sizes of the chapter's sweep.
SIZES = (1, 2, 3, 5, 10, 50)
#: How often (in steps) the chapter measures the held-out set.
RECORD_EVERY = 20


def early_stopping_step(sweep, i):
    """The step whose weights early stopping keeps, for network ``i``.

    ``sweep`` is a result of ``experiments.capacity(...,
    record_every=...)``. This helper was written by a colleague and has
    a planted bug (exercise 2 of the chapter asks you to find it).
    """
    losses = sweep["loss"][i]
    return int(np.argmin(losses))


def check_more_data_rise(answer):
    """Exercise 1: the held-out loss rise of the 2-50-2 network on 50 and 400
    points.

    ``answer`` is a pair ``(rise with 50 points, rise with 400 points)``,
    each ``final / minimum - 1`` of the held-out loss curve, seed 0.
    """
    if unanswered(answer):
        return None
    r = experiments.training_set_size(
        (50, 400), hidden=50, seed=0, record_every=RECORD_EVERY, **SETTINGS
    )
    expected = [experiments.loss_rise(c) for c in r["heldout_loss"]]
    try:
        given = [float(a) for a in answer]
    except (TypeError, ValueError):
        given = None
    ok = (
        given is not None
        and len(given) == 2
        and bool(np.allclose(given, expected, rtol=1e-6, atol=1e-9))
    )
    return verdict(
        ok,
        (
            "apply experiments.loss_rise to each curve of "
            "r['heldout_loss'] and answer with the pair (50 points "
            "first, then 400)."
        ),
    )


def check_early_stopping_step(answer):
    """Exercise 2: the corrected early-stopping step of the 10-unit network,
    seed 0.
    """
    if unanswered(answer):
        return None
    r = experiments.capacity(
        SIZES, seed=0, record_every=RECORD_EVERY, **SETTINGS
    )
    i = SIZES.index(10)
    expected = int(r["record_steps"][int(np.argmin(r["heldout_loss"][i]))])
    value = _number(answer)
    if value is not None and value == early_stopping_step(r, i):
        return verdict(
            False,
            (
                "that is what the buggy helper returns: which loss "
                "should early stopping watch?"
            ),
        )
    return verdict(
        value is not None and value == expected,
        (
            "take np.argmin of sweep['heldout_loss'][i] and turn the "
            "position into a step with sweep['record_steps']."
        ),
    )


def heldout_noise(n_sets: int = 80, set_size: int = 250):
    """Accuracies of the chapter's 2-10-2 network (seed 0) on fresh sets of
    points.

    Trains the 10-unit network of the chapter's sweep, then scores it on
    ``n_sets`` disjoint sets of ``set_size`` points drawn by the article's
    generator after its first 300 points (so never trained on, and not the
    chapter's 250 held-out points). Returns the array of accuracies.
    """
    from .. import _validate as v

    n_sets = v.check_int(n_sets, "n_sets", minimum=2)
    set_size = v.check_int(set_size, "set_size", minimum=1)
    r = experiments.capacity((10,), seed=0, **SETTINGS)
    _, _, X_new, Y_new = data.article_xor(
        300 + n_sets * set_size, n_train=300
    )
    return np.array(
        [
            accuracy(
                r["nets"][0],
                X_new[k * set_size : (k + 1) * set_size],
                Y_new[k * set_size : (k + 1) * set_size],
            )
            for k in range(n_sets)
        ]
    )


def check_heldout_noise(answer):
    """Exercise 3: a prediction of how much an accuracy on 250 points varies.

    ``answer`` is the predicted standard deviation of the accuracy over
    sets of 250 new points. The check measures it on the 80 sets of
    :func:`heldout_noise` and accepts a prediction within 25% of the
    measured value.
    """
    if unanswered(answer):
        return None
    measured = float(np.std(heldout_noise(), ddof=1))
    value = _number(answer)
    print(f"measured over 80 sets of 250 points: {measured:.4f}")
    return verdict(
        value is not None and abs(value - measured) <= 0.25 * measured,
        (
            "each of the 250 points is right with probability p (about "
            "0.85), so the count of right answers has variance "
            "250 p (1 - p); the accuracy is that count divided by 250."
        ),
    )
