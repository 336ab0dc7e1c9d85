"""Plots: the training animation (frames, determinism, self-contained HTML) and input checks."""

import base64
import io
import re
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.image as mpimg  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import mlp_core as mc  # noqa: E402
from mlp_core import plots  # noqa: E402

SMALL = dict(lr=2.0, steps=60, frames=4, resolution=20)


def _animate(**kwargs):
    X, Y = mc.data.xor()
    settings = {**SMALL, **kwargs}
    return plots.animate_training(mc.MLP([2, 3, 2], seed=0), X, Y, **settings)


def _rendered(anim) -> str:
    """The animation's HTML; rendering it also keeps Matplotlib from warning about an unused one."""
    return plots.jshtml(anim).data


def test_animation_has_the_requested_frames_at_evenly_spaced_steps():
    anim, hist = _animate(frames=4, steps=60)
    assert anim.frame_steps == [0, 20, 40, 60]
    assert len(anim.pictures) == 4
    shapes = {p.shape for p in anim.pictures}
    assert len(shapes) == 1 and shapes.pop()[2] == 3
    assert all(p.dtype == np.uint8 for p in anim.pictures)
    assert hist.steps == 60
    html = _rendered(anim)
    assert html.count("data:image/png;base64,") == 4


def test_animation_trains_like_train_and_changes_between_frames():
    X, Y = mc.data.xor()
    net = mc.MLP([2, 3, 2], seed=0)
    anim, hist = plots.animate_training(net, X, Y, lr=2.0, steps=600, frames=3, resolution=20)
    ref = mc.MLP([2, 3, 2], seed=0)
    ref_hist = mc.train(ref, X, Y, lr=2.0, steps=600)
    np.testing.assert_array_equal(hist.loss, ref_hist.loss)
    for name, p in net.params.items():            # net was trained in place
        np.testing.assert_array_equal(p, ref.params[name])
    # The boundary moves (and the curve grows): consecutive pictures differ.
    for a, b in zip(anim.pictures, anim.pictures[1:]):
        assert np.count_nonzero(np.any(a != b, axis=2)) > 100
    _rendered(anim)


def test_animation_is_deterministic():
    first, h1 = _animate()
    second, h2 = _animate()
    np.testing.assert_array_equal(h1.loss, h2.loss)
    for a, b in zip(first.pictures, second.pictures):
        np.testing.assert_array_equal(a, b)
    # The HTML differs only in the random id Matplotlib gives the player.
    strip = lambda html: re.sub(r"[0-9a-f]{32}", "ID", html)  # noqa: E731
    assert strip(_rendered(first)) == strip(_rendered(second))


@pytest.mark.parametrize("savefig_dpi", [100, "figure", 72])
def test_jshtml_frames_are_the_pictures_pixel_for_pixel(savefig_dpi):
    with matplotlib.rc_context({"savefig.dpi": savefig_dpi}):
        anim, _ = _animate(frames=2)
        html = _rendered(anim)
    frames = re.findall(r'data:image/png;base64,([^"]+)"', html)
    assert len(frames) == 2
    png = base64.b64decode(re.sub(r"[^A-Za-z0-9+/=]", "", frames[-1]))
    saved = (mpimg.imread(io.BytesIO(png))[:, :, :3] * 255).round().astype(np.uint8)
    np.testing.assert_array_equal(saved, anim.pictures[-1])


def test_jshtml_is_self_contained():
    anim, _ = _animate(frames=2)
    html = _rendered(anim)
    assert not re.search(r"https?://", html)
    assert "<script" in html            # the player itself is inline


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
