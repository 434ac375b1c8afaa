"""Tests of the lesson's cost helpers: RAPL energy counters (faked in a folder) and CPU-seconds."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import pytest

from lessons.m01_motivation import _energy, _facts


def fake_rapl(root: Path, readings: list[int], max_range: int = 1000) -> Path:
    """A powercap tree with one package domain whose counter reads ``readings`` in turn."""
    domain = root / "intel-rapl:0"
    (domain / "intel-rapl:0:0").mkdir(parents=True)  # a sub-domain: must not be counted again
    (domain / "max_energy_range_uj").write_text(str(max_range))
    (domain / "energy_uj").write_text(str(readings[0]))
    return domain


def test_no_powercap_means_cpu_seconds_and_a_reason(tmp_path: Path) -> None:
    facts = _energy.measure_call(lambda: sum(range(10_000)), root=tmp_path / "absent")
    assert facts["energy_joules"] is None
    assert "RAPL energy counters absent" in facts["energy_source"]
    assert facts["cpu_seconds"] >= 0 and facts["wall_seconds"] > 0


def spin(seconds: float) -> None:
    """Use ``seconds`` of CPU time (not wall time: it holds on a busy machine too)."""
    start = time.process_time()
    while time.process_time() - start < seconds:
        pass


def _pool_cpu_seconds(method: str, answer: multiprocessing.Queue) -> None:
    """In a fresh process: the CPU-seconds _energy counts for a pool of two workers started with ``method``."""
    context = multiprocessing.get_context(method)

    def work() -> None:
        with context.Pool(2) as pool:
            pool.map(spin, [0.2] * 4)

    answer.put(_energy.measure_call(work, root=Path("/nonexistent"))["cpu_seconds"])


@pytest.mark.parametrize("method", ["fork", "forkserver", "spawn"])
def test_cpu_seconds_count_the_workers_of_a_pool(method: str) -> None:
    """Pool workers are counted whoever starts them: with "forkserver" they are grandchildren,
    which the kernel's count of waited-for children never sees.

    The pool is started from a fresh (spawned) process: forking one from pytest's process, which
    runs BLAS and numba threads, can deadlock a worker on a lock another thread held at the fork.
    """
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"the {method!r} start method does not exist on this system")
    fresh = multiprocessing.get_context("spawn")
    answer = fresh.Queue()
    process = fresh.Process(target=_pool_cpu_seconds, args=(method, answer))
    process.start()
    try:
        cpu_seconds = answer.get(timeout=120)
    finally:
        process.join(30)
        if process.is_alive():
            process.kill()
    assert cpu_seconds >= 0.8  # four tasks of 0.2 CPU-seconds each


def test_joules_from_the_package_counter(tmp_path: Path) -> None:
    domain = fake_rapl(tmp_path, [100])
    domains, missing = _energy.rapl_domains(tmp_path)
    assert missing is None and domains == [domain]

    def spend() -> None:
        (domain / "energy_uj").write_text("2500100")  # 2.5 J later

    facts = _energy.measure_call(spend, root=tmp_path)
    assert facts["energy_joules"] == 2.5
    assert "intel-rapl:0" in facts["energy_source"]


def test_a_wrapped_counter_is_unwrapped(tmp_path: Path) -> None:
    domain = fake_rapl(tmp_path, [900], max_range=1000)
    assert _energy._joules([domain], [900], [100]) == 200 / 1e6


def test_unreadable_counters_are_named(tmp_path: Path) -> None:
    domain = fake_rapl(tmp_path, [0])
    (domain / "energy_uj").write_text("not a number")
    domains, missing = _energy.rapl_domains(tmp_path)
    assert domains == [] and "not readable" in missing


def bench(program: str, technique: str, median: float) -> dict:
    return {
        "group": f"{program} n=1",
        "stats": {"median": median},
        "extra_info": {"lesson": "m01_motivation", "topic": program, "technique": f"{program}_{technique}"},
    }


def test_ratio_table_sets_this_machine_beside_the_study() -> None:
    benches = [bench("nbody", "python", 1.0), bench("nbody", "c", 0.01), bench("nbody", "numba", 0.02)]
    lines = _facts.ratio_lines(benches)
    row = next(line for line in lines if line.startswith("nbody n=1"))
    assert "100x" in row and "134x" in row and "2.00" in row
    assert any("Pereira et al., SLE 2017" in line for line in lines)
