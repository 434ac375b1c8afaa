"""A small monitor: how many cores a command or a Python call really used, and its peak memory.

The work's CPU time over its wall time says how many cores it kept busy (2.0: two,
all the time). Meanwhile a thread samples every core's utilisation (all processes,
as ``top`` shows it), the resident memory of the process tree and, where
``nvidia-smi`` exists, the GPUs. ``optbook monitor -- python script.py`` on the
command line; ``result, summary = monitor_call(fn, *args)`` from Python.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import psutil

BUSY_PERCENT = 50.0  # a core counts as busy when its mean utilisation is at least this
GPU_FIELDS = ("index", "name", "utilization.gpu", "memory.used", "memory.total")


class MonitorError(ValueError):
    """A mistake in what the user asked to monitor; the message is one line."""


@dataclass(frozen=True)
class GpuPeak:
    """The highest utilisation and memory use one GPU showed while the work ran."""

    index: int
    name: str
    utilization_percent: float
    memory_used_mib: float
    memory_total_mib: float


@dataclass(frozen=True)
class Summary:
    """What the monitored work used."""

    label: str
    wall_seconds: float
    cpu_seconds: float  # user + system time of the process and its children
    logical_cores: int
    per_core_percent: list[float]  # mean utilisation of every core during the work, by all processes
    samples: int
    interval: float
    peak_memory_bytes: int  # highest resident memory of the process and its children
    start_memory_bytes: int
    gpus: list[GpuPeak] = field(default_factory=list)
    gpu_note: str = ""
    returncode: int | None = None

    @property
    def cores_used(self) -> float:
        """CPU-seconds per wall second: 1.0 is one core kept busy all the time."""
        return self.cpu_seconds / self.wall_seconds if self.wall_seconds > 0 else 0.0

    @property
    def busy_cores(self) -> int:
        """How many cores were busy (mean utilisation at least BUSY_PERCENT), by any process:
        more than ``cores_used`` when other programs ran at the same time."""
        return sum(1 for percent in self.per_core_percent if percent >= BUSY_PERCENT)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data, the derived figures included."""
        return asdict(self) | {"cores_used": round(self.cores_used, 3), "busy_cores": self.busy_cores}

    def lines(self) -> list[str]:
        """The summary as a few lines of text."""
        status = "" if self.returncode is None else f" (exit status {self.returncode})"
        cores = ", ".join(f"cpu{i} {p:.0f}%" for i, p in enumerate(self.per_core_percent))
        out = [
            f"{self.label}{status}: {self.wall_seconds:.2f} s wall, {self.samples} samples every {self.interval:g} s",
            f"cores used: {self.cores_used:.2f} ({self.cpu_seconds:.2f} CPU-seconds over the wall time; "
            f"{self.logical_cores} logical cores here)",
            f"per core, all processes: {cores or 'no sample'}; {self.busy_cores} busy (>= {BUSY_PERCENT:.0f}%)",
            f"memory: peak {_mib(self.peak_memory_bytes)} resident ({_mib(self.start_memory_bytes)} at start)"
            if self.peak_memory_bytes
            else "memory: not seen (the work ended before the first sample)",
        ]
        out += [
            f"GPU {g.index} {g.name}: peak {g.utilization_percent:.0f}% busy, "
            f"{g.memory_used_mib:.0f} of {g.memory_total_mib:.0f} MiB"
            for g in self.gpus
        ]
        return out + ([f"GPU: {self.gpu_note}"] if self.gpu_note else [])


def _short(command: Sequence[str], width: int = 100) -> str:
    """The command as one line, shortened to ``width`` characters."""
    text = " ".join(" ".join(command).split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _mib(count: int) -> str:
    return f"{count / 2**20:.1f} MiB"


def query_gpus(timeout: float = 10.0) -> list[dict[str, str]] | str:
    """One ``nvidia-smi`` reading per GPU (index, name, utilisation %, memory used and total MiB),
    or the reason there is none."""
    if not shutil.which("nvidia-smi"):
        return "no nvidia-smi on PATH: no NVIDIA GPU or driver here"
    try:
        done = subprocess.run(
            ["nvidia-smi", f"--query-gpu={','.join(GPU_FIELDS)}", "--format=csv,noheader,nounits"],
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError) as err:
        return f"nvidia-smi failed: {err.__class__.__name__}"
    rows = [[cell.strip() for cell in line.split(",")] for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0 or not rows or any(len(row) != len(GPU_FIELDS) for row in rows):
        return f"nvidia-smi found no GPU (exit status {done.returncode})"
    return [dict(zip(GPU_FIELDS, row)) for row in rows]


def _number(text: str) -> float:
    return float(text) if text.replace(".", "", 1).isdigit() else 0.0  # "[N/A]" reads 0


class _Sampler(threading.Thread):
    """Samples per-core utilisation, the memory of a process tree and the GPUs until stopped."""

    def __init__(self, process: psutil.Process, interval: float, gpu_interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.process, self.interval, self.gpu_interval = process, interval, gpu_interval
        self.stopped = threading.Event()
        self.core_samples: list[tuple[float, list[float]]] = []  # (seconds covered, percent per core)
        self.last = time.monotonic()
        self.peak_memory = self.start_memory = self._memory()
        self.gpu_peaks: dict[int, GpuPeak] = {}
        self.gpu_note = ""
        psutil.cpu_percent(percpu=True)  # starts the interval of the first sample

    def _memory(self) -> int:
        return sum(_each(self.process, lambda proc: proc.memory_info().rss))

    def _sample_gpus(self) -> None:
        found = query_gpus()
        if isinstance(found, str):
            self.gpu_note = found
            return
        for row in found:
            index = int(_number(row["index"]))
            old = self.gpu_peaks.get(index) or GpuPeak(index, row["name"], 0.0, 0.0, 0.0)
            busy, used = _number(row["utilization.gpu"]), _number(row["memory.used"])
            self.gpu_peaks[index] = GpuPeak(index, row["name"], max(busy, old.utilization_percent),
                                            max(used, old.memory_used_mib), _number(row["memory.total"]))  # fmt: skip

    def sample(self) -> None:
        """Take one sample of the cores (since the last sample) and the memory."""
        percents, now = psutil.cpu_percent(percpu=True), time.monotonic()
        self.core_samples.append((now - self.last, percents))
        self.last = now
        self.peak_memory = max(self.peak_memory, self._memory())

    def run(self) -> None:
        next_gpu = 0.0
        while not self.stopped.wait(self.interval):
            self.sample()
            if time.monotonic() >= next_gpu and not self.gpu_note:
                self._sample_gpus()
                next_gpu = time.monotonic() + self.gpu_interval

    def stop(self) -> None:
        self.stopped.set()
        self.join()
        self.sample()  # the last stretch, shorter than an interval
        if not self.gpu_peaks and not self.gpu_note:
            self._sample_gpus()


def _summary(label: str, sampler: _Sampler, wall: float, cpu: float, returncode: int | None) -> Summary:
    samples = sampler.core_samples
    covered = sum(seconds for seconds, _ in samples)
    per_core = []
    if samples and covered > 0:  # each sample weighted by the time it covers
        per_core = [sum(s * p[i] for s, p in samples) / covered for i in range(len(samples[0][1]))]
    cores = psutil.cpu_count(logical=True) or len(per_core)
    gpus = [sampler.gpu_peaks[i] for i in sorted(sampler.gpu_peaks)]
    return Summary(label, wall, cpu, cores, [round(p, 1) for p in per_core], len(samples), sampler.interval,
                   sampler.peak_memory, sampler.start_memory, gpus, sampler.gpu_note, returncode)  # fmt: skip


def _check_interval(interval: float) -> None:
    if not interval > 0:
        raise MonitorError(f"the sampling interval must be a positive number of seconds, not {interval!r}")


def _each(process: psutil.Process, read: Callable[[psutil.Process], float]) -> list[float]:
    """``read`` of a process and of each of its live descendants; those that just ended are left out."""
    try:
        procs = [process, *process.children(recursive=True)]
    except psutil.Error:  # the process itself has ended
        return []
    values = []
    for proc in procs:
        try:
            values.append(read(proc))
        except psutil.Error:
            continue
    return values


def _tree_cpu_seconds(process: psutil.Process) -> float:
    """CPU seconds of a process and its live descendants (worker pools included), each with the
    children it has waited for (user, system, children's user and system): each second counted once."""
    return sum(_each(process, lambda proc: sum(proc.cpu_times()[:4])))


def monitor_call(fn: Callable[..., Any], *args: Any, interval: float = 0.1, **kwargs: Any) -> tuple[Any, Summary]:
    """Call ``fn(*args, **kwargs)`` in this process while sampling; return its result and the summary.

    The CPU time counted is this process's and its children's, worker pools that stay up included.
    """
    _check_interval(interval)
    me = psutil.Process()
    before = _tree_cpu_seconds(me)
    sampler = _Sampler(me, interval)
    sampler.start()
    start = time.perf_counter()
    try:
        result = fn(*args, **kwargs)
    finally:
        wall = time.perf_counter() - start
        sampler.stop()
    cpu = _tree_cpu_seconds(me) - before
    return result, _summary(getattr(fn, "__name__", "call"), sampler, wall, cpu, None)


def monitor_command(command: Sequence[str], interval: float = 0.1) -> Summary:
    """Run ``command`` (a program and its arguments) to its end while sampling; return the summary.

    Raises MonitorError if there is no command or the program cannot be started.
    """
    _check_interval(interval)
    if not command:
        raise MonitorError("no command given: optbook monitor -- python script.py")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        child = subprocess.Popen(list(command))
    except FileNotFoundError:
        raise MonitorError(f"command not found: {command[0]}") from None
    except OSError as err:  # not executable, not a program
        raise MonitorError(f"command cannot be started: {command[0]}: {err.strerror}") from None
    sampler = _Sampler(psutil.Process(child.pid), interval)
    sampler.start()
    try:
        returncode = child.wait()
    except KeyboardInterrupt:
        child.terminate()
        returncode = child.wait()
    finally:
        wall = time.perf_counter() - start
        sampler.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and the children it waited for
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return _summary(_short(command), sampler, wall, cpu, returncode)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise MonitorError(message)


def main(argv: Sequence[str] | None = None) -> int:
    """``optbook monitor [--interval S] [--json] -- COMMAND ...``: run COMMAND, then print what it used
    on stderr. Returns the command's exit status; 2 (one line on stderr) for a mistake in the request."""
    parser = _Parser(prog="optbook monitor", description="Run a command; report its cores, memory and GPUs.")
    parser.add_argument("--interval", type=float, default=0.1, help="seconds between samples (default 0.1)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command to run, after --")
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv)
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        summary = monitor_command(command, interval=args.interval)
    except MonitorError as err:
        print(f"optbook monitor: error: {err}", file=sys.stderr)
        return 2
    # on stderr, as time(1) does, so that the command's own output can be piped on its own
    print(json.dumps(summary.as_dict(), indent=2) if args.json else "\n".join(summary.lines()), file=sys.stderr)
    return summary.returncode or 0


if __name__ == "__main__":
    sys.exit(main())
