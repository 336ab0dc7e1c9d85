"""The exercise checks of chapters 8 (the article's blow-up) and 8b (divergence)."""

import numpy as np
import pytest

from mlp_core import article, experiments
from mlp_core.exercises import blowup as ex08
from mlp_core.exercises import divergence as ex08b

CHECKS = [ex08.check_blowup_step, ex08.check_penalty_only_blowup,
          ex08b.check_depth_ratio, ex08b.check_largest_stable_lr]


@pytest.mark.parametrize("check", CHECKS)
def test_unanswered_prints_a_reminder_and_returns_none(check, capsys):
    """No stray False on the page: an unanswered check returns None."""
    assert check(...) is None
    assert check(None) is None
    assert "No answer yet" in capsys.readouterr().out


@pytest.mark.parametrize("check", CHECKS)
def test_nonsense_is_wrong_and_never_raises(check, capsys):
    assert check("soon") is False
    assert check([1, 2]) is False
    assert "Not yet" in capsys.readouterr().out


def test_blowup_step_accepts_the_same_lr_times_step(capsys):
    article_run = experiments.article_blowup(lr=0.003, steps=110_000)
    predicted = int(round(0.003 * article_run["diverged_at"] / 0.012))
    assert ex08.check_blowup_step(predicted) is True
    assert ex08.check_blowup_step(float(predicted)) is True
    assert ex08.check_blowup_step(predicted // 2) is False
    assert ex08.check_blowup_step(2.5) is False          # not a whole number
    assert ex08.check_blowup_step(True) is False
    assert "Correct!" in capsys.readouterr().out


def test_penalty_only_blowup_accepts_the_formula(capsys):
    predicted = article.blowup_time(article.article_weights(50)[0], 3e-4) / 0.03
    assert ex08.check_penalty_only_blowup(int(round(predicted))) is True
    assert ex08.check_penalty_only_blowup(int(round(predicted / 2))) is False
    assert "Correct!" in capsys.readouterr().out


def test_depth_ratio_accepts_the_per_layer_prediction(capsys):
    up = experiments.depth_gradient_norms(*ex08b.EXPLODING)[:, 1:]
    per_layer = np.exp(np.mean(np.log(up[:, 0] / up[:, -1])) / (up.shape[1] - 1))
    assert ex08b.check_depth_ratio(per_layer ** 19) is True
    assert ex08b.check_depth_ratio(ex08b.measured_depth_ratio(20)) is True
    assert ex08b.check_depth_ratio(per_layer * 19) is False     # linear, not exponential
    assert ex08b.check_depth_ratio(-3.0) is False
    out = capsys.readouterr().out
    assert "Correct!" in out and "measured with 20 hidden layers" in out


def test_measured_depth_ratio_is_the_geometric_mean_over_seeds():
    norms = experiments.depth_gradient_norms(*ex08b.EXPLODING, depth=10)
    ratios = norms[:, 1] / norms[:, -1]
    assert ex08b.measured_depth_ratio(10) == pytest.approx(np.exp(np.log(ratios).mean()), rel=1e-12)


def test_largest_stable_lr(capsys):
    assert ex08b.check_largest_stable_lr(0.5) is True      # measured: 0.55 diverges
    assert ex08b.check_largest_stable_lr(0.55) is False
    assert ex08b.STABLE_LR_GRID[0] == 0.3 and ex08b.STABLE_LR_GRID[-1] == 0.7
    assert "Correct!" in capsys.readouterr().out
