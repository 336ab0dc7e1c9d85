"""The figures' colours carry meaning only with enough contrast (issue 9).

WCAG's contrast ratio for graphics is at least 3:1. The class and weight
colours of mlp_core.plots must reach it against white and against the
light shading of the decision regions (the points sit on it), and the
classes differ by marker as well. The notebooks draw only with these
colours or with others that pass the same test.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mlp_core import plots

ROOT = Path(__file__).resolve().parents[1]


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def over_white(colour: str, alpha: float) -> str:
    """``colour`` painted with opacity ``alpha`` on white."""
    rgb = [int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(255 * (1 - alpha) + c * alpha):02x}" for c in rgb)


def test_contrast_matches_the_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#E69F00", "#ffffff") == pytest.approx(2.25, abs=0.01)   # the old orange


@pytest.mark.parametrize("name", ["ORANGE", "BLUE", "GREY"])
def test_plot_colours_stand_out_on_white_and_on_the_shading(name):
    colour = getattr(plots, name)
    assert contrast(colour, "#ffffff") >= 3, f"{name} {colour} on white"
    for region in plots.CLASS_COLORS:
        shade = over_white(region, plots.SHADE_ALPHA)
        assert contrast(colour, shade) >= 3, f"{name} {colour} on the shading {shade}"


def test_the_classes_differ_by_marker_too():
    assert len(set(plots.CLASS_MARKERS)) == len(plots.CLASS_COLORS) == 2


HEX = re.compile(r"""(?:color|colors|c|edgecolor|facecolor|mfc|mec)\s*=\s*\\?["'](#[0-9A-Fa-f]{6})""")


def test_colours_written_in_the_chapters_stand_out_on_white():
    """A colour a chapter names in its plotting code (``color="#999999"``)."""
    weak = []
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        weak += [f"{nb.name}: {c} ({contrast(c, '#ffffff'):.2f}:1)"
                 for c in HEX.findall(code) if contrast(c, "#ffffff") < 3]
    assert not weak, f"colours under 3:1 on white: {weak}"


def test_the_animation_context_curve_is_not_light_grey():
    source = Path(plots.__file__).read_text(encoding="utf-8")
    for colour in set(re.findall(r'"(#[0-9A-Fa-f]{6})"', source)):
        if colour.lower() != "#ffffff":
            assert contrast(colour, "#ffffff") >= 3, f"mlp_core.plots uses {colour}"
