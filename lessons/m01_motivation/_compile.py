"""Compile a lesson's C program into a shared library with the system's C compiler, load it with ctypes.

    library = load("nbody")          # builds c/nbody.c once, then reuses it
    library.nbody(1000, energies)

The build goes to a fresh temporary folder unless :func:`set_build_dir` names
one (the lesson's tests use a pytest temporary folder). Where no compiler is
found, :func:`missing_compiler` says what to install.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

SOURCES = Path(__file__).resolve().parent / "c"
# -O3 -march=native: what the Benchmarks Game's C programs are built with.
# -ffp-contract=off: no fused multiply-add, so that C does the same roundings as Python.
FLAGS = ["-O3", "-march=native", "-ffp-contract=off", "-shared", "-fPIC"]

_build_dir: Path | None = None
_loaded: dict[str, ctypes.CDLL] = {}


def compiler() -> str | None:
    """The C compiler to use: $CC, else the first of cc, gcc, clang on the PATH."""
    for name in (os.environ.get("CC"), "cc", "gcc", "clang"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def missing_compiler() -> str | None:
    """Why the C versions cannot run here, or None when they can."""
    if compiler() is None:
        return (
            "no C compiler found ($CC, cc, gcc, clang): install one to run the C versions "
            "(Debian/Ubuntu: apt install gcc; Fedora: dnf install gcc; macOS: xcode-select --install)"
        )
    return None


def set_build_dir(path: Path) -> None:
    """Build the libraries in ``path`` from now on."""
    global _build_dir
    _build_dir = Path(path)


def build(name: str) -> Path:
    """Compile ``c/<name>.c`` into a shared library and return its path."""
    global _build_dir
    cc = compiler()
    if cc is None:
        raise RuntimeError(missing_compiler())
    if _build_dir is None:
        _build_dir = Path(tempfile.mkdtemp(prefix="optbook-c-"))
    out = _build_dir / f"lib{name}.so"
    command = [cc, *FLAGS, "-o", str(out), str(SOURCES / f"{name}.c"), "-lm"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")
    return out


def load(name: str) -> ctypes.CDLL:
    """The compiled library of ``c/<name>.c``, built on first use."""
    if name not in _loaded:
        _loaded[name] = ctypes.CDLL(str(build(name)))
    return _loaded[name]
