"""Small Sphinx fixes for the book's build (loaded via _config.yml local_extensions).

With the pinned versions, the inline scripts of sphinx-thebe and
sphinx-togglebutton reach every page twice (once registered with filename
None, once with ""), so each page declared ``const THEBE_JS_URL`` twice: a
console error in the browser (tests/test_site.py catches it). We drop
duplicate scripts from each page's script list.

The browser playground and the explorables (web/playground/, served as
_static/playground/) are loaded only by the pages that hold one (a
``<div class="mlp-playground">``), so the other pages do not carry their weight.
"""

from __future__ import annotations


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
# DOM helpers, then the
# chapter 11 app and the brick chapters' explorables (each mounts only on its
# own kind of <div class="mlp-playground" data-mlp-app="...">).
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


def setup(app):
    # Early: html-page-context stops at the first handler that returns a template name.
    app.connect("html-page-context", _playground_assets, priority=90)
    app.connect("html-page-context", _dedupe_scripts, priority=100)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
