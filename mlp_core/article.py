"""The original article's network, mistakes included, for the chapters that
study them.

Florez's ``scratch_mlp`` code trains a bias-free sigmoid network with the
loss ``sum((y - h2)**2)/(2N) + lam * (sum W1**2 + sum W2**2)/(2N)``, but its
backward step computes something else:

1. it drops the ``1/N`` of the data term (the gradient is ``N`` times too
   big);
2. for the penalty it adds the *scalar* ``lam * sum(W**2)``, the same number
   for every entry, instead of the matrix ``lam * W / N``.

:class:`ArticleMLP` reproduces exactly that, so the book can show what the
mistake does (and that a gradient check catches it). Everything else is the
correct :class:`~mlp_core.MLP`. Do not use it for anything but that lesson.

The chapter "When training blows up" also uses :func:`blowup_time`, which
predicts from the weights when the scalar penalty alone sends them to
infinity, and :func:`plotted_loss`, the loss value the article's code
printed (its penalty counts ``W2`` twice and ``W1`` not at all).
"""

from __future__ import annotations

import math

import numpy as np

from . import _validate as v
from .activations import sigmoid_derivative
from .network import MLP


class ArticleMLP(MLP):
    """An :class:`~mlp_core.MLP` whose backward step has the article's two
    mistakes.

    Build it with :func:`article_network`. Its ``loss`` method is the correct
    loss; only the gradient is wrong, as in the original code.
    """

    #: When True, mistake 1 is on (the data term's gradient is not divided
    #: by N).
    drop_1_over_n = True
    #: When True, mistake 2 is on (the penalty's gradient is the scalar
    #: lam * sum(W**2)).
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
    """The article's initial weights: uniform in +-1/sqrt(fan_in), NumPy's
    legacy seed 2017.

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


def article_network(
    hidden: int = 50,
    *,
    l2: float = 1e-4,
    drop_1_over_n: bool = True,
    scalar_penalty: bool = True,
    seed: int = 2017,
):
    """The article's bias-free sigmoid/MSE network with its initial weights.

    By default both of the article's mistakes are in the gradient; switch
    each off separately to see what it does. With both off the result is a
    plain, correct :class:`~mlp_core.MLP`.
    """
    if (
        not isinstance(drop_1_over_n, bool)
        or not isinstance(scalar_penalty, bool)
    ):
        raise TypeError(
            "drop_1_over_n and scalar_penalty must be True or False"
        )
    W1, W2 = article_weights(hidden, seed=seed)
    if not (drop_1_over_n or scalar_penalty):
        return MLP.from_weights([W1, W2], None, l2=l2)
    net = ArticleMLP.from_weights([W1, W2], None, l2=l2)
    net.drop_1_over_n, net.scalar_penalty = drop_1_over_n, scalar_penalty
    return net


def blowup_time(W1, l2: float, t: float = 0.0) -> float:
    """When the article's scalar penalty alone sends ``W1`` to -infinity.

    The answer is a time ``T`` in units of lr x step.

    The article's code subtracts the same number ``lr * l2 * sum(W1**2)``
    from every entry of ``W1`` at every step. Ignore the data term, write
    ``t = lr * step`` and let ``mu`` and ``s`` be the mean and the spread
    (standard deviation) of the ``m`` entries (chapter 8 writes the spread
    s_W, since the book's s is the sigmoid's output), so that
    ``sum(W1**2) = m * (mu**2 + s**2)``. The entries all move together
    (``s`` stays put) and their mean obeys

        d mu / dt = -l2 * m * (mu**2 + s**2),

    whose solution ``mu(t) = -s * tan(l2 * m * s * (t - t0))`` reaches
    minus infinity at a finite time, like ``du/dt = u**2`` does. Given the
    weights at time ``t``, that time is

        T = t + (pi/2 - arctan(-mu / s)) / (l2 * m * s).

    Gradient descent with a small ``lr`` follows this flow, so the blow-up
    comes at step ``T / lr`` whatever ``lr`` is; and from the same weights
    ``T - t`` is proportional to ``1 / l2``. Returns ``T``.
    """
    W1 = v.as_matrix(W1, "W1")
    l2 = v.check_real(l2, "l2", positive=True)
    t = v.check_real(t, "t", minimum=0.0)
    mu, s = float(W1.mean()), float(W1.std())
    if s == 0.0:
        raise ValueError(
            "W1 must not have all entries equal (its spread is zero)")
    return t + (math.pi / 2 - math.atan(-mu / s)) / (l2 * W1.size * s)


def plotted_loss(net: MLP, X, Y) -> float:
    """The loss value the article's code printed and plotted (commit 035f725).

    That code's loss has the right data term, ``sum((h2 - y)**2) / (2N)``,
    but its penalty sums the squares of ``W2`` twice and leaves ``W1``
    out::

        data term + l2 * (sum(W2**2) + sum(W2**2)) / (2N)

    instead of ``data term + l2 * (sum(W1**2) + sum(W2**2)) / (2N)``, which
    is what :meth:`~mlp_core.MLP.loss` returns. ``net`` is a network with
    two weight layers (the article's; ``l2`` is read from ``net.l2``). In
    the article's blow-up ``W1`` is the matrix that runs away, so the curve
    the article drew leaves out exactly the term that explodes.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an MLP, got {type(net).__name__}")
    if net.n_layers != 2:
        raise ValueError(
            f"net must have two weight layers (W1, W2), got {net.n_layers}")
    X, Y = net._check_XY(X, Y)
    with np.errstate(over="ignore", invalid="ignore"):
        zs, hs = net._forward(X)
        data_term = net._data_loss(zs[-1], hs[-1], Y)
    W2 = net._W[1]
    # W2's squares, twice; no W1
    penalty = net.l2 * (float(np.vdot(W2, W2)) + float(np.vdot(W2, W2)))
    return data_term + penalty / (2 * X.shape[0])
