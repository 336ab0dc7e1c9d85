"""The exercise checks of the chapters on the forward step, the loss and the training loop."""

import numpy as np
import pytest

import mlp_core as mc
from mlp_core.exercises import forward as fw
from mlp_core.exercises import loss as ls
from mlp_core.exercises import training as tr

CHECKS = [fw.check_h1, fw.check_first_wrong, fw.check_zero_weights,
          ls.check_loss_with_l2, ls.check_buggy_mse, ls.check_cross_entropy,
          tr.check_one_step, tr.check_steps_below, tr.check_repaired_loop]


def _lines(capsys):
    return capsys.readouterr().out.splitlines()


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_unanswered_prints_a_reminder_and_returns_none(check, capsys):
    for empty in (..., None):
        assert check(empty) is None          # no stray False on the page
        out = _lines(capsys)
        assert len(out) == 1 and out[0].startswith("No answer yet")


@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("nonsense", ["nonsense", 3, (1, 2, 3), [[1.0, 2.0]], True,
                                      np.zeros((7, 7))])
def test_nonsense_is_false_never_raises_and_fits_the_page(check, nonsense, capsys):
    assert check(nonsense) is False
    out = _lines(capsys)
    assert out and out[0].startswith("Not yet: ")
    assert all(len(line) <= 78 for line in out), out


def test_forward_checks():
    X, y, W1, W2 = mc.data.worked_example()
    h1 = 1 / (1 + np.exp(-(np.array([[1.0, -1.0]]) @ W1)))
    assert fw.check_h1(h1) and fw.check_h1(h1[0])
    assert not fw.check_h1(np.array([[1.0, -1.0]]) @ W1)      # forgot the sigmoid
    assert fw.check_zero_weights([[0.5, 0.5]]) and fw.check_zero_weights([0.5, 0.5])
    assert not fw.check_zero_weights([[0.0, 0.0]])
    assert fw.check_first_wrong("h1") and fw.check_first_wrong(" H1 ")
    for name in ("z1", "z2", "h2"):
        assert not fw.check_first_wrong(name)


def test_buggy_forward_has_exactly_the_planted_bug():
    X, _, W1, W2 = mc.data.worked_example()
    right = mc.MLP.from_weights([W1, W2]).forward(X)
    wrong = fw.buggy_forward(X, W1, W2)
    assert set(wrong) == set(right) == set(fw.STAGES)
    np.testing.assert_array_equal(wrong["z1"], right["z1"])
    np.testing.assert_allclose(wrong["h1"], 1 - right["h1"], rtol=1e-12)
    # downstream of h1 everything is computed correctly from the wrong h1
    np.testing.assert_allclose(wrong["z2"], wrong["h1"] @ W2, rtol=1e-15)
    np.testing.assert_allclose(wrong["h2"], mc.activations.sigmoid(wrong["z2"]), rtol=1e-12)
    # a range check cannot see the bug
    assert all(np.all((0 < wrong[k]) & (wrong[k] < 1)) for k in ("h1", "h2"))
    assert fw.first_wrong_stage() == "h1"


def test_loss_checks():
    X, y, W1, W2 = mc.data.worked_example()
    L = mc.MLP.from_weights([W1, W2]).loss(X, y)
    with_l2 = L + 0.1 / 2 * (np.sum(W1**2) + np.sum(W2**2))
    assert ls.check_loss_with_l2(with_l2)
    assert not ls.check_loss_with_l2(L)
    assert not ls.check_loss_with_l2(L + 0.1 * (np.sum(W1**2) + np.sum(W2**2)))
    assert ls.check_cross_entropy(-np.log(0.8))
    assert not ls.check_cross_entropy(-np.log(0.2))
    assert ls.check_buggy_mse((False, True)) and ls.check_buggy_mse((np.False_, np.True_))
    for wrong in [(True, True), (True, False), (False, False), [False, True], (0, 1)]:
        assert not ls.check_buggy_mse(wrong)


def test_chapter_checks_tell_the_two_bugs_apart():
    assert ls.chapter_checks(mc.losses.mse) == (True, True)
    assert ls.chapter_checks(ls.buggy_mse) == (False, True)       # divides by 2N*K

    def no_average(h, Y):                                        # forgets the 1/N
        return 0.5 * float(np.sum((h - Y) ** 2))

    assert ls.chapter_checks(no_average) == (True, False)
    X, y, W1, W2 = mc.data.worked_example()
    h2 = mc.MLP.from_weights([W1, W2]).predict(X)
    np.testing.assert_allclose(ls.buggy_mse(h2, y), mc.losses.mse(h2, y) / 2, rtol=1e-14)


def test_training_checks():
    X, y = mc.data.xor()
    fresh = mc.MLP([2, 3, 2], seed=0)
    W1 = fresh.params["W1"] - 0.5 * fresh.gradients(X, y)["W1"]
    assert tr.check_one_step(W1)
    assert not tr.check_one_step(fresh.params["W1"] - 2.0 * fresh.gradients(X, y)["W1"])
    h = mc.train(mc.MLP([2, 3, 2], seed=1), X, y, lr=2.0, steps=2000)
    first = int(np.argmax(h.loss < 0.1))
    assert tr.check_steps_below(first)
    assert not tr.check_steps_below(first + 1) and not tr.check_steps_below(float(first))


def test_buggy_train_never_moves_and_a_repair_passes(capsys):
    X, y = mc.data.xor()
    net = mc.MLP([2, 3, 2], seed=0)
    start = {k: p.copy() for k, p in net.params.items()}
    losses = tr.buggy_train(net, X, y, 2.0, 100)
    assert losses.shape == (100,) and np.all(losses == losses[0])
    assert all(np.array_equal(net.params[k], start[k]) for k in start)
    assert tr.check_repaired_loop(tr.buggy_train) is False

    def repaired(net, X, y, lr, steps):
        out = []
        for _ in range(steps):
            L, g = net.loss_and_gradients(X, y)
            out.append(L)
            for name, p in net.params.items():
                p -= lr * g[name]
        return np.array(out)

    assert tr.check_repaired_loop(repaired)

    def weights_right_losses_late(net, X, y, lr, steps):   # records after the update
        repaired(net, X, y, lr, steps)
        return mc.train(net.copy(), X, y, lr=lr, steps=steps).loss

    assert tr.check_repaired_loop(weights_right_losses_late) is False

    def broken(net, X, y, lr, steps):
        raise ValueError("oops")

    capsys.readouterr()
    assert tr.check_repaired_loop(broken) is False
    assert "ValueError: oops" in capsys.readouterr().out
