"""Execute notebooks the way the book build does and report time and problems.

Usage: python tools/run_notebook.py notebooks/01_forward.ipynb [...] [--save DIR]

Prints the wall time of each notebook and fails (exit 1) when a cell
raises or writes to stderr (no cell is meant to raise: demonstrated errors
run inside mlp_core.display.expect_error).
``--save DIR`` keeps the executed copies (e.g. to look at the figures).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def run(path: Path, save: Path | None) -> bool:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    seconds = time.perf_counter() - start
    problems = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stderr":
                problems.append(f"cell {i} wrote to stderr: {out['text'][:200]!r}")
    print(f"{path}: {seconds:.1f} s" + ("" if not problems else "\n  " + "\n  ".join(problems)))
    if save:
        save.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, save / path.name)
    return not problems


def main(argv) -> int:
    save = None
    if "--save" in argv:
        i = argv.index("--save")
        save = Path(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    ok = all([run(Path(p), save) for p in argv])
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
