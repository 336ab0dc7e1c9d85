"""The two environments: what a reader needs (binder/requirements.txt) and what the build adds.

* The reader's environment holds everything the chapters and mlp_core
  import, and nothing of the build or the tests.
* Installing it on Binder's base environment changes no package there:
  every package both have is pinned at the base's version.
* The build and test environment is the reader's plus its own tools, with
  no package pinned twice.
* mlp_core declares what it imports (ipywidgets as the ``playground`` extra).
"""

from __future__ import annotations

import ast
import functools
import json
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
READER = ROOT / "binder" / "requirements.txt"
BUILD = ROOT / "requirements.txt"
BASE = ROOT / "tests" / "data" / "repo2docker-base-py3.11.txt"
PIN = re.compile(r"([A-Za-z0-9_.\-]+)==([A-Za-z0-9_.+\-]+)")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "-r ")):
            continue
        m = PIN.fullmatch(line)
        assert m, f"{path.name}: not an exact pin: {line!r}"
        name = _norm(m.group(1))
        assert name not in pins, f"{path.name} pins {name} twice"
        pins[name] = m.group(2)
    return pins


def _requires(dist: str) -> set[str]:
    """Names of the (non-extra) requirements of an installed distribution."""
    from packaging.requirements import Requirement

    out = set()
    for text in metadata.requires(dist) or []:
        req = Requirement(text)
        if req.marker is None or req.marker.evaluate({"extra": ""}):
            out.add(_norm(req.name))
    return out


def _closure(names) -> set[str]:
    seen, todo = set(), [_norm(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            todo.extend(_requires(name))
        except metadata.PackageNotFoundError:
            pass
    return seen


def _imports_of(source: str) -> set[str]:
    """Top-level modules imported anywhere in ``source`` (absolute imports only)."""
    tree = ast.parse(source)
    mods = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            mods.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            mods.add(node.module.split(".")[0])
    return mods


def _notebook_code(path: Path) -> str:
    from IPython.core.inputtransformer2 import TransformerManager

    tm = TransformerManager()
    cells = json.loads(path.read_text())["cells"]
    return "\n".join(tm.transform_cell("".join(c["source"]))
                     for c in cells if c["cell_type"] == "code")


@functools.cache
def _provided() -> dict[str, list[str]]:
    return metadata.packages_distributions()


def _distributions_of(modules) -> dict[str, set[str]]:
    """``{module: {distribution, ...}}`` for the third-party modules among ``modules``."""
    provided = _provided()
    return {m: {_norm(d) for d in provided[m]} for m in modules
            if m not in sys.stdlib_module_names and m != "mlp_core" and m in provided}


def test_reader_pins_match_binders_base_environment():
    reader, base = _pins(READER), _pins(BASE)
    shared = sorted(set(reader) & set(base))
    assert len(shared) > 50, "the base pin list looks truncated"
    differ = [f"{n}: reader {reader[n]}, base {base[n]}" for n in shared if reader[n] != base[n]]
    assert not differ, ("installing binder/requirements.txt on Binder would change these base "
                        "packages (pin the base's version): " + "; ".join(differ))
    for name in ("jupyterlab", "jupyter-server", "ipywidgets", "jupyterlab-widgets", "ipykernel"):
        assert name in shared, f"{name} is not pinned at Binder's version"


def test_reader_environment_is_closed_and_lean():
    reader = _pins(READER)
    direct = ["numpy", "matplotlib", "sympy", "ipywidgets", "ipykernel", "jupyterlab",
              "jupyterlab-myst"]
    for name in direct:
        assert name in reader, f"binder/requirements.txt must pin {name}"
    missing = sorted(_closure(direct) - set(reader) - {"setuptools", "pip", "wheel"})
    assert not missing, f"binder/requirements.txt lacks requirements of its packages: {missing}"
    for tool in ("jupyter-book", "sphinx", "pytest", "nbval", "hypothesis", "playwright",
                 "myst-nb"):
        assert tool not in reader, f"{tool} is a build/test tool: keep it out of the reader's pins"


def test_build_environment_is_the_reader_environment_plus_tools():
    lines = [l.strip() for l in BUILD.read_text().splitlines()]
    assert "-r binder/requirements.txt" in lines, "requirements.txt must include the reader's pins"
    build, reader = _pins(BUILD), _pins(READER)
    twice = sorted(set(build) & set(reader))
    assert not twice, f"pinned in both files (keep one): {twice}"
    assert build["jupyter-book"].startswith("1."), "jupyter-book must stay below 2"
    missing = sorted(_closure(build) - set(build) - set(reader) - {"setuptools", "pip", "wheel"})
    assert not missing, f"requirements.txt lacks requirements of its packages: {missing}"


def test_chapters_and_mlp_core_import_only_what_the_reader_has():
    reader = set(_pins(READER))
    sources = {p.relative_to(ROOT).as_posix(): p.read_text()
               for p in sorted((ROOT / "mlp_core").rglob("*.py"))}
    sources.update({p.relative_to(ROOT).as_posix(): _notebook_code(p)
                    for p in sorted((ROOT / "notebooks").glob("*.ipynb"))})
    for rel, text in sources.items():
        mods = _imports_of(text)
        unknown = [m for m in mods if m not in sys.stdlib_module_names and m != "mlp_core"
                   and m not in _provided()]
        assert not unknown, f"{rel} imports modules no installed distribution provides: {unknown}"
        for mod, dists in _distributions_of(mods).items():
            assert dists & reader, f"{rel} imports {mod} ({dists}), not in binder/requirements.txt"


def test_mlp_core_declares_what_it_imports():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    required = {_norm(d) for d in project["dependencies"]}
    extras = {_norm(d) for ds in project["optional-dependencies"].values() for d in ds}
    assert project["requires-python"] == ">=3.11"
    # IPython is the kernel itself: the display helpers only run inside one.
    kernel = {"ipython"}
    for path in sorted((ROOT / "mlp_core").rglob("*.py")):
        for mod, dists in _distributions_of(_imports_of(path.read_text())).items():
            assert dists & (required | extras | kernel), \
                f"{path.name} imports {mod} but pyproject.toml does not declare {sorted(dists)}"
    assert "ipywidgets" in {_norm(d) for d in project["optional-dependencies"]["playground"]}


def test_playground_names_the_missing_extra(monkeypatch):
    from mlp_core import playground

    monkeypatch.setitem(sys.modules, "ipywidgets", None)   # import now fails
    with pytest.raises(ModuleNotFoundError, match=r"needs ipywidgets.*mlp_core\[playground\]"):
        playground.playground()


def test_binder_installs_mlp_core_and_pins_python():
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"
    post = ROOT / "binder" / "postBuild"
    assert post.stat().st_mode & 0o111, "binder/postBuild must be executable"
    assert re.search(r"pip install .*--no-deps .*\.$", post.read_text(), re.M), \
        "binder/postBuild must install mlp_core (repo2docker skips it when binder/ exists)"
    assert not (ROOT / "runtime.txt").exists(), "repo2docker ignores ./runtime.txt beside binder/"
