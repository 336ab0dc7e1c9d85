"""The article's network: its blow-up, the blow-up formula, the blow-up chapter's experiments."""

import math

import numpy as np
import pytest

import mlp_core as mc
from mlp_core import article, experiments

VARIANTS = [
    {},                                                      # the article's code
    {"scalar_penalty": False},                               # only the 1/N missing
    {"drop_1_over_n": False},                                # only the scalar penalty
    {"drop_1_over_n": False, "scalar_penalty": False},       # correct gradient (a plain MLP)
    {"drop_1_over_n": False, "scalar_penalty": False, "l2": 0.0},
]


@pytest.mark.parametrize("switches", VARIANTS)
def test_article_blowup_is_the_generic_loop(switches):
    """article_blowup is mc.train on the article's network, with sum(W1**2) recorded after each update."""
    X, Y, _, _ = mc.data.article_xor()
    net = article.article_network(50, **switches)
    w1_sq = []
    hist = mc.train(net, X, Y, lr=0.1, steps=2500, on_divergence="stop",
                    callback=lambda step, n, loss: w1_sq.append(float(np.vdot(n._W[0], n._W[0]))))
    run = experiments.article_blowup(lr=0.1, steps=2500, **switches)
    assert run["diverged_at"] == hist.diverged_at
    np.testing.assert_array_equal(run["loss"], hist.loss)
    np.testing.assert_array_equal(run["accuracy"], hist.accuracy)
    np.testing.assert_array_equal(run["w1_sq"], np.array(w1_sq[:hist.steps]))


def test_the_articles_code_blows_up_at_lr_0_1_and_the_fix_does_not():
    broken = experiments.article_blowup(lr=0.1, steps=2500)
    fixed = experiments.article_blowup(lr=0.1, steps=2500, scalar_penalty=False)
    assert broken["diverged_at"] is not None and len(broken["loss"]) == broken["diverged_at"]
    assert fixed["diverged_at"] is None and np.all(np.isfinite(fixed["w1_sq"]))


def test_blowup_time_is_the_closed_form():
    W1 = np.array([[0.5, -1.0, 0.25], [2.0, 0.0, -0.75]])
    mu, sigma = W1.mean(), W1.std()
    expected = 3.0 + (math.pi / 2 - math.atan(-mu / sigma)) / (0.1 * 6 * sigma)
    assert article.blowup_time(W1, 0.1, t=3.0) == pytest.approx(expected, rel=1e-14)


def test_blowup_time_predicts_the_pure_penalty_flow():
    """Simulate dW/dt = -l2 * sum(W**2) (every entry alike) with small steps: it ends at the predicted T."""
    W1 = np.random.default_rng(0).normal(0.0, 0.5, size=(2, 10))
    l2, dt = 0.05, 1e-4
    T = article.blowup_time(W1, l2)
    W, t = W1.copy(), 0.0
    while np.abs(W).max() < 1e6:
        W -= dt * l2 * np.sum(W * W)
        t += dt
    assert t == pytest.approx(T, rel=1e-3)


def test_blowup_time_validates_its_arguments():
    with pytest.raises(ValueError, match="spread"):
        article.blowup_time(np.ones((2, 3)), 1e-4)
    with pytest.raises(ValueError, match="l2"):
        article.blowup_time(np.eye(2), 0.0)
    with pytest.raises(ValueError, match="t"):
        article.blowup_time(np.eye(2), 1e-4, t=-1.0)
    with pytest.raises(ValueError, match="W1"):
        article.blowup_time(np.ones(3), 1e-4)


def test_with_the_1_over_n_fixed_the_blowup_comes_when_the_formula_says():
    """The data term is weak, the penalty alone drives W1: measured and predicted T agree."""
    run = experiments.article_blowup(lr=0.3, steps=2000, drop_1_over_n=False)
    predicted = article.blowup_time(article.article_weights(50)[0], 1e-4)
    assert run["diverged_at"] is not None
    assert 0.3 * run["diverged_at"] == pytest.approx(predicted, rel=0.02)


def test_stronger_penalty_blows_up_sooner():
    T = [0.03 * experiments.article_blowup(lr=0.03, steps=2000, l2=lam)["diverged_at"] for lam in (1e-2, 1e-3)]
    assert T[0] < T[1]
    assert T[1] / T[0] == pytest.approx(10, rel=0.15)


def test_article_blowup_returns_what_the_figures_read_and_snapshots():
    r = experiments.article_blowup(lr=0.1, steps=2500, snapshot_every=500)
    assert {"loss", "accuracy", "w1_sq", "diverged_at", "heldout_accuracy", "lr", "steps"} <= set(r)
    n = r["diverged_at"]
    assert n is not None and len(r["loss"]) == len(r["accuracy"]) == len(r["w1_sq"]) == n
    assert math.isnan(r["heldout_accuracy"])
    k = n // 500
    np.testing.assert_array_equal(r["snap_steps"], 500 * np.arange(1, k + 1))
    assert r["snap_W1"].shape == (k, 2, 50) and r["snap_W2"].shape == (k, 50, 2)
    np.testing.assert_allclose(np.sum(r["snap_W1"] ** 2, axis=(1, 2)), r["w1_sq"][r["snap_steps"] - 1], rtol=1e-12)
    plain = experiments.article_blowup(lr=0.1, steps=300, l2=1e-4, scalar_penalty=False)
    assert plain["diverged_at"] is None and 0.0 <= plain["heldout_accuracy"] <= 1.0
    assert "snap_W1" not in plain


def test_article_blowup_validates_its_new_arguments():
    with pytest.raises(ValueError, match="snapshot_every"):
        experiments.article_blowup(steps=10, snapshot_every=0)
    with pytest.raises(TypeError, match="callback"):
        experiments.article_blowup(steps=10, callback="print")


def test_cures_sorts_the_cures_from_the_non_cures():
    runs = experiments.cures(steps=400)
    assert list(runs)[:4] == ["lr 1 (too large)", "lr 0.1", "lr 1, clip_norm 1", "lr 0.1, minibatch 10"]
    assert runs["lr 1 (too large)"].diverged
    for name in list(runs)[1:4]:
        assert not runs[name].diverged and runs[name].loss[-1] < 0.2, name
    for name in list(runs)[4:]:
        assert runs[name].diverged or runs[name].loss[-1] > 1e6, name


def test_cure_run_keeps_the_net_and_the_default_batch_seed():
    a = experiments.cure_run(0.1, steps=50, batch_size=10, seed=3)
    b = experiments.cure_run(0.1, steps=50, batch_size=10, seed=3, batch_seed=3)
    c = experiments.cure_run(0.1, steps=50, batch_size=10, seed=3, batch_seed=4)
    np.testing.assert_array_equal(a.loss, b.loss)
    assert not np.array_equal(a.loss, c.loss)
    assert isinstance(a.extra["net"], mc.MLP)
    X, Y, _, _ = mc.data.article_xor()
    assert np.isfinite(a.extra["net"].loss(X, Y))


def test_the_too_large_step_grows_by_one_minus_lr_times_the_curvature():
    h = experiments.cure_run(1.0)
    X, _, _, _ = mc.data.article_xor()
    A = np.c_[h.extra["net"].forward(X)["h1"], np.ones(len(X))]
    curvature = np.linalg.eigvalsh(A.T @ A / len(X)).max()
    g = h.layer_grad_norms[:, 1]
    np.testing.assert_allclose(g[21:90] / g[20:89], curvature - 1.0, rtol=1e-6)


def test_minibatch_spread_shapes_and_validation():
    r = experiments.minibatch_spread(seeds=[0, 1], steps=40, every=10)
    assert r["full_loss"].shape == (2, 4) and list(r["seeds"]) == [0, 1]
    assert r["full_batch"].steps == 40 and len(r["runs"]) == 2
    np.testing.assert_allclose(r["full_loss"][0, -1], r["runs"][0].extra["net"].loss(*mc.data.article_xor()[:2]))
    with pytest.raises(TypeError, match="seeds"):
        experiments.minibatch_spread(seeds=3)
    with pytest.raises(ValueError, match="seeds"):
        experiments.minibatch_spread(seeds=[])
    with pytest.raises(ValueError, match="every"):
        experiments.minibatch_spread(seeds=[0], every=0)


def test_in_background_returns_what_a_direct_call_returns():
    try:
        future = experiments.in_background(experiments.article_blowup, lr=0.1, steps=300)
        direct = experiments.article_blowup(lr=0.1, steps=300)
        result = future.result(timeout=120)
    finally:
        experiments.stop_background()
    np.testing.assert_array_equal(result["loss"], direct["loss"])
    with pytest.raises(TypeError, match="fn"):
        experiments.in_background(3)
    experiments.stop_background()          # nothing running: a no-op


# ------------------------------------------------ chapters 8 and 8b additions
def test_plotted_loss_counts_w2_twice_and_w1_not_at_all():
    X, Y, _, _ = mc.data.article_xor()
    net = article.article_network(50, l2=0.3)
    W1, W2 = net.params["W1"], net.params["W2"]
    h2 = net.forward(X)["h2"]
    data_term = np.sum((h2 - Y) ** 2) / (2 * len(X))
    expected = data_term + 0.3 * (np.sum(W2**2) + np.sum(W2**2)) / (2 * len(X))
    assert article.plotted_loss(net, X, Y) == pytest.approx(expected, rel=1e-13)
    # W1 does not enter the penalty: scaling it changes only the data term
    bigger = net.copy()
    bigger.params["W1"][:] *= 10.0
    plain = mc.MLP.from_weights([bigger.params["W1"], W2])
    assert article.plotted_loss(bigger, X, Y) == pytest.approx(
        plain.loss(X, Y) + 0.3 * np.sum(W2**2) / len(X), rel=1e-13)
    # with no penalty it is the data term, the loss of a plain MLP
    no_penalty = article.article_network(50, l2=0.0, drop_1_over_n=False, scalar_penalty=False)
    assert article.plotted_loss(no_penalty, X, Y) == pytest.approx(no_penalty.loss(X, Y), rel=1e-14)
    # the correct loss has W1's penalty instead of W2's second copy
    assert net.loss(X, Y) - article.plotted_loss(net, X, Y) == pytest.approx(
        0.3 * (np.sum(W1**2) - np.sum(W2**2)) / (2 * len(X)), rel=1e-10)


def test_plotted_loss_validates_its_arguments():
    X, Y, _, _ = mc.data.article_xor()
    with pytest.raises(TypeError, match="net"):
        article.plotted_loss("net", X, Y)
    with pytest.raises(ValueError, match="two weight layers"):
        article.plotted_loss(mc.MLP([2, 3, 3, 2], seed=0), X, Y)
    with pytest.raises(ValueError):
        article.plotted_loss(article.article_network(50), X, Y[:10])


def test_article_frames_is_article_blowup_plus_frames():
    X, Y, X_rest, Y_rest = mc.data.article_xor()
    run = experiments.article_frames(lr=0.03, steps=2000, every=500, snapshot_every=500)
    plain = experiments.article_blowup(lr=0.03, steps=2000, snapshot_every=500)
    np.testing.assert_array_equal(run["loss"], plain["loss"])
    np.testing.assert_array_equal(run["frame_steps"], [500, 1000, 1500, 2000])
    X_all, Y_all = np.vstack([X, X_rest]), np.vstack([Y, Y_rest])
    for k, (A, B) in enumerate(zip(run["snap_W1"], run["snap_W2"])):
        net = article.ArticleMLP.from_weights([A, B], None, l2=1e-4)
        assert run["frame_accuracy"][k] == mc.training.accuracy(net, X_all, Y_all)
        assert run["frame_plotted_loss"][k] == pytest.approx(article.plotted_loss(net, X, Y), rel=1e-12)
    with pytest.raises(ValueError, match="every"):
        experiments.article_frames(steps=10, every=0)
    with pytest.raises(TypeError, match="callback"):
        experiments.article_frames(steps=10, callback=print)


def test_depth_gradient_norms_are_the_layer_norms_of_the_drawn_network():
    X, Y, _, _ = mc.data.article_xor()
    norms = experiments.depth_gradient_norms("tanh", 2.0, depth=3, width=7, seeds=[4])
    rng = np.random.default_rng(4)
    sizes = [2, 7, 7, 7, 2]
    Ws = [rng.normal(0.0, 2.0 / np.sqrt(a), size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    net = mc.MLP.from_weights(Ws, None, activation="tanh", output="identity")
    np.testing.assert_allclose(norms[0], mc.diagnostics.layer_gradient_norms(net, X, Y), rtol=1e-12)
    assert norms.shape == (1, 4)


def test_depth_gradient_norms_explode_and_vanish_as_chapter_8b_says():
    up = experiments.depth_gradient_norms("tanh", 4.0)[:, 1:]
    down = experiments.depth_gradient_norms("sigmoid", 1.0)
    assert up.shape == (5, 10) and down.shape == (5, 11)
    assert np.all(np.diff(up, axis=1) < 0) and np.all(up[:, 0] / up[:, -1] > 15)
    assert np.all(np.diff(down, axis=1) > 0) and np.all(down[:, 0] / down[:, -1] < 1e-7)


def test_depth_gradient_norms_validates_its_arguments():
    with pytest.raises(ValueError, match="activation"):
        experiments.depth_gradient_norms("swish", 1.0)
    with pytest.raises(ValueError, match="gain"):
        experiments.depth_gradient_norms("tanh", 0.0)
    with pytest.raises(ValueError, match="depth"):
        experiments.depth_gradient_norms("tanh", 1.0, depth=0)
    with pytest.raises(TypeError, match="seeds"):
        experiments.depth_gradient_norms("tanh", 1.0, seeds=3)
    with pytest.raises(ValueError, match="seeds"):
        experiments.depth_gradient_norms("tanh", 1.0, seeds=[])


def test_update_lengths_measure_the_real_steps_and_clipping_bounds_them():
    plain = experiments.update_lengths(0.1, steps=200)
    reference = experiments.cure_run(0.1, steps=200)
    np.testing.assert_array_equal(plain.loss, reference.loss)
    np.testing.assert_allclose(plain.extra["update_length"], 0.1 * plain.grad_norm, rtol=1e-9)
    clipped = experiments.update_lengths(2.0, steps=300, clip_norm=0.5)
    lengths = clipped.extra["update_length"]
    np.testing.assert_allclose(lengths, 2.0 * np.minimum(clipped.grad_norm, 0.5), rtol=1e-9)
    assert lengths.max() <= 2.0 * 0.5 * (1 + 1e-12)
    assert np.mean(clipped.grad_norm > 0.5) > 0.5
    with pytest.raises(TypeError, match="callback"):
        experiments.update_lengths(0.1, steps=5, callback=print)
