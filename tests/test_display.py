"""mlp_core.display.expect_error: demonstrated errors print their message and let Run all go on."""

import pytest

import mlp_core as mc
from mlp_core.display import expect_error


def test_the_expected_error_is_caught_and_its_message_printed(capsys):
    with expect_error(ValueError, match="must be 2-D") as caught:
        mc.MLP([2, 3, 2], seed=0).forward([1.0, 2.0])
    out = capsys.readouterr().out
    assert out.startswith("ValueError: X must be 2-D")
    assert "Traceback" not in out and "/" not in out.split(":", 1)[0]
    assert isinstance(caught.error, ValueError)
    assert max(len(line) for line in out.splitlines()) <= 78


def test_a_long_message_is_wrapped_to_the_column(capsys):
    with expect_error(RuntimeError):
        raise RuntimeError("word " * 40)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 1 and all(len(l) <= 78 for l in lines)
    assert all(l.startswith("    ") for l in lines[1:])


def test_no_error_is_a_failure():
    with pytest.raises(AssertionError, match="expected TrainingDiverged, but the code ran"):
        with expect_error(mc.TrainingDiverged):
            pass


def test_another_error_propagates():
    with pytest.raises(KeyError):
        with expect_error(ValueError):
            raise KeyError("x")


def test_a_message_that_does_not_match_is_a_failure():
    with pytest.raises(AssertionError, match="contains 'finite'"):
        with expect_error(ValueError, match="finite"):
            raise ValueError("something else")


@pytest.mark.parametrize("kind, match, message", [
    ("ValueError", None, "kind must be an exception class"),
    (ValueError, 3, "match must be a string or None"),
])
def test_bad_arguments_name_the_parameter(kind, match, message):
    with pytest.raises(TypeError, match=message):
        expect_error(kind, match)
