"""The browser playground (web/playground/app.js) on the built chapter 11, in headless Chromium.

The page is opened from file://, offline: every request that is not
file:, data:, blob: or about: is aborted and fails the test, and so does
any console error or uncaught exception. The tests drive the app with real
clicks and keys (Playwright's click, keyboard.press, fill, select_option)
and read what it did from ``window.mlpPlayground[0]`` (``state()``,
``exportRun()``). Exported runs are replayed by mlp_core
(:func:`mlp_core.playground.replay`), which must reproduce the browser's
losses. Screenshots of the app mid-training go to
``_build/screenshots/playground/``.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pytest
from offline import DESKTOP, PHONE, axe_violations, offline_tab

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "_build" / "screenshots" / "playground"
APP = "window.mlpPlayground[0]"


@pytest.fixture(scope="module")
def url(site):
    page = site / "notebooks" / "11_playground.html"
    assert page.exists(), f"{page} was not built"
    assert "mlp-playground" in page.read_text(encoding="utf-8"), \
        "chapter 11 has no <div class=\"mlp-playground\">: rebuild the book (make book)"
    return page.as_uri()


def opened(browser, url, viewport=DESKTOP, fragment="", scale=1, dark=False):
    """The page in a fresh context, offline (tests/offline.py), once the app is up."""
    return offline_tab(browser, url + fragment, viewport=viewport, dark=dark,
                       ready="window.mlpPlayground && window.mlpPlayground.length > 0",
                       device_scale_factor=scale, accept_downloads=True)


def state(tab):
    return tab.evaluate(f"{APP}.state()")


def setting(tab):
    return state(tab)["setting"]


def app(tab):
    return tab.locator(".mlp-playground").first


def wait_for_step(tab, minimum=1):
    tab.wait_for_function(f"{APP}.state().step >= {minimum}")


# ---------------------------------------------------------------- it renders and trains


def test_app_renders_its_views(browser, url):
    with opened(browser, url, scale=2) as tab:
        root = app(tab)
        assert root.get_attribute("class").split().count("mlp-app") == 1
        assert "runs in the" not in root.inner_text(), "the fallback text was not replaced"
        # The network: one line per weight of the default 2-8-8-2 network, and its units.
        assert root.locator("svg.mlp-netsvg .mlp-weights line").count() == 2 * 8 + 8 * 8 + 8 * 2
        assert root.locator("svg.mlp-netsvg rect.mlp-node").count() == 2 + 8 + 8 + 2
        # Canvases drawn at devicePixelRatio (2 here) and not blank.
        for cls in ("mlp-boundary", "mlp-curves", "mlp-netcanvas"):
            size = tab.evaluate(f"""() => {{ const c = document.querySelector('canvas.{cls}');
                const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let ink = 0; for (let i = 3; i < px.length; i += 4) if (px[i]) ink++;
                return [c.width, c.height, c.getBoundingClientRect().width, ink]; }}""")
            assert abs(size[0] - 2 * size[2]) <= 1, f"{cls} is not drawn at devicePixelRatio: {size}"
            assert size[3] > 0, f"{cls} is blank"
        s = state(tab)
        assert s["step"] == 0 and not s["running"] and not s["diverged"]
        assert s["setting"]["hidden"] == [8, 8] and s["setting"]["activation"] == "tanh"
        assert s["setting"]["model"] == "softmax-ce" and s["setting"]["batchSize"] == 10
        assert s["setting"]["features"] == ["x1", "x2"] and s["setting"]["points"] == 200
        assert 0 < s["loss"] and 0 <= s["accuracy"] <= 1 and s["testLoss"] is not None
        numbers = root.locator(".mlp-numbers").inner_text()
        assert "training loss" in numbers and "test accuracy" in numbers


def test_play_for_two_seconds_trains_the_default_setting(browser, url):
    with opened(browser, url) as tab:
        before = state(tab)
        app(tab).get_by_role("button", name="Play", exact=True).click()
        tab.wait_for_timeout(2000)
        mid = state(tab)
        assert mid["running"]
        app(tab).get_by_role("button", name="Pause", exact=True).click()
        after = state(tab)
        assert not after["running"]
        assert after["step"] > 500, f"only {after['step']} steps in two seconds"
        assert after["epoch"] > 0
        assert after["loss"] < 0.5 * before["loss"], (before["loss"], after["loss"])
        assert after["accuracy"] >= 0.9
        counter = app(tab).locator(".mlp-counter").inner_text()
        assert f"{after['step']:,}" in counter
        # Paused means paused.
        tab.wait_for_timeout(300)
        assert state(tab)["step"] == after["step"]
        SHOTS.mkdir(parents=True, exist_ok=True)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_screenshots_mid_training(browser, url, viewport):
    with opened(browser, url, viewport=viewport) as tab:
        app(tab).get_by_role("button", name="Play", exact=True).click()
        tab.wait_for_timeout(1500)
        app(tab).scroll_into_view_if_needed()
        SHOTS.mkdir(parents=True, exist_ok=True)
        app(tab).screenshot(path=str(SHOTS / f"playground-{viewport['width']}.png"))
        app(tab).get_by_role("button", name="Pause", exact=True).click()


# ---------------------------------------------------------------- every control changes the state


def _select(label, value):
    return lambda tab: app(tab).get_by_label(label, exact=True).select_option(value)


def _key(label, key):
    def act(tab):
        app(tab).get_by_label(label, exact=True).focus()
        tab.keyboard.press(key)
    return act


def _click_button(name):
    return lambda tab: app(tab).get_by_role("button", name=name, exact=True).click()


def _check(label):
    return lambda tab: app(tab).get_by_label(label, exact=True).click()


def _fill(label, value):
    def act(tab):
        app(tab).get_by_label(label, exact=True).fill(value)
        tab.keyboard.press("Enter")
    return act


CONTROLS = {
    "dataset": (_select("Data set", "circles"), lambda s, b: s["setting"]["dataset"] == "circles"),
    "noise": (_key("Noise", "ArrowRight"), lambda s, b: s["setting"]["noise"] > b["setting"]["noise"]),
    "points": (_key("Points", "ArrowRight"), lambda s, b: s["setting"]["points"] > b["setting"]["points"]),
    "test ratio": (_key("Test share", "ArrowLeft"),
                   lambda s, b: s["setting"]["testRatio"] < b["setting"]["testRatio"]),
    "regenerate": (_click_button("Regenerate"), lambda s, b: s["setting"]["seed"] != b["setting"]["seed"]),
    "feature": (_check("x1*x2"), lambda s, b: s["setting"]["features"] == ["x1", "x2", "x1*x2"]),
    "add layer": (_click_button("add a hidden layer"), lambda s, b: s["setting"]["hidden"] == [8, 8, 8]),
    "remove layer": (_click_button("remove a hidden layer"), lambda s, b: s["setting"]["hidden"] == [8]),
    "fewer units": (_click_button("fewer units in hidden layer 1"), lambda s, b: s["setting"]["hidden"] == [7, 8]),
    "units typed": (_fill("Layer 2 units", "20"), lambda s, b: s["setting"]["hidden"] == [8, 20]),
    "activation": (_select("Activation", "relu"), lambda s, b: s["setting"]["activation"] == "relu"),
    "model": (_select("Output and loss", "sigmoid-mse"), lambda s, b: s["setting"]["model"] == "sigmoid-mse"),
    "biases": (_check("Biases"), lambda s, b: s["setting"]["bias"] is False),
    "init": (_select("Initialisation", "he"), lambda s, b: s["setting"]["init"] == "he"),
    "lr": (_select("Learning rate", "0.1"), lambda s, b: s["setting"]["lr"] == 0.1),
    "regularization": (_select("Regularization", "L2"), lambda s, b: s["setting"]["regularization"] == "L2"),
    "batch size": (_select("Batch size", "full"), lambda s, b: s["setting"]["batchSize"] is None),
    "clipping": (_select("Gradient clipping", "1"), lambda s, b: s["setting"]["clipNorm"] == 1),
    "speed": (_select("Speed", "max"), lambda s, b: s["setting"]["speed"] == "max"),
    "test points": (_check("Show test points"), lambda s, b: s["setting"]["showTest"] is True),
    "discretize": (_check("Discretize output"), lambda s, b: s["setting"]["discretize"] is True),
    "step": (_click_button("Step"), lambda s, b: s["step"] == b["step"] + 1),
    "play": (_click_button("Play"), lambda s, b: s["running"]),
}


@pytest.mark.parametrize("name", list(CONTROLS))
def test_each_control_changes_the_state(browser, url, name):
    act, changed = CONTROLS[name]
    with opened(browser, url) as tab:
        before = state(tab)
        act(tab)
        after = state(tab)
        assert changed(after, before), f"{name}: {before['setting']} -> {after}"
        if name != "play":
            assert not after["running"]
        else:
            app(tab).get_by_role("button", name="Pause", exact=True).click()


def test_regularization_rate_pause_and_reset(browser, url):
    with opened(browser, url) as tab:
        rate = app(tab).get_by_label("Regularization rate", exact=True)
        assert rate.is_disabled(), "the rate of no regularization cannot be set"
        app(tab).get_by_label("Regularization", exact=True).select_option("L1")
        rate.select_option("0.01")
        s = setting(tab)
        assert s["regularization"] == "L1" and s["regRate"] == 0.01
        assert tab.evaluate(f"{APP}.exportRun().network.l1") == 0.01
        # Play, then Pause stops the counter.
        app(tab).get_by_role("button", name="Play", exact=True).click()
        wait_for_step(tab, 50)
        app(tab).get_by_role("button", name="Pause", exact=True).click()
        paused = state(tab)
        assert not paused["running"] and paused["step"] >= 50
        tab.wait_for_timeout(200)
        assert state(tab)["step"] == paused["step"]
        # Reset: step 0 and the same initial weights as at the start (from the seed).
        first = tab.evaluate(f"{APP}.exportRun().initial")
        app(tab).get_by_role("button", name="Reset", exact=True).click()
        again = state(tab)
        assert again["step"] == 0 and again["epoch"] == 0
        run = tab.evaluate(f"{APP}.exportRun()")
        assert run["losses"] == [] and run["startStep"] == 0
        app(tab).get_by_role("button", name="Regenerate", exact=True).click()
        assert tab.evaluate(f"{APP}.exportRun().initial") != first


def test_units_buttons_and_layer_limits(browser, url):
    with opened(browser, url) as tab:
        add = app(tab).get_by_role("button", name="add a hidden layer")
        for _ in range(4):
            add.click()
        assert setting(tab)["hidden"] == [8] * 6
        assert add.is_disabled()
        more = app(tab).get_by_role("button", name="more units in hidden layer 6")
        assert more.is_disabled(), "the + buttons stop at 8 units"
        app(tab).get_by_label("Layer 6 units", exact=True).fill("50")
        tab.keyboard.press("Tab")
        assert setting(tab)["hidden"] == [8] * 5 + [50]
        remove = app(tab).get_by_role("button", name="remove a hidden layer")
        for _ in range(6):
            remove.click()
        assert setting(tab)["hidden"] == []
        assert remove.is_disabled()
        app(tab).get_by_role("button", name="Step", exact=True).click()
        assert state(tab)["step"] == 1
        assert app(tab).locator("svg.mlp-netsvg .mlp-weights line").count() == 2 * 2


# ---------------------------------------------------------------- editing a weight by keyboard


def _focus_network(tab):
    svg = app(tab).locator("svg.mlp-netsvg")
    svg.focus()
    return svg


def test_weight_edit_by_keyboard(browser, url):
    with opened(browser, url) as tab:
        initial = tab.evaluate(f"{APP}.exportRun().initial")
        _focus_network(tab)
        tab.keyboard.press("ArrowDown")
        tab.keyboard.press("ArrowDown")          # W1[0, 2]
        readout = app(tab).locator(".mlp-readout")
        assert "W1[0, 2]" in readout.inner_text()
        # Escape cancels.
        tab.keyboard.press("Enter")
        editor = app(tab).get_by_label(re.compile(r"New value of W1\[0, 2\]"))
        editor.fill("9")
        tab.keyboard.press("Escape")
        assert tab.evaluate(f"{APP}.exportRun().initial") == initial
        assert tab.evaluate("document.activeElement.classList.contains('mlp-netsvg')")
        # Enter sets the value; the recording restarts from the edited weights.
        tab.keyboard.press("ArrowRight")         # W2, same position
        tab.keyboard.press("Enter")
        editor = app(tab).get_by_label(re.compile(r"New value of W2\[0, 2\]"))
        editor.fill("2.5")
        tab.keyboard.press("Enter")
        run = tab.evaluate(f"{APP}.exportRun()")
        assert run["initial"]["W2"][0][2] == 2.5
        assert run["initial"]["W1"] == initial["W1"]
        assert "W2[0, 2] = 2.5" in readout.inner_text()
        # A click on a weight line opens the editor for that weight too.
        app(tab).get_by_role("button", name="Step", exact=True).click()
        assert state(tab)["step"] == 1


def test_url_round_trip(browser, url):
    with opened(browser, url) as tab:
        app(tab).get_by_label("Data set", exact=True).select_option("moons")
        app(tab).get_by_role("button", name="add a hidden layer").click()
        app(tab).get_by_role("button", name="fewer units in hidden layer 3").click()
        app(tab).get_by_label("Activation", exact=True).select_option("sigmoid")
        app(tab).get_by_label("Learning rate", exact=True).select_option("0.3")
        app(tab).get_by_label("Regularization", exact=True).select_option("L2")
        app(tab).get_by_label("sin(x1)", exact=True).click()
        app(tab).get_by_label("Gradient clipping", exact=True).select_option("5")
        app(tab).get_by_label("Batch size", exact=True).select_option("20")
        app(tab).get_by_label("Show test points", exact=True).click()
        app(tab).get_by_label("Speed", exact=True).select_option("max")
        want = setting(tab)
        hash_ = tab.evaluate("location.hash")
        assert hash_.startswith("#") and "dataset=moons" in hash_ and "hidden=8,8,7" in hash_
    with opened(browser, url, fragment=hash_) as fresh:
        assert setting(fresh) == want
        assert app(fresh).get_by_label("Data set", exact=True).input_value() == "moons"
        assert app(fresh).get_by_label("Layer 3 units", exact=True).input_value() == "7"
        assert fresh.evaluate("location.hash") == hash_


def test_article_preset_url_round_trip(browser, url):
    with opened(browser, url) as tab:
        app(tab).get_by_role("button", name="The article's setting").click()
        want = setting(tab)
        assert want["preset"] == "article" and want["gradient"] == "article"
        hash_ = tab.evaluate("location.hash")
        initial = tab.evaluate(f"{APP}.exportRun().initial")
    with opened(browser, url, fragment=hash_) as fresh:
        assert setting(fresh) == want
        assert fresh.evaluate(f"{APP}.exportRun().initial") == initial


# ---------------------------------------------------------------- the bricks panel

NUMBER = re.compile(r"-?(?:\d+\.?\d*(?:e-?\d+)?|inf|NaN)")


def _numbers(text):
    return [float(x) for x in NUMBER.findall(text)]


def _panel(tab):
    return tab.evaluate("""() => Object.fromEntries(Array.from(
        document.querySelectorAll('.mlp-bricks .mlp-brick')).map(d => [d.dataset.key, d.querySelector('dd').textContent]))""")


def _expected_bricks(tab, i):
    """net.bricks for training point i, from a copy of the app's current network."""
    return tab.evaluate(f"""() => {{
        const run = {APP}.exportRun(), E = mlpEngine, n = run.network.layerSizes.length - 1;
        const W = [], b = [];
        for (let k = 1; k <= n; k++) {{ W.push(run.initial['W' + k]); b.push(run.initial['b' + k]); }}
        const net = E.MLP.fromWeights(W, run.network.bias ? b : null, {{activation: run.network.activation,
            output: run.network.output, loss: run.network.loss, l2: run.network.l2, l1: run.network.l1}});
        const x = E.toNested(E.features(E.fromNested([run.data.X[{i}]]), run.features))[0];
        return net.bricks(x, run.data.Y[{i}]);
    }}""")


def _assert_panel_matches(panel, bricks):
    for key, value in bricks.items():
        assert key in panel, f"the bricks panel has no {key}"
        flat = np.ravel(np.asarray(value, dtype=float))
        shown = _numbers(panel[key])
        if "largest |entry|" in panel[key]:       # a large matrix: shape, largest entry, first entries
            assert math.isclose(shown[len(np.shape(value))], np.max(np.abs(flat)), rel_tol=1e-3, abs_tol=1e-12)
            first = shown[len(np.shape(value)) + 1:len(np.shape(value)) + 5]
            np.testing.assert_allclose(first, np.atleast_2d(np.asarray(value, dtype=float))[0][:4],
                                       rtol=1e-3, atol=1e-12, err_msg=key)
        else:
            np.testing.assert_allclose(shown, flat, rtol=1e-3, atol=1e-12, err_msg=key)


def test_bricks_panel_shows_the_selected_point(browser, url):
    with opened(browser, url) as tab:
        app(tab).get_by_label("Learning rate", exact=True).select_option("0.1")   # new recording
        point = app(tab).get_by_label("Training point (index)", exact=True)
        point.fill("5")
        panel = _panel(tab)
        expected = _expected_bricks(tab, 5)
        for key in ("X", "z1", "h1", "z2", "h2", "z3", "h3", "L", "delta3", "delta2", "delta1",
                    "dL_dW3", "dL_dW2", "dL_dW1", "dL_db1"):
            assert key in panel, f"{key} missing from the bricks panel: {sorted(panel)}"
        _assert_panel_matches(panel, expected)
        assert "Point 5 of" in app(tab).locator(".mlp-brickview").inner_text()
        # Arrow keys move to the next point, and the panel follows.
        point.focus()
        tab.keyboard.press("ArrowUp")
        assert point.input_value() == "6"
        moved = _panel(tab)
        assert moved["X"] != panel["X"]
        _assert_panel_matches(moved, _expected_bricks(tab, 6))
        # Values of the current step: a step changes them (the recording restarts after an edit only,
        # so compare with a fresh network built from the parameters after the step).
        app(tab).get_by_role("button", name="Step", exact=True).click()
        after = _panel(tab)
        assert after["h3"] != moved["h3"]
        # Nothing in the panel is wider than the panel.
        wide = tab.evaluate("""() => { const p = document.querySelector('.mlp-bricks');
            const r = p.getBoundingClientRect().right;
            return Array.from(p.querySelectorAll('*')).filter(e => e.getBoundingClientRect().right > r + 0.5).length; }""")
        assert wide == 0


def test_bricks_point_from_a_click_on_the_boundary(browser, url):
    with opened(browser, url) as tab:
        canvas = app(tab).locator("canvas.mlp-boundary")
        box = canvas.bounding_box()
        point = app(tab).get_by_label("Training point (index)", exact=True)
        assert point.input_value() == "0"
        # Click every few pixels until a point is hit (the app picks the nearest within 14 px).
        hit = False
        for fx in (0.3, 0.7, 0.25, 0.75):
            for fy in (0.25, 0.75, 0.3, 0.7):
                canvas.click(position={"x": box["width"] * fx, "y": box["height"] * fy})
                if point.input_value() != "0":
                    hit = True
                    break
            if hit:
                break
        assert hit, "no click on the boundary plot selected a point"
        i = int(point.input_value())
        _assert_panel_matches(_panel(tab), _expected_bricks(tab, i))


# ---------------------------------------------------------------- the article preset


def test_article_preset_diverges_with_its_gradient_only(browser, url):
    with opened(browser, url) as tab:
        app(tab).get_by_role("button", name="The article's setting").click()
        s = state(tab)
        assert s["setting"]["preset"] == "article" and s["setting"]["gradient"] == "article"
        assert s["setting"]["hidden"] == [50] and s["setting"]["bias"] is False
        assert s["setting"]["lr"] == 0.003 and s["setting"]["regularization"] == "L2"
        assert s["setting"]["regRate"] == 1e-4 and s["setting"]["batchSize"] is None
        run = tab.evaluate(f"{APP}.exportRun()")
        assert len(run["data"]["X"]) == 50 and len(run["data"]["Xtest"]) == 250
        assert run["network"]["layerSizes"] == [2, 50, 2]
        steps = 115_000
        tab.evaluate(f"{APP}.step({steps})")
        wrong = state(tab)
        assert wrong["diverged"], f"no blow-up in {steps} steps: {wrong}"
        assert 95_000 <= wrong["divergedAt"] <= 110_000, wrong["divergedAt"]
        status = app(tab).locator(".mlp-status").inner_text()
        assert f"diverged at step {wrong['divergedAt']:,}" in status
        assert app(tab).get_by_role("button", name="Play", exact=True).is_disabled()
        # The correct gradient, from the same weights, for as many steps: no blow-up.
        app(tab).get_by_label("correct", exact=True).check()
        app(tab).get_by_role("button", name="Reset", exact=True).click()
        assert state(tab)["step"] == 0 and not state(tab)["diverged"]
        tab.evaluate(f"{APP}.step({steps})")
        right = state(tab)
        assert not right["diverged"] and right["step"] == steps
        assert math.isfinite(right["loss"]) and right["loss"] < 0.3
        # The article's gradient exists only for its kind of network.
        app(tab).get_by_label("Activation", exact=True).select_option("tanh")
        assert app(tab).get_by_label("the article's (scalar penalty, no 1/N)", exact=True).is_disabled()
        assert setting(tab)["gradient"] == "correct"


def test_article_preset_at_max_speed_blows_up(browser, url):
    """Play at max speed: the loss blows up in the page. (How long it takes is
    bench/playground.py's business; the generous timeout only stops a hang.)"""
    with opened(browser, url) as tab:
        app(tab).get_by_role("button", name="The article's setting").click()
        assert setting(tab)["speed"] == "max"
        app(tab).get_by_role("button", name="Play", exact=True).click()
        tab.wait_for_function(f"{APP}.state().diverged", timeout=300_000, polling=500)
        s = state(tab)
        assert not s["running"] and 95_000 <= s["divergedAt"] <= 110_000
        assert "diverged" in app(tab).locator(".mlp-status").inner_text()


# ---------------------------------------------------------------- runs replay in mlp_core


def _replay(run):
    from mlp_core.playground import replay

    hist = replay(run)
    assert hist.steps == len(run["losses"]) > 0
    np.testing.assert_allclose(hist.loss, run["losses"], rtol=1e-9, atol=0)
    return hist


def test_full_batch_run_replays_in_mlp_core(browser, url):
    with opened(browser, url) as tab:
        app(tab).get_by_label("Batch size", exact=True).select_option("full")
        app(tab).get_by_label("Regularization", exact=True).select_option("L2")
        tab.evaluate(f"{APP}.step(150)")
        run = tab.evaluate(f"{APP}.exportRun()")
    assert run["format"] == "mlp-playground-run" and run["version"] == 1
    assert run["train"]["batchSize"] is None and run["orders"] is None
    assert run["startStep"] == 0 and len(run["losses"]) == 150
    _replay(run)


def test_minibatch_run_replays_in_mlp_core(browser, url):
    with opened(browser, url) as tab:
        app(tab).get_by_label("Gradient clipping", exact=True).select_option("1")
        tab.evaluate(f"{APP}.step(40)")
        app(tab).get_by_label("Learning rate", exact=True).select_option("0.1")   # recording restarts here
        tab.evaluate(f"{APP}.step(235)")
        run = tab.evaluate(f"{APP}.exportRun()")
    assert run["startStep"] == 40 and len(run["losses"]) == 235
    assert run["train"] == {"lr": 0.1, "batchSize": 10, "clipNorm": 1, "gradient": "correct"}
    assert len(run["orders"]) >= math.ceil(235 / math.ceil(len(run["data"]["X"]) / 10))
    _replay(run)


def test_run_with_an_edited_weight_replays_in_mlp_core(browser, url):
    with opened(browser, url) as tab:
        tab.evaluate(f"{APP}.step(20)")
        _focus_network(tab)
        tab.keyboard.press("End")                  # the last weight of W1
        tab.keyboard.press("Enter")
        app(tab).get_by_label(re.compile(r"New value of W1\[1, 7\]")).fill("-1.75")
        tab.keyboard.press("Enter")
        tab.evaluate(f"{APP}.step(120)")
        run = tab.evaluate(f"{APP}.exportRun()")
    assert run["initial"]["W1"][1][7] == -1.75 and run["startStep"] == 20
    _replay(run)


def test_article_run_replays_in_mlp_core(browser, url):
    with opened(browser, url) as tab:
        app(tab).get_by_role("button", name="The article's setting").click()
        tab.evaluate(f"{APP}.step(300)")
        run = tab.evaluate(f"{APP}.exportRun()")
    assert run["train"]["gradient"] == "article"
    _replay(run)


def test_export_button_downloads_the_run(browser, url, tmp_path):
    with opened(browser, url) as tab:
        app(tab).get_by_role("button", name="Step", exact=True).click()
        with tab.expect_download() as info:
            app(tab).get_by_role("button", name="Export run", exact=True).click()
        path = tmp_path / "run.json"
        info.value.save_as(path)
        assert info.value.suggested_filename.endswith(".json")
    run = json.loads(path.read_text())
    assert run["format"] == "mlp-playground-run" and len(run["losses"]) == 1
    _replay(run)


# ---------------------------------------------------------------- layout, accessibility, keyboard

OVERFLOW = """() => {
    const root = document.querySelector('.mlp-playground'), box = root.getBoundingClientRect();
    const column = root.parentElement.getBoundingClientRect();
    const bad = [];
    if (box.right > column.right + 0.5 || box.left < column.left - 0.5) bad.push('the app is wider than its column');
    for (const e of root.querySelectorAll('*')) {
        const r = e.getBoundingClientRect();
        if (r.width && (r.right > box.right + 0.5 || r.left < box.left - 0.5))
            bad.push(e.tagName + '.' + (e.getAttribute('class') || '') + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
    }
    const small = [];
    for (const e of root.querySelectorAll('*')) {
        if (!e.childNodes.length || !Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim())) continue;
        const size = parseFloat(getComputedStyle(e).fontSize);
        if (size < 12 && e.getClientRects().length) small.push(e.tagName + ' ' + size);
    }
    return {bad, small, scroll: document.documentElement.scrollWidth, inner: innerWidth, width: box.width};
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("setup", ["default", "article", "deep"])
def test_nothing_overflows_the_column(browser, url, viewport, setup):
    with opened(browser, url, viewport=viewport) as tab:
        if setup == "article":
            app(tab).get_by_role("button", name="The article's setting").click()
            tab.evaluate(f"{APP}.step(500)")
        elif setup == "deep":
            every = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"]
            tab.evaluate(f"{APP}.set({{hidden: [8, 8, 8, 8, 8, 8], features: {json.dumps(every)}}})")
            tab.evaluate(f"{APP}.step(50)")
        else:
            tab.evaluate(f"{APP}.step(200)")
        out = tab.evaluate(OVERFLOW)
        assert not out["bad"], out["bad"][:10]
        assert not out["small"], f"text below 12 px: {out['small'][:10]}"
        assert out["scroll"] <= out["inner"], f"horizontal scroll: {out['scroll']} > {out['inner']}"
        expected = 688 if viewport is DESKTOP else 358
        assert abs(out["width"] - expected) <= 70, f"the app is {out['width']} px wide"


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_axe_finds_no_violation(browser, url, dark):
    with opened(browser, url, dark=dark) as tab:
        tab.evaluate(f"{APP}.step(100)")
        # Open the weight editor and the article's switch too, so that they are checked.
        _focus_network(tab)
        tab.keyboard.press("Enter")
        assert _axe(tab) == []
        # The article's setting, diverged: its switch and the warning are checked too.
        tab.keyboard.press("Escape")
        app(tab).get_by_role("button", name="The article's setting").click()
        tab.evaluate(f"{APP}.step(120000)")
        assert state(tab)["diverged"]
        assert _axe(tab) == []


def _axe(tab):
    return axe_violations(tab, app(tab).element_handle())


def test_keyboard_reaches_every_control(browser, url):
    with opened(browser, url) as tab:
        tab.evaluate("""() => { const a = document.createElement('a'); a.href = '#'; a.id = 'before-app';
            a.textContent = 'before'; document.querySelector('.mlp-playground').before(a); a.focus(); }""")
        wanted = tab.evaluate("""() => Array.from(document.querySelector('.mlp-playground').querySelectorAll(
            'button, select, input, [tabindex="0"]')).filter(e => !e.disabled && e.getClientRects().length &&
            !(e.type === 'radio' && !e.checked)).map(e => e.id)""")
        assert all(wanted), "every control has an id"
        reached = []
        for _ in range(len(wanted) + 5):
            tab.keyboard.press("Tab")
            info = tab.evaluate("""() => { const e = document.activeElement;
                return [e.id, !!e.closest('.mlp-playground'), getComputedStyle(e).outlineStyle]; }""")
            if not info[1]:
                break
            reached.append(info[0])
            assert info[2] != "none", f"{info[0]} has no visible focus"
        missing = [w for w in wanted if w not in reached]
        assert not missing, f"Tab does not reach {missing}"
        order = [next(i for i, r in enumerate(reached) if r.endswith(suffix))
                 for suffix in ("-play", "-step", "-reset", "-dataset", "-network")]
        assert order == sorted(order), reached
