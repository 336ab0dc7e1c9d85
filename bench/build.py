"""How long the authors' loop takes: clean build, rebuilds, and the test command.

Run from the repository root after `make env` (it uses this checkout and
replaces its _build/):

1. `make book` after deleting _build/ (what CI does on a fresh clone);
2. `make book` again with nothing changed;
3. `make book` after editing the prose of one chapter (a markdown cell of
   chapter 5 gets a word more; the file is restored afterwards);
4. with ``--test``: `make test`.

Each line prints the wall time beside its target.

Usage: python bench/build.py [--test]
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "notebooks" / "05_training.ipynb"


def timed(*command) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-40:])
        raise SystemExit(f"{' '.join(command)} failed (exit {done.returncode}):\n{tail}")
    print(f"  {' '.join(command)}: {seconds:.1f} s", flush=True)
    return seconds


def edit_prose(path: Path) -> None:
    nb = json.loads(path.read_text())
    cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    # A paragraph of its own: appending to the last line could land inside a directive.
    cell["source"][-1] = cell["source"][-1].rstrip("\n") + "\n"
    cell["source"] += ["\n", "A sentence that bench/build.py added."]
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")


def main(argv) -> int:
    rows = []
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    rows.append(("clean make book", timed("make", "book"), 60))
    rows.append(("make book, nothing changed", timed("make", "book"), 10))
    original = CHAPTER.read_text()
    try:
        edit_prose(CHAPTER)
        rows.append(("make book, one chapter's prose edited", timed("make", "book"), 15))
    finally:
        CHAPTER.write_text(original)
    timed("make", "book")  # back to the committed text
    if "--test" in argv:
        rows.append(("make test", timed("make", "test"), 180))
    for name, seconds, target in rows:
        print(f"{name:40s} {seconds:6.1f} s   target <= {target} s")
    print("all targets met" if all(s <= t for _, s, t in rows) else "some targets missed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
