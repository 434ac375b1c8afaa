"""The extrapolated time of a baseline skipped as too slow, and the estimated speedups it gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from optbook import cli, report
from optbook.estimate import baseline_estimates
from tests.helpers import bench, write_run


def too_slow(technique: str, size: int, grows_as: str = "3") -> dict[str, Any]:
    """A skipped-benchmark entry as the plugin saves it, with skip_if_too_slow's reason."""
    return {
        "fullname": f"lessons/m99_demo/test_demo.py::test_demo[{technique}-{size}]",
        "group": f"demo n={size}",
        "technique": technique,
        "params": {"technique": technique, "n": size},
        "reason": f"Skipped: {technique} at n={size} would take about 9 s a call (1 s at n=20, growing as "
        f"n^{grows_as}); scale small allows 2 s: use a larger --scale to run it",
    }


# the baseline "slow" grows exactly as n^3 where it ran (1 s at n=10, 8 s at n=20); skipped at n=40
RUN = [bench("slow", 1.0, size=10), bench("fast", 0.01, size=10), bench("slow", 8.0, size=20)]
RUN += [bench("fast", 0.08, size=20), bench("medium", 32.0, size=40), bench("fast", 0.5, size=40)]


def test_the_baseline_is_extrapolated_from_the_sizes_where_it_ran() -> None:
    estimates = baseline_estimates(RUN, [too_slow("slow", 40)])
    assert list(estimates) == ["demo n=40"]
    estimate = estimates["demo n=40"]
    assert estimate.seconds == pytest.approx(64.0)  # 1 s x (40 / 10)^3
    assert (estimate.technique, estimate.size_name, estimate.exponent, estimate.sizes) == ("slow", "n", 3.0, (10, 20))


def test_the_fit_is_a_least_squares_one_in_log_space() -> None:
    # 1 s at n=10 and 16 s at n=20 do not lie on one n^3 line: c is their geometric mean fit
    run = [bench("slow", 1.0, size=10), bench("slow", 16.0, size=20), bench("fast", 1.0, size=40)]
    estimate = baseline_estimates(run, [too_slow("slow", 40)])["demo n=40"]
    assert estimate.seconds == pytest.approx((1.0 * 4**3 * 16.0 * 2**3) ** 0.5)


@pytest.mark.parametrize(
    "skipped",
    [
        [],  # nothing skipped
        [{**too_slow("slow", 40), "reason": "Skipped: no GPU array library is installed: pip install cupy"}],
        [too_slow("medium", 40)],  # not the group's baseline
        [{**too_slow("slow", 40), "group": "demo n=80"}],  # a group with no benchmarks
        [{**too_slow("slow", 40), "params": {"technique": "slow"}}],  # no size to extrapolate to
    ],
    ids=["none", "other-reason", "not-the-baseline", "empty-group", "no-size"],
)
def test_no_estimate_without_a_baseline_skipped_as_too_slow(skipped: list[dict[str, Any]]) -> None:
    assert baseline_estimates(RUN, skipped) == {}


def test_no_estimate_for_a_baseline_that_never_ran() -> None:
    run = [bench("fast", 0.5, size=40), bench("medium", 1.0, size=40)]
    assert baseline_estimates(run, [too_slow("slow", 40)]) == {}


def test_the_report_marks_the_estimated_speedups_and_says_how_they_were_made() -> None:
    lines = report.speedup_report(RUN, None, skipped=[too_slow("slow", 40)], width=None)
    text = "\n".join(lines)
    assert "est. speedup" in text
    fast = next(line for line in lines if line.startswith("fast") and "~" in line)
    assert "~128x est." in fast  # 64 s over 0.5 s
    assert "slow's estimated 64 s a call, n^3 fitted to n = 10 to 20" in text
    assert report.ESTIMATE_LEGEND in lines
    # groups where the baseline ran have no estimate column
    table_10 = lines[lines.index(next(line for line in lines if line.startswith("demo n=10"))) :][:4]
    assert not any("est." in line for line in table_10)


def test_without_skipped_entries_the_report_is_unchanged() -> None:
    lines = report.speedup_report(RUN, None, width=None)
    assert not any("est." in line for line in lines)


def test_markdown_report_from_a_saved_run_shows_the_estimates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "results"
    write_run(results / "laptop", "0001_a.json", RUN, skipped=[too_slow("slow", 40)])
    assert cli.main(["--results", str(results), "report", "laptop", "--markdown"]) == 0
    out = capsys.readouterr().out
    assert "| medium | 32 s | 1.00x | ~2.00x est. |" in out
    assert report.ESTIMATE_LEGEND in out
