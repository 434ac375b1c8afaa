"""Lesson m05's fixtures: worker pools shut down at the end of the run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lessons.m05_hardware import workers


@pytest.fixture(scope="session", autouse=True)
def _close_worker_pools() -> Iterator[None]:
    """Shut down the process pools the workers topic started, once the tests are done."""
    yield
    workers._close_pools()
