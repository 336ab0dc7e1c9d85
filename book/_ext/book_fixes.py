"""Small Sphinx fixes for the book's build (loaded via _config.yml local_extensions).

* Duplicate scripts: with the pinned versions, the inline scripts of
  sphinx-thebe and sphinx-togglebutton reach every page twice (once
  registered with filename None, once with ""), so each page declared
  ``const THEBE_JS_URL`` twice: a console error in the browser
  (tests/test_site.py catches it). We drop duplicate scripts.
* The browser playground and the explorables (web/playground/, served as
  _static/playground/) are loaded only by the pages that hold one (a
  ``<div class="mlp-playground">``), so the other pages do not carry their
  weight.
* Every page gets a ``<meta name="description">``: its first paragraph.
* ARIA: the bibliography's entries are list items (not the deprecated
  ``doc-biblioentry`` role); a folded cell's button is named by its text.
* Every image of a page gets ``width`` and ``height`` attributes (its
  pixel size), so the page does not jump while images load.
* The root ``index.html`` that forwards to the first page is a complete
  HTML document (language, title, a link for browsers that do not
  follow the redirect).
* Search excerpts without ``fetch``: Sphinx's search page downloads every
  result's page to show an excerpt, which a browser refuses on file://
  (one console error per result, no excerpts). The build writes the
  pages' text to ``_static/search-texts.js`` and the search page answers
  those downloads from it (``_static/search-texts-fetch.js``).
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from docutils import nodes


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for js in scripts:
        # filename (None and "" both mean an inline script), priority, attributes (body included)
        key = (js.filename or "", js.priority, tuple(sorted(js.attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique


# In this order: the engine, the presets generated from mlp_core, the shared
# DOM helpers, then the chapter 11 app and the brick chapters' explorables
# (each mounts only on its own kind of <div class="mlp-playground" data-mlp-app="...">).
PLAYGROUND_JS = ("playground/engine.js", "playground/presets.js", "playground/dom.js",
                 "playground/app.js", "playground/explorables.js")
PLAYGROUND_CSS = ("playground/app.css", "playground/explorables.css")


def _playground_assets(app, pagename, templatename, context, doctree):
    # The element itself, not a mention of it (the API page quotes it, escaped).
    if 'class="mlp-playground' not in context.get("body", ""):
        return
    for name in PLAYGROUND_CSS:
        app.add_css_file(name)
    for name in PLAYGROUND_JS:
        app.add_js_file(name)


# ------------------------------------------------------------ descriptions
SPECIAL_DESCRIPTIONS = {
    "genindex": "Index of the book's terms and of mlp_core's functions and classes.",
    "py-modindex": "Index of mlp_core's modules.",
    "search": "Search the book.",
}


def _first_paragraph(doctree) -> str:
    for para in doctree.findall(nodes.paragraph):
        parent, inside = para.parent, False
        while parent is not None:       # not a note, a caption or a cell's output
            if isinstance(parent, (nodes.Admonition, nodes.caption, nodes.field_list)) or \
                    "cell_output" in parent.get("classes", []):
                inside = True
                break
            parent = parent.parent
        text = " ".join(para.astext().split())
        if not inside and len(text) >= 40:
            return text
    return ""


def description(text: str, limit: int = 160) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _meta_description(app, pagename, templatename, context, doctree):
    text = SPECIAL_DESCRIPTIONS.get(pagename, "")
    if doctree is not None:
        text = _first_paragraph(doctree) or context.get("title", "")
    if not text:
        text = app.config.project
    tag = f'<meta name="description" content="{html.escape(description(text), quote=True)}" />\n'
    context["metatags"] = context.get("metatags", "") + tag


# ------------------------------------------------------------ bibliography
def _aria_fixes(app, pagename, templatename, context, doctree):
    """docutils marks each reference ``role="doc-biblioentry"``, a role ARIA
    deprecated (axe-core reports it); inside the ``role="list"`` of the
    citations they are list items. myst-nb names the button of a folded
    cell "Toggle hidden content" while it reads "Show code cell source"
    (WCAG 2.5.3: the name must contain the visible text): without the
    label, its name is what it shows."""
    body = context.get("body")
    if body:
        body = body.replace('role="doc-biblioentry"', 'role="listitem"')
        context["body"] = body.replace('<summary aria-label="Toggle hidden content">', "<summary>")


# ------------------------------------------------------------- image sizes
IMG = re.compile(r'<img\b[^>]*>')


def _image_sizes(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if not body or "<img" not in body:
        return
    from PIL import Image

    # output name (in _images/) -> source file
    sources = {out: Path(app.srcdir, src) for src, out in app.builder.images.items()}

    def add_size(match):
        tag = match.group(0)
        if re.search(r'\swidth=', tag) or re.search(r'\sheight=', tag):
            return tag
        src = re.search(r'\ssrc="([^"]+)"', tag)
        if not src or src.group(1).startswith("data:"):
            return tag
        name = src.group(1).rsplit("/", 1)[-1]
        path = sources.get(name)
        if path is None or not path.is_file() or path.suffix.lower() == ".svg":
            return tag
        with Image.open(path) as im:
            w, h = im.size
        return tag[:-1].rstrip("/").rstrip() + f' width="{w}" height="{h}" />'

    context["body"] = IMG.sub(add_size, body)


# ---------------------------------------------------------- root redirect
def _root_index(app, exception):
    """Write ``index.html`` (before sphinx-external-toc writes a bare one)."""
    if exception is not None or app.builder.format != "html" or app.config.root_doc == "index":
        return
    target = f"{app.config.root_doc}.html"
    title = html.escape(app.config.project)
    Path(app.outdir, "index.html").write_text(f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{title}</title>
<meta name="description" content="{title}: the book starts at its first page." />
<meta http-equiv="Refresh" content="0; url={target}" />
<link rel="canonical" href="{target}" />
</head>
<body>
<main>
<p>The book starts at <a href="{target}">its first page</a>.</p>
</main>
</body>
</html>
""", encoding="utf-8")


# ---------------------------------------------------------- search excerpts
class _Skeleton(HTMLParser):
    """The text of a page's article, keeping only its ``<section id=...>``
    elements: what Sphinx's search reads an excerpt from."""

    SKIP = {"script", "style", "svg", "math"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.depth, self.skip, self.stack = [], 0, 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.depth == 0:
            if tag == "article" and "bd-article" in (attrs.get("class") or ""):
                self.depth = 1
                self.stack = ["article"]
            return
        if tag in ("br", "img", "hr", "meta", "link", "input", "wbr"):
            return
        self.stack.append(tag)
        skip = tag in self.SKIP or "headerlink" in (attrs.get("class") or "")
        if skip or self.skip:
            self.skip += 1
            return
        if tag == "section" and attrs.get("id"):
            self.out.append(f'<section id="{html.escape(attrs["id"])}">')
        elif tag in ("p", "div", "li", "pre", "tr", "h1", "h2", "h3", "h4", "dt", "dd"):
            self.out.append(" ")

    def handle_endtag(self, tag):
        if self.depth == 0 or tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if self.skip:
                self.skip -= 1
            elif top == "section":
                self.out.append("</section>")
            if top == "article" and not self.stack:
                self.depth = 0
            if top == tag:
                break

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.out.append(html.escape(re.sub(r"\s+", " ", data)))


def page_skeleton(page_html: str) -> str:
    parser = _Skeleton()
    parser.feed(page_html)
    body = re.sub(r" {2,}", " ", "".join(parser.out))
    # Sections without an id lose their tag, so counts can differ: balance.
    opened, closed = body.count("<section"), body.count("</section>")
    body += "</section>" * max(0, opened - closed)
    return f'<div role="main">{body}</div>'


def _search_texts(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    texts = {}
    for docname in sorted(app.env.found_docs):
        page = out / f"{docname}.html"
        if page.is_file():
            texts[f"{docname}.html"] = page_skeleton(page.read_text(encoding="utf-8"))
    js = ("// Written by the build (book/_ext/book_fixes.py): each page's text,\n"
          "// for the search page's excerpts.\nwindow.BOOK_SEARCH_TEXTS = "
          + json.dumps(texts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
          .replace("</", "<\\/") + ";\n")
    Path(out, "_static", "search-texts.js").write_text(js, encoding="utf-8")


def _search_page(app, pagename, templatename, context, doctree):
    if pagename == "search":
        app.add_js_file("search-texts.js")
        app.add_js_file("search-texts-fetch.js")


def setup(app):
    # Early: html-page-context stops at the first handler that returns a template name.
    app.connect("html-page-context", _playground_assets, priority=90)
    app.connect("html-page-context", _search_page, priority=90)
    app.connect("html-page-context", _meta_description, priority=95)
    app.connect("html-page-context", _image_sizes, priority=95)
    app.connect("html-page-context", _aria_fixes, priority=95)
    app.connect("html-page-context", _dedupe_scripts, priority=100)
    # Before sphinx-external-toc's own (default priority 500), which keeps an existing file.
    app.connect("build-finished", _root_index, priority=400)
    app.connect("build-finished", _search_texts, priority=400)
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
