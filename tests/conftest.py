"""Shared fixtures: the built site, and one headless Chromium for the browser tests.

Debian's Chromium (``apt-get install chromium``; `.ci/run` installs it), or
the browser named by ``CHROMIUM``. Outside CI the browser tests skip, saying
so, when none is found; in CI (``CI`` set) that is a failure.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
# tools/headless.py: where Chromium is and its headless options (shared with the tools).
_spec = importlib.util.spec_from_file_location("headless", ROOT / "tools" / "headless.py")
headless = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(headless)
CHROMIUM = headless.chromium_path()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed (apt-get install chromium); CI needs it")
        pytest.skip("no Chromium found: install Debian's chromium to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=headless.ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def site():
    if not (SITE / "index.html").exists():
        subprocess.run([sys.executable, "-m", "jupyter_book", "build", str(ROOT), "--warningiserror",
                        "--nitpick"], check=True, cwd=ROOT)
    return SITE
