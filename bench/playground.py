"""How fast the browser playground trains and redraws, in headless Chromium.

Opens chapter 11 of the built book from ``file://`` (run `make book` first)
and, for each setting, lets the app play at its fastest speed for a few
seconds, then prints

* training steps per second (the app's step counter over the wall time),
* redraws per second (the app's frame counter, or animation frames seen by
  the page when the app has none),

and, for the article's preset with the article's gradient, how many steps
and seconds it takes until training diverges. Targets (issue 11): at least
3000 steps per second while redrawing at least 20 times a second, and the
article's blow-up in under 60 s. Nothing here fails: it prints figures.

Usage: python bench/playground.py [--seconds 5]
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "_build" / "html" / "notebooks" / "11_playground.html"


def _headless():
    """tools/headless.py (how the book's scripts start Chromium), loaded by its path."""
    spec = importlib.util.spec_from_file_location("headless", ROOT / "tools" / "headless.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Counts the page's animation frames; the app draws at most once per frame.
FRAME_COUNTER = """() => { window.__frames = 0;
    const tick = () => { window.__frames += 1; requestAnimationFrame(tick); };
    requestAnimationFrame(tick); }"""


def measure(tab, setting: dict, seconds: float) -> dict:
    """Play ``setting`` at full speed for ``seconds``; steps and redraws per second."""
    tab.evaluate("s => { const app = window.mlpPlayground[0]; app.pause(); app.set(s); app.reset(); }",
                 setting)
    tab.evaluate(FRAME_COUNTER)
    before = tab.evaluate("() => [window.mlpPlayground[0].state(), window.__frames]")
    start = time.perf_counter()
    tab.evaluate("() => window.mlpPlayground[0].play()")
    tab.wait_for_timeout(seconds * 1000)
    after = tab.evaluate("() => { const app = window.mlpPlayground[0]; app.pause();"
                         " return [app.state(), window.__frames]; }")
    wall = time.perf_counter() - start
    (s0, f0), (s1, f1) = before, after
    redraws = (s1["frames"] - s0["frames"]) if "frames" in s1 else (f1 - f0)
    return {"steps/s": (s1["step"] - s0["step"]) / wall, "redraws/s": redraws / wall,
            "loss": s1["loss"]}


def blowup(tab, limit: float = 120.0) -> dict:
    """Run the article's preset with the article's gradient until it diverges."""
    tab.evaluate("() => { const app = window.mlpPlayground[0]; app.pause();"
                 " app.set({preset: 'article'}); app.set({gradient: 'article', speed: 'max'});"
                 " app.reset(); }")
    start = time.perf_counter()
    tab.evaluate("() => window.mlpPlayground[0].play()")
    tab.wait_for_function("() => window.mlpPlayground[0].state().diverged", timeout=limit * 1000,
                          polling=200)
    wall = time.perf_counter() - start
    state = tab.evaluate("() => window.mlpPlayground[0].state()")
    return {"step": state["step"], "seconds": wall, "diverged": state["diverged"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="play time per setting")
    args = parser.parse_args()
    if not PAGE.exists():
        raise SystemExit(f"{PAGE.relative_to(ROOT)} is missing: run `make book` first")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = _headless().launch(p)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.goto(PAGE.as_uri(), wait_until="load")
        tab.wait_for_function("() => window.mlpPlayground && window.mlpPlayground.length > 0")
        default = tab.evaluate("() => window.mlpPlayground[0].state().setting")
        print(f"browser playground, headless Chromium, {args.seconds:g} s per setting")
        print(f"{'setting':<34}{'steps/s':>10}{'redraws/s':>11}")
        rows = [("default: " + f"{default['dataset']}, {default['points']} points", {**default, "speed": "max"})]
        rows.append(("article preset (correct gradient)", {"preset": "article", "speed": "max"}))
        for name, setting in rows:
            m = measure(tab, setting, args.seconds)
            print(f"{name:<34}{m['steps/s']:>10.0f}{m['redraws/s']:>11.1f}")
        print("targets: >= 3000 steps/s while redrawing >= 20 times/s")
        b = blowup(tab)
        print(f"article preset, article's gradient: diverged at step {b['step']:,} "
              f"after {b['seconds']:.1f} s (target: under 60 s)")
        browser.close()


if __name__ == "__main__":
    main()
