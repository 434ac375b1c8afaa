"""``optbook stability``: how far to trust the speedups on this machine.

Runs the same lesson twice and prints how much each speedup moved between the two runs
(the drift): the median and the largest. With ``--load`` a background program keeps one
core busy for 0.7 s and idle for 0.7 s, on and off, during the second run, as a browser
or a video call does on a laptop; it is always stopped, and stops by itself if this
command dies. The runs are saved in a temporary folder (or ``--keep DIR``), never under
the book's results/::

    optbook stability lessons/m09_matmul -k "not python and not gpu and (256 or 512)"
    optbook stability lessons/m09_matmul --load -k "not python and (256 or 512)"
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from statistics import median
from typing import Any

from optbook import analysis, busy, report, results

# One core busy for ON seconds, idle for OFF seconds; stops after LIMIT seconds or when its parent dies.
LOAD = """
import os, sys, time
on, off, limit = {on}, {off}, {limit}
parent, end = os.getppid(), time.monotonic() + limit
while time.monotonic() < end and os.getppid() == parent:
    busy_until = time.monotonic() + on
    while time.monotonic() < busy_until:
        pass
    time.sleep(off)
"""


class StabilityError(ValueError):
    """A request that cannot be carried out; the message is one line."""


def start_load(on: float = 0.7, off: float = 0.7, limit: float = 3600.0) -> subprocess.Popen[bytes]:
    """Start the on-and-off background load: one core busy ``on`` s, idle ``off`` s, at most ``limit`` s."""
    code = LOAD.format(on=on, off=off, limit=limit)
    return subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.DEVNULL)


def stop_load(process: subprocess.Popen[bytes]) -> None:
    """Stop the load and wait for it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def speedups_by_benchmark(benches: list[dict[str, Any]], references: dict[str, str]) -> dict[str, float]:
    """Each benchmark's speedup (as the run reports it) where its group's reference is the one named."""
    found: dict[str, float] = {}
    for name, speedup in analysis.speedups(benches).items():
        group = next(b["group"] for b in benches if b["fullname"] == name)
        if references.get(group) == speedup.reference:
            found[name] = speedup.factor
    return found


def references_of(benches: list[dict[str, Any]]) -> dict[str, str]:
    """The reference technique of every group: the baseline where it ran, else the slowest."""
    speed = analysis.speedups(benches)
    return {b["group"]: speed[b["fullname"]].reference for b in benches if b["fullname"] in speed}


def drift(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> list[tuple[str, float, float, float]]:
    """(benchmark, speedup in run 1, in run 2, relative drift) for every benchmark of both runs but the
    references themselves, the reference of each group taken from the first run for both."""
    references = references_of(first)
    one, two = speedups_by_benchmark(first, references), speedups_by_benchmark(second, references)
    rows = []
    for name in sorted(set(one) & set(two)):
        if one[name] == 1.0 and two[name] == 1.0:  # the reference against itself
            continue
        rows.append((name, one[name], two[name], abs(two[name] / one[name] - 1)))
    return rows


def summary(rows: list[tuple[str, float, float, float]]) -> list[str]:
    """The drift table, largest first, and one line with the median and the largest."""
    if not rows:
        return ["no speedup to compare: the runs share no group with two or more techniques"]
    table = [
        [name.split("::")[-1], report.format_factor(a), report.format_factor(b), f"{100 * d:.1f}%"]
        for name, a, b, d in sorted(rows, key=lambda r: -r[3])
    ]
    lines = report.table(["benchmark", "speedup run 1", "run 2", "drift"], table)
    drifts = [d for *_, d in rows]
    worst = max(rows, key=lambda r: r[3])
    lines += [
        "",
        f"speedup drift between the two runs: median {100 * median(drifts):.1f}%, largest "
        f"{100 * worst[3]:.1f}% ({worst[0].split('::')[-1]}), over {len(rows)} speedups",
    ]
    return lines


def _run_once(pytest_args: list[str], folder: Path, label: str) -> Path:
    env = {**os.environ, results.RESULTS_ENV_VAR: str(folder), "OPTBOOK_MACHINE": label}
    command = [sys.executable, "-m", "pytest", *pytest_args, "-p", "no:cacheprovider", "-q", "--benchmark-autosave"]
    print(f"optbook stability: {shlex.join(['pytest', *pytest_args])}  (saved under {folder / label})", flush=True)
    done = subprocess.run(command, env=env, stdin=subprocess.DEVNULL)
    if done.returncode not in (0,):
        raise StabilityError(f"the run failed (pytest exit status {done.returncode}); see its output above")
    files = results.run_files(folder, label)
    if not files:
        raise StabilityError(f"the run saved nothing under {folder / label} (did -k select any benchmark?)")
    return files[-1]


def stability(pytest_args: list[str], load: bool, keep: Path | None) -> list[str]:
    """Run the lesson twice (the second time under the background load if asked) and compare."""
    folder = keep or Path(tempfile.mkdtemp(prefix="optbook-stability-"))
    folder.mkdir(parents=True, exist_ok=True)
    first = _run_once(pytest_args, folder, "stability-1")
    load_process = start_load() if load else None
    try:
        second = _run_once(pytest_args, folder, "stability-2-load" if load else "stability-2")
    finally:
        if load_process is not None:
            stop_load(load_process)
    runs = [results.load_run(first), results.load_run(second)]
    lines = ["", *summary(drift(runs[0].benchmarks, runs[1].benchmarks))]
    for run, what in zip(runs, ("run 1", "run 2" + (" (with the on-and-off load)" if load else ""))):
        for line in (busy.describe(run.optbook.get("busy") or {}), report.describe_peak_spread(run.peaks)):
            if line:
                lines.append(f"{what}: {line}")
    lines.append(f"both runs are in {folder}: optbook compare {first} {second}")
    return lines


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise StabilityError(message)


def main(argv: Sequence[str] | None = None) -> int:
    """``optbook stability [--load] [--keep DIR] PYTEST-ARGS...``; 2 and one line on a mistake."""
    parser = _Parser(
        prog="optbook stability",
        description="Run a lesson twice and print how far its speedups moved between the runs.",
        epilog="everything else is passed to pytest, e.g. lessons/m09_matmul -k '256 or 512'",
    )
    parser.add_argument(
        "--load", action="store_true", help="a background load (one core, 0.7 s on, 0.7 s off) in run 2"
    )
    parser.add_argument("--keep", type=Path, metavar="DIR", help="save the two runs under DIR (default: a temp folder)")
    try:
        args, pytest_args = parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))
        if not pytest_args:
            raise StabilityError("name the lesson to run, e.g. optbook stability lessons/m09_matmul")
        if "--benchmark-disable" in pytest_args:
            raise StabilityError("--benchmark-disable times nothing: leave it out")
        lines = stability(pytest_args, args.load, args.keep)
    except (StabilityError, results.ResultsError) as err:
        print(f"optbook stability: error: {err}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
