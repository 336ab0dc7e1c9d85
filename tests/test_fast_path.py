"""mc.train's row-block path gives the numbers of the plain methods.

On many rows `train` computes each full-batch step in blocks of rows
(`network._RowBlocks`), shared with a helper process per extra core, with
the network's own `_forward`, `_loss` and `_backward`: the average loss and
its gradient are the weighted averages of the blocks' ones. Only rounding
may differ from the plain methods, and the numbers must not depend on the
run or on the number of cores. Small blocks (monkeypatched) put block and
process boundaries everywhere.
"""

import itertools
import os
import warnings

import numpy as np
import pytest

import mlp_core as mc
from mlp_core import network as nw

OUTPUT_LOSS = [("sigmoid", "mse"), ("softmax", "mse"), ("identity", "mse"),
               ("sigmoid", "cross_entropy"), ("softmax", "cross_entropy")]
HIDDEN = ["sigmoid", "tanh", "relu", "identity"]
COMBOS = list(itertools.product(HIDDEN, OUTPUT_LOSS, [(0.0, 0.0), (0.3, 0.2)], [True, False]))


@pytest.fixture
def small_blocks(monkeypatch):
    """Blocks of 3 rows (20 elements of a 7-wide layer) and row blocks at any size."""
    monkeypatch.setattr(nw, "_BLOCK", 20)
    monkeypatch.setattr(nw, "_MIN_ELEMENTS", 0)


def _data(n, n_in, n_out, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(0.0, 2.0, size=(n, n_in))
    if n_out == 1:
        return X, rng.integers(0, 2, size=(n, 1)).astype(float)
    return X, mc.data.one_hot(rng.integers(0, n_out, size=n), n_out)


def _close(a, b):
    """Equal up to rounding: relative 1e-12 of the array's largest entry."""
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12 * np.max(np.abs(b)))


@pytest.mark.parametrize("activation, output_loss, reg, bias", COMBOS)
def test_blocks_give_the_plain_loss_and_gradients(small_blocks, activation, output_loss, reg,
                                                  bias):
    output, loss = output_loss
    n_out = 2 if output == "softmax" else 1 + (loss == "mse")
    net = mc.MLP([3, 7, 5, n_out], activation=activation, output=output, loss=loss,
                 l2=reg[0], l1=reg[1], bias=bias, seed=1)
    for b in net._b or []:
        b[...] = np.linspace(-1.0, 1.0, b.size)
    X, Y = _data(37, 3, n_out, seed=2)
    blocks = nw._RowBlocks(net, X, Y)
    zs, hs = blocks.forward(X)
    plain_zs, plain_hs = net._forward(X)
    _close(hs[-1], plain_hs[-1])
    assert blocks.loss(zs, hs, Y) == pytest.approx(net._loss(plain_zs, plain_hs, Y), rel=1e-13)
    gW, gb = blocks.backward(zs, hs, Y)
    plain_gW, plain_gb = net._backward(plain_zs, plain_hs, Y)
    for g, p in zip(gW + gb, plain_gW + plain_gb):
        if p is None:
            assert g is None
        else:
            _close(g, p)


def _train(monkeypatch, blocks, net, X, Y, **kw):
    monkeypatch.setattr(nw, "_MIN_ELEMENTS", 0 if blocks else np.inf)
    assert nw._RowBlocks.worth_it(net, len(X)) is blocks
    return mc.train(net, X, Y, **kw)


def _history(hist, net):
    return [hist.loss, hist.accuracy, hist.grad_norm, hist.layer_grad_norms, hist.lr,
            *net.params.values()]


@pytest.fixture
def cores(monkeypatch):
    """``cores(n)`` fakes n cores: 1 is this process alone, n > 1 starts n - 1 helpers."""
    started = []

    def fake(n):
        monkeypatch.setattr(nw, "_HELPERS", None)
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(n)), raising=False)
        started.extend(nw._helpers())

    yield fake
    nw._stop_helpers(started)


def _training_run(monkeypatch, callback=None):
    X, Y = _data(301, 2, 2, seed=3)
    net = mc.MLP([2, 16, 8, 2], l2=0.01, seed=4)
    hist = _train(monkeypatch, True, net, X, Y, lr=0.5, steps=25, callback=callback,
                  lr_schedule=mc.StepDecay(0.5, every=10), clip_norm=0.05)
    return _history(hist, net)


def test_training_on_blocks_is_the_same_on_any_number_of_cores(monkeypatch, cores):
    monkeypatch.setattr(nw, "_BLOCK", 64)
    runs = []
    for n in (1, 2, 3):
        cores(n)
        assert len(nw._helpers()) == n - 1
        runs.append(_training_run(monkeypatch))
    for run in runs[1:]:
        for a, b in zip(run, runs[0]):
            np.testing.assert_array_equal(a, b)  # bit for bit


def _alone_then_one_helper(monkeypatch, cores):
    """A reference run on one core, then a second core's helper for the test to use."""
    monkeypatch.setattr(nw, "_BLOCK", 64)
    cores(1)
    alone = _training_run(monkeypatch)
    cores(2)
    (helper,) = nw._helpers()
    return alone, helper


def test_training_goes_on_without_a_helper_that_stops(monkeypatch, cores):
    alone, helper = _alone_then_one_helper(monkeypatch, cores)

    def stop_the_helper(step, net, loss):
        if step == 10:
            helper.process.kill()
            helper.process.wait()

    for a, b in zip(_training_run(monkeypatch, stop_the_helper), alone):
        np.testing.assert_array_equal(a, b)
    assert not helper.alive and nw._helpers() == []


def test_a_large_full_batch_trains_on_blocks_like_the_plain_methods(monkeypatch):
    X, Y = mc.data.noisy_xor(4096, seed=0)
    net = mc.MLP([2, 128, 2], seed=0)
    assert nw._RowBlocks.worth_it(net, len(X))  # the real threshold and block size
    plain, blocks = (_history(_train(monkeypatch, b, n, X, Y, lr=2.0, steps=30), n)
                     for b, n in ((False, net.copy()), (True, net.copy())))
    for a, b in zip(blocks, plain):
        np.testing.assert_allclose(a, b, rtol=1e-10)


def test_a_helper_skips_unread_answers_and_reports_its_errors(monkeypatch, cores):
    alone, helper = _alone_then_one_helper(monkeypatch, cores)
    X, Y = _data(301, 2, 2, seed=3)
    net = mc.MLP([2, 16, 8, 2], seed=4)
    blocks = nw._RowBlocks(net, X, Y)
    request = helper.ask(blocks._key, net._W, net._b, blocks._shares[1])
    helper.release(request)  # as if the step had been interrupted: the answer stays unread
    for a, b in zip(_training_run(monkeypatch), alone):
        np.testing.assert_array_equal(a, b)
    request = helper.ask(-1, net._W, net._b, blocks._shares[1])  # a key it does not know
    try:
        with pytest.raises(RuntimeError, match="helper process"):
            helper.answer(request)
    finally:
        helper.release(request)
    assert helper.alive


def test_divergence_on_blocks_is_reported_without_runtime_warnings(small_blocks):
    X, Y, _, _ = mc.data.article_xor()
    net = mc.MLP([2, 50, 2], activation="relu", output="identity", seed=0)
    assert nw._RowBlocks.worth_it(net, len(X))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the worker threads too
        with pytest.raises(mc.TrainingDiverged) as info:
            mc.train(net, X * 1e3, Y, lr=50.0, steps=1000)
    assert 0 < info.value.step < 1000
    assert np.all(np.isfinite(info.value.history.loss))


def test_minibatches_and_subclasses_keep_the_plain_methods(monkeypatch):
    monkeypatch.setattr(nw, "_MIN_ELEMENTS", 0)
    calls = []

    class Spy(mc.MLP):  # a subclass may change the math: it gets the plain methods
        def _forward(self, X):
            calls.append(len(X))
            return super()._forward(X)

    X, Y = mc.data.noisy_xor(30, seed=1)
    assert not nw._RowBlocks.worth_it(Spy([2, 4, 2], seed=0), len(X))
    mc.train(Spy([2, 4, 2], seed=0), X, Y, lr=0.1, steps=2)
    mc.train(Spy([2, 4, 2], seed=0), X, Y, lr=0.1, steps=2, batch_size=7, seed=0)
    assert calls == [30, 30, 7, 7]
    assert not nw._RowBlocks.worth_it(mc.MLP([2, 2], seed=0), 10**6)  # no hidden layer
