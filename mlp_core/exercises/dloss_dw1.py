"""Checks for the exercises of the chapter "dLoss/dW1".

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

#: The names of the five factors of dL/dW1, as the chapter writes them.
FACTORS_W1 = ("dL/dh2", "dh2/dz2", "dz2/dh1", "dh1/dz1", "dz1/dW1")


def check_delta1_other_label(answer):
    """Exercise 1: delta1 = dL/dz1 (a (1, 3) row) for the worked example with
    the label [0, 1].

    The expected row comes from mlp_core without writing the chain out again:
    in a network with biases, dL/db1 is delta1 summed over the rows, so the
    same network with zero biases and one observation gives delta1 itself.
    """
    if unanswered(answer):
        return None
    X, _, W1, W2 = data.worked_example()
    zero_biases = [np.zeros(W1.shape[1]), np.zeros(W2.shape[1])]
    other = np.array([[0.0, 1.0]])
    expected = MLP.from_weights([W1, W2], zero_biases).gradients(X, other)[
        "b1"
    ][None, :]
    try:
        if np.size(answer) == 3:
            answer = np.reshape(np.asarray(answer, dtype=np.float64), (1, 3))
    except (TypeError, ValueError):
        pass
    return verdict(
        close(answer, expected),
        "only dL/dh2 = (h2 - y)/N changes; "
        "delta1 = (delta2 @ W2.T) * h1 * (1 - h1).",
    )


def planted_bug_case():
    """``(X, y, W1, W2)`` of a bias-free 2-2-2 network for exercise 2.

    The worked example's observation and label, with 2 hidden units and
    weights drawn from ``np.random.default_rng(2)`` (uniform in [-1, 1]).
    ``W2`` is square, so a backward step with a dropped transpose still runs.
    """
    X, y, _, _ = data.worked_example()
    rng = np.random.default_rng(2)
    W1 = rng.uniform(-1.0, 1.0, size=(2, 2))
    W2 = rng.uniform(-1.0, 1.0, size=(2, 2))
    return X, y, W1, W2


def colleague_backward(X, y, W1, W2):
    """A colleague's backward step for one observation, with one planted
    mistake (exercise 2).

    For a bias-free sigmoid network with one hidden layer, no penalty and
    one observation, returns ``(gradients, jacobians)``: ``gradients``
    with the keys ``"W1"`` and ``"W2"`` (for ``mc.gradient_check``), and the
    five Jacobians the colleague multiplied for ``dL/dW1``, under the names
    of :data:`FACTORS_W1`. Find the mistake with the chapter's checks, not
    by reading this code.
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] != 1:
        raise ValueError(
            f"X must be one observation, a (1, n) row, got shape {X.shape}"
        )
    net = MLP.from_weights([W1, W2])
    W1, W2 = net.params["W1"], net.params["W2"]
    cache = net.forward(X)
    h1, h2 = cache["h1"], cache["h2"]
    jacobians = {
        "dL/dh2": mse_gradient(h2, np.asarray(y, dtype=np.float64)),
        "dh2/dz2": np.diag(sigmoid_derivative(h2)[0]),
        "dz2/dh1": W2,
        "dh1/dz1": np.diag(sigmoid_derivative(h1)[0]),
        "dz1/dW1": np.kron(X, np.eye(W1.shape[1])),
    }
    row = jacobians["dL/dh2"]
    for name in FACTORS_W1[1:]:
        row = row @ jacobians[name]
    gradients = {"W1": row.reshape(W1.shape), "W2": net.gradients(X, y)["W2"]}
    return gradients, jacobians


def check_planted_bug(answer):
    """Exercise 2: the name of the colleague's wrong factor (one of
    :data:`FACTORS_W1`).
    """
    if unanswered(answer):
        return None
    given = answer.replace(" ", "") if isinstance(answer, str) else None
    return verdict(
        given == "dz2/dh1",
        "the gradient check tells you which parameter is wrong; then check "
        "each brick the colleague used against mc.gradcheck."
        "numerical_jacobian, as the chapter does. "
        f"Answer with one of {', '.join(FACTORS_W1)}.",
    )


def check_finite_difference_cost(answer):
    """Exercise 3: loss evaluations of an order-2 finite-difference gradient
    of a 2-100-2 network with biases.
    """
    if unanswered(answer):
        return None
    n_params = sum(
        p.size for p in MLP([2, 100, 2], bias=True, seed=0).params.values()
    )
    expected = 2 * n_params
    is_number = isinstance(
        answer, (int, float, np.integer, np.floating)
    ) and not isinstance(answer, bool)
    ok = is_number and float(answer) == expected
    return verdict(
        ok,
        "count the entries of W1, b1, W2 and b2; each parameter needs two "
        "losses, one nudged up and one nudged down.",
    )
