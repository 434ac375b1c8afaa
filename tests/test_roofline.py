"""Tests of optbook.roofline: placing benchmarks, drawing the picture, and the command's mistakes."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from optbook import roofline
from tests.helpers import bench, write_run

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def placed(technique: str, median: float, flops: float, moved: float, **extra) -> dict:
    return bench(technique, median, lesson="m05_hardware", flops=flops, bytes=moved, topic="demo", **extra)


@pytest.fixture
def results(tmp_path: Path) -> Path:
    """A results folder with one run: two placeable benchmarks, one with flops only, one with neither."""
    root = tmp_path / "results"
    write_run(
        root / "laptop",
        "0001_run.json",
        [
            placed("triad", 0.01, flops=2e6, moved=24e6),  # 0.2 GFLOP/s at 1/12 flop per byte
            placed("matmul", 0.1, flops=2e9, moved=24e6, size=20, dtype="float32"),  # 20 GFLOP/s
            bench("flops_only", 0.5, lesson="m09_matmul", flops=1e9),
            bench("plain", 0.5, lesson="m04_profiling"),
        ],
    )
    return root


def test_points_take_intensity_and_rate_from_extra_info(results: Path) -> None:
    from optbook.results import merged_benchmarks, resolve

    found = {p.label.split()[0]: p for p in roofline.points(merged_benchmarks(resolve("laptop", results)).values())}
    assert set(found) == {"triad", "matmul"}
    assert math.isclose(found["triad"].intensity, 2e6 / 24e6)
    assert math.isclose(found["triad"].gflops, 0.2)
    assert math.isclose(found["matmul"].gflops, 20.0)
    assert found["matmul"].dtype == "float32" and found["triad"].dtype == "float64"
    assert found["triad"].label == "triad n=10" and found["triad"].topic == "demo"


def test_points_skip_what_cannot_be_placed() -> None:
    assert roofline.points([bench("zero", 0.0, flops=1.0, bytes=1.0), bench("no_bytes", 1.0, flops=1.0)]) == []


def test_the_roof_is_the_lower_of_compute_and_memory() -> None:
    assert roofline.roof(0.1, gflops_peak=10.0, gbytes_peak=5.0) == pytest.approx(0.5)
    assert roofline.roof(100.0, gflops_peak=10.0, gbytes_peak=5.0) == 10.0


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_main_draws_the_picture(results: Path, tmp_path: Path, suffix: str, capsys) -> None:
    out = tmp_path / f"roofline{suffix}"
    assert roofline.main(["laptop", "-o", str(out), "--results", str(results)]) == 0
    data = out.read_bytes()
    assert data.startswith(PNG_MAGIC) if suffix == ".png" else b"<svg" in data[:2000]
    text = capsys.readouterr().out
    assert "2 benchmarks placed under the roofs of laptop/0001_run" in text
    assert "ridge at 2.00 flops/byte" in text  # 10 GFLOP/s over 5 GB/s, the helper run's peaks
    assert text.rstrip().endswith("not placed: 1 benchmarks recorded flops but no bytes")  # after the list
    assert "triad n=10: 0.0833 flops/byte, 0.2 GFLOP/s (48% of its float64 roof)" in text


def test_float32_points_are_judged_against_the_float32_roof(tmp_path: Path, capsys) -> None:
    root = tmp_path / "results"
    peaks = {"gflops_float64": 10.0, "gflops_float32": 40.0, "memory_gbytes": 5.0}
    write_run(root / "m", "0001_x.json", [placed("mm", 0.1, flops=2e9, moved=1e6, dtype="float32")], peaks=peaks)
    assert roofline.main(["m", "-o", str(tmp_path / "r.png"), "--results", str(root)]) == 0
    assert "20 GFLOP/s (50% of its float32 roof)" in capsys.readouterr().out  # not 200% of the float64 roof


def test_the_roofs_come_from_the_run_the_points_come_from(tmp_path: Path, capsys) -> None:
    root = tmp_path / "results"
    write_run(
        root / "m",
        "0001_a.json",
        [placed("triad", 0.01, 2e6, 24e6)],
        peaks={"gflops_float64": 10.0, "memory_gbytes": 4.0},
    )
    write_run(root / "m", "0002_b.json", [bench("other", 0.1, lesson="m09_matmul", flops=1e9, bytes=1e6)],
              peaks={"gflops_float64": 99.0, "memory_gbytes": 99.0})  # fmt: skip
    assert roofline.main(["m", "-o", str(tmp_path / "r.png"), "--lesson", "m05_hardware", "--results", str(root)]) == 0
    text = capsys.readouterr().out
    assert "under the roofs of m/0001_a" in text and "(60% of its float64 roof)" in text  # 2.4 GB/s of 4


def test_main_takes_a_file_and_a_lesson(results: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.png"
    run_file = results / "laptop" / "0001_run.json"
    assert roofline.main([str(run_file), "-o", str(out), "--lesson", "m05_hardware"]) == 0
    assert out.read_bytes().startswith(PNG_MAGIC)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nobody", "-o", "{tmp}/r.png"], "no saved runs for 'nobody'"),
        (["laptop", "-o", "{tmp}/r.txt"], "name a .png, .svg, .pdf file"),
        (["laptop", "-o", "{tmp}/no/such/folder/r.png"], "no such folder"),
        (["laptop", "-o", "{tmp}/r.png", "--lesson", "m04_profiling"], "recorded both flops and bytes"),
        (["laptop"], "required: -o/--output"),
        ([], "required"),
    ],
)
def test_mistakes_are_one_line_and_status_2(
    argv: list[str], message: str, results: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv] + ["--results", str(results)]
    assert roofline.main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("optbook roofline: error: ") and message in err
    assert not (tmp_path / "r.png").exists()


def test_a_run_without_peaks_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "results"
    write_run(root / "m", "0001_x.json", [placed("triad", 0.01, 2e6, 24e6)], peaks={})
    assert roofline.main(["m", "-o", str(tmp_path / "r.png"), "--results", str(root)]) == 2
    assert "has no measured peaks" in capsys.readouterr().err


def test_a_corrupt_run_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "results" / "m" / "0001_x.json"
    bad.parent.mkdir(parents=True)
    bad.write_text('{"benchmarks": [')
    assert roofline.main(["m", "-o", str(tmp_path / "r.png"), "--results", str(tmp_path / "results")]) == 2
    err = capsys.readouterr().err
    assert "0001_x.json" in err and "not valid JSON" in err
