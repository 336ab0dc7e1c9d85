"""Helpers for showing mlp_core's own code, errors and figures in a chapter.

* :func:`show_source` displays the real source of a function or class,
  without the lines that only check its arguments;
* :class:`expect_error` runs a block that is meant to fail and prints the
  error's message in one line;
* :func:`figure_png` is how the chapters' figures become PNG images: it
  records the size of each figure's smallest text in the file, so the
  site tests can check that every figure is legible on the page.
"""

from __future__ import annotations

import ast
import inspect
import io
import textwrap

#: What :func:`show_source` writes where it left argument checks out.
CHECKS_LEFT_OUT = "# ... (checks of the arguments left out)"
#: PNG text keys written by :func:`figure_png`.
SMALLEST_TEXT_KEY = "mlp_core:smallest-text-pt"
DPI_KEY = "mlp_core:dpi"


def source(obj) -> str:
    """The source code of a function, method or class, dedented."""
    return textwrap.dedent(inspect.getsource(obj))


def _is_check_call(node) -> bool:
    """A call into the validation module (``v.check_int(...)``) or to a
    ``check_*`` / ``_check*`` helper (``net._check_XY(X, Y)``)."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    if isinstance(func, ast.Attribute):
        base = func.value
        if isinstance(base, ast.Name) and base.id in ("v", "_validate"):
            return True
        name = func.attr
    elif isinstance(func, ast.Name):
        name = func.id
    else:
        return False
    return name.startswith(("check_", "_check"))


def _only_raises(body) -> bool:
    return bool(body) and all(isinstance(s, ast.Raise) for s in body)


def _is_check(stmt) -> bool:
    """True for a statement that only checks arguments: ``if ...: raise``,
    a call of a check helper (with or without assigning its result), or
    the import of the validation module."""
    if isinstance(stmt, ast.If):  # if ...: raise, or a branch of checks
        return (
            _only_raises(stmt.body) or all(map(_is_check, stmt.body))
        ) and all(map(_is_check, stmt.orelse))
    if isinstance(stmt, ast.Expr):
        return _is_check_call(stmt.value)
    if isinstance(stmt, ast.Assign):
        return _is_check_call(stmt.value)
    if isinstance(stmt, ast.ImportFrom):
        return [a.name for a in stmt.names] == ["_validate"]
    return False


def _functions(tree):
    """The function definitions whose bodies are pruned: the object itself,
    or a class's methods."""
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node
        elif isinstance(node, ast.ClassDef):
            yield from (
                n
                for n in node.body
                if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
            )


def without_checks(code: str) -> str:
    """``code`` (the source of a function or class) with the statements
    that only validate arguments replaced by one comment line per run.

    Statements directly in a function's body are considered, and those in
    the branches of an ``if`` there (not in loops: a check inside a loop
    stays). A body made only of checks is left whole.
    """
    if not isinstance(code, str):
        raise TypeError(f"code must be a string, got {type(code).__name__}")
    lines = code.splitlines()
    tree = ast.parse(code)
    replace = {}  # first line -> (last line, indent)

    def prune(stmts):
        run = None
        for s in stmts:
            if _is_check(s):
                if run is None:
                    run = [s.lineno, s.end_lineno, s.col_offset]
                else:
                    run[1] = s.end_lineno
                continue
            if run is not None:
                replace[run[0]] = (run[1], run[2])
                run = None
            if isinstance(s, ast.If):
                prune(s.body)
                prune(s.orelse)  # (an elif is an If in orelse)
        if run is not None:
            replace[run[0]] = (run[1], run[2])

    for fn in _functions(tree):
        body = fn.body
        start = (
            1
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            )
            else 0
        )
        if body[start:] and all(map(_is_check, body[start:])):
            continue
        prune(body[start:])
    out, n = [], 1
    while n <= len(lines):
        if n in replace:
            last, indent = replace[n]
            out.append(" " * indent + CHECKS_LEFT_OUT)
            n = last + 1
        else:
            out.append(lines[n - 1])
            n += 1
    return "\n".join(out) + "\n"


class Source:
    """Python source shown as a code block.

    In a notebook it displays as Markdown (a fenced ``python`` block), so
    the book's pages highlight it exactly like the chapters' own code
    cells (in light and dark mode), and JupyterLab like a code block; as
    plain text (a terminal, ``print``) it is the code itself. ``.data``
    holds the code.
    """

    def __init__(self, code: str):
        if not isinstance(code, str):
            raise TypeError(f"code must be a string, got {type(code).__name__}")
        self.data = code

    def _repr_markdown_(self) -> str:
        fence = "````"                # longer than any ``` inside the code
        return f"{fence}python\n{self.data.rstrip()}\n{fence}\n"

    def __repr__(self) -> str:
        return self.data.rstrip("\n")


def show_source(obj, *, checks: bool = False, start: str | None = None):
    """Display ``obj``'s real source, highlighted (a :class:`Source`).

    Chapters call this instead of pasting code, so what the reader sees is
    exactly what runs. The statements that only check the arguments
    (``if ...: raise ...``, calls such as ``v.check_int(steps, "steps")``)
    are left out by default, marked by the comment
    ``# ... (checks of the arguments left out)``, so that the lines that
    carry the idea are what the reader sees; ``checks=True`` shows them.
    ``start="with np.errstate("`` shows only the part from the first line
    that contains that text (dedented): the heart of a long function.
    """
    if not isinstance(checks, bool):
        raise TypeError(f"checks must be True or False, got {checks!r}")
    if start is not None and not (isinstance(start, str) and start.strip()):
        raise TypeError(f"start must be a non-empty string or None, got {start!r}")
    code = source(obj)
    code = code if checks else without_checks(code)
    if start is not None:
        lines = code.splitlines(keepends=True)
        first = next((k for k, line in enumerate(lines) if start in line), None)
        if first is None:
            raise ValueError(f"start: {start!r} is not in the source of "
                             f"{getattr(obj, '__qualname__', obj)!r}")
        code = textwrap.dedent("".join(lines[first:]))
    return Source(code)


def smallest_text_pt(fig) -> float | None:
    """The font size, in points, of the smallest visible non-empty text of
    a Matplotlib figure (titles, labels, tick labels, legends,
    annotations), or None when the figure has no text."""
    from matplotlib.text import Text

    sizes, todo = [], [fig]
    while todo:  # the artist tree, minus hidden parts
        artist = todo.pop()
        if not artist.get_visible():
            continue
        if isinstance(artist, Text) and artist.get_text().strip():
            sizes.append(artist.get_fontsize())
        todo.extend(artist.get_children())
    return min(sizes) if sizes else None


def figure_png(fig) -> bytes | None:
    """A figure as PNG bytes, the way the chapters display it.

    Like IPython's own inline figures (tight bounding box, the figure's
    dpi), plus two text entries in the file: the smallest text size in
    points (``mlp_core:smallest-text-pt``) and the dpi
    (``mlp_core:dpi``). At its natural size a text of ``p`` points is
    ``p * dpi / 72`` pixels tall, so the site tests can work out how
    large the smallest text of every figure is on the page. No timestamp
    is written: the same figure gives the same bytes.
    """
    if not fig.axes and not fig.lines:
        return None  # IPython shows nothing for it either
    smallest = smallest_text_pt(fig)
    metadata = {"Software": None, DPI_KEY: f"{fig.dpi:g}"}
    if smallest is not None:
        metadata[SMALLEST_TEXT_KEY] = f"{smallest:g}"
    buffer = io.BytesIO()
    fig.savefig(
        buffer,
        format="png",
        dpi=fig.dpi,
        bbox_inches="tight",
        facecolor=fig.get_facecolor(),
        metadata=metadata,
    )
    return buffer.getvalue()


def register_figure_png() -> None:
    """In IPython, display Matplotlib figures with :func:`figure_png`.

    Does nothing outside IPython (e.g. in a plain script).
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dep
        return
    shell = get_ipython()
    if shell is None:
        return
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    # Matplotlib loads its backend at the first figure, and IPython's inline
    # backend then registers its own PNG formatter: load it now, so that
    # ours, registered after it, is the one used.
    plt.close(plt.figure())
    formatter = shell.display_formatter.formatters["image/png"]
    formatter.for_type(Figure, figure_png)


class expect_error:
    """Run a block that is *meant* to fail; show the reader its message.

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
            raise AssertionError(
                f"expected {self.kind.__name__}, "
                "but the code ran without error"
            )
        if not issubclass(exc_type, self.kind):
            return False  # an unexpected error propagates
        if self.match is not None and self.match not in str(exc):
            raise AssertionError(
                f"expected a {self.kind.__name__} whose message contains "
                f"{self.match!r}, "
                f"got: {exc}"
            ) from exc
        self.error = exc
        text = f"{exc_type.__name__}: {exc}"
        print(
            "\n".join(
                textwrap.fill(line, 78, subsequent_indent="    ")
                for line in text.splitlines()
            )
        )
        return True
