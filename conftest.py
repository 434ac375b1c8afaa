"""The book's root conftest: loads the optbook plugin (options, results, speedup table)."""

from optbook.report import natural_key

pytest_plugins = ["optbook.plugin", "optbook.exercises.plugin", "pytester"]


def pytest_benchmark_group_stats(config, benchmarks, group_by):
    """Group as pytest-benchmark does, then order groups naturally: n=64 before n=128."""
    from pytest_benchmark.plugin import pytest_benchmark_group_stats as default_grouping

    groups = default_grouping(config=config, benchmarks=benchmarks, group_by=group_by)
    return sorted(groups, key=lambda pair: natural_key(pair[0] or ""))
