"""Tools for debugging a network: measure the symptom before guessing the
cure.

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
  and name the symptoms it shows (divergence, a steady rise, a zig-zag, noise,
  a loss that barely moves, exploding or vanishing gradients);
  :func:`loss_changes` reads the shape of a loss curve from the signs of its
  successive changes;
* :class:`StepLengths`: a training callback that measures how far each
  update moves the parameters (with ``clip_norm``, never more than
  ``lr * clip_norm``);
* the sanity checks to run *before* trusting a set-up, each taking a
  ``net_factory(seed)``: :func:`initial_loss_check` (against
  :func:`expected_initial_loss`), :func:`overfit_tiny_batch`,
  :func:`input_independent_baseline` (against :func:`best_constant_loss`),
  :func:`penalty_check`, :func:`train_validation_curves`,
  :func:`seed_spread`, and :func:`sanity_checks`, which runs them all;
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
        raise TypeError(
            f"history must be a History (what mlp_core.train returns), "
            f"got {type(history).__name__}"
        )


# ------------------------------------------------------------ gradient sizes
def layer_gradient_norms(net: MLP, X, Y) -> np.ndarray:
    """The norm of ``dL/dW_l`` for each layer ``l``, first layer first.

    The same numbers :func:`~mlp_core.train` records per step in
    ``History.layer_grad_norms``, here for the network as it is now. If the
    first entries are orders of magnitude below the last, the gradient is
    vanishing on its way back; if they grow from step to step, it is
    exploding.
    """
    _check_net(net)
    g = net.gradients(X, Y)
    return np.array(
        [np.linalg.norm(g[f"W{i}"]) for i in range(1, net.n_layers + 1)]
    )


def update_ratios(net: MLP, X, Y, lr) -> np.ndarray:
    """``lr * |dL/dW_l| / |W_l|`` per layer ``l``: the relative size of the
    next update.

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
        out.append(
            lr * float(np.linalg.norm(g[f"W{i}"])) / w if w > 0 else math.inf
        )
    return np.array(out)


# ----------------------------------------------------------- hidden units
def saturated_fraction(net: MLP, X, *, tol: float = 0.01) -> np.ndarray:
    """Per hidden layer, the fraction of activations stuck near the ends of
    their range.

    For sigmoid units (range 0 to 1) an activation counts as saturated when
    it is within ``tol`` of 0 or 1; for tanh (range -1 to 1) within
    ``2 * tol`` of -1 or 1 (the same place on the curve). There the
    derivative is nearly zero, so almost no gradient passes. The fraction is
    over all rows of ``X`` and all units of the layer.
    """
    _check_net(net)
    if net.activation not in ("sigmoid", "tanh"):
        raise ValueError(
            f"saturated_fraction needs activation 'sigmoid' or 'tanh', got "
            f"{net.activation!r} (for ReLU use dead_relu_fraction)"
        )
    tol = v.check_real(tol, "tol", positive=True)
    if tol >= 0.5:
        raise ValueError(f"tol must be below 0.5, got {tol}")
    cache = net.forward(X)
    out = []
    for i in range(1, net.n_layers):
        h = cache[f"h{i}"]
        # position in the range, 0..1
        u = h if net.activation == "sigmoid" else (h + 1.0) / 2.0
        out.append(float(np.mean((u < tol) | (u > 1.0 - tol))))
    return np.array(out)


def dead_relu_fraction(net: MLP, X) -> np.ndarray:
    """Per hidden layer, the fraction of ReLU units that output 0 for every
    row of ``X``.

    A unit that is zero on every input has derivative zero on every input:
    its incoming weights never receive a gradient again, so it stays dead.
    """
    _check_net(net)
    if net.activation != "relu":
        raise ValueError(
            "dead_relu_fraction needs activation 'relu', "
            f"got {net.activation!r}"
        )
    cache = net.forward(X)
    return np.array([float(np.mean(np.all(cache[f"h{i}"] <= 0.0, axis=0)))
                     for i in range(1, net.n_layers)])


# ------------------------------------------------------------ minibatches
def minibatch_gradient_noise(
    net: MLP, X, Y, batch_size, *, draws: int = 100, seed=0
) -> float:
    """Average relative distance between a minibatch gradient and the full
    gradient.

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
        raise ValueError(
            f"batch_size must be between 1 and the number of rows ({N}), "
            f"got {batch_size}"
        )
    draws = v.check_int(draws, "draws", minimum=1)
    rng = np.random.default_rng(v.check_seed(seed))

    def flat(g):
        return np.concatenate([g[k].ravel() for k in sorted(g)])

    full = flat(net.gradients(X, Y))
    scale = float(np.linalg.norm(full))
    if scale == 0.0:
        raise ValueError(
            "the full-batch gradient is zero: "
            "there is no direction to estimate"
        )
    total = 0.0
    for _ in range(draws):
        idx = rng.choice(N, size=batch_size, replace=False)
        total += float(
            np.linalg.norm(flat(net.gradients(X[idx], Y[idx])) - full)
        )
    return total / draws / scale


# ------------------------------------------------------------- histories
def steps_to_accuracy(history: History, target: float):
    """The first step whose training accuracy is at least ``target``, or
    None if none is.
    """
    _check_history(history)
    target = v.check_real(target, "target")
    if not 0.0 <= target <= 1.0:
        raise ValueError(f"target must be between 0 and 1, got {target}")
    hits = np.flatnonzero(history.accuracy >= target)
    return int(hits[0]) if hits.size else None


#: Changes of the loss smaller than this fraction of the loss count as no
#: change at all (rounding), when :func:`summarize` looks for rises and turns.
FLAT = 1e-10


def loss_changes(loss, *, window=None) -> dict:
    """Read the direction of every step of a loss curve: up, down, or flat.

    ``d[t] = loss[t+1] - loss[t]`` for the last ``window`` changes (all of
    them when ``window`` is None or longer than the curve). A change smaller
    than :data:`FLAT` times the loss is rounding and counts as flat.
    Returns:

    * ``changes``: how many changes were looked at;
    * ``rising_fraction``: the share of them that went *up*;
    * ``turning_fraction``: among the changes that were not flat, the share
      whose sign differs from the previous one's: the loss *turned*.

    The two numbers tell the shapes of a troubled curve apart. A steady
    rise goes up after almost every step and almost never turns
    (``turning_fraction`` near 0). A zig-zag, up, down, up, down, turns
    after almost every step (near 1). Independent noise on a trend, such as
    the loss of a different minibatch at every step, turns after about
    two steps in three: ``d[t]`` and ``d[t+1]`` share one noise term with
    opposite signs, which makes a turn likelier than not. A curve that
    climbs and falls in long stretches (waves, spikes) rises often but
    turns rarely. NaN when there is nothing to count.
    """
    try:
        loss = np.asarray(loss, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            "loss must be a 1-D array of numbers (one loss per step)"
        ) from None
    if loss.ndim != 1:
        raise ValueError(
            f"loss must be 1-D (one value per step), got shape {loss.shape}"
        )
    if window is not None:
        window = v.check_int(window, "window", minimum=1)
    d = np.diff(loss)
    scale = np.abs(loss[:-1])
    if window is not None:
        d, scale = d[-window:], scale[-window:]
    out = {
        "changes": int(d.size),
        "rising_fraction": math.nan,
        "turning_fraction": math.nan,
    }
    if d.size == 0:
        return out
    with np.errstate(invalid="ignore", over="ignore"):
        moved = np.abs(d) > FLAT * scale
    out["rising_fraction"] = float(np.mean(moved & (d > 0)))
    signs = np.sign(d[moved])
    if signs.size > 1:
        out["turning_fraction"] = float(np.mean(signs[1:] != signs[:-1]))
    return out


def summarize(history: History, *, window: int = 100) -> dict:
    """The numbers a debugging session looks at first, from one training run.

    * ``steps``, ``diverged_at``, ``reason``: how far it got (``diverged_at``
      is the first step whose loss was not finite);
    * ``first_loss``, ``last_loss``, ``loss_drop``: the relative decrease
      ``(first - last) / first``;
    * ``rising_fraction``: the share of steps after which the loss went *up*
      (gradient descent with a small enough lr almost never does that);
    * ``recent_rising_fraction`` and ``turning_fraction``: over the last
      ``window`` changes of the loss, the share that went up and the share
      after which the loss changed direction (see :func:`loss_changes`);
    * ``grad_norm_growth``: largest gradient norm divided by the first;
    * ``first_to_last_layer``: ``|dL/dW1| / |dL/dW_last|`` at the first step;
    * ``last_accuracy``.

    Values that cannot be computed (no steps, a zero denominator) are NaN.
    """
    _check_history(history)
    window = v.check_int(window, "window", minimum=1)
    n = history.steps
    nan = math.nan
    out = {
        "steps": n,
        "diverged_at": history.diverged_at,
        "reason": history.reason,
        "first_loss": nan,
        "last_loss": nan,
        "loss_drop": nan,
        "rising_fraction": nan,
        "recent_rising_fraction": nan,
        "turning_fraction": nan,
        "window": 0,
        "grad_norm_growth": nan,
        "first_to_last_layer": nan,
        "last_accuracy": nan,
    }
    if n == 0:
        return out
    loss = history.loss
    first, last = float(loss[0]), float(loss[-1])
    out.update(
        first_loss=first,
        last_loss=last,
        last_accuracy=float(history.accuracy[-1]),
    )
    recent = loss_changes(loss, window=window)
    out.update(
        window=recent["changes"],
        recent_rising_fraction=recent["rising_fraction"],
        turning_fraction=recent["turning_fraction"],
    )
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


def diagnose(
    history: History,
    *,
    barely: float = 0.1,
    rising: float = 0.2,
    steady: float = 0.9,
    alternating: float = 0.8,
    random_turns: float = 0.5,
    window: int = 100,
    growth: float = 1e3,
    vanishing: float = 1e-2,
) -> list:
    """Name the symptoms a :class:`~mlp_core.History` shows, as short
    sentences.

    How the loss moved over the last ``window`` steps (100 by default) is
    read from two numbers of :func:`loss_changes`: the share of changes
    that went up, and the share after which the loss turned. If it went up
    after more than ``rising`` of them (20%), the curve is one of four
    shapes:

    * **rising steadily**: up after more than ``steady`` (90%) of the
      steps: every step overshoots further, the run is diverging;
    * **oscillation**: a zig-zag, the loss turned after at least
      ``alternating`` (80%) of the steps: each step jumps across the
      valley to the other side;
    * **noisy**: it turned at random (between ``random_turns``, 50%, and
      ``alternating``; independent noise turns after about 2 steps in 3):
      the normal look of minibatch losses, a problem only with full batches;
    * **unstable**: it rose in stretches (it turned after fewer than
      ``random_turns`` of the steps): waves and spikes.

    The other thresholds:

    * ``barely``: a loss that fell by less than this fraction over the
      whole run "barely moved" (10% by default: a healthy run usually
      halves its loss or better);
    * ``growth``: the gradient norm grew by more than this factor;
    * ``vanishing``: ``|dL/dW1|`` below this fraction of the last layer's
      at the first step.

    A run that did not diverge but ended with a higher loss than it started
    is reported as "worse" instead of "stalled".

    Returns ``["no symptom found"]`` when none applies. The sentences name a
    likely cause; they are a starting point for the checks in the chapter
    on debugging, not a verdict.
    """
    barely = v.check_real(barely, "barely", minimum=0.0)
    rising = v.check_real(rising, "rising", minimum=0.0)
    steady = v.check_real(steady, "steady", minimum=0.0)
    alternating = v.check_real(alternating, "alternating", minimum=0.0)
    random_turns = v.check_real(random_turns, "random_turns", minimum=0.0)
    for name, value in (("steady", steady), ("alternating", alternating),
                        ("random_turns", random_turns)):
        if value > 1:
            raise ValueError(
                f"{name} must be a fraction between 0 and 1, got {value}"
            )
    if random_turns > alternating:
        raise ValueError(
            f"random_turns must not exceed alternating ({alternating}), "
            f"got {random_turns}"
        )
    growth = v.check_real(growth, "growth", positive=True)
    vanishing = v.check_real(vanishing, "vanishing", positive=True)
    s = summarize(history, window=window)
    found = []
    if s["diverged_at"] is not None:
        found.append(
            "diverged: the loss stopped being finite "
            f"at step {s['diverged_at']} "
            "(lower lr, clip_norm, or check the gradient)"
        )
    if s["grad_norm_growth"] > growth:
        found.append(
            "exploding gradient: the gradient norm grew "
            f"{s['grad_norm_growth']:.3g}-fold (usually lr too large)"
        )
    up, turns, w = (
        s["recent_rising_fraction"], s["turning_fraction"], s["window"]
    )
    if up > rising:
        last = f"of the last {w} steps"
        if up > steady:
            found.append(
                "rising steadily: "
                f"the loss rose after {100 * up:.0f}% {last}, "
                "each step overshooting further (diverging: lower lr)"
            )
        elif turns >= alternating:
            found.append(
                "oscillation: the loss changed direction "
                f"after {100 * turns:.0f}% {last}, up, down, up "
                "(the steps jump across the valley: lr too large)"
            )
        elif turns >= random_turns:
            found.append(
                f"noisy: the loss rose after {100 * up:.0f}% {last} "
                f"and turned at random ({100 * turns:.0f}%), "
                "like minibatch losses (with minibatches, "
                "judge by the loss on all rows; with full batches, "
                "lr too large)"
            )
        else:
            found.append(
                f"unstable: the loss rose after {100 * up:.0f}% {last}, "
                "in stretches: it climbs, spikes and falls back "
                "(lr at the edge of stability)"
            )
    if s["diverged_at"] is None and s["loss_drop"] < 0:
        found.append("worse: the loss ended higher than it started "
                     "(lr too large, dead units, or a wrong gradient)")
    elif s["diverged_at"] is None and s["loss_drop"] < barely:
        found.append(
            f"stalled: the loss fell by only {100 * s['loss_drop']:.2g}% "
            "(lr too small, vanishing gradients, saturated or dead units)"
        )
    if s["first_to_last_layer"] < vanishing:
        found.append(
            "vanishing gradient: "
            f"|dL/dW1| is {s['first_to_last_layer']:.2g} times "
            "the last layer's "
            "(saturating activations, too many layers, or large weights)"
        )
    return found or ["no symptom found"]


# ---------------------------------------------------- a gradient to check
def handwritten_gradients(net: MLP, X, Y, *, bug=None) -> dict:
    """Backpropagation written out by hand for a 1-hidden-layer sigmoid/MSE
    network.

    Without ``bug`` it equals ``net.gradients(X, Y)``. With ``bug`` it makes
    one classic mistake, so that
    :func:`~mlp_core.gradcheck.gradient_check` can be seen to catch it:

    * ``"forgot_1_over_n"``: the loss averages over N rows, the gradient
      forgets to (every parameter is off by a factor N);
    * ``"forgot_sigmoid_derivative"``: the hidden layer's ``h1 (1 - h1)``
      factor is left out (only the first layer's gradients are wrong);
    * ``"transposed"``: ``dL/dW2`` is computed as ``(h1^T delta2)^T``; with a
      non-square ``W2`` that has the wrong shape (a shape check catches it),
      with a square one only a gradient check does.
    """
    _check_net(net)
    if (
        net.n_layers != 2
        or net.activation != "sigmoid"
        or net.output != "sigmoid"
        or net.loss_name != "mse"
        or net.l1
    ):
        raise ValueError(
            "handwritten_gradients needs a network with one hidden layer, "
            "activation='sigmoid', output='sigmoid', loss='mse' and l1=0"
        )
    if bug is not None:
        v.check_choice(bug, "bug", BUGS)
    X, Y = net._check_XY(X, Y)
    W1, W2 = net.params["W1"], net.params["W2"]
    N = X.shape[0]
    # forward: the network's own (only the backward step is written by hand
    # here)
    cache = net.forward(X)
    h1, h2 = cache["h1"], cache["h2"]
    # backward
    dL_dh2 = (h2 - Y) if bug == "forgot_1_over_n" else (h2 - Y) / N
    delta2 = dL_dh2 * h2 * (1 - h2)
    gW2 = h1.T @ delta2 + net.l2 * W2 / N
    if bug == "transposed":
        gW2 = gW2.T
    dL_dh1 = delta2 @ W2.T
    delta1 = (
        dL_dh1
        if bug == "forgot_sigmoid_derivative"
        else dL_dh1 * h1 * (1 - h1)
    )
    gW1 = X.T @ delta1 + net.l2 * W1 / N
    grads = {"W1": gW1, "W2": gW2}
    if net.bias:
        grads["b1"], grads["b2"] = delta1.sum(axis=0), delta2.sum(axis=0)
    return grads


# ------------------------------------------------------------ step lengths
class StepLengths:
    """A :func:`~mlp_core.train` callback: how far each update moves.

    ``StepLengths(net)`` copies the parameters; after every update it
    records the length of the change, ``|theta_new - theta_old|`` with all
    weights and biases in one vector, and keeps the new values for the next
    step. ``lengths`` is the array of those lengths, one per update.

    Gradient descent moves by ``lr * |g|``; with ``clip_norm=c`` the
    gradient is first shortened to length ``c`` whenever it is longer, so
    no update can be longer than ``lr * c``. The lengths measured here are
    the way to see that bound hold (or a bug break it).
    """

    def __init__(self, net: MLP):
        _check_net(net)
        self._last = self._flat(net)
        self._lengths = []

    @staticmethod
    def _flat(net):
        return np.concatenate([p.ravel() for p in net.params.values()])

    def __call__(self, step, net, loss):
        now = self._flat(net)
        self._lengths.append(float(np.linalg.norm(now - self._last)))
        self._last = now

    @property
    def lengths(self) -> np.ndarray:
        """The length of every update so far, first update first."""
        return np.array(self._lengths)


# --------------------------------------------- sanity checks before training
# Each check takes a net_factory: a function seed -> MLP that builds a fresh,
# untrained network, so a check can draw as many networks as it needs.

def _check_factory(net_factory, seed=0) -> MLP:
    if not callable(net_factory):
        raise TypeError(
            f"net_factory must be callable as net_factory(seed) -> MLP, "
            f"got {type(net_factory).__name__}"
        )
    net = net_factory(seed)
    if not isinstance(net, MLP):
        raise TypeError(
            f"net_factory must return an MLP, got {type(net).__name__}"
        )
    return net


def _check_seeds(seeds) -> list:
    if isinstance(seeds, (int, str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(
            f"seeds must be a sequence of integers, got {seeds!r}"
        )
    seeds = [v.check_int(s, "seeds", minimum=0) for s in seeds]
    if not seeds:
        raise ValueError("seeds must contain at least one seed")
    return seeds


def data_loss(net: MLP, X, Y) -> float:
    """The loss without the weight penalty: only how far the outputs are
    from ``Y``.
    """
    _check_net(net)
    X, Y = net._check_XY(X, Y)
    with np.errstate(over="ignore", invalid="ignore"):
        zs, hs = net._forward(X)
    return float(net._data_loss(zs[-1], hs[-1], Y))


def expected_initial_loss(net: MLP, Y) -> float:
    """The loss a correctly built network starts near: its loss at ``z = 0``.

    Small initial weights make the output layer's pre-activations ``z``
    small, so every row's output is close to the output function at 0:
    1/2 for each sigmoid unit, 1/K for each of K softmax units, 0 for
    identity. The loss of that prediction is the value to expect before
    training (the data term; a penalty adds to it):

    * softmax + cross-entropy: ``-log(1/K) = log K``, whatever the labels
      (``log 2 = 0.693`` for two classes);
    * sigmoid + MSE with one-hot labels: every output is off by exactly
      1/2, so a row adds ``K (1/2)**2`` and ``L = K/8`` (``1/4`` for two);
    * sigmoid + binary cross-entropy: ``K log 2``;
    * identity + MSE: ``1/(2N) sum y**2`` (``1/2`` for one-hot labels).

    Computed from the network's own loss with ``z = 0``, so it holds for
    any targets ``Y``. A first loss far from this number means the network
    starts with large outputs: weights drawn too large, or a bug before
    the first step.
    """
    _check_net(net)
    Y = v.as_matrix(Y, "Y", width=net.layer_sizes[-1])
    z = np.zeros_like(Y)
    return float(net._data_loss(z, net._out(z), Y))


def initial_loss_check(net_factory, X, Y, *, seeds=range(5), tol=0.2) -> dict:
    """Sanity check 1: the loss before any training against its expected
    value.

    Builds ``net_factory(seed)`` for every seed and measures its data loss
    on ``X, Y`` (no step taken, penalty left out). Returns ``expected``
    (:func:`expected_initial_loss`), ``losses`` (one per seed), their
    ``mean`` and ``std``, ``worst`` (the largest relative deviation
    ``|loss - expected| / expected``) and ``passed``: every seed within
    ``tol`` of the expected value.
    """
    seeds = _check_seeds(seeds)
    tol = v.check_real(tol, "tol", positive=True)
    nets = [_check_factory(net_factory, s) for s in seeds]
    expected = expected_initial_loss(nets[0], Y)
    losses = np.array([data_loss(net, X, Y) for net in nets])
    worst = (
        float(np.max(np.abs(losses - expected)) / expected)
        if expected > 0
        else math.inf
    )
    return {
        "expected": expected,
        "losses": losses,
        "mean": float(losses.mean()),
        "std": float(losses.std()),
        "worst": worst,
        "passed": worst <= tol,
        "summary": (
            f"initial loss {losses.mean():.3g} +- {losses.std():.2g} over "
            f"{len(seeds)} seeds, expected {expected:.3g} (worst seed "
            f"{100 * worst:.0f}% off, allowed {100 * tol:.0f}%)"
        ),
    }


def overfit_tiny_batch(
    net_factory, X, Y, *, rows=8, lr, steps, seed=0, tol=0.01
) -> dict:
    """Sanity check 2: memorise a handful of points, or nothing else will
    work.

    Trains ``net_factory(seed)`` on the first ``rows`` rows only, full batch,
    for ``steps`` steps. A network with more parameters than there are
    points can fit them exactly, so the training accuracy must reach 1 and
    the loss must fall near zero: below ``tol`` times
    :func:`expected_initial_loss`. If it cannot, the problem is in the code
    (a wrong gradient, an update that does not reach the weights, labels
    that do not match the inputs), not in the data or the amount of
    training. Returns the ``history``, the trained ``net``, the final data
    ``loss`` and ``accuracy`` on those rows, and ``passed``.
    """
    from .training import accuracy, train

    rows = v.check_int(rows, "rows", minimum=1)
    tol = v.check_real(tol, "tol", positive=True)
    net = _check_factory(net_factory, v.check_int(seed, "seed", minimum=0))
    X, Y = net._check_XY(X, Y)
    if rows > len(X):
        raise ValueError(
            f"rows must be at most the number of rows of X ({len(X)}), "
            f"got {rows}"
        )
    Xs, Ys = X[:rows], Y[:rows]
    hist = train(net, Xs, Ys, lr=lr, steps=steps, on_divergence="stop")
    loss, acc = data_loss(net, Xs, Ys), accuracy(net, Xs, Ys)
    limit = tol * expected_initial_loss(net, Ys)
    return {
        "history": hist,
        "net": net,
        "loss": loss,
        "accuracy": acc,
        "passed": (not hist.diverged) and acc == 1.0 and loss < limit,
        "summary": (
            f"{rows} rows after {hist.steps} steps: accuracy {acc:.2f}, "
            f"loss {loss:.2g} (must be 1 and below {limit:.2g})"
        ),
    }


def _constant_loss(net: MLP, Y, p) -> float:
    """The data loss of predicting the row ``p`` for every row of ``Y``."""
    N = Y.shape[0]
    if net.loss_name == "mse":
        diff = Y - p
        return float(np.vdot(diff, diff)) / (2 * N)

    def ylogp(y, q):  # y * log(q), with 0 * log(0) = 0
        return y * np.log(np.where(q > 0, q, 1.0))

    if net.output == "softmax":
        return -float(ylogp(Y, p).sum()) / N
    return -float((ylogp(Y, p) + ylogp(1.0 - Y, 1.0 - p)).sum()) / N


def best_constant_loss(net: MLP, Y) -> float:
    """The lowest data loss of a prediction that is the same for every row.

    A model that ignores its inputs can do no better than predict one
    fixed row for every observation, and the best fixed row is the average
    label ``ybar`` (the class frequencies), both for MSE and for
    cross-entropy. So the floor is ``1/(2N) sum (y - ybar)**2`` for MSE
    (for two one-hot classes with frequencies ``ybar_1`` and ``ybar_2``:
    ``ybar_1 * ybar_2``, 1/4 when balanced) and the entropy of the class
    frequencies for cross-entropy (``log 2`` when balanced). A trained
    network that does not beat this number has learnt nothing from ``X``.
    """
    _check_net(net)
    Y = v.as_matrix(Y, "Y", width=net.layer_sizes[-1])
    return _constant_loss(net, Y, Y.mean(axis=0))


def input_independent_baseline(
    net_factory, X, Y, *, lr, steps, seed=0, margin=0.5
) -> dict:
    """Sanity check 3: train once without the inputs, once with them; compare.

    Two networks from ``net_factory(seed)`` (the same initial weights) are
    trained alike, one on ``X`` and one on zeros shaped like ``X``. The
    second cannot see the inputs, so its final loss (``baseline_loss``)
    approaches :func:`best_constant_loss` (``floor``) from above; it is the
    score of a model that only learnt the class frequencies. The real
    model's loss (``model_loss``) must beat the floor clearly: ``passed``
    when it is below ``margin`` times the floor. If it does not, the inputs
    are not reaching the network (a preprocessing bug), or carry no
    information about the labels.
    """
    from .training import train

    margin = v.check_real(margin, "margin", positive=True)
    seed = v.check_int(seed, "seed", minimum=0)
    net, blind = _check_factory(net_factory, seed), _check_factory(
        net_factory, seed
    )
    X, Y = net._check_XY(X, Y)
    model_hist = train(net, X, Y, lr=lr, steps=steps, on_divergence="stop")
    blind_hist = train(
        blind, np.zeros_like(X), Y, lr=lr, steps=steps, on_divergence="stop"
    )
    floor = best_constant_loss(net, Y)
    model_loss = data_loss(net, X, Y)
    baseline_loss = data_loss(blind, np.zeros_like(X), Y)
    return {
        "floor": floor,
        "baseline_loss": baseline_loss,
        "model_loss": model_loss,
        "net": net,
        "baseline_net": blind,
        "history": model_hist,
        "baseline_history": blind_hist,
        "passed": (not model_hist.diverged) and model_loss < margin * floor,
        "summary": (
            f"loss {model_loss:.3g} with the inputs, "
            f"{baseline_loss:.3g} with zeros instead "
            f"(floor {floor:.3g}; must be below {margin:g} x floor)"
        ),
    }


def penalty_check(net_factory, X, Y, *, l2=1.0, seed=0, rtol=1e-9) -> dict:
    """Sanity check 4: the L2 penalty adds exactly ``l2/(2N) sum W**2``.

    Measures the loss of ``net_factory(seed)`` twice with the same weights:
    without any penalty and with ``l2``. The rise must equal the penalty
    written out here on its own, ``l2 / (2N)`` times the sum of the squares
    of every weight matrix (biases excluded). A different rise means the
    penalty in the loss is not the one the gradient assumes: the wrong
    scale (a missing ``1/N``), the biases penalised, or no penalty at all.
    Returns ``without``, ``with``, ``rise``, ``expected`` and ``passed``.
    """
    l2 = v.check_real(l2, "l2", positive=True)
    net = _check_factory(net_factory, v.check_int(seed, "seed", minimum=0))
    X, Y = net._check_XY(X, Y)
    plain, penalised = net.copy(), net.copy()
    plain.l2 = plain.l1 = 0.0
    penalised.l2, penalised.l1 = l2, 0.0
    without, with_ = plain.loss(X, Y), penalised.loss(X, Y)
    weights = [W for k, W in net.params.items() if k.startswith("W")]
    squares = sum(float(np.sum(W ** 2)) for W in weights)
    expected = l2 / (2 * len(X)) * squares
    rise = with_ - without
    return {"without": without, "with": with_, "rise": rise,
            "expected": expected,
            "passed": bool(np.isclose(rise, expected, rtol=rtol, atol=0.0)),
            "summary": f"l2 = {l2:g} raises the initial loss by "
                       f"{rise:.6g}; l2/(2N) sum W^2 = {expected:.6g}"}


def train_validation_curves(
    net: MLP,
    X_train,
    Y_train,
    X_val,
    Y_val,
    *,
    lr,
    steps,
    every=10,
    **train_kwargs,
) -> dict:
    """Sanity check 5: the loss on held-out rows, next to the training loss.

    Trains ``net`` in place on ``X_train, Y_train`` (other keywords go to
    :func:`~mlp_core.train`) and measures the data loss and the accuracy on
    both sets before training and after every ``every``-th update. The
    training loss alone cannot tell learning from memorising; the
    validation rows, never used for an update, can: while both fall the
    network is learning something general, a widening gap between them is
    overfitting, and a validation loss that turns up is the moment
    to stop. Returns ``steps`` (the numbers of updates made at each
    measurement), ``train_loss``, ``val_loss``, ``train_accuracy``,
    ``val_accuracy`` and the ``history``.
    """
    from .training import accuracy, train

    _check_net(net)
    X_train, Y_train = net._check_XY(X_train, Y_train)
    X_val = v.as_matrix(X_val, "X_val", width=net.layer_sizes[0])
    Y_val = v.as_matrix(Y_val, "Y_val", width=net.layer_sizes[-1])
    v.check_rows(X_val, Y_val, "X_val", "Y_val")
    every = v.check_int(every, "every", minimum=1)
    if "callback" in train_kwargs:
        raise TypeError("train_validation_curves sets the callback itself")
    out = {
        "steps": [],
        "train_loss": [],
        "val_loss": [],
        "train_accuracy": [],
        "val_accuracy": [],
    }

    def measure(done, current):
        out["steps"].append(done)
        out["train_loss"].append(data_loss(current, X_train, Y_train))
        out["val_loss"].append(data_loss(current, X_val, Y_val))
        out["train_accuracy"].append(accuracy(current, X_train, Y_train))
        out["val_accuracy"].append(accuracy(current, X_val, Y_val))

    def callback(step, current, loss):
        if (step + 1) % every == 0:
            measure(step + 1, current)

    measure(0, net)
    hist = train(net, X_train, Y_train, lr=lr, steps=steps, callback=callback,
                 on_divergence="stop", **train_kwargs)
    out = {k: np.array(a) for k, a in out.items()}
    out["history"] = hist
    return out


def seed_spread(
    net_factory,
    X,
    Y,
    *,
    lr,
    steps,
    seeds=range(5),
    X_val=None,
    Y_val=None,
    **train_kwargs,
) -> dict:
    """Sanity check 6: one run is an anecdote; train from several seeds.

    Trains ``net_factory(seed)`` for every seed with the same settings and
    returns, per seed, the final data loss and accuracy on the training
    rows (``final_loss``, ``final_accuracy``) and, when validation rows are
    given, on those (``val_loss``, ``val_accuracy``), with ``mean`` and
    ``std`` of each. A difference between two settings that is smaller
    than this spread is not a difference: compare means, and show the
    spread.
    """
    from .training import accuracy, train

    seeds = _check_seeds(seeds)
    if (X_val is None) != (Y_val is None):
        raise ValueError("give both X_val and Y_val, or neither")
    out = {"seeds": np.array(seeds), "final_loss": [], "final_accuracy": []}
    if X_val is not None:
        out["val_loss"], out["val_accuracy"] = [], []
    for s in seeds:
        net = _check_factory(net_factory, s)
        train(
            net,
            X,
            Y,
            lr=lr,
            steps=steps,
            on_divergence="stop",
            **train_kwargs,
        )
        out["final_loss"].append(data_loss(net, X, Y))
        out["final_accuracy"].append(accuracy(net, X, Y))
        if X_val is not None:
            out["val_loss"].append(data_loss(net, X_val, Y_val))
            out["val_accuracy"].append(accuracy(net, X_val, Y_val))
    keys = [k for k in out if k != "seeds"]
    for k in keys:
        out[k] = np.array(out[k])
    out["mean"] = {k: float(np.mean(out[k])) for k in keys}
    out["std"] = {k: float(np.std(out[k])) for k in keys}
    return out


def sanity_checks(
    net_factory,
    X,
    Y,
    *,
    lr,
    steps,
    seeds=range(5),
    rows=8,
    l2=1.0,
    val_fraction=0.3,
    split_seed=0,
    margin=0.5,
) -> dict:
    """All six checks, before trusting a network or a training set-up.

    The order follows Karpathy's recipe and the CS231n notes: (1) the loss
    at initialisation, (2) overfitting a tiny batch, (3) beating an
    input-independent baseline, (4) the penalty raising the initial loss,
    (5) training against validation curves on a held-out part of ``X``
    (``val_fraction`` of the rows, split with
    :func:`mlp_core.data.split`), (6) the spread over ``seeds``. Training
    runs use ``lr`` and ``steps``. Returns ``{name: result}``; every result
    has ``passed`` and a one-line ``summary``. Checks 3, 5 and 6 compare a
    loss with the floor of a prediction that ignores the inputs and pass
    when it is below ``margin`` times that floor: the final training loss
    (3), the final validation loss against the constant prediction learnt
    from the training rows (5), and every seed's final training loss (6).
    """
    from .data import split

    seeds = _check_seeds(seeds)
    margin = v.check_real(margin, "margin", positive=True)
    net = _check_factory(net_factory, seeds[0])
    X, Y = net._check_XY(X, Y)
    X_tr, Y_tr, X_val, Y_val = split(
        X, Y, test_fraction=val_fraction, seed=split_seed
    )
    out = {
        "initial loss": initial_loss_check(net_factory, X, Y, seeds=seeds),
        "tiny batch": overfit_tiny_batch(
            net_factory, X, Y, rows=rows, lr=lr, steps=steps, seed=seeds[0]
        ),
        "baseline": input_independent_baseline(
            net_factory,
            X,
            Y,
            lr=lr,
            steps=steps,
            seed=seeds[0],
            margin=margin,
        ),
        "penalty": penalty_check(net_factory, X, Y, l2=l2, seed=seeds[0]),
    }
    curves = train_validation_curves(
        net,
        X_tr,
        Y_tr,
        X_val,
        Y_val,
        lr=lr,
        steps=steps,
        every=max(1, steps // 50),
    )
    val_floor = _constant_loss(net, Y_val, Y_tr.mean(axis=0))
    curves["floor"] = val_floor
    curves["passed"] = bool(curves["val_loss"][-1] < margin * val_floor)
    curves["summary"] = (
        f"after {steps} steps: training loss {curves['train_loss'][-1]:.3g}, "
        f"validation loss {curves['val_loss'][-1]:.3g} (lowest "
        f"{curves['val_loss'].min():.3g}; must be below {margin:g} x "
        f"{val_floor:.3g}, a constant prediction's)"
    )
    out["validation"] = curves
    spread = seed_spread(net_factory, X, Y, lr=lr, steps=steps, seeds=seeds)
    floor = best_constant_loss(net, Y)
    spread["passed"] = bool(np.all(spread["final_loss"] < margin * floor))
    spread["summary"] = (
        f"final loss {spread['mean']['final_loss']:.3g} +- "
        f"{spread['std']['final_loss']:.2g}, accuracy "
        f"{spread['mean']['final_accuracy']:.3f} +- "
        f"{spread['std']['final_accuracy']:.2g} over {len(seeds)} seeds "
        f"(each loss must be below {margin:g} x {floor:.3g})"
    )
    out["seeds"] = spread
    return out
