"""Every bad input raises a clear error naming the parameter."""

import numpy as np
import pytest

import mlp_core as mc

X, Y = mc.data.xor()


@pytest.fixture
def net():
    return mc.MLP([2, 3, 2], seed=0)


@pytest.mark.parametrize("bad,exc,match", [
    (np.ones((4, 3)), ValueError, "X must have 2 columns"),
    (np.ones(2), ValueError, "X must be 2-D"),
    (np.ones((0, 2)), ValueError, "X must not be empty"),
    (np.array([[np.nan, 1.0]]), ValueError, "X must contain only finite"),
    (np.array([[np.inf, 1.0]]), ValueError, "X must contain only finite"),
    (np.array([["a", "b"]]), TypeError, "X must be a 2-D array of numbers"),
    ("not an array", TypeError, "X must be"),
    (None, TypeError, "X must be"),
    ([[1, 2], [3]], TypeError, "X must be"),
    (np.ones((4, 2), dtype=complex), TypeError, "X must hold real"),
])
def test_bad_X(net, bad, exc, match):
    with pytest.raises(exc, match=match):
        net.forward(bad)
    with pytest.raises(exc, match=match):
        net.predict(bad)
    with pytest.raises(exc, match=match):
        mc.train(net, bad, Y, lr=0.1, steps=1)


def test_bad_Y(net):
    with pytest.raises(ValueError, match="same number of rows"):
        net.loss(X, Y[:3])
    with pytest.raises(ValueError, match="Y must have 2 columns"):
        net.gradients(X, np.ones((4, 3)))
    with pytest.raises(ValueError, match="Y must contain only finite"):
        mc.train(net, X, np.full((4, 2), np.nan), lr=0.1, steps=1)
    with pytest.raises(ValueError, match="same number of rows"):
        mc.accuracy(net, X, Y[:2])
    with pytest.raises(ValueError, match="same number of rows"):
        mc.gradient_check(net, X, Y[:2])


@pytest.mark.parametrize("sizes,exc,match", [
    ([2], ValueError, "at least 2"),
    ([], ValueError, "at least 2"),
    ([2, 0, 2], ValueError, r"layer_sizes\[1\] must be a positive"),
    ([2, -3, 2], ValueError, r"layer_sizes\[1\] must be a positive"),
    ([2, 2.5, 2], TypeError, r"layer_sizes\[1\] must be an integer"),
    ("232", TypeError, "layer_sizes must be a sequence"),
    (5, TypeError, "layer_sizes must be a sequence"),
])
def test_bad_layer_sizes(sizes, exc, match):
    with pytest.raises(exc, match=match):
        mc.MLP(sizes)


@pytest.mark.parametrize("kwargs,exc,match", [
    ({"activation": "swish"}, ValueError, "activation must be one of"),
    ({"output": "tanh"}, ValueError, "output must be one of"),
    ({"loss": "hinge"}, ValueError, "loss must be one of"),
    ({"l2": -0.1}, ValueError, "l2 must be >= 0"),
    ({"l1": -1}, ValueError, "l1 must be >= 0"),
    ({"l2": float("nan")}, ValueError, "l2 must be finite"),
    ({"l2": "big"}, TypeError, "l2 must be a real number"),
    ({"bias": 1}, TypeError, "bias must be True or False"),
    ({"init": "zeros"}, ValueError, "init must be one of"),
    ({"seed": -1}, ValueError, "seed must be >= 0"),
    ({"seed": 1.5}, TypeError, "seed must be an integer"),
    ({"loss": "cross_entropy", "output": "identity"}, ValueError, "cross_entropy"),
])
def test_bad_options(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        mc.MLP([2, 3, 2], **kwargs)


def test_softmax_needs_two_outputs():
    with pytest.raises(ValueError, match="softmax"):
        mc.MLP([2, 3, 1], output="softmax")


@pytest.mark.parametrize("kwargs,exc,match", [
    ({"lr": 0.0, "steps": 1}, ValueError, "lr must be > 0"),
    ({"lr": -1.0, "steps": 1}, ValueError, "lr must be > 0"),
    ({"lr": float("inf"), "steps": 1}, ValueError, "lr must be finite"),
    ({"lr": 0.1, "steps": -1}, ValueError, "steps must be >= 0"),
    ({"lr": 0.1, "steps": 2.0}, TypeError, "steps must be an integer"),
    ({"lr": 0.1, "steps": 1, "batch_size": 0}, ValueError, "batch_size must be between 1 and"),
    ({"lr": 0.1, "steps": 1, "batch_size": 5}, ValueError, "batch_size must be between 1 and"),
    ({"lr": 0.1, "steps": 1, "clip_norm": 0}, ValueError, "clip_norm must be > 0"),
    ({"lr": 0.1, "steps": 1, "lr_schedule": 0.5}, TypeError, "lr_schedule must be callable"),
    ({"lr": 0.1, "steps": 1, "callback": "print"}, TypeError, "callback must be callable"),
    ({"lr": 0.1, "steps": 1, "on_divergence": "ignore"}, ValueError, "on_divergence must be one of"),
    ({"lr": 0.1, "steps": 1, "seed": -3}, ValueError, "seed must be >= 0"),
])
def test_bad_training_arguments(net, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        mc.train(net, X, Y, **kwargs)


def test_train_needs_an_mlp():
    with pytest.raises(TypeError, match="net must be an MLP"):
        mc.train("net", X, Y, lr=0.1, steps=1)
    with pytest.raises(TypeError, match="net must be an MLP"):
        mc.accuracy(None, X, Y)
    with pytest.raises(TypeError, match="net must be an MLP"):
        mc.numerical_gradients(object(), X, Y)


def test_from_weights_checks_shapes():
    W1, W2 = np.ones((2, 3)), np.ones((3, 2))
    with pytest.raises(ValueError, match="do not chain"):
        mc.MLP.from_weights([W1, np.ones((4, 2))])
    with pytest.raises(ValueError, match=r"weights\[1\] must be 2-D"):
        mc.MLP.from_weights([W1, np.ones(3)])
    with pytest.raises(ValueError, match="at least one"):
        mc.MLP.from_weights([])
    with pytest.raises(TypeError, match="weights must be a list"):
        mc.MLP.from_weights(W1)
    with pytest.raises(ValueError, match=r"biases\[0\] must have shape \(3,\)"):
        mc.MLP.from_weights([W1, W2], [np.zeros(2), np.zeros(2)])
    with pytest.raises(ValueError, match="biases must have 2 vectors"):
        mc.MLP.from_weights([W1, W2], [np.zeros(3)])
    with pytest.raises(ValueError, match=r"weights\[0\] must contain only finite"):
        mc.MLP.from_weights([np.full((2, 3), np.nan), W2])
    net = mc.MLP.from_weights([W1, W2])
    assert set(net.params) == {"W1", "W2"} and not net.bias
    W1[0, 0] = 5.0
    assert net.params["W1"][0, 0] == 1.0  # copied, not shared


def test_gradient_check_argument_errors(net):
    with pytest.raises(ValueError, match="eps must be > 0"):
        mc.numerical_gradients(net, X, Y, eps=0)
    with pytest.raises(ValueError, match="order must be 2 or 4"):
        mc.numerical_gradients(net, X, Y, order=3)
    with pytest.raises(ValueError, match="gradients must be a dict"):
        mc.gradient_check(net, X, Y, gradients={"W1": np.zeros((2, 3))})


def test_data_argument_errors():
    with pytest.raises(ValueError, match="n must be >= 1"):
        mc.data.noisy_xor(0)
    with pytest.raises(ValueError, match="noise must be >= 0"):
        mc.data.two_moons(10, noise=-1)
    with pytest.raises(ValueError, match="factor must be below 1"):
        mc.data.circles(10, factor=2.0)
    with pytest.raises(ValueError, match="n_train must be smaller"):
        mc.data.article_xor(10, n_train=10)
    with pytest.raises(ValueError, match="test_fraction"):
        mc.data.split(X, Y, test_fraction=1.5)
    with pytest.raises(ValueError, match="labels must lie"):
        mc.data.one_hot(np.array([0, 2]), 2)


def test_gradient_check_names_the_parameter_with_the_wrong_shape():
    X, Y = mc.data.xor()
    net = mc.MLP([2, 3, 2], seed=0)
    g = net.gradients(X, Y)
    g["W2"] = g["W2"].T
    with pytest.raises(ValueError, match=r"gradients\['W2'\] has shape \(2, 3\), but W2 has shape \(3, 2\)"):
        mc.gradient_check(net, X, Y, gradients=g)
