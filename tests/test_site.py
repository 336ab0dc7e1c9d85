"""The built book, opened page by page in headless Chromium, offline.

For every HTML page of ``_build/html`` (built first if it is missing):
no console errors, no request leaving the machine, math typeset by the
site's own MathJax (no raw TeX left), every image and animation frame
loaded, every internal link pointing at a file that exists. A screenshot
of each page goes to ``_build/screenshots/``.

Needs Debian's Chromium (``apt-get install chromium``; `.ci/run` installs
it). Outside CI the tests skip, saying so, when no Chromium is found; in
CI (``CI`` set) a missing browser is a failure.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from offline import offline_tab

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"


def _pages():
    if not SITE.exists():
        return []
    return sorted(p for p in SITE.rglob("*.html")
                  if "_static" not in p.parts and "_sources" not in p.parts)


ANIMATIONS = "Object.keys(window).filter(k => /^anim[0-9a-f]{32}$/.test(k)).map(k => window[k])"
ANIMATIONS_READY = f"""n => {{ const a = {ANIMATIONS};
    return a.length === n && a.every(x => x.frames.every(f => f.complete)); }}"""
ANIMATION_FRAMES = f"() => {ANIMATIONS}.map(x => x.frames.map(f => f.naturalWidth))"


def test_site_has_every_chapter_of_the_toc(site):
    """Every notebook listed in _toc.yml became a page."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    chapters = [f for f in files if f.startswith("notebooks/")]
    assert len(chapters) >= 11
    for f in chapters:
        assert (site / f"{f}.html").exists(), f"{f} was not built"


PAGES = _pages() or [SITE / "index.html"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(SITE).as_posix() if SITE in p.parents else p.name)
def test_page_offline(site, browser, page):
    html = page.read_text(encoding="utf-8")
    redirect = re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"', html, re.I)
    if redirect:  # the root index.html only forwards to the intro page
        assert (page.parent / redirect.group(1)).exists(), f"redirect to a missing page: {redirect.group(1)}"
        return
    with offline_tab(browser, page.as_uri()) as tab:
        if 'class="math' in html or "\\(" in html:
            tab.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=20000)
            tab.evaluate("MathJax.startup.promise")
            assert tab.locator("mjx-container").count() > 0, "math was not typeset"
            text = tab.locator("main").inner_text()
            for raw in ("\\[", "\\(", "$$"):
                assert raw not in text, f"raw TeX {raw!r} left on the page"

        broken = tab.evaluate("""() => Array.from(document.images)
            .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 80))""")
        assert not broken, f"images that did not load: {broken}"
        # Matplotlib's to_jshtml player keeps every frame as an Image in a global
        # ``anim<hex>`` object; all of them (not only the one on screen) must decode.
        players = tab.locator("div.animation").count()
        if players:
            tab.wait_for_function(ANIMATIONS_READY, arg=players, timeout=20000)
            frames = tab.evaluate(ANIMATION_FRAMES)
            assert len(frames) == players, f"{players} players on the page but {len(frames)} animations started"
            for i, widths in enumerate(frames):
                assert len(widths) >= 2 and all(w > 0 for w in widths), f"animation {i}: a frame did not load {widths}"

        hrefs = tab.evaluate("() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
        missing = []
        for href in hrefs:
            url = urlparse(href)
            if url.scheme == "file":
                target = Path(unquote(url.path))
                if not target.exists():
                    missing.append(href)
        assert not missing, f"internal links to missing files: {missing}"

        SHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", page.relative_to(SITE).as_posix())
        tab.screenshot(path=str(SHOTS / (name + ".png")), full_page=False)


def own_weight(page: Path) -> dict:
    """Bytes of a page's own content: its HTML (inline images included), the
    local images it shows and the playground files it loads. The theme's and
    MathJax's files, shared by every page, are left out."""
    html = page.read_text(encoding="utf-8")
    parts = {page.name: page.stat().st_size}
    for src in re.findall(r'<(?:img|script)\b[^>]*\bsrc="([^"#?]+)', html) + \
            re.findall(r'<link\b[^>]*\bhref="([^"#?]+\.css)', html):
        target = (page.parent / unquote(src)).resolve()
        if target.is_file() and ("_images" in target.parts or "playground" in target.parts):
            parts[target.relative_to(SITE.resolve()).as_posix()] = target.stat().st_size
    return parts


def test_playground_page_weighs_at_most_1_mb(site):
    parts = own_weight(site / "notebooks" / "11_playground.html")
    assert any(name.endswith("playground/app.js") for name in parts), \
        f"the playground's scripts are not on chapter 11's page: {sorted(parts)}"
    total = sum(parts.values())
    biggest = sorted(parts.items(), key=lambda kv: -kv[1])[:5]
    assert total <= 1_000_000, f"chapter 11 weighs {total / 1e6:.2f} MB; largest parts: {biggest}"


def test_only_pages_with_a_playground_load_it(site):
    for page in _pages():
        html = page.read_text(encoding="utf-8")
        loads = "playground/app.js" in html
        holds = 'class="mlp-playground' in html
        assert loads == holds, f"{page.name}: holds a playground {holds}, loads its scripts {loads}"
