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

from .activations import log_sigmoid, log_softmax

LOSSES = ("mse", "cross_entropy")


def mse(h, Y):
    """Mean squared error ``1/(2N) * sum((h - Y)**2)``."""
    diff = h - Y
    return float(np.vdot(diff, diff)) / (2 * h.shape[0])


def mse_gradient(h, Y):
    """Derivative of :func:`mse` with respect to the output ``h``: ``(h - Y)/N``."""
    return (h - Y) / h.shape[0]


def categorical_cross_entropy(z, Y):
    """``-1/N * sum(Y * log(softmax(z)))``, computed from the logits ``z``."""
    return -float(np.vdot(Y, log_softmax(z))) / z.shape[0]


def binary_cross_entropy(z, Y):
    """``-1/N * sum(Y log s(z) + (1 - Y) log(1 - s(z)))`` with ``s`` the sigmoid.

    Uses ``log(1 - s(z)) = log s(-z)`` so both logs stay finite.
    """
    return -float(np.vdot(Y, log_sigmoid(z)) + np.vdot(1.0 - Y, log_sigmoid(-z))) / z.shape[0]


def regularization(weights, l2: float, l1: float, n: int) -> float:
    """The penalty ``l2/(2n) * sum W**2 + l1/n * sum |W|`` over the weight matrices."""
    total = 0.0
    if l2:
        total += l2 / (2 * n) * sum(float(np.vdot(W, W)) for W in weights)
    if l1:
        total += l1 / n * sum(float(np.abs(W).sum()) for W in weights)
    return total


def regularization_gradient(W, l2: float, l1: float, n: int):
    """Gradient of :func:`regularization` with respect to one weight matrix ``W``.

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
