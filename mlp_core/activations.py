"""Activation functions and their derivatives: the non-linear bricks.

Every function here works element-wise on a float64 array (softmax works
row by row) and is written so that it never overflows: inputs of magnitude
1e4 give finite outputs and no NumPy ``RuntimeWarning``.

The derivatives are written *in terms of the output* where that is the
classic form, because backpropagation already has the output in its cache:

* sigmoid: ``s'(z) = s(z) * (1 - s(z))``
* tanh:    ``tanh'(z) = 1 - tanh(z)**2``
* relu:    ``relu'(z) = 1 if z > 0 else 0`` (we choose 0 at z = 0)
"""

from __future__ import annotations

import numpy as np


def sigmoid(z):
    """Logistic sigmoid ``1 / (1 + exp(-z))``, without overflow.

    ``exp(-z)`` overflows for z < -709, so we only ever take
    ``e = exp(-|z|)``, which lies in (0, 1]: for z >= 0 the sigmoid is
    ``1 / (1 + e)`` and for z < 0 it is ``e / (1 + e)`` (multiply top and
    bottom by ``exp(z)``).
    """
    e = np.exp(-np.abs(z))
    top = np.where(z >= 0, 1.0, e)
    return top / (1.0 + e)


def sigmoid_derivative(h):
    """Derivative of the sigmoid, given its output ``h = sigmoid(z)``:
    ``h (1 - h)``.
    """
    return h * (1.0 - h)


def tanh(z):
    """Hyperbolic tangent, with outputs in (-1, 1)."""
    return np.tanh(z)


def tanh_derivative(h):
    """Derivative of tanh, given its output ``h = tanh(z)``: ``1 - h**2``."""
    return 1.0 - h * h


def relu(z):
    """Rectified linear unit ``max(0, z)``."""
    return np.maximum(z, 0.0)


def relu_derivative(h):
    """Derivative of ReLU, given its output ``h = relu(z)``: 1 where
    ``h > 0``, else 0.
    """
    return (h > 0.0).astype(np.float64)


def identity(z):
    """The identity map: a layer with no non-linearity."""
    return z


def identity_derivative(h):
    """Derivative of the identity: an array of ones shaped like ``h``."""
    return np.ones_like(h)


def softmax(z):
    """Row-wise softmax: each row becomes positive numbers that sum to 1.

    Subtracting each row's maximum before ``exp`` changes nothing
    mathematically (the factor cancels) and keeps ``exp`` from overflowing.
    """
    shifted = z - z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=1, keepdims=True)


def log_sigmoid(z):
    """``log(sigmoid(z))`` without under- or overflow:
    ``-log(1 + exp(-z))``.
    """
    return -np.logaddexp(0.0, -z)


def log_softmax(z):
    """Row-wise ``log(softmax(z))`` computed stably (log-sum-exp trick)."""
    shifted = z - z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


#: Hidden-layer activations by name: (function, derivative from output).
#: "identity" (no non-linearity) is there to show what the network loses
#: without one.
HIDDEN = {
    "sigmoid": (sigmoid, sigmoid_derivative),
    "tanh": (tanh, tanh_derivative),
    "relu": (relu, relu_derivative),
    "identity": (identity, identity_derivative),
}

#: Output-layer activations by name.
OUTPUT = {
    "sigmoid": sigmoid,
    "softmax": softmax,
    "identity": identity,
}
