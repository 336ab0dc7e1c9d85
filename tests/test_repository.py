"""Rules of the repository that a reviewer would otherwise check by hand."""

import json
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _tracked(pattern):
    out = subprocess.run(["git", "ls-files", pattern], cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:  # not a git checkout (e.g. an unpacked archive)
        return sorted(p.relative_to(ROOT).as_posix() for p in ROOT.glob(pattern))
    return out.stdout.split()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_committed_without_outputs(path):
    nb = json.loads(path.read_text())
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), f"{path.name} cell {i} has outputs: clear them"
            assert cell.get("execution_count") is None, f"{path.name} cell {i} has an execution count"


def test_every_notebook_is_in_the_toc():
    toc = (ROOT / "_toc.yml").read_text()
    for path in NOTEBOOKS:
        assert f"notebooks/{path.stem}" in toc, f"{path.name} is not listed in _toc.yml"


def test_no_sys_path_edits():
    for rel in _tracked("*.py") + _tracked("*.ipynb"):
        text = (ROOT / rel).read_text()
        assert not re.search(r"sys\.path(\.(insert|append|extend)|\s*(\[[^]]*\])?\s*[+]?=)", text), \
            f"{rel} edits sys.path"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_run_all_completes_in_any_front_end(path):
    """No cell is meant to raise: JupyterLab, Colab and VS Code ignore the raises-exception tag.

    A chapter that demonstrates an error wraps it in mlp_core.display.expect_error,
    which prints the message and fails only when the error does not happen.
    """
    nb = json.loads(path.read_text())
    for i, cell in enumerate(nb["cells"]):
        tags = cell.get("metadata", {}).get("tags", [])
        assert "raises-exception" not in tags, \
            f"{path.name} cell {i} is tagged raises-exception: use expect_error instead"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_starts_with_the_one_install_cell(path):
    """tools/sync_notebooks.py writes it; the URL and version live in one place each."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("sync_notebooks", ROOT / "tools" / "sync_notebooks.py")
    sync = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sync)
    cells = json.loads(path.read_text())["cells"]
    ids = [c.get("id") for c in cells]
    assert len(ids) == len(set(ids)), f"{path.name} has duplicate cell ids"
    code = [c for c in cells if c["cell_type"] == "code"]
    wanted = sync.install_cell()
    assert "".join(code[0]["source"]) == wanted["source"], \
        f"{path.name}: stale install cell (run python tools/sync_notebooks.py)"
    assert code[0]["metadata"].get("tags") == ["remove-cell"]
    assert sum(sync.MARK.split(":")[0] in "".join(c["source"]) for c in code) == 1, \
        f"{path.name} has more than one install cell"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_lines_fit_the_text_column(path):
    """The page's text column holds about 80 monospace characters: code stays within 78."""
    nb = json.loads(path.read_text())
    long = [f"cell {i}: {line[:40]}... ({len(line)} characters)"
            for i, cell in enumerate(nb["cells"]) if cell["cell_type"] == "code"
            for line in "".join(cell["source"]).splitlines() if len(line) > 78]
    assert not long, f"{path.name} has code lines over 78 characters:\n" + "\n".join(long)
