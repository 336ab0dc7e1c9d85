"""Input checks shared by every public function of :mod:`mlp_core`.

Each helper raises :class:`TypeError` or :class:`ValueError` with a message
that names the offending parameter and says what was expected, so that a
mistake is reported where it is made instead of surfacing later as a
broadcasting surprise or a NaN.
"""

from __future__ import annotations

import numbers

import numpy as np


def as_matrix(value, name: str, *, width: int | None = None) -> np.ndarray:
    """Return ``value`` as a finite, non-empty 2-D float64 array.

    ``width`` (if given) is the number of columns the caller needs.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(
            f"{name} must be a 2-D array of numbers, "
            f"got {type(value).__name__}"
        )
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged nested lists and the like
        raise TypeError(
            f"{name} must be a 2-D array of numbers ({exc})"
        ) from None
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or arr.dtype == bool
    ):
        raise TypeError(
            f"{name} must be a 2-D array of numbers, got dtype {arr.dtype}"
        )
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(
            f"{name} must hold real numbers, got dtype {arr.dtype}"
        )
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D with one observation per row, "
            f"got shape {arr.shape}"
            + (
                " (use X.reshape(1, -1) for a single observation)"
                if arr.ndim == 1
                else ""
            )
        )
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    arr = np.asarray(arr, dtype=np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(
            f"{name} must contain only finite numbers (found NaN or inf)"
        )
    if width is not None and arr.shape[1] != width:
        raise ValueError(
            f"{name} must have {width} columns, got shape {arr.shape}"
        )
    return arr


def check_rows(
    X: np.ndarray, Y: np.ndarray, xname: str = "X", yname: str = "Y"
) -> None:
    if X.shape[0] != Y.shape[0]:
        raise ValueError(
            f"{xname} and {yname} must have the same number of rows, "
            f"got {X.shape[0]} and {Y.shape[0]}"
        )


def check_choice(value, name: str, choices) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValueError(
            f"{name} must be one of {sorted(choices)}, got {value!r}"
        )
    return value


def check_real(
    value, name: str, *, minimum: float | None = None, positive: bool = False
) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{name} must be a real number, got {type(value).__name__}"
        )
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    if positive and value <= 0:
        raise ValueError(f"{name} must be > 0, got {value}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def check_int(value, name: str, *, minimum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(
            f"{name} must be an integer, got {type(value).__name__}"
        )
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def check_seed(seed, name: str = "seed"):
    if seed is None:
        return None
    if isinstance(seed, np.random.Generator):
        return seed
    return check_int(seed, name, minimum=0)


def check_sequence(values, name: str, check_item, what: str) -> tuple:
    """A non-empty sequence, each item passed through
    ``check_item(item, "name[i]")``.

    ``what`` describes the items for the error message ("learning rates").
    """
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(
            f"{name} must be a sequence of {what}, got {values!r}"
        )
    if len(values) == 0:
        raise ValueError(f"{name} must be a non-empty sequence of {what}")
    return tuple(check_item(x, f"{name}[{i}]") for i, x in enumerate(values))
