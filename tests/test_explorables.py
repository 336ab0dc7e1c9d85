"""The brick chapters' explorables (web/playground/explorables.js) in headless Chromium.

Each test runs on the built chapter page (``_build/html/notebooks/0N_*.html``;
a page without its ``<div class="mlp-playground" data-mlp-app="...">`` fails).
``WHERE`` can also name "harness": a page that the test writes into a
temporary directory (the repository's engine.js, explorables.js and .css,
and presets freshly written by tools/playground_presets.py, all loaded by
file:// URL, inside a 688-px column), for working on the explorables
without rebuilding the book.

The pages are opened offline: any request that is not file:, data:, blob:
or about: is aborted and fails the test, and so does any console error or
uncaught exception. The explorables are driven with real input (mouse
drags, key presses, fill, select_option) and read back through their
handles on ``window.mlpPlayground`` (``state()``). The expected numbers are
computed here with mlp_core; the only numbers typed in are the article's
printed values, which the chapters assert too. Screenshots go to
``_build/screenshots/explorables/``.
"""

from __future__ import annotations

import importlib.util
import json
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from offline import DESKTOP, PHONE, axe_violations, offline_tab

import mlp_core as mc
from mlp_core import playground as pg

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "_build" / "screenshots" / "explorables"
CHAPTERS = {"forward": "01_forward", "loss": "02_loss", "backward-w2": "03_dloss_dw2",
            "backward-w1": "04_dloss_dw1", "training": "05_training"}
NAMES = list(CHAPTERS)
WHERE = ["built"]  # add "harness" while developing (see the docstring)
FALLBACK = "interactive in the book"     # the fallback text the harness puts in each div

# The article's printed values (the chapters assert them too).
ARTICLE = {
    "h2": [[0.37166596, 0.45414264]],
    "dL_dh2": [[-0.62833404, 0.45414264]],
    "dh2_dz2": [[0.23353037, 0.2478971]],
    "delta2": [[-0.14673508, 0.11258065]],
    "dL_dW2": [[-0.02879856, 0.02209533], [-0.10462365, 0.08027117], [-0.07170623, 0.0550157]],
    "dL_dW1": [[0.00723246, 0.00546965, 0.03647082], [0.00164061, 0.00124073, 0.00827303]],
}
L_CHAPTER_2 = 0.30052460    # chapter 2's pinned L of the worked example


def handle(name):
    return f"window.mlpPlayground.find(a => a.name === {json.dumps(name)})"


def state(tab, name):
    return tab.evaluate(f"{handle(name)}.state()")


def root(tab, name):
    return tab.locator(f'.mlp-playground[data-mlp-app="{name}"]')


# ---------------------------------------------------------------- pages


def _presets_script() -> str:
    spec = importlib.util.spec_from_file_location("playground_presets", ROOT / "tools" / "playground_presets.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool.script()


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    """A page with all five explorables in a 688-px column, a link before each."""
    where = tmp_path_factory.mktemp("explorables")
    (where / "presets.js").write_text(_presets_script(), encoding="utf-8")
    web = ROOT / "web" / "playground"
    divs = "\n".join(
        f'<h2>{name}</h2>\n<p><a href="#" id="before-{name}">a link before the figure</a></p>\n'
        f'<div class="mlp-playground" data-mlp-app="{name}">\n'
        f"<p>This figure is {FALLBACK}'s web page.</p>\n</div>\n<p>Text after the figure.</p>"
        for name in NAMES)
    page = where / "harness.html"
    page.write_text(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The explorables</title>
<link rel="stylesheet" href="{(web / 'explorables.css').as_uri()}">
<style>body {{ margin: 0; font-family: sans-serif; }}
main {{ max-width: 688px; margin: 0 auto; padding: 0 16px; }}
html[data-theme="dark"] body {{ background: #121212; color: #ced6dd; }}
html[data-theme="dark"] a {{ color: #6ea8ff; }}</style>
</head><body><main>
<h1>The explorables</h1>
{divs}
</main>
<script src="{(web / 'engine.js').as_uri()}"></script>
<script src="{(where / 'presets.js').as_uri()}"></script>
<script src="{(web / 'dom.js').as_uri()}"></script>
<script src="{(web / 'explorables.js').as_uri()}"></script>
</body></html>""", encoding="utf-8")
    return page.as_uri()


def page_url(request, where, name):
    """The harness, or the built chapter page (which must hold the explorable's div)."""
    if where == "harness":
        return request.getfixturevalue("harness")
    page = request.getfixturevalue("site") / "notebooks" / f"{CHAPTERS[name]}.html"
    assert page.exists(), f"{page.name} was not built"
    div = f'<div class="mlp-playground" data-mlp-app="{name}">'
    assert div in page.read_text(encoding="utf-8"), f"{page.name} lost its explorable: no {div}"
    return page.as_uri()


@contextmanager
def opened(browser, url, name, viewport=DESKTOP, dark=False):
    """The page in a fresh context, offline (tests/offline.py), scrolled to the explorable."""
    with offline_tab(browser, url, viewport=viewport, dark=dark,
                     ready=f"window.mlpPlayground && !!{handle(name)}") as tab:
        root(tab, name).scroll_into_view_if_needed()
        yield tab


@pytest.fixture
def explorable(request, browser):
    """opened(...) for this test's `where` and `name`: call it with viewport / dark if needed."""
    def open_(name, where, **kwargs):
        return opened(browser, page_url(request, where, name), name, **kwargs)
    return open_


# ---------------------------------------------------------------- expected numbers, from mlp_core


def worked():
    X, y, W1, W2 = mc.data.worked_example()
    return X, y, W1, W2


def forward_expected(X, W1, W2):
    return mc.MLP.from_weights([np.asarray(W1), np.asarray(W2)]).forward(np.asarray(X))


def loss_expected(W1, W2, lam):
    X, y, _, _ = worked()
    data = mc.MLP.from_weights([W1, W2]).loss(X, y)
    total = mc.MLP.from_weights([W1, W2], l2=lam).loss(X, y)
    return {"L": total, "data": data, "penalty": mc.losses.regularization([W1, W2], lam, 0.0, len(X))}


def backward_expected():
    X, y, W1, W2 = worked()
    net = mc.MLP.from_weights([W1, W2])
    cache, grads = net.forward(X), net.gradients(X, y)
    dL_dh2 = mc.losses.mse_gradient(cache["h2"], y)
    dh2_dz2 = mc.activations.sigmoid_derivative(cache["h2"])
    delta2 = dL_dh2 * dh2_dz2
    dL_dh1 = delta2 @ W2.T
    dh1_dz1 = mc.activations.sigmoid_derivative(cache["h1"])
    return {"dL_dh2": dL_dh2, "dh2_dz2": dh2_dz2, "delta2": delta2, "dL_dW2": grads["W2"],
            "dL_dh1": dL_dh1, "dh1_dz1": dh1_dz1, "delta1": dL_dh1 * dh1_dz1, "dL_dW1": grads["W1"]}


def training_net():
    p = pg.training_preset()
    return mc.MLP([2, 3, 2], seed=p["seed"]), p


def close(a, b, tol=1e-8):
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), atol=tol, rtol=0)


def shows(text, values):
    """Each value appears in the text with the 8 decimals the chapters print."""
    for v in np.asarray(values, dtype=float).ravel():
        assert f"{v:.8f}" in text, f"{v:.8f} is not shown in {text!r}"


# ---------------------------------------------------------------- it renders


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("name", NAMES)
def test_renders_and_replaces_the_fallback(explorable, name, where):
    with explorable(name, where) as tab:
        r = root(tab, name)
        assert "mlp-ex" in r.get_attribute("class").split()
        assert r.get_attribute("data-mlp-mounted") == "1"
        assert FALLBACK not in r.inner_text(), "the fallback text was not replaced"
        assert r.locator(".mlp-ex-title").count() == 1
        assert tab.evaluate(f"{handle(name)}.element === document.querySelector("
                            f"'.mlp-playground[data-mlp-app=\"{name}\"]')")
        # One handle per figure, and every canvas drawn at devicePixelRatio and not blank.
        assert tab.evaluate(f"window.mlpPlayground.filter(a => a.name === {json.dumps(name)}).length") == 1
        for c in tab.evaluate("""el => Array.from(el.querySelectorAll('canvas')).map(c => {
                const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0; for (let i = 3; i < px.length; i += 4) if (px[i]) n++;
                return [c.width, c.getBoundingClientRect().width * devicePixelRatio, n]; })""", r.element_handle()):
            assert abs(c[0] - c[1]) <= 1 and c[2] > 0, c


# ---------------------------------------------------------------- chapter 1: the forward step


@pytest.mark.parametrize("where", WHERE)
def test_forward_opens_on_the_worked_example(explorable, where):
    X, y, W1, W2 = worked()
    expected = forward_expected(X, W1, W2)
    with explorable("forward", where) as tab:
        s = state(tab, "forward")
        close(s["X"], X)
        close(s["W1"], W1)
        close(s["W2"], W2)
        for key in ("z1", "h1", "z2", "h2"):
            close(s[key], expected[key])
            assert np.shape(s[key]) == expected[key].shape
        close(s["h2"], ARTICLE["h2"])
        text = root(tab, "forward").inner_text()
        for key in ("z1", "h1", "z2", "h2"):
            shows(text, expected[key])


@pytest.mark.parametrize("where", WHERE)
def test_forward_point_follows_a_drag(explorable, where):
    _, _, W1, W2 = worked()
    with explorable("forward", where) as tab:
        box = root(tab, "forward").locator("canvas.mlp-ex-plane").bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        tab.mouse.move(cx, cy)
        tab.mouse.down()
        at_down = state(tab, "forward")["X"][0]
        tab.mouse.move(cx + 60, cy - 40, steps=6)
        tab.mouse.up()
        s = state(tab, "forward")
        x1, x2 = s["X"][0]
        assert x1 > at_down[0] + 0.5 and x2 > at_down[1] + 0.3, (at_down, s["X"])
        expected = forward_expected(s["X"], W1, W2)
        for key in ("z1", "h1", "z2", "h2"):
            close(s[key], expected[key], 1e-12)
        # The number inputs follow the point.
        assert float(tab.locator(".mlp-ex-forward input[type=number]").first.input_value()) == x1


@pytest.mark.parametrize("where", WHERE)
def test_forward_point_moves_with_the_arrow_keys(explorable, where):
    X, _, W1, W2 = worked()
    with explorable("forward", where) as tab:
        root(tab, "forward").locator("canvas.mlp-ex-plane").focus()
        for key in ["ArrowRight", "ArrowRight", "ArrowRight", "ArrowUp", "Shift+ArrowDown"]:
            tab.keyboard.press(key)
        s = state(tab, "forward")
        close(s["X"], X + [[0.3, 0.1 - 0.01]], 1e-12)
        expected = forward_expected(s["X"], W1, W2)
        close(s["h2"], expected["h2"], 1e-12)
        shows(root(tab, "forward").inner_text(), expected["h2"])


@pytest.mark.parametrize("where", WHERE)
def test_forward_weights_are_editable(explorable, where):
    X, _, W1, W2 = worked()
    with explorable("forward", where) as tab:
        r = root(tab, "forward")
        r.get_by_label("W1[0, 0]", exact=True).fill("1.5")
        w2 = r.get_by_label("W2[2, 1]", exact=True)
        w2.focus()
        tab.keyboard.press("ArrowUp")                 # a real key: one step of 0.01
        s = state(tab, "forward")
        W1e, W2e = W1.copy(), W2.copy()
        W1e[0, 0] = 1.5
        W2e[2, 1] += 0.01
        close(s["W1"], W1e, 1e-12)
        close(s["W2"], W2e, 1e-12)
        expected = forward_expected(X, W1e, W2e)
        for key in ("z1", "h1", "z2", "h2"):
            close(s[key], expected[key], 1e-12)
        r.get_by_role("button", name="Back to the worked example").click()
        close(state(tab, "forward")["h2"], ARTICLE["h2"])


# ---------------------------------------------------------------- chapter 2: the loss


@pytest.mark.parametrize("where", WHERE)
def test_loss_opens_on_the_chapters_value(explorable, where):
    _, _, W1, W2 = worked()
    expected = loss_expected(W1, W2, 0.0)
    with explorable("loss", where) as tab:
        s = state(tab, "loss")
        assert s["lambda"] == 0 and s["weight"] == "W2[0,0]"
        close(s["value"], W2[0, 0])
        close(s["L"], expected["L"])
        close(s["L"], L_CHAPTER_2)
        close(s["data"], expected["data"])
        close(s["penalty"], 0.0)
        shows(root(tab, "loss").inner_text(), [expected["L"]])


@pytest.mark.parametrize("where", WHERE)
def test_loss_follows_the_weight_and_lambda(explorable, where):
    _, _, W1, W2 = worked()
    with explorable("loss", where) as tab:
        r = root(tab, "loss")
        r.locator("select[id$='-weight']").select_option("W1[1,2]")
        slider = r.locator("input[id$='-value']")
        assert "W1[1, 2]" in r.inner_text()
        slider.focus()
        start = float(slider.input_value())            # the slider's grid point nearest W1[1, 2]
        for _ in range(4):
            tab.keyboard.press("ArrowRight")           # 4 steps of 0.05
        s = state(tab, "loss")
        assert s["weight"] == "W1[1,2]"
        close(s["value"], start + 0.2, 1e-12)
        W1e = W1.copy()
        W1e[1, 2] = s["value"]
        for key, value in loss_expected(W1e, W2, 0.0).items():
            close(s[key], value)
        # lambda: 6 steps of 0.05 = 0.3, the chapter's example
        r.locator("input[id$='-lambda']").focus()
        for _ in range(6):
            tab.keyboard.press("ArrowRight")
        s = state(tab, "loss")
        close(s["lambda"], 0.3, 1e-12)
        for key, value in loss_expected(W1e, W2, s["lambda"]).items():
            close(s[key], value)
        assert s["penalty"] > 0
        shows(r.inner_text(), [s["L"], s["data"], s["penalty"]])


@pytest.mark.parametrize("where", WHERE)
def test_loss_weight_follows_a_drag_on_the_plot(explorable, where):
    _, _, W1, W2 = worked()
    with explorable("loss", where) as tab:
        box = root(tab, "loss").locator("canvas.mlp-ex-curves").bounding_box()
        y = box["y"] + box["height"] / 2
        tab.mouse.move(box["x"] + box["width"] * 0.5, y)
        tab.mouse.down()
        middle = state(tab, "loss")["value"]
        tab.mouse.move(box["x"] + box["width"] * 0.2, y, steps=5)
        tab.mouse.up()
        s = state(tab, "loss")
        assert s["value"] < middle - 2, (middle, s["value"])
        W2e = W2.copy()
        W2e[0, 0] = s["value"]
        for key, value in loss_expected(W1, W2e, 0.0).items():
            close(s[key], value)


# ---------------------------------------------------------------- chapters 3 and 4: the backward step

ORDER = ["dL_dh2", "dh2_dz2", "delta2", "dL_dW2", "dL_dh1", "dh1_dz1", "delta1", "dL_dW1"]


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("name", ["backward-w2", "backward-w1"])
def test_backward_values_are_the_chapters(explorable, name, where):
    expected = backward_expected()
    keys = ORDER[:4] if name == "backward-w2" else ORDER
    with explorable(name, where) as tab:
        s = state(tab, name)
        assert s["revealed"] == ([] if name == "backward-w2" else ORDER[:3])
        assert set(s) == {"revealed", *keys}
        for key in keys:
            close(s[key], expected[key])
            assert np.shape(s[key]) == expected[key].shape, key
            if key in ARTICLE:
                close(s[key], ARTICLE[key])


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("name", ["backward-w2", "backward-w1"])
def test_backward_steps_with_the_keyboard(explorable, name, where):
    expected = backward_expected()
    keys = ORDER[:4] if name == "backward-w2" else ORDER
    with explorable(name, where) as tab:
        r = root(tab, name)
        start = len(state(tab, name)["revealed"])
        r.get_by_role("button", name="Next factor", exact=True).focus()
        for n in range(start + 1, len(keys) + 1):
            tab.keyboard.press("Enter" if n % 2 else "Space")
            s = state(tab, name)
            assert s["revealed"] == keys[:n]
            items = r.locator("ol.mlp-ex-factors > li")
            assert items.count() == n
            shows(items.nth(n - 1).inner_text(), expected[keys[n - 1]])
            # the diagram highlights the new factor
            assert r.locator("svg .mlp-ex-now").count() > 0
            assert "mlp-ex-current" in items.nth(n - 1).get_attribute("class")
        tab.keyboard.press("Enter")                     # at the end: nothing more
        assert state(tab, name)["revealed"] == keys
        assert r.get_by_role("button", name="Next factor", exact=True).get_attribute("aria-disabled") == "true"
        r.get_by_role("button", name="Back", exact=True).focus()
        tab.keyboard.press("Enter")
        assert state(tab, name)["revealed"] == keys[:-1]
        r.get_by_role("button", name="Reset", exact=True).focus()
        tab.keyboard.press("Space")
        assert len(state(tab, name)["revealed"]) == start
        assert r.locator("ol.mlp-ex-factors > li").count() == start


# ---------------------------------------------------------------- chapter 5: the training loop


@pytest.mark.parametrize("where", WHERE)
def test_training_opens_on_the_chapters_network(explorable, where):
    net, p = training_net()
    X, Y = mc.data.xor()
    with explorable("training", where) as tab:
        s = state(tab, "training")
        assert s["step"] == 0 and s["firstPerfect"] is None and s["lr"] == p["train"]["lr"]
        for key, value in net.params.items():
            close(s[key], value, 0)
        close(s["loss"], net.loss(X, Y))
        assert s["accuracy"] == mc.accuracy(net, X, Y)
        # The table shows the next update, W - lr dL/dW, of W1.
        g = net.gradients(X, Y)
        text = root(tab, "training").locator("table").inner_text()
        shows(text, net.params["W1"])
        shows(text, g["W1"])
        shows(text, net.params["W1"] - p["train"]["lr"] * g["W1"])


@pytest.mark.parametrize("where", WHERE)
def test_training_step_button_takes_mlp_cores_step(explorable, where):
    net, p = training_net()
    X, Y = mc.data.xor()
    with explorable("training", where) as tab:
        r = root(tab, "training")
        r.get_by_role("button", name="Step", exact=True).focus()
        tab.keyboard.press("Enter")
        tab.keyboard.press("Space")
        hist = mc.train(net, X, Y, lr=p["train"]["lr"], steps=2)
        s = state(tab, "training")
        assert s["step"] == 2
        for key, value in net.params.items():
            close(s[key], value, 1e-12)
        close(s["loss"], net.loss(X, Y), 1e-12)
        assert hist.loss[1] > s["loss"]
        r.get_by_label("Parameter", exact=True).select_option("b2")
        g = net.gradients(X, Y)
        text = r.locator("table").inner_text()
        assert r.locator("table tbody tr").count() == 2
        shows(text, net.params["b2"] - p["train"]["lr"] * g["b2"])


@pytest.mark.parametrize("where", WHERE)
def test_training_reaches_the_chapters_accuracy(explorable, where):
    net, p = training_net()
    X, Y = mc.data.xor()
    hist = mc.train(net, X, Y, lr=p["train"]["lr"], steps=p["steps"])
    assert mc.accuracy(net, X, Y) == 1.0                    # the chapter's claim
    first = int(np.argmax(hist.accuracy == 1.0))
    with explorable("training", where) as tab:
        tab.evaluate(f"{handle('training')}.step({p['steps']})")
        s = state(tab, "training")
        assert s["step"] == p["steps"] and s["accuracy"] == 1.0
        assert s["firstPerfect"] == first
        for key, value in net.params.items():
            np.testing.assert_allclose(s[key], value, rtol=1e-9, atol=1e-12)
        close(s["loss"], net.loss(X, Y), 1e-10)
        assert f"100% from step {first} on" in root(tab, "training").inner_text()
        SHOTS.mkdir(parents=True, exist_ok=True)
        root(tab, "training").screenshot(path=str(SHOTS / f"training-{where}-after-{p['steps']}.png"))


@pytest.mark.parametrize("where", WHERE)
def test_training_runs_and_pauses(explorable, where):
    with explorable("training", where) as tab:
        r = root(tab, "training")
        run = r.locator("button[id$='-run']")        # one button: Run, then Pause
        assert run.inner_text() == "Run"
        run.click()
        assert run.get_attribute("aria-pressed") == "true" and run.inner_text() == "Pause"
        tab.wait_for_function(f"{handle('training')}.state().step >= 20")
        run.click()
        stopped = state(tab, "training")["step"]
        assert 20 <= stopped < 2000
        tab.wait_for_timeout(300)
        assert state(tab, "training")["step"] == stopped
        assert run.get_attribute("aria-pressed") == "false" and run.inner_text() == "Run"
        r.get_by_role("button", name="Reset", exact=True).click()
        assert state(tab, "training")["step"] == 0


# ---------------------------------------------------------------- layout, accessibility, keyboard

OVERFLOW = """el => {
    const box = el.getBoundingClientRect(), column = el.parentElement.getBoundingClientRect();
    const bad = [];
    if (box.right > column.right + 0.5 || box.left < column.left - 0.5) bad.push('wider than its column');
    for (const e of el.querySelectorAll('*')) {
        const r = e.getBoundingClientRect();
        if (r.width && (r.right > box.right + 0.5 || r.left < box.left - 0.5))
            bad.push(e.tagName + '.' + (e.getAttribute('class') || '') + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
    }
    const small = [];
    for (const e of el.querySelectorAll('*')) {
        if (!Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) continue;
        const size = parseFloat(getComputedStyle(e).fontSize);
        if (size < 12 && e.getClientRects().length) small.push(e.tagName + ' ' + size);
    }
    return {bad, small, scroll: document.documentElement.scrollWidth, inner: innerWidth, width: box.width};
}"""


def _drive(tab, name):
    """Show each explorable in a busy state: every factor, a trained network."""
    if name.startswith("backward"):
        tab.evaluate(f"() => {{ const a = {handle(name)}; for (let i = 0; i < 8; i++) a.next(); }}")
    elif name == "training":
        tab.evaluate(f"{handle(name)}.step(600)")
    elif name == "loss":
        tab.evaluate(f"{handle(name)}.set({{lambda: 5, weight: 'W1[0,2]'}})")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("name", NAMES)
def test_fits_the_column_and_text_is_readable(explorable, name, where, viewport):
    with explorable(name, where, viewport=viewport) as tab:
        SHOTS.mkdir(parents=True, exist_ok=True)
        for busy in (False, True):
            if busy:
                _drive(tab, name)
            out = tab.evaluate(OVERFLOW, root(tab, name).element_handle())
            assert not out["bad"], out["bad"][:10]
            assert not out["small"], f"text below 12 px: {out['small'][:10]}"
            assert out["scroll"] <= out["inner"], f"horizontal scroll: {out['scroll']} > {out['inner']}"
            expected = 688 if viewport is DESKTOP else 358
            assert abs(out["width"] - expected) <= 70, f"the figure is {out['width']} px wide"
            shot = f"{name}-{where}-{viewport['width']}{'-busy' if busy else ''}.png"
            root(tab, name).screenshot(path=str(SHOTS / shot))


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("name", NAMES)
def test_axe_finds_no_violation(explorable, name, where, dark):
    with explorable(name, where, dark=dark) as tab:
        assert _axe(tab, name) == []
        _drive(tab, name)
        assert _axe(tab, name) == []
        if dark:
            SHOTS.mkdir(parents=True, exist_ok=True)
            root(tab, name).screenshot(path=str(SHOTS / f"{name}-{where}-1280-dark.png"))


def _axe(tab, name):
    return axe_violations(tab, root(tab, name).element_handle())


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("name", NAMES)
def test_keyboard_reaches_every_control_and_shows_focus(explorable, name, where):
    with explorable(name, where) as tab:
        tab.evaluate("""name => { let a = document.getElementById('before-' + name);
            if (!a) { a = document.createElement('a'); a.href = '#'; a.id = 'before-' + name;
                a.textContent = 'before'; document.querySelector(`.mlp-playground[data-mlp-app="${name}"]`).before(a); }
            a.focus(); }""", name)
        wanted = tab.evaluate("""el => Array.from(el.querySelectorAll('button, select, input, [tabindex="0"]'))
            .filter(e => !e.disabled && e.getClientRects().length).map(e => e.id)""",
                              root(tab, name).element_handle())
        assert wanted and all(wanted), f"every control has an id: {wanted}"
        reached = []
        for _ in range(len(wanted) + 5):
            tab.keyboard.press("Tab")
            info = tab.evaluate("""name => { const e = document.activeElement;
                const inside = !!e.closest(`.mlp-playground[data-mlp-app="${name}"]`);
                return [e.id, inside, getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth]; }""", name)
            if not info[1]:
                break
            reached.append(info[0])
            assert info[2] != "none" and info[3] != "0px", f"{info[0]} has no visible focus"
        assert reached == wanted, f"Tab order {reached}, controls {wanted}"
        # Every control has an accessible name: a <label>, aria-label or its text.
        unnamed = tab.evaluate("""el => Array.from(el.querySelectorAll('button, select, input, [tabindex="0"]'))
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') &&
                         !e.getAttribute('aria-labelledby') && !e.textContent.trim()).map(e => e.id)""",
                               root(tab, name).element_handle())
        assert not unnamed, unnamed
