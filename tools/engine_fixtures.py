"""Write the conformance fixtures of the browser engine (web/playground/engine.js).

Run:  python tools/engine_fixtures.py _build/engine-fixtures.json
then: node --test tests/js/

Every number in the file is computed by mlp_core itself (this script only
builds networks and data, calls mlp_core and records what it returns), so
``tests/js/engine.test.js`` checks the JavaScript mirror against the
Python original: forward caches, losses, gradients, whole training
trajectories and final parameters, to a relative error below 1e-12.

The cases:

* ``network``: every hidden activation x valid (output, loss) pair x
  penalty (none, l2, l1, both) x bias, on a [3, 4, 3, 2] network and 7 rows;
  then zero hidden layers ([2, 2]), ReLU exactly at 0 (its derivative is 0
  there), large inputs (|z| ~ 1e3, the stable formulas), gradient clipping,
  minibatches (with the epochs' orders NumPy drew, replayed here to check
  them), a diverging run, and the original article's network with its wrong
  gradient and with the correct one;
* ``bricks``: one observation's chapter quantities (z, h, L, the deltas,
  the gradients), the article's worked example first;
* ``init``: the statistics of mlp_core's initial weights per scheme (the
  generators differ, so the JavaScript test compares statistics only);
* ``geometry``, ``split_sizes``, ``xor``: mlp_core.data's conventions
  (``spiral`` and ``blobs`` without noise, the sizes ``split`` gives);
* ``features``: the playground's input features (mlp_core.playground.features).

The output is deterministic: the same bytes on every run (seeds are fixed,
floats are written with ``repr``, nothing depends on the clock).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import numpy as np

import mlp_core as mc
from mlp_core import article, losses, playground

HIDDEN = ["sigmoid", "tanh", "relu", "identity"]
PAIRS = [("sigmoid", "mse"), ("sigmoid", "cross_entropy"), ("softmax", "mse"),
         ("softmax", "cross_entropy"), ("identity", "mse")]
PENALTIES = {"none": (0.0, 0.0), "l2": (0.1, 0.0), "l1": (0.0, 0.05), "both": (0.1, 0.05)}
SIZES = [3, 4, 3, 2]
ROWS = 7
STEPS = 50
LR = 0.2


def nested(a):
    """An array (or a dict of arrays) as nested lists of Python floats."""
    if isinstance(a, dict):
        return {k: nested(v) for k, v in a.items()}
    return np.asarray(a, dtype=float).tolist()


def toy_data(seed: int, n_in: int, n_out: int, rows: int = ROWS, scale: float = 1.0):
    """``rows`` standard-normal inputs (times ``scale``) and balanced one-hot labels."""
    rng = np.random.default_rng(seed)
    X = scale * rng.standard_normal((rows, n_in))
    labels = rng.permutation(np.arange(rows) % n_out)
    return X, mc.data.one_hot(labels, n_out)


def weights(net) -> list:
    """The network's weight matrices W1, W2, ... (the live arrays of ``net.params``)."""
    return [net.params[f"W{i}"] for i in range(1, net.n_layers + 1)]


def options(net) -> dict:
    return {"activation": net.activation, "output": net.output, "loss": net.loss_name,
            "l2": net.l2, "l1": net.l1, "bias": net.bias}


def epoch_orders(seed: int, rows: int, batch_size: int, steps: int):
    """The row orders ``mc.train(..., seed=seed)`` uses: one ``permutation(rows)`` per epoch."""
    per_epoch = -(-rows // batch_size)
    rng = np.random.default_rng(seed)
    return [rng.permutation(rows) for _ in range(-(-steps // per_epoch))]


def replay(net, X, Y, orders, *, lr, steps, batch_size, clip_norm):
    """The losses of ``steps`` updates, each ``mc.train`` on one batch taken from ``orders``."""
    per_epoch = -(-X.shape[0] // batch_size)
    out = []
    for t in range(steps):
        pos = (t % per_epoch) * batch_size
        idx = orders[t // per_epoch][pos:pos + batch_size]
        out.append(mc.train(net, X[idx], Y[idx], lr=lr, steps=1, clip_norm=clip_norm).loss[0])
    return np.array(out)


def network_case(name, net, X, Y, *, gradient="correct", lr=LR, steps=STEPS, batch_size=None,
                 seed=None, clip_norm=None, diverges=False):
    """What mlp_core computes for ``net`` on ``(X, Y)``, then while training it in place."""
    initial = net.copy()
    case = {
        "kind": "network", "name": name, "layer_sizes": net.layer_sizes, "options": options(net),
        "gradient": gradient, "params": nested(net.params), "X": nested(X), "Y": nested(Y),
        "forward": nested(net.forward(X)), "loss": net.loss(X, Y),
        "gradients": nested(net.gradients(X, Y)), "accuracy": mc.accuracy(net, X, Y),
    }
    hist = mc.train(net, X, Y, lr=lr, steps=steps, batch_size=batch_size, clip_norm=clip_norm,
                    seed=seed, on_divergence="stop" if diverges else "raise")
    assert hist.diverged == diverges, f"{name}: diverged={hist.diverged}, expected {diverges}"
    orders = None
    if batch_size is not None:
        orders = epoch_orders(seed, X.shape[0], batch_size, steps)
        again = replay(initial, X, Y, orders, lr=lr, steps=steps, batch_size=batch_size,
                       clip_norm=clip_norm)
        assert np.array_equal(again, hist.loss), f"{name}: the replayed orders give other losses"
        for key, value in initial.params.items():
            assert np.array_equal(value, net.params[key]), f"{name}: replay ends elsewhere ({key})"
        orders = [o.tolist() for o in orders]
    if clip_norm is not None:
        assert np.any(hist.grad_norm > clip_norm), f"{name}: clip_norm={clip_norm} never clips"
    case["train"] = {
        "lr": lr, "steps": steps, "batch_size": batch_size, "clip_norm": clip_norm, "orders": orders,
        "loss": nested(hist.loss), "accuracy": nested(hist.accuracy),
        "grad_norm": nested(hist.grad_norm), "diverged_at": hist.diverged_at,
        "final": nested(net.params),
    }
    return case


def at_kink(net, X) -> bool:
    """Whether some z is exactly 0 with a non-zero input row (where relu'(0) is a convention).

    Rows of zeros (a ReLU layer below that is off for that row, no biases)
    give z = 0 too, but there the convention changes nothing: the input is 0.
    """
    cache = net.forward(X)
    inputs = [X] + [cache[f"h{i}"] for i in range(1, net.n_layers)]
    return any(np.any((cache[f"z{i + 1}"] == 0) & np.any(h != 0, axis=1, keepdims=True))
               for i, h in enumerate(inputs))


def combination_cases():
    cases, seed = [], 100
    for activation in HIDDEN:
        for output, loss in PAIRS:
            for penalty, (l2, l1) in PENALTIES.items():
                for bias in (True, False):
                    seed += 1
                    net = mc.MLP(SIZES, activation=activation, output=output, loss=loss,
                                 l2=l2, l1=l1, bias=bias, seed=seed)
                    X, Y = toy_data(seed, SIZES[0], SIZES[-1])
                    if activation == "relu":
                        assert not at_kink(net, X), name
                    name = f"{activation}-{output}-{loss}-{penalty}-{'bias' if bias else 'nobias'}"
                    cases.append(network_case(name, net, X, Y))
    return cases


def special_cases():
    cases = []
    # Zero hidden layers: the output layer alone (logistic or softmax regression).
    for k, (output, loss) in enumerate(PAIRS):
        net = mc.MLP([2, 2], output=output, loss=loss, l2=0.1, l1=0.05, seed=500 + k)
        X, Y = toy_data(500 + k, 2, 2)
        cases.append(network_case(f"zero-hidden-{output}-{loss}", net, X, Y))

    # ReLU exactly at its kink: the first row gives z1[0, 0] = 0.5 - 0.5 + 0 = 0 exactly
    # with a non-zero input, so dL/dW1 depends on relu'(0) (0 by mlp_core's convention).
    base = mc.MLP(SIZES, activation="relu", output="softmax", loss="cross_entropy", seed=600)
    W = [w.copy() for w in weights(base)]
    W[0][:, 0] = [0.5, -0.5, 0.25]
    net = mc.MLP.from_weights(W, None, activation="relu", output="softmax", loss="cross_entropy")
    X, Y = toy_data(600, 3, 2)
    X[0] = [1.0, 1.0, 0.0]
    assert net.forward(X)["z1"][0, 0] == 0.0 and at_kink(net, X)
    cases.append(network_case("relu-exactly-at-zero", net, X, Y))

    # Large inputs: |z| of order 1e3 in every layer (saturated tanh, sigmoid and softmax,
    # cross-entropy of very confident predictions; exp(1e3) overflows, so a naive formula
    # gives inf or NaN). The seed is the first whose smallest |z| is at least 30, so
    # every tanh is exactly +-1 in both languages, and whose output layer has z beyond +-800.
    for k, (output, loss) in enumerate(PAIRS):
        seed = 700 + 10 * k
        while True:
            X, Y = toy_data(seed, 3, 2, scale=1e3)
            base = mc.MLP(SIZES, activation="tanh", seed=seed)
            W = [w * scale for w, scale in zip(weights(base), (1.0, 1e3, 4e3))]
            b = [np.full(w.shape[1], 3.0) for w in W]
            net = mc.MLP.from_weights(W, b, activation="tanh", output=output, loss=loss, l2=1e-6)
            zs = [z for k2, z in net.forward(X).items() if k2[0] == "z"]
            if (min(float(np.abs(z).min()) for z in zs) >= 30
                    and all(float(np.abs(z).max()) >= 1e3 for z in zs)
                    and zs[-1].min() < -800 and zs[-1].max() > 800):
                break
            seed += 1
        assert math.isfinite(net.loss(X, Y))
        lr = 1e-3 if output == "identity" else LR  # MSE on outputs of size 1e3
        cases.append(network_case(f"large-inputs-{output}-{loss}", net, X, Y, lr=lr))

    # Gradient clipping: clip_norm at half the first step's norm.
    net = mc.MLP(SIZES, activation="tanh", output="softmax", loss="cross_entropy", l2=0.1, seed=800)
    X, Y = toy_data(800, 3, 2)
    first = mc.train(net.copy(), X, Y, lr=LR, steps=1).grad_norm[0]
    cases.append(network_case("clipping", net, X, Y, lr=1.0, clip_norm=0.5 * float(first)))

    # Minibatches: 7 rows in batches of 3 (3, 3 and 1 rows per epoch), with and without clipping.
    net = mc.MLP(SIZES, activation="tanh", output="softmax", loss="cross_entropy", l2=0.1, l1=0.05,
                 seed=900)
    X, Y = toy_data(900, 3, 2)
    cases.append(network_case("minibatch", net, X, Y, batch_size=3, seed=11))
    net = mc.MLP(SIZES, activation="relu", output="sigmoid", loss="mse", bias=False, seed=901)
    X, Y = toy_data(901, 3, 2)
    first = mc.train(net.copy(), X, Y, lr=LR, steps=1).grad_norm[0]
    cases.append(network_case("minibatch-clipping", net, X, Y, lr=2.0, batch_size=2, seed=12,
                              clip_norm=0.5 * float(first)))

    # A run that diverges: mlp_core stops at the first loss that is not finite.
    net = mc.MLP(SIZES, activation="identity", output="identity", loss="mse", seed=1000)
    X, Y = toy_data(1000, 3, 2)
    cases.append(network_case("diverging", net, X, Y, lr=30.0, steps=200, diverges=True))

    # The original article's network on its first 8 points: its gradient and the correct one.
    X, Y = (a[:8] for a in mc.data.article_xor()[:2])
    for l2 in (1e-4, 0.1):
        wrong = article.article_network(hidden=5, l2=l2)
        assert isinstance(wrong, article.ArticleMLP)
        cases.append(network_case(f"article-gradient-l2-{l2:g}", wrong, X, Y, gradient="article",
                                  lr=0.003))
        right = article.article_network(hidden=5, l2=l2, drop_1_over_n=False, scalar_penalty=False)
        assert type(right) is mc.MLP
        cases.append(network_case(f"article-network-correct-gradient-l2-{l2:g}", right, X, Y,
                                  lr=0.003))
    return cases


def bricks_case(name, net, x, y):
    """One observation's forward cache, loss, deltas and gradients, all from mlp_core.

    With one row, dL/db_i is delta_i = dL/dz_i itself; a network without
    biases gets a twin with zero biases (the same numbers) to read them from.
    """
    n = net.n_layers
    twin = net if net.bias else mc.MLP.from_weights(
        weights(net), [np.zeros(w.shape[1]) for w in weights(net)], activation=net.activation,
        output=net.output, loss=net.loss_name, l2=net.l2, l1=net.l1)
    cache = net.forward(x)
    grads = net.gradients(x, y)
    twin_grads = twin.gradients(x, y)
    out = {"X": nested(x)}
    for i in range(1, n + 1):
        out[f"z{i}"], out[f"h{i}"] = nested(cache[f"z{i}"]), nested(cache[f"h{i}"])
    out["L"] = net.loss(x, y)
    delta = losses.output_delta(cache[f"z{n}"], y, output=net.output, loss=net.loss_name)
    assert np.array_equal(delta[0], twin_grads[f"b{n}"])
    for i in range(n, 0, -1):
        out[f"delta{i}"] = nested(twin_grads[f"b{i}"].reshape(1, -1))
    out[f"delta{n}"] = nested(delta)
    for i in range(1, n + 1):
        assert np.array_equal(grads[f"W{i}"], twin_grads[f"W{i}"])
        out[f"dL_dW{i}"] = nested(grads[f"W{i}"])
    if net.bias:
        for i in range(1, n + 1):
            out[f"dL_db{i}"] = nested(grads[f"b{i}"])
    return {"kind": "bricks", "name": name, "layer_sizes": net.layer_sizes,
            "options": options(net), "params": nested(net.params), "x": nested(x[0]),
            "y": nested(y[0]), "expected": out}


def bricks_cases():
    X, y, W1, W2 = mc.data.worked_example()
    net = mc.MLP.from_weights([W1, W2], None)
    # The numbers the article prints for this example.
    assert np.allclose(net.forward(X)["h2"], [[0.37166596, 0.45414264]], atol=1e-8)
    cases = [bricks_case("worked-example", net, X, y)]
    net = mc.MLP(SIZES, activation="tanh", output="softmax", loss="cross_entropy", l2=0.1, l1=0.05,
                 seed=1100)
    for i in range(1, net.n_layers + 1):  # non-zero biases, so that they count
        b = net.params[f"b{i}"]
        b[...] = np.linspace(-0.3, 0.3, b.size)
    X, Y = toy_data(1100, 3, 2, rows=1)
    cases.append(bricks_case("tanh-softmax-cross_entropy-with-biases", net, X, Y))
    return cases


def init_cases():
    """Statistics of mlp_core's initial weights per scheme (shapes, largest |w|, mean, sd)."""
    cases = []
    for k, scheme in enumerate(("uniform", "xavier", "he")):
        net = mc.MLP([100, 200, 50], init=scheme, seed=1200 + k)
        layers = []
        for i in range(1, net.n_layers + 1):
            W, b = net.params[f"W{i}"], net.params[f"b{i}"]
            layers.append({"shape": list(W.shape), "max_abs": float(np.abs(W).max()),
                           "mean": float(W.mean()), "std": float(W.std()),
                           "bias_max_abs": float(np.abs(b).max())})
        cases.append({"kind": "init", "name": f"init-{scheme}", "init": scheme,
                      "layer_sizes": net.layer_sizes, "layers": layers})
    return cases


def split_cases():
    """How many test rows mlp_core.data.split gives (Python's round: halves to even)."""
    out = []
    for n in (2, 3, 4, 5, 7, 9, 10, 11, 200):
        for f in (0.1, 0.25, 0.3, 0.5, 0.7, 0.9):
            X = np.arange(2.0 * n).reshape(n, 2)
            try:
                n_test = len(mc.data.split(X, X, test_fraction=f, seed=0)[2])
            except ValueError:
                n_test = None  # an empty train or test set: an error
            out.append({"n": n, "test_fraction": f, "n_test": n_test})
    return {"kind": "split_sizes", "name": "split-sizes", "cases": out}


def geometry_cases():
    """The data sets whose points need no random draw when ``noise=0`` (the engine draws its own)."""
    out = []
    for name, make in (("spiral", mc.data.spiral), ("blobs", mc.data.blobs)):
        for n in (7, 200):
            X, Y = make(n, noise=0.0)
            out.append({"kind": "geometry", "name": f"{name}-{n}-noise-0", "dataset": name, "n": n,
                        "X": nested(X), "Y": nested(Y)})
    return out


def features_cases():
    """mlp_core.playground.features on 20 raw points: all the features, then a reordered few."""
    X = 2.0 * np.random.default_rng(1300).standard_normal((20, 2))
    return [{"kind": "features", "name": f"features-{'-'.join(names)}", "X": nested(X),
             "names": list(names), "expected": nested(playground.features(X, list(names)))}
            for names in (playground.FEATURES, ("sin(x2)", "x1*x2", "x1"))]


def main(argv) -> int:
    if len(argv) != 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    X, Y = mc.data.xor()
    fixtures = {
        "format": "mlp-engine-fixtures", "version": 1, "mlp_core_version": mc.__version__,
        "cases": (combination_cases() + special_cases() + bricks_cases() + init_cases()
                  + geometry_cases() + features_cases()
                  + [split_cases(), {"kind": "xor", "name": "xor", "X": nested(X), "Y": nested(Y)}]),
    }
    out = Path(argv[1])
    out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(fixtures, separators=(",", ":"), allow_nan=False)
    out.write_text(text + "\n")
    print(f"{out}: {len(fixtures['cases'])} cases, {len(text) / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
