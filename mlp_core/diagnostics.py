"""Tools for debugging a network: measure the symptom before guessing the cure.

When training goes wrong the loss curve alone rarely says why. The functions
here look inside:

* :func:`layer_gradient_norms` and :func:`update_ratios`: how large each
  layer's gradient is, and how large a step it causes compared with the
  weights themselves (a healthy ratio is often quoted near ``1e-3``);
* :func:`saturated_fraction` (sigmoid, tanh) and :func:`dead_relu_fraction`
  (ReLU): hidden units whose derivative is (almost) zero, so no gradient
  flows through them;
* :func:`minibatch_gradient_noise`: how far a minibatch gradient is from the
  full-batch gradient, as a function of the batch size;
* :func:`summarize` and :func:`diagnose`: read a :class:`~mlp_core.History`
  and name the symptoms it shows (divergence, oscillation, a loss that
  barely moves, exploding or vanishing gradients);
* :func:`handwritten_gradients`: a from-scratch backward step for the
  one-hidden-layer sigmoid/MSE network, with optional deliberate bugs, to
  practise catching them with :func:`~mlp_core.gradcheck.gradient_check`.
"""

from __future__ import annotations

import math

import numpy as np

from . import _validate as v
from .network import MLP
from .training import History

#: The deliberate mistakes :func:`handwritten_gradients` can make.
BUGS = ("forgot_1_over_n", "forgot_sigmoid_derivative", "transposed")


def _check_net(net):
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an MLP, got {type(net).__name__}")


def _check_history(history):
    if not isinstance(history, History):
        raise TypeError(f"history must be a History (what mlp_core.train returns), "
                        f"got {type(history).__name__}")


# ------------------------------------------------------------ gradient sizes
def layer_gradient_norms(net: MLP, X, Y) -> np.ndarray:
    """The norm of ``dL/dW_i`` for each layer, first layer first.

    The same numbers :func:`~mlp_core.train` records per step in
    ``History.layer_grad_norms``, here for the network as it is now. If the
    first entries are orders of magnitude below the last, the gradient is
    vanishing on its way back; if they grow from step to step, it is exploding.
    """
    _check_net(net)
    g = net.gradients(X, Y)
    return np.array([np.linalg.norm(g[f"W{i}"]) for i in range(1, net.n_layers + 1)])


def update_ratios(net: MLP, X, Y, lr) -> np.ndarray:
    """``lr * |dL/dW_i| / |W_i|`` per layer: the relative size of the next update.

    A rule of thumb from the CS231n notes: around ``1e-3``. Far below, the
    weights hardly move (lr too small, or vanishing gradients); near 1 or
    above, each step rewrites the layer (lr too large).
    """
    _check_net(net)
    lr = v.check_real(lr, "lr", positive=True)
    g = net.gradients(X, Y)
    out = []
    for i in range(1, net.n_layers + 1):
        w = float(np.linalg.norm(net.params[f"W{i}"]))
        out.append(lr * float(np.linalg.norm(g[f"W{i}"])) / w if w > 0 else math.inf)
    return np.array(out)


# ----------------------------------------------------------- hidden units
def saturated_fraction(net: MLP, X, *, tol: float = 0.01) -> np.ndarray:
    """Per hidden layer, the fraction of activations stuck near the ends of their range.

    For sigmoid units (range 0 to 1) an activation counts as saturated when
    it is within ``tol`` of 0 or 1; for tanh (range -1 to 1) within
    ``2 * tol`` of -1 or 1 (the same place on the curve). There the
    derivative is nearly zero, so almost no gradient passes. The fraction is
    over all rows of ``X`` and all units of the layer.
    """
    _check_net(net)
    if net.activation not in ("sigmoid", "tanh"):
        raise ValueError(f"saturated_fraction needs activation 'sigmoid' or 'tanh', got "
                         f"{net.activation!r} (for ReLU use dead_relu_fraction)")
    tol = v.check_real(tol, "tol", positive=True)
    if tol >= 0.5:
        raise ValueError(f"tol must be below 0.5, got {tol}")
    cache = net.forward(X)
    out = []
    for i in range(1, net.n_layers):
        h = cache[f"h{i}"]
        u = h if net.activation == "sigmoid" else (h + 1.0) / 2.0  # position in the range, 0..1
        out.append(float(np.mean((u < tol) | (u > 1.0 - tol))))
    return np.array(out)


def dead_relu_fraction(net: MLP, X) -> np.ndarray:
    """Per hidden layer, the fraction of ReLU units that output 0 for every row of ``X``.

    A unit that is zero on every input has derivative zero on every input:
    its incoming weights never receive a gradient again, so it stays dead.
    """
    _check_net(net)
    if net.activation != "relu":
        raise ValueError(f"dead_relu_fraction needs activation 'relu', got {net.activation!r}")
    cache = net.forward(X)
    return np.array([float(np.mean(np.all(cache[f"h{i}"] <= 0.0, axis=0)))
                     for i in range(1, net.n_layers)])


# ------------------------------------------------------------ minibatches
def minibatch_gradient_noise(net: MLP, X, Y, batch_size, *, draws: int = 100, seed=0) -> float:
    """Average relative distance between a minibatch gradient and the full gradient.

    Draws ``draws`` random batches of ``batch_size`` rows (without
    replacement within a batch) and returns the mean of
    ``|g_batch - g_full| / |g_full|``, all parameters flattened into one
    vector. It shrinks as the batch grows (roughly like ``1/sqrt(batch_size)``
    for batches much smaller than ``N``) and is 0 at ``batch_size = N``.
    """
    _check_net(net)
    X, Y = net._check_XY(X, Y)
    N = X.shape[0]
    batch_size = v.check_int(batch_size, "batch_size")
    if not 1 <= batch_size <= N:
        raise ValueError(f"batch_size must be between 1 and the number of rows ({N}), got {batch_size}")
    draws = v.check_int(draws, "draws", minimum=1)
    rng = np.random.default_rng(v.check_seed(seed))

    def flat(g):
        return np.concatenate([g[k].ravel() for k in sorted(g)])

    full = flat(net.gradients(X, Y))
    scale = float(np.linalg.norm(full))
    if scale == 0.0:
        raise ValueError("the full-batch gradient is zero: there is no direction to estimate")
    total = 0.0
    for _ in range(draws):
        idx = rng.choice(N, size=batch_size, replace=False)
        total += float(np.linalg.norm(flat(net.gradients(X[idx], Y[idx])) - full))
    return total / draws / scale


# ------------------------------------------------------------- histories
def steps_to_accuracy(history: History, target: float):
    """The first step whose training accuracy is at least ``target``, or None if none is."""
    _check_history(history)
    target = v.check_real(target, "target")
    if not 0.0 <= target <= 1.0:
        raise ValueError(f"target must be between 0 and 1, got {target}")
    hits = np.flatnonzero(history.accuracy >= target)
    return int(hits[0]) if hits.size else None


def summarize(history: History) -> dict:
    """The numbers a debugging session looks at first, from one training run.

    * ``steps``, ``diverged_at``, ``reason``: how far it got (``diverged_at``
      is the first step whose loss was not finite);
    * ``first_loss``, ``last_loss``, ``loss_drop``: the relative decrease
      ``(first - last) / first``;
    * ``rising_fraction``: the share of steps after which the loss went *up*
      (gradient descent with a small enough lr almost never does that);
    * ``grad_norm_growth``: largest gradient norm divided by the first;
    * ``first_to_last_layer``: ``|dL/dW1| / |dL/dW_last|`` at the first step;
    * ``last_accuracy``.

    Values that cannot be computed (no steps, a zero denominator) are NaN.
    """
    _check_history(history)
    n = history.steps
    nan = math.nan
    out = {"steps": n, "diverged_at": history.diverged_at, "reason": history.reason,
           "first_loss": nan, "last_loss": nan, "loss_drop": nan, "rising_fraction": nan,
           "grad_norm_growth": nan, "first_to_last_layer": nan, "last_accuracy": nan}
    if n == 0:
        return out
    loss = history.loss
    first, last = float(loss[0]), float(loss[-1])
    out.update(first_loss=first, last_loss=last, last_accuracy=float(history.accuracy[-1]))
    with np.errstate(all="ignore"):
        if first > 0:
            out["loss_drop"] = (first - last) / first
        if n > 1:
            out["rising_fraction"] = float(np.mean(np.diff(loss) > 0))
        g0 = float(history.grad_norm[0])
        if g0 > 0:
            out["grad_norm_growth"] = float(np.max(history.grad_norm)) / g0
        lg = history.layer_grad_norms[0]
        if lg[-1] > 0:
            out["first_to_last_layer"] = float(lg[0] / lg[-1])
    return out


def diagnose(history: History, *, barely: float = 0.1, rising: float = 0.2,
             growth: float = 1e3, vanishing: float = 1e-2) -> list:
    """Name the symptoms a :class:`~mlp_core.History` shows, as short sentences.

    Thresholds (all keyword arguments):

    * ``barely``: a loss that fell by less than this fraction over the
      whole run "barely moved" (10% by default: a healthy run usually
      halves its loss or better);
    * ``rising``: the loss went up after more than this share of the steps;
    * ``growth``: the gradient norm grew by more than this factor;
    * ``vanishing``: ``|dL/dW1|`` below this fraction of the last layer's
      at the first step.

    A run that did not diverge but ended with a higher loss than it started
    is reported as "worse" instead of "stalled".

    Returns ``["no symptom found"]`` when none applies. The sentences name a
    likely cause; they are a starting point for the checks in the chapter
    on debugging, not a verdict.
    """
    s = summarize(history)
    barely = v.check_real(barely, "barely", minimum=0.0)
    rising = v.check_real(rising, "rising", minimum=0.0)
    growth = v.check_real(growth, "growth", positive=True)
    vanishing = v.check_real(vanishing, "vanishing", positive=True)
    found = []
    if s["diverged_at"] is not None:
        found.append(f"diverged: the loss stopped being finite at step {s['diverged_at']} "
                     "(lower lr, clip_norm, or check the gradient)")
    if s["grad_norm_growth"] > growth:
        found.append(f"exploding gradient: the gradient norm grew {s['grad_norm_growth']:.3g}-fold "
                     "(usually lr too large)")
    if s["rising_fraction"] > rising:
        found.append(f"oscillation: the loss rose after {100 * s['rising_fraction']:.0f}% of the steps "
                     "(lr probably too large)")
    if s["diverged_at"] is None and s["loss_drop"] < 0:
        found.append("worse: the loss ended higher than it started "
                     "(lr too large, dead units, or a wrong gradient)")
    elif s["diverged_at"] is None and s["loss_drop"] < barely:
        found.append(f"stalled: the loss fell by only {100 * s['loss_drop']:.2g}% "
                     "(lr too small, vanishing gradients, saturated or dead units)")
    if s["first_to_last_layer"] < vanishing:
        found.append(f"vanishing gradient: |dL/dW1| is {s['first_to_last_layer']:.2g} times the last "
                     "layer's (saturating activations, too many layers, or large weights)")
    return found or ["no symptom found"]


# ---------------------------------------------------- a gradient to check
def handwritten_gradients(net: MLP, X, Y, *, bug=None) -> dict:
    """Backpropagation written out by hand for a 1-hidden-layer sigmoid/MSE network.

    Without ``bug`` it equals ``net.gradients(X, Y)``. With ``bug`` it makes
    one classic mistake, so that :func:`~mlp_core.gradcheck.gradient_check` can be
    seen to catch it:

    * ``"forgot_1_over_n"``: the loss averages over N rows, the gradient
      forgets to (every parameter is off by a factor N);
    * ``"forgot_sigmoid_derivative"``: the hidden layer's ``h1 (1 - h1)``
      factor is left out (only the first layer's gradients are wrong);
    * ``"transposed"``: ``dL/dW2`` is computed as ``(h1^T delta2)^T``; with a
      non-square ``W2`` that has the wrong shape (a shape check catches it),
      with a square one only a gradient check does.
    """
    _check_net(net)
    if (net.n_layers != 2 or net.activation != "sigmoid" or net.output != "sigmoid"
            or net.loss_name != "mse" or net.l1):
        raise ValueError("handwritten_gradients needs a network with one hidden layer, "
                         "activation='sigmoid', output='sigmoid', loss='mse' and l1=0")
    if bug is not None:
        v.check_choice(bug, "bug", BUGS)
    X, Y = net._check_XY(X, Y)
    W1, W2 = net.params["W1"], net.params["W2"]
    N = X.shape[0]
    # forward: the network's own (only the backward step is written by hand here)
    cache = net.forward(X)
    h1, h2 = cache["h1"], cache["h2"]
    # backward
    dL_dh2 = (h2 - Y) if bug == "forgot_1_over_n" else (h2 - Y) / N
    delta2 = dL_dh2 * h2 * (1 - h2)
    gW2 = h1.T @ delta2 + net.l2 * W2 / N
    if bug == "transposed":
        gW2 = gW2.T
    dL_dh1 = delta2 @ W2.T
    delta1 = dL_dh1 if bug == "forgot_sigmoid_derivative" else dL_dh1 * h1 * (1 - h1)
    gW1 = X.T @ delta1 + net.l2 * W1 / N
    grads = {"W1": gW1, "W2": gW2}
    if net.bias:
        grads["b1"], grads["b2"] = delta1.sum(axis=0), delta2.sum(axis=0)
    return grads
