"""Chapter 11's "things to try", checked in the live playground itself.

Each claim of the chapter's list is run through the browser app of the
built page (``window.mlpPlayground[0]``: ``set``, ``reset``, ``step``,
``state``, ``params``, ``exportRun``), so what the text promises is what a
reader who tries it sees. Claims about a setting hold for five seeds. (The
article preset's blow-up is checked by tests/test_playground_app.py.)
"""

from __future__ import annotations

import numpy as np
import pytest
from offline import offline_tab

SEEDS = range(1, 6)


@pytest.fixture(scope="module")
def app(site, browser):
    url = (site / "notebooks" / "11_playground.html").as_uri()
    with offline_tab(browser, url, ready="window.mlpPlayground && window.mlpPlayground.length > 0") as tab:
        yield tab


def train(tab, setting: dict, steps: int) -> dict:
    """A fresh run of ``setting`` (over the defaults) for ``steps`` steps: its state."""
    return tab.evaluate("""([s, n]) => { const app = window.mlpPlayground[0];
        app.pause(); app.set(Object.assign({}, app.defaults(), s)); app.reset();
        app.step(n); return app.state(); }""", [setting, steps])


def test_one_hidden_unit_cannot_learn_xor(app):
    acc = [train(app, {"dataset": "xor", "hidden": [1], "seed": s, "lr": 0.3}, 3000)["accuracy"]
           for s in SEEDS]
    assert max(acc) <= 0.75, acc
    # ... while three units can (the brick chapters' network).
    acc3 = [train(app, {"dataset": "xor", "hidden": [3], "seed": s, "lr": 0.3}, 3000)["accuracy"]
            for s in SEEDS]
    assert min(acc3) == 1.0, acc3


def test_relu_at_learning_rate_10_dies(app):
    deaths = []
    for s in SEEDS:
        early = train(app, {"activation": "relu", "lr": 10, "seed": s}, 300)
        later = app.evaluate("() => { const app = window.mlpPlayground[0]; app.step(700);"
                             " return app.state(); }")
        # No better than always answering one class (the classes are about
        # half and half), and it stays so.
        for state in (early, later):
            assert state["accuracy"] <= 0.7, (s, state["accuracy"])
        # The units of a hidden layer that output 0 for every training point
        # pass no gradient back: they are dead.
        dead = app.evaluate("""() => { const app = window.mlpPlayground[0], run = app.exportRun();
            const p = app.params(), n = run.network.layerSizes.length - 2;
            const W = [], b = [];
            for (let i = 1; i <= n + 1; i++) { W.push(p['W' + i]); b.push(p['b' + i]); }
            const net = mlpEngine.MLP.fromWeights(W, b, {activation: 'relu',
                output: run.network.output, loss: run.network.loss});
            const X = mlpEngine.features(mlpEngine.fromNested(run.data.X), run.features);
            const cache = net.forward(X), out = [];
            for (let i = 1; i <= n; i++) {
                const h = cache['h' + i];
                let count = 0;
                for (let j = 0; j < h.cols; j++) {
                    let zero = true;
                    for (let r = 0; r < h.rows; r++) if (h.data[r * h.cols + j] !== 0) zero = false;
                    if (zero) count += 1;
                }
                out.push(count);
            }
            return out; }""")
        deaths.append(max(dead))
    # The default network has 8 units per hidden layer: at least 7 of one
    # layer die at every seed, all 8 at most seeds.
    assert min(deaths) >= 7 and sum(d == 8 for d in deaths) >= 3, deaths


def test_small_batches_make_the_loss_ragged(app):
    for s in SEEDS:
        ragged = train(app, {"batchSize": 10, "seed": s}, 300)
        losses = np.array(app.evaluate("() => window.mlpPlayground[0].exportRun().losses"))
        assert np.mean(np.diff(losses) > 0) > 0.2, s  # rises at more than a fifth of the steps
        full = train(app, {"batchSize": ragged["setting"]["points"], "seed": s}, 300)
        assert full["setting"]["batchSize"] >= 100
        losses = np.array(app.evaluate("() => window.mlpPlayground[0].exportRun().losses"))
        assert np.all(np.diff(losses) < 0), s  # the full batch falls at every step


def test_circles_need_units_or_the_right_features(app):
    def accuracy(hidden, features=("x1", "x2")):
        return np.array([train(app, {"dataset": "circles", "noise": 0.1, "seed": s,
                                     "hidden": hidden, "features": list(features)},
                               3000)["accuracy"] for s in SEEDS])

    few, many = accuracy([2]), accuracy([8])
    squares = accuracy([], ("x1", "x2", "x1^2", "x2^2"))
    assert few.mean() < 0.9, few  # two units: about 0.8 on average
    assert many.min() >= 0.9 and many.mean() >= 0.95, many
    assert squares.min() >= 0.97, squares  # no hidden layer at all


def test_the_same_setting_gives_the_same_run_whatever_came_before(app):
    setting = {"activation": "relu", "lr": 0.3, "seed": 4}
    first = train(app, setting, 200)
    train(app, {"dataset": "moons", "seed": 9, "batchSize": 5}, 300)  # something else between
    again = train(app, setting, 200)
    assert again["loss"] == first["loss"] and again["accuracy"] == first["accuracy"]
