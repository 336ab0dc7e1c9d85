"""How big the reader's environment is and how long it takes to install.

Creates a fresh virtual environment in a temporary folder, installs
binder/requirements.txt and mlp_core the way `make lab` does, and prints
the wall time and the size on disk (before anything has run, so before
Python has written bytecode for the modules a chapter imports), next to the
targets: at most 350 MB and 60 s. pip's download cache makes the install
time the one a returning reader sees; the first install also downloads.

Usage: python bench/environment.py [--python python3.12]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MB, TARGET_S = 350, 60


def disk_usage(path: Path) -> int:
    """Bytes on disk under ``path`` (blocks, like ``du``), hard links counted once."""
    seen, total = set(), 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            st = os.lstat(os.path.join(dirpath, name))
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                total += st.st_blocks * 512
    return total


def main(argv) -> int:
    python = argv[argv.index("--python") + 1] if "--python" in argv else sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        venv = Path(tmp) / "reader"
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
               "--disable-pip-version-check", "--no-compile"]
        start = time.perf_counter()
        subprocess.run([python, "-m", "venv", str(venv)], check=True)
        subprocess.run(pip + ["-r", str(ROOT / "binder" / "requirements.txt")], check=True,
                       stderr=subprocess.DEVNULL)
        subprocess.run(pip + ["--no-deps", "-e", str(ROOT)], check=True,
                       stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        megabytes = disk_usage(venv) / 2**20
        version = subprocess.run([str(venv / "bin" / "python"), "--version"],
                                 capture_output=True, text=True).stdout.strip()
    print(f"reader environment ({version}):")
    print(f"  install time {seconds:6.1f} s    target <= {TARGET_S} s")
    print(f"  size on disk {megabytes:6.1f} MB   target <= {TARGET_MB} MB")
    ok = seconds <= TARGET_S and megabytes <= TARGET_MB
    print("all targets met" if ok else "some targets missed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
