"""Loss functions: how far the prediction is from the label.

``N`` is the number of observations (rows). All losses are averages over
observations, so their size does not depend on how many rows a batch has.

* ``mse``: ``L = 1/(2N) * sum((h - Y)**2)`` (the 1/2 cancels the 2 of the
  derivative).
* ``cross_entropy`` with a softmax output (categorical):
  ``L = -1/N * sum(Y * log(h))``.
* ``cross_entropy`` with a sigmoid output (binary, per output unit):
  ``L = -1/N * sum(Y*log(h) + (1-Y)*log(1-h))``.

Cross-entropy is evaluated from the pre-activation ``z`` with
``log_softmax`` / ``log_sigmoid``, so a confident wrong prediction gives a
large finite loss instead of ``log(0) = -inf``.

Regularization (added by :meth:`mlp_core.MLP.loss`, biases excluded):
``l2/(2N) * sum(W**2) + l1/N * sum(|W|)`` over all weight matrices.
"""

from __future__ import annotations

import numpy as np

from . import _validate as v
from .activations import OUTPUT, log_sigmoid, log_softmax, sigmoid_derivative

LOSSES = ("mse", "cross_entropy")


def mse(h, Y):
    """Mean squared error ``1/(2N) * sum((h - Y)**2)``."""
    diff = h - Y
    return float(np.vdot(diff, diff)) / (2 * h.shape[0])


def mse_gradient(h, Y):
    """Derivative of :func:`mse` with respect to the output ``h``:
    ``(h - Y)/N``.
    """
    return (h - Y) / h.shape[0]


def categorical_cross_entropy(z, Y):
    """``-1/N * sum(Y * log(softmax(z)))``, computed from the logits ``z``."""
    return -float(np.vdot(Y, log_softmax(z))) / z.shape[0]


def binary_cross_entropy(z, Y):
    """``-1/N * sum(Y log s(z) + (1 - Y) log(1 - s(z)))`` with ``s`` the
    sigmoid.

    Uses ``log(1 - s(z)) = log s(-z)`` so both logs stay finite.
    """
    return (
        -float(np.vdot(Y, log_sigmoid(z)) + np.vdot(1.0 - Y, log_sigmoid(-z)))
        / z.shape[0]
    )


def regularization(weights, l2: float, l1: float, n: int) -> float:
    """The penalty ``l2/(2n) * sum W**2 + l1/n * sum |W|`` over the weight
    matrices.
    """
    total = 0.0
    if l2:
        total += l2 / (2 * n) * sum(float(np.vdot(W, W)) for W in weights)
    if l1:
        total += l1 / n * sum(float(np.abs(W).sum()) for W in weights)
    return total


def regularization_gradient(W, l2: float, l1: float, n: int):
    """Gradient of :func:`regularization` with respect to one weight matrix
    ``W``.

    ``l2 * W / n + l1 * sign(W) / n``: an array shaped like ``W``, each entry
    pulled toward zero in proportion to itself (L2) or by a constant (L1).
    This is where the original article went wrong: it added the *scalar*
    ``lambda * sum(W**2)`` to every entry instead.
    """
    g = np.zeros_like(W)
    if l2:
        g += (l2 / n) * W
    if l1:
        g += (l1 / n) * np.sign(W)
    return g


def _delta(h, Y, output: str, loss: str):
    """Unchecked :func:`output_delta` from the outputs ``h`` (the network's
    backward step uses it).
    """
    if loss == "cross_entropy":
        # sigmoid + binary CE and softmax + categorical CE both give
        # (h - Y) / N: the output's derivative cancels against the log's.
        return (h - Y) / Y.shape[0]
    dL_dh = mse_gradient(h, Y)
    if output == "sigmoid":
        return dL_dh * sigmoid_derivative(h)
    if output == "identity":
        return dL_dh
    # softmax: multiply by its Jacobian, diag(h) - h h^T, row by row.
    return h * (dL_dh - (dL_dh * h).sum(axis=1, keepdims=True))


def output_delta(z, Y, *, output: str, loss: str):
    """``dL/dz`` at the output layer: the error signal backpropagation starts
    from.

    ``z`` holds the output layer's pre-activations (one row per observation)
    and ``Y`` the targets; the result is already divided by ``N``. For
    sigmoid + MSE it is ``(h - Y)/N * h(1 - h)`` with ``h = sigmoid(z)``; for
    cross-entropy with a sigmoid or softmax output it is ``(h - Y)/N``.
    :meth:`mlp_core.MLP.gradients` uses exactly this.
    """
    v.check_choice(output, "output", OUTPUT)
    v.check_choice(loss, "loss", LOSSES)
    if loss == "cross_entropy" and output == "identity":
        raise ValueError(
            'loss="cross_entropy" needs output="sigmoid" or output="softmax"'
        )
    z = v.as_matrix(z, "z")
    Y = v.as_matrix(Y, "Y", width=z.shape[1])
    v.check_rows(z, Y, "z", "Y")
    with np.errstate(over="ignore", invalid="ignore"):
        return _delta(OUTPUT[output](z), Y, output, loss)
