"""The exercise checks of the chapters on dL/dW2 (3) and dL/dW1 (4)."""

import numpy as np
import pytest

import mlp_core as mc
from mlp_core.exercises import dloss_dw1 as ch4
from mlp_core.exercises import dloss_dw2 as ch3
from mlp_core.gradcheck import numerical_jacobian

CHECKS = [ch3.check_planted_bug, ch3.check_duplicated_rows, ch3.check_gradient_with_l2,
          ch4.check_delta1_other_label, ch4.check_planted_bug, ch4.check_finite_difference_cost]


@pytest.mark.parametrize("check", CHECKS, ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_unanswered_returns_none_and_says_so(check, capsys):
    assert check(...) is None
    assert check(None) is None
    assert "No answer yet" in capsys.readouterr().out


@pytest.mark.parametrize("check", CHECKS, ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_nonsense_is_wrong_and_never_raises(check, capsys):
    for nonsense in ["nonsense", 3, [1, 2], {"a": 1}, True]:
        assert check(nonsense) is False
    assert "Not yet" in capsys.readouterr().out


def test_right_answers_pass():
    X, y, W1, W2 = mc.data.worked_example()
    net = mc.MLP.from_weights([W1, W2])
    assert ch3.check_planted_bug("dh2/dz2") and ch3.check_planted_bug("dh2 / dz2")
    assert not ch3.check_planted_bug("dz2/dW2")
    assert ch3.check_duplicated_rows("same") and ch3.check_duplicated_rows(" Same ")
    assert not ch3.check_duplicated_rows("double")
    assert ch3.check_gradient_with_l2(net.gradients(X, y)["W2"] + 0.5 * W2)
    assert not ch3.check_gradient_with_l2(net.gradients(X, y)["W2"])
    h = net.forward(X)
    other = np.array([[0.0, 1.0]])
    delta2 = (h["h2"] - other) * h["h2"] * (1 - h["h2"])
    delta1 = (delta2 @ W2.T) * h["h1"] * (1 - h["h1"])
    assert ch4.check_delta1_other_label(delta1) and ch4.check_delta1_other_label(delta1[0])
    assert ch4.check_planted_bug("dz2/dh1")
    assert not ch4.check_planted_bug("dh1/dz1")
    assert ch4.check_finite_difference_cost(1004) and not ch4.check_finite_difference_cost(502)


def test_ch3_planted_bug_is_caught_by_the_chapters_checks():
    X, y, W1, W2 = mc.data.worked_example()
    net = mc.MLP.from_weights([W1, W2])
    gradients, jacobians = ch3.colleague_backward(X, y, W1, W2)
    assert set(jacobians) == set(ch3.FACTORS_W2)
    report = mc.gradient_check(net, X, y, gradients=gradients)
    assert report["W1"] < 1e-7 and report["W2"] > 0.5     # only W2 is flagged
    cache = net.forward(X)
    right = {"dL/dh2": mc.losses.mse_gradient(cache["h2"], y),
             "dh2/dz2": np.diag(mc.activations.sigmoid_derivative(cache["h2"])[0]),
             "dz2/dW2": numerical_jacobian(lambda W: cache["h1"] @ W, W2)}
    wrong = {k for k in right if mc.relative_error(jacobians[k], right[k]) > 1e-6}
    assert wrong == {"dh2/dz2"}


def test_ch4_planted_bug_is_caught_by_the_chapters_checks():
    X, y, W1, W2 = ch4.planted_bug_case()
    assert W1.shape == W2.shape == (2, 2)
    assert np.abs(W2 - W2.T).max() > 0.5     # not symmetric: the transpose matters
    net = mc.MLP.from_weights([W1, W2])
    gradients, jacobians = ch4.colleague_backward(X, y, W1, W2)
    assert set(jacobians) == set(ch4.FACTORS_W1)
    report = mc.gradient_check(net, X, y, gradients=gradients)
    assert report["W2"] < 1e-7 and report["W1"] > 0.5     # only W1 is flagged
    c = net.forward(X)
    bricks = {"dL/dh2": (lambda h: mc.losses.mse(h, y), c["h2"]),
              "dh2/dz2": (mc.activations.sigmoid, c["z2"]),
              "dz2/dh1": (lambda h: h @ W2, c["h1"]),
              "dh1/dz1": (mc.activations.sigmoid, c["z1"]),
              "dz1/dW1": (lambda W: X @ W, W1)}
    wrong = {k for k, (f, at) in bricks.items()
             if mc.relative_error(jacobians[k], numerical_jacobian(f, at)) > 1e-6}
    assert wrong == {"dz2/dh1"}


def test_colleague_functions_validate_their_input():
    X, y, W1, W2 = mc.data.worked_example()
    with pytest.raises(ValueError, match="X must be one observation"):
        ch3.colleague_backward(np.vstack([X, X]), np.vstack([y, y]), W1, W2)
    with pytest.raises(ValueError, match="X must be one observation"):
        ch4.colleague_backward(np.vstack([X, X]), np.vstack([y, y]), W1, W2)
