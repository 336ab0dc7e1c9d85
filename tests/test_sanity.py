"""The sanity checks before training (mlp_core.diagnostics, chapter on debugging)."""

import numpy as np
import pytest

import mlp_core as mc
from mlp_core import diagnostics as dg

X, Y, X_rest, Y_rest = mc.data.article_xor()


def book_net(seed):
    return mc.MLP([2, 10, 2], seed=seed)


def softmax_net(seed):
    return mc.MLP([2, 10, 2], output="softmax", loss="cross_entropy", seed=seed)


def scaled(seed):
    net = mc.MLP([2, 10, 2], seed=seed)
    for key, W in net.params.items():
        if key.startswith("W"):
            W *= 10.0
    return net


# ------------------------------------------------------- expected values
def test_expected_initial_loss_by_output_and_loss():
    Y3 = mc.data.one_hot(np.array([0, 1, 2, 2, 1]), 3)
    X3 = np.zeros((5, 2))
    cases = [
        (mc.MLP([2, 4, 2]), Y, 0.25),                                   # K/8
        (mc.MLP([2, 4, 3]), Y3, 3 / 8),
        (mc.MLP([2, 4, 2], output="softmax", loss="cross_entropy"), Y, np.log(2)),
        (mc.MLP([2, 4, 3], output="softmax", loss="cross_entropy"), Y3, np.log(3)),
        (mc.MLP([2, 4, 2], loss="cross_entropy"), Y, 2 * np.log(2)),    # K log 2
        (mc.MLP([2, 4, 2], output="identity"), Y, 0.5),
    ]
    for net, labels, expected in cases:
        np.testing.assert_allclose(dg.expected_initial_loss(net, labels), expected,
                                   rtol=1e-12)
        # it is the loss of a network whose last layer gives z = 0 on every row
        zero = net.copy()
        zero.params[f"W{zero.n_layers}"][...] = 0.0
        rows = X if labels is Y else X3
        np.testing.assert_allclose(dg.data_loss(zero, rows, labels), expected, rtol=1e-12)
    with pytest.raises(ValueError, match="Y must have 2 columns"):
        dg.expected_initial_loss(mc.MLP([2, 3, 2]), Y3)


def test_data_loss_leaves_the_penalty_out():
    net = mc.MLP([2, 5, 2], l2=3.0, seed=0)
    plain = net.copy()
    plain.l2 = 0.0
    assert dg.data_loss(net, X, Y) == plain.loss(X, Y) < net.loss(X, Y)


def test_best_constant_loss():
    p = 0.3
    labels = mc.data.one_hot(np.array([1] * 3 + [0] * 7))
    np.testing.assert_allclose(dg.best_constant_loss(mc.MLP([2, 3, 2]), labels), p * (1 - p))
    ce = mc.MLP([2, 3, 2], output="softmax", loss="cross_entropy")
    entropy = -(p * np.log(p) + (1 - p) * np.log(1 - p))
    np.testing.assert_allclose(dg.best_constant_loss(ce, labels), entropy)
    binary = mc.MLP([2, 3, 2], loss="cross_entropy")
    np.testing.assert_allclose(dg.best_constant_loss(binary, labels), 2 * entropy)
    # one class only: a constant prediction is perfect, with no log(0) warning
    single = mc.data.one_hot(np.zeros(4, dtype=int))
    assert dg.best_constant_loss(ce, single) == 0.0
    assert dg.best_constant_loss(binary, single) == 0.0
    # no constant row does better than the average label
    rng = np.random.default_rng(0)
    for net in (mc.MLP([2, 3, 2]), ce):
        floor = dg.best_constant_loss(net, labels)
        for _ in range(20):
            q = rng.dirichlet([1.0, 1.0])
            assert dg._constant_loss(net, labels, q) >= floor - 1e-12


# --------------------------------------------------------------- the checks
def test_initial_loss_check_passes_a_correct_net_and_flags_large_weights():
    good = dg.initial_loss_check(book_net, X, Y, seeds=range(5))
    assert good["passed"] and good["expected"] == 0.25 and good["losses"].shape == (5,)
    assert np.all(good["losses"] > 0.25) and good["worst"] < 0.05
    np.testing.assert_allclose(good["mean"], good["losses"].mean())
    assert dg.initial_loss_check(softmax_net, X, Y)["passed"]
    bad = dg.initial_loss_check(scaled, X, Y)
    assert not bad["passed"] and bad["mean"] > 0.35
    with pytest.raises(TypeError, match="net_factory must be callable"):
        dg.initial_loss_check(mc.MLP([2, 3, 2]), X, Y)
    with pytest.raises(TypeError, match="net_factory must return an MLP"):
        dg.initial_loss_check(lambda seed: "net", X, Y)
    with pytest.raises(ValueError, match="seeds must contain at least one seed"):
        dg.initial_loss_check(book_net, X, Y, seeds=[])
    with pytest.raises(TypeError, match="seeds must be a sequence"):
        dg.initial_loss_check(book_net, X, Y, seeds=5)


def test_overfit_tiny_batch():
    r = dg.overfit_tiny_batch(book_net, X, Y, rows=8, lr=2.0, steps=2000)
    assert r["passed"] and r["accuracy"] == 1.0 and r["loss"] < 0.0025
    assert r["history"].steps == 2000
    # labels that do not belong to their inputs: two copies of one point, two labels
    Xd = np.vstack([X[:4], X[:4]])
    Yd = np.vstack([Y[:4], 1.0 - Y[:4]])
    assert not dg.overfit_tiny_batch(book_net, Xd, Yd, rows=8, lr=2.0, steps=2000)["passed"]
    with pytest.raises(ValueError, match="rows must be at most the number of rows"):
        dg.overfit_tiny_batch(book_net, X, Y, rows=51, lr=2.0, steps=10)


def test_input_independent_baseline():
    r = dg.input_independent_baseline(book_net, X, Y, lr=2.0, steps=2000)
    assert r["floor"] == 0.25  # 25 points of each class
    np.testing.assert_allclose(r["baseline_loss"], r["floor"], rtol=1e-6)
    assert r["passed"] and r["model_loss"] < 0.1 * r["floor"]
    # inputs that carry no information: the model stays at the floor
    noise = np.random.default_rng(0).standard_normal(X.shape)
    lost = dg.input_independent_baseline(book_net, noise[:, :1] * [1.0, 1.0], Y, lr=2.0,
                                         steps=500)
    assert not lost["passed"]


def test_penalty_check():
    r = dg.penalty_check(book_net, X, Y, l2=0.5)
    net = book_net(0)
    squares = float((net.params["W1"] ** 2).sum() + (net.params["W2"] ** 2).sum())
    np.testing.assert_allclose(r["expected"], 0.5 / (2 * len(X)) * squares)
    assert r["passed"] and r["with"] > r["without"]

    class BiasPenalised(mc.MLP):
        # a buggy penalty: the biases are penalised too
        def _loss(self, zs, hs, Y):
            value = super()._loss(zs, hs, Y)
            if self.l2:
                value += self.l2 / (2 * Y.shape[0]) * sum(float(b @ b) for b in self._b)
            return value

    def buggy(seed):
        net = BiasPenalised([2, 10, 2], seed=seed)
        net.params["b1"][:] = 0.5
        return net

    assert not dg.penalty_check(buggy, X, Y, l2=0.5)["passed"]
    with pytest.raises(ValueError, match="l2 must be > 0"):
        dg.penalty_check(book_net, X, Y, l2=0.0)


def test_train_validation_curves():
    Xt, Yt, Xv, Yv = mc.data.split(X, Y, test_fraction=0.3, seed=0)
    net = book_net(0)
    c = dg.train_validation_curves(net, Xt, Yt, Xv, Yv, lr=2.0, steps=200, every=50)
    np.testing.assert_array_equal(c["steps"], [0, 50, 100, 150, 200])
    assert c["train_loss"][0] == dg.data_loss(book_net(0), Xt, Yt)
    assert c["val_loss"][-1] == dg.data_loss(net, Xv, Yv)  # the net was trained in place
    assert c["val_accuracy"][-1] == mc.accuracy(net, Xv, Yv)
    assert c["history"].steps == 200
    with pytest.raises(ValueError, match="X_val and Y_val must have the same number of rows"):
        dg.train_validation_curves(book_net(0), Xt, Yt, Xv, Yv[:3], lr=1.0, steps=5)
    with pytest.raises(TypeError, match="sets the callback itself"):
        dg.train_validation_curves(book_net(0), Xt, Yt, Xv, Yv, lr=1.0, steps=5,
                                   callback=print)


def test_seed_spread():
    r = dg.seed_spread(book_net, X, Y, lr=2.0, steps=300, seeds=range(5),
                       X_val=X_rest, Y_val=Y_rest)
    assert r["final_loss"].shape == (5,) and r["val_accuracy"].shape == (5,)
    np.testing.assert_allclose(r["mean"]["final_loss"], r["final_loss"].mean())
    np.testing.assert_allclose(r["std"]["val_loss"], r["val_loss"].std())
    # each entry is the run of that seed
    net = book_net(3)
    mc.train(net, X, Y, lr=2.0, steps=300)
    np.testing.assert_allclose(r["final_loss"][3], dg.data_loss(net, X, Y))
    assert "val_loss" not in dg.seed_spread(book_net, X, Y, lr=2.0, steps=5, seeds=[0])
    with pytest.raises(ValueError, match="give both X_val and Y_val"):
        dg.seed_spread(book_net, X, Y, lr=2.0, steps=5, X_val=X_rest)


def test_sanity_checks_pass_and_catch_destroyed_inputs():
    report = dg.sanity_checks(book_net, X, Y, lr=2.0, steps=2000, seeds=range(3))
    assert list(report) == ["initial loss", "tiny batch", "baseline", "penalty",
                            "validation", "seeds"]
    assert all(r["passed"] for r in report.values())
    assert all(isinstance(r["summary"], str) for r in report.values())
    # standardising each row instead of each column keeps only sign(x1 - x2)
    rows = (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True)
    broken = dg.sanity_checks(book_net, rows, Y, lr=2.0, steps=2000, seeds=range(3))
    failed = {name for name, r in broken.items() if not r["passed"]}
    assert {"tiny batch", "baseline", "seeds"} <= failed
    assert "initial loss" not in failed and "penalty" not in failed
    big = dg.sanity_checks(scaled, X, Y, lr=2.0, steps=500, seeds=range(3))
    assert not big["initial loss"]["passed"]
    with pytest.raises(ValueError, match="margin must be > 0"):
        dg.sanity_checks(book_net, X, Y, lr=2.0, steps=5, margin=0)
