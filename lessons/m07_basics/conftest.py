"""Fixtures of the lesson's parallel topics: one Dask cluster per test run, pools closed at the end."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from lessons.m07_basics import _pools


@pytest.fixture(scope="session", autouse=True)
def _close_pools() -> Iterator[None]:
    """Shut down the thread and process pools the techniques started, once the tests are done."""
    yield
    _pools.close_all()


@pytest.fixture(scope="session")
def dask_client() -> Iterator[Any]:
    """A Dask cluster on this machine, one worker process per usable core, started once per run
    (it takes seconds: worker processes are spawned and import the lesson's modules again).

    Yields the Client, which becomes the default client that ``primes_dask`` finds, or a
    string saying why no cluster could start.
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        yield "Dask is not installed: pip install 'dask[distributed]'"
        return
    try:
        cluster = LocalCluster(
            n_workers=_pools.USABLE_CORES, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        )
        client = Client(cluster)
    except Exception as err:  # no sockets, no processes, a port clash...
        yield f"the Dask LocalCluster could not start here: {type(err).__name__}: {err}"
        return
    try:
        yield client
    finally:
        client.close()
        cluster.close()
