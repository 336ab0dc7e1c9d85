"""Checks for the exercises of the chapter "Debugging a network: a checklist".

Called before an answer exists, every check prints a reminder and returns
None; a wrong answer prints a hint and returns False, a right one True.
"""

from __future__ import annotations

import numpy as np

from .. import data
from ..diagnostics import data_loss, handwritten_gradients
from ..gradcheck import gradient_check
from ..network import MLP
from . import number, unanswered, verdict

#: How far (relative to the measured mean) a predicted initial loss may be.
PREDICTION_TOLERANCE = 0.2


def check_flagged_parameters(answer):
    """Exercise 1: the parameters a gradient check flags for the "forgot the
    sigmoid derivative"
    bug on a bias-free 2-3-2 network (seed 0, the article's 50 points)."""
    if unanswered(answer):
        return None
    X, Y, _, _ = data.article_xor()
    net = MLP([2, 3, 2], bias=False, seed=0)
    bad = handwritten_gradients(net, X, Y, bug="forgot_sigmoid_derivative")
    report = gradient_check(net, X, Y, gradients=bad)
    expected = {k for k, err in report.items() if err > 1e-3}
    try:
        given = (
            {str(a) for a in answer}
            if not isinstance(answer, str)
            else {answer}
        )
    except TypeError:
        given = None
    return verdict(
        given == expected,
        (
            "run mc.gradient_check(net, X, Y, gradients=...) and keep the "
            "keys "
            "whose error is far above 1e-6 (a network without biases has no "
            "b1, b2)."
        ),
    )


def scaled_network(seed, factor=10.0) -> MLP:
    """The book's 2-50-2 sigmoid/MSE network with every weight matrix
    ``factor`` times too large.
    """
    net = MLP([2, 50, 2], seed=seed)
    for key, W in net.params.items():
        if key.startswith("W"):
            W *= factor
    return net


def scaled_initial_losses(seeds=range(5), factor=10.0) -> np.ndarray:
    """The data loss before training of :func:`scaled_network` on the
    article's 50 points.
    """
    X, Y, _, _ = data.article_xor()
    return np.array(
        [data_loss(scaled_network(s, factor), X, Y) for s in seeds]
    )


def check_initial_loss_prediction(answer):
    """Exercise 2: a prediction of the initial loss of the 2-50-2 network with
    10x weights.

    The prediction counts as right within :data:`PREDICTION_TOLERANCE` of the
    mean over seeds 0 to 4, which the check measures and prints.
    """
    if unanswered(answer):
        return None
    value = number(answer)
    losses = scaled_initial_losses()
    mean = float(losses.mean())
    if value is None:
        return verdict(
            False, ("answer with one number, your predicted loss.")
        )
    print(
        f"measured over 5 seeds: {mean:.3f} +- {losses.std():.3f}; your "
        "prediction: "
        f"{value:.3g}"
    )
    return verdict(
        abs(value - mean) <= PREDICTION_TOLERANCE * mean,
        (
            "what does an output that is pinned near 0 or 1 contribute to "
            "(h2 - y)**2, on average over the two labels?"
        ),
    )


def prepare(X):
    """Standardise the inputs before training: every column to mean 0, spread
    1.

    The suspect of exercise 3: it has a planted bug. Find it with the
    chapter's sanity checks, then write a correct version.
    """
    X = np.asarray(X, dtype=float)
    centred = X - X.mean(axis=1, keepdims=True)
    return centred / centred.std(axis=1, keepdims=True)


def check_prepare(answer):
    """Exercise 3: a corrected :func:`prepare` (a function of ``X``).

    Compared with column-wise standardisation on the article's 300 points
    and on a second, shifted and stretched set.
    """
    if unanswered(answer):
        return None
    if not callable(answer):
        return verdict(
            False,
            (
                "answer with a function: def fixed(X): ..., then "
                "answer = fixed."
            ),
        )
    X, _, X_rest, _ = data.article_xor()
    trials = [np.vstack([X, X_rest]), 3.0 * X + np.array([5.0, -2.0])]
    ok = True
    for T in trials:
        expected = (T - T.mean(axis=0)) / T.std(axis=0)
        try:
            got = np.asarray(answer(T.copy()), dtype=float)
        except Exception as exc:  # the reader's function may fail in any way
            return verdict(
                False, (f"your function raised {type(exc).__name__}: {exc}")
            )
        ok = (
            ok
            and got.shape == expected.shape
            and bool(np.allclose(got, expected))
        )
    return verdict(
        ok,
        (
            "each column (axis=0) needs mean 0 and standard deviation 1; "
            "compare fixed(X).mean(axis=0) and fixed(X).std(axis=0)."
        ),
    )
