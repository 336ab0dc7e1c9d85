"""The book's experiments (mlp_core.experiments) and the check functions built on them."""

import numpy as np
import pytest

import mlp_core as mc
from mlp_core import experiments


# ------------------------------------------------------------- capacity
def test_capacity_defaults_still_work_and_record_nothing():
    r = experiments.capacity((1, 3), steps=50)
    assert list(r["hidden"]) == [1, 3]
    assert r["train_acc"].shape == r["heldout_acc"].shape == (2,)
    assert [len(a) for a in r["loss"]] == [50, 50]
    assert [n.layer_sizes for n in r["nets"]] == [[2, 1, 2], [2, 3, 2]]
    assert "heldout_loss" not in r and "record_steps" not in r


def test_capacity_records_the_heldout_set():
    X, Y, X_rest, Y_rest = mc.data.article_xor()
    r = experiments.capacity((3,), lr=5.0, steps=100, record_every=25)
    np.testing.assert_array_equal(r["record_steps"], [0, 25, 50, 75, 100])
    assert r["heldout_loss"][0].shape == r["heldout_accuracy"][0].shape == (5,)
    start = mc.MLP([2, 3, 2], seed=0)
    assert r["heldout_loss"][0][0] == pytest.approx(start.loss(X_rest, Y_rest), rel=1e-12)
    assert r["heldout_loss"][0][-1] == pytest.approx(r["nets"][0].loss(X_rest, Y_rest), rel=1e-12)
    assert r["heldout_accuracy"][0][-1] == r["heldout_acc"][0]
    # recording must not change the training itself
    plain = experiments.capacity((3,), lr=5.0, steps=100)
    np.testing.assert_array_equal(plain["loss"][0], r["loss"][0])


def test_capacity_without_biases_has_the_mirror_symmetry():
    r = experiments.capacity((5,), lr=5.0, steps=200, bias=False)
    net = r["nets"][0]
    assert not net.bias
    P = np.random.default_rng(0).normal(size=(50, 2))
    z2, z2m = net.forward(P)["z2"], net.forward(-P)["z2"]
    np.testing.assert_allclose(z2 + z2m, np.broadcast_to(net.params["W2"].sum(axis=0), z2.shape), rtol=1e-12)


@pytest.mark.parametrize("kwargs, error", [
    ({"hidden_sizes": ()}, ValueError),
    ({"hidden_sizes": (3, 0)}, ValueError),
    ({"hidden_sizes": "3"}, TypeError),
    ({"hidden_sizes": (2.5,)}, TypeError),
    ({"lr": 0.0}, ValueError),
    ({"steps": 0}, ValueError),
    ({"bias": "yes"}, TypeError),
    ({"record_every": 0}, ValueError),
    ({"record_every": 2.0}, TypeError),
    ({"steps": 10, "record_every": 11}, ValueError),
])
def test_capacity_rejects_bad_arguments(kwargs, error):
    with pytest.raises(error):
        experiments.capacity(**{"hidden_sizes": (1,), "steps": 10, **kwargs})


# ---------------------------------------------------- training_set_size
def test_training_set_size_uses_the_first_points_and_one_heldout_set():
    r = experiments.training_set_size((10, 50), hidden=3, steps=50, n_heldout=200)
    X_pool, Y_pool, X_held, Y_held = mc.data.article_xor(250, n_train=50)
    X50, _, _, _ = mc.data.article_xor()
    np.testing.assert_array_equal(X_pool, X50)          # the first 50 are the article's points
    assert list(r["sizes"]) == [10, 50]
    for n, net, tr, ho in zip(r["sizes"], r["nets"], r["train_acc"], r["heldout_acc"]):
        assert tr == mc.accuracy(net, X_pool[:n], Y_pool[:n])
        assert ho == mc.accuracy(net, X_held, Y_held)


def test_training_set_size_more_data_helps():
    r = experiments.training_set_size((25, 400), hidden=10, lr=5.0, steps=1500)
    assert r["heldout_acc"][1] > r["heldout_acc"][0] + 0.05


@pytest.mark.parametrize("kwargs, error", [
    ({"sizes": ()}, ValueError),
    ({"sizes": (0, 10)}, ValueError),
    ({"hidden": 0}, ValueError),
    ({"n_heldout": 0}, ValueError),
    ({"lr": -1.0}, ValueError),
    ({"steps": 1.5}, TypeError),
    ({"bias": 1}, TypeError),
])
def test_training_set_size_rejects_bad_arguments(kwargs, error):
    with pytest.raises(error):
        experiments.training_set_size(**{"sizes": (10,), "steps": 10, **kwargs})


# --------------------------------------------- training_set_size, recording
def test_training_set_size_records_the_heldout_set_like_capacity():
    r = experiments.training_set_size((50,), hidden=3, lr=5.0, steps=100, record_every=25)
    np.testing.assert_array_equal(r["record_steps"], [0, 25, 50, 75, 100])
    assert r["heldout_loss"][0].shape == r["heldout_accuracy"][0].shape == (5,)
    _, _, X_held, Y_held = mc.data.article_xor(1050, n_train=50)
    net = r["nets"][0]
    assert r["heldout_loss"][0][-1] == pytest.approx(net.loss(X_held, Y_held), rel=1e-12)
    assert r["heldout_accuracy"][0][-1] == r["heldout_acc"][0]
    # recording changes nothing about the training, and the 50-point network is the
    # capacity sweep's network with the same settings (same points, weights, steps)
    plain = experiments.training_set_size((50,), hidden=3, lr=5.0, steps=100)
    sweep = experiments.capacity((3,), lr=5.0, steps=100)
    for name in ("W1", "b1", "W2", "b2"):
        np.testing.assert_array_equal(plain["nets"][0].params[name], net.params[name])
        np.testing.assert_array_equal(sweep["nets"][0].params[name], net.params[name])
    assert "heldout_loss" not in plain


@pytest.mark.parametrize("record_every, error", [(0, ValueError), (2.0, TypeError), (11, ValueError)])
def test_training_set_size_rejects_bad_record_every(record_every, error):
    with pytest.raises(error, match="record_every"):
        experiments.training_set_size((10,), steps=10, record_every=record_every)


# ------------------------------------------------------------ loss_rise
def test_loss_rise_is_the_end_above_the_minimum():
    assert experiments.loss_rise([3.0, 2.0, 1.0]) == 0.0          # still falling
    assert experiments.loss_rise([2.0, 1.0, 1.2]) == pytest.approx(0.2)
    assert experiments.loss_rise([1.0]) == 0.0
    assert isinstance(experiments.loss_rise(np.array([1.0, 2.0])), float)


@pytest.mark.parametrize("curve", [[], [[1.0, 2.0]], [1.0, np.nan], [1.0, 0.0], [1.0, -1.0]])
def test_loss_rise_rejects_what_is_not_a_loss_curve(curve):
    with pytest.raises(ValueError, match="curve"):
        experiments.loss_rise(curve)


# --------------------------------------------------------------- Spread
def test_spread_holds_mean_sd_and_range():
    s = experiments.Spread([0.84, 0.86, 0.88])
    assert s.n == 3 and s.mean == pytest.approx(0.86) and s.sd == pytest.approx(0.02)
    assert (s.min, s.max) == (0.84, 0.88)
    assert f"{s:.2f}" == "0.86 ± 0.02 (0.84 to 0.88)"
    assert f"{s:.0%}" == "86% ± 2% (84% to 88%)"
    # a sign flag shows on the mean and the range, never on the sd
    assert f"{experiments.Spread([-0.1, 0.1]):+.1f}" == "+0.0 ± 0.1 (-0.1 to +0.1)"
    assert "n=3" in repr(s)
    assert f"{experiments.Spread(np.array([[1, 2], [3, 4]]))}" == "2.5 ± 1.29 (1 to 4)"


@pytest.mark.parametrize("values", [[1.0], [], [1.0, np.inf], [1.0, np.nan]])
def test_spread_needs_two_finite_values(values):
    with pytest.raises(ValueError, match="values"):
        experiments.Spread(values)


def test_mirrored_adds_the_mirror_images_with_the_same_xor_labels():
    X, Y, _, _ = mc.data.article_xor()
    Xm, Ym = mc.data.mirrored(X, Y)
    np.testing.assert_array_equal(Xm, np.vstack([X, -X]))
    np.testing.assert_array_equal(Ym[:50], Ym[50:])
    np.testing.assert_array_equal(mc.data.one_hot(mc.data.xor_labels(Xm)), Ym)   # XOR(-x) = XOR(x)
    with pytest.raises(ValueError, match="rows"):
        mc.data.mirrored(X, Y[:10])


def test_confident_start_is_confidently_class_0_everywhere():
    X, Y, _, _ = mc.data.article_xor()
    for output, loss in (("sigmoid", "mse"), ("softmax", "cross_entropy")):
        net = experiments.confident_start(output, loss, 3)
        np.testing.assert_array_equal(net.params["b2"], [12.0, -12.0])
        np.testing.assert_array_equal(net.params["W1"], mc.MLP([2, 10, 2], seed=3).params["W1"])
        assert np.all(net.predict(X).argmax(axis=1) == 0)
