"""Helpers for showing mlp_core's own code inside a chapter."""

from __future__ import annotations

import inspect
import textwrap


def source(obj) -> str:
    """The source code of a function, method or class, dedented."""
    return textwrap.dedent(inspect.getsource(obj))


def show_source(obj):
    """Display ``obj``'s real source with syntax highlighting (an IPython ``Code`` object).

    Chapters call this instead of pasting code, so what the reader sees is
    exactly what runs.
    """
    from IPython.display import Code

    return Code(source(obj), language="python")
