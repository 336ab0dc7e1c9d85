"""The chapters in JupyterLab, the way a reader opens them (``make lab``).

A JupyterLab server (this interpreter's, ``python -m jupyterlab``) listens on
127.0.0.1 on a free port with a random token. It serves a temporary copy of
``notebooks/`` (autosave never writes outputs into the committed chapters) and
runs with its own configuration, runtime, user-settings and workspaces
directories; the environment's data directory stays on the path, so the
installed lab extensions (jupyterlab-myst, the widget manager) load as they do
for a reader. Headless Chromium drives the real UI:

* chapter 3 (exercises with dropdown solutions, admonitions, math, glossary
  terms) runs with Run > Run All Cells: every code cell executes, no error and
  no stderr output; MyST is rendered by jupyterlab-myst: the exercise box, its
  solution collapsed in a closed ``<details>``, the admonitions, KaTeX math, no
  raw directive, role or ``$...$`` left;
* every chapter opens and renders its markdown;
* chapter 11's ipywidgets playground renders (not "Loading widget..." or an
  error) and its Train button retrains: the progress bar restarts and fills,
  the figure is redrawn.

On every page, console messages are collected from page load on: no console
error, no uncaught page error, no "Unsatisfied version" / "No satisfying
version" warning (a federated extension built against another JupyterLab
than the pinned one) and no jupyterlab-myst message such as "Cross reference
target was not found". At teardown the server is asked to shut down
(``POST /api/shutdown``), its process group is killed, and no process of it
(the server, its kernels, any ``jupyter-lab`` child) may be left.

Screenshots go to ``$JUPYTERLAB_SHOTS`` (default ``_build/screenshots/jupyterlab``).
Needs Debian's Chromium like tests/test_site.py: outside CI the tests skip,
saying so, when no Chromium is found; in CI (``CI`` set) that is a failure.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SHOTS = Path(os.environ.get("JUPYTERLAB_SHOTS") or ROOT / "_build" / "screenshots" / "jupyterlab")

CHAPTER = "03_dloss_dw2.ipynb"      # exercises + dropdown solutions, admonitions, math, glossary terms
PLAYGROUND = "11_playground.ipynb"  # the live ipywidgets playground
# Console messages that fail a page whatever their level: federated extensions
# built against another JupyterLab, and jupyterlab-myst's reference messages.
BAD_CONSOLE = re.compile(r"Unsatisfied version|No satisfying version|Cross reference target was not found"
                         r"|No target for internal reference|Could not link citation")
# MyST source left unrendered in a markdown cell.
RAW_MYST = re.compile(r"```|:::|\{[a-z][\w:-]*\}`|^\s*:(label|class):", re.M)
RAW_TEX = re.compile(r"\$|\\(frac|dfrac|partial|sum|lambda|delta|sigma|begin)\b")

SETTINGS = {
    # No news or update checks (they would fetch from the internet) and no toast over the page.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                       "checkForUpdates": False},
    # Every cell in the DOM (no virtual scrolling), so that every cell can be checked.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


# --------------------------------------------------------------------------- fixtures
# The browser fixture (one headless Chromium) is in tests/conftest.py.

class Lab:
    """A running JupyterLab server started by the ``lab`` fixture."""

    def __init__(self, proc, port, token, root, log):
        self.proc, self.port, self.token, self.root, self.log = proc, port, token, root, log
        self.base = f"http://127.0.0.1:{port}"

    def url(self, notebook: str, workspace: str) -> str:
        # A workspace of its own per page: nothing opened by another test is restored.
        return f"{self.base}/lab/workspaces/{workspace}/tree/{notebook}?token={self.token}"

    def api(self, path: str, method: str = "GET", timeout: float = 10):
        req = urllib.request.Request(self.base + path, method=method,
                                     headers={"Authorization": f"token {self.token}"},
                                     data=b"" if method == "POST" else None)
        with urllib.request.urlopen(req, timeout=timeout) as r:
            body = r.read()
        return json.loads(body) if body else None

    def log_tail(self, n: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _group(pgid: int):
    """The live processes of process group ``pgid``."""
    import psutil

    found = []
    for p in psutil.process_iter():
        try:
            if os.getpgid(p.pid) == pgid and p.status() != psutil.STATUS_ZOMBIE:
                found.append(p)
        except (ProcessLookupError, psutil.Error):
            pass
    return found


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    import psutil

    tmp = tmp_path_factory.mktemp("jupyterlab")
    root = tmp / "notebooks"
    shutil.copytree(NOTEBOOKS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    dirs = {name: tmp / name for name in ("config", "data", "runtime", "settings", "workspaces", "ipython")}
    for d in dirs.values():
        d.mkdir()
    for rel, value in SETTINGS.items():
        f = dirs["settings"] / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(value))
    env = dict(os.environ,
               JUPYTER_CONFIG_DIR=str(dirs["config"]),       # no ~/.jupyter configuration
               JUPYTER_DATA_DIR=str(dirs["data"]),           # user data dir; the venv's share/jupyter stays on the path
               JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
               JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
               JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
               IPYTHONDIR=str(dirs["ipython"]),
               PYTHONUNBUFFERED="1")
    port, token = _free_port(), secrets.token_hex(24)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
           "--LabApp.extension_manager=readonly"]   # no package-index queries
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = tmp / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=tmp, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    server = Lab(proc, port, token, root, log)
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited with {proc.returncode}:\n{server.log_tail()}")
            try:
                server.api("/api/status", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not answer on port {port}:\n{server.log_tail()}")
                time.sleep(0.3)
        yield server
    finally:
        # Everything the server started: kernels run in sessions of their own,
        # so they are found as its descendants, not by the process group.
        try:
            started = [psutil.Process(proc.pid)] + psutil.Process(proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            started = []
        try:
            server.api("/api/shutdown", method="POST")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        _, alive = psutil.wait_procs(started, timeout=10)
        left = {p.pid: p for p in alive + _group(proc.pid)}
        described = []
        for p in left.values():
            try:
                described.append(f"{p.pid} {' '.join(p.cmdline())}")
                p.kill()
            except psutil.Error:
                pass
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        assert not described, "processes of the JupyterLab server left after shutdown:\n" + "\n".join(described)


@pytest.fixture(scope="module")
def context(browser, lab):
    # One context for the module: the lab's static files are fetched once.
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, service_workers="block")
    yield ctx
    ctx.close()


# --------------------------------------------------------------------------- page helpers

class Console:
    """Every console message and page error of one page, from page load on."""

    def __init__(self, page):
        self.messages: list[tuple[str, str]] = []
        page.on("console", lambda m: self.messages.append((m.type, m.text)))
        page.on("pageerror", lambda e: self.messages.append(("pageerror", str(e))))

    def problems(self) -> list[str]:
        return [f"[{kind}] {text}" for kind, text in self.messages
                if kind in ("error", "pageerror") or BAD_CONSOLE.search(text)]

    def check(self):
        bad = self.problems()
        assert not bad, (f"{len(bad)} console problem(s) in JupyterLab:\n" + "\n".join(b[:500] for b in bad)
                         + _version_culprits(bad))


VERSION_WARNING = re.compile(r"(?:shared (?:singleton )?module (@?[\w./-]+) \(required (\^[\d.]+)\))"
                             r"|(?:No satisfying version \((\^[\d.]+)\) of shared module (@?[\w./-]+))")


def _version_culprits(problems: list[str]) -> str:
    """Name the lab extensions whose federated bundle requires the versions the warnings mention."""
    from jupyter_core.paths import jupyter_path

    wanted = set()
    for text in problems:
        for m in VERSION_WARNING.finditer(text):
            module, required = (m[1], m[2]) if m[1] else (m[4], m[3])
            wanted.add((module, required))
    if not wanted:
        return ""
    culprits = set()
    for base in map(Path, jupyter_path("labextensions")):
        for package in list(base.glob("*/package.json")) + list(base.glob("@*/*/package.json")):
            meta = json.loads(package.read_text(encoding="utf-8"))
            for entry in package.parent.glob("static/remoteEntry*.js"):
                code = entry.read_text(encoding="utf-8", errors="replace")
                for module, required in wanted:
                    numbers = required.lstrip("^").split(".")
                    forms = (f'requiredVersion:"{required}"', f"[1,{','.join(numbers)}]")
                    for i in [m.end() for m in re.finditer(re.escape(f'"{module}"'), code)]:
                        if any(f in code[i:i + 120] for f in forms):
                            culprits.add(f"{meta['name']} {meta.get('version', '?')} ({package.parent})")
    return ("\nrequired by the lab extension(s): " + "; ".join(sorted(culprits))) if culprits else ""


def _notebook_json(lab, name: str) -> dict:
    """The notebook as the server has it (its copy of notebooks/)."""
    return json.loads((lab.root / name).read_text(encoding="utf-8"))


def _markdown_sources(nb) -> list[str]:
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def _wait_idle(page, timeout: float = 60_000):
    """Wait until the current notebook's kernel is connected and idle."""
    page.wait_for_function(
        """() => {
            const s = Array.from(document.querySelectorAll('#jp-main-statusbar .jp-StatusBar-TextItem'))
                .map(e => e.textContent.trim()).find(t => / \\| /.test(t));
            const ind = document.querySelector(
                '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
            return !!s && s.endsWith('| Idle') && !!ind && ind.dataset.status === 'idle';
        }""", timeout=timeout)


def _open(context, lab, name: str, workspace: str):
    """Open ``name`` in a fresh JupyterLab page; wait for its cells, rendered markdown and idle kernel."""
    page = context.new_page()
    console = Console(page)
    page.goto(lab.url(name, workspace), wait_until="domcontentloaded")
    nb = _notebook_json(lab, name)
    n_cells = len(nb["cells"])
    n_md = sum(c["cell_type"] == "markdown" for c in nb["cells"])
    try:
        page.wait_for_function(
            """([n, md]) => {
                const p = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
                return !!p && p.querySelectorAll(':scope > .jp-Cell, .jp-WindowedPanel-viewport > .jp-Cell').length === n
                    && p.querySelectorAll('.jp-MarkdownCell.jp-mod-rendered .myst').length === md;
            }""", arg=[n_cells, n_md], timeout=60_000)
    except Exception as err:
        raise AssertionError(f"{name}: JupyterLab did not show its {n_cells} cells with the {n_md} markdown "
                             f"cells rendered by jupyterlab-myst ({err})\n{console.problems()}") from err
    _wait_idle(page)
    return page, console


def _run_code_cells_until_done(page, n_code: int, timeout: float = 90_000):
    """Wait until every code cell of the current notebook shows an execution count and the kernel is idle."""
    page.wait_for_function(
        """n => {
            const p = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
            const prompts = Array.from(p.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt'));
            return prompts.length === n && prompts.every(e => /^\\[\\d+\\]:$/.test(e.textContent.trim()));
        }""", arg=n_code, timeout=timeout)
    _wait_idle(page, timeout)


def _stderr_outputs(page) -> list[str]:
    """Text of every stderr or error output shown in the current notebook."""
    return page.evaluate("""() => Array.from(document.querySelectorAll(
            '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
        .map(e => e.textContent.slice(0, 800))""")


def _shot(page, name: str):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name))


MARKDOWN_TEXT = """() => Array.from(document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell .myst')).map(m => {
    const c = m.cloneNode(true);
    c.querySelectorAll('.katex, mjx-container, .MathJax, code, pre').forEach(e => e.remove());
    return c.textContent;
})"""


# --------------------------------------------------------------------------- tests

def test_chapter_runs_and_renders_in_jupyterlab(context, lab):
    nb = _notebook_json(lab, CHAPTER)
    n_code = sum(c["cell_type"] == "code" for c in nb["cells"])
    md = _markdown_sources(nb)
    # What the chapter's markdown asks for, read from its source.
    exercises = re.findall(r"^```\{exercise\}[ \t]*(.*)\n:label:[ \t]*(\S+)", "\n".join(md), re.M)
    solutions = re.findall(r"^```\{solution\}[ \t]*(\S+)\n:class:[ \t]*dropdown\n+(.*?)^```", "\n".join(md), re.M | re.S)
    admonitions = re.findall(r"^```\{admonition\}[ \t]*(.+)", "\n".join(md), re.M)
    terms = [re.findall(r"\{(?:std:)?term\}`([^`<>]+)`", src) for src in md]
    with_math = [i for i, src in enumerate(md) if "$" in src]
    assert exercises and solutions and admonitions and any(terms) and with_math, \
        f"{CHAPTER} no longer has exercises, dropdown solutions, admonitions, glossary terms and math"

    page, console = _open(context, lab, CHAPTER, "chapter")
    # Run > Run All Cells, through the menu.
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
    _run_code_cells_until_done(page, n_code)
    assert not _stderr_outputs(page), f"error or stderr output in {CHAPTER}: {_stderr_outputs(page)}"

    # Saved through the toolbar, the outputs are checked cell by cell.
    page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) [data-command="docmanager:save"]').click()
    # The tab stays marked dirty until the server has answered the save:
    # read the file only then (an earlier read raced the save and found it
    # half written).
    page.wait_for_function(
        "() => !document.querySelector('.lm-TabBar-tab.jp-mod-current.jp-mod-dirty')",
        timeout=30000)
    deadline = time.monotonic() + 30
    while True:
        try:
            saved = lab.api(f"/api/contents/{CHAPTER}?content=1")["content"]
        except urllib.error.HTTPError as err:
            # A read that races the save finds a half-written file: seen in
            # CI as a 500, and as a 400 "Unreadable Notebook ... does not
            # appear to be JSON". Wait for the save to finish (30 s at most,
            # then fail with the server's log); fail at once on anything else.
            racing = err.code >= 500 or err.code == 400
            if not racing or time.monotonic() > deadline:
                raise AssertionError(f"reading the saved {CHAPTER} failed ({err}):\n"
                                     f"{lab.log_tail()}") from err
            time.sleep(0.3)
            continue
        code = [c for c in saved["cells"] if c["cell_type"] == "code"]
        if all(c.get("execution_count") for c in code) or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert len(code) == n_code and all(c.get("execution_count") for c in code), "not every code cell ran"
    for i, c in enumerate(code):
        for out in c["outputs"]:
            assert out["output_type"] != "error", f"code cell {i} raised {out['ename']}: {out['evalue']}"
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), \
                f"code cell {i} wrote to stderr: {''.join(out['text'])[:500]}"

    nbp = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    # Each exercise: a box with its number and title, not the raw directive.
    for n, (title, label) in enumerate(exercises, 1):
        box = nbp.locator(f"aside#{label}")
        assert box.count() == 1, f"exercise {label} was not rendered"
        text = box.inner_text()
        assert re.search(rf"Exercise\s*{n}\b", text) and title in text, f"exercise {label}: {text[:200]!r}"
    # Each solution is collapsed: a closed <details> whose body is hidden until its summary is clicked.
    details = nbp.locator("details", has=page.locator("summary", has_text="Solution to"))
    assert details.count() == len(solutions), f"{details.count()} dropdown solutions, {len(solutions)} in the source"
    number = {label: n for n, (_, label) in enumerate(exercises, 1)}
    for n, (label, body) in enumerate(solutions):
        d = details.nth(n)
        summary = d.locator("summary").inner_text()
        assert re.search(rf"Exercise\s*{number[label]}\b", summary), f"solution to {label}: {summary!r}"
        assert d.evaluate("d => d.open") is False, f"the solution to {label} is not collapsed"
        assert not d.locator(".details-body").is_visible(), f"the solution to {label} is visible"
    first = details.first
    snippet = re.search(r"`([^`]+)`", solutions[0][1])[1]
    exercise = nbp.locator(f"aside#{exercises[0][1]}")
    exercise.scroll_into_view_if_needed()
    page.wait_for_timeout(300)   # math and fonts settle before the picture
    _shot(page, "exercise.png")
    first.locator("summary").click()
    page.wait_for_function("d => d.open", arg=first.element_handle())
    assert first.get_by_text(snippet).is_visible(), "the solution does not open when its summary is clicked"
    first.locator("summary").click()

    # Admonitions: a box with its title (warnings styled as such).
    for title in admonitions:
        assert nbp.locator("aside", has_text=title.strip()).count() >= 1, f"admonition {title!r} was not rendered"
    if ":class: warning" in "\n".join(md):
        assert nbp.locator("aside.warning").count() >= 1, "the warning admonition lost its class"

    # Math typeset by KaTeX in every markdown cell that has some; no MyST source or TeX left.
    katex = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell .myst')).map(m => m.querySelectorAll('.katex').length)""")
    assert len(katex) == len(md) and all(katex[i] for i in with_math), \
        f"math not typeset in markdown cells {[i for i in with_math if not katex[i]]}"
    texts = page.evaluate(MARKDOWN_TEXT)
    for i, text in enumerate(texts):
        assert not RAW_MYST.search(text), f"raw MyST in rendered markdown cell {i}: {RAW_MYST.search(text)[0]!r}"
        assert not RAW_TEX.search(text), f"raw TeX in rendered markdown cell {i}: {RAW_TEX.search(text)[0]!r}"
        # Glossary terms (linked to the glossary in the built book) are shown.
        for term in terms[i]:
            assert term in " ".join(text.split()), f"glossary term {term!r} missing from markdown cell {i}"

    console.check()
    page.close()


def test_every_chapter_renders_without_console_messages(context, lab):
    chapters = sorted(p.name for p in lab.root.glob("[0-9][0-9]*_*.ipynb"))
    assert len(chapters) >= 12
    page, console = _open(context, lab, chapters[0], "chapters")
    for name in chapters:
        if name != chapters[0]:
            # Opened from the file browser (double click), in a tab of its own.
            page.locator(".jp-DirListing-item", has_text=name).dblclick()
        n_md = len(_markdown_sources(_notebook_json(lab, name)))
        page.wait_for_function(
            """([title, md]) => {
                const tab = document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current');
                const p = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
                return !!tab && tab.textContent.includes(title) && !!p
                    && p.querySelectorAll('.jp-MarkdownCell.jp-mod-rendered .myst').length === md;
            }""", arg=[name, n_md], timeout=30_000)
        page.wait_for_timeout(300)   # jupyterlab-myst re-renders the notebook as a whole
        for i, text in enumerate(page.evaluate(MARKDOWN_TEXT)):
            assert not RAW_MYST.search(text), f"{name}: raw MyST in markdown cell {i}: {RAW_MYST.search(text)[0]!r}"
            assert not RAW_TEX.search(text), f"{name}: raw TeX in markdown cell {i}: {RAW_TEX.search(text)[0]!r}"
        assert not console.problems(), (f"after opening {name}:\n" + "\n".join(console.problems())
                                        + _version_culprits(console.problems()))
        # One kernel starts at a time: wait until this one is idle and JupyterLab's debugger
        # has heard back from it (its toolbar button is enabled) before opening the next.
        # The tabs stay open: closing one while the debugger still waits for the kernel
        # would cancel that request (an uncaught "Canceled future for debug_request").
        _wait_idle(page)
        page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-DebuggerBugButton[aria-disabled="false"]').wait_for(
            state="attached", timeout=30_000)
    console.check()
    page.close()


def test_playground_trains_in_jupyterlab(context, lab):
    cells = _notebook_json(lab, PLAYGROUND)["cells"]
    live = next(i for i, c in enumerate(cells) if c["cell_type"] == "code" and "playground()" in "".join(c["source"]))
    page, console = _open(context, lab, PLAYGROUND, "playground")
    nbp = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")

    # Shift+Enter from the first cell down to the playground cell, as a reader would.
    nbp.locator(".jp-Cell").first.locator(".jp-InputArea-prompt").click()
    for _ in range(live + 1):
        page.keyboard.press("Shift+Enter")
    cell = nbp.locator(".jp-Cell").nth(live)
    widget = cell.locator(".jp-OutputArea-output .widget-vbox").first
    try:
        widget.wait_for(state="visible", timeout=60_000)
        page.wait_for_function(
            "c => /trained \\d+ steps in \\d+ ms/.test(c.textContent)", arg=cell.element_handle(), timeout=60_000)
    except Exception as err:
        raise AssertionError(f"the playground did not render: {cell.inner_text()[:500]!r}\n"
                             f"{console.problems()}") from err
    _wait_idle(page)
    text = cell.inner_text()
    assert "Loading widget" not in text and "Error displaying widget" not in text, text[:500]
    assert cell.locator(".widget-output img").count() >= 1, "the playground's figure is missing"
    for i in range(live + 1):
        out = nbp.locator(".jp-Cell").nth(i).locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        assert out.count() == 0, f"cell {i}: {out.first.inner_text()[:500]}"

    # Press Train: the progress bar restarts and fills again, and the figure is redrawn.
    page.evaluate("""c => {
        window.__playground = {widths: [], images: 0};
        const bar = c.querySelector('.widget-hprogress .progress-bar');
        new MutationObserver(rs => rs.forEach(r => window.__playground.widths.push(bar.style.width)))
            .observe(bar, {attributes: true, attributeFilter: ['style']});
        const out = c.querySelector('.widget-output');
        new MutationObserver(rs => rs.forEach(r => r.addedNodes.forEach(n => {
            if (n.nodeType === 1 && (n.matches('img') || n.querySelector('img'))) window.__playground.images += 1;
        }))).observe(out, {childList: true, subtree: true});
    }""", cell.element_handle())
    before = page.evaluate("c => c.querySelector('.widget-hprogress .progress-bar').style.width", cell.element_handle())
    button = cell.locator("button.jupyter-button", has_text="Train")
    assert button.count() == 1
    button.click()
    page.wait_for_function(
        "() => window.__playground.images > 0 && window.__playground.widths.length > 1", timeout=60_000)
    _wait_idle(page)
    page.wait_for_function("() => window.__playground.widths.at(-1) === '100%'", timeout=10_000)
    seen = page.evaluate("() => window.__playground")
    widths = [float(w.rstrip("%")) for w in seen["widths"] if w]
    assert before == "100%" and widths and min(widths) < 100 and widths[-1] == 100, \
        f"the progress bar did not restart and fill: {before} then {seen['widths']}"
    assert re.search(r"trained \d+ steps in \d+ ms", cell.inner_text())
    assert not _stderr_outputs(page), _stderr_outputs(page)
    cell.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    _shot(page, "playground.png")
    console.check()
    page.close()
