"""Checks for the exercises of the chapter "When a correct gradient diverges".

Each check returns True or False after printing its verdict, and None
(after a "No answer yet" line) while the answer is still ``...``, so an
unanswered exercise shows no stray ``False`` on the page.
"""

from __future__ import annotations

import math

import numpy as np

from ..experiments import cure_run, depth_gradient_norms
from . import number, unanswered, verdict

#: The learning rates the exercise on the largest stable rate tries, smallest
#: first.
STABLE_LR_GRID = tuple(
    float(x) for x in np.round(np.arange(0.3, 0.75, 0.05), 2)
)

#: The exploding setting of the chapter: tanh layers, weights 4 times the
#: usual scale.
EXPLODING = ("tanh", 4.0)


def measured_depth_ratio(depth: int = 20) -> float:
    """``|dL/dW2| / |dL/dW_last|`` for the chapter's exploding setting, over
    seeds 0-4.

    The geometric mean over the five seeds of
    :func:`mlp_core.experiments.depth_gradient_norms` with ``depth`` hidden
    tanh layers and weights 4 times the usual scale: how much larger the
    gradient of the second layer (the first whose input is a tanh layer)
    is than the gradient of the output layer.
    """
    norms = depth_gradient_norms(*EXPLODING, depth=depth)
    return float(np.exp(np.mean(np.log(norms[:, 1] / norms[:, -1]))))


def check_depth_ratio(answer) -> bool | None:
    """Exercise 1: predict ``measured_depth_ratio(20)`` from the depth-10
    network; within a factor 5.
    """
    if unanswered(answer):
        return None
    value = number(answer)
    if value is None or not math.isfinite(value) or value <= 0:
        return verdict(
            False, "answer with one positive number, the predicted ratio."
        )
    actual = measured_depth_ratio(20)
    ok = abs(math.log(value / actual)) <= math.log(5.0)
    print(f"measured with 20 hidden layers: {actual:,.0f}")
    return verdict(
        ok,
        "multiply the growth factor per layer by itself once per layer "
        "between W2 and the output layer (19 times with 20 hidden layers).",
    )


def check_largest_stable_lr(answer) -> bool | None:
    """Exercise 2: the largest rate of STABLE_LR_GRID that trains cure_run's
    network for 1000 steps.
    """
    if unanswered(answer):
        return None
    stable = [
        lr for lr in STABLE_LR_GRID if not cure_run(lr, steps=1000).diverged
    ]
    expected = max(stable) if stable else None
    value = number(answer)
    ok = (
        expected is not None
        and value is not None
        and abs(value - expected) < 1e-9
    )
    return verdict(
        ok,
        "train experiments.cure_run(lr, steps=1000) for every rate of the "
        "grid and keep the largest whose history has diverged == False.",
    )
