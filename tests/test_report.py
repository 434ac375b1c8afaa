"""The terminal and Markdown tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from optbook import cli, report
from tests.helpers import bench

ROOT = Path(__file__).resolve().parent.parent


def test_units() -> None:
    assert report.format_seconds(3.4) == "3.4 s"
    assert report.format_seconds(0.00127) == "1.27 ms"
    assert report.format_seconds(5e-7) == "500 ns"
    assert report.format_seconds(9.996e-7) == "1 us"
    assert report.format_factor(1.0) == "1.00x"
    assert report.format_factor(4560.4) == "4,560x"
    assert report.format_bytes(3 * 1024**2) == "3 MiB"


def test_groups_sort_naturally() -> None:
    assert sorted(["m n=128", "m n=64", "m n=1024"], key=report.natural_key) == ["m n=64", "m n=128", "m n=1024"]


def test_speedup_report_lists_baseline_first_and_rates() -> None:
    benches = [bench("fast", 0.1, flops=1e9, cores=2.0), bench("slow", 1.0, flops=1e9, cores=1.0)]
    lines = report.speedup_report(benches, {"gflops_float64": 20.0})
    rows = [line for line in lines if line.startswith(("slow", "fast"))]
    assert rows[0].startswith("slow") and rows[1].startswith("fast")
    header = next(line for line in lines if line.startswith("demo n=10"))
    assert "rate GFLOP/s" in header  # the unit in the header, not in every cell
    assert "10.0x" in rows[1] and " 10 " in rows[1] and "50%" in rows[1] and "2.00" in rows[1]
    assert "GFLOP/s" not in rows[1]


def test_speedup_report_compares_with_a_saved_run_and_notes_a_missing_baseline() -> None:
    now = [bench("medium", 1.0, size=5), bench("fast", 0.5, size=5)]
    saved = {now[1]["fullname"]: ("vm/0001", bench("fast", 1.0, size=5))}
    lines = report.speedup_report(now, None, saved)
    assert any(line.startswith("fast") and line.rstrip().endswith("2.00x") for line in lines)
    assert any(line.startswith("medium") and line.rstrip().endswith("new") for line in lines)
    assert any("slow skipped at this size" in line for line in lines)


def test_markdown_tables() -> None:
    lines = report.table(["a", "b"], [["x", "1"]], markdown=True)
    assert lines == ["| a | b |", "|:---|---:|", "| x | 1 |"]


def test_the_speedup_shows_its_interval_and_the_marks_their_legend() -> None:
    benches = [
        bench("slow", 1.0),
        bench("fast", 0.001, speedup_ci=[970.0, 1030.0], marks=["spread", "busy"]),
    ]
    lines = report.speedup_report(benches, None)
    fast = next(line for line in lines if line.startswith("fast"))
    assert "1,000x ±3%" in fast and fast.rstrip().endswith("sb")
    assert any(line.startswith("marks: s spread") and "b busy" in line for line in lines)
    assert any(line.startswith("±: half-width") for line in lines)


def test_a_rate_above_the_roof_is_flagged_never_shown_as_true() -> None:
    lines = report.speedup_report([bench("slow", 1.0, bytes=30e9)], {"gflops_float64": 10.0, "memory_gbytes": 20.0})
    row = next(line for line in lines if line.startswith("slow"))
    assert "150%!" in row and row.rstrip().endswith("!")
    assert any("above the measured peak" in line for line in lines)


def test_vs_marks_a_gain_within_noise_with_the_test_named() -> None:
    from optbook import stats

    now = [bench("slow", 1.0), bench("fast", 0.5)]
    now[1]["stats"]["data"] = [0.5, 0.52, 0.48, 0.51, 0.49]
    old = bench("fast", 0.5)
    old["stats"]["data"] = [0.49, 0.51, 0.5, 0.52, 0.48]
    lines = report.speedup_report(now, None, {now[1]["fullname"]: ("vm/0001", old)})
    assert next(line for line in lines if line.startswith("fast")).rstrip().endswith("1.00x ~")
    assert any(stats.SIGNIFICANCE_TEST in line for line in lines)


def test_skip_reasons_are_summarised_in_a_few_short_lines() -> None:
    reasons = [f"needs package {'abcde'[i % 5]}: pip install it " + "x" * 150 for i in range(9)]
    reasons += [f"Skipped: took {t} s a call; scale tiny allows 0.2 s" for t in (5.21, 6.3, 7)]
    lines = report.skip_summary(reasons, limit=3)
    assert lines[0] == "skipped 12:" and len(lines) == 5 and all(len(line) <= 100 for line in lines)
    assert lines[1] == "  3 x took 5.21 s a call; scale tiny allows 0.2 s"  # one reason, whatever the number
    assert lines[-1] == "  and 3 other reasons (pytest -rs lists them)"


REFERENCE_RUNS = ["reference/0001", "reference/0003", "reference/0005", "reference/0006", "reference/0009",
                  "reference/0010", "reference/0013", "reference/0014"]  # fmt: skip


@pytest.mark.parametrize("run", REFERENCE_RUNS)
def test_the_report_of_a_shipped_run_fits_100_columns(run: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--results", str(ROOT / "results"), "report", run]) == 0
    wide = [line for line in capsys.readouterr().out.splitlines() if len(line) > report.WIDTH]
    assert not wide, wide[0]


def test_a_machine_held_to_fewer_cores_says_so() -> None:
    from optbook import comparison
    from optbook.results import Run

    info = {"cpu_model": "AMD EPYC", "logical_cores": 2, "usable_cores": 1}
    run = Run(path=Path("vm-1core/0001.json"), label="vm-1core", data={"machine_info": {"optbook": info}})
    assert comparison.describe_machine([run]).startswith("AMD EPYC, 2 logical cores, held to 1")


def test_a_run_whose_peak_readings_differ_says_how_far_the_machine_moved() -> None:
    moved = {"gflops_float64_readings": [37.2, 70.9, 61.0], "memory_gbytes_readings": [12.4, 21.5, 16.0]}
    line = report.describe_peak_spread(moved)
    assert line is not None
    assert "3 peak readings ranged 37 to 71 GFLOP/s and 12.4 to 21.5 GB/s" in line
    # readings within a fifth of each other, a single reading, or none: nothing to say
    steady = {"gflops_float64_readings": [60.0, 65.0], "memory_gbytes_readings": [20.0, 21.0]}
    assert report.describe_peak_spread(steady) is None
    assert report.describe_peak_spread({"gflops_float64_readings": [60.0], "memory_gbytes_readings": [10.0]}) is None
    assert report.describe_peak_spread({}) is None and report.describe_peak_spread(None) is None
    # memory alone moving is enough
    assert "10.0 to 20.0 GB/s" in (report.describe_peak_spread({"memory_gbytes_readings": [10.0, 20.0]}) or "")
