"""The built book, opened page by page in headless Chromium, offline.

For every HTML page of ``_build/html`` (built first if it is missing),
from ``file://`` and over HTTP: no console errors, no failed request, no
request leaving the machine, math typeset by the site's own MathJax (no
raw TeX, no raw ``$...$``, no Markdown table pipes left), every image and
animation frame loaded, every internal link pointing at a file that
exists. The page reads cleanly (issue 9):

* at 1280 x 900 no code, output, equation, table or image is wider than
  the text column, and code and printed lines hold at most 78 characters;
  on a 390-px phone the page does not scroll sideways;
* every figure's smallest text is at least 10 CSS px on the page (the
  PNG records its smallest font, see ``mlp_core.display.figure_png``),
  and figures are opaque (readable in dark mode);
* every image has a text alternative and its width and height;
* axe-core (WCAG 2.1 A/AA) finds nothing in the article, in light and
  (colour contrast) dark mode; formulas are not tab stops;
* no traceback, machine path or stray ``False`` in the outputs;
* each page has a meta description, and its own content (HTML, images,
  scripts of its own) weighs at most 1 MB.

Screenshots of each page, at desktop and phone widths, go to
``_build/screenshots/``.

Needs Debian's Chromium (``apt-get install chromium``; `.ci/run` installs
it). Outside CI the tests skip, saying so, when no Chromium is found; in
CI (``CI`` set) a missing browser is a failure.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from offline import DESKTOP, PHONE, axe_violations, offline_tab

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"


def _pages():
    if not SITE.exists():
        return []
    return sorted(p for p in SITE.rglob("*.html")
                  if "_static" not in p.parts and "_sources" not in p.parts)


# The book's animation player (mlp_core.plots.jshtml): ready when every
# frame has decoded (data-loaded equals data-frames).
PLAYERS_READY = """n => { const p = Array.from(
    document.querySelectorAll('div.mlp-anim[data-player]'));
  return p.length === n && p.every(x => x.hasAttribute('data-ready')
    && x.dataset.loaded === x.dataset.frames); }"""


def _toc_files(entries):
    for entry in entries:
        yield entry["file"]
        yield from _toc_files(entry.get("sections", []))


def test_site_has_every_chapter_of_the_toc(site):
    """Every notebook listed in _toc.yml became a page."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [f for part in toc["parts"] for f in _toc_files(part["chapters"])]
    chapters = [f for f in files if f.startswith("notebooks/")]
    assert len(chapters) >= 11
    for f in chapters:
        assert (site / f"{f}.html").exists(), f"{f} was not built"


PAGES = _pages() or [SITE / "index.html"]


def _id(page):
    return page.relative_to(SITE).as_posix() if SITE in page.parents else page.name


def _redirect(page):
    html = page.read_text(encoding="utf-8")
    return re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"', html, re.I)


# Blocks of the article that must fit its column at 1280 px: code, outputs,
# display math, tables, images. Returns the ones that stick out (wider than
# their box, or past the column's right edge).
LAYOUT = r"""() => {
  const art = document.querySelector('article.bd-article');
  const cs0 = getComputedStyle(art);
  const right = art.getBoundingClientRect().right - parseFloat(cs0.paddingRight);
  const out = [];
  const sel = 'pre, div.math, mjx-container[display="true"], table, img, ' +
              '.cell_output > *, div.highlight, .mlp-playground';
  for (const el of art.querySelectorAll(sel)) {
    const cs = getComputedStyle(el);
    const block = !cs.display.startsWith('inline') || el.tagName === 'IMG';
    if (!block || el.getClientRects().length === 0) continue;
    const over = el.scrollWidth - el.clientWidth;
    const past = el.getBoundingClientRect().right - right;
    if ((el.tagName !== 'IMG' && over > 1) || past > 1) {
      out.push(`${el.tagName.toLowerCase()}.${String(el.className).split(' ')[0]}` +
               ` ${Math.round(Math.max(over, past))} px too wide: ` +
               (el.innerText || el.alt || '').slice(0, 60).replace(/\n/g, ' | '));
    }
  }
  return out;
}"""

# The article's text outside code: raw Markdown or TeX that did not render.
PROSE = r"""() => {
  const art = document.querySelector('article.bd-article').cloneNode(true);
  art.querySelectorAll('pre, code, mjx-container, script, style, .mlp-playground')
     .forEach(e => e.remove());
  return art.innerText;
}"""

PHONE_CUT = r"""() => {
  const art = document.querySelector('article.bd-article');
  if (!art) return [];
  const right = art.getBoundingClientRect().right
              - parseFloat(getComputedStyle(art).paddingRight) + 1;
  const out = [];
  for (const el of art.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right <= right || !r.width || el.closest('mjx-assistive-mml')) continue;
    let p = el.parentElement, scrolls = false;
    while (p && p !== art) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll') { scrolls = true; break; }
      p = p.parentElement;
    }
    const outer = el.parentElement && el.parentElement !== art &&
                  el.parentElement.getBoundingClientRect().right > right;
    if (!scrolls && !outer)
      out.push(`${el.tagName.toLowerCase()} +${Math.round(r.right - right)} px: ` +
               (el.textContent || '').slice(0, 50).replace(/\s+/g, ' '));
  }
  return out;
}"""

IMAGES = r"""() => Array.from(document.querySelectorAll('article.bd-article img'))
  .filter(i => i.getClientRects().length > 0)
  .map(i => ({src: i.getAttribute('src'), alt: i.getAttribute('alt'),
              width: i.getAttribute('width'), height: i.getAttribute('height'),
              natural: i.naturalWidth, shown: i.getBoundingClientRect().width}))"""

RAW = [
    (re.compile(r"(?<![\\\w$])\$[^\s$][^$\n]{0,200}?(?<!\s)\$(?!\w)"), "inline $...$ math"),
    (re.compile(r"\$\$|\\\[|\\\("), "display TeX"),
    (re.compile(r"^\s*\|.*\|\s*$|\|\s*:?-{3,}", re.M), "a Markdown table row"),
]
LEAKS = [
    (re.compile(r"Traceback \(most recent call last\)"), "a traceback"),
    (re.compile(r"(/work/|/home/|/tmp/|/root/|site-packages|[A-Z]:\\\\)"), "a machine path"),
]


def _smallest_text_px(img, site_page):
    """Pixels of the smallest text in a figure, as the page shows it."""
    from PIL import Image

    from mlp_core.display import DPI_KEY, SMALLEST_TEXT_KEY

    path = (site_page.parent / unquote(img["src"])).resolve()
    with Image.open(path) as im:
        info = dict(im.text)
    if SMALLEST_TEXT_KEY not in info:
        return None
    scale = img["shown"] / img["natural"]
    return float(info[SMALLEST_TEXT_KEY]) * float(info[DPI_KEY]) / 72 * scale


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_page_offline(site, browser, page):
    html = page.read_text(encoding="utf-8")
    redirect = _redirect(page)
    if redirect:  # the root index.html only forwards to the intro page
        assert (page.parent / redirect.group(1)).exists(), f"redirect to a missing page: {redirect.group(1)}"
        return
    with offline_tab(browser, page.as_uri()) as tab:
        if 'class="math' in html or "\\(" in html:
            tab.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=20000)
            tab.evaluate("MathJax.startup.promise")
            assert tab.locator("mjx-container").count() > 0, "math was not typeset"
            stops = tab.evaluate("""() => Array.from(document.querySelectorAll('mjx-container'))
                .filter(m => m.tabIndex >= 0).length""")
            assert stops == 0, f"{stops} formulas are tab stops"
        prose = tab.evaluate(PROSE) if tab.locator("article.bd-article").count() else ""
        for pattern, what in RAW:
            found = pattern.search(prose)
            assert not found, f"{what} left unrendered on the page: {found.group(0)[:80]!r}"

        broken = tab.evaluate("""() => Array.from(document.images)
            .filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 80))""")
        assert not broken, f"images that did not load: {broken}"
        assert tab.locator("div.animation").count() == 0, "a Matplotlib to_jshtml player"
        players = tab.locator("div.mlp-anim")
        if players.count():   # every frame decodes, and says what it shows
            tab.wait_for_function(PLAYERS_READY, arg=players.count(), timeout=20000)
            for i in range(players.count()):
                player = players.nth(i)
                assert int(player.get_attribute("data-frames")) >= 2
                img = player.locator("img")
                assert img.evaluate("i => i.naturalWidth") > 0
                assert img.get_attribute("alt").startswith("Frame 1 of "), img.get_attribute("alt")

        hrefs = tab.evaluate("() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
        missing = []
        for href in hrefs:
            url = urlparse(href)
            if url.scheme == "file":
                target = Path(unquote(url.path))
                if not target.exists():
                    missing.append(href)
        assert not missing, f"internal links to missing files: {missing}"

        description = tab.evaluate(
            "() => (document.querySelector('meta[name=description]') || {}).content || ''")
        assert len(description) >= 15, f"no meta description (got {description!r})"

        SHOTS.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(SHOTS / (_shot_name(page) + ".png")), full_page=False)

        if not tab.locator("article.bd-article").count():
            return
        # ----------------------------------------------- reads cleanly (issue 9)
        clipped = tab.evaluate(LAYOUT)
        assert not clipped, "wider than the text column at 1280 px:\n" + "\n".join(clipped)
        long = [line for text in tab.locator("article.bd-article pre").all_inner_texts()
                for line in text.splitlines() if len(line) > 78]
        assert not long, f"{len(long)} code or output lines over 78 characters, e.g. {long[:3]}"
        outputs = tab.locator("article.bd-article .cell_output").all_inner_texts()
        for text in outputs:
            for pattern, what in LEAKS:
                found = pattern.search(text)
                assert not found, f"an output shows {what}: {text[:120]!r}"
            if "No answer yet" in text:
                stray = [l for l in text.splitlines() if l.strip() in ("False", "True", "None")]
                assert not stray, f"an exercise check prints a stray {stray[0]!r}: {text[:120]!r}"

        images = tab.evaluate(IMAGES)
        for img in images:
            name = (img["src"] or "")[:60]
            alt = (img["alt"] or "").strip()
            assert alt and not re.search(r"\.(png|jpe?g|gif|svg)$|_images/", alt), \
                f"image {name} has no text alternative (alt={img['alt']!r})"
            if "_static/" not in (img["src"] or ""):   # the theme's own icons aside
                assert img["width"] and img["height"], f"image {name} has no width/height attributes"
            if img["src"] and "_images/" in img["src"] and img["src"].endswith(".png"):
                px = _smallest_text_px(img, page)
                assert px is not None, (f"figure {name} was not drawn by mlp_core's figure_png "
                                        "(no smallest-text record: call plots.use_book_style())")
                assert px >= 10, f"figure {name}: its smallest text is {px:.1f} CSS px on the page (< 10)"
        # Animation frames are drawn at 100 dpi with 8-pt text or more
        # (tests/test_plots.py): legible when shown at their natural size.
        for shown, natural in tab.evaluate("""() => Array.from(
                document.querySelectorAll('article .mlp-anim img'))
                .map(i => [i.getBoundingClientRect().width, i.naturalWidth])"""):
            assert shown >= natural - 1, f"an animation is shrunk to {shown:.0f} of {natural} px"

        article = tab.query_selector("article.bd-article")
        problems = axe_violations(tab, article)
        assert not problems, f"axe-core (light mode): {problems}"
        tab.evaluate("document.documentElement.dataset.theme = 'dark'")
        tab.wait_for_timeout(50)
        problems = axe_violations(tab, article, rules=["color-contrast"])
        assert not problems, f"axe-core (dark mode): {problems}"
        tab.screenshot(path=str(SHOTS / (_shot_name(page) + "-dark.png")), full_page=False)


def _shot_name(page):
    return re.sub(r"[^A-Za-z0-9_.-]", "_", page.relative_to(SITE).as_posix())


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_page_fits_a_phone(site, browser, page):
    if _redirect(page):
        return
    with offline_tab(browser, page.as_uri(), viewport=PHONE) as tab:
        tab.wait_for_timeout(100)
        width = tab.evaluate("document.scrollingElement.scrollWidth")
        wide = tab.evaluate(r"""() => Array.from(document.querySelectorAll('body *'))
            .filter(e => e.getBoundingClientRect().right > innerWidth + 1 &&
                         e.getClientRects().length && !e.closest('pre, table, .mlp-playground') &&
                         getComputedStyle(e).position !== 'fixed')
            .slice(0, 3).map(e => e.tagName + '.' + e.className + ': ' + (e.innerText || '').slice(0, 40))""")
        assert width <= PHONE["width"], f"the page scrolls sideways on a phone ({width} px): {wide}"
        # Nothing of the article is cut at the screen's edge: what is wider
        # than the column sits in a box that scrolls (code, tables, display
        # math); an inline formula or a word cannot stick out.
        cut = tab.evaluate(PHONE_CUT)
        assert not cut, "cut at the right edge on a phone:\n" + "\n".join(cut)
        # images shrink to the screen keeping their shape (no squashed figures)
        for src, w, h, nw, nh in tab.evaluate("""() => Array.from(
                document.querySelectorAll('article.bd-article img'))
                .filter(i => i.getClientRects().length && i.naturalWidth)
                .map(i => { const r = i.getBoundingClientRect();
                            return [i.src.slice(-40), r.width, r.height, i.naturalWidth, i.naturalHeight]; })"""):
            if w and h:
                assert abs((w / h) / (nw / nh) - 1) < 0.02, \
                    f"image ...{src} is squashed on a phone: {w:.0f}x{h:.0f} for {nw}x{nh}"
        tab.screenshot(path=str(SHOTS / (_shot_name(page) + "-phone.png")), full_page=False)


@pytest.fixture(scope="module")
def http_site(site):
    """The site served over HTTP on a free local port (a thread): its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_page_over_http(site, browser, http_site, page):
    """Over HTTP too: no console error, no failed request (e.g. a favicon 404)."""
    url = http_site + page.relative_to(SITE).as_posix()
    with offline_tab(browser, url, allow=(http_site,)) as tab:
        tab.wait_for_load_state("networkidle")
        icon = tab.evaluate("() => (document.querySelector('link[rel~=icon]') || {}).href || ''")
        assert icon, "the page names no favicon (browsers then ask for /favicon.ico: a 404)"


@pytest.mark.parametrize("where", ["file", "http"])
def test_search_shows_excerpts_without_errors(site, browser, http_site, where):
    base = site.as_uri() + "/" if where == "file" else http_site
    allow = () if where == "file" else (http_site,)
    with offline_tab(browser, base + "search.html?q=sigmoid", allow=allow) as tab:
        tab.wait_for_function("document.querySelectorAll('#search-results li').length > 2",
                              timeout=20000)
        tab.wait_for_function("document.querySelectorAll('#search-results p.context').length > 2",
                              timeout=20000)
        excerpt = tab.locator("#search-results p.context").first.inner_text()
        assert "sigmoid" in excerpt.lower(), f"the excerpt does not show the word: {excerpt!r}"


def test_figures_and_exercises_are_numbered_per_chapter(site):
    """"Fig. 8.2", "Exercise 9.1": the chapter's number first, on every
    chapter of both parts, so no two captions in the book share a number."""
    seen = {}
    for page in sorted((site / "notebooks").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        chapter = re.search(r'<h1><span class="section-number">(\d+)\.', html)
        assert chapter, f"{page.name} has no chapter number"
        for kind, number in re.findall(
                r'<span class="caption-number">(Fig\.|Exercise) ([^<]*?)\s*</span>', html):
            assert re.fullmatch(rf"{chapter.group(1)}\.\d+", number), \
                f"{page.name}: {kind} {number} is not numbered in chapter {chapter.group(1)}"
            assert (kind, number) not in seen, \
                f"{kind} {number} on {page.name} and on {seen[kind, number]}"
            seen[kind, number] = page.name
    assert sum(k == "Fig." for k, _ in seen) >= 5 and sum(k == "Exercise" for k, _ in seen) >= 10


def test_root_index_is_a_complete_page(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<html[^>]*\blang="en"', html), "the root index.html has no lang"
    assert re.search(r"<title>[^<]+</title>", html), "the root index.html has no title"
    target = _redirect(site / "index.html").group(1)
    assert f'<a href="{target}"' in html, "the root index.html has no link to the first page"


def test_figures_are_opaque(site):
    """Transparent figures would show the dark theme through their text."""
    from PIL import Image

    for png in sorted((site / "_images").glob("*.png")):
        with Image.open(png) as im:
            if im.mode in ("RGBA", "LA") or "transparency" in im.info:
                alpha = im.convert("RGBA").getchannel("A")
                assert alpha.getextrema()[0] == 255, f"{png.name} is transparent"


def own_weight(page: Path) -> dict:
    """Bytes of a page's own content: its HTML (inline images included), the
    local images it shows and the playground files it loads. The theme's and
    MathJax's files, shared by every page, are left out."""
    html = page.read_text(encoding="utf-8")
    parts = {page.name: page.stat().st_size}
    for src in re.findall(r'<(?:img|script)\b[^>]*\bsrc="([^"#?]+)', html) + \
            re.findall(r'<link\b[^>]*\bhref="([^"#?]+\.css)', html):
        if src.startswith("data:"):      # inline: counted in the HTML
            continue
        target = (page.parent / unquote(src)).resolve()
        if target.is_file() and ("_images" in target.parts or "playground" in target.parts
                                 or target.name == "search-texts.js"):
            parts[target.relative_to(SITE.resolve()).as_posix()] = target.stat().st_size
    return parts


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_page_weighs_at_most_1_mb(site, page):
    parts = own_weight(page)
    total = sum(parts.values())
    biggest = sorted(parts.items(), key=lambda kv: -kv[1])[:5]
    assert total <= 1_000_000, f"{page.name} weighs {total / 1e6:.2f} MB; largest parts: {biggest}"


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
