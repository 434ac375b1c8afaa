"""The optbook command: compare, list, report, machine; and its one-line errors."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from optbook import cli
from tests.helpers import bench, write_run


@pytest.fixture
def results(tmp_path: Path) -> Path:
    """Two machines: a laptop (two runs) and a cluster node twice as fast on the fast technique."""
    root = tmp_path / "results"
    write_run(root / "laptop", "0001_a.json", [bench("slow", 1.0), bench("fast", 0.1)])
    write_run(root / "laptop", "0002_b.json", [bench("slow", 1.0), bench("fast", 0.1), bench("fast", 0.4, size=20)])
    write_run(root / "cluster", "0001_c.json", [bench("slow", 0.9), bench("fast", 0.05), bench("slow", 3.0, size=20)])
    return root


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def digest(root: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def test_compare_two_machines(results: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "--results", str(results), "compare", "laptop", "cluster")
    assert code == 0
    assert "2 benchmarks in common" in out
    fast = next(line for line in out.splitlines() if line.startswith("fast"))
    assert "2.00x" in fast  # 0.1 s on the laptop, 0.05 s on the cluster
    assert "10.0x" in fast and "18.0x" in fast  # each machine's own speedup against its baseline
    slow = next(line for line in out.splitlines() if line.startswith("slow"))
    assert "1.11x" in slow
    # the machines in the order given; above 1 the second is faster
    assert "m99_demo: laptop vs cluster: geometric mean gain 1.49x (cluster faster) over 2 benchmarks" in out


def test_compare_marks_differences_within_noise(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = write_run(tmp_path / "a", "0001_x.json", [bench("slow", 1.0, spread=0.1), bench("fast", 0.5, spread=0.01)])
    b = write_run(tmp_path / "b", "0001_x.json", [bench("slow", 1.05, spread=0.1), bench("fast", 0.25, spread=0.01)])
    code, out, _ = run_cli(capsys, "compare", str(a), str(b))
    assert code == 0
    assert next(line for line in out.splitlines() if line.startswith("slow")).count("~") == 1
    assert "~" not in next(line for line in out.splitlines() if line.startswith("fast"))


def test_compare_one_run_of_a_label_and_three_machines(results: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "--results", str(results), "compare", "laptop/0001", "laptop/0002", "cluster")
    assert code == 0
    assert "gain laptop/0002" in out and "gain cluster" in out


def test_results_folder_from_the_environment(
    results: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPTBOOK_RESULTS", str(results))
    code, out, _ = run_cli(capsys, "list")
    assert code == 0
    assert "laptop:" in out and "0002_b.json" in out and "3 benchmarks" in out


BROKEN = {
    "truncated.json": '{"benchmarks": [{"fullname": "x", "stats": {"median": 1',
    "empty.json": "",
    "foreign.json": json.dumps({"name": "not a benchmark run"}),
    "list.json": json.dumps([1, 2, 3]),
    "nostats.json": json.dumps({"benchmarks": [{"fullname": "x"}]}),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_file_is_one_line_naming_it(
    name: str, results: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / name
    broken.write_text(BROKEN[name])
    before = digest(results) | digest(tmp_path)
    code, out, err = run_cli(capsys, "--results", str(results), "compare", "laptop", str(broken))
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and str(broken) in err and "Traceback" not in err
    assert digest(results) | digest(tmp_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "laptop", "nowhere"], "no saved runs for 'nowhere'"),
        (["compare", "laptop/0009", "cluster"], "laptop has no run numbered '0009'"),
        (["compare", "laptop"], "at least two"),
        (["report", "laptop", "--lesson", "m01_motivation"], "no benchmarks of lesson 'm01_motivation'"),
        (["machine", "--machine", "a/b", "--no-peaks"], "bad machine label 'a/b'"),
    ],
)
def test_user_mistakes_are_one_line(
    args: list[str], message: str, results: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "--results", str(results), *args)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1


def test_runs_with_nothing_in_common(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = write_run(tmp_path / "a", "0001_x.json", [bench("slow", 1.0, size=1)])
    b = write_run(tmp_path / "b", "0001_x.json", [bench("slow", 1.0, size=2)])
    code, _, err = run_cli(capsys, "compare", str(a), str(b))
    assert code == 2 and "no benchmark in common" in err


def test_list_flags_an_unreadable_run(results: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (results / "laptop" / "0003_bad.json").write_text("{")
    code, out, _ = run_cli(capsys, "--results", str(results), "list")
    assert code == 0
    assert "0003_bad.json  skipped: not valid JSON (Expecting" in out


def test_list_with_no_results(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "--results", str(tmp_path / "none"), "list")
    assert code == 0 and "no saved runs" in out


def test_report_in_markdown(results: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "--results", str(results), "report", "laptop/0002", "--markdown")
    assert code == 0
    assert "| demo n=10 | median | speedup |" in out
    assert "| fast | 100 ms | 10.0x |" in out


def test_report_of_some_groups_only(results: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "--results", str(results), "report", "laptop/0002", "--group", "demo n=20")
    assert code == 0 and "demo n=20" in out and "demo n=10" not in out
    code, out, _ = run_cli(capsys, "--results", str(results), "report", "laptop/0002", "--except-group", "demo n=20")
    assert code == 0 and "demo n=10" in out and "demo n=20" not in out
    code, _, err = run_cli(capsys, "--results", str(results), "report", "laptop/0002", "--group", "nothing")
    assert code != 0 and "'demo n=10', 'demo n=20'" in err and len(err.strip().splitlines()) == 1


def test_machine_fingerprint_without_peaks(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "machine", "--machine", "laptop-1", "--no-peaks")
    assert code == 0
    assert out.startswith("machine laptop-1 (host ") and "  CPU:  " in out and "peaks not measured" in out
    code, out, _ = run_cli(capsys, "machine", "--machine", "laptop-1", "--no-peaks", "--json")
    assert code == 0
    info = json.loads(out)
    assert info["label"] == "laptop-1"
    assert info["logical_cores"] >= 1 and "numpy" in info["versions"]


def test_the_command_is_installed() -> None:
    done = subprocess.run([sys.executable, "-m", "optbook.cli", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "compare" in done.stdout


def test_compare_marks_gains_that_are_not_significant_from_the_rounds(tmp_path) -> None:
    import numpy as np

    from optbook import comparison
    from tests.helpers import bench, write_run

    rng = np.random.default_rng(0)

    def timed(technique: str, median: float) -> dict:
        b = bench(technique, median)
        b["stats"]["data"] = list(median * (1 + 0.02 * rng.standard_normal(20)))
        return b

    write_run(tmp_path / "laptop", "0001_a.json", [timed("slow", 1.0), timed("fast", 0.1)])
    write_run(tmp_path / "node", "0001_b.json", [timed("slow", 1.0), timed("fast", 0.05)])
    lines, _ = comparison.compare(["laptop", "node"], tmp_path)
    slow = next(line for line in lines if line.startswith("slow "))
    fast = next(line for line in lines if line.startswith("fast "))
    assert "1.00x ±" in slow and slow.split("%")[1].strip().startswith("~")
    assert "2.00x ±" in fast and "~" not in fast
    assert any("Mann-Whitney U" in line for line in lines)
