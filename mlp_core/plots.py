"""Figures the chapters share: the network, decision boundaries, curves.

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
from matplotlib.lines import Line2D

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
    """Apply the book's Matplotlib settings (white background, SVG salt).

    In IPython it also makes figures display through
    :func:`mlp_core.display.figure_png`, which records the size of each
    figure's smallest text in the PNG (the site tests check it is legible).
    """
    from .display import register_figure_png

    mpl.rcParams.update(BOOK_STYLE)
    register_figure_png()


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
    weights = (
        net._W
        if isinstance(net, MLP)
        else [np.asarray(W, dtype=float) for W in net]
    )
    sizes = [weights[0].shape[0]] + [W.shape[1] for W in weights]
    ax = _axes(
        ax,
        figsize=(2.2 * len(sizes), 1.0 + 0.55 * max(4, min(max(sizes), 12))),
    )
    top = max(sizes)
    gap = 2.0  # horizontal distance between layers
    pos = [
        [(gap * i, (n - 1) / 2 - j) for j in range(n)]
        for i, n in enumerate(sizes)
    ]
    biggest = max(float(np.abs(W).max()) for W in weights) or 1.0
    for layer, W in enumerate(weights):
        for a in range(W.shape[0]):
            for b in range(W.shape[1]):
                w = W[a, b]
                (x0, y0), (x1, y1) = pos[layer][a], pos[layer + 1][b]
                ax.plot(
                    [x0, x1],
                    [y0, y1],
                    color=BLUE if w >= 0 else ORANGE,
                    lw=0.3 + max_width * abs(w) / biggest,
                    alpha=0.85,
                    zorder=1,
                    solid_capstyle="round",
                )
    names = ["X"] + [f"h{i}" for i in range(1, len(sizes))]
    for layer, column in enumerate(pos):
        many = len(column) > 12
        for x, y in column:
            ax.add_patch(
                plt.Circle(
                    (x, y),
                    0.18 if not many else 0.08,
                    facecolor="white",
                    edgecolor=GREY,
                    lw=1.2,
                    zorder=2,
                )
            )
        ax.text(
            column[0][0],
            (top - 1) / 2 + 0.45,
            f"{names[layer]}\n({len(column)})",
            ha="center",
            va="bottom",
            fontsize=9,
        )
    ax.legend(
        handles=[
            Line2D([], [], color=BLUE, lw=2.5, label="positive weight"),
            Line2D([], [], color=ORANGE, lw=2.5, label="negative weight"),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=2,
        fontsize=8,
    )
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
    """How strongly the network votes for class 1.

    ``h[:, 1] - h[:, 0]`` for two outputs, ``h - 0.5`` for one.
    """
    h = net.predict(points)
    return h[:, 0] - 0.5 if h.shape[1] == 1 else h[:, 1] - h[:, 0]


def plot_decision_boundary(
    net: MLP,
    X,
    Y,
    ax=None,
    *,
    resolution=150,
    title=None,
    legend=True,
    test=None,
):
    """Shade the plane by predicted class and overlay the labelled points.

    The shading is the predicted class (argmax of the output); the black
    line is the decision boundary, where the two outputs are equal.
    ``test=(X_test, Y_test)`` adds held-out points as hollow markers.
    """
    ax = _axes(ax)
    pts = X if test is None else np.vstack([X, test[0]])
    gx, gy, grid = _grid(pts, resolution)
    _shade(ax, net, gx, gy, grid)
    labels = (
        Y.argmax(axis=1) if Y.shape[1] > 1 else (Y[:, 0] > 0.5).astype(int)
    )
    for c in (0, 1):
        m = labels == c
        ax.scatter(
            X[m, 0],
            X[m, 1],
            s=40,
            color=CLASS_COLORS[c],
            marker=CLASS_MARKERS[c],
            edgecolor="white",
            lw=0.6,
            zorder=3,
        )
    if test is not None:
        tl = test[1].argmax(axis=1)
        for c in (0, 1):
            m = tl == c
            ax.scatter(
                test[0][m, 0],
                test[0][m, 1],
                s=22,
                facecolor="none",
                marker=CLASS_MARKERS[c],
                edgecolor=CLASS_COLORS[c],
                lw=1.0,
                zorder=3,
            )
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_xlim(gx.min(), gx.max())
    ax.set_ylim(gy.min(), gy.max())
    if legend:
        handles = [
            Line2D(
                [],
                [],
                ls="",
                marker=CLASS_MARKERS[c],
                color=CLASS_COLORS[c],
                label=f"class {c}",
            )
            for c in (0, 1)
        ]
        handles.append(
            Line2D([], [], color="black", lw=1.2, label="boundary")
        )
        if test is not None:
            handles.append(
                Line2D(
                    [],
                    [],
                    ls="",
                    marker="o",
                    mfc="none",
                    color=GREY,
                    label="held out",
                )
            )
        ax.legend(
            handles=handles,
            loc="upper right",
            fontsize=8,
            framealpha=0.85,
            frameon=True,
        )
    if title:
        ax.set_title(title)
    return ax


# ---------------------------------------------------------------- training
def _legend_below(ax, ncol=4):
    """Move an axes' legend under it, off the data.

    (XOR's corner points sit where it was.)
    """
    old = ax.get_legend()
    if old is not None:
        handles, labels = old.legend_handles, [
            t.get_text() for t in old.get_texts()
        ]
        old.remove()
        ax.legend(
            handles,
            labels,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.2),
            ncol=ncol,
            fontsize=8,
            frameon=False,
            handletextpad=0.3,
            columnspacing=1.0,
        )


def _check_curve(values, name="values") -> np.ndarray:
    """``values`` as a 1-D float array (NaN allowed: a gap in the line)."""
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(
            f"{name} must be a 1-D array of numbers, "
            f"got {type(values).__name__}"
        )
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a 1-D array of numbers") from None
    if arr.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D (one value per step), got shape {arr.shape}"
        )
    return arr


def plot_curve(
    values, ax=None, *, ylabel, label=None, log=False, title=None, **kwargs
):
    """One per-step curve (loss, accuracy, gradient norm...) against the step.

    ``values`` is 1-D (NaN leaves a gap); ``ylabel`` names the quantity.
    """
    values = _check_curve(values)
    if not isinstance(ylabel, str):
        raise TypeError(
            f"ylabel must be a string, got {type(ylabel).__name__}"
        )
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
        raise TypeError(
            "history must be a History (what train returns), "
            f"got {type(history).__name__}"
        )
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an MLP, got {type(net).__name__}")
    X, Y = net._check_XY(X, Y)
    fig, axes = plt.subplots(
        1, 3, figsize=(13, 3.8), gridspec_kw={"width_ratios": [1, 1.15, 1]}
    )
    plot_curve(
        history.accuracy,
        axes[0],
        ylabel="accuracy (training batch)",
        color=BLUE,
    )
    axes[0].set_ylim(-0.02, 1.02)
    axes[0].set_title("accuracy")
    plot_decision_boundary(
        net, X, Y, axes[1], test=test, title="decision boundary"
    )
    _legend_below(axes[1])
    plot_curve(
        history.loss, axes[2], ylabel="loss L", color=ORANGE, title="loss"
    )
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def compare_curves(
    histories: dict,
    *,
    field="loss",
    ax=None,
    log=True,
    ylabel=None,
    title=None,
    ceiling=1e30,
):
    """Overlay one field of several :class:`~mlp_core.History` objects.

    Each curve is labelled by its key in ``histories``.

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
        line = plot_curve(
            shown, ax, ylabel=ylabel or field, label=name, log=log
        ).lines[-1]
        if getattr(h, "diverged", False):
            last = np.flatnonzero(finite)
            if last.size:
                ax.plot(
                    last[-1],
                    shown[last[-1]],
                    "x",
                    color=line.get_color(),
                    ms=9,
                    mew=2,
                )
    ax.legend(fontsize=8)
    if title:
        ax.set_title(title)
    return ax


# ---------------------------------------------------------------- animation
class Flipbook:
    """Ready-made frames and a sentence for each: what :func:`jshtml` plays.

    ``pictures`` are RGB arrays (``uint8``, height x width x 3, all the same
    size); ``texts[k]`` says in words what frame ``k`` shows (its text
    alternative, for readers who cannot see it); ``interval`` is the
    milliseconds between frames when playing; ``label`` names the whole
    animation. A notebook shows a flipbook as its player.
    """

    def __init__(self, pictures, texts, *, interval=300, label="Animation"):
        pictures = [np.asarray(p) for p in pictures]
        if not pictures:
            raise ValueError("a flipbook needs at least one picture")
        shape = pictures[0].shape
        for p in pictures:
            if p.dtype != np.uint8 or p.ndim != 3 or p.shape[2] != 3:
                raise ValueError("pictures must be RGB arrays of uint8")
            if p.shape != shape:
                raise ValueError("pictures must all have the same size")
        texts = [str(t) for t in texts]
        if len(texts) != len(pictures):
            raise ValueError(
                f"{len(pictures)} pictures but {len(texts)} "
                "texts: give one text per picture"
            )
        self.pictures, self.texts = pictures, texts
        self.interval = v.check_int(interval, "interval", minimum=1)
        self.label = str(label)

    def __len__(self):
        return len(self.pictures)

    def _repr_html_(self):
        return jshtml(self).data


def _quantized(rgb):
    """``rgb`` reduced to a palette of at most 64 colours (a Pillow image).

    The frames are flat shading, lines and anti-aliased text on white: 64
    colours keep them looking the same, and a palette PNG is about a
    third of the size of a full-colour one. No dithering: it would
    sprinkle noise over the flat areas (which PNG compresses badly).
    """
    from PIL import Image

    return Image.fromarray(np.ascontiguousarray(rgb)).quantize(
        colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )


def _png(rgb) -> bytes:
    """One frame as PNG bytes: palette, best compression, no metadata.

    Pillow writes no time stamp, so the same picture always gives the same
    bytes and a rebuilt page is identical to the last one.
    """
    import io

    buffer = io.BytesIO()
    _quantized(rgb).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _grab_frames(anim):
    """Every frame of a Matplotlib animation, as RGB arrays.

    ``anim.save`` drives the animation frame by frame, as it does for a
    movie file; our "writer" keeps each frame as a picture instead.
    """
    import io

    from matplotlib.animation import AbstractMovieWriter
    from PIL import Image

    class Grabber(AbstractMovieWriter):
        def __init__(self):
            super().__init__()
            self.pictures = []

        def setup(self, fig, outfile, dpi=None):
            self.fig, self.dpi = fig, dpi or fig.dpi

        def grab_frame(self, **savefig_kwargs):
            buffer = io.BytesIO()
            self.fig.savefig(
                buffer, format="png", dpi=self.dpi, **savefig_kwargs
            )
            with Image.open(buffer) as image:
                self.pictures.append(np.asarray(image.convert("RGB")))

        def finish(self):
            pass

    grabber = Grabber()
    anim.save("frames", writer=grabber)
    return grabber.pictures


_ICONS = {  # 16 x 16 outlines of the buttons (drawn in the text colour)
    "first": "M3 2h2v12H3zM14 2v12L6 8z",
    "previous": "M12 2v12L4 8z",
    "play": "M4 2v12l10-6z",
    "pause": "M3 2h4v12H3zM9 2h4v12H9z",
    "next": "M4 2v12l8-6z",
    "last": "M11 2h2v12h-2zM2 2v12l8-6z",
}
_BUTTONS = (
    ("first", "First frame"),
    ("previous", "Previous frame"),
    ("play", "Play"),
    ("next", "Next frame"),
    ("last", "Last frame"),
)

# Scoped to the player's class. The buttons are dark on white in the light
# and in the dark theme alike, like the frames; the rest takes the page's
# text colour, so it reads in both.
_STYLE = """<style>
.mlp-anim{margin:0 0 1em 0;max-width:100%}
.mlp-anim img{display:block;max-width:100%;height:auto;background:#fff}
.mlp-anim-bar{display:flex;flex-wrap:wrap;align-items:center;gap:.4em;
margin:.4em 0}
.mlp-anim button{display:inline-flex;align-items:center;
justify-content:center;width:2.4em;height:2.2em;padding:0;margin:0;
background:#fff;color:#1a1a1a;border:1px solid #555;border-radius:4px;
cursor:pointer}
.mlp-anim button:hover{background:#e3edf5}
.mlp-anim button svg{width:1em;height:1em;fill:currentColor}
.mlp-anim button:focus-visible,.mlp-anim input:focus-visible,
.mlp-anim summary:focus-visible{outline:3px solid #0072B2;
outline-offset:2px}
.mlp-anim label{display:inline-flex;align-items:center;gap:.4em;
margin-left:.4em}
.mlp-anim input[type=range]{width:12em;max-width:50vw;
accent-color:#0072B2}
.mlp-anim-status{margin:.2em 0;min-height:1.5em}
.mlp-anim details{margin:.2em 0}
.mlp-anim summary{cursor:pointer}
</style>"""

# A classic script, all inside one function: it defines no global name, so
# any number of players can share a page. It finds its own player by
# ``data-player`` (the hash of the frames). JupyterLab runs the script
# before the output is on the page, so it tries again until it is there.
_SCRIPT = """<script>
(function () {
  "use strict";
  var KEY = %(key)s, INTERVAL = %(interval)d;
  var FRAMES = %(frames)s;
  var TEXTS = %(texts)s;
  var ICONS = %(icons)s;
  var N = FRAMES.length;
  function describe(k) {
    return "Frame " + (k + 1) + " of " + N + (TEXTS[k] ? ": " + TEXTS[k]
                                                       : "");
  }
  function setup(root) {
    root.setAttribute("data-ready", "");
    var img = root.querySelector("img");
    var slider = root.querySelector("input[type=range]");
    var status = root.querySelector(".mlp-anim-status");
    var play = root.querySelector("button[data-act=play]");
    var k = 0, timer = null, loaded = 0;
    FRAMES.forEach(function (src) {        // decode every frame once
      var pic = new Image();
      pic.onload = function () {
        loaded += 1;
        if (loaded === N) root.setAttribute("data-loaded", String(N));
      };
      pic.src = src;
    });
    function show(j) {
      k = Math.max(0, Math.min(N - 1, j));
      img.src = FRAMES[k];
      img.alt = describe(k);
      slider.value = String(k + 1);
      slider.setAttribute("aria-valuetext", describe(k));
      status.textContent = describe(k);
    }
    function icon(name) {
      play.querySelector("path").setAttribute("d", ICONS[name]);
    }
    function pause() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      play.setAttribute("aria-label", "Play");
      play.title = "Play";
      icon("play");
      status.setAttribute("aria-live", "polite");  // heard when paused
      status.textContent = describe(k);
    }
    function start() {
      if (k === N - 1) show(0);
      status.setAttribute("aria-live", "off");   // silent while playing
      play.setAttribute("aria-label", "Pause");
      play.title = "Pause";
      icon("pause");
      timer = setInterval(function () {
        show(k + 1);
        if (k === N - 1) pause();                 // stop at the end
      }, INTERVAL);
    }
    root.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-act]");
      if (!button || !root.contains(button)) return;
      var act = button.getAttribute("data-act");
      if (act === "play") {
        if (timer === null) start(); else pause();
        return;
      }
      pause();
      if (act === "first") show(0);
      else if (act === "previous") show(k - 1);
      else if (act === "next") show(k + 1);
      else if (act === "last") show(N - 1);
    });
    slider.addEventListener("input", function () {
      pause();
      show(Number(slider.value) - 1);
    });
  }
  function attach(tries) {
    var found = document.querySelectorAll(
      "div.mlp-anim[data-player='" + KEY + "']:not([data-ready])");
    for (var i = 0; i < found.length; i += 1) setup(found[i]);
    if (!found.length && tries > 0) {
      setTimeout(function () { attach(tries - 1); }, 50);
    }
  }
  attach(40);
})();
</script>"""


def _js(value) -> str:
    """``value`` as a JavaScript literal that cannot end the script early."""
    import json

    return json.dumps(value).replace("</", "<\\/")


def _player(book: Flipbook) -> str:
    """The HTML of the book's animation player for ``book`` (see jshtml)."""
    import base64
    import hashlib
    from html import escape

    pngs = [_png(p) for p in book.pictures]
    frames = [
        "data:image/png;base64," + base64.b64encode(b).decode() for b in pngs
    ]
    digest = hashlib.sha256()
    for part in [
        *pngs,
        *(t.encode() for t in book.texts),
        str(book.interval).encode(),
        book.label.encode(),
    ]:
        digest.update(hashlib.sha256(part).digest())
    key = "mlpanim-" + digest.hexdigest()[:16]
    n = len(frames)

    def describe(k):
        text = book.texts[k]
        return f"Frame {k + 1} of {n}" + (f": {text}" if text else "")

    height, width = book.pictures[0].shape[:2]
    buttons = "".join(
        f'<button type="button" data-act="{act}" aria-label="{name}" '
        f'title="{name}"><svg viewBox="0 0 16 16" aria-hidden="true" '
        f'focusable="false"><path d="{_ICONS[act]}"/></svg></button>'
        for act, name in _BUTTONS
    )
    items = "".join(
        f"<li>{escape(t or f'frame {k + 1}')}</li>"
        for k, t in enumerate(book.texts)
    )
    first = escape(describe(0))
    return (
        f'<div class="mlp-anim" data-player="{key}" data-frames="{n}" '
        f'role="group" aria-label="{escape(book.label)}">'
        f"{_STYLE}"
        f'<img src="{frames[0]}" width="{width}" height="{height}" '
        f'alt="{first}">'
        f'<div class="mlp-anim-bar">{buttons}'
        f'<label>Frame <input type="range" min="1" max="{n}" value="1" '
        f'step="1" aria-valuetext="{first}"></label></div>'
        f'<p class="mlp-anim-status" aria-live="polite">{first}</p>'
        f"<details><summary>Frames as text</summary><ol>{items}</ol>"
        f"</details>"
        + _SCRIPT
        % dict(
            key=_js(key),
            interval=book.interval,
            frames=_js(frames),
            texts=_js(book.texts),
            icons=_js(_ICONS),
        )
        + "</div>"
    )


def jshtml(anim):
    """An animation as a self-contained HTML player, an ``IPython`` ``HTML``.

    The player is the book's own, a few kilobytes of plain HTML and
    JavaScript around the frames, which are PNG pictures inside the page:
    it plays without a kernel, offline, from a file, and loads nothing
    from anywhere. It shows one picture at a time, with

    * buttons for the first, previous, next and last frame and for play /
      pause, and a slider to pick a frame: real buttons and a labelled
      slider, so the keyboard (Tab, Space, Enter, the arrow keys) and
      screen readers can use them;
    * a text alternative for every frame: the picture's ``alt``, a status
      line under the player that a screen reader reads out when the frame
      changes (not while playing), and a "Frames as text" list of all
      frames.

    It starts paused on the first frame (nothing moves until the reader
    asks) and stops at the last. Each frame is a PNG reduced to a palette
    of 64 colours, about a third of the size of a full-colour one. The
    same frames always give the same HTML, byte for byte, so a rebuilt
    page does not change.

    Why not Matplotlib's own player (``anim.to_jshtml()``)? Its pictures
    have no text alternative, its slider no label, each player holds a
    form (several on a page confuse screen readers' landmarks), and it
    links its icons from a CDN. Here every control has a name and every
    frame a sentence.

    ``anim`` is a :class:`Flipbook` (what :func:`animate_training` returns),
    whose texts describe the frames, or any Matplotlib ``FuncAnimation``:
    its frames are then drawn here (at ``savefig.dpi``), and their texts
    only say "Frame k of n"; to describe them, make a :class:`Flipbook`
    of your own.
    """
    from IPython.display import HTML

    if not isinstance(anim, Flipbook):
        from matplotlib.animation import Animation

        if not isinstance(anim, Animation):
            raise TypeError(
                "anim must be a Flipbook or a Matplotlib "
                f"animation, got {type(anim).__name__}"
            )
        interval = getattr(anim, "_interval", 200)
        pictures = _grab_frames(anim)
        anim = Flipbook(
            pictures, [""] * len(pictures), interval=max(1, int(interval))
        )
    return HTML(_player(anim))


def _frame_steps(steps: int, frames: int) -> list:
    """``frames`` distinct, evenly spaced steps from 0 to ``steps``.

    Step 0 is before any training."""
    return [int(round(i * steps / (frames - 1))) for i in range(frames)]


def _shade(ax, net: MLP, gx, gy, grid) -> list:
    """Shade the grid by predicted class and draw the boundary line.

    Returns the artists.

    Used by :func:`plot_decision_boundary` and, frame by frame, by
    :func:`animate_training`.
    """
    score = class1_score(net, grid).reshape(gx.shape)
    cmap = mpl.colors.ListedColormap([ORANGE, BLUE])
    artists = [
        ax.contourf(
            gx,
            gy,
            (score > 0).astype(float),
            levels=[-0.5, 0.5, 1.5],
            cmap=cmap,
            alpha=SHADE_ALPHA,
        )
    ]
    if score.min() < 0 < score.max():
        artists.append(
            ax.contour(
                gx, gy, score, levels=[0.0], colors="black", linewidths=1.2
            )
        )
    return artists


def animate_training(
    net: MLP,
    X,
    Y,
    *,
    lr,
    steps,
    frames=24,
    resolution=60,
    dpi=100,
    interval=300,
    **train_kwargs,
):
    """Train ``net`` in place; return ``(animation, history)``.

    The animation shows the decision boundary moving as the net learns.

    Snapshots of the network are taken at ``frames`` evenly spaced steps,
    from 0 (before any update) to ``steps``. Each frame shows one
    snapshot's decision boundary over the data, with the step and the
    accuracy on ``(X, Y)`` in the title, next to the loss curve drawn up
    to that step in orange (the whole run behind it as a thin dashed grey
    line, on a log scale; the legends sit under the panels, off the data).
    Other keyword arguments go to :func:`~mlp_core.train`; if training
    stops early (``on_divergence="stop"``), the frames end where it
    stopped.

    The animation is a :class:`Flipbook`: show it in a page with
    :func:`jshtml` (or let the notebook display it). Each frame also gets
    a sentence, its text alternative: "after 40 steps, accuracy 50%, loss
    0.25", the loss being the snapshot's on ``(X, Y)``.

    The frames are 6.3 inches wide at ``dpi`` (100: 630 pixels, which fit
    the book's column without being shrunk, so the smallest text, 8
    points, is 11 pixels high on screen). Drawing a two-panel figure with
    all its text costs a few tenths of a second, so the frames are drawn
    by *blitting*: the figure is drawn once without the parts that move,
    and each frame pastes that background and draws only the shading, the
    boundary line, the points, the title and the curve on top.
    ``resolution`` is the number of grid points per axis for the boundary,
    ``interval`` the milliseconds between frames when playing.

    Besides ``pictures`` and ``texts``, the animation records for each
    frame ``frame_steps`` (the step), ``frame_accuracy`` and
    ``frame_loss``.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PathCollection
    from matplotlib.figure import Figure

    from .training import accuracy, train

    if not isinstance(net, MLP):
        raise TypeError(f"net must be an MLP, got {type(net).__name__}")
    X, Y = net._check_XY(X, Y)
    if X.shape[1] != 2:
        raise ValueError(
            "X must have 2 columns (points in the plane), "
            f"got shape {X.shape}"
        )
    steps = v.check_int(steps, "steps", minimum=1)
    frames = v.check_int(frames, "frames", minimum=2)
    if frames > steps + 1:
        raise ValueError(
            f"frames must be at most steps + 1 ({steps + 1}),"
            f" got {frames}"
        )
    resolution = v.check_int(resolution, "resolution", minimum=2)
    dpi = v.check_real(dpi, "dpi", minimum=20.0)
    interval = v.check_int(interval, "interval", minimum=1)
    if "callback" in train_kwargs:
        raise TypeError(
            "animate_training records snapshots with its own "
            "callback; call train yourself if you need another "
            "one"
        )

    marks = _frame_steps(steps, frames)
    wanted = set(marks)
    shots = {0: net.copy()}

    def snapshot(step, current, loss):
        if step + 1 in wanted:
            shots[step + 1] = current.copy()

    history = train(
        net, X, Y, lr=lr, steps=steps, callback=snapshot, **train_kwargs
    )
    keys = [m for m in marks if m in shots]
    accuracies = [float(accuracy(shots[s], X, Y)) for s in keys]
    losses = [float(shots[s].loss(X, Y)) for s in keys]
    loss = history.loss
    # (a run on its way to overflow leaves a gap)
    loss = np.where(np.abs(loss) < 1e30, loss, np.nan)

    def title(k):
        return f"after {keys[k]} steps: accuracy {accuracies[k]:.0%}"

    with mpl.rc_context(BOOK_STYLE):
        # The background: everything that does not move.
        fig = Figure(figsize=(6.3, 3.1), dpi=dpi)
        canvas = FigureCanvasAgg(fig)
        axb, axl = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.1]})
        plot_decision_boundary(
            shots[0], X, Y, axb, resolution=resolution, title=title(0)
        )
        _legend_below(axb)
        for artist in list(axb.collections):
            if isinstance(artist, mpl.contour.ContourSet):
                artist.remove()  # the shading is drawn per frame
        points = [c for c in axb.collections if isinstance(c, PathCollection)]
        gx, gy, grid = _grid(X, resolution)
        plot_curve(
            loss,
            axl,
            ylabel="loss L (log scale)",
            color=GREY,
            lw=1.0,
            ls=(0, (4, 2)),
            log=True,
            title="loss",
            label="whole run",
        )
        axl.set_xlim(0, steps)
        (done,) = axl.plot(
            [], [], color=ORANGE, lw=2.0, label="up to this frame"
        )
        (now,) = axl.plot([], [], "o", color=ORANGE, ms=5)
        axl.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.2),
            ncol=2,
            fontsize=8,
            frameon=False,
            handlelength=2.5,
            columnspacing=1.0,
        )
        fig.tight_layout(pad=0.4, w_pad=1.0)
        now.set_clip_on(False)  # whole on the axes' edge (after the layout:
        # an empty, unclipped line would throw tight_layout off)
        axb.title.set_visible(False)
        canvas.draw()
        background = canvas.copy_from_bbox(fig.bbox)
        axb.title.set_visible(True)

        pictures = []
        for k, step in enumerate(keys):
            canvas.restore_region(background)
            shading = _shade(axb, shots[step], gx, gy, grid)
            axb.set_title(title(k))
            upto = min(step + 1, len(loss))  # loss[t]: before update t
            done.set_data(np.arange(upto), loss[:upto])
            now.set_data(
                [upto - 1] if upto else [], [loss[upto - 1]] if upto else []
            )
            for artist in [
                *shading,
                *points,
                *axb.spines.values(),
                axb.title,
                done,
                now,
            ]:
                fig.draw_artist(artist)
            pictures.append(np.asarray(canvas.buffer_rgba())[:, :, :3].copy())
            for artist in shading:
                artist.remove()

    texts = [
        f"after {s} steps, accuracy {a:.0%}, loss {e:.3g}"
        for s, a, e in zip(keys, accuracies, losses)
    ]
    anim = Flipbook(
        pictures,
        texts,
        interval=interval,
        label="Training animation: the decision boundary "
        "(left) and the loss (right) as the network "
        "learns",
    )
    anim.frame_steps, anim.frame_accuracy, anim.frame_loss = (
        keys,
        accuracies,
        losses,
    )
    return anim, history
