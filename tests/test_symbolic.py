"""mlp_core.symbolic: the SymPy derivations agree with each other and with backpropagation.

The symbolic network is built once per module (it takes a fraction of a
second; differentiating the loss a little more), then every check reuses it.
"""

import numpy as np
import pytest
import sympy as sp

import mlp_core as mc
from mlp_core import symbolic


@pytest.fixture(scope="module")
def net():
    return symbolic.network_232()


@pytest.fixture(scope="module")
def gradients(net):
    """Direct and chain-rule gradients of both weight matrices, and their NumPy versions."""
    out = {}
    for name, W, chain in [("W1", net.W1, symbolic.gradient_chain_W1),
                           ("W2", net.W2, symbolic.gradient_chain_W2)]:
        direct, by_chain = symbolic.gradient_direct(net, W), chain(net)
        out[name] = (direct, by_chain, symbolic.lambdify(net, direct), symbolic.lambdify(net, by_chain))
    return out


def _random_case(seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(1, 2))
    y = np.eye(2)[[rng.integers(2)]]
    return X, y, rng.normal(size=(2, 3)), rng.normal(size=(3, 2))


@pytest.mark.parametrize("name", ["W1", "W2"])
def test_direct_and_chain_agree_symbolically(gradients, name):
    direct, chain, _, _ = gradients[name]
    assert direct.shape == chain.shape == ((2, 3) if name == "W1" else (3, 2))
    assert symbolic.difference_is_zero(direct, chain)


def test_difference_is_zero_sees_a_wrong_gradient(net, gradients):
    direct, chain, _, _ = gradients["W1"]
    wrong = chain + net.lam * sp.ones(2, 3) * sum(w**2 for w in net.W1)   # the article's scalar penalty
    assert not symbolic.difference_is_zero(direct, wrong)
    half = chain.copy()
    half[0, 0] = half[0, 0] / 2
    assert not symbolic.difference_is_zero(direct, half)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("lam", [0.0, 0.7])
@pytest.mark.parametrize("name", ["W1", "W2"])
def test_lambdify_matches_backpropagation(gradients, name, lam, seed):
    X, y, W1, W2 = _random_case(seed)
    _, _, f_direct, f_chain = gradients[name]
    expected = mc.MLP.from_weights([W1, W2], l2=lam).gradients(X, y)[name]
    np.testing.assert_allclose(f_direct(X, y, W1, W2, lam, 1), expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(f_chain(X, y, W1, W2, lam, 1), expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", ["W1", "W2"])
def test_lambdify_matches_finite_differences_at_worked_example(gradients, name):
    X, y, W1, W2 = mc.data.worked_example()
    model = mc.MLP.from_weights([W1, W2], l2=0.3)
    numeric = mc.numerical_gradients(model, X, y, eps=1e-3, order=4)[name]
    sym = gradients[name][2](X, y, W1, W2, 0.3, 1)
    assert mc.relative_error(sym, numeric) < 1e-10


def test_lambdified_loss_matches_mlp_loss(net):
    f = symbolic.lambdify(net, net.L)
    for seed in range(3):
        X, y, W1, W2 = _random_case(seed)
        assert float(f(X, y, W1, W2, 0.4, 1)) == pytest.approx(
            mc.MLP.from_weights([W1, W2], l2=0.4).loss(X, y), rel=1e-13)


def test_lambdify_keeps_the_1_over_n(net, gradients):
    X, y, W1, W2 = _random_case(5)
    f = gradients["W1"][2]
    np.testing.assert_allclose(f(X, y, W1, W2, 0.5, 4), f(X, y, W1, W2, 0.5, 1) / 4, rtol=1e-13)


def test_chain_factors_W1_reuse_the_W2_factors(net):
    f1, f2 = symbolic.chain_factors_W1(net), symbolic.chain_factors_W2(net)
    assert f1["dL/dh2"] == f2["dL/dh2"] and f1["dh2/dz2"] == f2["dh2/dz2"]
    assert symbolic.output_delta(net) == f2["dL/dh2"].multiply_elementwise(f2["dh2/dz2"])
    assert set(f1) | set(f2) <= set(symbolic.FACTOR_LATEX)


def test_sigma_derivative_and_rewrite():
    z = sp.Symbol("z", real=True)
    s = symbolic.sigma(z)
    assert sp.simplify(sp.diff(s, z) - s * (1 - s)) == 0
    exact = s.rewrite(sp.exp)
    assert sp.simplify(exact - 1 / (1 + sp.exp(-z))) == 0
    assert sp.simplify(sp.diff(exact, z) - exact * (1 - exact)) == 0


def test_compact_names_the_activations(net, gradients):
    chain = gradients["W1"][1]
    short = symbolic.compact(net, chain)
    assert short.shape == chain.shape
    assert not short.atoms(symbolic.sigma)
    names = {s.name for s in short.free_symbols}
    assert {"h_{1,1}", "h_{2,1}", "h_{2,2}"} <= names
    # putting the sigmoids back gives the original expression exactly
    back = {sp.Symbol(f"h_{{1,{j + 1}}}"): net.h1[j] for j in range(3)}
    back.update({sp.Symbol(f"h_{{2,{k + 1}}}"): net.h2[k] for k in range(2)})
    assert symbolic.difference_is_zero(short.xreplace(back), chain)


def test_compact_delta2_shows_the_reuse(net, gradients):
    entry = symbolic.compact(net, gradients["W1"][1][0, 0], delta2=True)
    names = {s.name for s in entry.free_symbols}
    assert {r"\delta_{2,1}", r"\delta_{2,2}"} <= names
    assert "y_1" not in names and "h_{2,1}" not in names   # all of delta2 is inside the symbols
    d1, d2 = sp.Symbol(r"\delta_{2,1}"), sp.Symbol(r"\delta_{2,2}")
    h11, x1 = sp.Symbol("h_{1,1}"), net.X[0]
    expected = x1 * h11 * (1 - h11) * (net.W2[0, 0] * d1 + net.W2[0, 1] * d2) + net.lam * net.W1[0, 0] / net.N
    assert sp.expand(entry - expected) == 0


def test_validation(net):
    with pytest.raises(TypeError, match="net"):
        symbolic.compact("not a network", net.L)
    with pytest.raises(TypeError, match="delta2"):
        symbolic.compact(net, net.L, delta2="yes")
    with pytest.raises(TypeError, match="net"):
        symbolic.lambdify(None, net.L)
    with pytest.raises(TypeError, match="W"):
        symbolic.gradient_direct(net, [1, 2])
    with pytest.raises(ValueError, match="shape"):
        symbolic.difference_is_zero(net.W1, net.W2)
    with pytest.raises(TypeError, match="matrices"):
        symbolic.difference_is_zero(net.W1, 0)
