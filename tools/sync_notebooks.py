"""Put the same hidden install cell at the top of every chapter (run after adding a chapter).

In Binder and locally mlp_core is installed; in Colab it is not. The first
code cell of each notebook installs it from the repository named in
_config.yml, but only when ``import mlp_core`` fails, and the book hides the
cell (tag ``remove-cell``). tests/test_repository.py checks every notebook
has exactly this cell, so the URL lives in one place: _config.yml.

Usage: python tools/sync_notebooks.py [--check]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
MARK = "# Colab and other fresh kernels: install the book's package when it is missing."


def install_source() -> str:
    repo = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]
    url = repo["url"].rstrip("/")
    return (f"{MARK}\n"
            "try:\n"
            "    import mlp_core\n"
            "except ImportError:\n"
            f"    %pip install --quiet \"mlp_core @ git+{url}@{repo['branch']}\"\n")


def install_cell() -> dict:
    return {"cell_type": "code", "execution_count": None, "id": "install-mlp-core",
            "metadata": {"tags": ["remove-cell"]}, "outputs": [], "source": install_source()}


def sync(path: Path, check: bool) -> bool:
    nb = json.loads(path.read_text())
    cells = nb["cells"]
    first = next((i for i, c in enumerate(cells) if c["cell_type"] == "code"), None)
    current = cells[first] if first is not None else None
    wanted = install_cell()
    if current is not None and "".join(current["source"]).startswith(MARK):
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
