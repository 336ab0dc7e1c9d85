"""Figures the chapters share: the network, decision boundaries, training curves.

Every function draws on a Matplotlib ``Axes`` (made for you when ``ax`` is
None) and returns the figure or axes, so a chapter can combine panels.
Figures have a white background (they stay readable in a dark theme),
labelled axes, and legends wherever colour carries meaning.

Colours: class 0 and negative weights are orange, class 1 and positive
weights are blue (a palette that colour-blind readers can tell apart).
"""

from __future__ import annotations

import numpy as np
import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.animation import FuncAnimation
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .network import MLP
from .training import History

ORANGE, BLUE, GREY = "#E69F00", "#0072B2", "#555555"
CLASS_COLORS = (ORANGE, BLUE)

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
    score = class1_score(net, grid).reshape(gx.shape)
    cmap = mpl.colors.ListedColormap([ORANGE, BLUE])
    ax.contourf(gx, gy, (score > 0).astype(float), levels=[-0.5, 0.5, 1.5], cmap=cmap, alpha=0.22)
    if score.min() < 0 < score.max():
        ax.contour(gx, gy, score, levels=[0.0], colors="black", linewidths=1.2)
    labels = Y.argmax(axis=1) if Y.shape[1] > 1 else (Y[:, 0] > 0.5).astype(int)
    for c in (0, 1):
        m = labels == c
        ax.scatter(X[m, 0], X[m, 1], s=40, color=CLASS_COLORS[c], edgecolor="white", lw=0.6, zorder=3)
    if test is not None:
        tl = test[1].argmax(axis=1)
        for c in (0, 1):
            m = tl == c
            ax.scatter(test[0][m, 0], test[0][m, 1], s=22, facecolor="none",
                       edgecolor=CLASS_COLORS[c], lw=1.0, zorder=3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_xlim(gx.min(), gx.max())
    ax.set_ylim(gy.min(), gy.max())
    if legend:
        handles = [Line2D([], [], ls="", marker="o", color=CLASS_COLORS[c], label=f"class {c}")
                   for c in (0, 1)]
        handles.append(Line2D([], [], color="black", lw=1.2, label="boundary"))
        if test is not None:
            handles.append(Line2D([], [], ls="", marker="o", mfc="none", color=GREY, label="held out"))
        ax.legend(handles=handles, loc="upper right", fontsize=8, framealpha=0.85, frameon=True)
    if title:
        ax.set_title(title)
    return ax


# ---------------------------------------------------------------- training
def plot_curve(values, ax=None, *, ylabel, label=None, log=False, title=None, **kwargs):
    """One per-step curve (loss, accuracy, gradient norm...) against the step number."""
    ax = _axes(ax)
    values = np.asarray(values)
    ax.plot(np.arange(len(values)), values, label=label, **kwargs)
    ax.set_xlabel("training step")
    ax.set_ylabel(ylabel)
    if log:
        ax.set_yscale("log")
    if title:
        ax.set_title(title)
    return ax


def plot_training(history: History, net: MLP, X, Y, *, title=None, test=None):
    """The article's three panels: accuracy | decision boundary | loss."""
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.8), gridspec_kw={"width_ratios": [1, 1.15, 1]})
    plot_curve(history.accuracy, axes[0], ylabel="accuracy (training batch)", color=BLUE)
    axes[0].set_ylim(-0.02, 1.02)
    axes[0].set_title("accuracy")
    plot_decision_boundary(net, X, Y, axes[1], test=test, title="decision boundary")
    plot_curve(history.loss, axes[2], ylabel="loss L", color=ORANGE, title="loss")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def compare_curves(histories: dict, *, field="loss", ax=None, log=True, ylabel=None, title=None):
    """Overlay one field of several :class:`History` objects, labelled by dict key.

    Values above 1e30 (a run on its way to overflow) are left out of the
    line, and a run that diverged ends with a black x at its last plotted point.
    """
    ax = _axes(ax, figsize=(6, 4))
    for name, h in histories.items():
        values = np.asarray(getattr(h, field), dtype=float)
        shown = np.where(np.abs(values) < 1e30, values, np.nan)
        line = plot_curve(shown, ax, ylabel=ylabel or field, label=name, log=log).lines[-1]
        if getattr(h, "diverged", False):
            last = np.flatnonzero(np.isfinite(shown))
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


def animate_training(net: MLP, X, Y, *, lr, steps, frames=24, resolution=60, **train_kwargs):
    """Train ``net`` and return a ``FuncAnimation`` of its boundary and loss.

    ``frames`` snapshots are taken at evenly spaced steps; embed the result
    in a page with :func:`jshtml` so it plays without a kernel (and
    without fetching anything). Returns ``(animation, history)``.
    """
    from .training import train

    marks = set(np.linspace(0, steps, frames, dtype=int).tolist())
    shots = {}
    if 0 in marks:
        shots[0] = net.copy()

    def snapshot(step, current, loss):
        if step + 1 in marks:
            shots[step + 1] = current.copy()

    history = train(net, X, Y, lr=lr, steps=steps, callback=snapshot, **train_kwargs)
    keys = sorted(shots)
    fig, (axb, axl) = plt.subplots(1, 2, figsize=(8, 3.3), dpi=72)
    gx, gy, grid = _grid(X, resolution)
    loss = history.loss

    def draw(k):
        step = keys[k]
        axb.clear()
        plot_decision_boundary(shots[step], X, Y, axb, resolution=resolution,
                               title=f"decision boundary after {step} steps")
        axl.clear()
        plot_curve(loss, axl, ylabel="loss L", color="#bbbbbb", log=True, title="loss")
        upto = min(step, len(loss))
        axl.plot(np.arange(upto), loss[:upto], color=ORANGE)
        fig.tight_layout()

    anim = FuncAnimation(fig, draw, frames=len(keys), interval=250)
    plt.close(fig)
    return anim, history
