"""How many cores this process may really use, and who decides.

    python -m lessons.m05_hardware._cores

The operating system counts logical cores (hardware threads); a batch system or
container grants a share of them through the CPU affinity mask (Slurm's
``--cpus-per-task``, ``taskset``) or a CPU-time quota (cgroups, Docker's
``--cpus``); the libraries then start their own thread pools, sized by their
own rules (BLAS, numba, numexpr, OpenMP environment variables).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import psutil

BATCH_VARIABLES = (
    "SLURM_CPUS_PER_TASK", "SLURM_CPUS_ON_NODE", "SLURM_JOB_CPUS_PER_NODE", "SLURM_NTASKS",
    "PBS_NP", "NCPUS", "LSB_DJOB_NUMPROC", "NSLOTS",
    "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS", "NUMEXPR_NUM_THREADS",
    "NUMEXPR_MAX_THREADS",
)  # fmt: skip


def usable_cores() -> int:
    """The cores this process may run on (its affinity mask), which a batch job narrows."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def cpu_quota(root: Path = Path("/sys/fs/cgroup")) -> float | None:
    """The CPU-time quota of this process's cgroup in cores (e.g. 2.5), or None when there is none.

    cgroup v2 keeps it in ``cpu.max`` ("max 100000" or "250000 100000"), v1 in
    ``cpu/cpu.cfs_quota_us`` and ``cpu/cpu.cfs_period_us`` (-1: none).
    """
    try:
        if (root / "cpu.max").is_file():
            quota, period = (root / "cpu.max").read_text().split()[:2]
            return None if quota == "max" else int(quota) / int(period)
        v1 = root / "cpu"
        if (v1 / "cpu.cfs_quota_us").is_file():
            quota_us = int((v1 / "cpu.cfs_quota_us").read_text())
            return None if quota_us <= 0 else quota_us / int((v1 / "cpu.cfs_period_us").read_text())
    except (OSError, ValueError):
        return None
    return None


def thread_pools() -> list[str]:
    """The thread pools the numerical libraries would start, one line each."""
    import numpy  # noqa: F401  (threadpoolctl sees the BLAS library only once NumPy has loaded it)
    from threadpoolctl import threadpool_info

    pools = [f"{p['internal_api']} ({p['user_api']}): {p['num_threads']} threads" for p in threadpool_info()]
    try:
        import numba

        pools.append(f"numba: {numba.get_num_threads()} threads (NUMBA_NUM_THREADS={numba.config.NUMBA_NUM_THREADS})")
    except ImportError:
        pass
    try:
        import numexpr

        pools.append(f"numexpr: {numexpr.get_num_threads()} threads")
    except ImportError:
        pass
    return pools


def cores_report() -> dict[str, Any]:
    """Every count of cores that matters to a program, as plain data."""
    return {
        "logical_cores": psutil.cpu_count(logical=True),
        "physical_cores": psutil.cpu_count(logical=False),
        "usable_cores": usable_cores(),
        "cpu_quota_cores": cpu_quota(),
        "batch_variables": {name: os.environ[name] for name in BATCH_VARIABLES if name in os.environ},
        "thread_pools": thread_pools(),
    }


def main() -> None:
    """Print the cores this process may use and what BLAS, numba and the batch system say."""
    report = cores_report()
    logical, physical = report["logical_cores"], report["physical_cores"]
    print(f"logical cores (hardware threads) the OS sees: {logical}")
    print(f"physical cores: {physical}" + (f" ({logical // physical} threads per core)" if physical else ""))
    print(f"cores this process may run on (affinity mask): {report['usable_cores']}")
    quota = report["cpu_quota_cores"]
    print(f"CPU-time quota (cgroup): {'none' if quota is None else f'{quota:g} cores'}")
    variables = report["batch_variables"]
    print("batch system and thread variables: " + (", ".join(f"{k}={v}" for k, v in variables.items()) or "none set"))
    for line in report["thread_pools"]:
        print(f"thread pool: {line}")


if __name__ == "__main__":
    main()
