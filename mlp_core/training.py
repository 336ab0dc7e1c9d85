"""The training loop: forward, loss, backward, update, repeated.

:func:`train` changes the network in place by gradient descent and returns
a :class:`History` with one entry per step. Validation happens once, before
the loop; the loop itself calls the network's unchecked fast path. On a
full batch of many rows it computes each step in blocks of rows instead,
shared with a helper process per extra core (``network._RowBlocks``: the
same numbers up to rounding).

When the loss stops being a finite number the loop stops at once and says
so: by default it raises :class:`TrainingDiverged` (which carries the
history up to that step); with ``on_divergence="stop"`` it returns the
history with ``diverged_at`` set. NumPy's overflow warnings are silenced
inside the loop because the divergence report replaces them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from . import _validate as v
from .network import MLP, _RowBlocks


class TrainingDiverged(RuntimeError):
    """Raised by :func:`train` when the loss becomes NaN or infinite.

    Attributes: ``step`` (0-based step whose loss was not finite), ``reason``
    (a sentence) and ``history`` (the :class:`History` up to that step).
    """

    def __init__(self, step: int, reason: str, history: "History"):
        super().__init__(f"training diverged at step {step}: {reason}")
        self.step, self.reason, self.history = step, reason, history


@dataclass
class History:
    """What happened at each training step (arrays of length ``steps``).

    ``loss[t]`` and ``accuracy[t]`` are measured on the step's batch with
    the parameters *before* update ``t``; ``grad_norm[t]`` is the global
    gradient norm before clipping, ``layer_grad_norms[t, i]`` the norm of
    the gradient of ``W{i+1}``, and ``lr[t]`` the learning rate used.
    """

    loss: np.ndarray
    accuracy: np.ndarray
    grad_norm: np.ndarray
    layer_grad_norms: np.ndarray
    lr: np.ndarray
    diverged_at: int | None = None
    reason: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def steps(self) -> int:
        """Number of steps recorded."""
        return len(self.loss)

    @property
    def diverged(self) -> bool:
        """True when training stopped because the loss was not finite."""
        return self.diverged_at is not None

    def _truncate(self, n: int) -> None:
        self.loss = self.loss[:n]
        self.accuracy = self.accuracy[:n]
        self.grad_norm = self.grad_norm[:n]
        self.layer_grad_norms = self.layer_grad_norms[:n]
        self.lr = self.lr[:n]


class StepDecay:
    """Learning-rate schedule: multiply ``lr`` by ``factor`` every ``every``
    steps.
    """

    def __init__(self, factor: float, every: int):
        self.factor = v.check_real(factor, "factor", positive=True)
        self.every = v.check_int(every, "every", minimum=1)

    def __call__(self, lr: float, step: int) -> float:
        return lr * self.factor ** (step // self.every)

    def __repr__(self):
        return f"StepDecay(factor={self.factor}, every={self.every})"


class ExponentialDecay:
    """Learning-rate schedule: ``lr * exp(-rate * step)``."""

    def __init__(self, rate: float):
        self.rate = v.check_real(rate, "rate", minimum=0.0)

    def __call__(self, lr: float, step: int) -> float:
        return lr * math.exp(-self.rate * step)

    def __repr__(self):
        return f"ExponentialDecay(rate={self.rate})"


def _labels(Y: np.ndarray) -> np.ndarray:
    """Class index per row: argmax for one-hot targets, threshold 0.5 for one
    column.
    """
    return (
        (Y[:, 0] > 0.5).astype(np.intp)
        if Y.shape[1] == 1
        else Y.argmax(axis=1)
    )


def _scheduled(schedule, lr: float, step: int) -> float:
    rate = schedule(lr, step)
    if (
        isinstance(rate, bool)
        or not isinstance(rate, (int, float, np.floating, np.integer))
        or not math.isfinite(rate)
        or rate <= 0
    ):
        raise ValueError(
            f"lr_schedule must return a finite number > 0, got {rate!r} "
            f"at step {step}"
        )
    return float(rate)


def accuracy(net: MLP, X, Y) -> float:
    """Fraction of rows whose predicted class equals the label's class.

    The predicted class is the argmax of the output (with a single output
    unit: output above 0.5), the label's class the argmax of ``Y``.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an MLP, got {type(net).__name__}")
    X, Y = net._check_XY(X, Y)
    with np.errstate(over="ignore", invalid="ignore"):
        h = net._forward(X)[1][-1]
    return float(np.mean(_labels(h) == _labels(Y)))


def train(
    net: MLP,
    X,
    Y,
    *,
    lr,
    steps,
    batch_size=None,
    lr_schedule=None,
    clip_norm=None,
    seed=None,
    callback=None,
    on_divergence="raise",
) -> History:
    """Train ``net`` in place by gradient descent and return its
    :class:`History`.

    Parameters
    ----------
    net : MLP
    X, Y : arrays of shape (N, n_inputs) and (N, n_outputs)
    lr : float > 0
        Learning rate (step size).
    steps : int >= 0
        Number of parameter updates.
    batch_size : int in [1, N] or None
        ``None`` uses all N rows every step (full batch). Otherwise each
        epoch visits the rows in a new random order (from ``seed``) in
        batches of this size; the last batch of an epoch may be smaller.
    lr_schedule : callable ``(lr, step) -> float`` or None
        e.g. :class:`StepDecay` or :class:`ExponentialDecay`.
    clip_norm : float > 0 or None
        If the global gradient norm exceeds it, all gradients are scaled
        down so that the norm equals ``clip_norm``.
    seed : int or None
        Seed of the generator that shuffles minibatches.
    callback : callable ``(step, net, loss) -> None`` or None
        Called after every update (e.g. to record snapshots or progress).
    on_divergence : {"raise", "stop"}
        What to do when the loss becomes NaN or infinite.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an MLP, got {type(net).__name__}")
    X, Y = net._check_XY(X, Y)
    lr = v.check_real(lr, "lr", positive=True)
    steps = v.check_int(steps, "steps", minimum=0)
    N = X.shape[0]
    if batch_size is not None:
        batch_size = v.check_int(batch_size, "batch_size")
        if not 1 <= batch_size <= N:
            raise ValueError(
                "batch_size must be between 1 and the number of rows "
                f"({N}), got {batch_size}"
            )
        if batch_size == N:
            batch_size = None
    if lr_schedule is not None and not callable(lr_schedule):
        raise TypeError(
            "lr_schedule must be callable as lr_schedule(lr, step)"
        )
    if clip_norm is not None:
        clip_norm = v.check_real(clip_norm, "clip_norm", positive=True)
    if callback is not None and not callable(callback):
        raise TypeError(
            "callback must be callable as callback(step, net, loss)"
        )
    v.check_choice(on_divergence, "on_divergence", ("raise", "stop"))
    rng = np.random.default_rng(v.check_seed(seed))

    n_layers = net.n_layers
    hist = History(
        loss=np.empty(steps),
        accuracy=np.empty(steps),
        grad_norm=np.empty(steps),
        layer_grad_norms=np.empty((steps, n_layers)),
        lr=np.empty(steps),
    )
    labels = _labels(Y)
    Ws, bs = net._W, net._b
    forward, loss_of, backward = net._forward, net._loss, net._backward
    if batch_size is None and _RowBlocks.worth_it(net, N):
        # Many rows: the same step computed in blocks of rows, on every core.
        blocks = _RowBlocks(net, X, Y)
        forward, loss_of, backward = (
            blocks.forward, blocks.loss, blocks.backward
        )
    order, pos = None, N  # minibatch bookkeeping
    Xb, Yb, lb = X, Y, labels
    step = 0
    with np.errstate(
        over="ignore", invalid="ignore", divide="ignore", under="ignore"
    ):
        for step in range(steps):
            if batch_size is not None:
                if pos >= N:
                    order, pos = rng.permutation(N), 0
                idx = order[pos:pos + batch_size]
                pos += batch_size
                Xb, Yb, lb = X[idx], Y[idx], labels[idx]
            # net._forward(Xb), or the same in blocks of rows
            zs, hs = forward(Xb)
            loss = loss_of(zs, hs, Yb)  # net._loss(zs, hs, Yb), likewise
            if not math.isfinite(loss):
                finite = [np.abs(W[np.isfinite(W)]) for W in Ws]
                big = max(
                    (float(a.max()) for a in finite if a.size),
                    default=math.nan,
                )
                reason = (
                    f"the loss became {loss} "
                    f"(largest finite |weight| {big:.3g}); "
                    "lower lr, use lr_schedule or clip_norm, "
                    "or check the gradient"
                )
                hist._truncate(step)
                hist.diverged_at, hist.reason = step, reason
                if on_divergence == "raise":
                    raise TrainingDiverged(step, reason, hist)
                return hist
            # net._backward(zs, hs, Yb), likewise
            gW, gb = backward(zs, hs, Yb)
            hist.loss[step] = loss
            hist.accuracy[step] = (
                np.count_nonzero(_labels(hs[-1]) == lb) / lb.shape[0]
            )
            sq = 0.0
            for i, g in enumerate(gW):
                s = float(np.vdot(g, g))
                hist.layer_grad_norms[step, i] = math.sqrt(s)
                sq += s
            if bs is not None:
                for g in gb:
                    sq += float(g.dot(g))
            norm = math.sqrt(sq)
            hist.grad_norm[step] = norm
            rate = (
                lr
                if lr_schedule is None
                else _scheduled(lr_schedule, lr, step)
            )
            hist.lr[step] = rate
            if clip_norm is not None and norm > clip_norm:
                rate *= clip_norm / norm
            for W, g in zip(Ws, gW):
                W -= rate * g
            if bs is not None:
                for b, g in zip(bs, gb):
                    b -= rate * g
            if callback is not None:
                callback(step, net, loss)
    return hist
