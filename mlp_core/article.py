"""The original article's network, mistakes included, for the chapters that study them.

Florez's ``scratch_mlp`` code trains a bias-free sigmoid network with the
loss ``sum((y - h2)**2)/(2N) + lam * (sum W1**2 + sum W2**2)/(2N)``, but its
backward step computes something else:

1. it drops the ``1/N`` of the data term (the gradient is ``N`` times too big);
2. for the penalty it adds the *scalar* ``lam * sum(W**2)``, the same number
   for every entry, instead of the matrix ``lam * W / N``.

:class:`ArticleMLP` reproduces exactly that, so the book can show what the
mistake does (and that a gradient check catches it). Everything else is the
correct :class:`~mlp_core.MLP`. Do not use it for anything but that lesson.

The chapter "When training blows up" also uses :func:`train_article`, a
faster full-batch loop for this one network that gives the same numbers as
:func:`mlp_core.train` (the blow-up takes some 100 000 steps), and
:func:`blowup_time`, which predicts from the weights when the scalar
penalty alone sends them to infinity.
"""

from __future__ import annotations

import math

import numpy as np

from . import _validate as v
from .activations import sigmoid_derivative
from .network import MLP


class ArticleMLP(MLP):
    """An :class:`~mlp_core.MLP` whose backward step has the article's two mistakes.

    Build it with :func:`article_network`. Its ``loss`` method is the correct
    loss; only the gradient is wrong, as in the original code.
    """

    #: When True, mistake 1 is on (the data term's gradient is not divided by N).
    drop_1_over_n = True
    #: When True, mistake 2 is on (the penalty's gradient is the scalar lam * sum(W**2)).
    scalar_penalty = True

    def _backward(self, zs, hs, Y):
        h1, h2 = hs[1], hs[2]
        W1, W2 = self._W
        n = 1 if self.drop_1_over_n else Y.shape[0]
        delta2 = (h2 - Y) / n * sigmoid_derivative(h2)
        delta1 = (delta2 @ W2.T) * sigmoid_derivative(h1)
        grads = [hs[0].T @ delta1, h1.T @ delta2]
        for g, W in zip(grads, (W1, W2)):
            if self.scalar_penalty:
                g += self.l2 * np.sum(W * W)        # the article's line
            else:
                g += self.l2 * W / Y.shape[0]       # the correct gradient
        return grads, [None, None]


def article_weights(hidden: int, *, seed: int = 2017):
    """The article's initial weights: uniform in +-1/sqrt(fan_in), NumPy's legacy seed 2017.

    Reproduces ``np.random.seed(2017)`` followed by ``2*random(shape) - 1``
    scaled by ``1/sqrt(fan_in)``, for W1 (2 x hidden) then W2 (hidden x 2).
    Like :func:`mlp_core.data.article_xor`, it uses the legacy generator on
    purpose, to match the article's numbers.
    """
    hidden = v.check_int(hidden, "hidden", minimum=1)
    rng = np.random.RandomState(v.check_int(seed, "seed", minimum=0))
    W1 = (2.0 * rng.random_sample((2, hidden)) - 1.0) / np.sqrt(2)
    W2 = (2.0 * rng.random_sample((hidden, 2)) - 1.0) / np.sqrt(hidden)
    return W1, W2


def article_network(hidden: int = 50, *, l2: float = 1e-4, drop_1_over_n: bool = True,
                    scalar_penalty: bool = True, seed: int = 2017):
    """The article's bias-free sigmoid/MSE network with its initial weights.

    By default both of the article's mistakes are in the gradient; switch
    each off separately to see what it does. With both off the result is a
    plain, correct :class:`~mlp_core.MLP`.
    """
    if not isinstance(drop_1_over_n, bool) or not isinstance(scalar_penalty, bool):
        raise TypeError("drop_1_over_n and scalar_penalty must be True or False")
    W1, W2 = article_weights(hidden, seed=seed)
    if not (drop_1_over_n or scalar_penalty):
        return MLP.from_weights([W1, W2], None, l2=l2)
    net = ArticleMLP.from_weights([W1, W2], None, l2=l2)
    net.drop_1_over_n, net.scalar_penalty = drop_1_over_n, scalar_penalty
    return net


def train_article(net: MLP, X, Y, *, lr, steps, callback=None) -> dict:
    """Full-batch gradient descent for the article's network, written for speed.

    The article's blow-up needs about 100 000 steps, and the generic
    :func:`mlp_core.train` spends most of each step on bookkeeping this
    small network does not need. This loop does exactly what
    ``train(net, X, Y, lr=lr, steps=steps, on_divergence="stop")`` does for
    a bias-free two-layer sigmoid/MSE network (an :class:`ArticleMLP`, or
    the plain :class:`~mlp_core.MLP` that :func:`article_network` returns
    with both mistakes switched off): the same operations in the same order,
    so the same numbers to the last bit, about a third faster. It reuses
    preallocated arrays and records only what the blow-up chapter reads.

    Returns a dict with, per step, ``loss`` and ``accuracy`` (before the
    update, like :class:`~mlp_core.History`) and ``w1_sq``, the value of
    ``sum(W1**2)`` after the update; and ``diverged_at``, ``None`` or the
    first step whose loss was not finite (the arrays stop there). ``net``
    is trained in place; ``callback(step, net, loss)`` runs after every
    update.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an MLP, got {type(net).__name__}")
    if net.bias or net.n_layers != 2 or net.activation != "sigmoid" or net.output != "sigmoid" \
            or net.loss_name != "mse" or net.l1:
        raise ValueError("net must be the article's network: two bias-free sigmoid layers, "
                         "MSE loss and no L1 penalty (build it with article_network)")
    X, Y = net._check_XY(X, Y)
    lr = v.check_real(lr, "lr", positive=True)
    steps = v.check_int(steps, "steps", minimum=0)
    if callback is not None and not callable(callback):
        raise TypeError("callback must be callable as callback(step, net, loss)")

    article = isinstance(net, ArticleMLP)
    drop, scalar = (net.drop_1_over_n, net.scalar_penalty) if article else (False, False)
    N, l2 = X.shape[0], net.l2
    n = 1 if drop else N
    W1, W2 = net._W
    XT, W2T = X.T, W2.T            # views: they follow the updates of X and W2
    labels = Y.argmax(axis=1)
    loss_out, acc_out, w1_out = np.empty(steps), np.empty(steps), np.empty(steps)
    # Preallocated buffers, named after what they hold.
    z1, e1, d1 = (np.empty((N, W1.shape[1])) for _ in range(3))
    z2, e2, d2 = (np.empty((N, W2.shape[1])) for _ in range(3))
    g1, g2 = np.empty_like(W1), np.empty_like(W2)
    sq1, sq2 = np.empty_like(W1), np.empty_like(W2)
    # Explicit ufunc calls with out= instead of operators (a += b, a * b): the same
    # arithmetic, with less overhead per call, which matters for arrays this small.
    matmul, multiply, subtract, add, vdot = np.matmul, np.multiply, np.subtract, np.add, np.vdot
    add_reduce, isfinite, equal, count_nonzero = np.add.reduce, math.isfinite, np.equal, np.count_nonzero

    def sigmoid_into(z, e):
        # mlp_core.activations.sigmoid, e = exp(-|z|), r = 1/(1+e), then r where z >= 0
        # and e*r elsewhere; "where" is done as r * max(e, z >= 0), which is r * 1.0 = r
        # or r * e (e <= 1), the very same numbers, only faster.
        np.abs(z, out=e)
        np.negative(e, out=e)
        np.exp(e, out=e)
        r = np.add(1.0, e)
        np.divide(1.0, r, out=r)
        np.maximum(e, np.greater_equal(z, 0.0), out=e)
        return multiply(r, e, out=r)

    def penalty(g, W, sq):
        if scalar:                                   # the article's g += l2 * np.sum(W * W)
            add(g, l2 * add_reduce(multiply(W, W, out=sq), axis=None), out=g)
        elif article:
            g += l2 * W / N                          # ArticleMLP's correct branch
        elif l2:
            g += (l2 / N) * W                        # MLP's regularization_gradient

    w1_sq = float(vdot(W1, W1))
    diverged_at = None
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for step in range(steps):
            # forward step
            h1 = sigmoid_into(matmul(X, W1, out=z1), e1)
            h2 = sigmoid_into(matmul(h1, W2, out=z2), e2)
            # loss, exactly as MLP._loss computes it
            diff = subtract(h2, Y)
            loss = float(vdot(diff, diff)) / (2 * N)
            if l2:
                loss += l2 / (2 * N) * (w1_sq + float(vdot(W2, W2)))
            if not isfinite(loss):
                diverged_at = step
                break
            loss_out[step] = loss
            acc_out[step] = count_nonzero(equal(h2.argmax(axis=1), labels)) / N
            # backward step: delta2 = (h2 - Y) / n * h2 (1 - h2), and so on
            subtract(1.0, h2, out=d2)
            multiply(h2, d2, out=d2)
            if n != 1:
                np.divide(diff, n, out=diff)
            multiply(diff, d2, out=d2)
            matmul(h1.T, d2, out=g2)
            penalty(g2, W2, sq2)
            subtract(1.0, h1, out=e1)
            multiply(h1, e1, out=e1)
            matmul(d2, W2T, out=d1)
            multiply(d1, e1, out=d1)
            matmul(XT, d1, out=g1)
            penalty(g1, W1, sq1)
            # update: W -= lr * g
            multiply(g1, lr, out=g1)
            multiply(g2, lr, out=g2)
            subtract(W1, g1, out=W1)
            subtract(W2, g2, out=W2)
            w1_sq = float(vdot(W1, W1))
            w1_out[step] = w1_sq
            if callback is not None:
                callback(step, net, loss)
    done = steps if diverged_at is None else diverged_at
    return {"loss": loss_out[:done], "accuracy": acc_out[:done], "w1_sq": w1_out[:done],
            "diverged_at": diverged_at}


def blowup_time(W1, l2: float, t: float = 0.0) -> float:
    """When the article's scalar penalty alone drives ``W1`` to infinity, in units of lr x step.

    The article's code subtracts the same number ``lr * l2 * sum(W1**2)``
    from every entry of ``W1`` at every step. Ignore the data term, write
    ``t = lr * step`` and let ``mu`` and ``sigma`` be the mean and the
    standard deviation of the ``m`` entries, so that ``sum(W1**2) = m *
    (mu**2 + sigma**2)``. The entries all move together (``sigma`` stays
    put) and their mean obeys

        d mu / dt = -l2 * m * (mu**2 + sigma**2),

    whose solution ``mu(t) = -sigma * tan(l2 * m * sigma * (t - t0))``
    reaches minus infinity at a finite time, like ``dx/dt = x**2`` does.
    Given the weights at time ``t``, that time is

        T = t + (pi/2 - arctan(-mu / sigma)) / (l2 * m * sigma).

    Gradient descent with a small ``lr`` follows this flow, so the blow-up
    comes at step ``T / lr`` whatever ``lr`` is. Returns ``T``.
    """
    W1 = v.as_matrix(W1, "W1")
    l2 = v.check_real(l2, "l2", positive=True)
    t = v.check_real(t, "t", minimum=0.0)
    mu, sigma = float(W1.mean()), float(W1.std())
    if sigma == 0.0:
        raise ValueError("W1 must not have all entries equal (its spread is zero)")
    return t + (math.pi / 2 - math.atan(-mu / sigma)) / (l2 * W1.size * sigma)
