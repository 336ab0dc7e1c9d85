"""Figures the chapters share: the network, decision boundaries, training curves.

Every function draws on a Matplotlib ``Axes`` (made for you when ``ax`` is
None) and returns the figure or axes, so a chapter can combine panels.
Figures have a white background (they stay readable in a dark theme),
labelled axes, and legends wherever colour carries meaning.

Colours: class 0 and negative weights are orange, class 1 and positive
weights are blue (a palette that colour-blind readers can tell apart).
Both have a contrast of at least 3:1 against white and against the
decision regions' light shading (tests/test_plots.py checks it), and the
classes differ by marker too: class 0 is a circle, class 1 a square.
"""

from __future__ import annotations

import numpy as np
import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.animation import FuncAnimation
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import _validate as v
from .network import MLP
from .training import History

ORANGE, BLUE, GREY = "#C45500", "#0072B2", "#555555"
CLASS_COLORS = (ORANGE, BLUE)
CLASS_MARKERS = ("o", "s")
# opacity of the decision regions' shading (tests check contrast on it)
SHADE_ALPHA = 0.22

BOOK_STYLE = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.grid": False,
    "legend.frameon": False,
    "svg.hashsalt": "mlp_core",
    "animation.embed_limit": 8.0,
}


def use_book_style() -> None:
    """Apply the book's Matplotlib settings (white background, fixed SVG hash salt)."""
    mpl.rcParams.update(BOOK_STYLE)


def _axes(ax, figsize=(5, 4)):
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    return ax


# ------------------------------------------------------------------ network
def draw_network(net, ax=None, *, title=None, max_width=6.0):
    """Draw the network: neurons as circles, weights as lines.

    Line colour gives the weight's sign (blue positive, orange negative) and
    line width its size relative to the largest weight. ``net`` is an
    :class:`~mlp_core.MLP` or a list of weight matrices.
    """
    weights = net._W if isinstance(net, MLP) else [np.asarray(W, dtype=float) for W in net]
    sizes = [weights[0].shape[0]] + [W.shape[1] for W in weights]
    ax = _axes(ax, figsize=(2.2 * len(sizes), 1.0 + 0.55 * max(4, min(max(sizes), 12))))
    top = max(sizes)
    gap = 2.0  # horizontal distance between layers
    pos = [[(gap * i, (n - 1) / 2 - j) for j in range(n)] for i, n in enumerate(sizes)]
    biggest = max(float(np.abs(W).max()) for W in weights) or 1.0
    for layer, W in enumerate(weights):
        for a in range(W.shape[0]):
            for b in range(W.shape[1]):
                w = W[a, b]
                (x0, y0), (x1, y1) = pos[layer][a], pos[layer + 1][b]
                ax.plot([x0, x1], [y0, y1], color=BLUE if w >= 0 else ORANGE,
                        lw=0.3 + max_width * abs(w) / biggest, alpha=0.85, zorder=1,
                        solid_capstyle="round")
    names = ["X"] + [f"h{i}" for i in range(1, len(sizes))]
    for layer, column in enumerate(pos):
        many = len(column) > 12
        for x, y in column:
            ax.add_patch(plt.Circle((x, y), 0.18 if not many else 0.08, facecolor="white",
                                    edgecolor=GREY, lw=1.2, zorder=2))
        ax.text(column[0][0], (top - 1) / 2 + 0.45, f"{names[layer]}\n({len(column)})",
                ha="center", va="bottom", fontsize=9)
    ax.legend(handles=[Line2D([], [], color=BLUE, lw=2.5, label="positive weight"),
                       Line2D([], [], color=ORANGE, lw=2.5, label="negative weight")],
              loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, fontsize=8)
    ax.set_xlim(-0.8, gap * (len(sizes) - 1) + 0.8)
    ax.set_ylim(-(top - 1) / 2 - 0.5, (top - 1) / 2 + 1.5)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


# --------------------------------------------------------- decision boundary
def _grid(X, resolution, margin=0.5):
    lo, hi = X.min(axis=0) - margin, X.max(axis=0) + margin
    xs = np.linspace(lo[0], hi[0], resolution)
    ys = np.linspace(lo[1], hi[1], resolution)
    gx, gy = np.meshgrid(xs, ys)
    return gx, gy, np.c_[gx.ravel(), gy.ravel()]


def class1_score(net: MLP, points) -> np.ndarray:
    """How strongly the network votes for class 1: ``h[:,1] - h[:,0]`` (or ``h - 0.5``)."""
    h = net.predict(points)
    return h[:, 0] - 0.5 if h.shape[1] == 1 else h[:, 1] - h[:, 0]


def plot_decision_boundary(net: MLP, X, Y, ax=None, *, resolution=150, title=None,
                           legend=True, test=None):
    """Shade the input plane by predicted class and overlay the labelled points.

    The shading is the predicted class (argmax of the output); the black
    line is the decision boundary, where the two outputs are equal.
    ``test=(X_test, Y_test)`` adds held-out points as hollow markers.
    """
    ax = _axes(ax)
    pts = X if test is None else np.vstack([X, test[0]])
    gx, gy, grid = _grid(pts, resolution)
    _shade(ax, net, gx, gy, grid)
    labels = Y.argmax(axis=1) if Y.shape[1] > 1 else (Y[:, 0] > 0.5).astype(int)
    for c in (0, 1):
        m = labels == c
        ax.scatter(X[m, 0], X[m, 1], s=40, color=CLASS_COLORS[c],
                   marker=CLASS_MARKERS[c], edgecolor="white", lw=0.6, zorder=3)
    if test is not None:
        tl = test[1].argmax(axis=1)
        for c in (0, 1):
            m = tl == c
            ax.scatter(test[0][m, 0], test[0][m, 1], s=22, facecolor="none",
                       marker=CLASS_MARKERS[c], edgecolor=CLASS_COLORS[c],
                       lw=1.0, zorder=3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_xlim(gx.min(), gx.max())
    ax.set_ylim(gy.min(), gy.max())
    if legend:
        handles = [Line2D([], [], ls="", marker=CLASS_MARKERS[c],
                          color=CLASS_COLORS[c], label=f"class {c}")
                   for c in (0, 1)]
        handles.append(Line2D([], [], color="black", lw=1.2, label="boundary"))
        if test is not None:
            handles.append(Line2D([], [], ls="", marker="o", mfc="none", color=GREY, label="held out"))
        ax.legend(handles=handles, loc="upper right", fontsize=8, framealpha=0.85, frameon=True)
    if title:
        ax.set_title(title)
    return ax


# ---------------------------------------------------------------- training
def _legend_below(ax, ncol=4):
    """Move an axes' legend under it, off the data (XOR's corner points sit where it was)."""
    old = ax.get_legend()
    if old is not None:
        handles, labels = old.legend_handles, [t.get_text() for t in old.get_texts()]
        old.remove()
        ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=ncol,
                  fontsize=8, frameon=False, handletextpad=0.3, columnspacing=1.0)


def _check_curve(values, name="values") -> np.ndarray:
    """``values`` as a 1-D float array (NaN allowed: it leaves a gap in the line)."""
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{name} must be a 1-D array of numbers, got {type(values).__name__}")
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a 1-D array of numbers") from None
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D (one value per step), got shape {arr.shape}")
    return arr


def plot_curve(values, ax=None, *, ylabel, label=None, log=False, title=None, **kwargs):
    """One per-step curve (loss, accuracy, gradient norm...) against the step number.

    ``values`` is 1-D (NaN leaves a gap); ``ylabel`` names the quantity.
    """
    values = _check_curve(values)
    if not isinstance(ylabel, str):
        raise TypeError(f"ylabel must be a string, got {type(ylabel).__name__}")
    ax = _axes(ax)
    ax.plot(np.arange(len(values)), values, label=label, **kwargs)
    ax.set_xlabel("training step")
    ax.set_ylabel(ylabel)
    if log:
        ax.set_yscale("log")
    if title:
        ax.set_title(title)
    return ax


def plot_training(history: History, net: MLP, X, Y, *, title=None, test=None):
    """The article's three panels: accuracy | decision boundary | loss.

    ``history`` is what :func:`~mlp_core.train` returned for ``net`` on
    ``(X, Y)``; the middle panel shows ``net`` as it is now (after training).
    """
    if not isinstance(history, History):
        raise TypeError(f"history must be a History (what train returns), got {type(history).__name__}")
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an MLP, got {type(net).__name__}")
    X, Y = net._check_XY(X, Y)
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8), gridspec_kw={"width_ratios": [1, 1.15, 1]})
    plot_curve(history.accuracy, axes[0], ylabel="accuracy (training batch)", color=BLUE)
    axes[0].set_ylim(-0.02, 1.02)
    axes[0].set_title("accuracy")
    plot_decision_boundary(net, X, Y, axes[1], test=test, title="decision boundary")
    _legend_below(axes[1])
    plot_curve(history.loss, axes[2], ylabel="loss L", color=ORANGE, title="loss")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def compare_curves(histories: dict, *, field="loss", ax=None, log=True, ylabel=None, title=None,
                   ceiling=1e30):
    """Overlay one field of several :class:`~mlp_core.History` objects, labelled by dict key.

    Values above ``ceiling`` (a run on its way to overflow) are drawn at the
    ceiling, so the line climbs to the top of the plot and stays on the
    page; a run that diverged ends with an x at the step of its last
    finite value (where training stopped).
    """
    ax = _axes(ax, figsize=(6, 4))
    for name, h in histories.items():
        values = np.asarray(getattr(h, field), dtype=float)
        finite = np.isfinite(values)
        shown = np.where(finite, np.minimum(values, ceiling), np.nan)
        line = plot_curve(shown, ax, ylabel=ylabel or field, label=name, log=log).lines[-1]
        if getattr(h, "diverged", False):
            last = np.flatnonzero(finite)
            if last.size:
                ax.plot(last[-1], shown[last[-1]], "x", color=line.get_color(), ms=9, mew=2)
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    return ax


def jshtml(anim):
    """An animation as self-contained HTML (``IPython.display.HTML``) that plays without a kernel.

    Matplotlib's player links Font Awesome 4 from a CDN for its button icons;
    we drop that link, because the book's pages already ship Font Awesome and
    must not fetch anything from a third party.
    """
    import re

    from IPython.display import HTML

    html = anim.to_jshtml()
    html = re.sub(r'<link rel="stylesheet"\s+href="https?://[^"]*font-awesome[^"]*">', "", html)
    return HTML(html)


def _frame_steps(steps: int, frames: int) -> list:
    """``frames`` distinct, evenly spaced steps from 0 (before training) to ``steps``."""
    return [int(round(i * steps / (frames - 1))) for i in range(frames)]


def _shade(ax, net: MLP, gx, gy, grid) -> list:
    """Shade the grid by predicted class and draw the boundary line; returns the artists.

    Used by :func:`plot_decision_boundary` and, frame by frame, by
    :func:`animate_training`.
    """
    score = class1_score(net, grid).reshape(gx.shape)
    cmap = mpl.colors.ListedColormap([ORANGE, BLUE])
    artists = [ax.contourf(gx, gy, (score > 0).astype(float), levels=[-0.5, 0.5, 1.5],
                           cmap=cmap, alpha=SHADE_ALPHA)]
    if score.min() < 0 < score.max():
        artists.append(ax.contour(gx, gy, score, levels=[0.0], colors="black", linewidths=1.2))
    return artists


def _flipbook(pictures, interval: int) -> FuncAnimation:
    """A ``FuncAnimation`` that shows ready-made RGB pictures, one per frame, pixel for pixel.

    Saving an animation (``to_jshtml``) draws the whole figure once per
    frame; here that is a single image, so it is quick. The figure is sized
    so that at the ``savefig.dpi`` in force now one picture pixel is one
    saved pixel. Matplotlib's movie writers round frames down to an even
    number of pixels, so give pictures an even width and height.
    """
    height, width = pictures[0].shape[:2]
    dpi = mpl.rcParams["savefig.dpi"]
    dpi = 100.0 if dpi == "figure" else float(dpi)
    # (+ 0.01 pixel: width / dpi * dpi can round down to one pixel less)
    fig = plt.figure(figsize=((width + 0.01) / dpi, (height + 0.01) / dpi), dpi=dpi)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.axis("off")
    image = ax.imshow(pictures[0], interpolation="nearest", aspect="auto")

    def show(k):
        image.set_data(pictures[k])
        return [image]

    anim = FuncAnimation(fig, show, frames=len(pictures), init_func=lambda: show(0),
                         interval=interval)
    plt.close(fig)
    return anim


def animate_training(net: MLP, X, Y, *, lr, steps, frames=24, resolution=60, dpi=72,
                     interval=300, **train_kwargs):
    """Train ``net`` in place and return ``(animation, history)``: the boundary moving as it learns.

    Snapshots of the network are taken at ``frames`` evenly spaced steps,
    from 0 (before any update) to ``steps``. Each frame shows one snapshot's
    decision boundary over the data, with the step and the accuracy on
    ``(X, Y)`` in the title, next to the loss curve drawn up to that step
    (the whole run in light grey behind it, on a log scale). Other keyword
    arguments go to :func:`~mlp_core.train`; if training stops early
    (``on_divergence="stop"``), the frames end where it stopped.

    Embed the result in a page with :func:`jshtml`. That renders every
    frame to a PNG, and re-drawing a two-panel figure with all its text
    costs a few tenths of a second per frame. So the frames are drawn here
    instead, by *blitting*: the figure is drawn once without the parts that
    move, and each frame pastes that background and draws only the
    shading, the boundary line, the points, the title and the curve on top.
    The animation then plays those pictures. ``resolution`` is the number
    of grid points per axis for the boundary, ``dpi`` the pictures'
    resolution, ``interval`` the milliseconds between frames.

    The returned animation has two extra attributes: ``frame_steps`` (the
    step of each frame) and ``pictures`` (the RGB arrays it plays).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PathCollection
    from matplotlib.figure import Figure

    from .training import accuracy, train

    if not isinstance(net, MLP):
        raise TypeError(f"net must be an MLP, got {type(net).__name__}")
    X, Y = net._check_XY(X, Y)
    if X.shape[1] != 2:
        raise ValueError(f"X must have 2 columns (points in the plane), got shape {X.shape}")
    steps = v.check_int(steps, "steps", minimum=1)
    frames = v.check_int(frames, "frames", minimum=2)
    if frames > steps + 1:
        raise ValueError(f"frames must be at most steps + 1 ({steps + 1}), got {frames}")
    resolution = v.check_int(resolution, "resolution", minimum=2)
    dpi = v.check_real(dpi, "dpi", minimum=20.0)
    interval = v.check_int(interval, "interval", minimum=1)
    if "callback" in train_kwargs:
        raise TypeError("animate_training records snapshots with its own callback; "
                        "call train yourself if you need another one")

    marks = _frame_steps(steps, frames)
    wanted = set(marks)
    shots = {0: net.copy()}

    def snapshot(step, current, loss):
        if step + 1 in wanted:
            shots[step + 1] = current.copy()

    history = train(net, X, Y, lr=lr, steps=steps, callback=snapshot, **train_kwargs)
    keys = [m for m in marks if m in shots]
    loss = history.loss

    # The background: everything that does not move.
    fig = Figure(figsize=(8, 3.3), dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    axb, axl = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.15]})
    plot_decision_boundary(shots[0], X, Y, axb, resolution=resolution, title="after 0 steps")
    _legend_below(axb)
    for artist in list(axb.collections):
        if isinstance(artist, mpl.contour.ContourSet):
            artist.remove()      # the shading is drawn per frame
    points = [c for c in axb.collections if isinstance(c, PathCollection)]
    gx, gy, grid = _grid(X, resolution)
    loss = np.where(np.abs(loss) < 1e30, loss, np.nan)   # a run on its way to overflow
    plot_curve(loss, axl, ylabel="loss L (log scale)", color="#cccccc", log=True,
               title="loss", label="whole run")
    axl.set_xlim(0, steps)
    (done,) = axl.plot([], [], color=ORANGE, label="up to this frame")
    (now,) = axl.plot([], [], "o", color=ORANGE, ms=5)
    axl.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    axb.title.set_visible(False)
    canvas.draw()
    background = canvas.copy_from_bbox(fig.bbox)
    axb.title.set_visible(True)

    pictures = []
    for step in keys:
        canvas.restore_region(background)
        shading = _shade(axb, shots[step], gx, gy, grid)
        axb.set_title(f"after {step} steps: accuracy {accuracy(shots[step], X, Y):.0%}")
        upto = min(step + 1, len(loss))           # loss[t] is the loss after t updates
        done.set_data(np.arange(upto), loss[:upto])
        now.set_data([upto - 1] if upto else [], [loss[upto - 1]] if upto else [])
        for artist in [*shading, *points, *axb.spines.values(), axb.title,
                       done, now]:
            fig.draw_artist(artist)
        rgb = np.asarray(canvas.buffer_rgba())[:, :, :3]
        h, w = rgb.shape[:2]
        pictures.append(rgb[:h - h % 2, :w - w % 2].copy())   # even sizes, see _flipbook
        for artist in shading:
            artist.remove()

    anim = _flipbook(pictures, interval)
    anim.frame_steps, anim.pictures = keys, pictures
    return anim, history
