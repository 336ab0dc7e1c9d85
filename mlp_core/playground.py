"""The interactive playground: pick data and a network, train, watch it learn.

The playground has two live versions. With a kernel (Jupyter, Binder,
Colab), :func:`playground` returns an ipywidgets app built from
:func:`make_data`, :func:`make_network`, :func:`run` and :func:`draw_views`.
The static book has no kernel: there the live app is the browser
playground in ``web/playground/`` (its README describes it), a JavaScript
mirror of this package's network and training loop. What it takes from
here:

* the same data sets (``DATASETS``, drawn by :mod:`mlp_core.data`'s
  formulas) and input features (:data:`FEATURES`, :func:`features`);
* its presets, :func:`article_preset`, :func:`worked_example` and
  :func:`training_preset`, which ``tools/playground_presets.py`` writes into a
  script for the page;
* and the way back: a run exported from the browser is retrained here,
  step for step, by :func:`replay`, so whatever a reader saw in the page
  can be checked (or continued) in Python.

:func:`animate_preset` (matplotlib animations of a preset setting, which
need no kernel either) stays available, but chapter 11 moves to the
browser playground and no longer uses it.
"""

from __future__ import annotations

import inspect
import json
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import _validate as v
from . import data as datasets
from .activations import HIDDEN, OUTPUT
from .article import ArticleMLP, article_network
from .experiments import article_blowup
from .losses import LOSSES
from .network import MLP
from .training import History, accuracy, train

DATASETS = {
    "XOR (4 points)": lambda n, noise, seed: datasets.xor(),
    "noisy XOR": lambda n, noise, seed: datasets.noisy_xor(
        n, noise=noise, seed=seed
    ),
    "circles": lambda n, noise, seed: datasets.circles(
        n, noise=noise, seed=seed
    ),
    "moons": lambda n, noise, seed: datasets.two_moons(
        n, noise=noise, seed=seed
    ),
    "blobs": lambda n, noise, seed: datasets.blobs(n, noise=noise, seed=seed),
    "spiral": lambda n, noise, seed: datasets.spiral(
        n, noise=noise, seed=seed
    ),
}

#: The inputs the browser playground can feed the network, computed from a
#: point's two coordinates ``(x1, x2)`` by :func:`features`.
FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")

_FEATURE_COLUMNS = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}


@dataclass
class Setting:
    """Everything the playground's controls choose."""

    dataset: str = "noisy XOR"
    n_points: int = 200
    noise: float = 0.3
    hidden: int = 8
    hidden2: int = 0          # 0: no second hidden layer
    activation: str = "tanh"
    lr: float = 0.5
    l2: float = 0.0
    l1: float = 0.0
    batch_size: int = 0       # 0: full batch
    steps: int = 2000
    seed: int = 0

    def label(self) -> str:
        layers = f"{self.hidden}" + (
            f"-{self.hidden2}" if self.hidden2 else ""
        )
        return (
            f"{self.dataset}, hidden {layers} {self.activation}, "
            f"lr {self.lr:g}"
            + (f", L2 {self.l2:g}" if self.l2 else "")
            + (f", L1 {self.l1:g}" if self.l1 else "")
        )


def make_data(s: Setting):
    """The (X, y) pair the setting asks for."""
    if s.dataset not in DATASETS:
        raise ValueError(
            f"dataset must be one of {sorted(DATASETS)}, got {s.dataset!r}"
        )
    return DATASETS[s.dataset](s.n_points, s.noise, s.seed)


def make_network(s: Setting) -> MLP:
    """A softmax / cross-entropy classifier with the setting's hidden
    layers.
    """
    sizes = [2, s.hidden] + ([s.hidden2] if s.hidden2 else []) + [2]
    return MLP(
        sizes,
        activation=s.activation,
        output="softmax",
        loss="cross_entropy",
        l2=s.l2,
        l1=s.l1,
        seed=s.seed,
    )


def run(s: Setting, *, callback=None):
    """Train a fresh network for the setting.

    Returns ``(net, history, X, y, seconds)``.
    """
    X, y = make_data(s)
    net = make_network(s)
    batch = s.batch_size if 0 < s.batch_size < len(X) else None
    start = time.perf_counter()
    hist = train(net, X, y, lr=s.lr, steps=s.steps, batch_size=batch,
                 seed=s.seed, callback=callback, on_divergence="stop")
    return net, hist, X, y, time.perf_counter() - start


class Views:
    """The playground's three panels (network | decision boundary | training
    curves).

    The figure is laid out once; :meth:`show` redraws only what changes
    between two moments of training. That keeps an animation of many frames
    cheap: no per-frame ``tight_layout``, no rebuilt axes for the curves.
    """

    def __init__(self, fig, hist: History):
        from matplotlib.ticker import NullFormatter

        from . import plots

        fig.clear()
        self.fig, self.hist = fig, hist
        self.net_ax, self.boundary_ax, self.curve_ax = fig.subplots(
            1, 3, gridspec_kw={"width_ratios": [1.3, 1, 1]})
        fig.subplots_adjust(
            left=0.01, right=0.93, bottom=0.16, top=0.8, wspace=0.32
        )
        c = self.curve_ax
        steps = np.arange(hist.steps)
        c.plot(steps, hist.loss, color="#dddddd", label="whole run")
        (self.loss_line,) = c.plot([], [], color=plots.ORANGE, label="loss")
        if hist.steps and np.all(hist.loss > 0):
            c.set_yscale("log")
            c.yaxis.set_minor_formatter(NullFormatter())
        c.set_xlim(0, max(hist.steps - 1, 1))
        c.set_xlabel("training step")
        c.set_ylabel("loss (log scale)")
        c2 = c.twinx()
        (self.acc_line,) = c2.plot(
            [], [], color=plots.BLUE, lw=0.8, label="accuracy"
        )
        c2.set_ylim(0, 1.05)
        c2.set_ylabel("batch accuracy")
        c.legend(
            handles=[self.loss_line, self.acc_line],
            loc="center right",
            fontsize=8,
        )
        c.set_title("training")
        self.title = fig.suptitle("", fontsize=10)

    def show(
        self,
        net: MLP,
        X,
        y,
        *,
        upto: int | None = None,
        title: str | None = None,
    ) -> None:
        """Draw ``net`` (the network after ``upto`` steps) and the curves up
        to that step.
        """
        from . import plots

        n = (
            self.hist.steps
            if upto is None
            else min(int(upto), self.hist.steps)
        )
        self.net_ax.clear()
        plots.draw_network(net, self.net_ax)
        self.boundary_ax.clear()
        plots.plot_decision_boundary(
            net,
            X,
            y,
            self.boundary_ax,
            resolution=70,
            legend=False,
            title=f"accuracy {accuracy(net, X, y):.0%}",
        )
        steps = np.arange(n)
        self.loss_line.set_data(steps, self.hist.loss[:n])
        self.acc_line.set_data(steps, self.hist.accuracy[:n])
        self.title.set_text(title or "")


def draw_views(
    fig, net: MLP, hist: History, X, y, *, title=None, upto=None
) -> Views:
    """Network | decision boundary | loss and accuracy, on ``fig`` (cleared
    first).
    """
    views = Views(fig, hist)
    views.show(net, X, y, upto=upto, title=title)
    return views


def animate_preset(s: Setting, *, frames: int = 16):
    """A kernel-free animation (``FuncAnimation``) of one setting's training.

    ``frames`` snapshots of the network are taken at evenly spaced steps
    (step 0 included); each frame shows the network, its decision boundary
    and the curves up to that step. Returns ``(animation, history)``; embed
    the animation with :func:`mlp_core.plots.jshtml`.
    """
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation

    if (
        isinstance(frames, bool)
        or not isinstance(frames, (int, np.integer))
        or frames < 2
    ):
        raise ValueError(f"frames must be an integer >= 2, got {frames!r}")
    marks = sorted(
        set(np.linspace(0, s.steps, int(frames), dtype=int).tolist())
    )
    shots = {}
    if 0 in marks:
        shots[0] = make_network(s)

    def snap(step, current, loss):
        if step + 1 in marks:
            shots[step + 1] = current.copy()

    net, hist, X, y, _ = run(s, callback=snap)
    keys = sorted(shots)
    fig = plt.figure(figsize=(12, 3.6), dpi=60)
    views = Views(fig, hist)

    def draw(k):
        step = keys[k]
        views.show(
            shots[step], X, y, upto=step, title=f"{s.label()}: step {step}"
        )

    anim = FuncAnimation(fig, draw, frames=len(keys), interval=400)
    plt.close(fig)
    return anim, hist


def playground(setting: Setting | None = None):
    """Build the live ipywidgets playground (needs a running kernel).

    ipywidgets is an optional dependency:
    ``pip install "mlp_core[playground]"``.
    """
    try:
        import ipywidgets as w
    except ModuleNotFoundError as err:
        raise ModuleNotFoundError(
            "the live playground needs ipywidgets, which is not installed: "
            "run %pip install ipywidgets (or install mlp_core[playground]) "
            "and restart the kernel"
        ) from err
    import matplotlib.pyplot as plt
    from IPython.display import display

    s = setting or Setting()
    # every control: a 110-px label, 330 px in all
    look = dict(style={"description_width": "110px"},
                layout=w.Layout(width="330px"))
    c = {
        "dataset": w.Dropdown(options=list(DATASETS), value=s.dataset,
                              description="data", **look),
        "noise": w.FloatSlider(value=s.noise, min=0.0, max=0.6, step=0.05,
                               description="noise", **look),
        "n_points": w.IntSlider(value=s.n_points, min=20, max=500, step=20,
                                description="points", **look),
        "hidden": w.IntSlider(value=s.hidden, min=1, max=50,
                              description="hidden units", **look),
        "hidden2": w.IntSlider(value=s.hidden2, min=0, max=50,
                               description="2nd layer (0: none)", **look),
        "activation": w.Dropdown(options=["sigmoid", "tanh", "relu"],
                                 value=s.activation,
                                 description="activation", **look),
        "lr": w.FloatLogSlider(value=s.lr, base=10, min=-3, max=1,
                               description="learning rate", **look),
        "l2": w.FloatLogSlider(value=max(s.l2, 1e-5), base=10, min=-5,
                               max=1, description="L2", **look),
        "l1": w.FloatLogSlider(value=max(s.l1, 1e-5), base=10, min=-5,
                               max=1, description="L1", **look),
        "use_reg": w.Checkbox(value=bool(s.l1 or s.l2),
                              description="use L1/L2", **look),
        "batch_size": w.IntSlider(value=s.batch_size, min=0, max=200,
                                  step=10, description="batch (0: all)",
                                  **look),
        "steps": w.IntSlider(value=s.steps, min=100, max=10000, step=100,
                             description="steps", **look),
    }
    button = w.Button(
        description="Train", button_style="primary", icon="play"
    )
    bar = w.IntProgress(value=0, min=0, max=s.steps, description="progress",
                        **look)
    status = w.Label()
    out = w.Output()

    def current() -> Setting:
        reg = c["use_reg"].value
        return Setting(
            dataset=c["dataset"].value,
            n_points=c["n_points"].value,
            noise=c["noise"].value,
            hidden=c["hidden"].value,
            hidden2=c["hidden2"].value,
            activation=c["activation"].value,
            lr=c["lr"].value,
            l2=c["l2"].value if reg else 0.0,
            l1=c["l1"].value if reg else 0.0,
            batch_size=c["batch_size"].value,
            steps=c["steps"].value,
            seed=s.seed,
        )

    def on_train(_=None):
        st = current()
        bar.max, bar.value = st.steps, 0
        every = max(1, st.steps // 20)

        def tick(step, net, loss):
            if (step + 1) % every == 0:
                bar.value = step + 1

        net, hist, X, y, secs = run(st, callback=tick)
        bar.value = st.steps
        note = f" (stopped: {hist.reason})" if hist.diverged else ""
        status.value = (
            f"trained {hist.steps} steps in {secs * 1000:.0f} ms{note}"
        )
        with out:
            out.clear_output(wait=True)
            fig = plt.figure(figsize=(12, 3.8))
            draw_views(fig, net, hist, X, y, title=st.label())
            plt.show()

    button.on_click(on_train)
    controls = w.VBox(list(c.values()) + [w.HBox([button, status]), bar])
    app = w.VBox([controls, out])
    display(app)
    on_train()
    return app


# ---------------------------------------------------- the browser playground
# The browser playground (web/playground/) mirrors mlp_core in JavaScript.
# What it shares with this module: the input features, the presets it loads
# from build_assets/playground/presets.js, and the runs it exports, which
# replay() retrains here.

_RUN_FORMAT = "mlp-playground-run"
_RUN_VERSION = 1
_GRADIENTS = ("correct", "article")  # null in a run means "correct"


def _feature_matrix(X, names, xname: str, names_name: str) -> np.ndarray:
    X = v.as_matrix(X, xname, width=2)
    names = v.check_sequence(
        names,
        names_name,
        lambda name, label: v.check_choice(name, label, FEATURES),
        "feature names",
    )
    for i, name in enumerate(names):
        if name in names[:i]:
            raise ValueError(
                f"{names_name} lists {name!r} twice "
                f"(at {names.index(name)} and {i})"
            )
    x1, x2 = X[:, 0], X[:, 1]
    return np.column_stack([_FEATURE_COLUMNS[name](x1, x2) for name in names])


def features(X, names) -> np.ndarray:
    """The matrix of inputs the network sees: one column per name in
    ``names``, in that order.

    ``X`` holds raw points, shape ``(N, 2)``, with coordinates ``x1`` and
    ``x2``; each name of :data:`FEATURES` is a formula in them (``"x1^2"``
    is ``x1`` squared, ``"x1*x2"`` the product of the two, ``"sin(x1)"``
    the sine of ``x1``); ``features(X, ["x1", "x2"])`` is a copy of ``X``.

    Features are how a network without hidden layers can still draw a
    curved boundary: on ``["x1", "x2", "x1*x2"]`` the XOR of the signs of
    ``x1`` and ``x2`` is whether the third input is negative. The browser
    playground computes them with the same formulas, so a network trained
    there takes the same inputs as one built here.
    """
    return _feature_matrix(X, names, "X", "names")


def _absent(value) -> bool:
    """True for a missing part of a run: null, or an empty list."""
    return value is None or (
        isinstance(value, (list, tuple, np.ndarray)) and len(value) == 0
    )


def _key(mapping, key: str, where: str):
    """``mapping[key]``, with an error naming the missing key or the wrong
    container.
    """
    if not isinstance(mapping, dict):
        raise TypeError(
            f"{where} must be an object (a dict), "
            f"got {type(mapping).__name__}"
        )
    if key not in mapping:
        raise ValueError(f"{where} has no key {key!r}")
    return mapping[key]


def _load_run(run) -> dict:
    if isinstance(run, (str, os.PathLike)):
        path = Path(run)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise FileNotFoundError(
                f"run: no such file {str(path)!r}"
            ) from None
        try:
            run = json.loads(text)
        except json.JSONDecodeError as err:
            raise ValueError(
                f"run: {str(path)!r} is not valid JSON ({err})"
            ) from None
    if not isinstance(run, dict):
        raise TypeError(
            "run must be an exported run (a dict parsed from its JSON) "
            "or the path of its .json file, "
            f"got {type(run).__name__}"
        )
    fmt = _key(run, "format", "run")
    if fmt != _RUN_FORMAT:
        raise ValueError(
            f"run['format'] must be {_RUN_FORMAT!r} "
            "(a run exported by the browser playground), "
            f"got {fmt!r}"
        )
    version = _key(run, "version", "run")
    if isinstance(version, bool) or version != _RUN_VERSION:
        raise ValueError(
            f"run['version'] is {version!r}, but this mlp_core reads version "
            f"{_RUN_VERSION} of the run format"
        )
    return run


def _layer_sizes(value, where: str) -> list:
    if not isinstance(value, (list, tuple)) or len(value) < 2:
        raise ValueError(
            f"{where} must be a list of at least 2 layer sizes, got {value!r}"
        )
    return [
        v.check_int(s, f"{where}[{i}]", minimum=1)
        for i, s in enumerate(value)
    ]


def _initial_parameters(initial, sizes, bias: bool):
    """The weight matrices and bias vectors of ``run["initial"]``, checked
    against the sizes.
    """
    where = "run['initial']"
    n = len(sizes) - 1
    wanted = [f"W{i}" for i in range(1, n + 1)] + (
        [f"b{i}" for i in range(1, n + 1)] if bias else []
    )
    if not isinstance(initial, dict):
        raise TypeError(
            f"{where} must be an object (a dict), "
            f"got {type(initial).__name__}"
        )
    for key in wanted:
        _key(initial, key, where)
    extra = sorted(set(initial) - set(wanted))
    if extra:
        biases_too = not bias and any(k.startswith("b") for k in extra)
        why = " (run['network']['bias'] is false)" if biases_too else ""
        raise ValueError(
            f"{where} has keys the network does not have: "
            f"{', '.join(extra)}{why}"
        )
    weights, biases = [], [] if bias else None
    for i in range(1, n + 1):
        W = v.as_matrix(initial[f"W{i}"], f"{where}['W{i}']")
        if W.shape != (sizes[i - 1], sizes[i]):
            raise ValueError(
                f"{where}['W{i}'] must have shape {(sizes[i - 1], sizes[i])} "
                f"(run['network']['layerSizes'] is {sizes}), got {W.shape}"
            )
        weights.append(W)
        if bias:
            b = initial[f"b{i}"]
            if not isinstance(b, (list, tuple, np.ndarray)):
                raise TypeError(
                    f"{where}['b{i}'] must be a list of {sizes[i]} numbers, "
                    f"got {type(b).__name__}"
                )
            b = v.as_matrix([b], f"{where}['b{i}']")[0]
            if b.shape != (sizes[i],):
                raise ValueError(
                    f"{where}['b{i}'] must be a list of {sizes[i]} numbers, "
                    f"got {b.shape[0]}"
                )
            biases.append(b)
    return weights, biases


def _orders(value, n_rows: int, needed: int) -> list:
    where = "run['orders']"
    if not isinstance(value, (list, tuple)):
        raise ValueError(
            f"{where} must be a list of row orders (one per epoch) "
            f"for a minibatch run, got {value!r}"
        )
    if len(value) < needed:
        raise ValueError(
            f"{where} has {len(value)} epoch orders, "
            f"but the recorded steps need {needed}"
        )
    out = []
    for e, order in enumerate(value):
        o = np.asarray(order)
        if o.shape != (n_rows,) or not np.issubdtype(o.dtype, np.integer) \
                or not np.array_equal(np.sort(o), np.arange(n_rows)):
            raise ValueError(
                f"{where}[{e}] must be a permutation of the row indices "
                f"0..{n_rows - 1} (run['data']['X'] has {n_rows} rows)"
            )
        out.append(o.astype(np.intp))
    return out


def _joined(parts, n_layers: int) -> History:
    """One :class:`History` from the histories of consecutive one-step
    runs.
    """
    def column(name, tail=()):
        if not parts:
            return np.empty((0,) + tail)
        return np.concatenate([getattr(h, name) for h in parts])

    return History(
        loss=column("loss"),
        accuracy=column("accuracy"),
        grad_norm=column("grad_norm"),
        layer_grad_norms=column("layer_grad_norms", (n_layers,)),
        lr=column("lr"),
    )


def replay(run) -> History:
    """Retrain a run exported by the browser playground, with
    :func:`mlp_core.train`.

    ``run`` is the exported run, as a dict parsed from its JSON or as the
    path of the ``.json`` file; ``web/playground/README.md`` describes the
    format (``"format": "mlp-playground-run"``, version 1). The browser
    records what a replay needs: the network's options, the raw data and
    the input features, the parameters the recorded steps start from, the
    learning rate, batch size and clipping, and one loss per step.

    The replay rebuilds the network from ``run["initial"]`` with
    :meth:`mlp_core.MLP.from_weights` (with ``"gradient": "article"``, as
    :class:`mlp_core.article.ArticleMLP`, whose backward step has the
    article's mistakes) and computes the inputs with :func:`features`.
    Then it takes as many steps as the run recorded losses:

    * full batch (``batchSize`` null): one call of :func:`mlp_core.train`
      for all the steps;
    * minibatches: each epoch's row order is in ``run["orders"]``; its
      batches are consecutive slices of ``batchSize`` rows (the last one of
      an epoch may be smaller), and each batch is one
      ``mlp_core.train(net, Xb, Yb, steps=1, ...)``.

    The browser's engine computes what mlp_core computes, operation for
    operation, so the replayed losses equal the recorded ones up to
    rounding; ``extra["relative_error"]`` below says how close they came.

    Returns the :class:`~mlp_core.History` of the replay (for minibatches,
    the one-step histories joined into one). Its ``extra`` dict holds
    ``net`` (the network after the last step), ``features`` (the feature
    names), ``X`` and ``Y`` (the inputs the network saw and the labels),
    ``X_test`` and ``Y_test`` (the same for the test set; None without
    one), ``recorded_loss`` (the browser's losses) and ``relative_error``
    (the largest relative difference between the two, over the steps
    replayed). If a replayed loss is not finite, the replay stops there
    and ``diverged_at`` says so, as :func:`mlp_core.train` does with
    ``on_divergence="stop"``.
    """
    run = _load_run(run)

    network = _key(run, "network", "run")
    sizes = _layer_sizes(_key(network, "layerSizes", "run['network']"),
                         "run['network']['layerSizes']")
    activation = v.check_choice(_key(network, "activation", "run['network']"),
                                "run['network']['activation']", HIDDEN)
    output = v.check_choice(_key(network, "output", "run['network']"),
                            "run['network']['output']", OUTPUT)
    loss = v.check_choice(
        _key(network, "loss", "run['network']"),
        "run['network']['loss']",
        LOSSES,
    )
    l2 = v.check_real(
        _key(network, "l2", "run['network']"),
        "run['network']['l2']",
        minimum=0.0,
    )
    l1 = v.check_real(
        _key(network, "l1", "run['network']"),
        "run['network']['l1']",
        minimum=0.0,
    )
    bias = _key(network, "bias", "run['network']")
    if not isinstance(bias, bool):
        raise TypeError(
            f"run['network']['bias'] must be true or false, got {bias!r}"
        )

    names = _key(run, "features", "run")
    data = _key(run, "data", "run")
    X = _feature_matrix(
        _key(data, "X", "run['data']"),
        names,
        "run['data']['X']",
        "run['features']",
    )
    Y = v.as_matrix(_key(data, "Y", "run['data']"), "run['data']['Y']")
    v.check_rows(X, Y, "run['data']['X']", "run['data']['Y']")
    X_test = Y_test = None
    if _absent(data.get("Xtest")) != _absent(data.get("Ytest")):
        raise ValueError(
            "run['data'] must have both 'Xtest' and 'Ytest' (a test set) "
            "or neither"
        )
    if not _absent(data.get("Xtest")):  # absent, null or []: no test set
        X_test = _feature_matrix(_key(data, "Xtest", "run['data']"), names,
                                 "run['data']['Xtest']", "run['features']")
        Y_test = v.as_matrix(
            _key(data, "Ytest", "run['data']"), "run['data']['Ytest']"
        )
        v.check_rows(
            X_test, Y_test, "run['data']['Xtest']", "run['data']['Ytest']"
        )
    if X.shape[1] != sizes[0]:
        raise ValueError(
            f"run['features'] gives {X.shape[1]} inputs, but "
            f"run['network']['layerSizes'] starts with {sizes[0]}"
        )
    for where, labels in (("Y", Y), ("Ytest", Y_test)):
        if labels is not None and labels.shape[1] != sizes[-1]:
            raise ValueError(
                f"run['data']['{where}'] has {labels.shape[1]} columns, but "
                f"run['network']['layerSizes'] ends with {sizes[-1]} outputs"
            )

    weights, biases = _initial_parameters(
        _key(run, "initial", "run"), sizes, bias
    )

    settings = _key(run, "train", "run")
    lr = v.check_real(
        _key(settings, "lr", "run['train']"),
        "run['train']['lr']",
        positive=True,
    )
    clip = _key(settings, "clipNorm", "run['train']")
    if clip is not None:
        clip = v.check_real(clip, "run['train']['clipNorm']", positive=True)
    batch = _key(settings, "batchSize", "run['train']")
    if batch is not None:
        batch = v.check_int(batch, "run['train']['batchSize']")
        if not 1 <= batch <= len(X):
            raise ValueError(
                "run['train']['batchSize'] must be between 1 "
                f"and the number of rows ({len(X)}), got {batch}"
            )
    gradient = _key(settings, "gradient", "run['train']")
    if gradient is None:
        gradient = "correct"
    v.check_choice(gradient, "run['train']['gradient']", _GRADIENTS)

    losses = _key(run, "losses", "run")
    if not isinstance(losses, (list, tuple, np.ndarray)):
        raise TypeError(
            "run['losses'] must be a list of numbers, "
            f"got {type(losses).__name__}"
        )
    recorded = np.array(
        [
            v.check_real(x, f"run['losses'][{i}]")
            for i, x in enumerate(losses)
        ],
        dtype=float,
    ).reshape(-1)
    steps = len(recorded)

    orders = _key(run, "orders", "run")
    if batch is not None and orders is None and batch == len(X):
        # a batch of every row is the full batch (as in mlp_core.train)
        batch = None
    if batch is None:
        if not _absent(orders):
            raise ValueError(
                "run['orders'] must be null for a full-batch run "
                "(run['train']['batchSize'] is null)"
            )
    else:
        per_epoch = math.ceil(len(X) / batch)
        orders = _orders(orders, len(X), math.ceil(steps / per_epoch))

    if gradient == "article":
        problems = []
        if len(sizes) != 3:
            problems.append(f"{len(sizes) - 2} hidden layers")
        if activation != "sigmoid":
            problems.append(f"activation {activation!r}")
        if output != "sigmoid":
            problems.append(f"output {output!r}")
        if loss != "mse":
            problems.append(f"loss {loss!r}")
        if bias:
            problems.append("biases")
        if l1:
            problems.append(f"l1 = {l1:g}")
        if problems:
            raise ValueError(
                "run['train']['gradient'] is 'article', "
                "but the article's backward step "
                "(mlp_core.article.ArticleMLP) only exists "
                "for the article's kind of network: "
                "one sigmoid hidden layer, a sigmoid output, the MSE loss, "
                "no biases and no L1 penalty; "
                f"this run's network has {', '.join(problems)}"
            )
        net = ArticleMLP.from_weights(
            weights,
            None,
            activation="sigmoid",
            output="sigmoid",
            loss="mse",
            l2=l2,
        )
    else:
        net = MLP.from_weights(
            weights,
            biases,
            activation=activation,
            output=output,
            loss=loss,
            l2=l2,
            l1=l1,
        )

    if batch is None:
        hist = train(
            net,
            X,
            Y,
            lr=lr,
            steps=steps,
            clip_norm=clip,
            on_divergence="stop",
        )
    else:
        parts, stop = [], None
        batches = (order[start:start + batch] for order in orders
                   for start in range(0, len(X), batch))
        for step, idx in zip(range(steps), batches):
            part = train(
                net,
                X[idx],
                Y[idx],
                lr=lr,
                steps=1,
                clip_norm=clip,
                on_divergence="stop",
            )
            if part.diverged:
                stop = (step, part.reason)
                break
            parts.append(part)
        hist = _joined(parts, net.n_layers)
        if stop is not None:
            hist.diverged_at, hist.reason = stop

    done = hist.steps
    # a wildly different run: error inf
    with np.errstate(over="ignore", invalid="ignore"):
        scale = np.maximum(np.abs(recorded[:done]), np.finfo(float).tiny)
        error = (
            float(np.max(np.abs(hist.loss - recorded[:done]) / scale))
            if done
            else 0.0
        )
    hist.extra.update(
        net=net,
        features=tuple(names),
        X=X,
        Y=Y,
        X_test=X_test,
        Y_test=Y_test,
        recorded_loss=recorded,
        relative_error=error,
    )
    return hist


def _nested(a) -> list:
    """A NumPy array as nested lists of Python floats (what ``json.dumps``
    writes exactly).
    """
    return np.asarray(a, dtype=float).tolist()


def _network_record(net: MLP, init: str) -> dict:
    """A network's options as the browser's run format names them."""
    return {"layerSizes": list(net.layer_sizes), "activation": net.activation,
            "output": net.output, "loss": net.loss_name, "l2": net.l2,
            "l1": net.l1, "bias": net.bias, "init": init}


def article_preset() -> dict:
    """What the browser playground needs to start from the original
    article's setting.

    Every number comes from mlp_core: the article's data
    (:func:`mlp_core.data.article_xor`: its 50 training points, and the
    other 250 as the test set), its network and initial weights
    (:func:`mlp_core.article.article_network`, i.e.
    :func:`~mlp_core.article.article_weights` for 50 hidden units) and its
    learning rate, penalty and width (the defaults of
    :func:`mlp_core.experiments.article_blowup`, where the book defines the
    article's setting: lr 0.003, l2 1e-4, 50 hidden units).

    The dict uses the sections of the browser's run format, so the page can
    start a run from it as it is: ``features`` (the raw ``x1, x2``),
    ``network``, ``train`` (full batch, no clipping, the article's
    ``"gradient": "article"``), ``data`` (``X, Y, Xtest, Ytest`` as nested
    lists) and ``initial`` (``W1, W2``: the article's network has no biases).
    """
    setting = {
        name: p.default
        for name, p in inspect.signature(article_blowup).parameters.items()
    }
    hidden, lr, l2 = setting["hidden"], setting["lr"], setting["l2"]
    X, Y, X_test, Y_test = datasets.article_xor()
    net = article_network(hidden, l2=l2)
    return {
        "features": list(FEATURES[:2]),
        # article_weights: uniform +-1/sqrt(fan_in)
        "network": _network_record(net, "uniform"),
        "train": {
            "lr": float(lr),
            "batchSize": None,
            "clipNorm": None,
            "gradient": "article",
        },
        "data": {
            "X": _nested(X),
            "Y": _nested(Y),
            "Xtest": _nested(X_test),
            "Ytest": _nested(Y_test),
        },
        "initial": {key: _nested(value) for key, value in net.params.items()},
    }


def worked_example() -> dict:
    """The article's worked example, :func:`mlp_core.data.worked_example`,
    as nested lists.

    ``{"X", "y", "W1", "W2"}``: one observation (shape ``(1, 2)``), its
    one-hot label, and the weights of the bias-free 2-3-2 network that the
    brick chapters push it through by hand. The browser's explorables start
    from these numbers, so their figures match the chapters' printed ones.
    """
    X, y, W1, W2 = datasets.worked_example()
    return {
        "X": _nested(X),
        "y": _nested(y),
        "W1": _nested(W1),
        "W2": _nested(W2),
    }


#: Chapter 5's run (``notebooks/05_training``): the 2-3-2 network with
#: biases, drawn by ``MLP([2, 3, 2], seed=0)``, trained on the four XOR
#: points by full-batch gradient descent with learning rate 2 for 2000
#: steps.
TRAINING_SEED, TRAINING_LR, TRAINING_STEPS = 0, 2.0, 2000


def training_preset() -> dict:
    """Chapter 5's training run, for its explorable in the browser.

    Every number comes from mlp_core: the data are :func:`mlp_core.data.xor`
    and the initial parameters those of ``MLP([2, 3, 2], seed=TRAINING_SEED)``
    (NumPy's draws, which the browser's generator cannot repeat). The
    sections are those of the browser's run format, as in
    :func:`article_preset`: ``network`` (its options, read from the network
    itself; ``init`` is MLP's default scheme, which drew the weights),
    ``train`` (``lr``, full batch, no clipping, the correct
    gradient), ``data`` (``X, Y``, no test set) and ``initial`` (``W1, b1,
    W2, b2``), plus ``seed`` and ``steps``, the chapter's number of updates.
    """
    X, Y = datasets.xor()
    net = MLP([2, 3, 2], seed=TRAINING_SEED)
    return {
        "features": list(FEATURES[:2]),
        "network": _network_record(
            net, inspect.signature(MLP).parameters["init"].default),
        "train": {
            "lr": float(TRAINING_LR),
            "batchSize": None,
            "clipNorm": None,
            "gradient": "correct",
        },
        "data": {
            "X": _nested(X),
            "Y": _nested(Y),
            "Xtest": None,
            "Ytest": None,
        },
        "initial": {key: _nested(value) for key, value in net.params.items()},
        "seed": TRAINING_SEED,
        "steps": TRAINING_STEPS,
    }


EXAMPLE_RUN = Path(__file__).resolve().parent / "runs" / "example_run.json"


def example_run() -> dict:
    """A run exported from the browser playground, kept with the package.

    Chapter 11 replays it with :func:`replay` to show that the browser's
    engine and mlp_core compute the same losses. It was recorded by
    ``tools/export_example_run.py``, which opens the built chapter in
    headless Chromium, trains there and saves ``exportRun()``'s result.
    """
    return json.loads(EXAMPLE_RUN.read_text(encoding="utf-8"))


__all__ = ["Setting", "DATASETS", "FEATURES", "make_data", "make_network",
           "run", "Views", "draw_views", "animate_preset", "playground",
           "features", "replay", "article_preset", "worked_example",
           "training_preset", "example_run"]
