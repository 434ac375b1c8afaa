"""tools/speed_states.py: the ratio of two techniques in bursts spaced apart, in one process."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import speed_states


def test_every_burst_prints_its_ratio_and_the_range_is_the_last_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert speed_states.main(["--n", "16", "--bursts", "3", "--pause", "0", "--calls", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    bursts = [line for line in lines if line.startswith("burst ")]
    assert [line.split(":")[0] for line in bursts] == ["burst 1", "burst 2", "burst 3"]
    ratios = [float(line.rsplit("ratio ", 1)[1]) for line in bursts]
    assert all(r > 0 for r in ratios)
    assert lines[-1] == f"ratio from {min(ratios):.2f} to {max(ratios):.2f} over 3 bursts 0 s apart"


def test_fresh_inputs_say_where_each_burst_s_array_starts(capsys: pytest.CaptureFixture[str]) -> None:
    assert speed_states.main(["--n", "16", "--bursts", "2", "--pause", "0", "--calls", "1", "--fresh-inputs"]) == 0
    bursts = [line for line in capsys.readouterr().out.splitlines() if line.startswith("burst ")]
    offsets = [line.split("a, b start ")[1].split(" bytes")[0].split(", ") for line in bursts]
    assert len(offsets) == 2 and all(0 <= int(o) < 64 and int(o) % 8 == 0 for pair in offsets for o in pair)


def test_the_packed_and_blas_medians_come_from_alternating_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    order: list[str] = []
    monkeypatch.setattr(speed_states.matmul, "matmul_numba_packed", lambda a, b: order.append("packed"))
    monkeypatch.setattr(speed_states.np, "matmul", lambda a, b: order.append("blas"))
    speed_states.burst_ratio(None, None, calls=3)  # type: ignore[arg-type]
    assert order == ["packed", "blas"] * 3


@pytest.mark.parametrize("argv", [["--n", "0"], ["--bursts", "0"], ["--calls", "0"], ["--pause", "-1"]])
def test_impossible_arguments_are_a_one_line_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        speed_states.main(argv)
    assert exit_info.value.code == 2
    assert "must be at least" in capsys.readouterr().err.splitlines()[-1]
