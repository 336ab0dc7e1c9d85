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

The chapter "When training blows up" also uses :func:`blowup_time`, which
predicts from the weights when the scalar penalty alone sends them to
infinity.
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
