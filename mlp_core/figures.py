"""Regenerate every static figure of the book and the README:
``python -m mlp_core.figures``.

Figures go to ``figures/`` (or ``--out DIR``) as PNG files written without
a timestamp, so running the command twice gives byte-identical files on
the same versions of the pinned packages. The long training runs (the
article's blow-up takes about 100 000 steps) are cached as ``.npz`` files
in ``--cache`` (default ``.cache/figures``), keyed by a hash of the run's
arguments and of mlp_core's source, so re-plotting takes seconds and an
edit to mlp_core invalidates the cache. Long runs print their progress.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

PACKAGE = Path(__file__).resolve().parent


def _source_hash() -> str:
    h = hashlib.sha256()
    for path in sorted(PACKAGE.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def cached(cache_dir: Path, name: str, fn, **kwargs) -> dict:
    """Return ``fn(**kwargs)`` (a dict of arrays and numbers), from the cache
    when possible.
    """
    key = hashlib.sha256(
        json.dumps([name, kwargs, _source_hash()], sort_keys=True).encode()
    )
    path = cache_dir / f"{name}-{key.hexdigest()[:16]}.npz"
    if path.exists():
        with np.load(path, allow_pickle=False) as f:
            out = {k: f[k] for k in f.files}
        return {k: (v.item() if v.ndim == 0 else v) for k, v in out.items()}
    print(
        f"running {name} {kwargs} (cached afterwards)",
        file=sys.stderr,
        flush=True,
    )
    result = fn(**kwargs)
    cache_dir.mkdir(parents=True, exist_ok=True)
    arrays = {
        k: np.asarray(np.nan if v is None else v) for k, v in result.items()
    }
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, **arrays)
    tmp.replace(path)
    return {k: (None if result[k] is None else result[k]) for k in result}


def _save(fig, out: Path, name: str) -> Path:
    import matplotlib.pyplot as plt

    path = out / name
    fig.savefig(path, dpi=100, metadata={"Software": None})
    plt.close(fig)
    print(f"wrote {path}", file=sys.stderr, flush=True)
    return path


def _blowup(cache: Path, **kwargs) -> dict:
    from .experiments import article_blowup, progress

    kwargs = {
        "lr": 0.003,
        "steps": 110_000,
        "l2": 1e-4,
        "scalar_penalty": True,
        **kwargs,
    }
    label = ", ".join(f"{k}={v}" for k, v in kwargs.items())
    steps = kwargs["steps"]

    def run(**kw):
        return article_blowup(callback=progress(label, steps), **kw)

    result = cached(cache, "article_blowup", run, **kwargs)
    d = result["diverged_at"]
    result["diverged_at"] = (
        None
        if d is None or (isinstance(d, float) and np.isnan(d))
        else int(d)
    )
    return result


def fig_capacity(out: Path, cache: Path):
    import matplotlib.pyplot as plt

    from . import data, plots
    from .network import MLP
    from .training import accuracy, train

    X, Y, X_rest, Y_rest = data.article_xor()
    fig, axes = plt.subplots(
        2, 3, figsize=(13, 7.6), gridspec_kw={"width_ratios": [1, 1.15, 1]}
    )
    for row, hidden in zip(axes, (3, 50)):
        net = MLP([2, hidden, 2], seed=0)
        hist = train(net, X, Y, lr=2.0, steps=20_000)
        plots.plot_curve(
            hist.accuracy,
            row[0],
            ylabel="training accuracy",
            color=plots.BLUE,
            title=f"{hidden} hidden units: accuracy",
        )
        row[0].set_ylim(-0.02, 1.02)
        plots.plot_decision_boundary(
            net,
            X,
            Y,
            row[1],
            test=(X_rest, Y_rest),
            title=f"held-out accuracy {accuracy(net, X_rest, Y_rest):.0%}",
        )
        plots.plot_curve(
            hist.loss,
            row[2],
            ylabel="loss L",
            color=plots.ORANGE,
            log=True,
            title=f"{hidden} hidden units: loss",
        )
    fig.tight_layout()
    return _save(fig, out, "capacity_3_vs_50.png")


def fig_article_blowup(out: Path, cache: Path):
    import matplotlib.pyplot as plt

    from . import plots

    r = _blowup(cache)
    fig, ax = plt.subplots(figsize=(8, 4))
    steps = np.arange(len(r["loss"]))
    ax.plot(steps, r["loss"], color=plots.ORANGE, label="loss L")
    ax.set_yscale("log")
    ax.set_xlabel("training step")
    ax.set_ylabel("loss L (log scale, cut at 3)")
    i = int(np.argmin(r["loss"]))
    ax.plot(
        i,
        r["loss"][i],
        "o",
        color="black",
        label=f"lowest loss {r['loss'][i]:.3f} at step {i:,}",
    )
    if r["diverged_at"] is not None:
        ax.axvline(
            r["diverged_at"],
            color="black",
            ls=":",
            label=f"loss not finite at step {r['diverged_at']:,}",
        )
    ax2 = ax.twinx()
    ax2.plot(steps, r["w1_sq"], color=plots.BLUE, label="sum of W1 squared")
    ax2.set_yscale("log")
    ax2.set_ylabel("sum of W1 squared (log scale)")
    # Both curves end near 1e250; cut the axes so the long approach stays
    # readable (the curves leave through the top of the plot at the blow-up).
    ax.set_ylim(0.15, 3.0)
    ax2.set_ylim(1.0, 1e5)
    ax.set_xlim(0, r["steps"])
    lines = ax.get_legend_handles_labels()
    lines2 = ax2.get_legend_handles_labels()
    ax.legend(
        lines[0] + lines2[0],
        lines[1] + lines2[1],
        loc="upper left",
        fontsize=8,
    )
    ax.set_title("The article's code, 50 hidden units, lr 0.003, lambda 1e-4")
    fig.tight_layout()
    return _save(fig, out, "article_blowup.png")


def fig_blowup_causes(out: Path, cache: Path):
    import matplotlib.pyplot as plt

    from . import plots

    fig, (a, b) = plt.subplots(1, 2, figsize=(12, 4))
    for lr, color in (
        (0.012, plots.BLUE),
        (0.006, plots.GREY),
        (0.003, plots.ORANGE),
    ):
        r = _blowup(cache, lr=lr, steps=int(round(330 / lr)))
        a.plot(
            lr * np.arange(len(r["loss"])),
            r["loss"],
            color=color,
            label=f"lr {lr}",
        )
    a.set_yscale("log")
    a.set_xlabel("lr x step")
    a.set_ylabel("loss L (log scale)")
    a.set_title("Article's gradient: the blow-up comes at the same lr x step")
    a.legend(fontsize=8)
    runs = {
        "article's gradient": _blowup(cache),
        "correct penalty gradient": _blowup(cache, scalar_penalty=False),
        "article's gradient, lambda 1e-7": _blowup(cache, l2=1e-7),
    }
    for (name, r), color in zip(
        runs.items(), (plots.ORANGE, plots.BLUE, plots.GREY)
    ):
        b.plot(
            np.arange(len(r["w1_sq"])), r["w1_sq"], color=color, label=name
        )
    b.set_yscale("log")
    b.set_xlabel("training step")
    b.set_ylabel("sum of W1 squared (log scale)")
    b.set_title("Fix the penalty's gradient and the blow-up disappears")
    b.legend(fontsize=8)
    fig.tight_layout()
    return _save(fig, out, "blowup_causes.png")


def fig_cures(out: Path, cache: Path):
    import matplotlib.pyplot as plt

    from . import plots
    from .experiments import cures

    runs = cures()
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.2))
    first = dict(list(runs.items())[:4])
    rest = {
        k: v
        for k, v in runs.items()
        if k not in first or k.startswith("lr 1 (")
    }
    plots.compare_curves(first, ax=axes[0], ylabel="loss L (log scale)",
                         title="Too large a learning rate, and what fixes it")
    plots.compare_curves(
        rest,
        ax=axes[1],
        ylabel="loss L (log scale)",
        title="What does not fix it (x: training stopped, loss not finite)",
    )
    for ax in axes:
        ax.set_ylim(1e-3, 3e30)
    fig.tight_layout()
    return _save(fig, out, "cures.png")


def fig_activations(out: Path, cache: Path):
    import matplotlib.pyplot as plt

    from . import activations as act
    from . import plots

    z = np.linspace(-5, 5, 401)
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.5), sharey=True)
    for ax, name in zip(axes, ("sigmoid", "tanh", "relu")):
        f, df = act.HIDDEN[name]
        h = f(z)
        ax.plot(z, h, color=plots.BLUE, label=f"{name}(z)")
        ax.plot(z, df(h), color=plots.ORANGE, ls="--", label="derivative")
        ax.axhline(0, color="#cccccc", lw=0.8)
        ax.set_xlabel("z")
        ax.set_title(name)
        ax.legend(fontsize=8, loc="upper left")
    axes[0].set_ylabel("value")
    axes[0].set_ylim(-1.1, 1.6)
    fig.tight_layout()
    return _save(fig, out, "activations.png")


FIGURES = [
    fig_capacity,
    fig_article_blowup,
    fig_blowup_causes,
    fig_cures,
    fig_activations,
]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mlp_core.figures",
        # the docstring's first sentence, which spans two lines
        description=" ".join(__doc__.split("\n\n")[0].split()),
    )
    parser.add_argument(
        "--out",
        default="figures",
        help="folder for the PNG files (default: figures)",
    )
    parser.add_argument(
        "--cache", default=".cache/figures", help="folder for cached runs"
    )
    args = parser.parse_args(argv)

    import matplotlib

    matplotlib.use("Agg")
    from . import plots

    plots.use_book_style()
    out, cache = Path(args.out), Path(args.cache)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for make in FIGURES:
        make(out, cache)
    print(
        f"{len(FIGURES)} figures in {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
