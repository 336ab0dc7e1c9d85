"""The exercise checks of the chapters on activations/losses and on debugging."""

import numpy as np
import pytest

import mlp_core as mc
from mlp_core import diagnostics as dg
from mlp_core.exercises import activations_losses as al
from mlp_core.exercises import debugging as db

X, Y, _, _ = mc.data.article_xor()


@pytest.mark.parametrize("check", [al.check_tanh_derivative, al.check_mse_delta, al.check_saturation_z,
                                   db.check_flagged_parameters, db.check_divergence_step,
                                   db.check_dead_fraction])
def test_unanswered_and_nonsense_never_raise(check, capsys):
    assert check(...) is False
    assert check("nonsense") is False
    assert capsys.readouterr().out


def test_right_answers_pass():
    assert al.check_tanh_derivative(1 - np.tanh(0.5) ** 2)
    h = mc.activations.sigmoid(np.array([[4.0, -4.0]]))
    assert al.check_mse_delta((h - [[0.0, 1.0]]) * h * (1 - h))
    assert not al.check_mse_delta(h - [[0.0, 1.0]])           # that is the cross-entropy delta
    z = np.log(98.01)  # sigmoid(z) = 98.01/99.01 = 0.9899, and 0.9899 * 0.0101 = 0.0100
    assert al.check_saturation_z(z)
    assert not al.check_saturation_z(4.0)
    assert db.check_flagged_parameters({"W1"})
    assert not db.check_flagged_parameters({"W1", "W2"})
    net = mc.MLP([2, 10, 2], activation="tanh", output="identity", seed=0)
    step = mc.train(net, X, Y, lr=3.0, steps=500, on_divergence="stop").diverged_at
    assert step is not None and db.check_divergence_step(step)
    net = mc.MLP([2, 8, 2], activation="relu", seed=0)
    net.params["b1"][:] = -1.0
    assert db.check_dead_fraction(dg.dead_relu_fraction(net, X)[0])
    assert not db.check_dead_fraction(1.0)


def test_output_delta_helper_matches_formulas():
    z = np.array([[2.0, -1.0]])
    y = np.array([[0.0, 1.0]])
    h = mc.activations.sigmoid(z)
    np.testing.assert_allclose(al.output_delta(z, y, output="sigmoid", loss="mse"), (h - y) * h * (1 - h))
    s = mc.activations.softmax(z)
    np.testing.assert_allclose(al.output_delta(z, y, output="softmax", loss="cross_entropy"), s - y)
