"""The playground: settings, determinism, the static animation and the live app."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import mlp_core as mc  # noqa: E402
from mlp_core import playground as pg  # noqa: E402


def test_same_setting_gives_the_same_run():
    s = pg.Setting(steps=300)
    net_a, hist_a, X_a, _, _ = pg.run(s)
    net_b, hist_b, X_b, _, _ = pg.run(s)
    np.testing.assert_array_equal(X_a, X_b)
    np.testing.assert_array_equal(hist_a.loss, hist_b.loss)
    for key in net_a.params:
        np.testing.assert_array_equal(net_a.params[key], net_b.params[key])


@pytest.mark.parametrize("name", list(pg.DATASETS))
def test_every_dataset_builds_and_trains(name):
    s = pg.Setting(dataset=name, n_points=60, steps=50, hidden=4, hidden2=3, batch_size=20, l2=0.01)
    net, hist, X, y, seconds = pg.run(s)
    assert net.layer_sizes == [2, 4, 3, 2]
    assert hist.steps == 50 and not hist.diverged
    assert X.shape[1] == 2 and y.shape == (len(X), 2)
    assert seconds >= 0


def test_default_setting_learns_noisy_xor():
    net, hist, X, y, _ = pg.run(pg.Setting())
    assert mc.accuracy(net, X, y) >= 0.95


def test_unknown_dataset_is_named_in_the_error():
    with pytest.raises(ValueError, match="dataset"):
        pg.make_data(pg.Setting(dataset="spirals"))


def test_largest_learning_rate_kills_every_relu():
    # What the chapter's "things to try" promises: with relu and lr 10 every
    # hidden unit ends up outputting 0 on every point (a dead ReLU layer).
    net, hist, X, _, _ = pg.run(pg.Setting(activation="relu", lr=10.0))
    assert not hist.diverged
    assert np.all(net.forward(X)["h1"] == 0.0)


def test_divergence_is_reported_not_raised():
    # Softmax with cross-entropy has bounded output gradients, so make the
    # loss overflow through the L2 term: a huge penalty with a huge step:
    # each step multiplies the weights by 1 - lr * l2 / N = -4.
    s = pg.Setting(dataset="noisy XOR", n_points=20, activation="tanh", lr=10.0, l2=10.0, steps=2000)
    _, hist, _, _, _ = pg.run(s)
    assert hist.diverged and hist.steps < 2000 and "loss" in hist.reason


def test_animation_has_one_frame_per_snapshot():
    s = pg.Setting(dataset="XOR (4 points)", hidden=3, activation="sigmoid", lr=2.0, steps=100)
    anim, hist = pg.animate_preset(s, frames=4)
    html = anim.to_jshtml()
    assert html.count("frames[") >= 4
    assert hist.steps == 100


@pytest.mark.parametrize("frames", [0, 1, 2.5, True])
def test_animation_frames_are_validated(frames):
    with pytest.raises(ValueError, match="frames"):
        pg.animate_preset(pg.Setting(steps=10), frames=frames)


def test_views_update_in_place():
    s = pg.Setting(steps=200)
    net, hist, X, y, _ = pg.run(s)
    fig = plt.figure()
    views = pg.draw_views(fig, net, hist, X, y, upto=50, title="half way")
    assert len(views.loss_line.get_xdata()) == 50
    axes_before = list(fig.axes)
    views.show(net, X, y, upto=200, title="done")
    assert list(fig.axes) == axes_before          # nothing rebuilt
    assert len(views.loss_line.get_xdata()) == 200
    assert views.title.get_text() == "done"
    plt.close(fig)


def test_live_app_builds_and_trains_once():
    app = pg.playground(pg.Setting(steps=100))
    controls, out = app.children
    status = controls.children[-2].children[1]
    assert status.value.startswith("trained 100 steps")
    plt.close("all")
