"""Write the Python packages of Binder's base environment as pip pins.

Binder (repo2docker) starts every image from a conda environment frozen in a
lock file shipped inside repo2docker; binder/requirements.txt is installed on
top of it. tests/test_environments.py checks that every package the reader's
environment shares with that base is pinned at the base's version, so the
install changes no Jupyter server or JupyterLab package. This script turns
the lock file into the pin list the test reads.

Usage (in any venv): pip install jupyter-repo2docker==2026.4.0
                     python tools/repo2docker_base.py [--python 3.11]
Writes tests/data/repo2docker-base-py<version>.txt.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# conda packages that are not Python distributions, or are conda metapackages.
NOT_ON_PYPI = {
    "_libgcc_mutex", "_openmp_mutex", "bzip2", "ca-certificates", "icu", "keyutils", "krb5",
    "ld_impl_linux-64", "libedit", "libexpat", "libffi", "libgcc", "libgcc-ng", "libgomp",
    "liblzma", "libnsl", "libsodium", "libsqlite", "libstdcxx", "libstdcxx-ng", "libuuid",
    "libuv", "libxcrypt", "libzlib", "ncurses", "nodejs", "openssl", "python", "python_abi",
    "readline", "tk", "tzdata", "yaml", "zeromq", "zlib", "zstd",
    "bleach-with-css", "jsonschema-with-format-nongpl", "jupyterhub-singleuser",
    "pip", "setuptools", "wheel",
}
# conda names whose PyPI distribution is called differently.
PYPI_NAME = {
    "brotli-python": "brotli", "jupyterhub-base": "jupyterhub",
    "nbconvert-core": "nbconvert", "python-fastjsonschema": "fastjsonschema",
}


def pins_from_lock(text: str) -> dict[str, str]:
    """``{pypi name: version}`` from a conda explicit lock (one package URL per line)."""
    pins = {}
    for line in text.splitlines():
        m = re.search(r"/([^/]+)-([^-/]+)-[^-/]+\.(?:conda|tar\.bz2)", line)
        if not m or line.startswith("#"):
            continue
        name, version = m.group(1), m.group(2)
        if name in NOT_ON_PYPI:
            continue
        name = PYPI_NAME.get(name, name).replace("_", "-").lower()
        pins[name] = version
    return pins


def main(argv) -> int:
    python = argv[argv.index("--python") + 1] if "--python" in argv else "3.11"
    import repo2docker

    lock = Path(repo2docker.__file__).parent / "buildpacks" / "conda" / \
        f"environment.py-{python}-linux-64.lock"
    pins = pins_from_lock(lock.read_text())
    version = metadata.version("jupyter-repo2docker")
    out = ROOT / "tests" / "data" / f"repo2docker-base-py{python}.txt"
    header = (f"# Python packages of Binder's base environment: repo2docker {version},\n"
              f"# {lock.name}, as pip pins (written by tools/repo2docker_base.py).\n")
    out.write_text(header + "".join(f"{n}=={v}\n" for n, v in sorted(pins.items())))
    print(f"{out.relative_to(ROOT)}: {len(pins)} packages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
