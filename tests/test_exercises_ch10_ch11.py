"""The exercise checks of the debugging and playground chapters, and chapter 9's
output_delta helper (chapter 9's checks are in test_exercises_ch06_ch07_ch09.py)."""

import numpy as np
import pytest

import mlp_core as mc
from mlp_core.exercises import activations_losses as al
from mlp_core.exercises import debugging as db

X, Y, _, _ = mc.data.article_xor()


# ------------------------------------------------------------ chapter 10
CH10_CHECKS = [db.check_flagged_parameters, db.check_initial_loss_prediction, db.check_prepare]


@pytest.mark.parametrize("check", CH10_CHECKS)
def test_ch10_unanswered_prints_a_reminder_and_returns_none(check, capsys):
    assert check(...) is None
    assert check(None) is None
    assert "No answer yet" in capsys.readouterr().out


@pytest.mark.parametrize("check", CH10_CHECKS)
def test_ch10_nonsense_is_a_wrong_answer_not_an_error(check, capsys):
    assert check("nonsense") is False
    assert check(object()) is False
    out = capsys.readouterr().out
    assert "Not yet" in out
    assert all(len(line) <= 78 for line in out.splitlines())


def test_ch10_flagged_parameters():
    assert db.check_flagged_parameters({"W1"})
    assert db.check_flagged_parameters("W1")
    assert db.check_flagged_parameters(["W1"])
    assert not db.check_flagged_parameters({"W1", "W2"})
    assert not db.check_flagged_parameters({"W1", "b1"})  # the network has no biases


def test_ch10_initial_loss_prediction(capsys):
    losses = db.scaled_initial_losses(range(5))
    assert losses.shape == (5,) and 0.4 < losses.mean() < 0.5
    net = db.scaled_network(0)
    ref = mc.MLP([2, 50, 2], seed=0)
    np.testing.assert_allclose(net.params["W1"], 10 * ref.params["W1"])
    np.testing.assert_allclose(net.params["b1"], ref.params["b1"])
    assert db.check_initial_loss_prediction(0.5)          # all outputs pinned: 1/4 + 1/4
    assert db.check_initial_loss_prediction(np.float64(losses.mean()))
    assert not db.check_initial_loss_prediction(0.25)     # the expected value of a correct net
    assert not db.check_initial_loss_prediction(1.0)
    assert not db.check_initial_loss_prediction([0.5, 0.5])
    assert "measured over 5 seeds" in capsys.readouterr().out


def test_ch10_prepare_has_its_bug_and_the_check_knows_the_fix():
    P = db.prepare(X)
    np.testing.assert_allclose(np.abs(P), 1.0)          # every row is (1, -1) or (-1, 1)
    assert not db.check_prepare(db.prepare)

    def fixed(X):
        X = np.asarray(X, dtype=float)
        return (X - X.mean(axis=0)) / X.std(axis=0)

    assert db.check_prepare(fixed)
    assert not db.check_prepare(lambda X: X - X.mean(axis=0))   # centred, not scaled
    assert not db.check_prepare(lambda X: 1 / 0)                  # raising is a wrong answer


def test_output_delta_helper_matches_formulas():
    z = np.array([[2.0, -1.0]])
    y = np.array([[0.0, 1.0]])
    h = mc.activations.sigmoid(z)
    np.testing.assert_allclose(al.output_delta(z, y, output="sigmoid", loss="mse"), (h - y) * h * (1 - h))
    s = mc.activations.softmax(z)
    np.testing.assert_allclose(al.output_delta(z, y, output="softmax", loss="cross_entropy"), s - y)


# ------------------------------------------------------------ chapter 11
def test_ch11_linear_circles(capsys):
    from mlp_core.exercises import playground as pe

    assert pe.check_linear_circles(...) is None
    assert "No answer yet" in capsys.readouterr().out
    acc = pe.linear_circles_accuracy()
    assert acc.shape == (5,) and np.all(acc < 0.6)  # about a coin toss
    assert pe.check_linear_circles("a") is True
    assert pe.check_linear_circles(" A ") is True
    assert pe.check_linear_circles("c") is False
    assert pe.check_linear_circles(0.5) is False  # a letter is asked for
    assert all(len(line) <= 78 for line in capsys.readouterr().out.splitlines())
