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
    """A Dask cluster, started once per run (it takes seconds: worker processes start and import
    the lesson's modules again): on this machine, one worker process per usable core; or, with
    OPTBOOK_DASK=slurm, workers that are SLURM jobs (see optbook.cluster.dask_cluster).

    Yields the Client, which becomes the default client that ``primes_dask`` finds, or a
    string saying why no cluster could start. Client, cluster and worker jobs end with the run.
    """
    from optbook.cluster.dask_cluster import dask_client as start_dask

    with start_dask(_pools.USABLE_CORES) as client:
        yield client
