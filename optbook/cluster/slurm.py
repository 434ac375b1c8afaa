"""``optbook slurm``: the book as a SLURM job array, one lesson per array task.

    optbook slurm [--machine LABEL] [--scale S] [--lessons L ...] [--partition P] [--account A]
                  [--time T] [--venv DIR | --no-venv] [--module M ...] [--cpus N] [--wait] [--dry-run]

writes a batch script (readable, with comments saying what to edit) into the logs folder,
submits it with ``sbatch`` and prints the command that compares the node with a laptop. Each
array task runs ``pytest lessons/<lesson>`` on a whole node (``--exclusive``) and saves its run
under ``<results>/<label>/``, a folder all tasks share; saving is exclusive, so tasks that finish
at the same moment never overwrite each other's file. ``--dry-run`` prints the script instead.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from optbook import machine, results
from optbook.scale import DEFAULT_SCALE, ScaleError, check_scale

_NAME = re.compile(r"^[A-Za-z0-9_.,:@+-]+$")  # partitions, accounts, module names
_MODULE = re.compile(r"^[A-Za-z0-9_.,:@+/-]+$")
_TIME = re.compile(r"^(\d+-)?\d+(:\d{1,2}){0,2}$")  # SLURM's MM, MM:SS, HH:MM:SS, D-HH[:MM[:SS]]
_LESSON = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$")
_SUBMITTED = re.compile(r"Submitted batch job (\d+)")


class SlurmError(ValueError):
    """A mistake in what the user asked for, or sbatch's refusal; printed as one line."""


@dataclass(frozen=True)
class JobArray:
    """Everything the batch script says: what runs, where, under which label, on which resources."""

    book: Path  # the checkout holding lessons/; the tasks run there
    results: Path  # shared by all tasks
    logs: Path  # the script and one log per task
    lessons: tuple[str, ...]
    scale: str = DEFAULT_SCALE
    label: str | None = None  # None: each node's short host name
    partition: str | None = None
    account: str | None = None
    time: str = "01:00:00"
    venv: Path | None = None
    modules: tuple[str, ...] = ()
    cpus: int | None = None  # None: every core of the node
    exclusive: bool = True
    sbatch: tuple[str, ...] = ()  # more #SBATCH options, as given
    pytest_args: tuple[str, ...] = ()
    dask: tuple[tuple[str, str], ...] = ()  # the OPTBOOK_DASK* variables set when the script was written


def all_lessons(book: Path) -> list[str]:
    """The book's lessons, in order: the folders lessons/mNN_*."""
    return sorted(p.name for p in (book / "lessons").glob("m[0-9][0-9]_*") if p.is_dir())


def check_lesson(book: Path, lesson: str) -> str:
    """A lesson folder (m09_matmul) or a test file in one (m09_matmul/test_matmul.py), relative to lessons/."""
    name = lesson.removeprefix("lessons/").rstrip("/")
    if not _LESSON.match(name) or ".." in name.split("/") or not (book / "lessons" / name).exists():
        raise SlurmError(f"no lesson {lesson!r} in {book / 'lessons'} (known: {', '.join(all_lessons(book))})")
    return name


def _sbatch_lines(job: JobArray) -> list[str]:
    last = len(job.lessons) - 1
    lines = [
        "#SBATCH --job-name=optbook",
        f"#SBATCH --array=0-{last}".ljust(36)
        + "# one task per lesson of LESSONS below; '%1' after it runs one at a time",
        "#SBATCH --nodes=1 --ntasks=1",
    ]
    if job.exclusive:
        lines.append("#SBATCH --exclusive".ljust(36) + "# a whole node: no other job shares its cores and memory bus")
    if job.cpus:
        lines.append(f"#SBATCH --cpus-per-task={job.cpus}".ljust(36) + "# the cores the run may use (see CORES below)")
    lines.append(f"#SBATCH --time={job.time}".ljust(36) + "# per lesson; raise it for scale medium or large")
    if job.partition:
        lines.append(f"#SBATCH --partition={job.partition}")
    if job.account:
        lines.append(f"#SBATCH --account={job.account}")
    lines += [f"#SBATCH {option}" for option in job.sbatch]
    lines.append(f"#SBATCH --output={job.logs}/optbook-%A_%a.out".ljust(36) + "  # %A: the array's job id, %a: task")
    return lines


def batch_script(job: JobArray) -> str:
    """The text of the batch script that runs ``job``."""
    when = datetime.now().strftime("%Y-%m-%d %H:%M")
    label_lines = (
        [f"export OPTBOOK_MACHINE={shlex.quote(job.label)}"]
        if job.label
        else ["unset OPTBOOK_MACHINE                # the label is each node's short host name"]
    )
    dask_lines = [f"export {name}={shlex.quote(value)}" for name, value in job.dask]
    if dask_lines:
        dask_lines.insert(0, "# The lessons' Dask techniques run on these Dask workers (docs/comparing-machines.md)")
    env_lines = [f"module load {shlex.quote(m)}" for m in job.modules]
    if job.venv:
        env_lines.append(f". {shlex.quote(str(job.venv / 'bin' / 'activate'))}")
    if not env_lines:
        env_lines.append("# (nothing to load: the python on the node's PATH runs the book)")
    if job.cpus:
        cores = [
            f"# Hold the run to {job.cpus} core(s), the first of those this task may use: BLAS, numba and the",
            "# process pools then see only these (the saved fingerprint's usable_cores records how many).",
            'CORES=$(python -c \'import os; print(",".join(map(str, sorted(os.sched_getaffinity(0))'
            f"[:{job.cpus}])))')",
            'BIND="taskset -c $CORES"',
        ]
    else:
        cores = [
            "# Every core of the node (optbook slurm --cpus N holds the run to N cores).",
            "CORES=$(python -c 'import os; print(\",\".join(map(str, sorted(os.sched_getaffinity(0)))))')",
            'BIND=""',
        ]
    pytest_args = " ".join(shlex.quote(a) for a in job.pytest_args)
    return "\n".join(
        [
            "#!/bin/bash",
            f"# optbook: the lesson book as a SLURM job array, written by `optbook slurm` on {when}.",
            "# Each array task runs one lesson's benchmarks with pytest and saves the run under",
            "# $OPTBOOK_RESULTS/<label>/. Edit the #SBATCH lines if your cluster needs other settings",
            "# (a partition, an account, a QOS, a longer time), the software lines to load your Python,",
            "# then submit it again with:  sbatch THIS-FILE",
            *_sbatch_lines(job),
            "",
            "set -eo pipefail  # stop at the first failing line (module load included)",
            "",
            "# The lessons, one per array task (the task's index picks one).",
            "LESSONS=(" + " ".join(shlex.quote(lesson) for lesson in job.lessons) + ")",
            "LESSON=${LESSONS[$SLURM_ARRAY_TASK_ID]}",
            "",
            "# The book's folder (the checkout `optbook slurm` ran in) and the results folder all tasks share.",
            f"cd {shlex.quote(str(job.book))}",
            f"export OPTBOOK_RESULTS={shlex.quote(str(job.results))}",
            f"export OPTBOOK_SCALE={job.scale}            # the problem sizes: use the laptop's scale to compare",
            *label_lines,
            *dask_lines,
            "",
            "# The software: modules first, then the virtual environment with the book installed.",
            *env_lines,
            "",
            *cores,
            "",
            'echo "optbook: $LESSON on $(hostname), cores $CORES, scale $OPTBOOK_SCALE,"'
            ' "label ${OPTBOOK_MACHINE:-$(hostname -s)}"',
            "# -p no:cacheprovider: the tasks share the checkout, not pytest's cache folder",
            "status=0",
            f'$BIND python -m pytest "lessons/$LESSON" -p no:cacheprovider {pytest_args}'.rstrip() + " || status=$?",
            'if [ "$status" -eq 5 ]; then echo "optbook: no test of $LESSON selected"; status=0; fi',
            'exit "$status"',
            "",
        ]
    )


def gather(root: Path, since: float) -> dict[str, list[Path]]:
    """The runs saved under ``root`` since the time ``since`` (seconds since the epoch), by label."""
    found: dict[str, list[Path]] = {}
    for label in results.labels(root):
        fresh = [p for p in results.run_files(root, label) if p.stat().st_mtime >= since]
        if fresh:
            found[label] = fresh
    return found


def submit(script: Path, wait: bool) -> tuple[str, bool]:
    """Submit ``script`` with sbatch (``--wait``: return once every task has ended); the job id, and
    whether every task succeeded (always True without ``wait``)."""
    sbatch = shutil.which("sbatch")
    if sbatch is None:
        raise SlurmError(
            "sbatch not found: run optbook slurm on the cluster's login node (--dry-run prints the script)"
        )
    command = [sbatch, "--parsable", *(["--wait"] if wait else []), str(script)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    job_id = done.stdout.strip().split(";")[0].split("\n")[0]
    if not job_id.isdigit():
        match = _SUBMITTED.search(done.stdout)
        job_id = match.group(1) if match else ""
    if not job_id:
        message = (done.stderr.strip() or done.stdout.strip() or f"exit status {done.returncode}").splitlines()[-1]
        raise SlurmError(f"sbatch refused {script}: {message}")
    return job_id, done.returncode == 0


def _job(args: argparse.Namespace, book: Path) -> JobArray:
    if not (book / "lessons").is_dir():
        raise SlurmError(f"no lessons/ folder in {book}: run optbook slurm from the book's folder")
    try:
        scale = check_scale(args.scale)
        label = machine.check_label(args.machine) if args.machine else None
    except (ScaleError, machine.LabelError) as err:
        raise SlurmError(str(err)) from None
    lessons = [check_lesson(book, lesson) for lesson in args.lessons] if args.lessons else all_lessons(book)
    if not lessons:
        raise SlurmError(f"no lessons found in {book / 'lessons'}")
    if len(set(lessons)) < len(lessons):
        raise SlurmError("a lesson is named twice in --lessons")
    for what, value in (("partition", args.partition), ("account", args.account)):
        if value is not None and not _NAME.match(value):
            raise SlurmError(f"bad --{what} {value!r}: letters, digits and . _ , : @ + - only")
    for module in args.module:
        if not _MODULE.match(module):
            raise SlurmError(f"bad --module {module!r}: one module name, e.g. Python/3.11.5-GCCcore-13.2.0")
    if not _TIME.match(args.time):
        raise SlurmError(f"bad --time {args.time!r}: minutes, HH:MM:SS or D-HH:MM:SS, as sbatch takes it")
    if args.cpus is not None and args.cpus < 1:
        raise SlurmError(f"bad --cpus {args.cpus}: at least 1")
    for option in args.sbatch:
        if not option.startswith("-") or any(c in option for c in "\n\r"):
            raise SlurmError(f"bad --sbatch {option!r}: one sbatch option, such as --qos=short")
    try:
        pytest_args = tuple(shlex.split(args.pytest_args))
    except ValueError as err:
        raise SlurmError(f"bad --pytest-args {args.pytest_args!r}: {err}") from None
    venv = None if args.no_venv else _venv(args.venv)
    return JobArray(
        book=book, results=results.results_dir(args.results).resolve(), logs=(book / args.logs).resolve(),
        lessons=tuple(lessons), scale=scale, label=label, partition=args.partition, account=args.account,
        time=args.time, venv=venv, modules=tuple(args.module), cpus=args.cpus, exclusive=not args.no_exclusive,
        sbatch=tuple(args.sbatch), pytest_args=pytest_args,
        dask=tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("OPTBOOK_DASK"))),
    )  # fmt: skip


def _venv(given: str | None) -> Path | None:
    """The virtual environment to activate: ``given``, else the one this command runs in, if any."""
    if given is None:
        return Path(sys.prefix).resolve() if sys.prefix != sys.base_prefix else None
    venv = Path(given).expanduser().resolve()
    if not (venv / "bin" / "activate").is_file():
        raise SlurmError(f"bad --venv {given}: no bin/activate in it (a virtual environment with the book installed)")
    return venv


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise SlurmError(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="optbook slurm", description="Run the book on cluster nodes as a SLURM job array.")
    p.add_argument("--machine", metavar="LABEL", help="label the runs are saved under (default: each node's name)")
    p.add_argument("--scale", default=DEFAULT_SCALE, help=f"problem sizes (default {DEFAULT_SCALE}, as on a laptop)")
    p.add_argument("--lessons", nargs="+", metavar="LESSON", help="m09_matmul ... or m09_matmul/test_x.py (all)")
    p.add_argument("--partition", help="the partition (queue) to run in (default: the cluster's default)")
    p.add_argument("--account", help="the account charged for the node hours, if your cluster asks for one")
    p.add_argument("--time", default="01:00:00", help="time limit of each task (default 01:00:00)")
    p.add_argument("--venv", metavar="DIR", help="virtual environment to activate (default: the one running now)")
    p.add_argument("--no-venv", action="store_true", help="activate no virtual environment")
    p.add_argument("--module", action="append", default=[], metavar="NAME", help="a module to load first (repeat)")
    p.add_argument("--cpus", type=int, metavar="N", help="hold each run to N cores of its node (default: all)")
    p.add_argument("--no-exclusive", action="store_true", help="share nodes with other jobs (not for timing)")
    p.add_argument("--sbatch", action="append", default=[], metavar="OPTION", help="another sbatch option (repeat)")
    p.add_argument("--pytest-args", default="", metavar="ARGS", help="more pytest arguments, e.g. '-k \"not agrees\"'")
    p.add_argument("--results", metavar="DIR", help="results folder shared by the tasks (default: ./results)")
    p.add_argument("--logs", default="slurm-logs", metavar="DIR", help="folder of the script and task logs")
    p.add_argument("--laptop", default="laptop", metavar="LABEL", help="your laptop's label, for the compare command")
    p.add_argument("--wait", action="store_true", help="return once every task has ended, and list the runs saved")
    p.add_argument("--dry-run", action="store_true", help="print the batch script; submit nothing")
    return p


def run(argv: Sequence[str], book: Path) -> tuple[list[str], int]:
    """Write the script and print it (--dry-run) or submit it; the lines to print and the exit status
    (1 when a task failed, with ``--wait``)."""
    args = build_parser().parse_args(list(argv))
    job = _job(args, book.resolve())
    script = batch_script(job)
    if args.dry_run:
        return script.splitlines(), 0
    job.logs.mkdir(parents=True, exist_ok=True)
    path = job.logs / f"optbook-{datetime.now():%Y%m%d-%H%M%S}-{job.label or 'nodes'}.sbatch"
    path.write_text(script)
    since = time.time() - 1
    job_id, succeeded = submit(path, args.wait)
    shown = job.label or "<node name>"
    lines = [
        f"submitted job array {job_id}: {len(job.lessons)} task(s) ({', '.join(job.lessons)}) at scale {job.scale}",
        f"script: {path}",
        f"logs: {job.logs}/optbook-{job_id}_<task>.out; runs: {job.results}/{shown}/",
    ]
    if args.wait:
        for label, paths in gather(job.results, since).items():
            lines.append(f"saved under {label}: " + ", ".join(p.name for p in paths))
        if not succeeded:
            lines.append(f"some tasks failed: see their logs, {job.logs}/optbook-{job_id}_<task>.out")
    if not job.label:
        lines.append("each node files its runs under its short host name (optbook list shows them)")
    lines += [
        f"bring {job.results}/{shown}/ next to your laptop's results (or share one folder), then compare:",
        f"    optbook compare {args.laptop} {shown}",
    ]
    return lines, 0 if succeeded else 1


def main(argv: Sequence[str] | None = None) -> int:
    """``optbook slurm ...``: 0 once submitted (or printed), 1 if a task failed (``--wait``), 2 and one
    line on a mistake."""
    try:
        lines, status = run(list(sys.argv[1:] if argv is None else argv), Path.cwd())
    except SlurmError as err:
        print(f"optbook slurm: error: {err}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
