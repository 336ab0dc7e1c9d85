"""Opening a built page offline in headless Chromium, for the browser tests.

Shared by the site, playground and explorable tests (pytest puts ``tests/``
on the import path, so they ``from offline import ...``):

* :func:`offline_tab` opens a page in a fresh browser context where every
  request that is not local (file:, data:, blob:, about:, and the origins
  passed as ``allow``, e.g. the tests' own HTTP server) is aborted, and
  fails, on leaving, on any such request, console error, uncaught
  exception or answer with an HTTP error status (a missing favicon);
* :func:`axe_violations` runs axe-core (the npm devDependency) on one
  element of the page.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
LOCAL = ("file:", "data:", "blob:", "about:")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@contextmanager
def offline_tab(browser, url, *, viewport=DESKTOP, ready=None, dark=False, allow=(),
                **context_options):
    """A tab on ``url``, offline; ``ready``: a JavaScript condition to wait for after loading.

    ``dark`` switches the theme to dark mode; ``allow``: URL prefixes that
    count as local too (``"http://127.0.0.1:8123/"``). Extra keyword
    arguments go to ``browser.new_context`` (e.g. ``device_scale_factor``,
    ``accept_downloads``).
    """
    context = browser.new_context(viewport=viewport, service_workers="block", **context_options)
    outside, errors = [], []
    local = LOCAL + tuple(allow)

    def route(r):
        if r.request.url.startswith(local):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on("response", lambda r: r.status >= 400 and errors.append(f"HTTP {r.status}: {r.url}"))
    try:
        tab.goto(url, wait_until="load")
        if ready:
            tab.wait_for_function(ready)
        if dark:
            tab.evaluate("document.documentElement.dataset.theme = 'dark'")
        yield tab
        assert not outside, f"requests that left the machine: {outside}"
        assert not errors, f"console errors or exceptions: {errors}"
    finally:
        context.close()


def axe_violations(tab, element, rules=None) -> list:
    """axe-core's WCAG 2.1 A/AA violations inside ``element`` (a Playwright ElementHandle).

    ``rules``: only these axe rules (e.g. ``["color-contrast"]``).
    """
    if not tab.evaluate("() => !!window.axe"):
        tab.add_script_tag(path=str(AXE))
    run_only = ({"type": "rule", "values": list(rules)} if rules else
                {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]})
    # preload: false, or axe fetches the stylesheets with XHR (refused on file://: console errors).
    return tab.evaluate("""([el, runOnly]) => axe.run(el, {runOnly, preload: false})
        .then(r => r.violations.map(v => ({id: v.id, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary)})))""",
                        [element, run_only])
