"""mlp_core's version moves with its public API.

A reader's kernel may hold an older mlp_core than the chapters need; the
install cell at the top of every chapter upgrades it when its
``__version__`` is older than this checkout's. That only works if the
version changes whenever the public API does, so tests/data/mlp_core_api.json
records the API (every public name with its signature) beside the version.
When the API changes, raise ``__version__`` in mlp_core/__init__.py, then
record the new API:  python tests/test_api_version.py --update
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import sys
from importlib import metadata
from pathlib import Path

import mlp_core

SNAPSHOT = Path(__file__).resolve().parent / "data" / "mlp_core_api.json"


def _signature(obj) -> str:
    try:
        return str(inspect.signature(obj))
    except (TypeError, ValueError):
        return ""


def _members(module) -> dict[str, str]:
    out = {}
    names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
    for name in sorted(names):
        obj = getattr(module, name)
        if inspect.ismodule(obj) or getattr(obj, "__module__", module.__name__) != module.__name__:
            continue  # re-exports are recorded where they are defined
        if inspect.isclass(obj):
            out[name] = "class" + _signature(obj)
            for attr, member in sorted(vars(obj).items()):
                if attr.startswith("_"):
                    continue
                kind = "property" if isinstance(member, property) else _signature(
                    getattr(obj, attr))
                out[f"{name}.{attr}"] = kind
        elif callable(obj):
            out[name] = _signature(obj)
        else:
            out[name] = type(obj).__name__
    return out


def current_api() -> dict[str, str]:
    api = {}
    modules = ["mlp_core"] + sorted(
        m.name for m in pkgutil.walk_packages(mlp_core.__path__, "mlp_core.")
        if not m.name.split(".")[-1].startswith("_"))
    for name in modules:
        for member, sig in _members(importlib.import_module(name)).items():
            api[f"{name}.{member}"] = sig
    return api


def _version_tuple(text: str):
    return tuple(int(p) for p in text.split("."))


def test_public_api_is_recorded_for_this_version():
    recorded = json.loads(SNAPSHOT.read_text())
    api = current_api()
    if api != recorded["api"]:
        changed = sorted(k for k in set(api) | set(recorded["api"])
                         if api.get(k) != recorded["api"].get(k))
        hint = ("raise __version__ in mlp_core/__init__.py, then run "
                "python tests/test_api_version.py --update")
        if mlp_core.__version__ == recorded["version"]:
            raise AssertionError(f"mlp_core's public API changed ({', '.join(changed[:8])}"
                                 f"{' ...' if len(changed) > 8 else ''}) but its version is "
                                 f"still {mlp_core.__version__}: {hint}")
        raise AssertionError(f"the API of mlp_core {mlp_core.__version__} is not recorded: {hint}")
    assert recorded["version"] == mlp_core.__version__, \
        "tests/data/mlp_core_api.json records another version: run --update"


def test_installed_metadata_has_the_same_version():
    assert metadata.version("mlp_core") == mlp_core.__version__, \
        "the installed mlp_core metadata is stale: pip install --no-deps -e ."


def _update() -> int:
    api = current_api()
    if SNAPSHOT.exists():
        old = json.loads(SNAPSHOT.read_text())
        if old["api"] != api and _version_tuple(mlp_core.__version__) <= \
                _version_tuple(old["version"]):
            print(f"the API changed: raise __version__ above {old['version']} first")
            return 1
    SNAPSHOT.write_text(json.dumps({"version": mlp_core.__version__, "api": api}, indent=1,
                                   sort_keys=True) + "\n")
    print(f"recorded {len(api)} names for mlp_core {mlp_core.__version__}")
    return 0


if __name__ == "__main__":
    raise SystemExit(_update() if "--update" in sys.argv else 0)
