"""The machine fingerprint and its measured peaks.

The fingerprint says what a run was measured on: the label the results are filed
under, CPU, cores, caches, memory, BLAS and its threads, numba's threading layer,
a GPU if any, and the versions of the lesson libraries. The peaks are measured,
not looked up: a large BLAS matrix product (compute) and a large multi-threaded
array copy (memory bandwidth), a few seconds once per pytest run.
"""

from __future__ import annotations

import itertools
import os
import platform
import re
import shutil
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import psutil

LABEL_ENV_VAR = "OPTBOOK_MACHINE"
LABEL_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
LIBRARIES = (
    "numpy", "scipy", "numexpr", "numba", "pandas", "pyarrow", "fastparquet", "zarr", "blosc2",
    "hypothesis", "pytest", "pytest-benchmark", "threadpoolctl", "cupy", "torch",
)  # fmt: skip


class LabelError(ValueError):
    """A machine label that cannot name a results folder."""


def check_label(label: str) -> str:
    """Return ``label`` if it can name a folder under results/, else raise LabelError."""
    if not LABEL_PATTERN.match(label):
        raise LabelError(
            f"bad machine label {label!r}: use 1 to 64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return label


def machine_label(explicit: str | None = None) -> str:
    """The label results are filed under: ``--machine``, then $OPTBOOK_MACHINE, then the short host name."""
    if explicit is not None and not explicit.strip():
        raise LabelError("empty machine label: give --machine LABEL, or leave the option out to use the host name")
    label = explicit or os.environ.get(LABEL_ENV_VAR) or socket.gethostname().split(".")[0] or "unknown"
    return check_label(label)


def _cpu_model() -> str:
    if Path("/proc/cpuinfo").exists():
        for line in Path("/proc/cpuinfo").read_text(errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    if platform.system() == "Darwin":
        try:
            out = subprocess.run(
                ["sysctl", "-n", "machdep.cpu.brand_string"], capture_output=True, text=True, timeout=5
            )
            if out.stdout.strip():
                return out.stdout.strip()
        except OSError:
            pass
    return platform.processor() or platform.machine()


def _caches() -> dict[str, str]:
    """Cache sizes of the first CPU, from Linux sysfs (L1d, L1i, L2, L3); empty elsewhere."""
    caches: dict[str, str] = {}
    for index in sorted(Path("/sys/devices/system/cpu/cpu0/cache").glob("index*")):
        try:
            level = (index / "level").read_text().strip()
            kind = (index / "type").read_text().strip()
            size = (index / "size").read_text().strip()
        except OSError:
            continue
        suffix = {"Data": "d", "Instruction": "i"}.get(kind, "")
        caches[f"L{level}{suffix}"] = size
    return caches


def cache_bytes(size: str) -> int:
    """Turn a sysfs cache size such as '32K' or '32768K' into bytes."""
    match = re.fullmatch(r"(\d+)\s*([KMG]?)B?", size.strip(), re.IGNORECASE)
    if not match:
        raise ValueError(f"not a cache size: {size!r}")
    return int(match.group(1)) * {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}[match.group(2).upper()]


def _blas() -> list[dict[str, Any]]:
    from threadpoolctl import threadpool_info

    keys = ("user_api", "internal_api", "num_threads", "version", "architecture", "threading_layer")
    pools = []
    for pool in threadpool_info():
        entry = {k: pool.get(k) for k in keys if pool.get(k) is not None}
        if pool.get("filepath"):  # whose copy it is: numpy.libs, scipy.libs, ...
            entry["library"] = f"{Path(pool['filepath']).parent.name}/{Path(pool['filepath']).name}"
        pools.append(entry)
    return pools


def _numba() -> dict[str, Any]:
    try:
        import numba
    except ImportError:
        return {"installed": False}
    return {
        "threads": numba.config.NUMBA_NUM_THREADS,
        "threading_layer": numba.config.THREADING_LAYER,
    }


def _gpu() -> list[str]:
    """GPU names from nvidia-smi; an empty list where there is none."""
    if not shutil.which("nvidia-smi"):
        return []
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"],
            capture_output=True, text=True, timeout=10,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.strip() for line in out.stdout.splitlines() if line.strip()]


def _versions() -> dict[str, str]:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def fingerprint(label: str) -> dict[str, Any]:
    """Everything that says what this machine is, as plain JSON-ready data."""
    freq = psutil.cpu_freq()
    return {
        "label": label,
        "host": socket.gethostname(),
        "cpu_model": _cpu_model(),
        "physical_cores": psutil.cpu_count(logical=False),
        "logical_cores": psutil.cpu_count(logical=True),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_mhz_max": round(freq.max) if freq and freq.max else None,
        "cpu_mhz_now": round(freq.current) if freq and freq.current else None,
        "caches": _caches(),
        "memory_gib": round(psutil.virtual_memory().total / 1024**3, 1),
        "blas": _blas(),
        "numba": _numba(),
        "gpu": _gpu(),
        "python": platform.python_version(),
        "versions": _versions(),
    }


def _best_seconds(fn: Any, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _gemm_gflops(dtype: type, budget: float) -> float:
    """Best GFLOP/s of a square BLAS product, the size doubled until a call takes a twentieth of ``budget``."""
    n = 512
    while True:
        a = np.random.default_rng(0).random((n, n)).astype(dtype)
        seconds = _best_seconds(lambda a=a: a @ a, 2)
        if seconds >= budget / 20 or n >= 8192:
            break
        n *= 2
    seconds = _best_seconds(lambda: a @ a, 3)
    return 2 * n**3 / seconds / 1e9


def _copy_array_bytes() -> int:
    """Four times the last-level cache, at least 128 MiB, at most 1 GiB or an eighth of free memory."""
    last_level = max((cache_bytes(size) for size in _caches().values()), default=0)
    wanted = max(128 * 1024**2, 4 * last_level)
    return int(min(wanted, 1024**3, psutil.virtual_memory().available // 8))


def _copy_gbytes() -> float:
    """Best GB/s of a copy of a large array split over one thread per core (bytes read + written)."""
    array_bytes = _copy_array_bytes()
    src = np.ones(array_bytes // 8)
    dst = np.empty_like(src)
    workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    bounds = np.linspace(0, src.size, workers + 1).astype(int)
    chunks = list(itertools.pairwise(bounds))
    with ThreadPoolExecutor(workers) as pool:

        def copy() -> None:
            list(pool.map(lambda se: np.copyto(dst[se[0] : se[1]], src[se[0] : se[1]]), chunks))

        copy()  # touch the pages once, so page faults are not timed
        seconds = _best_seconds(copy, 5)
    return 2 * src.nbytes / seconds / 1e9


def measure_peaks(budget: float = 1.0) -> dict[str, float]:
    """Measure this machine's peaks: BLAS float64 and float32 GFLOP/s and copy GB/s (a few seconds)."""
    start = time.perf_counter()
    peaks = {
        "gflops_float64": round(_gemm_gflops(np.float64, budget), 2),
        "gflops_float32": round(_gemm_gflops(np.float32, budget), 2),
        "memory_gbytes": round(_copy_gbytes(), 2),
    }
    peaks["seconds_to_measure"] = round(time.perf_counter() - start, 2)
    return peaks


def summary(info: dict[str, Any]) -> list[str]:
    """A fingerprint as a few readable lines (``optbook machine``; ``--json`` prints it raw)."""
    cores = f"{info.get('physical_cores')} physical, {info.get('logical_cores')} logical cores"
    if info.get("usable_cores") != info.get("logical_cores"):
        cores += f" ({info.get('usable_cores')} usable by this process)"
    clock = f", up to {info['cpu_mhz_max']} MHz" if info.get("cpu_mhz_max") else ""
    caches = ", ".join(f"{level} {size}" for level, size in (info.get("caches") or {}).items()) or "unknown"
    blas = [
        f"{pool.get('internal_api')} {pool.get('version', '')} ({pool.get('num_threads')} threads)"
        for pool in info.get("blas") or []
        if pool.get("user_api") == "blas"
    ]
    numba = info.get("numba") or {}
    numba_line = (
        f"{numba.get('threads')} threads, threading layer {numba.get('threading_layer')}"
        if numba.get("installed", True)
        else "not installed"
    )
    versions = ", ".join(f"{name} {version}" for name, version in (info.get("versions") or {}).items())
    return [
        f"machine {info.get('label')} (host {info.get('host')})",
        f"  CPU:     {info.get('cpu_model')}, {cores}{clock}",
        f"  caches:  {caches}",
        f"  memory:  {info.get('memory_gib')} GiB",
        f"  BLAS:    {'; '.join(blas) or 'none found'}",
        f"  numba:   {numba_line}",
        f"  GPU:     {'; '.join(info.get('gpu') or []) or 'none'}",
        f"  Python:  {info.get('python')}",
        f"  versions: {versions}",
    ]
