"""Plots: the training animation, its player, and input checks."""

import base64
import io
import json
import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.animation import FuncAnimation  # noqa: E402
from PIL import Image  # noqa: E402

import mlp_core as mc  # noqa: E402
from mlp_core import plots  # noqa: E402

SMALL = dict(lr=2.0, steps=60, frames=4, resolution=20)


def _animate(**kwargs):
    X, Y = mc.data.xor()
    settings = {**SMALL, **kwargs}
    return plots.animate_training(mc.MLP([2, 3, 2], seed=0), X, Y,
                                  **settings)


def _rendered(anim) -> str:
    """The animation's player, as HTML."""
    return plots.jshtml(anim).data


def _frames(html) -> list:
    """The frames the player's script holds (data URIs), in order."""
    found = re.search(r"var FRAMES = (\[.*?\]);", html)
    assert found, "the player holds no frames"
    return json.loads(found.group(1))


def _decoded(uri) -> np.ndarray:
    """A data: URI's PNG as an RGB array."""
    head, data = uri.split(",", 1)
    assert head == "data:image/png;base64"
    with Image.open(io.BytesIO(base64.b64decode(data))) as image:
        assert image.format == "PNG" and image.mode == "P"  # a palette
        return np.asarray(image.convert("RGB"))


def test_animation_has_the_requested_frames_at_evenly_spaced_steps():
    anim, hist = _animate(frames=4, steps=60)
    assert anim.frame_steps == [0, 20, 40, 60]
    assert len(anim.pictures) == len(anim.texts) == len(anim) == 4
    shapes = {p.shape for p in anim.pictures}
    assert len(shapes) == 1 and shapes.pop()[2] == 3
    assert all(p.dtype == np.uint8 for p in anim.pictures)
    assert hist.steps == 60
    html = _rendered(anim)
    assert len(_frames(html)) == 4
    assert 'data-frames="4"' in html
    assert html.count("<img ") == 1      # one picture, its source swapped


def test_animation_trains_like_train_and_changes_between_frames():
    X, Y = mc.data.xor()
    net = mc.MLP([2, 3, 2], seed=0)
    anim, hist = plots.animate_training(net, X, Y, lr=2.0, steps=600,
                                        frames=3, resolution=20)
    ref = mc.MLP([2, 3, 2], seed=0)
    ref_hist = mc.train(ref, X, Y, lr=2.0, steps=600)
    np.testing.assert_array_equal(hist.loss, ref_hist.loss)
    for name, p in net.params.items():            # net was trained in place
        np.testing.assert_array_equal(p, ref.params[name])
    # The boundary moves (and the curve grows): consecutive pictures differ.
    for a, b in zip(anim.pictures, anim.pictures[1:]):
        assert np.count_nonzero(np.any(a != b, axis=2)) > 100


def test_frames_record_step_accuracy_and_loss_in_their_texts():
    X, Y = mc.data.xor()
    anim, hist = _animate(steps=600, frames=3)
    assert anim.frame_steps == [0, 300, 600]
    replay = mc.MLP([2, 3, 2], seed=0)
    assert anim.frame_accuracy[0] == mc.accuracy(replay, X, Y)
    assert anim.frame_loss[0] == pytest.approx(replay.loss(X, Y))
    assert anim.frame_loss[1] == pytest.approx(hist.loss[300])
    mc.train(replay, X, Y, lr=2.0, steps=600)
    assert anim.frame_accuracy[-1] == mc.accuracy(replay, X, Y)
    assert anim.frame_loss[-1] == pytest.approx(replay.loss(X, Y))
    for step, acc, loss, text in zip(anim.frame_steps, anim.frame_accuracy,
                                     anim.frame_loss, anim.texts):
        assert text == (f"after {step} steps, accuracy {acc:.0%}, "
                        f"loss {loss:.3g}")


def test_every_frame_has_a_text_alternative_with_its_step():
    anim, _ = _animate()
    html = _rendered(anim)
    img = re.search(r"<img [^>]*>", html).group(0)
    assert re.search(r'alt="Frame 1 of 4: after 0 steps, accuracy \d+%, '
                     r'loss [0-9.e+-]+"', img)
    texts = json.loads(re.search(r"var TEXTS = (\[.*?\]);", html).group(1))
    assert texts == anim.texts
    listed = re.search(r"<details><summary>Frames as text</summary>"
                       r"<ol>(.*?)</ol></details>", html).group(1)
    items = re.findall(r"<li>(.*?)</li>", listed)
    assert len(items) == 4
    for step, item in zip(anim.frame_steps, items):
        assert item.startswith(f"after {step} steps, accuracy ")
    assert re.search(r'<p class="mlp-anim-status" aria-live="polite">'
                     r"Frame 1 of 4: after 0 steps", html)


def test_frames_are_legible_at_the_column_width():
    """630 pixels at dpi 100: shown at their size, 8 pt is 11 CSS pixels."""
    anim, _ = _animate(frames=2)
    height, width = anim.pictures[0].shape[:2]
    assert width <= 630
    img = re.search(r"<img [^>]*>", _rendered(anim)).group(0)
    assert f'width="{width}" height="{height}"' in img
    # The layout fills the frame and nothing is cut at its edges.
    for picture in anim.pictures:
        ink = np.any(picture < 250, axis=2)
        cols = np.flatnonzero(ink.any(axis=0))
        rows = np.flatnonzero(ink.any(axis=1))
        assert cols[0] >= 2 and cols[-1] <= width - 3
        assert rows[0] >= 2 and rows[-1] <= height - 3
        assert cols[-1] - cols[0] > 0.9 * width


def test_animation_is_deterministic():
    first, h1 = _animate()
    second, h2 = _animate()
    np.testing.assert_array_equal(h1.loss, h2.loss)
    for a, b in zip(first.pictures, second.pictures):
        np.testing.assert_array_equal(a, b)
    # Byte for byte: the player's id is a hash of its frames, not random.
    html = _rendered(first)
    assert html == _rendered(second)
    assert re.search(r'data-player="mlpanim-[0-9a-f]{16}"', html)
    assert plots._png(first.pictures[1]) == plots._png(second.pictures[1])
    other, _ = _animate(steps=90)
    assert _rendered(other) != html


@pytest.mark.parametrize("savefig_dpi", [100, "figure", 72])
def test_jshtml_frames_are_the_quantized_pictures(savefig_dpi):
    with matplotlib.rc_context({"savefig.dpi": savefig_dpi}):
        anim, _ = _animate(frames=2)
        html = _rendered(anim)
    frames = _frames(html)
    assert len(frames) == 2
    for uri, picture in zip(frames, anim.pictures):
        saved = _decoded(uri)
        quantized = np.asarray(plots._quantized(picture).convert("RGB"))
        np.testing.assert_array_equal(saved, quantized)
        # ... and that is close to the picture: a few anti-aliased pixels
        # of text and lines move to a neighbouring colour.
        error = np.abs(saved.astype(int) - picture.astype(int)).max(axis=2)
        assert error.mean() < 1.0 and np.mean(error > 32) < 0.005
    assert frames[0] in re.search(r"<img [^>]*>", html).group(0)


def test_jshtml_is_self_contained():
    anim, _ = _animate(frames=2)
    html = _rendered(anim)
    assert not re.search(r"https?://|//cdn|fetch\(|import\b", html)
    assert "<form" not in html and "<link" not in html
    assert html.count("<script>") == 1      # the player, inline, classic
    assert 'type="module"' not in html
    for label in ("First frame", "Previous frame", "Play", "Next frame",
                  "Last frame"):
        assert re.search(f'<button type="button" [^>]*aria-label="{label}"',
                         html)
    assert re.search(r'<label>Frame <input type="range" min="1" max="2"',
                     html)


def test_jshtml_plays_a_matplotlib_animation_too():
    fig, ax = plt.subplots(figsize=(2, 1.5), dpi=50)
    (line,) = ax.plot([0, 1], [0, 0])
    anim = FuncAnimation(fig, lambda k: line.set_ydata([0, k]), frames=3,
                         interval=120)
    # frames are drawn at savefig.dpi: "figure" means the figure's own 50
    # (another test may have applied the book's style, which sets 100)
    with matplotlib.rc_context({"savefig.dpi": "figure"}):
        html = _rendered(anim)
    plt.close(fig)
    frames = _frames(html)
    assert len(frames) == 3
    assert _decoded(frames[0]).shape == (75, 100, 3)
    assert not np.array_equal(_decoded(frames[0]), _decoded(frames[2]))
    assert 'alt="Frame 1 of 3"' in html and "INTERVAL = 120" in html
    assert "<form" not in html and not re.search(r"https?://", html)


def test_jshtml_and_flipbook_check_their_arguments():
    with pytest.raises(TypeError, match="anim"):
        plots.jshtml("not an animation")
    picture = np.zeros((4, 6, 3), np.uint8)
    with pytest.raises(ValueError, match="texts"):
        plots.Flipbook([picture, picture], ["only one"])
    with pytest.raises(ValueError, match="same size"):
        plots.Flipbook([picture, picture[:2]], ["a", "b"])
    with pytest.raises(ValueError, match="interval"):
        plots.Flipbook([picture], ["a"], interval=0)
    book = plots.Flipbook([picture], ["a <b> & c"], label='say "hi"')
    html = book._repr_html_()
    assert "a &lt;b&gt; &amp; c" in html and 'aria-label="say &quot;hi' in html


def test_animation_stops_where_training_diverged():
    X, Y = mc.data.xor()
    net = mc.MLP([2, 3, 2], output="identity", seed=0)
    anim, hist = plots.animate_training(net, X, Y, lr=20.0, steps=500, frames=6, resolution=10,
                                        on_divergence="stop")
    assert hist.diverged
    assert anim.frame_steps == [s for s in (0, 100) if s <= hist.diverged_at]
    assert len(anim.pictures) == len(anim.frame_steps)
    _rendered(anim)


@pytest.mark.parametrize("kwargs, error, word", [
    (dict(frames=1), ValueError, "frames"),
    (dict(frames=62, steps=60), ValueError, "frames"),
    (dict(frames=2.5), TypeError, "frames"),
    (dict(steps=0), ValueError, "steps"),
    (dict(resolution=True), TypeError, "resolution"),
    (dict(dpi=0), ValueError, "dpi"),
    (dict(interval=0), ValueError, "interval"),
    (dict(callback=print), TypeError, "callback"),
    (dict(lr=-1.0), ValueError, "lr"),
])
def test_animate_training_validates_its_arguments(kwargs, error, word):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)   # an animation made but never shown
        with pytest.raises(error, match=word):
            _animate(**kwargs)


def test_animate_training_checks_net_and_data():
    X, Y = mc.data.xor()
    with pytest.raises(TypeError, match="net"):
        plots.animate_training("not a network", X, Y, lr=1.0, steps=10)
    with pytest.raises(ValueError, match="X"):
        plots.animate_training(mc.MLP([3, 3, 2], seed=0), np.c_[X, X[:, :1]], Y, lr=1.0,
                               steps=10, frames=2)
    with pytest.raises(ValueError, match="Y"):
        plots.animate_training(mc.MLP([2, 3, 2], seed=0), X, Y[:3], lr=1.0, steps=10)


def test_plot_training_layout_and_legend_off_the_data():
    X, Y = mc.data.xor()
    net = mc.MLP([2, 3, 2], seed=0)
    hist = mc.train(net, X, Y, lr=2.0, steps=50)
    fig = plots.plot_training(hist, net, X, Y, title="t")
    acc, boundary, loss = fig.axes[:3]
    assert [a.get_title() for a in (acc, boundary, loss)] == ["accuracy", "decision boundary", "loss"]
    np.testing.assert_array_equal(acc.lines[0].get_ydata(), hist.accuracy)
    np.testing.assert_array_equal(loss.lines[0].get_ydata(), hist.loss)
    fig.canvas.draw()
    legend = boundary.get_legend().get_window_extent()
    assert legend.y1 < boundary.get_window_extent().y0   # under the panel, not over the point (1, 1)
    plt.close(fig)


def test_plot_training_validates_its_inputs():
    X, Y = mc.data.xor()
    net = mc.MLP([2, 3, 2], seed=0)
    hist = mc.train(net, X, Y, lr=1.0, steps=3)
    with pytest.raises(TypeError, match="history"):
        plots.plot_training({"loss": [1.0]}, net, X, Y)
    with pytest.raises(TypeError, match="net"):
        plots.plot_training(hist, [np.eye(2)], X, Y)
    with pytest.raises(ValueError, match="X"):
        plots.plot_training(hist, net, X[:, :1], Y)
    plt.close("all")


def test_plot_curve_validates_and_plots():
    ax = plots.plot_curve([1.0, np.nan, 0.5], ylabel="loss", log=True)
    assert ax.get_ylabel() == "loss" and ax.get_yscale() == "log"
    np.testing.assert_array_equal(ax.lines[0].get_xdata(), [0, 1, 2])
    with pytest.raises(ValueError, match="values"):
        plots.plot_curve(np.ones((2, 2)), ylabel="loss")
    with pytest.raises(TypeError, match="values"):
        plots.plot_curve("loss", ylabel="loss")
    with pytest.raises(TypeError, match="values"):
        plots.plot_curve(["a", "b"], ylabel="loss")
    with pytest.raises(TypeError, match="ylabel"):
        plots.plot_curve([1.0, 2.0], ylabel=3)
    plt.close("all")
