"""Where the headless Chromium is, and how the book's scripts start it.

Debian's Chromium (``apt-get install chromium``) or the browser named by
``CHROMIUM``; started headless, with nothing that would reach the network
behind the page's back. Used by tools/export_example_run.py,
bench/playground.py and the browser tests (tests/conftest.py), which load
this file (by its path from outside tools/).
"""

from __future__ import annotations

import os
import shutil

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium_path() -> str | None:
    """The Chromium to use, or None when there is none."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def launch(playwright):
    """Start the headless Chromium with ``playwright`` (``sync_playwright()``'s object).

    Stops the script with advice when no Chromium is installed.
    """
    path = chromium_path()
    if not path:
        raise SystemExit("no Chromium found: apt-get install chromium (or set CHROMIUM)")
    return playwright.chromium.launch(executable_path=path, args=ARGS)

