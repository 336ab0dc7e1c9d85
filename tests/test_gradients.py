"""Backpropagation against a trusted oracle: centred finite differences.

Every hidden activation x output x loss x regularization x bias combination
is checked on random shapes drawn by hypothesis. The oracle is the
five-point centred difference (error of order eps**4), so a relative error
below 1e-7 leaves a margin for rounding and none for a wrong formula.
"""

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mlp_core as mc
from mlp_core.gradcheck import numerical_gradients, relative_error

OUTPUT_LOSS = [("sigmoid", "mse"), ("softmax", "mse"), ("identity", "mse"),
               ("sigmoid", "cross_entropy"), ("softmax", "cross_entropy")]
REG = [(0.0, 0.0), (0.7, 0.0), (0.0, 0.7), (0.4, 0.3)]
COMBOS = list(itertools.product(["sigmoid", "tanh", "relu", "identity"], OUTPUT_LOSS, REG, [True, False]))


def _away_from_kinks(net, X, rng):
    """Move parameters so no finite difference straddles a kink.

    ReLU is not differentiable at z = 0 and |W| (L1) not at W = 0: there no
    difference quotient means anything, so keep |W| >= 0.05 and, for ReLU,
    nudge the parameters until every hidden pre-activation is >= 0.02 from 0.
    A row whose input is all zeros (dead ReLUs below, no bias) has z == 0
    exactly under every small perturbation, so it is harmless.
    """
    for key, p in net.params.items():
        if key.startswith("b"):
            p[...] = rng.normal(0.0, 0.5, size=p.shape)
        else:
            p[...] = np.sign(p) * np.maximum(np.abs(p), 0.05) + (p == 0) * 0.05
    if net.activation == "relu":
        for _ in range(500):
            zs, hs = net._forward(X)
            if all(np.all((np.abs(z) >= 0.02) | ~hs[i].any(axis=1, keepdims=True))
                   for i, z in enumerate(zs[:-1])):
                return True
            for key, p in net.params.items():
                p += rng.normal(0.0, 0.1, size=p.shape)
                if key.startswith("W"):
                    p[...] = np.sign(p) * np.maximum(np.abs(p), 0.05) + (p == 0) * 0.05
        return False
    return True


@pytest.mark.parametrize("activation,out_loss,reg,bias", COMBOS)
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_backprop_matches_finite_differences(activation, out_loss, reg, bias, data):
    output, loss = out_loss
    l2, l1 = reg
    n_in = data.draw(st.integers(1, 4), label="n_in")
    hidden = data.draw(st.lists(st.integers(1, 5), min_size=1, max_size=3), label="hidden")
    n_out = data.draw(st.integers(2 if output == "softmax" else 1, 4), label="n_out")
    n = data.draw(st.integers(1, 7), label="rows")
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    rng = np.random.default_rng(seed)
    net = mc.MLP([n_in, *hidden, n_out], activation=activation, output=output, loss=loss,
                 l2=l2, l1=l1, bias=bias, seed=seed)
    X = rng.normal(size=(n, n_in))
    X += 0.1 * np.sign(X)  # no input within 0.1 of 0, so ReLU inputs can be moved off 0
    if output == "softmax":  # one class per row
        Y = mc.data.one_hot(rng.integers(0, n_out, size=n), n_out)
    elif output == "sigmoid":  # an independent 0/1 target per output unit
        Y = rng.integers(0, 2, size=(n, n_out)).astype(float)
    else:  # regression targets
        Y = rng.normal(size=(n, n_out))
    assert _away_from_kinks(net, X, rng), "could not move ReLU pre-activations away from 0"
    analytic = net.gradients(X, Y)
    numeric = numerical_gradients(net, X, Y, eps=1e-3, order=4)
    assert analytic.keys() == net.params.keys()
    for key in net.params:
        assert analytic[key].shape == net.params[key].shape
        # The oracle is accurate to ~1e-13 in absolute terms (rounding of L
        # divided by eps), so a relative error of 1e-7 can only be certified
        # for gradients of size >= 1e-5; smaller ones are held to 1e-12.
        err = relative_error(analytic[key], numeric[key], floor=1e-5)
        assert err < 1e-7, f"{key}: relative error {err:.2e}"


def test_default_gradient_check_is_centred_and_small():
    """The reader-facing check (order 2, eps 1e-6) passes on the book's 2-3-2 net."""
    X, Y = mc.data.noisy_xor(20, seed=3)
    net = mc.MLP([2, 3, 2], l2=0.1, seed=3)
    report = mc.gradient_check(net, X, Y)
    assert set(report) == {"W1", "b1", "W2", "b2"}
    assert max(report.values()) < 1e-7


def test_gradient_check_catches_the_articles_regularization_bug():
    """The article adds the scalar lambda*sum(W**2) and drops 1/N: relative error near 1."""
    X, Y, _, _ = mc.data.article_xor()
    lam = 0.5
    net = mc.MLP([2, 3, 2], bias=False, l2=lam, seed=0)
    cache = net.forward(X)
    h1, h2 = cache["h1"], cache["h2"]
    W1, W2 = net.params["W1"], net.params["W2"]
    d2 = (h2 - Y) * h2 * (1 - h2)
    d1 = (d2 @ W2.T) * h1 * (1 - h1)
    wrong = {"W2": h1.T @ d2 + lam * np.sum(W2**2), "W1": X.T @ d1 + lam * np.sum(W1**2)}
    report = mc.gradient_check(net, X, Y, gradients=wrong)
    assert min(report.values()) > 0.5


def test_numerical_gradients_restores_parameters():
    net = mc.MLP([2, 3, 2], seed=1)
    before = {k: p.copy() for k, p in net.params.items()}
    X, Y = mc.data.xor()
    for order in (2, 4):
        numerical_gradients(net, X, Y, order=order)
    for k, p in net.params.items():
        np.testing.assert_array_equal(p, before[k])


def test_relative_error_examples():
    assert relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1.0]), np.array([-1.0])) == pytest.approx(2.0)
    assert relative_error(np.array([2.0, 0.0]), np.array([1.0, 0.0])) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="same shape"):
        relative_error(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match="finite"):
        relative_error(np.array([np.nan]), np.array([1.0]))


@pytest.mark.parametrize("output,loss", [("sigmoid", "mse"), ("softmax", "mse"), ("identity", "mse"),
                                         ("sigmoid", "cross_entropy"), ("softmax", "cross_entropy")])
def test_output_delta_is_where_backpropagation_starts(output, loss):
    # A one-layer net without biases on inputs e_1 ... e_n has z = W, so dL/dW = X^T delta = delta.
    rng = np.random.default_rng(3)
    z = rng.normal(size=(3, 2))
    Y = np.eye(2)[[0, 1, 1]]
    net = mc.MLP.from_weights([z.copy()], output=output, loss=loss)
    np.testing.assert_allclose(mc.losses.output_delta(z, Y, output=output, loss=loss),
                               net.gradients(np.eye(3), Y)["W1"], rtol=1e-14, atol=1e-17)


def test_output_delta_validates_its_arguments():
    z, Y = np.zeros((2, 2)), np.eye(2)
    with pytest.raises(ValueError, match="output"):
        mc.losses.output_delta(z, Y, output="tanh", loss="mse")
    with pytest.raises(ValueError, match="loss"):
        mc.losses.output_delta(z, Y, output="sigmoid", loss="hinge")
    with pytest.raises(ValueError, match="cross_entropy"):
        mc.losses.output_delta(z, Y, output="identity", loss="cross_entropy")
    with pytest.raises(ValueError, match="Y"):
        mc.losses.output_delta(z, np.eye(3), output="sigmoid", loss="mse")
    with pytest.raises(ValueError, match="z"):
        mc.losses.output_delta(np.zeros(2), Y[:1], output="sigmoid", loss="mse")


def test_entrywise_relative_error_is_the_cs231n_form():
    from mlp_core.gradcheck import entrywise_relative_error
    a = np.array([[1.0, 1e-6], [-2.0, 0.0]])
    b = np.array([[1.1, 2e-6], [-2.0, 0.0]])
    np.testing.assert_allclose(entrywise_relative_error(a, b),
                               [[0.1 / 1.1, 0.5], [0.0, 0.0]], rtol=1e-14)
    # the book's whole-array error never exceeds the worst per-entry one,
    # and equals it for a single number
    rng = np.random.default_rng(0)
    for _ in range(20):
        x = rng.normal(size=(3, 2)) * 10.0 ** rng.integers(-6, 2, size=(3, 2))
        y = x + rng.normal(scale=1e-9, size=x.shape)
        assert relative_error(x, y) <= entrywise_relative_error(x, y).max()
    assert entrywise_relative_error(np.array([3.0]), np.array([2.0]))[0] == \
        pytest.approx(relative_error(np.array([3.0]), np.array([2.0])))
    with pytest.raises(ValueError, match="same shape"):
        entrywise_relative_error(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match="floor"):
        entrywise_relative_error(np.ones(2), np.ones(2), floor=0.0)


def test_numerical_jacobian_of_simple_maps():
    from mlp_core.gradcheck import numerical_jacobian
    rng = np.random.default_rng(1)
    W = rng.normal(size=(3, 2))
    h = rng.normal(size=(1, 3))
    # the Jacobian of h -> h @ W is W transposed, shape (2, 3)
    np.testing.assert_allclose(numerical_jacobian(lambda a: a @ W, h), W.T,
                               atol=1e-9)
    # of W -> h @ W (W flattened row by row): h[j] where column k meets k
    np.testing.assert_allclose(numerical_jacobian(lambda M: h @ M, W),
                               np.kron(h, np.eye(2)), atol=1e-9)
    # of the sigmoid: diagonal, h (1 - h)
    z = rng.normal(size=(1, 4))
    s = mc.activations.sigmoid(z)
    np.testing.assert_allclose(numerical_jacobian(mc.activations.sigmoid, z),
                               np.diag((s * (1 - s))[0]), atol=1e-9)
    with pytest.raises(TypeError, match="f must be"):
        numerical_jacobian(3, z)
    with pytest.raises(ValueError, match="eps"):
        numerical_jacobian(np.sin, z, eps=-1.0)
    with pytest.raises(ValueError, match="a must be"):
        numerical_jacobian(np.sin, np.array([np.nan]))
