"""Gradient checking: compare backpropagation with finite differences.

Following the CS231n notes: use *centred* differences
``(L(w + eps) - L(w - eps)) / (2 eps)`` (error of order ``eps**2`` instead of
``eps``), work in float64, and compare with a *relative* error so that
small and large gradients are judged alike. In float64 a correct gradient
agrees to about 1e-7 or better; a relative error near 1 means the formula
is wrong.

Rounding limits what a difference quotient can see: the loss is known to
about 1e-16 of its size, so dividing by ``2 eps = 2e-6`` leaves noise of
order 1e-10 in every estimate. That is why :func:`relative_error` measures
the error against the scale of the whole gradient array rather than entry
by entry (a 1e-10 error on an entry of size 1e-9 is noise, not a bug), and
why ``order=4`` (a five-point centred stencil, error of order ``eps**4``)
is available when you need more digits.
"""

from __future__ import annotations

import numpy as np

from . import _validate as v
from .network import MLP


def numerical_gradients(net: MLP, X, Y, eps: float = 1e-6, *, order: int = 2) -> dict:
    """Centred-difference estimate of every partial derivative of ``net.loss``.

    Each parameter entry is nudged in place and restored afterwards; the
    result has the keys and shapes of ``net.params``.

    * ``order=2``: ``(L(w+eps) - L(w-eps)) / (2 eps)``, two losses per entry;
    * ``order=4``: ``(8 [L(w+eps) - L(w-eps)] - [L(w+2eps) - L(w-2eps)]) / (12 eps)``,
      four losses per entry, error of order ``eps**4`` (use ``eps`` near 1e-3).

    Costs one forward pass per loss: meant for small networks. Near a kink
    (ReLU at 0, ``|W|`` at 0 with L1) no difference quotient is meaningful.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an MLP, got {type(net).__name__}")
    X, Y = net._check_XY(X, Y)
    eps = v.check_real(eps, "eps", positive=True)
    if order not in (2, 4):
        raise ValueError(f"order must be 2 or 4, got {order!r}")

    def loss_at(p, idx, value):
        p[idx] = value
        return net._loss(*net._forward(X), Y)

    grads = {}
    with np.errstate(over="ignore", invalid="ignore"):
        for key, p in net.params.items():
            g = np.empty_like(p)
            for idx in np.ndindex(p.shape):
                old = p[idx]
                first = loss_at(p, idx, old + eps) - loss_at(p, idx, old - eps)
                if order == 2:
                    g[idx] = first / (2 * eps)
                else:
                    second = loss_at(p, idx, old + 2 * eps) - loss_at(p, idx, old - 2 * eps)
                    g[idx] = (8 * first - second) / (12 * eps)
                p[idx] = old
            grads[key] = g
    return grads


def relative_error(a, b, *, floor: float = 1e-12) -> float:
    """Relative error of ``a`` against ``b``, on the scale of the arrays.

    ``max|a - b| / max(max|a|, max|b|, floor)``: the worst entry-wise
    difference divided by the largest entry of either array. Equal to the
    usual ``|a - b| / max(|a|, |b|)`` for scalars; for arrays it does not
    let an entry that is tiny next to the others (where finite differences
    see only rounding noise) dominate. ``floor`` keeps two all-zero arrays
    from giving 0/0.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    if a.size == 0:
        raise ValueError("a and b must not be empty")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise ValueError("a and b must contain only finite numbers")
    floor = v.check_real(floor, "floor", positive=True)
    scale = max(float(np.abs(a).max()), float(np.abs(b).max()), floor)
    return float(np.abs(a - b).max()) / scale


def gradient_check(net: MLP, X, Y, *, eps: float = 1e-6, order: int = 2, gradients=None) -> dict:
    """Worst relative error per parameter between a gradient and finite differences.

    ``gradients`` defaults to ``net.gradients(X, Y)`` (backpropagation); pass
    your own dict (same keys as ``net.params``) to test a hand-written one.
    Returns ``{"W1": 3.1e-10, "b1": ..., ...}``.
    """
    analytic = net.gradients(X, Y) if gradients is None else gradients
    if not isinstance(analytic, dict) or set(analytic) != set(net.params):
        raise ValueError(f"gradients must be a dict with keys {sorted(net.params)}")
    for k, p in net.params.items():
        shape = np.shape(analytic[k])
        if shape != p.shape:
            raise ValueError(f"gradients[{k!r}] has shape {shape}, but {k} has shape {p.shape}: "
                             "a gradient always has the shape of its parameter")
    numeric = numerical_gradients(net, X, Y, eps=eps, order=order)
    return {k: relative_error(analytic[k], numeric[k]) for k in net.params}
