"""Checks for the exercises of the chapter "The loss".

Every check prints a short verdict. Before the reader has answered (the
cell still holds ``...``) it prints a reminder and returns None, so the
page shows no stray ``False``; afterwards it returns True or False.
"""

from __future__ import annotations

import numpy as np

from .. import data
from ..losses import categorical_cross_entropy
from ..network import MLP
from . import close, unanswered, verdict


def check_loss_with_l2(answer) -> bool | None:
    """Exercise 1: the worked example's loss with l2 = 0.1 (N = 1)."""
    if unanswered(answer):
        return None
    X, y, W1, W2 = data.worked_example()
    expected = MLP.from_weights([W1, W2], l2=0.1).loss(X, y)
    return verdict(
        close(answer, expected, rtol=1e-8),
        "add l2/(2N) times the sum of the squares of every entry "
        "of W1 and W2 to the plain loss.",
    )


def buggy_mse(h, Y) -> float:
    """The squared-error loss, with one planted bug.

    It is meant to compute what :func:`mlp_core.losses.mse` computes,
    ``1/(2N) * sum((h - Y)**2)`` over the N rows and every output.
    """
    return 0.5 * float(np.mean((h - Y) ** 2))


def chapter_checks(loss) -> tuple[bool, bool]:
    """Run the chapter's two checks of a squared-error loss function ``loss(h,
    Y)``.

    1. the worked example: ``loss(h2, y)`` equals ``L = 0.30052460``
       (one observation, so ``N = 1``);
    2. duplication: on the article's 50 training points, predicted by the
       worked example's network, repeating every row ten times leaves the
       value unchanged.

    Returns ``(passes_1, passes_2)``.
    """
    X, y, W1, W2 = data.worked_example()
    net = MLP.from_weights([W1, W2])
    worked = bool(
        np.isclose(loss(net.predict(X), y), 0.30052460, rtol=0, atol=1e-8)
    )
    X50, y50, _, _ = data.article_xor()
    h50 = net.predict(X50)
    once = loss(h50, y50)
    tenfold = loss(np.tile(h50, (10, 1)), np.tile(y50, (10, 1)))
    return worked, bool(np.isclose(tenfold, once, rtol=1e-12, atol=0))


def check_buggy_mse(answer) -> bool | None:
    """Exercise 2: which of the chapter's two checks ``buggy_mse`` passes."""
    if unanswered(answer):
        return None
    ok = (
        isinstance(answer, tuple)
        and len(answer) == 2
        and all(isinstance(a, (bool, np.bool_)) for a in answer)
        and tuple(bool(a) for a in answer) == chapter_checks(buggy_mse)
    )
    return verdict(
        ok,
        "answer with two booleans, (passes the worked example, "
        "passes the duplication check); run both checks on buggy_mse to see.",
    )


def check_cross_entropy(answer) -> bool | None:
    """Exercise 3: categorical cross-entropy of the prediction [0.2, 0.8] for
    the label [0, 1].
    """
    if unanswered(answer):
        return None
    p = np.array([[0.2, 0.8]])
    expected = categorical_cross_entropy(np.log(p), np.array([[0.0, 1.0]]))
    return verdict(
        close(answer, expected, rtol=1e-8),
        "cross-entropy is minus the log of the probability of the "
        "true class.",
    )
