"""Checks for the exercises of the chapter "The forward step".

Every check prints a short verdict. Before the reader has answered (the
cell still holds ``...``) it prints a reminder and returns None, so the
page shows no stray ``False``; afterwards it returns True or False.
"""

from __future__ import annotations

import numpy as np

from .. import data
from ..network import MLP
from . import close, unanswered, verdict

#: The order in which the forward step computes its arrays.
STAGES = ("z1", "h1", "z2", "h2")


def _worked_net() -> MLP:
    _, _, W1, W2 = data.worked_example()
    return MLP.from_weights([W1, W2])


def _as_row(answer, width: int):
    """A 1-D answer of the right length as a (1, width) row; anything else
    unchanged.
    """
    try:
        a = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return answer
    return a.reshape(1, width) if a.shape == (width,) else a


def check_h1(answer) -> bool | None:
    """Exercise 1: h1 for the input x = [1, -1] with the worked example's W1.
    """
    if unanswered(answer):
        return None
    expected = _worked_net().forward(np.array([[1.0, -1.0]]))["h1"]
    return verdict(
        close(_as_row(answer, 3), expected),
        "compute z1 = x @ W1 first, then apply the sigmoid to each "
        "entry; h1 has 3 numbers.",
    )


def buggy_forward(X, W1, W2) -> dict:
    """A forward step of the bias-free sigmoid network, with one planted bug.

    It is meant to return the same four arrays as ``MLP.forward``:
    ``z1 = X @ W1``, ``h1 = sigmoid(z1)``, ``z2 = h1 @ W2`` and
    ``h2 = sigmoid(z2)``, where ``sigmoid(z) = 1 / (1 + exp(-z))``.
    """
    z1 = X @ W1
    h1 = 1.0 / (1.0 + np.exp(z1))
    z2 = h1 @ W2
    h2 = 1.0 / (1.0 + np.exp(-z2))
    return {"z1": z1, "h1": h1, "z2": z2, "h2": h2}


def first_wrong_stage() -> str:
    """The first array of :func:`buggy_forward` that differs from
    ``MLP.forward``.

    Computed on the worked example, comparing z1, h1, z2 and h2 in the
    order the forward step computes them.
    """
    X, _, W1, W2 = data.worked_example()
    right = MLP.from_weights([W1, W2]).forward(X)
    wrong = buggy_forward(X, W1, W2)
    for name in STAGES:
        if not np.allclose(wrong[name], right[name], rtol=1e-12, atol=0):
            return name
    raise AssertionError("buggy_forward has lost its bug")  # pragma: no cover


def check_first_wrong(answer) -> bool | None:
    """Exercise 2: the name of the first wrong array of ``buggy_forward``."""
    if unanswered(answer):
        return None
    ok = (
        isinstance(answer, str)
        and answer.strip().lower() == first_wrong_stage()
    )
    return verdict(
        ok,
        "answer with one of the strings 'z1', 'h1', 'z2', 'h2': "
        "compare buggy_forward(X, W1, W2)[name] with "
        "cache[name] in the order the step computes them.",
    )


def check_zero_weights(answer) -> bool | None:
    """Exercise 3: h2 for the worked example's X when every weight is zero."""
    if unanswered(answer):
        return None
    X = data.worked_example()[0]
    zero = MLP.from_weights([np.zeros((2, 3)), np.zeros((3, 2))])
    return verdict(
        close(_as_row(answer, 2), zero.predict(X)),
        "with zero weights every z is 0; what is the sigmoid of 0?",
    )
