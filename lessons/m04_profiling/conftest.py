"""Lesson m04's fixtures: the simulated sensor logs, written once per test run."""

from __future__ import annotations

import pytest

from lessons.m04_profiling._testing import LogFiles


@pytest.fixture(scope="session")
def sensor_logs(tmp_path_factory: pytest.TempPathFactory) -> LogFiles:
    """Call it with a number of lines: (path, known sensors) of a log that size, made on first use."""
    return LogFiles(tmp_path_factory.mktemp("sensor-logs"))


@pytest.fixture(scope="session")
def scratch_dir(tmp_path_factory: pytest.TempPathFactory):
    """A folder for the small logs the property tests write (hypothesis cannot use tmp_path)."""
    return tmp_path_factory.mktemp("generated-logs")
