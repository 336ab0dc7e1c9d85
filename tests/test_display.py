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


# ---------------------------------------------------------------- show_source
from mlp_core import display, experiments  # noqa: E402

CHECKED = '''def f(x, n, *, flag=False):
    """Doc."""
    from . import _validate as v

    x = v.check_real(x, "x")
    if not isinstance(flag, bool):
        raise TypeError("flag must be True or False")
    if n is not None:
        n = v.check_int(n, "n")
        if n < 0:
            raise ValueError("n must be >= 0")
        n = n + 1
    total = 0
    for k in range(3):
        if k > x:
            raise ValueError("inside a loop: kept")
        total += k
    return total * x
'''


def test_without_checks_leaves_out_the_checks_and_marks_the_place():
    shown = display.without_checks(CHECKED)
    assert shown.splitlines() == [
        "def f(x, n, *, flag=False):",
        '    """Doc."""',
        "    " + display.CHECKS_LEFT_OUT,
        "    if n is not None:",
        "        " + display.CHECKS_LEFT_OUT,
        "        n = n + 1",
        "    total = 0",
        "    for k in range(3):",
        "        if k > x:",
        '            raise ValueError("inside a loop: kept")',
        "        total += k",
        "    return total * x",
    ]
    compile(shown, "shown", "exec")   # still valid Python


def test_a_body_of_checks_only_is_shown_whole():
    code = 'def g(x):\n    if x < 0:\n        raise ValueError("x")\n'
    assert display.without_checks(code) == code


def test_show_source_of_capacity_shows_the_idea_and_fits_the_column():
    shown = display.show_source(experiments.capacity).data
    assert "check_" not in shown and "raise" not in shown
    assert "for h in hidden_sizes:" in shown
    assert max(map(len, shown.splitlines())) <= 78
    full = display.show_source(experiments.capacity, checks=True).data
    assert "raise TypeError" in full and display.CHECKS_LEFT_OUT not in full


def test_show_source_rejects_a_bad_checks_flag():
    with pytest.raises(TypeError, match="checks must be True or False"):
        display.show_source(experiments.capacity, checks="no")


# ------------------------------------------------------------- figure PNGs
def test_figure_png_records_the_smallest_text_and_is_deterministic():
    import io

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from PIL import Image

    fig, ax = plt.subplots(figsize=(3, 2), dpi=100)
    ax.plot([0, 1], [0, 1], label="a line")
    ax.set_title("title", fontsize=12)
    ax.legend(fontsize=7.5)
    ax.tick_params(labelsize=9)
    png = display.figure_png(fig)
    assert png == display.figure_png(fig)
    info = Image.open(io.BytesIO(png)).text
    assert info[display.SMALLEST_TEXT_KEY] == "7.5"
    assert info[display.DPI_KEY] == "100"
    ax.get_legend().set_visible(False)          # hidden text does not count
    info = Image.open(io.BytesIO(display.figure_png(fig))).text
    assert info[display.SMALLEST_TEXT_KEY] == "9"
    plt.close(fig)
    empty = plt.figure()
    assert display.figure_png(empty) is None
    plt.close(empty)


def test_show_source_displays_a_python_code_block():
    shown = display.show_source(experiments.capacity)
    md = shown._repr_markdown_()
    assert md.startswith("````python\n") and md.endswith("\n````\n")
    assert repr(shown) == shown.data.rstrip("\n")


def test_show_source_from_a_start_line_shows_the_heart_dedented():
    import mlp_core as mc

    heart = display.show_source(mc.train, start="with np.errstate(").data
    assert heart.startswith("with np.errstate(")
    assert "W -= rate * g" in heart and "def train" not in heart
    with pytest.raises(ValueError, match="start: 'no such line'"):
        display.show_source(mc.train, start="no such line")
    with pytest.raises(TypeError, match="start must be a non-empty string"):
        display.show_source(mc.train, start="")
