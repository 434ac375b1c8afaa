"""The Dask cluster that the lessons' Dask techniques run on: this machine, or SLURM nodes.

The lessons that use Dask (m06, m07) take their cluster from :func:`dask_client`, chosen by
environment variables:

- ``OPTBOOK_DASK=local`` (the default): a ``distributed.LocalCluster`` on this machine, one
  worker process of one thread per usable core;
- ``OPTBOOK_DASK=slurm``: a ``dask_jobqueue.SLURMCluster``: each worker is a SLURM job of its own,
  possibly on another node. ``OPTBOOK_DASK_WORKERS`` workers (default: this machine's usable cores)
  of ``OPTBOOK_DASK_CORES`` cores each (default 1), ``OPTBOOK_DASK_MEMORY`` each (default 2GiB),
  in partition ``OPTBOOK_DASK_PARTITION`` charged to ``OPTBOOK_DASK_ACCOUNT`` (the cluster's
  defaults when unset), for ``OPTBOOK_DASK_WALLTIME`` (default 01:00:00). The scheduler listens on
  the network interface ``OPTBOOK_DASK_INTERFACE`` (e.g. ``ib0``; ``lo`` when all runs on one
  machine; unset: the host's own address), which every worker node must reach. The workers' logs
  go to ``OPTBOOK_DASK_LOGS`` (default slurm-logs/dask).

Lessons run in one pytest session share one cluster (two clusters of one-core SLURM jobs could
wait for each other's cores). Whatever happens in between, the client, the cluster and its SLURM
jobs are shut down when the last lesson using them is done.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

ENV_VAR = "OPTBOOK_DASK"
KINDS = ("local", "slurm")
START_SECONDS = 180  # SLURM may queue the worker jobs a while
_OPEN: dict[tuple[str, int], list[Any]] = {}  # (kind, workers): [cluster, client, users]


def kind() -> str:
    """The kind of Dask cluster asked for: ``local`` or ``slurm``."""
    chosen = os.environ.get(ENV_VAR, "local").strip().lower() or "local"
    if chosen not in KINDS:
        raise ValueError(f"{ENV_VAR}={chosen!r}: use one of {', '.join(KINDS)}")
    return chosen


def slurm_settings(workers: int) -> dict[str, Any]:
    """The SLURMCluster's arguments and the number of workers, from the OPTBOOK_DASK_* variables."""
    env = os.environ.get
    cores = int(env("OPTBOOK_DASK_CORES", "1"))
    return {
        "workers": int(env("OPTBOOK_DASK_WORKERS", str(workers))),
        "cores": cores,
        "processes": 1,  # one worker process per job, with ``cores`` threads
        "memory": env("OPTBOOK_DASK_MEMORY", "2GiB"),
        "walltime": env("OPTBOOK_DASK_WALLTIME", "01:00:00"),
        "queue": env("OPTBOOK_DASK_PARTITION") or None,
        "account": env("OPTBOOK_DASK_ACCOUNT") or None,
        "interface": env("OPTBOOK_DASK_INTERFACE") or None,
        "python": sys.executable,  # the workers run this Python: the same virtual environment
        "job_name": "optbook-dask",
        "log_directory": env("OPTBOOK_DASK_LOGS", "slurm-logs/dask"),  # the workers' logs, one per job
        "scheduler_options": {"dashboard_address": None},
    }


def _start_local(workers: int) -> tuple[Any, Any]:
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    return cluster, Client(cluster)


def _start_slurm(workers: int) -> tuple[Any, Any]:
    from dask_jobqueue import SLURMCluster
    from distributed import Client

    settings = slurm_settings(workers)
    count = settings.pop("workers")
    cluster = SLURMCluster(**settings)
    try:
        cluster.scale(n=count)
        client = Client(cluster)
        client.wait_for_workers(count, timeout=START_SECONDS)
    except BaseException:
        cluster.close()
        raise
    return cluster, client


def _missing(kind_: str) -> str | None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return "Dask is not installed: pip install 'dask[distributed]'"
    if kind_ == "slurm":
        try:
            import dask_jobqueue  # noqa: F401
        except ImportError:
            return f"{ENV_VAR}=slurm needs dask-jobqueue: pip install dask-jobqueue (or 'optbook[cluster]')"
    return None


@contextmanager
def dask_client(workers: int) -> Iterator[Any]:
    """A Dask ``Client`` (the default client while it is open) on the cluster ``OPTBOOK_DASK`` asks for,
    with ``workers`` one-core workers unless told otherwise; or, where none can start, a string
    saying why (for a test to skip with). Nested calls asking for the same cluster share it; the
    client and the cluster (its SLURM jobs included) are closed when the outermost call ends."""
    try:
        chosen = kind()
    except ValueError as err:
        yield str(err)
        return
    reason = _missing(chosen)
    if reason:
        yield reason
        return
    key = (chosen, workers)
    if key not in _OPEN:
        try:
            cluster, client = _start_slurm(workers) if chosen == "slurm" else _start_local(workers)
        except Exception as err:  # no sockets, no processes, a port clash, no SLURM, workers never came...
            yield f"the Dask {chosen} cluster could not start here: {type(err).__name__}: {err}"
            return
        _OPEN[key] = [cluster, client, 0]
    _OPEN[key][2] += 1
    try:
        yield _OPEN[key][1]
    finally:
        _OPEN[key][2] -= 1
        if _OPEN[key][2] == 0:
            cluster, client, _ = _OPEN.pop(key)
            client.close()
            cluster.close()
