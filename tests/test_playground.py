"""The playground: settings, determinism, the static animation and the live app."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import mlp_core as mc  # noqa: E402
from mlp_core import playground as pg  # noqa: E402


def test_same_setting_gives_the_same_run():
    s = pg.Setting(steps=300)
    net_a, hist_a, X_a, _, _ = pg.run(s)
    net_b, hist_b, X_b, _, _ = pg.run(s)
    np.testing.assert_array_equal(X_a, X_b)
    np.testing.assert_array_equal(hist_a.loss, hist_b.loss)
    for key in net_a.params:
        np.testing.assert_array_equal(net_a.params[key], net_b.params[key])


@pytest.mark.parametrize("name", list(pg.DATASETS))
def test_every_dataset_builds_and_trains(name):
    s = pg.Setting(dataset=name, n_points=60, steps=50, hidden=4, hidden2=3, batch_size=20, l2=0.01)
    net, hist, X, y, seconds = pg.run(s)
    assert net.layer_sizes == [2, 4, 3, 2]
    assert hist.steps == 50 and not hist.diverged
    assert X.shape[1] == 2 and y.shape == (len(X), 2)
    assert seconds >= 0


def test_default_setting_learns_noisy_xor():
    net, hist, X, y, _ = pg.run(pg.Setting())
    assert mc.accuracy(net, X, y) >= 0.95


def test_unknown_dataset_is_named_in_the_error():
    with pytest.raises(ValueError, match="dataset"):
        pg.make_data(pg.Setting(dataset="spirals"))


def test_largest_learning_rate_kills_every_relu():
    # What the chapter's "things to try" promises: with relu and lr 10 every
    # hidden unit ends up outputting 0 on every point (a dead ReLU layer).
    net, hist, X, _, _ = pg.run(pg.Setting(activation="relu", lr=10.0))
    assert not hist.diverged
    assert np.all(net.forward(X)["h1"] == 0.0)


def test_divergence_is_reported_not_raised():
    # Softmax with cross-entropy has bounded output gradients, so make the
    # loss overflow through the L2 term: a huge penalty with a huge step:
    # each step multiplies the weights by 1 - lr * l2 / N = -4.
    s = pg.Setting(dataset="noisy XOR", n_points=20, activation="tanh", lr=10.0, l2=10.0, steps=2000)
    _, hist, _, _, _ = pg.run(s)
    assert hist.diverged and hist.steps < 2000 and "loss" in hist.reason


def test_animation_has_one_frame_per_snapshot():
    s = pg.Setting(dataset="XOR (4 points)", hidden=3, activation="sigmoid", lr=2.0, steps=100)
    anim, hist = pg.animate_preset(s, frames=4)
    html = anim.to_jshtml()
    assert html.count("frames[") >= 4
    assert hist.steps == 100


@pytest.mark.parametrize("frames", [0, 1, 2.5, True])
def test_animation_frames_are_validated(frames):
    with pytest.raises(ValueError, match="frames"):
        pg.animate_preset(pg.Setting(steps=10), frames=frames)


def test_views_update_in_place():
    s = pg.Setting(steps=200)
    net, hist, X, y, _ = pg.run(s)
    fig = plt.figure()
    views = pg.draw_views(fig, net, hist, X, y, upto=50, title="half way")
    assert len(views.loss_line.get_xdata()) == 50
    axes_before = list(fig.axes)
    views.show(net, X, y, upto=200, title="done")
    assert list(fig.axes) == axes_before          # nothing rebuilt
    assert len(views.loss_line.get_xdata()) == 200
    assert views.title.get_text() == "done"
    plt.close(fig)


def test_live_app_builds_and_trains_once():
    app = pg.playground(pg.Setting(steps=100))
    controls, out = app.children
    status = controls.children[-2].children[1]
    assert status.value.startswith("trained 100 steps")
    plt.close("all")


# ------------------------------------------------------------ the new data sets
@pytest.mark.parametrize("make", [mc.data.blobs, mc.data.spiral])
def test_blobs_and_spiral_are_balanced_one_hot_and_seeded(make):
    X, Y = make(101, seed=3)
    assert X.shape == (101, 2) and Y.shape == (101, 2)
    np.testing.assert_array_equal(Y.argmax(axis=1), np.arange(101) % 2)  # classes alternate
    assert Y.sum(axis=0).tolist() == [51.0, 50.0]
    X2, Y2 = make(101, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(Y, Y2)
    assert not np.array_equal(X, make(101, seed=4)[0])


def test_blobs_are_centred_on_their_corners():
    X, Y = mc.data.blobs(4000, noise=0.5, seed=0)
    c = Y.argmax(axis=1)
    np.testing.assert_allclose(X[c == 0].mean(axis=0), [-1.0, -1.0], atol=0.05)
    np.testing.assert_allclose(X[c == 1].mean(axis=0), [1.0, 1.0], atol=0.05)
    np.testing.assert_allclose(X[c == 0].std(axis=0), [0.5, 0.5], atol=0.05)
    X0, _ = mc.data.blobs(6, noise=0.0)
    np.testing.assert_array_equal(X0, [[-1, -1], [1, 1]] * 3)


def test_spiral_geometry():
    n = 201
    X, _ = mc.data.spiral(n, noise=0.0)
    m = 101  # ceil(n / 2) points per arm
    k = np.arange(n) // 2
    t = k / m
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r, 0.1 + 1.9 * t, rtol=1e-12)
    assert r.min() == pytest.approx(0.1) and r.max() < 2.0
    a = 3.5 * np.pi * t + np.pi * (np.arange(n) % 2)
    np.testing.assert_allclose(X, np.c_[r * np.cos(a), r * np.sin(a)], atol=1e-15)
    np.testing.assert_allclose(X[1::2], -X[0:-1:2], atol=1e-15)  # arm 1 is arm 0 turned by pi
    noisy, _ = mc.data.spiral(n, noise=0.1, seed=0)
    assert 0.05 < np.std(noisy - X) < 0.15


@pytest.mark.parametrize("make", [mc.data.blobs, mc.data.spiral])
@pytest.mark.parametrize("kwargs,exc,match", [
    ({"n": 1}, ValueError, "n must be >= 2"),
    ({"n": 10.0}, TypeError, "n must be an integer"),
    ({"n": 10, "noise": -0.1}, ValueError, "noise must be >= 0"),
    ({"n": 10, "noise": "lots"}, TypeError, "noise must be a real number"),
    ({"n": 10, "seed": -1}, ValueError, "seed must be >= 0"),
])
def test_blobs_and_spiral_validate_their_arguments(make, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        make(**kwargs)


def test_playground_offers_the_browser_data_sets():
    assert list(pg.DATASETS) == ["XOR (4 points)", "noisy XOR", "circles", "moons", "blobs", "spiral"]
    X, y = pg.make_data(pg.Setting(dataset="spiral", n_points=40, noise=0.0))
    np.testing.assert_array_equal(X, mc.data.spiral(40, noise=0.0)[0])


# ------------------------------------------------------------------ features
def test_features_are_the_named_columns_in_order():
    X = np.array([[0.5, -2.0], [3.0, 0.25]])
    F = pg.features(X, ["x2", "x1*x2", "x1^2", "sin(x1)", "x2^2", "sin(x2)", "x1"])
    x1, x2 = X[:, 0], X[:, 1]
    np.testing.assert_array_equal(F, np.c_[x2, x1 * x2, x1 ** 2, np.sin(x1), x2 ** 2, np.sin(x2), x1])
    np.testing.assert_array_equal(pg.features(X, ("x1", "x2")), X)
    assert set(pg.FEATURES) == {"x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"}


@pytest.mark.parametrize("X,names,exc,match", [
    (np.ones((3, 2)), ["x1", "x3"], ValueError, r"names\[1\] must be one of"),
    (np.ones((3, 2)), [], ValueError, "names must be a non-empty"),
    (np.ones((3, 2)), "x1", TypeError, "names must be a sequence"),
    (np.ones((3, 2)), ["x1", "sin(x1)", "x1"], ValueError, "names lists 'x1' twice"),
    (np.ones((3, 3)), ["x1"], ValueError, "X must have 2 columns"),
    (np.ones(2), ["x1"], ValueError, "X must be 2-D"),
])
def test_features_errors_name_the_parameter(X, names, exc, match):
    with pytest.raises(exc, match=match):
        pg.features(X, names)


# -------------------------------------------------------------------- replay
def _nested(params):
    return {k: np.asarray(a).tolist() for k, a in params.items()}


def _run(net, names, X, Y, losses, *, lr, batch_size=None, clip_norm=None, orders=None,
         gradient="correct", X_test=None, Y_test=None):
    """A run in the browser's export format, built from mlp_core objects."""
    return {
        "format": "mlp-playground-run", "version": 1,
        "setting": {"note": "made by tests/test_playground.py"},
        "network": {"layerSizes": list(net.layer_sizes), "activation": net.activation,
                    "output": net.output, "loss": net.loss_name, "l2": net.l2, "l1": net.l1,
                    "bias": net.bias, "init": "uniform"},
        "train": {"lr": lr, "batchSize": batch_size, "clipNorm": clip_norm, "gradient": gradient},
        "features": list(names),
        "data": {"X": X.tolist(), "Y": Y.tolist(),
                 "Xtest": None if X_test is None else X_test.tolist(),
                 "Ytest": None if Y_test is None else Y_test.tolist()},
        "initial": _nested(net.params),
        "orders": None if orders is None else [np.asarray(o).tolist() for o in orders],
        "losses": [float(x) for x in losses],
        "startStep": 0,
    }


@pytest.fixture
def full_batch_run():
    names = ["x1", "x2", "x1*x2"]
    X, Y = mc.data.circles(60, noise=0.1, seed=1)
    X, Y, X_test, Y_test = mc.data.split(X, Y, seed=2)
    net = mc.MLP([3, 5, 4, 2], activation="tanh", output="softmax", loss="cross_entropy",
                 l2=0.01, l1=0.001, seed=1)
    start = net.copy()
    hist = mc.train(net, pg.features(X, names), Y, lr=0.3, steps=40, clip_norm=0.05)
    run = _run(start, names, X, Y, hist.loss, lr=0.3, clip_norm=0.05, X_test=X_test, Y_test=Y_test)
    return run, hist, net


def test_replay_reproduces_a_full_batch_run(full_batch_run):
    run, expected, trained = full_batch_run
    hist = pg.replay(run)
    assert hist.steps == 40 and not hist.diverged
    np.testing.assert_allclose(hist.loss, expected.loss, rtol=1e-12)
    for name in ("accuracy", "grad_norm", "layer_grad_norms", "lr"):
        np.testing.assert_allclose(getattr(hist, name), getattr(expected, name), rtol=1e-12)
    assert np.any(hist.grad_norm > 0.05)  # the clipping mattered
    net = hist.extra["net"]
    assert type(net) is mc.MLP and net.bias
    for key, value in trained.params.items():
        np.testing.assert_allclose(net.params[key], value, rtol=1e-12, atol=1e-15)
    assert hist.extra["features"] == ("x1", "x2", "x1*x2")
    np.testing.assert_array_equal(hist.extra["X"], pg.features(np.array(run["data"]["X"]), run["features"]))
    assert hist.extra["X_test"].shape == (30, 3) and hist.extra["Y_test"].shape == (30, 2)
    assert hist.extra["relative_error"] < 1e-12
    np.testing.assert_array_equal(hist.extra["recorded_loss"], run["losses"])


def test_replay_reproduces_a_minibatch_run():
    names = ["x1", "x2", "sin(x1)", "x2^2"]
    X, Y = mc.data.spiral(50, noise=0.05, seed=0)
    F = pg.features(X, names)
    net = mc.MLP([4, 6, 2], activation="relu", output="sigmoid", loss="mse", bias=True, seed=4)
    start = net.copy()
    batch, steps = 16, 23  # 4 batches per epoch (16, 16, 16, 2): 6 epochs, the last one partly
    rng = np.random.default_rng(7)
    orders = [rng.permutation(50) for _ in range(6)]
    expected = []
    for order in orders:
        for i in range(0, 50, batch):
            if len(expected) < steps:
                idx = order[i:i + batch]
                expected.append(mc.train(net, F[idx], Y[idx], lr=0.8, steps=1, clip_norm=1.0).loss[0])
    run = _run(start, names, X, Y, expected, lr=0.8, batch_size=batch, clip_norm=1.0, orders=orders)
    hist = pg.replay(run)
    assert hist.steps == steps and hist.layer_grad_norms.shape == (steps, 2)
    np.testing.assert_allclose(hist.loss, expected, rtol=1e-12)
    assert hist.extra["X_test"] is None
    for key, value in net.params.items():
        np.testing.assert_allclose(hist.extra["net"].params[key], value, rtol=1e-12, atol=1e-15)
    # mlp_core.train's own minibatch loop draws the same orders from the same seed.
    again = mc.train(start.copy(), F, Y, lr=0.8, steps=steps, batch_size=batch, clip_norm=1.0, seed=7)
    np.testing.assert_allclose(hist.loss, again.loss, rtol=1e-12)
    np.testing.assert_allclose(hist.accuracy, again.accuracy)


def test_replay_reads_a_json_file(full_batch_run, tmp_path):
    import json

    run, expected, _ = full_batch_run
    path = tmp_path / "run.json"
    path.write_text(json.dumps(run))
    for where in (path, str(path)):
        np.testing.assert_allclose(pg.replay(where).loss, expected.loss, rtol=1e-12)
    with pytest.raises(FileNotFoundError, match="no such file"):
        pg.replay(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(ValueError, match="not valid JSON"):
        pg.replay(tmp_path / "bad.json")


def test_replay_with_the_article_gradient_is_the_article_network():
    from mlp_core import article

    preset = pg.article_preset()
    X, Y, _, _ = mc.data.article_xor()
    expected = mc.train(article.article_network(50), X, Y, lr=0.003, steps=300)
    run = {**preset, "format": "mlp-playground-run", "version": 1, "orders": None,
           "losses": expected.loss.tolist()}
    hist = pg.replay(run)
    assert isinstance(hist.extra["net"], article.ArticleMLP)
    np.testing.assert_allclose(hist.loss, expected.loss, rtol=1e-12)
    # The article's gradient is not the correct one: the same run without it differs.
    correct = pg.replay({**run, "train": {**run["train"], "gradient": "correct"}})
    assert type(correct.extra["net"]) is mc.MLP
    assert not np.allclose(correct.loss[1:], expected.loss[1:], rtol=1e-6)


@pytest.mark.parametrize("batch", [None, 10])
def test_replay_stops_where_the_loss_stops_being_finite(full_batch_run, batch):
    # Each step multiplies the weights by about 1 - lr * l2 / N (N = 30 or 10): the loss overflows.
    run, _, _ = full_batch_run
    run = _changed(_changed(run, ("network", "l2"), 1000.0), ("train", "lr"), 1000.0)
    run = _changed(run, ("train", "clipNorm"), None)
    if batch:
        run = _changed(_changed(run, ("train", "batchSize"), batch), ("orders",), [list(range(30))] * 14)
    hist = pg.replay(run)
    assert hist.diverged and 0 < hist.diverged_at == hist.steps < 40 and "loss" in hist.reason
    assert len(hist.accuracy) == len(hist.layer_grad_norms) == hist.steps


def _changed(run, path, value):
    """A copy of ``run`` with the key at ``path`` set to ``value`` (or removed: ``...``)."""
    import copy

    run = copy.deepcopy(run)
    *parents, last = path
    target = run
    for key in parents:
        target = target[key]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return run


@pytest.mark.parametrize("path,value,exc,match", [
    (("format",), ..., ValueError, "run has no key 'format'"),
    (("format",), "something-else", ValueError, r"run\['format'\] must be 'mlp-playground-run'"),
    (("version",), 2, ValueError, r"run\['version'\] is 2"),
    (("network",), ..., ValueError, "run has no key 'network'"),
    (("network",), [2, 5, 2], TypeError, r"run\['network'\] must be an object"),
    (("network", "activation"), ..., ValueError, r"run\['network'\] has no key 'activation'"),
    (("network", "activation"), "swish", ValueError, r"run\['network'\]\['activation'\] must be one of"),
    (("network", "bias"), "yes", TypeError, r"run\['network'\]\['bias'\] must be true or false"),
    (("network", "bias"), False, ValueError, r"run\['initial'\] has keys the network does not have: b1"),
    (("network", "layerSizes"), [4, 5, 4, 2], ValueError, r"run\['features'\] gives 3 inputs"),
    (("network", "layerSizes"), [3, 5, 4, 3], ValueError, r"run\['data'\]\['Y'\] has 2 columns"),
    (("network", "layerSizes"), [3, 6, 4, 2], ValueError, r"run\['initial'\]\['W1'\] must have shape \(3, 6\)"),
    (("features",), ["x1", "x2", "x3"], ValueError, r"run\['features'\]\[2\] must be one of"),
    (("features",), ["x1", "x2", "x1"], ValueError, r"run\['features'\] lists 'x1' twice"),
    (("data", "X"), ..., ValueError, r"run\['data'\] has no key 'X'"),
    (("data", "Y"), [[1.0, 0.0]], ValueError, r"run\['data'\]\['X'\] and run\['data'\]\['Y'\] must have the same"),
    (("data", "Ytest"), ..., ValueError, r"run\['data'\] must have both 'Xtest' and 'Ytest'"),
    (("data", "Xtest"), [[0.0, 1.0, 2.0]], ValueError, r"run\['data'\]\['Xtest'\] must have 2 columns"),
    (("initial", "W2"), ..., ValueError, r"run\['initial'\] has no key 'W2'"),
    (("initial", "b1"), [0.0, 0.0], ValueError, r"run\['initial'\]\['b1'\] must be a list of 5 numbers"),
    (("train", "lr"), 0, ValueError, r"run\['train'\]\['lr'\] must be > 0"),
    (("train", "clipNorm"), ..., ValueError, r"run\['train'\] has no key 'clipNorm'"),
    (("train", "batchSize"), 0, ValueError, r"run\['train'\]\['batchSize'\] must be between 1"),
    (("train", "batchSize"), 10, ValueError, r"run\['orders'\] must be a list of row orders"),
    (("train", "gradient"), "exact", ValueError, r"run\['train'\]\['gradient'\] must be one of"),
    (("train", "gradient"), "article", ValueError, "only exists for the article's kind of network"),
    (("orders",), [[0, 1, 2]], ValueError, r"run\['orders'\] must be null for a full-batch run"),
    (("losses",), ..., ValueError, "run has no key 'losses'"),
    (("losses", 3), None, TypeError, r"run\['losses'\]\[3\] must be a real number"),
])
def test_replay_errors_name_the_key(full_batch_run, path, value, exc, match):
    run, _, _ = full_batch_run
    with pytest.raises(exc, match=match):
        pg.replay(_changed(run, path, value))


def test_replay_checks_the_minibatch_orders(full_batch_run):
    run, _, _ = full_batch_run
    run = _changed(run, ("train", "batchSize"), 10)  # 3 batches per epoch: 40 steps take 14 epochs
    good = [list(range(30))] * 14
    assert pg.replay(_changed(run, ("orders",), good)).steps == 40
    with pytest.raises(ValueError, match=r"run\['orders'\] has 13 epoch orders, but the recorded steps need 14"):
        pg.replay(_changed(run, ("orders",), good[:13]))
    bad = good[:5] + [list(range(29)) + [0]] + good[6:]
    with pytest.raises(ValueError, match=r"run\['orders'\]\[5\] must be a permutation of the row indices 0..29"):
        pg.replay(_changed(run, ("orders",), bad))


def test_replay_explains_the_article_gradient_limits(full_batch_run):
    run, _, _ = full_batch_run
    run = _changed(run, ("train", "gradient"), "article")
    with pytest.raises(ValueError, match=r"this run's network has 2 hidden layers, activation 'tanh', "
                                         r"output 'softmax', loss 'cross_entropy', biases, l1 = 0.001"):
        pg.replay(run)


def test_replay_needs_a_run():
    with pytest.raises(TypeError, match="run must be an exported run"):
        pg.replay([1, 2, 3])


# ------------------------------------------------------------------- presets
def test_article_preset_is_the_articles_setting():
    from mlp_core import article

    p = pg.article_preset()
    X, Y, X_rest, Y_rest = mc.data.article_xor()
    np.testing.assert_array_equal(p["data"]["X"], X)
    np.testing.assert_array_equal(p["data"]["Ytest"], Y_rest)
    assert len(p["data"]["X"]) == 50 and len(p["data"]["Xtest"]) == 250
    W1, W2 = article.article_weights(50)
    np.testing.assert_array_equal(p["initial"]["W1"], W1)
    np.testing.assert_array_equal(p["initial"]["W2"], W2)
    assert set(p["initial"]) == {"W1", "W2"}
    assert p["network"] == {"layerSizes": [2, 50, 2], "activation": "sigmoid", "output": "sigmoid",
                            "loss": "mse", "l2": 1e-4, "l1": 0.0, "bias": False, "init": "uniform"}
    assert p["train"] == {"lr": 0.003, "batchSize": None, "clipNorm": None, "gradient": "article"}
    assert p["features"] == ["x1", "x2"]


def test_worked_example_as_nested_lists():
    w = pg.worked_example()
    for key, value in zip(("X", "y", "W1", "W2"), mc.data.worked_example()):
        assert isinstance(w[key], list)
        np.testing.assert_array_equal(w[key], value)


def test_training_preset_is_chapter_5s_run():
    """Chapter 5's network, data and learning rate, in the run format; its run learns XOR."""
    import json
    import re
    from pathlib import Path

    p = pg.training_preset()
    net = mc.MLP([2, 3, 2], seed=p["seed"])
    assert set(p["initial"]) == {"W1", "b1", "W2", "b2"}
    for key, value in net.params.items():
        assert isinstance(p["initial"][key], list)
        np.testing.assert_array_equal(p["initial"][key], value)  # NumPy's draws, exactly
    X, Y = mc.data.xor()
    np.testing.assert_array_equal(p["data"]["X"], X)
    np.testing.assert_array_equal(p["data"]["Y"], Y)
    assert p["network"] == {"layerSizes": [2, 3, 2], "activation": "sigmoid", "output": "sigmoid",
                            "loss": "mse", "l2": 0.0, "l1": 0.0, "bias": True, "init": "uniform"}
    assert p["train"] == {"lr": pg.TRAINING_LR, "batchSize": None, "clipNorm": None, "gradient": "correct"}
    assert (p["seed"], p["steps"]) == (pg.TRAINING_SEED, pg.TRAINING_STEPS)
    json.dumps(p, allow_nan=False)  # what the presets script writes
    # The chapter's claim: this run classifies the four points.
    hist = mc.train(net, X, Y, lr=p["train"]["lr"], steps=p["steps"])
    assert mc.accuracy(net, X, Y) == 1.0 and not hist.diverged
    # It is a run in the browser's format: replay() retrains it to the same losses.
    run = {**p, "format": "mlp-playground-run", "version": 1, "orders": None, "losses": hist.loss.tolist()}
    again = pg.replay(run)
    np.testing.assert_array_equal(again.loss, hist.loss)
    # The same setting as the chapter's cells (SEED, LR = 0, 2.0 and STEPS = 2000).
    chapter = Path(__file__).resolve().parents[1] / "notebooks" / "05_training.ipynb"
    code = "\n".join("".join(c["source"]) for c in json.loads(chapter.read_text())["cells"]
                     if c["cell_type"] == "code")
    seed_lr = re.search(r"^SEED, LR = (\d+), ([0-9.]+)$", code, re.M)
    steps = re.search(r"^STEPS = (\d+)$", code, re.M)
    assert seed_lr and steps, "chapter 5 no longer sets SEED, LR and STEPS the way this test reads them"
    assert (int(seed_lr[1]), float(seed_lr[2]), int(steps[1])) == (p["seed"], p["train"]["lr"], p["steps"])
    assert re.search(r"mc\.MLP\(\[2, 3, 2\], seed=SEED\)", code)


def test_presets_script_holds_the_presets(tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path

    tool = Path(__file__).resolve().parents[1] / "tools" / "playground_presets.py"
    out = tmp_path / "playground" / "presets.js"  # the folder does not exist yet
    subprocess.run([sys.executable, str(tool), str(out)], check=True, capture_output=True)
    text = out.read_text()
    body = text[text.index("window.mlpPresets = "):]
    assert body.startswith("window.mlpPresets = {") and body.endswith("};\n")
    presets = json.loads(body[len("window.mlpPresets = "):-2])
    assert presets == {"article": pg.article_preset(), "workedExample": pg.worked_example(),
                       "training": pg.training_preset()}
    first = out.read_bytes()
    subprocess.run([sys.executable, str(tool), str(out)], check=True, capture_output=True)
    assert out.read_bytes() == first  # deterministic


def test_the_example_run_kept_with_the_package_replays_exactly():
    """Chapter 11's run, recorded in the browser by tools/export_example_run.py."""
    run = pg.example_run()
    assert run["format"] == "mlp-playground-run" and len(run["losses"]) >= 100
    assert run["train"]["batchSize"] is not None, "the example should show minibatches"
    hist = pg.replay(run)
    np.testing.assert_allclose(hist.loss, run["losses"], rtol=1e-9, atol=0)
    assert hist.loss[-1] < 0.5 * hist.loss[0], "the example run should visibly learn"
