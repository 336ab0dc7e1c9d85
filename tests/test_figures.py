"""The figures command: deterministic bytes and a cache that is really used."""

import hashlib

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlp_core import figures, plots  # noqa: E402


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_figure_is_byte_identical_when_drawn_twice(tmp_path):
    plots.use_book_style()
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
    first = figures.fig_activations(tmp_path / "a", tmp_path / "cache")
    second = figures.fig_activations(tmp_path / "b", tmp_path / "cache")
    assert first.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert _digest(first) == _digest(second)
    assert b"tIME" not in first.read_bytes()          # no timestamp chunk


def test_cache_runs_once_and_round_trips(tmp_path):
    calls = []

    def experiment(n):
        calls.append(n)
        return {"values": np.arange(n, dtype=float), "best": 1.5, "diverged_at": None}

    a = figures.cached(tmp_path, "demo", experiment, n=4)
    b = figures.cached(tmp_path, "demo", experiment, n=4)
    assert calls == [4]
    np.testing.assert_array_equal(a["values"], b["values"])
    assert b["best"] == 1.5
    figures.cached(tmp_path, "demo", experiment, n=5)      # other arguments: a new run
    assert calls == [4, 5]


def test_every_figure_function_is_registered():
    names = {f.__name__ for f in figures.FIGURES}
    assert {"fig_capacity", "fig_article_blowup", "fig_blowup_causes", "fig_cures", "fig_activations"} <= names


def test_command_rejects_unknown_options(capsys):
    with pytest.raises(SystemExit):
        figures.main(["--colour", "red"])
    assert "unrecognized arguments" in capsys.readouterr().err
