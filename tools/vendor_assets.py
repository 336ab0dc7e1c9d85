"""Copy the front-end files the book serves itself into build_assets/ (run by `make book`).

Sphinx would load MathJax from a CDN; the book must open offline, so
`npm ci` installs MathJax 3 from the npm registry (package.json pins it)
and this script copies the parts a page can load into build_assets/,
which _config.yml lists in html_static_path (it becomes _build/html/_static/).
The folder is deliberately not called _static: Jupyter Book 1 would add
every .js file in a _static folder to every page.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "node_modules" / "mathjax" / "es5"
TARGET = ROOT / "build_assets" / "mathjax"
# The TeX-input, HTML-output bundle and what it loads on demand: fonts,
# TeX extensions (autoload), the context menu and accessibility modules.
KEEP = ["tex-chtml.js", "output/chtml", "input/tex/extensions", "ui", "a11y", "sre", "adaptors"]


def main() -> int:
    if not (SOURCE / "tex-chtml.js").exists():
        print(f"{SOURCE} is missing: run `npm ci` first", file=sys.stderr)
        return 1
    if TARGET.exists():
        shutil.rmtree(TARGET)
    for rel in KEEP:
        src, dst = SOURCE / rel, TARGET / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            shutil.copy2(src, dst)
    print(f"copied MathJax into {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
