"""Check functions for the chapters' exercises.

Each chapter has a module here (``mlp_core.exercises.forward`` and so on)
with one ``check_...`` function per exercise. A check function computes the
right answer with mlp_core (nothing is hard-coded), compares it with the
reader's, prints a short verdict and returns True or False. It never
raises on a wrong or missing answer, so a chapter with unanswered
exercises still runs from top to bottom.
"""

from __future__ import annotations

import textwrap

import numpy as np


def verdict(correct: bool, message: str) -> bool:
    """Print ``Correct!`` or ``Not yet: <message>`` and return ``correct``.

    The hint is wrapped to the page's 78 columns (continuation lines
    indented by four spaces); a line break in ``message`` is kept.
    """
    if correct:
        print("Correct!")
    else:
        lines = f"Not yet: {message}".splitlines() or [""]
        print(
            "\n".join(
                textwrap.fill(line, 78, subsequent_indent="    ")
                for line in lines
            )
        )
    return bool(correct)


def unanswered(answer) -> bool:
    """True (after printing a reminder) when the reader has not answered yet.
    """
    if answer is None or answer is Ellipsis:
        print(
            "No answer yet: replace the ... with your answer and run the "
            "cell again."
        )
        return True
    return False


def close(answer, expected, *, rtol=1e-6, atol=1e-9) -> bool:
    """True when ``answer`` has ``expected``'s shape and matches it
    numerically.
    """
    try:
        a = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    e = np.asarray(expected, dtype=np.float64)
    return a.shape == e.shape and bool(
        np.allclose(a, e, rtol=rtol, atol=atol)
    )


def number(answer):
    """``answer`` as a float, or None when it is not a single number."""
    try:
        value = np.asarray(answer, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return float(value) if value.shape == () else None
