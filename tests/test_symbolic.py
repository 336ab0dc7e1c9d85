"""mlp_core.symbolic: the SymPy derivations agree with each other and with backpropagation.

The symbolic networks are built once per module (a fraction of a second;
differentiating the loss a little more), then every check reuses them.
"""

import numpy as np
import pytest
import sympy as sp

import mlp_core as mc
from mlp_core import symbolic
from mlp_core.gradcheck import numerical_jacobian


@pytest.fixture(scope="module")
def net():
    return symbolic.network_232()


@pytest.fixture(scope="module")
def biased():
    """Two observations and biases: the bias gradients are sums over rows."""
    return symbolic.network_232(rows=2, bias=True)


@pytest.fixture(scope="module")
def gradients(net):
    """Direct and chain-rule gradients of both weight matrices, and their NumPy versions."""
    out = {}
    for name, W, chain in [("W1", net.W1, symbolic.gradient_chain_W1),
                           ("W2", net.W2, symbolic.gradient_chain_W2)]:
        direct, by_chain = symbolic.gradient_direct(net, W), chain(net)
        out[name] = (direct, by_chain, symbolic.lambdify(net, direct),
                     symbolic.lambdify(net, by_chain))
    return out


CHAINS = {"W1": symbolic.gradient_chain_W1, "W2": symbolic.gradient_chain_W2,
          "b1": symbolic.gradient_chain_b1, "b2": symbolic.gradient_chain_b2}


def _random_case(seed, rows=1):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(rows, 2))
    y = np.eye(2)[rng.integers(2, size=rows)]
    return X, y, rng.normal(size=(2, 3)), rng.normal(size=(3, 2))


@pytest.mark.parametrize("name", ["W1", "W2"])
def test_direct_and_chain_agree_symbolically(gradients, name):
    direct, chain, _, _ = gradients[name]
    assert direct.shape == chain.shape == ((2, 3) if name == "W1" else (3, 2))
    assert symbolic.difference_is_zero(direct, chain)


@pytest.mark.parametrize("name", ["W1", "W2", "b1", "b2"])
def test_direct_and_chain_agree_with_biases_and_two_rows(biased, name):
    P = getattr(biased, name)
    direct, chain = symbolic.gradient_direct(biased, P), CHAINS[name](biased)
    assert direct.shape == chain.shape == P.shape
    assert symbolic.difference_is_zero(direct, chain)


def test_bias_gradients_are_column_sums_of_the_deltas(biased):
    for delta, b, chain in [(symbolic.output_delta(biased), biased.b2, symbolic.gradient_chain_b2),
                            (symbolic.hidden_delta(biased), biased.b1, symbolic.gradient_chain_b1)]:
        assert delta.shape == (2, b.shape[1])
        column_sums = sp.ones(1, 2) * delta
        assert symbolic.difference_is_zero(chain(biased), column_sums)
        assert symbolic.difference_is_zero(symbolic.gradient_direct(biased, b), column_sums)
        assert symbolic.penalty_gradient(biased, b) == sp.zeros(*b.shape)


@pytest.mark.parametrize("seed", [0, 1])
def test_bias_gradients_match_backpropagation_and_finite_differences(biased, seed):
    X, y, W1, W2 = _random_case(seed, rows=2)
    rng = np.random.default_rng(seed + 10)
    b1, b2 = rng.normal(size=3), rng.normal(size=2)
    model = mc.MLP.from_weights([W1, W2], [b1, b2], l2=0.4)
    backprop = model.gradients(X, y)
    numeric = mc.numerical_gradients(model, X, y, eps=1e-3, order=4)
    for name in ["b1", "b2", "W1"]:
        f = symbolic.lambdify(biased, symbolic.gradient_direct(biased, getattr(biased, name)))
        sym = f(X, y, W1, W2, 0.4, b1=b1, b2=b2).reshape(backprop[name].shape)
        np.testing.assert_allclose(sym, backprop[name], rtol=1e-12, atol=1e-15)
        assert mc.relative_error(sym, numeric[name]) < 1e-9


def test_output_delta_matches_mlp_core(biased):
    X, y, W1, W2 = _random_case(3, rows=2)
    b1, b2 = np.array([0.1, -0.2, 0.3]), np.array([0.5, -0.5])
    model = mc.MLP.from_weights([W1, W2], [b1, b2])
    z2 = model.forward(X)["z2"]
    f = symbolic.lambdify(biased, symbolic.output_delta(biased))
    np.testing.assert_allclose(f(X, y, W1, W2, b1=b1, b2=b2),
                               mc.losses.output_delta(z2, y, output="sigmoid", loss="mse"),
                               rtol=1e-12)


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


def test_worked_example_matches_the_articles_numbers(net, gradients):
    X, y, W1, W2 = mc.data.worked_example()
    J = symbolic.local_jacobians(net)
    np.testing.assert_allclose(symbolic.lambdify(net, J["dL/dh2"])(X, y, W1, W2),
                               [[-0.62833404, 0.45414264]], atol=1e-8, rtol=0)
    np.testing.assert_allclose(np.diag(symbolic.lambdify(net, J["dh2/dz2"])(X, y, W1, W2)),
                               [0.23353037, 0.2478971], atol=1e-8, rtol=0)
    np.testing.assert_allclose(symbolic.lambdify(net, symbolic.output_delta(net))(X, y, W1, W2),
                               [[-0.14673508, 0.11258065]], atol=1e-8, rtol=0)
    np.testing.assert_allclose(gradients["W2"][2](X, y, W1, W2),
                               [[-0.02879856, 0.02209533], [-0.10462365, 0.08027117],
                                [-0.07170623, 0.0550157]], atol=1e-8, rtol=0)
    np.testing.assert_allclose(gradients["W1"][2](X, y, W1, W2),
                               [[0.00723246, 0.00546965, 0.03647082],
                                [0.00164061, 0.00124073, 0.00827303]], atol=1e-8, rtol=0)


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
    assert symbolic.output_delta(net) == f2["dL/dh2"] * f2["dh2/dz2"]
    assert set(f1) | set(f2) <= set(symbolic.FACTOR_LATEX)


def test_sigmoid_derivation_steps():
    d = symbolic.sigmoid_derivation()
    z, s = d.z, d.s
    assert d.sigmoid == 1 / (1 + sp.exp(-z))
    assert sp.simplify(d.derivative - sp.exp(-z) / (1 + sp.exp(-z)) ** 2) == 0
    assert sp.simplify(d.exp_in_s - (1 - s) / s) == 0
    assert d.derivative_in_s.free_symbols == {s}
    assert sp.expand(d.derivative_in_s - s * (1 - s)) == 0
    assert d.check == 0
    steps = d.steps()
    assert [e for _, e, _ in steps] == [d.sigmoid, d.derivative, d.exp_in_s,
                                        d.substituted, d.derivative_in_s]
    assert r"\texttt{sp.diff}" in d.aligned() and d.aligned().startswith(r"\begin{aligned}")


def test_sigma_uses_the_derived_derivative_and_rewrites():
    z = sp.Symbol("z", real=True)
    s = symbolic.sigma(z)
    assert sp.diff(s, z) == symbolic.sigmoid_derivation().derivative_in_s.subs(
        symbolic.sigmoid_derivation().s, s)
    exact = s.rewrite(sp.exp)
    assert sp.simplify(exact - 1 / (1 + sp.exp(-z))) == 0
    assert sp.simplify(sp.diff(exact, z) - exact * (1 - exact)) == 0


def test_local_jacobians_shapes_and_structure(net):
    J = symbolic.local_jacobians(net)
    shapes = {"dL/dh2": (1, 2), "dh2/dz2": (2, 2), "dz2/dW2": (2, 6), "dz2/dh1": (2, 3),
              "dh1/dz1": (3, 3), "dz1/dW1": (3, 6)}
    assert {k: v.shape for k, v in J.items()} == shapes
    assert J["dz2/dh1"] == net.W2.T            # W2 "enters transposed": it is the Jacobian
    assert J["dh2/dz2"].is_diagonal() and J["dh1/dz1"].is_diagonal()
    for k in range(2):
        assert sp.simplify(J["dh2/dz2"][k, k] - net.h2[k] * (1 - net.h2[k])) == 0
    # dz2[k']/dW2[j, k] = h1[j] when k' = k, else 0 (W2 flattened row by row)
    for kp in range(2):
        for j in range(3):
            for k in range(2):
                assert J["dz2/dW2"][kp, 2 * j + k] == (net.h1[j] if kp == k else 0)
    assert set(symbolic.local_jacobians(symbolic.network_232(bias=True))) == \
        set(shapes) | {"dz2/db2", "dz1/db1"}


def test_local_jacobians_match_numerical_jacobians_of_the_bricks(net):
    X, y, W1, W2 = mc.data.worked_example()
    cache = mc.MLP.from_weights([W1, W2]).forward(X)
    bricks = {
        "dL/dh2": (lambda h: mc.losses.mse(h, y), cache["h2"]),
        "dh2/dz2": (mc.activations.sigmoid, cache["z2"]),
        "dz2/dW2": (lambda W: cache["h1"] @ W, W2),
        "dz2/dh1": (lambda h: h @ W2, cache["h1"]),
        "dh1/dz1": (mc.activations.sigmoid, cache["z1"]),
        "dz1/dW1": (lambda W: X @ W, W1),
    }
    for name, J in symbolic.local_jacobians(net).items():
        f, at = bricks[name]
        exact = symbolic.lambdify(net, J)(X, y, W1, W2)
        assert exact.shape == J.shape
        assert mc.relative_error(exact, numerical_jacobian(f, at)) < 1e-8, name


def test_weighted_sum_derivative_gives_the_kronecker_delta():
    d = symbolic.weighted_sum_derivative()
    j, k, kp, h1, delta2 = d["j"], d["k"], d["k'"], d["h1"], d["delta2"]
    assert d["dz2[k']/dW2[j,k]"] == sp.KroneckerDelta(k, kp) * h1[j]
    assert d["dL/dW2[j,k]"] == delta2[k] * h1[j]
    text = symbolic.latex(d["dz2[k']/dW2[j,k]"])
    assert r"\left[k' = k\right]" in text and "h_{1,j}" in text
    assert "W_{2,j'k'}" in symbolic.latex(d["z2[k']"])


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


def test_compact_with_several_rows_names_row_and_unit(biased):
    short = symbolic.compact(biased, symbolic.output_delta(biased))
    names = {s.name for s in short.free_symbols}
    assert {"h_{2,11}", "h_{2,21}", "h_{2,12}", "h_{2,22}"} <= names


def test_compact_delta2_shows_the_reuse(net, gradients):
    entry = symbolic.compact(net, gradients["W1"][1][0, 0], delta2=True)
    names = {s.name for s in entry.free_symbols}
    assert {r"\delta_{2,1}", r"\delta_{2,2}"} <= names
    assert "y_{1}" not in names and "h_{2,1}" not in names   # all of delta2 is inside the symbols
    d1, d2 = sp.Symbol(r"\delta_{2,1}"), sp.Symbol(r"\delta_{2,2}")
    h11, x1 = sp.Symbol("h_{1,1}"), net.X[0]
    expected = x1 * h11 * (1 - h11) * (net.W2[0, 0] * d1 + net.W2[0, 1] * d2) \
        + net.lam * net.W1[0, 0] / net.N
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
    with pytest.raises(ValueError, match="rows"):
        symbolic.network_232(rows=0)
    with pytest.raises(TypeError, match="bias"):
        symbolic.network_232(bias=1)
    with pytest.raises(ValueError, match="row"):
        symbolic.local_jacobians(net, row=1)
    with pytest.raises(ValueError, match="no biases"):
        symbolic.gradient_chain_b2(net)
    f = symbolic.lambdify(net, net.L)
    X, y, W1, W2 = mc.data.worked_example()
    with pytest.raises(ValueError, match="no biases"):
        f(X, y, W1, W2, b1=np.zeros(3), b2=np.zeros(2))
    with pytest.raises(ValueError, match="W2 must have shape"):
        f(X, y, W1, W2[:2])
    g = symbolic.lambdify(symbolic.network_232(bias=True), sp.S(0))
    with pytest.raises(ValueError, match="pass b1 and b2"):
        g(X, y, W1, W2)
