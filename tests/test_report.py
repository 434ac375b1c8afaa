"""The terminal and Markdown tables."""

from __future__ import annotations

from optbook import report
from tests.helpers import bench


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
    assert "10.0x" in rows[1] and "10 GFLOP/s" in rows[1] and "50%" in rows[1] and "2.00" in rows[1]


def test_speedup_report_compares_with_a_saved_run_and_notes_a_missing_baseline() -> None:
    now = [bench("medium", 1.0, size=5), bench("fast", 0.5, size=5)]
    saved = {now[1]["fullname"]: ("vm/0001", bench("fast", 1.0, size=5))}
    lines = report.speedup_report(now, None, saved)
    assert any(line.startswith("fast") and line.rstrip().endswith("2.00x") for line in lines)
    assert any(line.startswith("medium") and line.rstrip().endswith("new") for line in lines)
    assert any("slow was skipped at this size" in line for line in lines)


def test_markdown_tables() -> None:
    lines = report.table(["a", "b"], [["x", "1"]], markdown=True)
    assert lines == ["| a | b |", "|:---|---:|", "| x | 1 |"]
