"""The interactive playground: pick data and a network, train, watch it learn.

With a kernel (Jupyter, Binder, Colab) :func:`playground` returns an
ipywidgets app. In the static book there is no kernel, so the chapter shows
:func:`animate_preset` animations instead (plain JavaScript, no kernel).
Both use the same :func:`make_data`, :func:`make_network` and
:func:`draw_views`, so what the static page shows is what the live version
computes.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass

import numpy as np

from . import data as datasets
from .network import MLP
from .training import History, accuracy, train

DATASETS = {
    "XOR (4 points)": lambda n, noise, seed: datasets.xor(),
    "noisy XOR": lambda n, noise, seed: datasets.noisy_xor(n, noise=noise, seed=seed),
    "circles": lambda n, noise, seed: datasets.circles(n, noise=noise, seed=seed),
    "moons": lambda n, noise, seed: datasets.two_moons(n, noise=noise, seed=seed),
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
        layers = f"{self.hidden}" + (f"-{self.hidden2}" if self.hidden2 else "")
        return (f"{self.dataset}, hidden {layers} {self.activation}, lr {self.lr:g}"
                + (f", L2 {self.l2:g}" if self.l2 else "") + (f", L1 {self.l1:g}" if self.l1 else ""))


def make_data(s: Setting):
    """The (X, y) pair the setting asks for."""
    if s.dataset not in DATASETS:
        raise ValueError(f"dataset must be one of {sorted(DATASETS)}, got {s.dataset!r}")
    return DATASETS[s.dataset](s.n_points, s.noise, s.seed)


def make_network(s: Setting) -> MLP:
    """A softmax / cross-entropy classifier with the setting's hidden layers."""
    sizes = [2, s.hidden] + ([s.hidden2] if s.hidden2 else []) + [2]
    return MLP(sizes, activation=s.activation, output="softmax", loss="cross_entropy",
               l2=s.l2, l1=s.l1, seed=s.seed)


def run(s: Setting, *, callback=None):
    """Train a fresh network for the setting: returns ``(net, history, X, y, seconds)``."""
    X, y = make_data(s)
    net = make_network(s)
    batch = s.batch_size if 0 < s.batch_size < len(X) else None
    start = time.perf_counter()
    hist = train(net, X, y, lr=s.lr, steps=s.steps, batch_size=batch, seed=s.seed,
                 callback=callback, on_divergence="stop")
    return net, hist, X, y, time.perf_counter() - start


class Views:
    """The playground's three panels (network | decision boundary | training curves).

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
        fig.subplots_adjust(left=0.01, right=0.93, bottom=0.16, top=0.8, wspace=0.32)
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
        (self.acc_line,) = c2.plot([], [], color=plots.BLUE, lw=0.8, label="accuracy")
        c2.set_ylim(0, 1.05)
        c2.set_ylabel("batch accuracy")
        c.legend(handles=[self.loss_line, self.acc_line], loc="center right", fontsize=8)
        c.set_title("training")
        self.title = fig.suptitle("", fontsize=10)

    def show(self, net: MLP, X, y, *, upto: int | None = None, title: str | None = None) -> None:
        """Draw ``net`` (the network after ``upto`` steps) and the curves up to that step."""
        from . import plots

        n = self.hist.steps if upto is None else min(int(upto), self.hist.steps)
        self.net_ax.clear()
        plots.draw_network(net, self.net_ax)
        self.boundary_ax.clear()
        plots.plot_decision_boundary(net, X, y, self.boundary_ax, resolution=70, legend=False,
                                     title=f"accuracy {accuracy(net, X, y):.0%}")
        steps = np.arange(n)
        self.loss_line.set_data(steps, self.hist.loss[:n])
        self.acc_line.set_data(steps, self.hist.accuracy[:n])
        self.title.set_text(title or "")


def draw_views(fig, net: MLP, hist: History, X, y, *, title=None, upto=None) -> Views:
    """Network | decision boundary | loss and accuracy, on ``fig`` (cleared first)."""
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

    if isinstance(frames, bool) or not isinstance(frames, (int, np.integer)) or frames < 2:
        raise ValueError(f"frames must be an integer >= 2, got {frames!r}")
    marks = sorted(set(np.linspace(0, s.steps, int(frames), dtype=int).tolist()))
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
        views.show(shots[step], X, y, upto=step, title=f"{s.label()}: step {step}")

    anim = FuncAnimation(fig, draw, frames=len(keys), interval=400)
    plt.close(fig)
    return anim, hist


def playground(setting: Setting | None = None):
    """Build the live ipywidgets playground (needs a running kernel).

    ipywidgets is an optional dependency: ``pip install "mlp_core[playground]"``.
    """
    try:
        import ipywidgets as w
    except ModuleNotFoundError as err:
        raise ModuleNotFoundError(
            "the live playground needs ipywidgets, which is not installed: run "
            "%pip install ipywidgets (or install mlp_core[playground]) and restart the kernel"
        ) from err
    import matplotlib.pyplot as plt
    from IPython.display import display

    s = setting or Setting()
    style = {"description_width": "110px"}
    lay = w.Layout(width="330px")
    c = {
        "dataset": w.Dropdown(options=list(DATASETS), value=s.dataset, description="data", style=style, layout=lay),
        "noise": w.FloatSlider(value=s.noise, min=0.0, max=0.6, step=0.05, description="noise", style=style, layout=lay),
        "n_points": w.IntSlider(value=s.n_points, min=20, max=500, step=20, description="points", style=style, layout=lay),
        "hidden": w.IntSlider(value=s.hidden, min=1, max=50, description="hidden units", style=style, layout=lay),
        "hidden2": w.IntSlider(value=s.hidden2, min=0, max=50, description="2nd layer (0: none)", style=style, layout=lay),
        "activation": w.Dropdown(options=["sigmoid", "tanh", "relu"], value=s.activation, description="activation", style=style, layout=lay),
        "lr": w.FloatLogSlider(value=s.lr, base=10, min=-3, max=1, description="learning rate", style=style, layout=lay),
        "l2": w.FloatLogSlider(value=max(s.l2, 1e-5), base=10, min=-5, max=1, description="L2", style=style, layout=lay),
        "l1": w.FloatLogSlider(value=max(s.l1, 1e-5), base=10, min=-5, max=1, description="L1", style=style, layout=lay),
        "use_reg": w.Checkbox(value=bool(s.l1 or s.l2), description="use L1/L2", style=style, layout=lay),
        "batch_size": w.IntSlider(value=s.batch_size, min=0, max=200, step=10, description="batch (0: all)", style=style, layout=lay),
        "steps": w.IntSlider(value=s.steps, min=100, max=10000, step=100, description="steps", style=style, layout=lay),
    }
    button = w.Button(description="Train", button_style="primary", icon="play")
    bar = w.IntProgress(value=0, min=0, max=s.steps, description="progress", style=style, layout=lay)
    status = w.Label()
    out = w.Output()

    def current() -> Setting:
        reg = c["use_reg"].value
        return Setting(dataset=c["dataset"].value, n_points=c["n_points"].value, noise=c["noise"].value,
                       hidden=c["hidden"].value, hidden2=c["hidden2"].value, activation=c["activation"].value,
                       lr=c["lr"].value, l2=c["l2"].value if reg else 0.0, l1=c["l1"].value if reg else 0.0,
                       batch_size=c["batch_size"].value, steps=c["steps"].value, seed=s.seed)

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
        status.value = f"trained {hist.steps} steps in {secs * 1000:.0f} ms{note}"
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


__all__ = ["Setting", "DATASETS", "make_data", "make_network", "run", "Views", "draw_views",
           "animate_preset", "playground", "asdict"]
