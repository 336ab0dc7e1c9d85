"""Training: learning XOR, minibatches, schedules, clipping, divergence reports."""

import warnings

import numpy as np
import pytest

import mlp_core as mc


def test_2_3_2_with_biases_learns_xor():
    X, Y = mc.data.xor()
    net = mc.MLP([2, 3, 2], seed=0)
    hist = mc.train(net, X, Y, lr=2.0, steps=5000)
    assert mc.accuracy(net, X, Y) == 1.0
    assert hist.accuracy[-1] == 1.0
    assert hist.loss[-1] < hist.loss[0] / 10
    assert hist.steps == 5000 and not hist.diverged


def test_history_arrays_and_first_loss():
    X, Y = mc.data.noisy_xor(40, seed=1)
    net = mc.MLP([2, 4, 2], l2=0.01, seed=1)
    first = net.loss(X, Y)
    g = net.gradients(X, Y)
    hist = mc.train(net, X, Y, lr=0.5, steps=30)
    assert hist.loss.shape == hist.accuracy.shape == hist.grad_norm.shape == hist.lr.shape == (30,)
    assert hist.layer_grad_norms.shape == (30, 2)
    assert hist.loss[0] == pytest.approx(first, rel=1e-14)
    assert hist.layer_grad_norms[0, 0] == pytest.approx(np.linalg.norm(g["W1"]), rel=1e-12)
    assert hist.grad_norm[0] == pytest.approx(np.sqrt(sum(np.sum(a**2) for a in g.values())), rel=1e-12)
    np.testing.assert_array_equal(hist.lr, 0.5)


def test_one_step_is_gradient_descent():
    X, Y = mc.data.xor()
    net = mc.MLP([2, 3, 2], seed=4)
    before = {k: p.copy() for k, p in net.params.items()}
    g = net.gradients(X, Y)
    mc.train(net, X, Y, lr=0.1, steps=1)
    for k, p in net.params.items():
        np.testing.assert_allclose(p, before[k] - 0.1 * g[k], rtol=1e-14)


def test_training_is_deterministic_with_minibatches():
    X, Y = mc.data.noisy_xor(64, seed=2)
    runs = []
    for _ in range(2):
        net = mc.MLP([2, 8, 2], seed=5)
        hist = mc.train(net, X, Y, lr=0.5, steps=200, batch_size=10, seed=9)
        runs.append((hist.loss, net.params["W1"].copy()))
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    np.testing.assert_array_equal(runs[0][1], runs[1][1])


def test_minibatches_visit_every_row_each_epoch():
    X, Y = mc.data.noisy_xor(23, seed=2)
    seen = []

    class Spy(mc.MLP):
        def _forward(self, X):
            seen.append(X.copy())
            return super()._forward(X)

    net = Spy([2, 3, 2], seed=0)
    mc.train(net, X, Y, lr=0.1, steps=3, batch_size=10, seed=0)  # 10 + 10 + 3 rows
    rows = np.concatenate(seen)
    assert [len(s) for s in seen] == [10, 10, 3]
    assert sorted(map(tuple, rows)) == sorted(map(tuple, X))


def test_step_and_exponential_schedules():
    X, Y = mc.data.xor()
    hist = mc.train(mc.MLP([2, 3, 2], seed=0), X, Y, lr=1.0, steps=10,
                    lr_schedule=mc.StepDecay(0.5, every=4))
    np.testing.assert_allclose(hist.lr, [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25])
    hist = mc.train(mc.MLP([2, 3, 2], seed=0), X, Y, lr=1.0, steps=3,
                    lr_schedule=mc.ExponentialDecay(0.1))
    np.testing.assert_allclose(hist.lr, np.exp(-0.1 * np.arange(3)))
    with pytest.raises(ValueError, match="lr_schedule"):
        mc.train(mc.MLP([2, 3, 2], seed=0), X, Y, lr=1.0, steps=3, lr_schedule=lambda lr, t: -1.0)


def test_clipping_bounds_the_update():
    X, Y = mc.data.xor()
    net = mc.MLP([2, 3, 2], seed=0)
    before = {k: p.copy() for k, p in net.params.items()}
    hist = mc.train(net, X, Y, lr=1.0, steps=1, clip_norm=1e-3)
    step = np.sqrt(sum(np.sum((p - before[k]) ** 2) for k, p in net.params.items()))
    assert hist.grad_norm[0] > 1e-3
    assert step == pytest.approx(1e-3, rel=1e-10)


def test_divergence_is_reported_without_runtime_warnings():
    X, Y, _, _ = mc.data.article_xor()
    net = mc.MLP([2, 50, 2], output="identity", seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(mc.TrainingDiverged) as info:
            mc.train(net, X, Y, lr=50.0, steps=1000)
        err = info.value
        assert 0 < err.step < 1000
        assert err.history.steps == err.step
        assert np.all(np.isfinite(err.history.loss))
        assert "diverged at step" in str(err)
        hist = mc.train(mc.MLP([2, 50, 2], output="identity", seed=0), X, Y, lr=50.0, steps=1000,
                        on_divergence="stop")
    assert hist.diverged and hist.diverged_at == err.step and hist.reason == err.reason


def test_huge_inputs_train_without_overflow():
    X, Y = mc.data.xor()
    X = X * 1e4 - 5e3
    for output, loss in [("sigmoid", "mse"), ("softmax", "cross_entropy"), ("sigmoid", "cross_entropy")]:
        net = mc.MLP([2, 3, 2], output=output, loss=loss, seed=0)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            hist = mc.train(net, X, Y, lr=0.01, steps=200)
            assert np.all(np.isfinite(hist.loss))
            assert np.all(np.isfinite(net.predict(X)))
            assert np.isfinite(net.loss(X, Y))


def test_stable_functions_at_extremes():
    z = np.array([[-1e4, -800.0, 0.0, 800.0, 1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = mc.activations.sigmoid(z)
        np.testing.assert_allclose(s, [[0, 0, 0.5, 1, 1]], atol=1e-300)
        p = mc.activations.softmax(z)
        np.testing.assert_allclose(p.sum(), 1.0)
        ce = mc.losses.categorical_cross_entropy(z, np.array([[1.0, 0, 0, 0, 0]]))
        assert ce == pytest.approx(2e4)
        bce = mc.losses.binary_cross_entropy(np.array([[-1e4]]), np.array([[1.0]]))
        assert bce == pytest.approx(1e4)


def test_callback_sees_every_step():
    X, Y = mc.data.xor()
    calls = []
    mc.train(mc.MLP([2, 3, 2], seed=0), X, Y, lr=0.1, steps=5,
             callback=lambda step, net, loss: calls.append((step, loss)))
    assert [c[0] for c in calls] == list(range(5))


def test_zero_steps_changes_nothing():
    X, Y = mc.data.xor()
    net = mc.MLP([2, 3, 2], seed=0)
    w = net.params["W1"].copy()
    hist = mc.train(net, X, Y, lr=0.1, steps=0)
    assert hist.steps == 0
    np.testing.assert_array_equal(net.params["W1"], w)


def test_data_sets_are_seeded_and_one_hot():
    for make in (mc.data.noisy_xor, mc.data.two_moons, mc.data.circles):
        X1, Y1 = make(50, seed=3)
        X2, Y2 = make(50, seed=3)
        X3, _ = make(50, seed=4)
        np.testing.assert_array_equal(X1, X2)
        assert not np.array_equal(X1, X3)
        assert X1.shape == (50, 2) and Y1.shape == (50, 2)
        np.testing.assert_array_equal(Y1.sum(axis=1), 1)
    X, Y = mc.data.xor()
    np.testing.assert_array_equal(Y.argmax(1), [0, 1, 1, 0])
    X, Y, _, _ = mc.data.article_xor()
    np.testing.assert_array_equal(Y.argmax(1), np.logical_xor(X[:, 0] > 0, X[:, 1] > 0))


def test_init_schemes():
    for scheme, bound in [("uniform", 1 / np.sqrt(200)), ("xavier", np.sqrt(6 / 210))]:
        W = mc.MLP([200, 10], init=scheme, seed=0).params["W1"]
        assert np.abs(W).max() <= bound and np.abs(W).max() > 0.9 * bound
    W = mc.MLP([2000, 50], init="he", seed=0).params["W1"]
    assert W.std() == pytest.approx(np.sqrt(2 / 2000), rel=0.02)
    np.testing.assert_array_equal(mc.MLP([2, 3, 2], seed=7).params["W1"],
                                  mc.MLP([2, 3, 2], seed=7).params["W1"])
