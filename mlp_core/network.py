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

import atexit
import copy
import itertools
import multiprocessing
import multiprocessing.connection
import os
import pickle
import subprocess
import sys
import threading
import traceback

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


def init_weights(
    fan_in: int, fan_out: int, scheme: str, rng: np.random.Generator
):
    """Draw one ``(fan_in, fan_out)`` weight matrix from ``rng``.

    * ``"uniform"``: uniform in ``[-1/sqrt(fan_in), 1/sqrt(fan_in)]``
      (what the original article's code does; keeps each ``z`` of order
      one);
    * ``"xavier"``: Glorot uniform, ``[-a, a]`` with
      ``a = sqrt(6/(fan_in+fan_out))``;
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

    def __init__(
        self,
        layer_sizes,
        *,
        activation="sigmoid",
        output="sigmoid",
        loss="mse",
        l2=0.0,
        l1=0.0,
        bias=True,
        seed=None,
        init="uniform",
    ):
        sizes = self._check_sizes(layer_sizes)
        if not isinstance(bias, bool):
            raise TypeError(f"bias must be True or False, got {bias!r}")
        v.check_choice(init, "init", INIT_SCHEMES)
        rng = v.check_seed(seed)
        rng = (
            rng
            if isinstance(rng, np.random.Generator)
            else np.random.default_rng(rng)
        )
        weights = [
            init_weights(a, b, init, rng)
            for a, b in zip(sizes[:-1], sizes[1:])
        ]
        biases = [np.zeros(b) for b in sizes[1:]] if bias else None
        self._configure(weights, biases, activation, output, loss, l2, l1)

    @classmethod
    def from_weights(
        cls,
        weights,
        biases=None,
        *,
        activation="sigmoid",
        output="sigmoid",
        loss="mse",
        l2=0.0,
        l1=0.0,
    ):
        """Build a network from explicit weight matrices (copied).

        ``weights[i]`` must have shape ``(fan_in, fan_out)`` and consecutive
        matrices must chain
        (``weights[i].shape[1] == weights[i+1].shape[0]``).
        With ``biases=None`` the network has no biases, like the original
        article's; otherwise ``biases[i]`` has shape ``(fan_out,)``.
        """
        if (
            isinstance(weights, np.ndarray)
            or not isinstance(weights, (list, tuple))
        ):
            raise TypeError(
                "weights must be a list of 2-D arrays, one per layer"
            )
        if len(weights) == 0:
            raise ValueError("weights must contain at least one matrix")
        Ws = [
            v.as_matrix(W, f"weights[{i}]").copy()
            for i, W in enumerate(weights)
        ]
        for i in range(len(Ws) - 1):
            if Ws[i].shape[1] != Ws[i + 1].shape[0]:
                raise ValueError(
                    "weights do not chain: "
                    f"weights[{i}] has shape {Ws[i].shape} but "
                    f"weights[{i + 1}] has shape {Ws[i + 1].shape} "
                    f"(expected {Ws[i].shape[1]} rows)"
                )
        bs = None
        if biases is not None:
            if (
                isinstance(biases, np.ndarray)
                or not isinstance(biases, (list, tuple))
            ):
                raise TypeError(
                    "biases must be None or a list of 1-D arrays, "
                    "one per layer"
                )
            if len(biases) != len(Ws):
                raise ValueError(
                    f"biases must have {len(Ws)} vectors (one per layer), "
                    f"got {len(biases)}"
                )
            bs = []
            for i, (b, W) in enumerate(zip(biases, Ws)):
                b = v.as_matrix(
                    np.reshape(np.asarray(b, dtype=float), (1, -1)),
                    f"biases[{i}]",
                )[0]
                if b.shape != (W.shape[1],):
                    raise ValueError(
                        f"biases[{i}] must have shape ({W.shape[1]},), "
                        f"got {b.shape}"
                    )
                bs.append(b.copy())
        net = cls.__new__(cls)
        net._configure(Ws, bs, activation, output, loss, l2, l1)
        return net

    # ----------------------------------------------------------------- set-up
    @staticmethod
    def _check_sizes(layer_sizes):
        if (
            isinstance(layer_sizes, (str, bytes))
            or not hasattr(layer_sizes, "__len__")
        ):
            raise TypeError(
                "layer_sizes must be a sequence of integers, "
                f"got {layer_sizes!r}"
            )
        if len(layer_sizes) < 2:
            raise ValueError(
                "layer_sizes must have at least 2 entries "
                f"(inputs and outputs), got {list(layer_sizes)}"
            )
        sizes = [
            v.check_int(s, f"layer_sizes[{i}]")
            for i, s in enumerate(layer_sizes)
        ]
        for i, s in enumerate(sizes):
            if s < 1:
                raise ValueError(
                    f"layer_sizes[{i}] must be a positive number of units, "
                    f"got {s}"
                )
        return sizes

    def _configure(self, weights, biases, activation, output, loss, l2, l1):
        v.check_choice(activation, "activation", HIDDEN)
        v.check_choice(output, "output", OUTPUT)
        v.check_choice(loss, "loss", LOSSES)
        if loss == "cross_entropy" and output == "identity":
            raise ValueError(
                'loss="cross_entropy" needs output="sigmoid" '
                'or output="softmax", got output="identity"'
            )
        if output == "softmax" and weights[-1].shape[1] < 2:
            raise ValueError(
                'output="softmax" needs at least 2 output units, got 1'
            )
        self.l2 = v.check_real(l2, "l2", minimum=0.0)
        self.l1 = v.check_real(l1, "l1", minimum=0.0)
        self.activation, self.output, self.loss_name = (
            activation, output, loss
        )
        self._act, self._act_deriv = HIDDEN[activation]
        self._out = OUTPUT[output]
        self._W = weights
        self._b = biases
        self.layer_sizes = (
            [weights[0].shape[0]] + [W.shape[1] for W in weights]
        )

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
        new = type(self).from_weights(
            [W.copy() for W in self._W],
            None if self._b is None else [b.copy() for b in self._b],
            activation=self.activation,
            output=self.output,
            loss=self.loss_name,
            l2=self.l2,
            l1=self.l1,
        )
        new.__dict__.update(
            {k: v for k, v in self.__dict__.items() if k not in new.__dict__}
        )
        return new

    def __repr__(self):
        return (
            f"MLP({self.layer_sizes}, activation={self.activation!r}, "
            f"output={self.output!r}, loss={self.loss_name!r}, "
            f"l2={self.l2}, l1={self.l1}, bias={self.bias})"
        )

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
        """Unchecked forward pass: lists ``zs = [z1, ...]`` and
        ``hs = [X, h1, ...]``.
        """
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
        """The output activations for each row of ``X`` (shape
        ``(N, n_outputs)``).
        """
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
        """The loss ``L`` on the rows of ``X`` with one-hot (or 0/1) targets
        ``Y``.

        Data term (averaged over the ``N`` rows) plus the weight penalty
        ``l2/(2N) sum W**2 + l1/N sum |W|``; biases are not penalised.
        """
        X, Y = self._check_XY(X, Y)
        with np.errstate(over="ignore", invalid="ignore"):
            zs, hs = self._forward(X)
            return self._loss(zs, hs, Y)

    # --------------------------------------------------------- backward step
    def _output_delta(self, z, h, Y):
        """``dL/dz`` of the last layer (already divided by N); see
        :func:`mlp_core.losses.output_delta`.
        """
        return _delta(h, Y, self.output, self.loss_name)

    def _backward(self, zs, hs, Y):
        """Unchecked backpropagation: lists of weight and bias gradients."""
        N = Y.shape[0]
        n = len(self._W)
        gW, gb = [None] * n, [None] * n
        # dL/dz of the last layer
        delta = self._output_delta(zs[-1], hs[-1], Y)
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
            return (
                self._loss(zs, hs, Y),
                self._as_dict(*self._backward(zs, hs, Y)),
            )


# ------------------------------------------------------------- row blocks
# With many rows, a step's arrays are far larger than the processor's caches,
# so each element-wise operation waits for memory, and NumPy runs it on one
# core. _RowBlocks computes the same full-batch step in blocks of rows, with
# the network's own _forward, _loss and _backward, shared between this
# process and one helper process per other core. The loss is an average over
# the rows, so it and its gradient are the averages of the blocks' ones,
# weighted by their numbers of rows n_b:
#
#     L = sum over the blocks b of (n_b / N) * L_b, and the same for dL/dW
#
# The weight penalty does not depend on the rows: it is added once. The
# numbers equal those of the plain methods up to rounding (checked by
# tests/test_fast_path.py) and are the same on every run with any number of
# cores: the blocks depend only on the shapes, and are added up in order.
#
# Why processes: threads of one process take turns holding Python's
# interpreter lock between NumPy calls; a block makes dozens of calls, and
# on a virtual machine each hand-over of the lock can cost tens of
# microseconds. Why this block size: large enough that Python's cost per
# NumPy call is small next to the arithmetic, small enough to stay in the
# caches and for the BLAS library to compute the block's products in the
# calling thread. It hands larger ones (even a dot product over all the
# rows, as in the loss: hence a loss per block too) to threads of its own,
# which keep spinning for a while afterwards and take the cores from the
# helpers.

# at most this many elements in the widest hidden layer of a block
_BLOCK = 1 << 16
# rows * fan-in * fan-out of a product the BLAS does by itself
_BLAS_ALONE = 1 << 18
# fewer in the widest hidden layer: the plain methods are as fast
_MIN_ELEMENTS = 1 << 19


def _block_rows(sizes) -> int:
    fans = max(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    return max(1, min(_BLOCK // max(sizes[1:-1]), _BLAS_ALONE // fans))


def _keep_freed_memory():
    """Make glibc's malloc reuse the memory of freed arrays of up to 31 MB.

    It hands freed arrays above a threshold (128 KB at first) back to the
    system, and the next array then costs a page fault every 4 KB. Freeing
    one 31 MB array raises the threshold to 31 MB (glibc's own dynamic rule).
    """
    np.empty(31 << 20, dtype=np.uint8)  # allocated and freed at once


class _RowBlocks:
    """``forward``, ``loss`` and ``backward`` for training ``net`` on all of
    ``X`` and ``Y``.
    """

    def __init__(self, net: MLP, X, Y):
        self.net, self.Y = net, Y
        self._twin = copy.copy(net)  # the same arrays, without the penalty
        self._twin.l2 = self._twin.l1 = 0.0
        rows, N = _block_rows(net.layer_sizes), X.shape[0]
        blocks = [slice(i, min(i + rows, N)) for i in range(0, N, rows)]
        self._key = next(_KEYS)
        helpers = _helpers()[:len(blocks) - 1]
        if helpers:  # they get a network of their own, and the rows, once
            sent = MLP.from_weights(net._W, net._b, activation=net.activation,
                                    output=net.output, loss=net.loss_name)
            helpers = [h for h in helpers if h.load(self._key, sent, X, Y)]
        self._helpers = helpers
        # contiguous shares: this process takes the first
        n = 1 + len(self._helpers)
        self._shares = [
            blocks[k * len(blocks) // n:(k + 1) * len(blocks) // n]
            for k in range(n)
        ]
        # set by forward
        self._block_loss, self._gW, self._gb = None, None, None
        _keep_freed_memory()

    @staticmethod
    def worth_it(net: MLP, n_rows: int) -> bool:
        """True when the blocks would be faster than the plain methods."""
        sizes = net.layer_sizes
        # a subclass may change the math
        if type(net) is not MLP or len(sizes) < 3:
            return False
        widest = max(sizes[1:-1])
        # Blocks of a few rows only add overhead (layers wide for their
        # number of rows: there the BLAS already uses every core).
        return (
            n_rows * widest >= _MIN_ELEMENTS
            and _block_rows(sizes) * widest >= _BLOCK // 4
        )

    def forward(self, X):
        """``net._forward(X)`` for the ``X`` given at creation:
        ``([], [h])``, only the output.

        The blocks' losses and gradients are computed at the same time, for
        :meth:`loss` and :meth:`backward`.
        """
        net, twin, Y = self.net, self._twin, self.Y
        helpers = list(zip(self._helpers, self._shares[1:]))
        asked = [
            helper.ask(self._key, net._W, net._b, share)
            for helper, share in helpers
        ]
        try:
            parts = [_blocks(twin, X, Y, self._shares[0])]
            for (helper, share), request in zip(helpers, asked):
                # None if it could not: then here
                part = helper.answer(request)
                parts.append(
                    part if part is not None else _blocks(twin, X, Y, share)
                )
        finally:
            for (helper, _), request in zip(helpers, asked):
                helper.release(request)
        h = np.concatenate([part[0] for part in parts])
        # Each block gave (n_b / N) times its data loss and its gradients;
        # np.sum adds them up block by block, in order.
        total = [
            np.sum(np.concatenate(t), axis=0)
            for t in zip(*(part[1] for part in parts))
        ]
        n = len(net._W)
        self._block_loss = float(total[0])
        self._gW, self._gb = total[1:n + 1], total[n + 1:] or [None] * n
        return [], [h]

    def loss(self, zs, hs, Y) -> float:
        """``net._loss`` after :meth:`forward`: the blocks' data losses and
        the penalty.
        """
        net = self.net
        if net.l2 or net.l1:
            return self._block_loss + regularization(
                net._W, net.l2, net.l1, Y.shape[0]
            )
        return self._block_loss

    def backward(self, zs, hs, Y):
        """``net._backward`` after :meth:`forward`: the blocks' gradients and
        the penalty's.
        """
        net = self.net
        if net.l2 or net.l1:
            for g, W in zip(self._gW, net._W):
                g += regularization_gradient(W, net.l2, net.l1, Y.shape[0])
        return self._gW, self._gb


def _blocks(twin: MLP, X, Y, blocks):
    """The outputs ``h`` of the rows of ``blocks``, and each block's weighted
    terms, stacked.

    For block ``b`` the terms are ``(n_b / N)`` times its data loss, then its
    weight gradients, then its bias gradients (if any).
    """
    hs_out, terms = [], []
    for rows in blocks:
        zs, hs = twin._forward(X[rows])
        Yb = Y[rows]
        gW, gb = twin._backward(zs, hs, Yb)
        share = (rows.stop - rows.start) / X.shape[0]
        hs_out.append(hs[-1])
        terms.append([
            share * t
            for t in [twin._loss(zs, hs, Yb), *gW, *(gb if twin._b else [])]
        ])
    return np.concatenate(hs_out), [np.stack(t) for t in zip(*terms)]


# ---------------------------------------------------------- helper processes
_KEYS = itertools.count()  # one per _RowBlocks: the helpers keep its X and Y
_HELPERS = None  # (process id, [_Helper, ...]) once started


def _helpers():
    """The live helper processes, one per core beyond the first (started on
    first use).
    """
    global _HELPERS
    # a forked child starts its own
    if _HELPERS is None or _HELPERS[0] != os.getpid():
        n = (
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else os.cpu_count()
        )
        helpers = []
        if os.name == "posix" and sys.executable:
            try:
                helpers = [_Helper() for _ in range(max(1, n or 1) - 1)]
            except (OSError, ValueError):
                pass  # no new process here: this one does it all
        _HELPERS = (os.getpid(), helpers)
        atexit.register(_stop_helpers, helpers)
    return [h for h in _HELPERS[1] if h.alive]


def _stop_helpers(helpers):
    for helper in helpers:
        helper.stop()


class _Helper:
    """A Python process, with its own interpreter lock, that computes blocks
    of rows.

    Requests and answers carry a number, so that an answer left over from
    an interrupted step is skipped; a lock keeps two threads from using the
    helper at once (the second computes its blocks itself). If the helper
    stops, the blocks are computed here: the numbers are the same.
    """

    def __init__(self):
        ours, theirs = multiprocessing.Pipe()
        # The same interpreter imports the same installed mlp_core
        # (pip install -e .).
        code = (
            f"from mlp_core.network import _serve; _serve({theirs.fileno()})"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            pass_fds=[theirs.fileno()],
        )
        theirs.close()
        self.conn, self.alive = ours, True
        self._lock, self._requests = threading.Lock(), itertools.count()

    def _send(self, message) -> bool:
        try:
            data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        except Exception:  # not picklable: this process does the work
            return False
        try:
            self.conn.send_bytes(data)
        except (OSError, ValueError):
            self.alive = False
        return self.alive

    def load(self, key, twin, X, Y) -> bool:
        """Give the helper the network and data of ``key``; False if it
        cannot take them.
        """
        if not self.alive or not self._lock.acquire(blocking=False):
            return False
        try:
            return self._send(("load", key, twin, X, Y))
        finally:
            self._lock.release()

    def ask(self, key, W, b, blocks):
        """Ask for ``blocks`` with parameters ``W`` and ``b``: the request's
        number, or None.
        """
        if not self.alive or not self._lock.acquire(blocking=False):
            return None
        request = next(self._requests)
        if not self._send(
            ("blocks", key, request, W, b, blocks, np.geterr())
        ):
            self._lock.release()
            return None
        return request

    def answer(self, request):
        """The answer to ``request`` (from :meth:`ask`), or None if there is
        none.
        """
        if request is None:
            return None
        try:
            while True:
                number, status, value = pickle.loads(self.conn.recv_bytes())
                if number == request:
                    break
        except Exception:
            # stopped, or a message broken off by an interruption
            self.alive = False
            return None
        if status == "error":
            raise RuntimeError(f"in mlp_core's helper process:\n{value}")
        return value

    def release(self, request):
        """End ``request`` (from :meth:`ask`), answered or not."""
        if request is not None:
            self._lock.release()

    def stop(self):
        self.alive = False
        # the helper reads the end of the connection and exits
        self.conn.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _serve(fd: int):
    """The helper process: compute the blocks asked for on the connection
    ``fd``.
    """
    conn = multiprocessing.connection.Connection(fd)
    _keep_freed_memory()
    jobs = {}  # key: (twin, X, Y) of the last few _RowBlocks
    while True:
        try:
            kind, key, *args = pickle.loads(conn.recv_bytes())
        except Exception:
            # the training process has ended, or broke off a message
            return
        if kind == "load":
            jobs[key] = args
            while len(jobs) > 4:
                del jobs[min(jobs)]
            continue
        request, W, b, blocks, errstate = args
        try:
            twin, X, Y = jobs[key]
            for mine, new in zip(twin._W + (twin._b or []), W + (b or [])):
                mine[...] = new
            with np.errstate(**errstate):
                answer = (request, "ok", _blocks(twin, X, Y, blocks))
        except Exception:
            answer = (request, "error", traceback.format_exc())
        try:
            conn.send_bytes(pickle.dumps(answer, pickle.HIGHEST_PROTOCOL))
        except OSError:  # the training process has ended
            return
