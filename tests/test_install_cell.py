"""The hidden first cell of every chapter: install mlp_core when it is missing or too old.

The cell is run here as IPython would run it (``%pip`` becomes a call to
``get_ipython().run_line_magic``), with a stand-in for IPython that records
the pip command instead of running it. tests/test_repository.py checks that
every chapter carries this same cell.
"""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
import yaml
from IPython.core.inputtransformer2 import TransformerManager

import mlp_core

ROOT = Path(__file__).resolve().parents[1]


def _cell_source() -> str:
    cells = json.loads((ROOT / "notebooks" / "01_forward.ipynb").read_text())["cells"]
    return "".join(next(c for c in cells if c["cell_type"] == "code")["source"])


class _FakeIPython:
    def __init__(self):
        self.calls = []

    def run_line_magic(self, name, line):
        self.calls.append((name, line))


@pytest.fixture
def run_cell(monkeypatch):
    """Run the install cell with ``installed`` as the kernel's mlp_core; return (pip calls, namespace)."""
    saved = {k: v for k, v in sys.modules.items() if k.split(".")[0] == "mlp_core"}

    def run(installed):
        for k in saved:
            monkeypatch.delitem(sys.modules, k)
        monkeypatch.setitem(sys.modules, "mlp_core", installed)   # None: the import fails
        shell = _FakeIPython()
        namespace = {"get_ipython": lambda: shell}
        exec(TransformerManager().transform_cell(_cell_source()), namespace)
        return shell.calls, namespace

    yield run
    for k in [k for k in sys.modules if k.split(".")[0] == "mlp_core"]:
        del sys.modules[k]
    sys.modules.update(saved)


def _old(version):
    module = types.ModuleType("mlp_core")
    module.__version__ = version
    return module


def _expected_url():
    repo = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]
    return f'git+{repo["url"].rstrip("/")}@{repo["branch"]}'


# IPython expands {_url} in the magic's line before running pip.
PIP_LINE = 'install --quiet --upgrade "mlp_core[playground] @ {_url}"'



@pytest.mark.parametrize("installed", [None, _old("0.1.0"), _old("0.1.9")],
                         ids=["missing", "0.1.0", "0.1.9"])
def test_missing_or_older_mlp_core_is_installed_and_reimported(run_cell, installed):
    calls, namespace = run_cell(installed)
    assert calls == [("pip", PIP_LINE)]
    assert namespace["_url"] == _expected_url()
    # The cell then imports the freshly installed package, not the stale module.
    assert namespace["mlp_core"].__version__ == mlp_core.__version__
    assert namespace["mlp_core"] is not installed


def _next_patch(version):
    major, minor, patch = (int(p) for p in version.split("."))
    return f"{major}.{minor}.{patch + 1}"


@pytest.mark.parametrize("version", [mlp_core.__version__, _next_patch(mlp_core.__version__), "1.0.0"])
def test_current_or_newer_mlp_core_is_left_alone(run_cell, version):
    module = _old(version)
    calls, namespace = run_cell(module)
    assert calls == []
    assert namespace["mlp_core"] is module


def test_the_cell_asks_for_this_checkouts_version():
    assert f"_needs = ({', '.join(mlp_core.__version__.split('.'))})" in _cell_source()
