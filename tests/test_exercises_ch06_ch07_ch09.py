"""The exercise checks of the chapters on capacity (6), biases (7) and activations/losses (9)."""

import numpy as np
import pytest

import mlp_core as mc
from mlp_core import experiments
from mlp_core.exercises import activations_losses as al
from mlp_core.exercises import biases as bi
from mlp_core.exercises import capacity as ca

X, Y, _, _ = mc.data.article_xor()

CHECKS = [ca.check_more_data_rise, ca.check_early_stopping_step, ca.check_heldout_noise,
          bi.check_constant, bi.check_symmetric_forward, bi.check_tanh_mirror,
          al.check_planted_derivative, al.check_mse_delta, al.check_saturation_z,
          al.check_bce_first_gradient]


@pytest.mark.parametrize("check", CHECKS, ids=lambda f: f.__name__)
def test_no_answer_yet_prints_a_reminder_and_returns_none(check, capsys):
    """Before an answer exists a check prints one line and returns None (no stray False)."""
    for missing in (..., None):
        assert check(missing) is None
        out = capsys.readouterr().out
        assert out.startswith("No answer yet") and out.count("\n") == 1


@pytest.mark.parametrize("check", CHECKS, ids=lambda f: f.__name__)
def test_nonsense_is_wrong_and_never_raises(check, capsys):
    for nonsense in ("nonsense", object(), [1, 2, 3], {"a": 1}):
        assert check(nonsense) is False
    out = capsys.readouterr().out
    assert "Not yet" in out
    assert all(len(line) <= 78 for line in out.splitlines())


# ------------------------------------------------------------ chapter 6
def test_capacity_more_data_rise():
    r = experiments.training_set_size((50, 400), hidden=50, seed=0, record_every=ca.RECORD_EVERY,
                                      **ca.SETTINGS)
    rises = tuple(experiments.loss_rise(c) for c in r["heldout_loss"])
    assert ca.check_more_data_rise(rises) is True
    assert ca.check_more_data_rise(list(rises)) is True
    assert ca.check_more_data_rise(rises[::-1]) is False       # the order matters
    assert ca.check_more_data_rise(rises[:1]) is False
    assert rises[0] > 0.05 and rises[1] == 0.0                  # what the solution says


def test_capacity_planted_bug_and_its_fix():
    sweep = experiments.capacity(ca.SIZES, seed=0, record_every=ca.RECORD_EVERY, **ca.SETTINGS)
    i = ca.SIZES.index(10)
    buggy = ca.early_stopping_step(sweep, i)
    assert buggy == ca.SETTINGS["steps"] - 1                    # it watches the training loss
    fixed = int(sweep["record_steps"][np.argmin(sweep["heldout_loss"][i])])
    assert fixed < ca.SETTINGS["steps"] / 2
    assert ca.check_early_stopping_step(fixed) is True
    assert ca.check_early_stopping_step(buggy) is False
    assert ca.check_early_stopping_step(fixed + ca.RECORD_EVERY) is False


def test_capacity_heldout_noise_prediction(capsys):
    accuracies = ca.heldout_noise()
    assert accuracies.shape == (80,)
    measured = np.std(accuracies, ddof=1)
    p = accuracies.mean()
    binomial = np.sqrt(p * (1 - p) / 250)
    assert 0.8 * binomial < measured < 1.2 * binomial         # the formula predicts it
    assert ca.check_heldout_noise(binomial) is True
    assert ca.check_heldout_noise(measured) is True
    assert ca.check_heldout_noise(2 * measured) is False
    assert ca.check_heldout_noise(0.0) is False
    assert "measured" in capsys.readouterr().out


def test_heldout_noise_scores_points_never_trained_on():
    # the 80 * 250 points come after the article's 300, so none is a training point
    X_first, _, X_new, _ = mc.data.article_xor(300 + 80 * 250, n_train=300)
    X_train, _, X_rest, _ = mc.data.article_xor()
    np.testing.assert_array_equal(X_first, np.vstack([X_train, X_rest]))
    assert len(X_new) == 80 * 250
    assert not np.any((X_new[:, None, :] == X_first[None, :, :]).all(axis=2))


# ------------------------------------------------------------ chapter 7
def test_biases_constant():
    _, _, W1, W2 = mc.data.worked_example()
    assert bi.check_constant(W2[:, 1].sum() - W2[:, 0].sum()) is True
    assert bi.check_constant(W2[:, 0].sum() - W2[:, 1].sum()) is False


def test_biases_planted_bug_forward_steps():
    net = mc.MLP([2, 50, 2], seed=0)
    mc.train(net, X, Y, lr=20.0, steps=1500)
    P = np.random.default_rng(0).normal(size=(100, 2))
    # B is mlp_core's own forward step
    np.testing.assert_allclose(bi.FORWARD_STEPS["B"](net, P), net.forward(P)["z2"], rtol=1e-12)
    spread = {}
    for letter, forward in bi.FORWARD_STEPS.items():
        z, zm = forward(net, P), forward(net, -P)
        spread[letter] = np.ptp((z[:, 1] - z[:, 0]) + (zm[:, 1] - zm[:, 0]))
    assert spread["A"] < 1e-9 and spread["C"] < 1e-9 and spread["B"] > 1.0
    assert bi.check_symmetric_forward({"A", "C"}) is True
    assert bi.check_symmetric_forward(["c", "a"]) is True
    assert bi.check_symmetric_forward("AC") is False             # a string is one letter
    assert bi.check_symmetric_forward({"A"}) is False
    assert bi.check_symmetric_forward({"A", "B", "C"}) is False


def test_biases_tanh_mirror():
    assert bi.check_tanh_mirror(0.5) is True
    assert bi.check_tanh_mirror(0.75) is False


# ------------------------------------------------------------ chapter 9
def test_planted_derivative_is_the_sigmoid_fed_z_formula():
    f, buggy = al.SUSPECT_HIDDEN["sigmoid"]
    h = f(np.linspace(-3, 3, 7))
    np.testing.assert_allclose(buggy(h), f(h) * (1 - f(h)))     # sigma'(h), not h (1 - h)
    assert not np.allclose(buggy(h), h * (1 - h))
    for name in ("tanh", "relu"):                                # the other pairs are mlp_core's
        assert al.SUSPECT_HIDDEN[name] == mc.activations.HIDDEN[name]
    assert al.check_planted_derivative("sigmoid") is True
    assert al.check_planted_derivative(" Sigmoid ") is True
    assert al.check_planted_derivative("tanh") is False


def test_mse_delta_and_saturation():
    h = mc.activations.sigmoid(np.array([[4.0, -4.0]]))
    assert al.check_mse_delta((h - [[0.0, 1.0]]) * h * (1 - h)) is True
    assert al.check_mse_delta(h - [[0.0, 1.0]]) is False        # that is the cross-entropy delta
    z = np.log(98.01)  # sigmoid(z) = 98.01/99.01 = 0.9899, and 0.9899 * 0.0101 = 0.0100
    assert al.check_saturation_z(z) is True
    assert al.check_saturation_z(4.0) is False


def test_bce_first_gradient_matches_softmax_cross_entropy():
    norms = {}
    for output, loss in (("sigmoid", "cross_entropy"), ("softmax", "cross_entropy"),
                         ("sigmoid", "mse")):
        net = mc.MLP([2, 10, 2], output=output, loss=loss, seed=0)
        net.params["b2"][:] = [12.0, -12.0]
        norms[output, loss] = mc.train(net, X, Y, lr=1.0, steps=1).grad_norm[0]
    bce = norms["sigmoid", "cross_entropy"]
    assert abs(bce - norms["softmax", "cross_entropy"]) < 1e-3 * bce
    assert bce > 1e4 * norms["sigmoid", "mse"]
    assert al.check_bce_first_gradient(bce) is True
    assert al.check_bce_first_gradient(norms["sigmoid", "mse"]) is False


@pytest.mark.parametrize("kwargs, error", [({"n_sets": 1}, ValueError), ({"set_size": 0}, ValueError),
                                           ({"n_sets": 2.5}, TypeError)])
def test_heldout_noise_rejects_bad_arguments(kwargs, error):
    with pytest.raises(error, match=next(iter(kwargs))):
        ca.heldout_noise(**kwargs)
