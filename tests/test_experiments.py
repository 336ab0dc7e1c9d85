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


# ------------------------------------------------------ exercise checks
def test_capacity_checks(capsys):
    from mlp_core.exercises import capacity as ex

    r = experiments.capacity((50,), record_every=ex.RECORD_EVERY, **ex.SETTINGS)
    gap = r["train_acc"][0] - r["heldout_acc"][0]
    assert ex.check_gap(gap) is True
    assert ex.check_gap(gap + 0.1) is False
    assert ex.check_gap(...) is False
    assert ex.check_gap("ten points") is False
    best = int(r["record_steps"][np.argmin(r["heldout_loss"][0])])
    assert ex.check_early_stop(best) is True
    assert ex.check_early_stop(best + ex.RECORD_EVERY) is False
    assert ex.check_smallest_perfect(5) is True
    assert ex.check_smallest_perfect([5, 10]) is False
    assert "Correct!" in capsys.readouterr().out


def test_biases_checks():
    from mlp_core.exercises import biases as ex

    _, _, W1, W2 = mc.data.worked_example()
    assert ex.check_constant(W2[:, 1].sum() - W2[:, 0].sum()) is True
    assert ex.check_constant(0.0) is False
    assert ex.check_constant(None) is False
    _, _, _, Y_rest = mc.data.article_xor()
    assert ex.check_heldout_bound(1 - Y_rest.mean(axis=0).min() / 2) is True
    assert ex.check_heldout_bound(0.75) is False
    assert ex.check_tanh_mirror(0.5) is True
    assert ex.check_tanh_mirror(0.75) is False
    assert ex.check_tanh_mirror(object()) is False


def test_mirrored_adds_the_mirror_images_with_the_same_xor_labels():
    X, Y, _, _ = mc.data.article_xor()
    Xm, Ym = mc.data.mirrored(X, Y)
    np.testing.assert_array_equal(Xm, np.vstack([X, -X]))
    np.testing.assert_array_equal(Ym[:50], Ym[50:])
    np.testing.assert_array_equal(mc.data.one_hot(mc.data.xor_labels(Xm)), Ym)   # XOR(-x) = XOR(x)
    with pytest.raises(ValueError, match="rows"):
        mc.data.mirrored(X, Y[:10])
