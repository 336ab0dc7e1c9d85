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


class expect_error:
    """Run a block that is *meant* to fail, and show the reader the error's message.

    A chapter that demonstrates an error writes::

        with expect_error(mc.TrainingDiverged):
            mc.train(net, X, Y, lr=1.0, steps=3000)

    The exception is caught and printed as one line, ``TrainingDiverged:
    <message>`` (no traceback, no file paths), so "Run all" goes on in every
    front end. If the block raises nothing, or another kind of error, that is
    a real failure: an ``AssertionError`` or the original exception, so a
    test run of the notebook catches it. After the block, ``.error`` holds
    the exception (e.g. the history a :class:`~mlp_core.TrainingDiverged`
    carries).
    """

    def __init__(self, kind=Exception, match: str | None = None):
        if not (isinstance(kind, type) and issubclass(kind, BaseException)):
            raise TypeError(f"kind must be an exception class, got {kind!r}")
        if match is not None and not isinstance(match, str):
            raise TypeError(f"match must be a string or None, got {match!r}")
        self.kind, self.match, self.error = kind, match, None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            raise AssertionError(f"expected {self.kind.__name__}, but the code ran without error")
        if not issubclass(exc_type, self.kind):
            return False  # an unexpected error propagates
        if self.match is not None and self.match not in str(exc):
            raise AssertionError(
                f"expected a {self.kind.__name__} whose message contains {self.match!r}, "
                f"got: {exc}") from exc
        self.error = exc
        text = f"{exc_type.__name__}: {exc}"
        print("\n".join(textwrap.fill(line, 78, subsequent_indent="    ")
                        for line in text.splitlines()))
        return True
