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
"""

from __future__ import annotations

import numpy as np

from . import _validate as v
from .activations import sigmoid_derivative
from .network import MLP


class ArticleMLP(MLP):
    """An :class:`~mlp_core.MLP` whose backward step has the article's two mistakes.

    Build it with :func:`article_network`. Its :meth:`loss` is the correct
    loss; only the gradient is wrong, as in the original code.
    """

    #: Mistake 1: the data term's gradient is not divided by N.
    drop_1_over_n = True
    #: Mistake 2: the penalty's gradient is the scalar lam * sum(W**2).
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
