"""Debugging tools: gradient sizes, saturated and dead units, history diagnoses, buggy gradients."""

import numpy as np
import pytest

import mlp_core as mc
from mlp_core import diagnostics as dg
from mlp_core import experiments as ex

X, Y, _, _ = mc.data.article_xor()


# ----------------------------------------------------------- gradient sizes
def test_layer_gradient_norms_match_history():
    net = mc.MLP([2, 4, 3, 2], seed=1)
    norms = dg.layer_gradient_norms(net, X, Y)
    hist = mc.train(net.copy(), X, Y, lr=0.1, steps=1)
    np.testing.assert_allclose(norms, hist.layer_grad_norms[0], rtol=1e-12)
    assert norms.shape == (3,)


def test_update_ratios():
    net = mc.MLP([2, 3, 2], seed=0)
    g = net.gradients(X, Y)
    expected = [0.5 * np.linalg.norm(g[k]) / np.linalg.norm(net.params[k]) for k in ("W1", "W2")]
    np.testing.assert_allclose(dg.update_ratios(net, X, Y, 0.5), expected, rtol=1e-12)
    with pytest.raises(ValueError, match="lr must be > 0"):
        dg.update_ratios(net, X, Y, 0.0)
    with pytest.raises(TypeError, match="net must be an MLP"):
        dg.update_ratios("net", X, Y, 0.1)


# --------------------------------------------------------------- hidden units
@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_saturated_fraction_grows_with_weight_scale(activation):
    net = mc.MLP([2, 10, 10, 2], activation=activation, seed=0)
    small = dg.saturated_fraction(net, X)
    assert small.shape == (2,)
    assert np.all(small < 0.05)
    for key in ("W1", "W2"):
        net.params[key][...] *= 100.0
    big = dg.saturated_fraction(net, X)
    assert np.all(big > 0.9)


def test_saturated_fraction_counts_exactly():
    # One sigmoid hidden unit: z1 = x, so h1 = sigmoid(x); 0.01 < h1 < 0.99 iff |x| < log(99).
    net = mc.MLP.from_weights([np.array([[1.0]]), np.array([[1.0]])])
    x = np.array([[-10.0], [-4.0], [0.0], [4.0], [10.0]])
    assert np.log(99) < 4.6
    np.testing.assert_allclose(dg.saturated_fraction(net, x), [2 / 5])
    np.testing.assert_allclose(dg.saturated_fraction(net, x, tol=0.1), [4 / 5])


def test_saturated_fraction_rejects():
    with pytest.raises(ValueError, match="activation 'sigmoid' or 'tanh'"):
        dg.saturated_fraction(mc.MLP([2, 3, 2], activation="relu", seed=0), X)
    net = mc.MLP([2, 3, 2], seed=0)
    with pytest.raises(ValueError, match="tol must be below 0.5"):
        dg.saturated_fraction(net, X, tol=0.5)
    with pytest.raises(ValueError, match="tol must be > 0"):
        dg.saturated_fraction(net, X, tol=0)
    with pytest.raises(ValueError, match="X must have 2 columns"):
        dg.saturated_fraction(net, np.ones((3, 3)))


def test_dead_relu_fraction():
    net = mc.MLP([2, 8, 6, 2], activation="relu", seed=0)
    alive = dg.dead_relu_fraction(net, X)
    assert alive.shape == (2,) and np.all(alive < 0.5)
    net.params["b1"][:4] = -100.0           # four of the eight units never fire
    np.testing.assert_allclose(dg.dead_relu_fraction(net, X)[0], 0.5)
    net.params["b1"][:] = -100.0            # all dead: no gradient reaches W1
    assert dg.dead_relu_fraction(net, X)[0] == 1.0
    assert np.all(net.gradients(X, Y)["W1"] == 0)
    with pytest.raises(ValueError, match="activation 'relu'"):
        dg.dead_relu_fraction(mc.MLP([2, 3, 2], seed=0), X)


# ----------------------------------------------------------------- minibatches
def test_minibatch_gradient_noise_shrinks_with_batch_size():
    net = mc.MLP([2, 5, 2], seed=0)
    noise = [dg.minibatch_gradient_noise(net, X, Y, b, draws=50, seed=1) for b in (1, 5, 25, 50)]
    assert noise[0] > noise[1] > noise[2] > noise[3]
    assert noise[3] == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(ValueError, match="batch_size must be between 1"):
        dg.minibatch_gradient_noise(net, X, Y, 51)
    with pytest.raises(ValueError, match="draws must be >= 1"):
        dg.minibatch_gradient_noise(net, X, Y, 5, draws=0)


# ------------------------------------------------------------------- histories
def _history(loss, accuracy=None, grad=None, layers=None):
    loss = np.asarray(loss, dtype=float)
    n = len(loss)
    return mc.History(loss=loss,
                      accuracy=np.zeros(n) if accuracy is None else np.asarray(accuracy, float),
                      grad_norm=np.ones(n) if grad is None else np.asarray(grad, float),
                      layer_grad_norms=np.ones((n, 2)) if layers is None else np.asarray(layers, float),
                      lr=np.full(n, 0.1))


def test_steps_to_accuracy():
    h = _history([1, 1, 1, 1], accuracy=[0.5, 0.8, 0.95, 1.0])
    assert dg.steps_to_accuracy(h, 0.9) == 2
    assert dg.steps_to_accuracy(h, 0.5) == 0
    assert dg.steps_to_accuracy(_history([1, 1], accuracy=[0.5, 0.6]), 0.9) is None
    with pytest.raises(ValueError, match="target must be between 0 and 1"):
        dg.steps_to_accuracy(h, 1.5)
    with pytest.raises(TypeError, match="history must be a History"):
        dg.steps_to_accuracy(np.ones(3), 0.5)


def test_summarize_numbers():
    h = _history([1.0, 0.5, 0.6, 0.25], accuracy=[0.5, 0.6, 0.7, 0.9], grad=[2.0, 4.0, 1.0, 1.0],
                 layers=[[0.01, 1.0]] * 4)
    s = dg.summarize(h)
    assert s["steps"] == 4 and s["diverged_at"] is None
    assert s["loss_drop"] == pytest.approx(0.75)
    assert s["rising_fraction"] == pytest.approx(1 / 3)
    assert s["grad_norm_growth"] == pytest.approx(2.0)
    assert s["first_to_last_layer"] == pytest.approx(0.01)
    assert s["last_accuracy"] == 0.9
    empty = dg.summarize(_history([]))
    assert empty["steps"] == 0 and np.isnan(empty["loss_drop"])


def test_diagnose_names_each_symptom():
    sweep = ex.lr_sweep((1e-4, 0.5, 1.0, 2.0), steps=300)
    assert dg.diagnose(sweep[0.5]) == ["no symptom found"]
    assert any(m.startswith("stalled") for m in dg.diagnose(sweep[1e-4]))
    # lr 1: the loss goes up and down (spikes, waves, bursts of zig-zag) without diverging
    at_one = [m.split(":")[0] for m in dg.diagnose(sweep[1.0])]
    assert len(at_one) == 1 and at_one[0] in ("oscillation", "unstable", "noisy")
    assert dg.summarize(sweep[1.0])["rising_fraction"] > 0.2
    diverged = dg.diagnose(sweep[2.0])
    assert diverged[0].startswith("diverged")
    assert any(m.startswith("exploding") for m in diverged)
    deep = mc.MLP([2, 10, 10, 10, 10, 2], seed=0)
    vanish = dg.diagnose(mc.train(deep, X, Y, lr=0.5, steps=50))
    assert any(m.startswith("vanishing") for m in vanish)
    assert any(m.startswith("worse") for m in dg.diagnose(_history([1.0, 0.9, 1.2])))
    assert dg.diagnose(_history([1.0, 0.95, 0.92]))[0].startswith("stalled")
    with pytest.raises(ValueError, match="growth must be > 0"):
        dg.diagnose(sweep[0.5], growth=0)


# ------------------------------------------- the shape of a troubled loss curve
def _names(history, **kw):
    return [m.split(":")[0] for m in dg.diagnose(history, **kw)]


def test_loss_changes_counts_rises_and_turns():
    r = dg.loss_changes([1.0, 2.0, 1.5, 3.0, 3.0, 2.0])
    # changes +1, -0.5, +1.5, 0 (flat), -1: three moves up or down after a move
    assert r["changes"] == 5
    assert r["rising_fraction"] == pytest.approx(2 / 5)
    assert r["turning_fraction"] == pytest.approx(1.0)  # +, -, +, - (flat skipped)
    last = dg.loss_changes([5.0, 4.0, 3.0, 3.5, 4.0], window=2)
    assert last["changes"] == 2 and last["rising_fraction"] == 1.0
    assert last["turning_fraction"] == 0.0
    one = dg.loss_changes([1.0])
    assert one["changes"] == 0 and np.isnan(one["rising_fraction"])
    # rounding-sized changes are flat
    flat = dg.loss_changes(0.25 + 1e-14 * np.random.default_rng(0).standard_normal(50))
    assert flat["rising_fraction"] == 0.0 and np.isnan(flat["turning_fraction"])
    with pytest.raises(ValueError, match="loss must be 1-D"):
        dg.loss_changes(np.ones((3, 2)))
    with pytest.raises(TypeError, match="loss must be a 1-D array of numbers"):
        dg.loss_changes(["a", "b"])
    with pytest.raises(ValueError, match="window must be >= 1"):
        dg.loss_changes([1.0, 2.0], window=0)


def test_a_monotone_rise_is_rising_steadily_not_oscillation():
    h = _history(0.1 * 1.05 ** np.arange(200))
    s = dg.summarize(h)
    assert s["recent_rising_fraction"] == 1.0 and s["turning_fraction"] == 0.0
    names = _names(h)
    assert "rising steadily" in names and "oscillation" not in names
    assert "worse" in names  # it did not diverge, and ended higher
    # the chapter's run at lr 2: diverged after rising at every step
    diverged = _names(ex.lr_sweep((2.0,), steps=500)[2.0])
    assert diverged == ["diverged", "exploding gradient", "rising steadily"]


def test_a_zig_zag_is_oscillation():
    t = np.arange(300)
    h = _history(0.5 + 0.1 * (-1.0) ** t + 0.001 * np.cos(t / 7))
    s = dg.summarize(h)
    assert s["turning_fraction"] > 0.95 and 0.4 < s["recent_rising_fraction"] < 0.6
    assert _names(h) == ["oscillation"]
    # clipping at lr 2: bounded steps that jump across the valley
    net = mc.MLP([2, 10, 2], activation="tanh", output="identity", seed=0)
    clipped = mc.train(net, X, Y, lr=2.0, steps=500, clip_norm=1.0)
    assert _names(clipped) == ["oscillation", "worse"]


def test_a_noisy_descent_is_noisy_not_oscillation():
    rng = np.random.default_rng(0)
    t = np.arange(1000)
    h = _history(np.exp(-t / 300) + 0.05 * rng.standard_normal(1000) + 0.2)
    s = dg.summarize(h)
    assert 0.55 < s["turning_fraction"] < 0.8  # about 2 in 3 for independent noise
    assert _names(h) == ["noisy"]
    # real minibatch losses: the loss of a different batch at every step
    net = mc.MLP([2, 10, 2], activation="tanh", output="identity", seed=0)
    mini = mc.train(net, X, Y, lr=0.1, steps=1000, batch_size=10, seed=0)
    assert _names(mini) == ["noisy"]
    assert dg.summarize(mini)["loss_drop"] > 0.5


def test_a_plateau_is_stalled_only():
    assert _names(_history(np.full(300, 0.25))) == ["stalled"]
    # a plateau that jitters by rounding only
    jitter = 0.25 * (1 + 1e-13 * np.random.default_rng(1).standard_normal(300))
    assert _names(_history(jitter)) == ["stalled"]
    # and a slow, smooth descent that barely moves
    assert _names(_history(0.25 - 1e-5 * np.arange(300))) == ["stalled"]


def test_waves_are_unstable():
    t = np.arange(400)
    h = _history(0.1 + 0.05 * np.sin(2 * np.pi * t / 40) + 0.5 * np.exp(-t / 20))
    s = dg.summarize(h)
    assert s["turning_fraction"] < 0.1 and 0.4 < s["recent_rising_fraction"] < 0.6
    assert _names(h) == ["unstable"]


def test_diagnose_thresholds_are_checked():
    h = _history([1.0, 0.5, 0.25])
    with pytest.raises(ValueError, match="steady must be a fraction between 0 and 1"):
        dg.diagnose(h, steady=1.5)
    with pytest.raises(ValueError, match="random_turns must not exceed alternating"):
        dg.diagnose(h, random_turns=0.9, alternating=0.8)
    with pytest.raises(ValueError, match="window must be >= 1"):
        dg.diagnose(h, window=0)


# ------------------------------------------------------------ step lengths
def test_step_lengths_obey_the_clipping_bound():
    net = mc.MLP([2, 10, 2], activation="tanh", output="identity", seed=0)
    before = np.concatenate([p.ravel().copy() for p in net.params.values()])
    lengths = dg.StepLengths(net)
    h = mc.train(net, X, Y, lr=2.0, steps=200, clip_norm=1.0, callback=lengths)
    steps = lengths.lengths
    assert steps.shape == (200,)
    assert np.all(steps <= 2.0 * (1 + 1e-12))
    np.testing.assert_allclose(steps, h.lr * np.minimum(h.grad_norm, 1.0), rtol=1e-9)
    # without clipping the step is lr * |g|, and the lengths add up to at least the distance
    free = mc.MLP([2, 10, 2], seed=0)
    free_lengths = dg.StepLengths(free)
    hf = mc.train(free, X, Y, lr=0.5, steps=20, callback=free_lengths)
    np.testing.assert_allclose(free_lengths.lengths, 0.5 * hf.grad_norm, rtol=1e-9)
    after = np.concatenate([p.ravel() for p in net.params.values()])
    assert np.linalg.norm(after - before) <= steps.sum() * (1 + 1e-12)
    with pytest.raises(TypeError, match="net must be an MLP"):
        dg.StepLengths("net")


# ------------------------------------------------------ hand-written gradients
@pytest.mark.parametrize("bias,l2", [(True, 0.0), (False, 0.3), (True, 0.7)])
def test_handwritten_gradients_without_bug_are_right(bias, l2):
    net = mc.MLP([2, 3, 2], bias=bias, l2=l2, seed=2)
    net.params["W1"][0, 0] += 0.1
    mine, theirs = dg.handwritten_gradients(net, X, Y), net.gradients(X, Y)
    assert set(mine) == set(theirs)
    for k in theirs:
        np.testing.assert_allclose(mine[k], theirs[k], rtol=1e-12, atol=1e-15)
    assert max(mc.gradient_check(net, X, Y, gradients=mine).values()) < 1e-6


def test_each_bug_is_caught_where_it_is():
    net = mc.MLP([2, 2, 2], seed=0)
    for k in ("b1", "b2"):
        net.params[k][:] = [0.1, -0.2]
    report = {bug: mc.gradient_check(net, X, Y, gradients=dg.handwritten_gradients(net, X, Y, bug=bug))
              for bug in dg.BUGS}
    N = len(X)
    for k, err in report["forgot_1_over_n"].items():
        assert err == pytest.approx((N - 1) / N, rel=1e-6), k
    r = report["forgot_sigmoid_derivative"]
    assert r["W1"] > 0.5 and r["b1"] > 0.5 and r["W2"] < 1e-6 and r["b2"] < 1e-6
    r = report["transposed"]
    assert r["W2"] > 0.1 and max(r["W1"], r["b1"], r["b2"]) < 1e-6


def test_transposed_bug_has_the_wrong_shape_when_not_square():
    net = mc.MLP([2, 3, 2], seed=0)
    g = dg.handwritten_gradients(net, X, Y, bug="transposed")
    assert g["W2"].shape == (2, 3) != net.params["W2"].shape
    with pytest.raises(ValueError, match=r"gradients\[.W2.\] has shape \(2, 3\)"):
        mc.gradient_check(net, X, Y, gradients=g)


def test_handwritten_gradients_rejects():
    with pytest.raises(ValueError, match="bug must be one of"):
        dg.handwritten_gradients(mc.MLP([2, 3, 2], seed=0), X, Y, bug="typo")
    for net in (mc.MLP([2, 3, 3, 2], seed=0), mc.MLP([2, 3, 2], activation="tanh", seed=0),
                mc.MLP([2, 3, 2], output="softmax", loss="cross_entropy", seed=0)):
        with pytest.raises(ValueError, match="one hidden layer"):
            dg.handwritten_gradients(net, X, Y)


# ------------------------------------------------------------- experiments
def test_activation_comparison():
    r = ex.activation_comparison(("sigmoid", "relu"), layer_sizes=(2, 10, 10, 10, 10, 2),
                                 output="sigmoid", loss="mse", lr=0.5, steps=20)
    assert list(r["histories"]) == ["sigmoid", "relu"]
    sig = r["initial_layer_norms"]["sigmoid"]
    assert sig.shape == (5,) and sig[0] < 1e-2 * sig[-1]
    assert r["histories"]["relu"].steps == 20
    assert 0 <= r["heldout_accuracy"]["relu"] <= 1
    with pytest.raises(TypeError, match="activations must be a sequence of activation names"):
        ex.activation_comparison("relu")
    with pytest.raises(ValueError, match="activations must be a non-empty sequence"):
        ex.activation_comparison(())
    with pytest.raises(ValueError, match=r"activations\[1\] must be one of"):
        ex.activation_comparison(("relu", "swish"))


def test_loss_comparison_structure():
    r = ex.loss_comparison((1.0,), steps=300)
    assert set(r["steps_to_target"]) == set(ex.LOSS_SETUPS)
    ce = r["steps_to_target"]["softmax + cross-entropy"][0]
    mse = r["steps_to_target"]["sigmoid + MSE"][0]
    assert ce is not None and (mse is None or mse > ce)
    assert r["histories"][("sigmoid + MSE", 1.0)].steps == 300
    with pytest.raises(ValueError, match=r"lrs\[0\] must be > 0"):
        ex.loss_comparison((0.0,))
    with pytest.raises(ValueError, match="target must be between 0 and 1"):
        ex.loss_comparison((1.0,), target=2)


def test_lr_sweep_is_deterministic():
    a = ex.lr_sweep((0.1,), steps=20)[0.1]
    b = ex.lr_sweep((0.1,), steps=20)[0.1]
    np.testing.assert_array_equal(a.loss, b.loss)
    with pytest.raises(ValueError, match="lrs must be a non-empty sequence"):
        ex.lr_sweep(())
