"""Data sets: the 4-point XOR, a noisy XOR, the article's setting, moons,
circles, blobs and a two-armed spiral.

Every function returns ``(X, Y)`` with ``X`` of shape ``(n, 2)`` and one-hot
labels ``Y`` of shape ``(n, 2)``: class 0 is ``[1, 0]`` and class 1 is
``[0, 1]`` (for XOR, class 1 means "the inputs differ"). Random draws use a
seeded ``np.random.default_rng``, so the same seed always gives the same
points.

:func:`blobs` and :func:`spiral` bracket the others in difficulty: two
Gaussian clouds that a single straight line separates, and two interleaved
arms that need a curved, winding boundary. The browser playground's
engine (``web/playground/engine.js``) draws its sets with these same
formulas, from its own random numbers.
"""

from __future__ import annotations

import math

import numpy as np

from . import _validate as v


def one_hot(labels, n_classes: int = 2) -> np.ndarray:
    """Turn integer class labels ``0..n_classes-1`` into one-hot rows."""
    labels = np.asarray(labels)
    if (
        labels.ndim != 1
        or not np.issubdtype(labels.dtype, np.integer)
        and labels.dtype != bool
    ):
        raise ValueError("labels must be a 1-D array of integers")
    labels = labels.astype(np.intp)
    n_classes = v.check_int(n_classes, "n_classes", minimum=1)
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1}")
    return np.eye(n_classes)[labels]


def worked_example():
    """The original article's worked example: ``(X, y, W1, W2)``.

    One observation (the first of :func:`article_xor`'s points, as printed
    in the article), its one-hot label and the article's initial weights of
    a bias-free 2-3-2 network. The article reports ``h2 = [0.37166596,
    0.45414264]`` for these numbers.
    """
    X = np.array([[1.76405235, 0.40015721]])
    y = np.array([[1.0, 0.0]])
    W1 = np.array([[-0.67746455, 0.37769425, -0.07365253],
                   [-0.53663519, 0.60920496, 0.21149622]])
    W2 = np.array([[-0.41491732, -0.30992816],
                   [-0.31583913, -0.27706468],
                   [-0.44701662, 0.15231059]])
    return X, y, W1, W2


def xor_labels(X) -> np.ndarray:
    """Class 1 where exactly one coordinate is positive (XOR of the signs)."""
    X = v.as_matrix(X, "X", width=2)
    return np.logical_xor(X[:, 0] > 0, X[:, 1] > 0).astype(np.intp)


def xor() -> tuple[np.ndarray, np.ndarray]:
    """The four XOR points ``(0,0), (0,1), (1,0), (1,1)`` with labels 0, 1,
    1, 0.
    """
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, one_hot(np.array([0, 1, 1, 0]))


def noisy_xor(n: int = 200, *, noise: float = 0.1, seed: int = 0):
    """``n`` points scattered around the four XOR corners, centred on the
    origin.

    Corners are at ``(+-1, +-1)``; each point gets Gaussian noise of standard
    deviation ``noise`` and keeps the label of its corner.
    """
    n = v.check_int(n, "n", minimum=1)
    noise = v.check_real(noise, "noise", minimum=0.0)
    rng = np.random.default_rng(v.check_seed(seed))
    corners = np.array([[-1.0, -1.0], [-1.0, 1.0], [1.0, -1.0], [1.0, 1.0]])
    which = rng.integers(0, 4, size=n)
    X = corners[which] + noise * rng.standard_normal((n, 2))
    return X, one_hot(np.array([0, 1, 1, 0])[which])


def article_xor(n: int = 300, *, n_train: int = 50):
    """The original article's data, reproduced exactly.

    ``n`` standard-normal points labelled by the XOR of the signs of their
    coordinates; the article trains on the first ``n_train`` only. Returns
    ``(X_train, Y_train, X_rest, Y_rest)``.

    The article drew its points with NumPy's legacy ``RandomState(0)``; we
    use the same generator here, and only here, so that our points are its
    points to the last digit (its worked example is the first row).
    """
    n = v.check_int(n, "n", minimum=2)
    n_train = v.check_int(n_train, "n_train", minimum=1)
    if n_train >= n:
        raise ValueError(
            f"n_train must be smaller than n ({n}), got {n_train}"
        )
    X = np.random.RandomState(0).randn(n, 2)
    Y = one_hot(xor_labels(X))
    return X[:n_train], Y[:n_train], X[n_train:], Y[n_train:]


def two_moons(n: int = 200, *, noise: float = 0.1, seed: int = 0):
    """Two interleaving half circles (class 0 on top, class 1 below), with
    noise.
    """
    n = v.check_int(n, "n", minimum=2)
    noise = v.check_real(noise, "noise", minimum=0.0)
    rng = np.random.default_rng(v.check_seed(seed))
    labels = np.arange(n) % 2
    t = rng.uniform(0.0, np.pi, size=n)
    X = np.where(labels[:, None] == 0,
                 np.c_[np.cos(t), np.sin(t)],
                 np.c_[1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = X - np.array([0.5, 0.25]) + noise * rng.standard_normal((n, 2))
    return X, one_hot(labels)


def circles(
    n: int = 200, *, noise: float = 0.1, factor: float = 0.5, seed: int = 0
):
    """Two concentric circles: class 0 outside (radius 1), class 1 inside
    (radius ``factor``).
    """
    n = v.check_int(n, "n", minimum=2)
    noise = v.check_real(noise, "noise", minimum=0.0)
    factor = v.check_real(factor, "factor", positive=True)
    if factor >= 1:
        raise ValueError(
            f"factor must be below 1 (inner radius), got {factor}"
        )
    rng = np.random.default_rng(v.check_seed(seed))
    labels = np.arange(n) % 2
    t = rng.uniform(0.0, 2 * np.pi, size=n)
    r = np.where(labels == 0, 1.0, factor)
    X = (
        np.c_[r * np.cos(t), r * np.sin(t)]
        + noise * rng.standard_normal((n, 2))
    )
    return X, one_hot(labels)


def blobs(n: int = 200, *, noise: float = 0.5, seed: int = 0):
    """Two round Gaussian clouds, class 0 around ``(-1, -1)`` and class 1
    around ``(1, 1)``.

    Row ``i`` belongs to class ``i % 2``, so the classes alternate and are
    balanced (one more of class 0 when ``n`` is odd). Each point is its
    class's centre plus ``noise`` times a standard normal draw in each
    coordinate. The centres are ``2 * sqrt(2)`` apart, so with the default
    ``noise=0.5`` the clouds barely touch and the line ``x1 + x2 = 0``
    separates almost every point: the easy end of the playground, where
    even a network without a hidden layer succeeds. Raise ``noise`` to make
    the clouds overlap; then no boundary gets every point right.
    """
    n = v.check_int(n, "n", minimum=2)
    noise = v.check_real(noise, "noise", minimum=0.0)
    rng = np.random.default_rng(v.check_seed(seed))
    labels = np.arange(n) % 2
    centres = np.array([[-1.0, -1.0], [1.0, 1.0]])
    X = centres[labels] + noise * rng.standard_normal((n, 2))
    return X, one_hot(labels)


def spiral(n: int = 200, *, noise: float = 0.1, seed: int = 0):
    """Two spiral arms wound into each other, one per class: the hard end of
    the playground.

    Row ``i`` has class ``c = i % 2`` and is the ``k = i // 2``-th point of
    its arm. With ``m = ceil(n / 2)`` points per arm, it sits at the
    fraction ``t = k / m`` of the way along the arm, at radius ``r = 0.1 +
    1.9 t`` and angle ``a = 3.5 pi t + pi c``: each arm turns 1.75 times
    around the origin while moving outwards from radius 0.1 to just below
    2, and arm 1 is arm 0 turned by half a turn (without noise, row
    ``2k + 1`` is minus row ``2k``, up to rounding). Then ``noise`` times a
    standard normal draw is added to each coordinate.

    No straight line separates the arms, nor any simple curve: the
    boundary has to wind between them, which takes a network with enough
    hidden units (or extra inputs that wind themselves, such as the
    playground's ``sin(x1)`` and ``sin(x2)``).
    """
    n = v.check_int(n, "n", minimum=2)
    noise = v.check_real(noise, "noise", minimum=0.0)
    rng = np.random.default_rng(v.check_seed(seed))
    i = np.arange(n)
    c, k = i % 2, i // 2
    t = k / math.ceil(n / 2)
    r = 0.1 + 1.9 * t
    a = 3.5 * np.pi * t + np.pi * c
    X = (
        np.c_[r * np.cos(a), r * np.sin(a)]
        + noise * rng.standard_normal((n, 2))
    )
    return X, one_hot(c)


def split(X, Y, *, test_fraction: float = 0.5, seed: int = 0):
    """Shuffle the rows and split them into
    ``(X_train, Y_train, X_test, Y_test)``.
    """
    X = v.as_matrix(X, "X")
    Y = v.as_matrix(Y, "Y")
    v.check_rows(X, Y)
    f = v.check_real(test_fraction, "test_fraction")
    if not 0 < f < 1:
        raise ValueError(
            f"test_fraction must be strictly between 0 and 1, got {f}"
        )
    n_test = int(round(f * len(X)))
    if not 1 <= n_test < len(X):
        raise ValueError(
            f"test_fraction={f} leaves an empty train or test set "
            f"for {len(X)} rows"
        )
    order = np.random.default_rng(v.check_seed(seed)).permutation(len(X))
    te, tr = order[:n_test], order[n_test:]
    return X[tr], Y[tr], X[te], Y[te]


def mirrored(X, Y):
    """The points together with their mirror images ``-x``, with the same
    labels.

    XOR of the signs does not change under ``x -> -x``, so for XOR data the
    labels of the mirror images are the labels of the points. The chapter on
    biases uses this set: a bias-free network must get at least one point of
    every mirrored pair of one class wrong. Returns ``(X_m, Y_m)`` with twice
    the rows (the points first, then their mirror images).
    """
    X = v.as_matrix(X, "X")
    Y = v.as_matrix(Y, "Y")
    v.check_rows(X, Y)
    return np.vstack([X, -X]), np.vstack([Y, Y])
