"""Checks for the exercises of the chapter "dLoss/dW2".

Called before an answer exists, every check prints a reminder and returns
None; a wrong answer prints a hint and returns False, a right one True.
"""

from __future__ import annotations

import numpy as np

from .. import data
from ..activations import sigmoid_derivative
from ..losses import mse_gradient
from ..network import MLP
from . import close, unanswered, verdict

#: The names of the three factors of dL/dW2, as the chapter writes them.
FACTORS_W2 = ("dL/dh2", "dh2/dz2", "dz2/dW2")


def colleague_backward(X, y, W1, W2):
    """A colleague's backward step for one observation, with one planted
    mistake (exercise 1).

    For a bias-free 2-3-2 sigmoid network without penalty, returns
    ``(gradients, jacobians)``: ``gradients`` has the keys ``"W1"`` (taken
    from mlp_core, correct) and ``"W2"`` (the colleague's), ready for
    ``mc.gradient_check(net, X, y, gradients=gradients)``; ``jacobians``
    holds the three Jacobians the colleague multiplied, under the names of
    :data:`FACTORS_W2`, with the chapter's shapes (1, 2), (2, 2), (2, 6).
    Find the mistake with the chapter's checks, not by reading this code.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.shape != (1, 2):
        raise ValueError(
            f"X must be one observation of shape (1, 2), got {X.shape}"
        )
    net = MLP.from_weights([W1, W2])
    cache = net.forward(X)
    h1, z2 = cache["h1"], cache["z2"]
    jacobians = {
        "dL/dh2": mse_gradient(cache["h2"], np.asarray(y, dtype=np.float64)),
        "dh2/dz2": np.diag(sigmoid_derivative(z2)[0]),
        "dz2/dW2": np.kron(h1, np.eye(2)),
    }
    row = jacobians["dL/dh2"] @ jacobians["dh2/dz2"] @ jacobians["dz2/dW2"]
    gradients = {"W1": net.gradients(X, y)["W1"], "W2": row.reshape(3, 2)}
    return gradients, jacobians


def check_planted_bug(answer):
    """Exercise 1: the name of the colleague's wrong factor (one of
    :data:`FACTORS_W2`).
    """
    if unanswered(answer):
        return None
    given = answer.replace(" ", "") if isinstance(answer, str) else None
    return verdict(
        given == "dh2/dz2",
        "compare each of the colleague's jacobians with the chapter's "
        "(mc.relative_error(theirs, ours)); the wrong one is far from 0. "
        f"Answer with one of {', '.join(FACTORS_W2)}.",
    )


def check_duplicated_rows(answer):
    """Exercise 2: what duplicating every observation does to dL/db2 ("same",
    "double" or "half").
    """
    if unanswered(answer):
        return None
    X, Y, _, _ = data.article_xor()
    net = MLP([2, 3, 2], seed=0)
    net.params["b2"][:] = [0.3, -0.2]
    once = net.gradients(X, Y)["b2"]
    twice = net.gradients(np.vstack([X, X]), np.vstack([Y, Y]))["b2"]
    ratio = float(np.abs(twice).sum() / np.abs(once).sum())
    expected = {1.0: "same", 2.0: "double", 0.5: "half"}[round(ratio * 2) / 2]
    given = answer.strip().lower() if isinstance(answer, str) else None
    return verdict(
        given == expected,
        "dL/db2 sums delta2 over the rows, and each row of delta2 carries "
        "a 1/N. Answer 'same', 'double' or 'half'.",
    )


def check_gradient_with_l2(answer):
    """Exercise 3: dL/dW2 for the worked example with l2 = 0.5."""
    if unanswered(answer):
        return None
    X, y, W1, W2 = data.worked_example()
    expected = MLP.from_weights([W1, W2], l2=0.5).gradients(X, y)["W2"]
    return verdict(
        close(answer, expected),
        "start from the unregularized gradient and add l2 * W2 / N (N = 1 "
        "here).",
    )
