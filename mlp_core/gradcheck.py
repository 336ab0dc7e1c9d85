"""Gradient checking: compare backpropagation with finite differences.

Following the CS231n notes: use *centred* differences
``(L(w + eps) - L(w - eps)) / (2 eps)`` (error of order ``eps**2`` instead of
``eps``), work in float64, and compare with a *relative* error so that
small and large gradients are judged alike. In float64 a correct gradient
agrees to about 1e-7 or better; a relative error near 1 means the formula
is wrong.

Rounding limits what a difference quotient can see: the loss is known to
about 1e-16 of its size, so dividing by ``2 eps = 2e-6`` leaves noise of
order 1e-10 in every estimate (for a loss of order 1). That is why
:func:`relative_error` measures the error against the scale of the whole
gradient array rather than entry by entry, as the CS231n notes' formula
does (``entrywise_relative_error``): a 1e-10 error on an entry of size
1e-9 is noise, not a bug. It is also why ``order=4`` (a five-point centred
stencil, error of order ``eps**4``) is available when you need more digits.
"""

from __future__ import annotations

import numpy as np

from . import _validate as v
from .network import MLP


def numerical_gradients(net: MLP, X, Y, eps: float = 1e-6, *,
                        order: int = 2) -> dict:
    """Centred-difference estimate of every partial derivative of the loss.

    Each parameter entry is nudged in place and restored afterwards; the
    result has the keys and shapes of ``net.params``.

    * ``order=2``: ``(L(w+eps) - L(w-eps)) / (2 eps)``, two losses per
      entry, error of order ``eps**2``;
    * ``order=4``: ``(8 [L(w+eps) - L(w-eps)] - [L(w+2eps) - L(w-2eps)])``
      divided by ``12 eps``, four losses per entry, error of order
      ``eps**4`` (use ``eps`` near 1e-3).

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
                first = (loss_at(p, idx, old + eps)
                         - loss_at(p, idx, old - eps))
                if order == 2:
                    g[idx] = first / (2 * eps)
                else:
                    second = (loss_at(p, idx, old + 2 * eps)
                              - loss_at(p, idx, old - 2 * eps))
                    g[idx] = (8 * first - second) / (12 * eps)
                p[idx] = old
            grads[key] = g
    return grads


def _pair(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError("a and b must have the same shape, "
                         f"got {a.shape} and {b.shape}")
    if a.size == 0:
        raise ValueError("a and b must not be empty")
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise ValueError("a and b must contain only finite numbers")
    return a, b


def relative_error(a, b, *, floor: float = 1e-12) -> float:
    """Relative error of ``a`` against ``b``, on the scale of the arrays.

    ``max|a - b| / max(max|a|, max|b|, floor)``: the worst entry-wise
    difference divided by the largest entry of either array. For two
    numbers it is the usual ``|a - b| / max(|a|, |b|)``, the form the CS231n
    notes apply to each entry (``entrywise_relative_error``). For arrays
    it is never larger than the worst of those per-entry errors, because
    each entry's own size is at most the largest one; the difference is
    that an entry which is tiny next to the others (where finite
    differences see only rounding noise) cannot dominate. ``floor`` keeps
    two all-zero arrays from giving 0/0. The book's formulas write it
    relerr(u, v), with ``a`` as u and ``b`` as v.
    """
    a, b = _pair(a, b)
    floor = v.check_real(floor, "floor", positive=True)
    scale = max(float(np.abs(a).max()), float(np.abs(b).max()), floor)
    return float(np.abs(a - b).max()) / scale


def entrywise_relative_error(a, b, *, floor: float = 1e-12) -> np.ndarray:
    """``|a - b| / max(|a|, |b|, floor)``, entry by entry (shaped like ``a``).

    The per-entry relative error of the CS231n notes on gradient checks.
    Its largest entry is at least :func:`relative_error` ``(a, b)``; it is
    much larger when some entries are far smaller than the others, because
    each is judged against its own size. ``floor`` keeps entries that are 0
    in both arrays from giving 0/0.
    """
    a, b = _pair(a, b)
    floor = v.check_real(floor, "floor", positive=True)
    return np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


def numerical_jacobian(f, a, eps: float = 1e-6) -> np.ndarray:
    """Centred-difference estimate of the Jacobian of ``f`` at ``a``.

    Each column nudges one entry of ``a`` by ``+eps`` and ``-eps`` (the
    others stay put) and holds ``(f(up) - f(down)) / (2 eps)``, flattened:
    one row per entry of ``f(a)``, one column per entry of ``a``, both
    read row by row (the book's convention for ``d f / d a``). Each column
    costs two calls of ``f``. Use it to check one step of the forward pass
    (a "brick") against the Jacobian its formula gives.
    """
    if not callable(f):
        raise TypeError("f must be a function of one array, "
                        f"got {type(f).__name__}")
    a = np.asarray(a, dtype=np.float64)
    if a.size == 0 or not np.all(np.isfinite(a)):
        raise ValueError("a must be a non-empty array of finite numbers")
    eps = v.check_real(eps, "eps", positive=True)
    columns = []
    for j in range(a.size):
        step = np.zeros(a.size)
        step[j] = eps
        step = step.reshape(a.shape)
        up = np.ravel(np.asarray(f(a + step), dtype=np.float64))
        down = np.ravel(np.asarray(f(a - step), dtype=np.float64))
        columns.append((up - down) / (2 * eps))
    return np.column_stack(columns)


def gradient_check(net: MLP, X, Y, *, eps: float = 1e-6, order: int = 2,
                   gradients=None) -> dict:
    """Relative error per parameter between a gradient and finite differences.

    ``gradients`` defaults to ``net.gradients(X, Y)`` (backpropagation); pass
    your own dict (same keys as ``net.params``) to test a hand-written one.
    Returns :func:`relative_error` for each parameter against
    :func:`numerical_gradients`: ``{"W1": 3.1e-10, "b1": ..., ...}``.
    """
    analytic = net.gradients(X, Y) if gradients is None else gradients
    if not isinstance(analytic, dict) or set(analytic) != set(net.params):
        raise ValueError("gradients must be a dict with keys "
                         f"{sorted(net.params)}")
    for k, p in net.params.items():
        shape = np.shape(analytic[k])
        if shape != p.shape:
            raise ValueError(
                f"gradients[{k!r}] has shape {shape}, but {k} has shape "
                f"{p.shape}: a gradient always has its parameter's shape")
    numeric = numerical_gradients(net, X, Y, eps=eps, order=order)
    return {k: relative_error(analytic[k], numeric[k]) for k in net.params}
