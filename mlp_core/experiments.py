"""The book's longer experiments, defined once for the chapters and the
figures command.

Each function trains fresh networks from fixed seeds and returns plain
data (NumPy arrays and numbers in a dict), so :mod:`mlp_core.figures` can
cache the result and a chapter can run the same code and assert on it.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from . import data
from .article import article_network
from .diagnostics import StepLengths
from .network import MLP
from .training import StepDecay, accuracy, train


def progress(label: str, steps: int, every: int = 20000, stream=None):
    """A ``train`` callback that prints ``label: step k/steps`` every
    ``every`` steps.
    """
    stream = sys.stderr if stream is None else stream
    start = time.perf_counter()

    def report(step, net, loss):
        if (step + 1) % every == 0 or step + 1 == steps:
            print(
                f"  {label}: step {step + 1}/{steps} "
                f"({time.perf_counter() - start:.1f} s)",
                file=stream,
                flush=True,
            )

    return report


class Spread:
    """One result measured over several seeds: its mean and how much it
    varies.

    A single training run is one draw from many possible ones: another
    seed gives other initial weights and other numbers. A comparison
    between two settings means something only if it holds across seeds,
    so the chapters report results as ``Spread(values)``, one value per
    seed, formatted as mean, sample standard deviation and range::

        >>> f"{Spread([0.84, 0.86, 0.88]):.2f}"
        '0.86 ± 0.02 (0.84 to 0.88)'

    ``mean``, ``sd``, ``min``, ``max``, ``n`` and ``values`` hold the
    numbers themselves. Needs at least two finite values.
    """

    def __init__(self, values):
        a = np.asarray(values, dtype=np.float64).ravel()
        if a.size < 2:
            raise ValueError(
                f"values must hold at least two results, got {a.size}")
        if not np.all(np.isfinite(a)):
            raise ValueError("values must be finite numbers")
        self.values, self.n = a, a.size
        self.mean, self.sd = float(a.mean()), float(a.std(ddof=1))
        self.min, self.max = float(a.min()), float(a.max())

    def __format__(self, spec):
        spec = spec or ".3g"
        # a sign flag ("+.3f") shows on the mean and the range, not the sd
        sd_spec = spec.lstrip("+- ")
        return (f"{self.mean:{spec}} ± {self.sd:{sd_spec}} "
                f"({self.min:{spec}} to {self.max:{spec}})")

    def __repr__(self):
        return f"Spread({self:.3g}, n={self.n})"


def loss_rise(curve) -> float:
    """How far a loss curve ends above its lowest point, as a fraction.

    ``curve[-1] / min(curve) - 1``: 0 when the loss is lowest at the end
    (still falling, or flat), 0.2 when it ends 20% above its minimum. On a
    held-out loss curve a clear rise is the mark of overfitting: the
    network got worse on new points while it kept fitting its training
    points better.
    """
    c = np.asarray(curve, dtype=np.float64)
    if c.ndim != 1 or c.size == 0:
        raise ValueError(
            f"curve must be a non-empty 1-D sequence, got shape {c.shape}")
    if not np.all(np.isfinite(c)) or c.min() <= 0:
        raise ValueError("curve must hold finite, positive losses")
    return float(c[-1] / c.min() - 1.0)


def article_blowup(
    *,
    lr=0.003,
    steps=110_000,
    hidden=50,
    l2=1e-4,
    drop_1_over_n=True,
    scalar_penalty=True,
    callback=None,
    snapshot_every=None,
) -> dict:
    """Train the article's bias-free network on its 50 points with its own
    gradient.

    Defaults are the article's setting (50 hidden units, lr 0.003, lambda
    1e-4); ``drop_1_over_n`` and ``scalar_penalty`` switch its two mistakes
    on and off (see :func:`mlp_core.article.article_network`). Training
    stops at the first step whose loss is not finite (it is the book's own
    :func:`mlp_core.train`, with the article's backward step).

    Returns the per-step ``loss``, ``accuracy`` and ``w1_sq`` (``sum(W1**2)``
    after each update), ``diverged_at`` (None or the step whose loss was not
    finite) and ``heldout_accuracy`` on the other 250 points. With
    ``snapshot_every=k`` it also returns copies of the weights after every
    k-th update: ``snap_steps`` (the number of updates done, shape
    ``(s,)``), ``snap_W1`` (``(s, 2, hidden)``) and ``snap_W2`` (``(s,
    hidden, 2)``). ``callback(step, net, loss)`` runs after every update
    (e.g. :func:`progress`).
    """
    from . import _validate as v

    if snapshot_every is not None:
        snapshot_every = v.check_int(
            snapshot_every, "snapshot_every", minimum=1
        )
    if callback is not None and not callable(callback):
        raise TypeError(
            "callback must be callable as callback(step, net, loss)"
        )
    X, Y, X_rest, Y_rest = data.article_xor()
    net = article_network(
        hidden,
        l2=l2,
        drop_1_over_n=drop_1_over_n,
        scalar_penalty=scalar_penalty,
    )
    W1 = net.params["W1"]
    w1_sq = np.empty(steps)
    shots = {"steps": [], "W1": [], "W2": []}

    def record(step, current, loss):
        w1_sq[step] = float(np.vdot(W1, W1))
        if snapshot_every is not None and (step + 1) % snapshot_every == 0:
            shots["steps"].append(step + 1)
            shots["W1"].append(current._W[0].copy())
            shots["W2"].append(current._W[1].copy())
        if callback is not None:
            callback(step, current, loss)

    hist = train(
        net, X, Y, lr=lr, steps=steps, callback=record, on_divergence="stop"
    )
    out = {
        "loss": hist.loss,
        "accuracy": hist.accuracy,
        "w1_sq": w1_sq[:hist.steps],
        "diverged_at": hist.diverged_at,
        "lr": lr,
        "steps": steps,
        "heldout_accuracy": (
            accuracy(net, X_rest, Y_rest)
            if not hist.diverged
            else float("nan")
        ),
    }
    if snapshot_every is not None:
        out["snap_steps"] = np.array(shots["steps"], dtype=int)
        out["snap_W1"] = np.array(shots["W1"]).reshape(-1, 2, hidden)
        out["snap_W2"] = np.array(shots["W2"]).reshape(-1, hidden, 2)
    return out


def _check_record_every(record_every, steps):
    from . import _validate as v

    if record_every is None:
        return None
    record_every = v.check_int(record_every, "record_every", minimum=1)
    if record_every > steps:
        raise ValueError(
            f"record_every must be at most steps ({steps}), "
            f"got {record_every}"
        )
    return record_every


class _HeldOut:
    """A ``train`` callback that scores held-out points every ``every`` steps.

    It measures once when created (before any update), then after every
    ``every``-th update, so ``loss[j]`` is the held-out loss after
    ``j * every`` updates. The held-out points are only scored, never
    trained on.
    """

    def __init__(self, net, X_held, Y_held, every):
        self.X, self.Y, self.every = X_held, Y_held, every
        self.loss, self.accuracy = [], []
        self._measure(net)

    def _measure(self, net):
        self.loss.append(net.loss(self.X, self.Y))
        self.accuracy.append(accuracy(net, self.X, self.Y))

    def __call__(self, step, net, loss):
        if (step + 1) % self.every == 0:
            self._measure(net)


def capacity(hidden_sizes=(1, 2, 3, 5, 10, 50), *, lr=2.0, steps=20_000,
             seed=0, bias=True, record_every=None) -> dict:
    """Train one sigmoid/MSE 2-H-2 network per hidden size H.

    Every network trains full batch on the article's 50 points
    (:func:`mlp_core.data.article_xor`) from weights drawn with ``seed``;
    the other 250 points are never used for training, only to measure
    how well the network does on points it has not seen. ``bias=False``
    gives the article's bias-free network.

    Returns a dict with ``"hidden"`` (the sizes), ``"train_acc"`` and
    ``"heldout_acc"`` (one final accuracy per size), ``"loss"`` and
    ``"accuracy"`` (per-step training curves, one array per size) and
    ``"nets"`` (the trained networks). With ``record_every=r`` it also
    scores the held-out set every ``r`` steps: ``"record_steps"`` (0, r,
    2r, ..., the number of updates made so far), ``"heldout_loss"`` and
    ``"heldout_accuracy"`` (one array per size). A held-out loss that
    rises while the training loss keeps falling is the signature of
    overfitting.
    """
    from . import _validate as v

    hidden_sizes = v.check_sequence(
        hidden_sizes, "hidden_sizes",
        lambda x, n: v.check_int(x, n, minimum=1), "positive integers")
    lr = v.check_real(lr, "lr", positive=True)
    steps = v.check_int(steps, "steps", minimum=1)
    if not isinstance(bias, bool):
        raise TypeError(f"bias must be True or False, got {bias!r}")
    record_every = _check_record_every(record_every, steps)
    X, Y, X_rest, Y_rest = data.article_xor()
    out = {"hidden": np.array(hidden_sizes), "train_acc": [],
           "heldout_acc": [], "loss": [], "accuracy": [], "nets": []}
    if record_every is not None:
        out["record_steps"] = np.arange(0, steps + 1, record_every)
        out["heldout_loss"], out["heldout_accuracy"] = [], []
    for h in hidden_sizes:
        net = MLP([2, h, 2], bias=bias, seed=seed)
        record = None
        if record_every is not None:
            record = _HeldOut(net, X_rest, Y_rest, record_every)
        hist = train(net, X, Y, lr=lr, steps=steps, callback=record)
        out["train_acc"].append(accuracy(net, X, Y))
        out["heldout_acc"].append(accuracy(net, X_rest, Y_rest))
        out["loss"].append(hist.loss)
        out["accuracy"].append(hist.accuracy)
        out["nets"].append(net)
        if record is not None:
            out["heldout_loss"].append(np.array(record.loss))
            out["heldout_accuracy"].append(np.array(record.accuracy))
    out["train_acc"] = np.array(out["train_acc"])
    out["heldout_acc"] = np.array(out["heldout_acc"])
    return out


def cures(*, steps=3000, seed=0) -> dict:
    """A correct gradient with too large a learning rate, and candidate cures.

    Every run is :func:`cure_run` (a 2-50-2 tanh/identity network trained
    by MSE on the article's 50 points, with biases, from the same weights).
    With ``lr=1`` the loss overflows within about a hundred steps. Returns
    ``{name: History}`` in a fixed order: the run with ``lr=1``, then three
    changes that prevent the blow-up (a smaller rate, gradient clipping, a
    smaller rate with minibatches), then five that do not (two fast
    learning-rate decays, which stop the overflow but leave the loss
    astronomically large; L2; L1; minibatches at ``lr=1``). The chapter on
    divergence with a correct gradient (08b) asserts which is which.
    """
    from .training import ExponentialDecay

    def run(lr, **kw):
        return cure_run(lr, steps=steps, seed=seed, **kw)

    return {
        "lr 1 (too large)": run(1.0),
        "lr 0.1": run(0.1),
        "lr 1, clip_norm 1": run(1.0, clip_norm=1.0),
        "lr 0.1, minibatch 10": run(0.1, batch_size=10),
        "lr 1, step decay x0.5 every 3": run(
            1.0, lr_schedule=StepDecay(0.5, every=3)
        ),
        "lr 1, exponential decay 0.2": run(
            1.0, lr_schedule=ExponentialDecay(0.2)
        ),
        "lr 1, L2 1": run(1.0, l2=1.0),
        "lr 1, L1 1": run(1.0, l1=1.0),
        "lr 1, minibatch 10": run(1.0, batch_size=10),
    }


def activation_comparison(
    activations=("sigmoid", "tanh", "relu"),
    *,
    layer_sizes=(2, 10, 2),
    output="softmax",
    loss="cross_entropy",
    lr=1.0,
    steps=600,
    seed=0,
) -> dict:
    """Train one network per hidden activation on the article's 50 points,
    all else equal.

    Every run has the same layer sizes, output, loss, learning rate, number
    of steps and initial-weight seed; only the hidden non-linearity changes.
    Returns a dict with, per activation name:

    * ``"histories"``: the :class:`~mlp_core.History` of the run;
    * ``"initial_layer_norms"``: ``|dL/dW_i|`` per layer before training
      (where a vanishing gradient shows most clearly);
    * ``"heldout_accuracy"``: accuracy on the other 250 points after training;
    * ``"nets"``: the trained network.
    """
    from .activations import HIDDEN
    from .diagnostics import layer_gradient_norms

    from . import _validate as v

    activations = v.check_sequence(
        activations,
        "activations",
        lambda x, n: v.check_choice(x, n, HIDDEN),
        "activation names",
    )
    X, Y, X_rest, Y_rest = data.article_xor()
    out = {
        "histories": {},
        "initial_layer_norms": {},
        "heldout_accuracy": {},
        "nets": {},
    }
    for act in activations:
        net = MLP(list(layer_sizes), activation=act, output=output,
                  loss=loss, seed=seed)
        out["initial_layer_norms"][act] = layer_gradient_norms(net, X, Y)
        out["histories"][act] = train(
            net, X, Y, lr=lr, steps=steps, on_divergence="stop"
        )
        out["heldout_accuracy"][act] = accuracy(net, X_rest, Y_rest)
        out["nets"][act] = net
    return out


#: The two output/loss pairs that :func:`loss_comparison` trains.
LOSS_SETUPS = {"sigmoid + MSE": ("sigmoid", "mse"),
               "softmax + cross-entropy": ("softmax", "cross_entropy")}


def loss_comparison(
    lrs=(0.3, 1.0, 3.0), *, hidden=10, steps=1500, seed=0, target=0.9
) -> dict:
    """Sigmoid outputs with MSE against softmax outputs with cross-entropy.

    For each learning rate in ``lrs`` both 2-``hidden``-2 networks (sigmoid
    hidden units) start from the same weights (``seed``) and train on the
    article's 50 points for ``steps`` full-batch steps. Returns a dict with
    ``"histories"`` keyed ``(setup, lr)`` (setups as in :data:`LOSS_SETUPS`),
    ``"steps_to_target"``: per setup, a list with, per lr, the first step
    whose training accuracy reached ``target`` (None if none did), and
    ``"lrs"``, ``"target"``, ``"steps"``.
    """
    from . import _validate as v
    from .diagnostics import steps_to_accuracy

    lrs = v.check_sequence(
        lrs,
        "lrs",
        lambda x, n: v.check_real(x, n, positive=True),
        "learning rates",
    )
    target = v.check_real(target, "target")
    if not 0.0 <= target <= 1.0:
        raise ValueError(f"target must be between 0 and 1, got {target}")
    X, Y, _, _ = data.article_xor()
    out = {"lrs": lrs, "target": target, "steps": steps, "histories": {},
           "steps_to_target": {name: [] for name in LOSS_SETUPS}}
    for lr in lrs:
        for name, (output, loss) in LOSS_SETUPS.items():
            net = MLP([2, hidden, 2], output=output, loss=loss, seed=seed)
            hist = train(net, X, Y, lr=lr, steps=steps, on_divergence="stop")
            out["histories"][(name, lr)] = hist
            out["steps_to_target"][name].append(
                steps_to_accuracy(hist, target)
            )
    return out


def lr_sweep(
    lrs=(1e-4, 1e-3, 1e-2, 0.1, 0.5, 1.0, 2.0),
    *,
    layer_sizes=(2, 10, 2),
    activation="tanh",
    output="identity",
    loss="mse",
    steps=500,
    seed=0,
) -> dict:
    """Train the same network (same initial weights) once per learning rate.

    The default is a 2-10-2 tanh network with a linear output and MSE on
    the article's 50 points: with a linear output nothing bounds the
    predictions, so too large a rate makes the loss overflow, which the run
    reports (``on_divergence="stop"``). Returns ``{lr: History}`` in the
    order of ``lrs``.
    """
    from . import _validate as v

    lrs = v.check_sequence(
        lrs,
        "lrs",
        lambda x, n: v.check_real(x, n, positive=True),
        "learning rates",
    )
    X, Y, _, _ = data.article_xor()
    out = {}
    for lr in lrs:
        net = MLP(list(layer_sizes), activation=activation, output=output,
                  loss=loss, seed=seed)
        out[lr] = train(net, X, Y, lr=lr, steps=steps, on_divergence="stop")
    return out


def training_set_size(
    sizes=(25, 50, 100, 200, 400),
    *,
    hidden=10,
    lr=5.0,
    steps=2000,
    n_heldout=1000,
    seed=0,
    bias=True,
    record_every=None,
) -> dict:
    """How much more data buys: train on the first ``n`` points, test on a
    fixed held-out set.

    The points come from the article's own generator
    (:func:`mlp_core.data.article_xor` with more points drawn), so the first
    50 are exactly the article's training set and a training set of size
    ``n`` is always the first ``n`` points. The held-out set is the same
    ``n_heldout`` points for every ``n`` (drawn after the largest training
    set), so the held-out accuracies can be compared. Each network is a
    sigmoid/MSE 2-``hidden``-2 net with the same initial weights
    (``seed``), trained full batch with ``lr`` for ``steps`` steps.

    Returns ``{"sizes", "train_acc", "heldout_acc", "nets"}`` (arrays of
    accuracies, one entry per size). With ``record_every=k`` it also scores
    the held-out set every ``k`` steps, as :func:`capacity` does:
    ``"record_steps"``, ``"heldout_loss"`` and ``"heldout_accuracy"`` (one
    curve per size), to see whether more data still lets the held-out loss
    turn up.
    """
    from . import _validate as v

    sizes = v.check_sequence(
        sizes,
        "sizes",
        lambda x, n: v.check_int(x, n, minimum=1),
        "positive integers",
    )
    hidden = v.check_int(hidden, "hidden", minimum=1)
    n_heldout = v.check_int(n_heldout, "n_heldout", minimum=1)
    lr = v.check_real(lr, "lr", positive=True)
    steps = v.check_int(steps, "steps", minimum=1)
    if not isinstance(bias, bool):
        raise TypeError(f"bias must be True or False, got {bias!r}")
    record_every = _check_record_every(record_every, steps)
    largest = max(sizes)
    X_pool, Y_pool, X_held, Y_held = data.article_xor(
        largest + n_heldout, n_train=largest
    )
    out = {
        "sizes": np.array(sizes),
        "train_acc": [],
        "heldout_acc": [],
        "nets": [],
    }
    if record_every is not None:
        out["record_steps"] = np.arange(0, steps + 1, record_every)
        out["heldout_loss"], out["heldout_accuracy"] = [], []
    for n in sizes:
        X, Y = X_pool[:n], Y_pool[:n]
        net = MLP([2, hidden, 2], bias=bias, seed=seed)
        record = (
            None
            if record_every is None
            else _HeldOut(net, X_held, Y_held, record_every)
        )
        train(net, X, Y, lr=lr, steps=steps, callback=record)
        out["train_acc"].append(accuracy(net, X, Y))
        out["heldout_acc"].append(accuracy(net, X_held, Y_held))
        out["nets"].append(net)
        if record is not None:
            out["heldout_loss"].append(np.array(record.loss))
            out["heldout_accuracy"].append(np.array(record.accuracy))
    out["train_acc"] = np.array(out["train_acc"])
    out["heldout_acc"] = np.array(out["heldout_acc"])
    return out


def cure_run(
    lr,
    *,
    steps=3000,
    seed=0,
    batch_seed=None,
    l2=0.0,
    l1=0.0,
    batch_size=None,
    **train_kwargs,
):
    """One run of the setting of :func:`cures`: too large a rate on a
    correct gradient.

    A 2-50-2 network with tanh hidden units, a linear (identity) output and
    biases, trained by MSE on the article's 50 points from the weights drawn
    with ``seed``. ``l2``/``l1`` set the penalties, ``batch_size`` the
    minibatch size and ``batch_seed`` (default: ``seed``) the shuffling; the
    other keywords go to :func:`mlp_core.train` (``lr_schedule``,
    ``clip_norm``, ``callback``...). Training stops at the first non-finite
    loss. Returns the :class:`~mlp_core.History`, with the trained network
    in ``history.extra["net"]``. With ``lr=1`` the output layer's step is
    far too large and the loss overflows after about a hundred steps.
    """
    X, Y, _, _ = data.article_xor()
    net = MLP(
        [2, 50, 2],
        activation="tanh",
        output="identity",
        seed=seed,
        l2=l2,
        l1=l1,
    )
    hist = train(
        net,
        X,
        Y,
        lr=lr,
        steps=steps,
        batch_size=batch_size,
        seed=seed if batch_seed is None else batch_seed,
        on_divergence="stop",
        **train_kwargs,
    )
    hist.extra["net"] = net
    return hist


def minibatch_spread(
    *, lr=0.1, batch_size=10, seeds=range(5), steps=1000, every=10, seed=0
) -> dict:
    """Minibatch noise: the network of :func:`cure_run`, full batch and
    minibatches, same start.

    Every run starts from the weights drawn with ``seed``; the minibatch
    runs differ only in how the data are shuffled (``seeds``). Returns
    ``full_batch`` (the full-batch :class:`~mlp_core.History`), ``runs``
    (one minibatch History per shuffling seed, whose ``loss`` is the loss
    on each step's batch), ``full_loss`` (array ``(len(seeds), steps //
    every)``: the loss on all training points after every ``every``-th
    step) and ``seeds``.
    """
    from . import _validate as v

    if isinstance(seeds, (int, str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(
            f"seeds must be a sequence of integers, got {seeds!r}"
        )
    seeds = [v.check_int(s, "seeds") for s in seeds]
    if not seeds:
        raise ValueError("seeds must contain at least one seed")
    every = v.check_int(every, "every", minimum=1)
    X, Y, _, _ = data.article_xor()
    full_batch = cure_run(lr, steps=steps, seed=seed)
    runs, curves = [], []
    for s in seeds:
        curve = []

        def record(step, net, loss, curve=curve):
            if (step + 1) % every == 0:
                curve.append(net.loss(X, Y))

        runs.append(
            cure_run(
                lr,
                steps=steps,
                seed=seed,
                batch_seed=s,
                batch_size=batch_size,
                callback=record,
            )
        )
        curves.append(curve)
    return {
        "full_batch": full_batch,
        "runs": runs,
        "full_loss": np.array(curves),
        "seeds": np.array(seeds),
    }


_BACKGROUND = None


def in_background(fn, /, *args, **kwargs):
    """Start ``fn(*args, **kwargs)`` in a second Python process; return a
    Future.

    ``future.result()`` waits for the value. The blow-up chapter uses this
    to train its shorter runs on the machine's other core while the
    article's 100 000-step run trains in the notebook. ``fn`` must be an
    importable function (such as :func:`article_blowup`), not a lambda. The
    one worker process is a fresh interpreter ("spawn", which is safe inside
    a Jupyter kernel); it runs the calls in the order they were made and
    ends with the session.
    """
    global _BACKGROUND
    if not callable(fn):
        raise TypeError(f"fn must be callable, got {type(fn).__name__}")
    if _BACKGROUND is None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        _BACKGROUND = ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn")
        )
    return _BACKGROUND.submit(fn, *args, **kwargs)


def stop_background() -> None:
    """Wait for the calls started with :func:`in_background` and end its
    worker process.
    """
    global _BACKGROUND
    if _BACKGROUND is not None:
        _BACKGROUND.shutdown(wait=True)
        _BACKGROUND = None


# ------------------------------------------------ added for chapters 8 and 8b
def article_frames(*, every=10_000, **kwargs) -> dict:
    """:func:`article_blowup`, plus what the article's animation frames
    showed.

    The article's animations show a frame every 10 000 iterations with the
    accuracy on all 300 points (the 50 training points and the 250 others) and
    the loss value its code printed (:func:`mlp_core.article.plotted_loss`).
    This runs :func:`article_blowup` with ``kwargs`` (``lr``, ``steps``,
    ``l2``, ``drop_1_over_n``, ``scalar_penalty``, ``snapshot_every``) and
    measures both after every ``every``-th update. The result is
    :func:`article_blowup`'s dict with three more arrays: ``frame_steps``
    (updates done), ``frame_accuracy`` (on all 300 points) and
    ``frame_plotted_loss``. It is a plain function of plain arguments, so
    :func:`in_background` can run it.
    """
    from . import _validate as v
    from .article import plotted_loss

    every = v.check_int(every, "every", minimum=1)
    if "callback" in kwargs:
        raise TypeError(
            "article_frames records its own frames; it takes no callback"
        )
    X, Y, X_rest, Y_rest = data.article_xor()
    X_all, Y_all = np.vstack([X, X_rest]), np.vstack([Y, Y_rest])
    frames = {"steps": [], "accuracy": [], "plotted": []}

    def frame(step, net, loss):
        if (step + 1) % every == 0:
            frames["steps"].append(step + 1)
            frames["accuracy"].append(accuracy(net, X_all, Y_all))
            frames["plotted"].append(plotted_loss(net, X, Y))

    out = article_blowup(callback=frame, **kwargs)
    out["frame_steps"] = np.array(frames["steps"], dtype=int)
    out["frame_accuracy"] = np.array(frames["accuracy"])
    out["frame_plotted_loss"] = np.array(frames["plotted"])
    return out


def depth_gradient_norms(activation, gain, *, depth=10, width=100,
                         seeds=range(5)) -> np.ndarray:
    """Per-layer gradient norms of deep untrained nets: exploding, vanishing.

    For each seed, a network with ``depth`` hidden layers of ``width`` units
    (``activation``), a linear output of 2 units and no biases gets weights
    drawn from ``np.random.default_rng(seed)``: normal with standard
    deviation ``gain / sqrt(fan_in)`` (``gain = 1`` keeps each ``z`` of order
    one). Returns an array of shape ``(len(seeds), depth + 1)``: the norm
    of ``dL/dW_l`` for layers ``l = 1 .. depth + 1`` on the article's 50
    points (MSE), first layer first, as
    :func:`mlp_core.diagnostics.layer_gradient_norms` computes them.
    Backpropagation multiplies by one layer's Jacobian per layer, so the norms
    change by a roughly constant factor per layer: up toward the input when
    that factor is above 1 (exploding), down when it is below 1 (vanishing).
    """
    from . import _validate as v
    from .activations import HIDDEN
    from .diagnostics import layer_gradient_norms

    v.check_choice(activation, "activation", tuple(HIDDEN))
    gain = v.check_real(gain, "gain", positive=True)
    depth = v.check_int(depth, "depth", minimum=1)
    width = v.check_int(width, "width", minimum=1)
    if isinstance(seeds, (int, str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(
            f"seeds must be a sequence of integers, got {seeds!r}")
    seeds = [v.check_int(s, "seeds", minimum=0) for s in seeds]
    if not seeds:
        raise ValueError("seeds must contain at least one seed")
    X, Y, _, _ = data.article_xor()
    sizes = [X.shape[1]] + [width] * depth + [Y.shape[1]]
    out = []
    for s in seeds:
        rng = np.random.default_rng(s)
        weights = [rng.normal(0.0, gain / np.sqrt(a), size=(a, b))
                   for a, b in zip(sizes[:-1], sizes[1:])]
        net = MLP.from_weights(weights, None, activation=activation,
                               output="identity")
        out.append(layer_gradient_norms(net, X, Y))
    return np.array(out)


def update_lengths(lr, *, steps=1000, seed=0, **train_kwargs):
    """:func:`cure_run`, measuring how far every update moves the parameters.

    Returns cure_run's :class:`~mlp_core.History` with
    ``history.extra["update_length"]``: for each update, the Euclidean norm
    of the change of all parameters (weights and biases together). Plain
    gradient descent moves by ``lr[t] * grad_norm[t]``; with ``clip_norm=c``
    no update can be longer than ``lr * c``, whatever the gradient.
    ``train_kwargs`` go to :func:`cure_run` (``clip_norm``,
    ``lr_schedule``...).
    The lengths are measured by :class:`mlp_core.diagnostics.StepLengths`.
    """
    if "callback" in train_kwargs:
        raise TypeError("update_lengths records its own callback; "
                        "it takes no callback")
    # the network cure_run builds from the same seed, before its first update
    start = MLP([2, 50, 2], activation="tanh", output="identity", seed=seed)
    lengths = StepLengths(start)
    hist = cure_run(lr, steps=steps, seed=seed, callback=lengths,
                    **train_kwargs)
    hist.extra["update_length"] = lengths.lengths
    return hist


def confident_start(output: str, loss: str, seed: int = 0) -> MLP:
    """A 2-10-2 network that starts confidently wrong: ``b2 = [12, -12]``.

    Drawn like ``MLP([2, 10, 2], output=output, loss=loss, seed=seed)``,
    then its output bias is set so that every point starts as class 0 with
    an output far into the saturated part of the sigmoid or softmax. The
    chapter on activations and losses trains it to compare how MSE and
    cross-entropy recover from confident mistakes.
    """
    net = MLP([2, 10, 2], output=output, loss=loss, seed=seed)
    net.params["b2"][:] = [12.0, -12.0]
    return net
