"""Record the example run that chapter 11 replays: trained in the browser, saved as JSON.

Opens chapter 11 of the built book (``_build/html``, run `make book` first)
from ``file://`` in headless Chromium, chooses a small setting in the live
playground through its ``window.mlpPlayground`` API, trains it for a few
hundred minibatch steps and writes ``exportRun()``'s result to
``mlp_core/runs/example_run.json`` (package data: Colab's install has it
too). Run it again after a change to the engine or the run format, then
rebuild the book; ``tests/test_playground.py`` replays the file.

Usage: python tools/export_example_run.py [--steps 300]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import headless  # tools/headless.py, next to this script

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "_build" / "html" / "notebooks" / "11_playground.html"
OUT = ROOT / "mlp_core" / "runs" / "example_run.json"
# Small enough to keep in the repository, long enough to see the loss fall:
# 120 points of noisy XOR (60 for training), a 2-8-8-2 tanh network, batches of 10.
SETTING = {"dataset": "noisy-xor", "points": 120, "noise": 0.3, "testRatio": 0.5, "seed": 7,
           "features": ["x1", "x2"], "hidden": [8, 8], "activation": "tanh",
           "model": "softmax-ce", "bias": True, "lr": 0.1, "regularization": "L2",
           "regRate": 0.001, "batchSize": 10, "clipNorm": 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300, help="training steps to record")
    args = parser.parse_args()
    if not PAGE.exists():
        raise SystemExit(f"{PAGE.relative_to(ROOT)} is missing: run `make book` first")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = headless.launch(p)
        tab = browser.new_page()
        errors = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto(PAGE.as_uri(), wait_until="load")
        tab.wait_for_function("() => window.mlpPlayground && window.mlpPlayground.length > 0")
        run = tab.evaluate("""([setting, steps]) => { const app = window.mlpPlayground[0];
            app.pause(); app.set(setting); app.reset(); app.step(steps);
            return app.exportRun(); }""", [SETTING, args.steps])
        browser.close()
    if errors:
        raise SystemExit(f"the page raised: {errors}")
    if len(run["losses"]) != args.steps:
        raise SystemExit(f"expected {args.steps} recorded steps, got {len(run['losses'])}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(run, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {args.steps} steps, {OUT.stat().st_size / 1e3:.0f} kB")


if __name__ == "__main__":
    main()
