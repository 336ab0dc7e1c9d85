"""The multilayer perceptron: forward step, loss and backward step.

Conventions (see the book's notation page):

* observations are **rows**: ``X`` has shape ``(N, n_inputs)``;
* weight ``Wi`` has shape ``(fan_in, fan_out)`` and bias ``bi`` has shape
  ``(fan_out,)``, so a layer computes ``z_i = h_{i-1} @ Wi + bi`` and then
  ``h_i = activation(z_i)``, with ``h_0 = X``;
* the loss is an average over the ``N`` rows plus a penalty on the weights
  (never on the biases): ``l2/(2N) * sum W**2 + l1/N * sum |W|``.

The class keeps its parameters in two lists of NumPy arrays and updates
them in place, so a training step allocates nothing it does not need and
``net.params`` always shows the live arrays.
"""

from __future__ import annotations

import numpy as np

from . import _validate as v
from .activations import HIDDEN, OUTPUT
from .losses import (
    LOSSES,
    _delta,
    binary_cross_entropy,
    categorical_cross_entropy,
    mse,
    regularization,
    regularization_gradient,
)

INIT_SCHEMES = ("uniform", "xavier", "he")


def init_weights(fan_in: int, fan_out: int, scheme: str, rng: np.random.Generator):
    """Draw one ``(fan_in, fan_out)`` weight matrix from ``rng``.

    * ``"uniform"``: uniform in ``[-1/sqrt(fan_in), 1/sqrt(fan_in)]`` (what the
      original article's code does; keeps each ``z`` of order one);
    * ``"xavier"``: Glorot uniform, ``[-a, a]`` with ``a = sqrt(6/(fan_in+fan_out))``;
    * ``"he"``: normal with standard deviation ``sqrt(2/fan_in)`` (for ReLU).
    """
    v.check_choice(scheme, "init", INIT_SCHEMES)
    if scheme == "uniform":
        a = 1.0 / np.sqrt(fan_in)
        return rng.uniform(-a, a, size=(fan_in, fan_out))
    if scheme == "xavier":
        a = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-a, a, size=(fan_in, fan_out))
    return rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))


class MLP:
    """A fully connected feed-forward network of any depth.

    Parameters
    ----------
    layer_sizes : sequence of int
        Units per layer, inputs first and outputs last: ``[2, 3, 2]`` is the
        book's network with 2 inputs, 3 hidden units and 2 outputs.
    activation : {"sigmoid", "tanh", "relu", "identity"}
        Non-linearity of every hidden layer (``"identity"``: none, which
        makes the whole network a linear map followed by the output layer).
    output : {"sigmoid", "softmax", "identity"}
        Activation of the output layer.
    loss : {"mse", "cross_entropy"}
        ``"cross_entropy"`` is categorical with a softmax output and binary
        (per output unit) with a sigmoid output; it needs one of those two.
    l2, l1 : float >= 0
        Strength of the L2 and L1 penalties on the weights.
    bias : bool
        Whether each layer has a bias vector (initialised to zero).
    seed : int, numpy Generator or None
        Seed of the ``np.random.default_rng`` that draws the initial weights.
    init : {"uniform", "xavier", "he"}
        Initialisation scheme; see :func:`init_weights`.

    Examples
    --------
    >>> net = MLP([2, 3, 2], seed=0)
    >>> sorted(net.params)
    ['W1', 'W2', 'b1', 'b2']
    >>> net.params["W1"].shape
    (2, 3)
    """

    def __init__(self, layer_sizes, *, activation="sigmoid", output="sigmoid", loss="mse",
                 l2=0.0, l1=0.0, bias=True, seed=None, init="uniform"):
        sizes = self._check_sizes(layer_sizes)
        if not isinstance(bias, bool):
            raise TypeError(f"bias must be True or False, got {bias!r}")
        v.check_choice(init, "init", INIT_SCHEMES)
        rng = v.check_seed(seed)
        rng = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
        weights = [init_weights(a, b, init, rng) for a, b in zip(sizes[:-1], sizes[1:])]
        biases = [np.zeros(b) for b in sizes[1:]] if bias else None
        self._configure(weights, biases, activation, output, loss, l2, l1)

    @classmethod
    def from_weights(cls, weights, biases=None, *, activation="sigmoid", output="sigmoid",
                     loss="mse", l2=0.0, l1=0.0):
        """Build a network from explicit weight matrices (copied).

        ``weights[i]`` must have shape ``(fan_in, fan_out)`` and consecutive
        matrices must chain (``weights[i].shape[1] == weights[i+1].shape[0]``).
        With ``biases=None`` the network has no biases, like the original
        article's; otherwise ``biases[i]`` has shape ``(fan_out,)``.
        """
        if isinstance(weights, np.ndarray) or not isinstance(weights, (list, tuple)):
            raise TypeError("weights must be a list of 2-D arrays, one per layer")
        if len(weights) == 0:
            raise ValueError("weights must contain at least one matrix")
        Ws = [v.as_matrix(W, f"weights[{i}]").copy() for i, W in enumerate(weights)]
        for i in range(len(Ws) - 1):
            if Ws[i].shape[1] != Ws[i + 1].shape[0]:
                raise ValueError(
                    f"weights do not chain: weights[{i}] has shape {Ws[i].shape} but "
                    f"weights[{i + 1}] has shape {Ws[i + 1].shape} "
                    f"(expected {Ws[i].shape[1]} rows)"
                )
        bs = None
        if biases is not None:
            if isinstance(biases, np.ndarray) or not isinstance(biases, (list, tuple)):
                raise TypeError("biases must be None or a list of 1-D arrays, one per layer")
            if len(biases) != len(Ws):
                raise ValueError(f"biases must have {len(Ws)} vectors (one per layer), got {len(biases)}")
            bs = []
            for i, (b, W) in enumerate(zip(biases, Ws)):
                b = v.as_matrix(np.reshape(np.asarray(b, dtype=float), (1, -1)), f"biases[{i}]")[0]
                if b.shape != (W.shape[1],):
                    raise ValueError(f"biases[{i}] must have shape ({W.shape[1]},), got {b.shape}")
                bs.append(b.copy())
        net = cls.__new__(cls)
        net._configure(Ws, bs, activation, output, loss, l2, l1)
        return net

    # ------------------------------------------------------------------ set-up
    @staticmethod
    def _check_sizes(layer_sizes):
        if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__len__"):
            raise TypeError(f"layer_sizes must be a sequence of integers, got {layer_sizes!r}")
        if len(layer_sizes) < 2:
            raise ValueError(
                f"layer_sizes must have at least 2 entries (inputs and outputs), got {list(layer_sizes)}"
            )
        sizes = [v.check_int(s, f"layer_sizes[{i}]") for i, s in enumerate(layer_sizes)]
        for i, s in enumerate(sizes):
            if s < 1:
                raise ValueError(f"layer_sizes[{i}] must be a positive number of units, got {s}")
        return sizes

    def _configure(self, weights, biases, activation, output, loss, l2, l1):
        v.check_choice(activation, "activation", HIDDEN)
        v.check_choice(output, "output", OUTPUT)
        v.check_choice(loss, "loss", LOSSES)
        if loss == "cross_entropy" and output == "identity":
            raise ValueError('loss="cross_entropy" needs output="sigmoid" or output="softmax", '
                             'got output="identity"')
        if output == "softmax" and weights[-1].shape[1] < 2:
            raise ValueError("output=\"softmax\" needs at least 2 output units, got 1")
        self.l2 = v.check_real(l2, "l2", minimum=0.0)
        self.l1 = v.check_real(l1, "l1", minimum=0.0)
        self.activation, self.output, self.loss_name = activation, output, loss
        self._act, self._act_deriv = HIDDEN[activation]
        self._out = OUTPUT[output]
        self._W = weights
        self._b = biases
        self.layer_sizes = [weights[0].shape[0]] + [W.shape[1] for W in weights]

    @property
    def bias(self) -> bool:
        """True when the layers have bias vectors."""
        return self._b is not None

    @property
    def n_layers(self) -> int:
        """Number of weight matrices (hidden layers + 1)."""
        return len(self._W)

    @property
    def params(self) -> dict:
        """The live parameter arrays keyed ``"W1", "b1", "W2", "b2", ...``.

        Changing an array in place (``net.params["W1"][0, 0] += 1e-6``)
        changes the network; that is how the gradient check perturbs it.
        There are no ``b*`` keys in a network without biases.
        """
        out = {}
        for i, W in enumerate(self._W, start=1):
            out[f"W{i}"] = W
            if self._b is not None:
                out[f"b{i}"] = self._b[i - 1]
        return out

    def copy(self) -> "MLP":
        """An independent copy (same options, copied arrays)."""
        new = type(self).from_weights([W.copy() for W in self._W],
                                      None if self._b is None else [b.copy() for b in self._b],
                                      activation=self.activation, output=self.output,
                                      loss=self.loss_name, l2=self.l2, l1=self.l1)
        new.__dict__.update({k: v for k, v in self.__dict__.items() if k not in new.__dict__})
        return new

    def __repr__(self):
        return (f"MLP({self.layer_sizes}, activation={self.activation!r}, output={self.output!r}, "
                f"loss={self.loss_name!r}, l2={self.l2}, l1={self.l1}, bias={self.bias})")

    # -------------------------------------------------------------- checking
    def _check_X(self, X, name="X"):
        return v.as_matrix(X, name, width=self.layer_sizes[0])

    def _check_XY(self, X, Y):
        X = self._check_X(X)
        Y = v.as_matrix(Y, "Y", width=self.layer_sizes[-1])
        v.check_rows(X, Y)
        return X, Y

    # ---------------------------------------------------------- forward step
    def _forward(self, X):
        """Unchecked forward pass: lists ``zs = [z1, ...]`` and ``hs = [X, h1, ...]``."""
        zs, hs = [], [X]
        h = X
        last = len(self._W) - 1
        for i, W in enumerate(self._W):
            z = h @ W
            if self._b is not None:
                z += self._b[i]
            h = self._act(z) if i < last else self._out(z)
            zs.append(z)
            hs.append(h)
        return zs, hs

    def forward(self, X) -> dict:
        """Run the forward step and return every intermediate array.

        The result maps ``"z1", "h1", "z2", "h2", ...`` to arrays with one
        row per observation; the last ``h`` is the network's output.
        """
        X = self._check_X(X)
        with np.errstate(over="ignore", invalid="ignore"):
            zs, hs = self._forward(X)
        cache = {}
        for i, (z, h) in enumerate(zip(zs, hs[1:]), start=1):
            cache[f"z{i}"] = z
            cache[f"h{i}"] = h
        return cache

    def predict(self, X):
        """The output activations for each row of ``X`` (shape ``(N, n_outputs)``)."""
        X = self._check_X(X)
        with np.errstate(over="ignore", invalid="ignore"):
            return self._forward(X)[1][-1]

    # ------------------------------------------------------------------ loss
    def _data_loss(self, z, h, Y):
        if self.loss_name == "mse":
            return mse(h, Y)
        if self.output == "softmax":
            return categorical_cross_entropy(z, Y)
        return binary_cross_entropy(z, Y)

    def _loss(self, zs, hs, Y):
        value = self._data_loss(zs[-1], hs[-1], Y)
        if self.l2 or self.l1:
            value += regularization(self._W, self.l2, self.l1, Y.shape[0])
        return value

    def loss(self, X, Y) -> float:
        """The loss ``L`` on the rows of ``X`` with one-hot (or 0/1) targets ``Y``.

        Data term (averaged over the ``N`` rows) plus the weight penalty
        ``l2/(2N) sum W**2 + l1/N sum |W|``; biases are not penalised.
        """
        X, Y = self._check_XY(X, Y)
        with np.errstate(over="ignore", invalid="ignore"):
            zs, hs = self._forward(X)
            return self._loss(zs, hs, Y)

    # --------------------------------------------------------- backward step
    def _output_delta(self, z, h, Y):
        """``dL/dz`` of the last layer (already divided by N); see :func:`mlp_core.losses.output_delta`."""
        return _delta(h, Y, self.output, self.loss_name)

    def _backward(self, zs, hs, Y):
        """Unchecked backpropagation: lists of weight and bias gradients."""
        N = Y.shape[0]
        n = len(self._W)
        gW, gb = [None] * n, [None] * n
        delta = self._output_delta(zs[-1], hs[-1], Y)  # dL/dz of the last layer
        for i in range(n - 1, -1, -1):
            W = self._W[i]
            gW[i] = hs[i].T @ delta  # dz/dW is the layer's input
            if self.l2 or self.l1:
                gW[i] += regularization_gradient(W, self.l2, self.l1, N)
            if self._b is not None:
                gb[i] = delta.sum(axis=0)
            if i > 0:
                # dL/dh of the layer below, then through its activation.
                delta = (delta @ W.T) * self._act_deriv(hs[i])
        return gW, gb

    def _as_dict(self, gW, gb):
        out = {}
        for i, g in enumerate(gW, start=1):
            out[f"W{i}"] = g
            if self._b is not None:
                out[f"b{i}"] = gb[i - 1]
        return out

    def gradients(self, X, Y) -> dict:
        """The exact gradient of :meth:`loss`, by backpropagation.

        Returns a dict with the same keys and shapes as :attr:`params`.
        """
        X, Y = self._check_XY(X, Y)
        with np.errstate(over="ignore", invalid="ignore"):
            zs, hs = self._forward(X)
            return self._as_dict(*self._backward(zs, hs, Y))

    def loss_and_gradients(self, X, Y):
        """``(loss, gradients)`` from a single forward pass."""
        X, Y = self._check_XY(X, Y)
        with np.errstate(over="ignore", invalid="ignore"):
            zs, hs = self._forward(X)
            return self._loss(zs, hs, Y), self._as_dict(*self._backward(zs, hs, Y))
