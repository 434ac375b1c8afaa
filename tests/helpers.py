"""Small builders for the harness tests: benchmarks and saved runs in pytest-benchmark's JSON form."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def bench(
    technique: str,
    median: float,
    *,
    size: int = 10,
    baseline: str = "slow",
    lesson: str = "m99_demo",
    spread: float = 0.01,
    rounds: int = 5,
    **extra: Any,
) -> dict[str, Any]:
    """One benchmark as saved: group 'demo n=<size>', technique and baseline in extra_info."""
    return {
        "group": f"demo n={size}",
        "name": f"test_demo[{technique}-{size}]",
        "fullname": f"lessons/{lesson}/test_demo.py::test_demo[{technique}-{size}]",
        "params": {"technique": technique, "n": size},
        "param": f"{technique}-{size}",
        "extra_info": {"technique": technique, "baseline": baseline, "lesson": lesson, **extra},
        "options": {},
        "stats": {
            "median": median,
            "q1": median * (1 - spread),
            "q3": median * (1 + spread),
            "min": median * (1 - spread),
            "max": median * (1 + spread),
            "mean": median,
            "stddev": median * spread,
            "rounds": rounds,
            "iterations": 1,
        },
    }


def write_run(folder: Path, name: str, benches: list[dict[str, Any]], **optbook: Any) -> Path:
    """Save a run the way pytest-benchmark does, with an optbook section."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    data = {
        "machine_info": {"optbook": {"cpu_model": "Test CPU", "logical_cores": 4}},
        "commit_info": {},
        "benchmarks": benches,
        "datetime": "2026-11-23T10:00:00+00:00",
        "version": "5.3.1",
        "optbook": {"scale": "tiny", "peaks": {"gflops_float64": 10.0, "memory_gbytes": 5.0}, **optbook},
    }
    path.write_text(json.dumps(data))
    return path
