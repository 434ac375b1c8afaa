"""Tests of optbook.monitor: the Python API, the command line, and nvidia-smi (faked)."""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from pathlib import Path

import psutil
import pytest

from optbook import monitor
from optbook.monitor import MonitorError, monitor_call, monitor_command, query_gpus


def spin(seconds: float) -> int:
    """Pure Python busy work on one core for about ``seconds``."""
    end, count = time.perf_counter() + seconds, 0
    while time.perf_counter() < end:
        count += 1
    return count


@pytest.fixture
def no_gpu(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A PATH without nvidia-smi, whatever this machine has."""
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))


def fake_nvidia_smi(folder: Path, output: str, status: int = 0) -> None:
    folder.mkdir(exist_ok=True)
    script = folder / "nvidia-smi"
    script.write_text(f"#!/bin/sh\ncat <<'EOF'\n{output}EOF\nexit {status}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


def test_monitor_call_returns_the_result_and_a_summary(no_gpu: None) -> None:
    result, summary = monitor_call(spin, 0.3, interval=0.05)
    assert result > 0
    assert summary.label == "spin"
    assert summary.samples >= 1
    assert summary.wall_seconds > 0 and summary.cpu_seconds > 0
    assert len(summary.per_core_percent) == psutil.cpu_count(logical=True)
    assert all(0 <= p <= 100 for p in summary.per_core_percent)
    assert summary.peak_memory_bytes >= summary.start_memory_bytes > 0
    assert summary.returncode is None
    assert summary.gpus == [] and "nvidia-smi" in summary.gpu_note
    json.dumps(summary.as_dict())  # JSON-ready, for benchmark.extra_info


def test_pure_python_uses_at_most_one_core(no_gpu: None) -> None:
    _, summary = monitor_call(spin, 0.3, interval=0.05)
    assert summary.cores_used < 1.5  # one thread of Python bytecode, plus the sampler's few samples


def test_monitor_call_sees_memory_held_for_a_while(no_gpu: None) -> None:
    def hold(megabytes: int) -> int:
        block = bytearray(megabytes * 2**20)
        block[::4096] = b"x" * len(block[::4096])  # touch every page
        time.sleep(0.3)
        return len(block)

    _, summary = monitor_call(hold, 100, interval=0.02)
    assert summary.peak_memory_bytes - summary.start_memory_bytes >= 50 * 2**20


def test_monitor_call_passes_exceptions_on(no_gpu: None) -> None:
    def fail() -> None:
        raise KeyError("inside")

    with pytest.raises(KeyError, match="inside"):
        monitor_call(fail)


@pytest.mark.parametrize("interval", [0, -1.0, float("nan")])
def test_bad_interval_is_refused(interval: float) -> None:
    with pytest.raises(MonitorError, match="interval"):
        monitor_call(spin, 0.0, interval=interval)


def test_monitor_command_runs_a_command_to_its_end(no_gpu: None) -> None:
    summary = monitor_command([sys.executable, "-c", "import time; time.sleep(0.2); raise SystemExit(3)"], 0.05)
    assert summary.returncode == 3
    assert summary.label.startswith(sys.executable)
    assert summary.samples >= 1
    assert summary.peak_memory_bytes > 0  # the interpreter, seen while it slept
    assert summary.cores_used < 1.5


def test_monitor_command_counts_the_cpu_of_children(no_gpu: None) -> None:
    code = "import subprocess, sys; subprocess.run([sys.executable, '-c', 'sum(range(3_000_000))'])"
    summary = monitor_command([sys.executable, "-c", code], 0.05)
    assert summary.returncode == 0
    assert summary.cpu_seconds > 0


@pytest.mark.parametrize(
    ("command", "message"),
    [([], "no command given"), (["no-such-command-here"], "command not found: no-such-command-here")],
)
def test_monitor_command_mistakes(command: list[str], message: str) -> None:
    with pytest.raises(MonitorError, match=message):
        monitor_command(command)


def test_a_file_that_cannot_be_run_is_a_mistake(tmp_path: Path) -> None:
    script = tmp_path / "script.sh"
    script.write_text("#!/bin/sh\n")
    with pytest.raises(MonitorError, match=r"cannot be started: .*Permission denied"):
        monitor_command([str(script)])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "no command given"),
        (["--"], "no command given"),
        (["--", "no-such-command-here"], "command not found"),
        (["--interval", "x", "--", "true"], "invalid float value"),
        (["--interval", "0", "--", "true"], "interval"),
    ],
)
def test_main_answers_a_mistake_in_one_line_with_status_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert monitor.main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("optbook monitor: error: ") and message in err


def test_main_prints_the_summary_and_passes_the_exit_status_on(no_gpu: None, capsys) -> None:
    status = monitor.main(["--interval", "0.05", "--", sys.executable, "-c", "raise SystemExit(4)"])
    assert status == 4
    err = capsys.readouterr().err
    assert "(exit status 4)" in err and "cores used:" in err and "per core, all processes:" in err


def test_main_json(no_gpu: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert monitor.main(["--json", "--", sys.executable, "-c", "pass"]) == 0
    data = json.loads(capsys.readouterr().err)
    assert data["returncode"] == 0 and data["logical_cores"] >= 1 and "cores_used" in data


def test_query_gpus_without_nvidia_smi(no_gpu: None) -> None:
    assert "no nvidia-smi" in query_gpus()


def test_query_gpus_reads_nvidia_smi(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake_nvidia_smi(
        tmp_path / "bin", "0, NVIDIA H100 80GB HBM3, 37, 1024, 81559\n1, NVIDIA H100 80GB HBM3, [N/A], 5, 81559\n"
    )
    monkeypatch.setenv("PATH", str(tmp_path / "bin") + os.pathsep + os.environ["PATH"])
    rows = query_gpus()
    assert [row["index"] for row in rows] == ["0", "1"]
    assert rows[0]["name"] == "NVIDIA H100 80GB HBM3" and rows[0]["utilization.gpu"] == "37"
    _, summary = monitor_call(spin, 0.1, interval=0.05)
    assert [gpu.index for gpu in summary.gpus] == [0, 1]
    assert summary.gpus[0].utilization_percent == 37 and summary.gpus[0].memory_used_mib == 1024
    assert summary.gpus[1].utilization_percent == 0  # [N/A] read as 0
    assert any(line.startswith("GPU 0 NVIDIA H100") for line in summary.lines())


@pytest.mark.parametrize(("output", "status"), [("", 9), ("garbage\n", 0)])
def test_query_gpus_when_nvidia_smi_finds_nothing(
    output: str, status: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake_nvidia_smi(tmp_path / "bin", output, status)
    monkeypatch.setenv("PATH", str(tmp_path / "bin") + os.pathsep + os.environ["PATH"])
    found = query_gpus()
    assert isinstance(found, str) and "no GPU" in found


def _spin_in_worker(cpu_seconds: float) -> int:
    """Busy work until this process has used ``cpu_seconds`` of CPU time, however loaded the machine."""
    end, count = time.process_time() + cpu_seconds, 0
    while time.process_time() < end:
        count += 1
    return count


def test_monitor_call_counts_worker_processes_that_stay_up(no_gpu: None) -> None:
    """A pool's workers are not waited for after each task: their CPU time still counts."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("forkserver")) as pool:
        pool.submit(_spin_in_worker, 0.0).result()  # the worker is up before the monitor starts
        _, summary = monitor_call(lambda: pool.submit(_spin_in_worker, 0.4).result(), interval=0.05)
    assert summary.cpu_seconds > 0.2  # the worker's, while this process only waited
