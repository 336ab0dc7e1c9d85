"""The article's worked example, to the last printed digit."""

import numpy as np
import pytest

import mlp_core as mc

X = np.array([[1.76405235, 0.40015721]])
Y = np.array([[1.0, 0.0]])
W1 = np.array([[-0.67746455, 0.37769425, -0.07365253],
               [-0.53663519, 0.60920496, 0.21149622]])
W2 = np.array([[-0.41491732, -0.30992816],
               [-0.31583913, -0.27706468],
               [-0.44701662, 0.15231059]])


@pytest.fixture
def net():
    return mc.MLP.from_weights([W1, W2])


def test_forward_matches_the_article(net):
    cache = net.forward(X)
    assert list(cache) == ["z1", "h1", "z2", "h2"]
    np.testing.assert_allclose(cache["h2"], [[0.37166596, 0.45414264]], atol=1e-8, rtol=0)
    np.testing.assert_allclose(cache["h1"], 1 / (1 + np.exp(-(X @ W1))), rtol=1e-15)
    np.testing.assert_array_equal(net.predict(X), cache["h2"])


def test_loss_matches_the_article(net):
    assert net.loss(X, Y) == pytest.approx(0.30052460, abs=1e-8)


def test_worked_example_is_the_first_article_point():
    X_train, Y_train, X_rest, Y_rest = mc.data.article_xor()
    assert X_train.shape == (50, 2) and X_rest.shape == (250, 2)
    np.testing.assert_allclose(X_train[0], X[0], atol=5e-9)
    np.testing.assert_array_equal(Y_train[0], Y[0])


def test_hand_computed_gradients(net):
    """dL/dW2 and dL/dW1 written out with the chain rule, by hand, in NumPy."""
    h1 = 1 / (1 + np.exp(-(X @ W1)))
    h2 = 1 / (1 + np.exp(-(h1 @ W2)))
    dz2 = (h2 - Y) * h2 * (1 - h2)
    dz1 = (dz2 @ W2.T) * h1 * (1 - h1)
    g = net.gradients(X, Y)
    np.testing.assert_allclose(g["W2"], h1.T @ dz2, rtol=1e-12)
    np.testing.assert_allclose(g["W1"], X.T @ dz1, rtol=1e-12)
    assert set(g) == {"W1", "W2"}


def test_regularized_loss_and_gradient():
    lam, l1 = 0.3, 0.2
    Xs, Ys, _, _ = mc.data.article_xor()
    net = mc.MLP.from_weights([W1, W2], l2=lam, l1=l1)
    plain = mc.MLP.from_weights([W1, W2])
    n = len(Xs)
    penalty = lam / (2 * n) * (np.sum(W1**2) + np.sum(W2**2)) + l1 / n * (np.abs(W1).sum() + np.abs(W2).sum())
    assert net.loss(Xs, Ys) == pytest.approx(plain.loss(Xs, Ys) + penalty, rel=1e-14)
    g, g0 = net.gradients(Xs, Ys), plain.gradients(Xs, Ys)
    np.testing.assert_allclose(g["W1"] - g0["W1"], lam * W1 / n + l1 * np.sign(W1) / n, rtol=1e-10, atol=1e-15)
