"""Put the same hidden install cell at the top of every chapter (run after adding a chapter).

In Binder and locally mlp_core is installed; in Colab it is not, and a
kernel elsewhere may hold an older mlp_core than the chapters are written
for. The first code cell of each notebook installs ``mlp_core[playground]``
from the repository named in _config.yml when ``import mlp_core`` fails or
finds a version older than ``mlp_core.__version__`` of this checkout, then
imports the new one (the cell runs before any other import of mlp_core, so
dropping the old modules from ``sys.modules`` is enough; no restart). The
book hides the cell (tag ``remove-cell``). tests/test_repository.py checks
every notebook has exactly this cell, so the URL lives in one place,
_config.yml, and the version in one place, mlp_core/__init__.py.

Usage: python tools/sync_notebooks.py [--check]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
MARK = "# Colab and fresh kernels: install the book's package, or upgrade an old one."


def book_version() -> str:
    """``mlp_core.__version__`` of this checkout, read without importing it."""
    text = (ROOT / "mlp_core" / "__init__.py").read_text()
    return re.search(r'^__version__ = "([0-9.]+)"$', text, re.M).group(1)


def install_source() -> str:
    repo = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]
    url = repo["url"].rstrip("/")
    return (f"{MARK}\n"
            "import importlib, sys\n"
            f"_needs = ({', '.join(book_version().split('.'))})  # the mlp_core these chapters need\n"
            "try:\n"
            "    import mlp_core\n"
            "    _has = tuple(int(p) for p in mlp_core.__version__.split(\".\")[:3])\n"
            "except ImportError:\n"
            "    _has = None\n"
            f"_url = \"git+{url}@{repo['branch']}\"\n"
            "if _has is None or _has < _needs:\n"
            "    %pip install --quiet --upgrade \"mlp_core[playground] @ {_url}\"\n"
            "    for _m in [m for m in sys.modules if m.split(\".\")[0] == \"mlp_core\"]:\n"
            "        del sys.modules[_m]\n"
            "    importlib.invalidate_caches()\n"
            "    import mlp_core\n"
            "    print(\"installed mlp_core\", mlp_core.__version__)\n")


def install_cell() -> dict:
    return {"cell_type": "code", "execution_count": None, "id": "install-mlp-core",
            "metadata": {"tags": ["remove-cell"]}, "outputs": [], "source": install_source()}


def sync(path: Path, check: bool) -> bool:
    nb = json.loads(path.read_text())
    cells = nb["cells"]
    wanted = install_cell()
    ours = [i for i, c in enumerate(cells) if c.get("id") == wanted["id"]]
    if len(ours) > 1:  # never more than one install cell
        if check:
            return False
        for i in reversed(ours[1:]):
            del cells[i]
    first = next((i for i, c in enumerate(cells) if c["cell_type"] == "code"), None)
    current = cells[first] if first is not None else None
    if current is not None and current.get("id") == wanted["id"]:
        if "".join(current["source"]) == wanted["source"] and current["metadata"].get("tags") == ["remove-cell"]:
            return True
        if check:
            return False
        cells[first] = {**current, **{k: wanted[k] for k in ("source", "metadata", "outputs", "execution_count")}}
    else:
        if check:
            return False
        cells.insert(first if first is not None else len(cells), wanted)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    return True


def main(argv) -> int:
    check = "--check" in argv
    bad = [p.name for p in sorted((ROOT / "notebooks").glob("*.ipynb")) if not sync(p, check)]
    if bad:
        print("install cell missing or stale in: " + ", ".join(bad) + " (run python tools/sync_notebooks.py)")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
