"""Checks for the exercises of the chapter "When training blows up" (the
article's bug).

Each check returns True or False after printing its verdict, and None
(after a "No answer yet" line) while the answer is still ``...``, so an
unanswered exercise shows no stray ``False`` on the page.
"""

from __future__ import annotations

import numpy as np

from ..article import article_weights, blowup_time
from ..experiments import article_blowup
from . import unanswered, verdict


def _whole_number(answer):
    """``answer`` as an int when it is a whole number (3824 or 3824.0), else
    None.
    """
    try:
        value = float(answer)
    except (TypeError, ValueError):
        return None
    if (
        not np.isfinite(value)
        or value != round(value)
        or isinstance(answer, bool)
    ):
        return None
    return int(round(value))


def check_blowup_step(answer) -> bool | None:
    """Exercise 1: the step at which the article's code blows up with lr =
    0.012.

    The reader predicts it from the article's run without training; we
    train (about 26 000 steps) and accept a prediction within 1%.
    """
    if unanswered(answer):
        return None
    step = _whole_number(answer)
    if step is None:
        return verdict(
            False,
            "answer with a whole number of steps, e.g. int(round(...)).",
        )
    actual = article_blowup(lr=0.012, steps=40_000)["diverged_at"]
    return verdict(
        actual is not None and abs(step - actual) <= 0.01 * actual,
        "the blow-up comes at the same lr x step; divide the article's "
        "lr x diverged_at by 0.012.",
    )


def check_penalty_only_blowup(answer) -> bool | None:
    """Exercise 2: with the 1/N fixed and lambda = 3e-4, at which step (lr
    0.03) does the code blow up?

    The reader predicts it with :func:`mlp_core.article.blowup_time`; we
    train and accept a prediction within 3% of the measured step.
    """
    if unanswered(answer):
        return None
    step = _whole_number(answer)
    if step is None:
        return verdict(
            False,
            "answer with a whole number of steps, e.g. int(round(...)).",
        )
    predicted = blowup_time(article_weights(50)[0], 3e-4) / 0.03
    actual = article_blowup(
        lr=0.03, l2=3e-4, drop_1_over_n=False, steps=int(2 * predicted)
    )["diverged_at"]
    return verdict(
        actual is not None and abs(step - actual) <= 0.03 * actual,
        "article.blowup_time(W1_start, 3e-4) gives the time T = lr x step; "
        "divide it by lr = 0.03.",
    )
