"""The ``optbook`` command: compare saved runs across machines, list them, show this machine.

    optbook compare LABEL-OR-FILE LABEL-OR-FILE [...] [--scale S]
    optbook list
    optbook report [LABEL-OR-FILE] [--lesson mNN_slug] [--scale S] [--markdown]
    optbook refresh-docs PAGE... [--check]
    optbook machine [--no-peaks] [--json]
    optbook checklist [layer]
    optbook monitor [--interval S] [--json] -- COMMAND ...
    optbook roofline RUN [RUN ...] -o FILE [--lesson L]
    optbook slurm [--machine LABEL] [--scale S] [--partition P] [--dry-run] ...

A user's mistake (an unknown label, a broken file) gets one line on stderr and exit status 2.
A label's runs are read at one scale (the newest run's, or --scale); files that are
not readable optbook runs are skipped, and one note on stderr says what was left out.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from optbook import analysis, comparison, docs_tables, machine, report, results
from optbook.comparison import CompareError
from optbook.results import ResultsError
from optbook.scale import ScaleError, check_scale


class UsageError(Exception):
    """A mistake in what the user asked for; printed as one line."""


def _note(command: str, notes: list[str]) -> None:
    for note in notes:
        print(f"optbook {command}: note: {note}", file=sys.stderr)


def compare(specs: Sequence[str], root: Path, scale: str | None = None) -> list[str]:
    """The side-by-side comparison of two or more machines (labels or files), as lines; notes on stderr."""
    lines, notes = comparison.compare(specs, root, scale)
    _note("compare", notes)
    return lines


def default_run(root: Path) -> str:
    """What ``optbook report`` shows without a label: this machine's runs, else the reference runs."""
    label = machine.machine_label()
    return label if results.run_files(root, label) else results.REFERENCE_LABEL


def show_run(
    spec: str | None,
    root: Path,
    lesson: str | None,
    markdown: bool,
    scale: str | None = None,
    groups: Sequence[str] = (),
    except_groups: Sequence[str] = (),
) -> list[str]:
    """The speedup table of saved runs (a label's runs at one scale merged, label/NNNN or a file), as the
    pytest run printed it; the note on what was left out goes to stderr. ``groups`` keeps only the groups
    whose name starts with one of them, ``except_groups`` leaves out those that do."""
    spec = spec or default_run(root)
    notes: list[str] = []
    runs = results.resolve(spec, root, scale=check_scale(scale) if scale else None, notes=notes)
    benches = list(results.merged_benchmarks(runs).values())
    if lesson:
        present = sorted({analysis.lesson_of(b) for b in benches})
        benches = [b for b in benches if analysis.lesson_of(b) == lesson]
        if not benches:
            raise UsageError(f"{spec} has no benchmarks of lesson {lesson!r}: its lessons are {', '.join(present)}")
    if groups or except_groups:
        names = sorted({str(b.get("group")) for b in benches})
        benches = [
            b
            for b in benches
            if (not groups or str(b.get("group")).startswith(tuple(groups)))
            and not str(b.get("group")).startswith(tuple(except_groups))
        ]
        if not benches:
            raise UsageError(f"no group of {spec} is left by --group and --except-group: its groups are {names}")
    last = runs[-1]
    peaks = results.best_peaks(runs)
    info = last.data.get("machine_info", {}).get("optbook", {})
    head = [
        f"{spec}: {comparison.describe_machine(runs)}; scale {results.scale_of(last) or '?'}; "
        f"{str(last.data.get('datetime', '?'))[:10]}",
        report.describe_peaks(peaks),
    ]
    spread = report.describe_peak_spread(peaks)
    head += report.fit_lines([spread] if spread else [])
    blas = [
        f"{pool.get('internal_api')} {pool.get('version', '')} ({pool.get('num_threads')} threads)"
        + (f" from {pool['library'].split('/')[0]}" if pool.get("library") else "")
        for pool in info.get("blas") or []
        if pool.get("user_api") == "blas"
    ]
    if blas:
        head.append("BLAS loaded: " + "; ".join(blas))
    _note("report", notes)
    skipped = [entry for run in runs for entry in run.data.get("optbook", {}).get("skipped") or []]
    return head + report.speedup_report(benches, peaks, markdown=markdown, skipped=skipped)


def report_lines(argv: list[str], root: Path) -> list[str]:
    """The Markdown lines of ``optbook report ARGV --markdown``, for a marked block of a page."""
    parser = argparse.ArgumentParser(prog="optbook report", add_help=False)
    parser.add_argument("run")
    parser.add_argument("--lesson")
    parser.add_argument("--scale")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--group", action="append", default=[])
    parser.add_argument("--except-group", action="append", default=[])
    try:
        args = parser.parse_args(argv)
    except SystemExit:
        raise UsageError(f"cannot read the report arguments {' '.join(argv)!r}") from None
    return show_run(args.run, root, args.lesson, True, args.scale, args.group, args.except_group)


def refresh_docs(pages: list[Path], root: Path, check: bool) -> int:
    """Rewrite (or with ``check``, only list) the pages whose marked tables are out of date."""
    missing = [str(p) for p in pages if not p.is_file()]
    if missing:
        raise UsageError(f"no such page: {', '.join(missing)}")
    try:  # tables, lesson tables and figures: see optbook.docs_tables
        return docs_tables.refresh_pages(pages, root, check, lambda argv: report_lines(argv, root))
    except ValueError as err:  # a marker naming a figure or table that cannot be made
        raise UsageError(str(err)) from None


def list_runs(root: Path) -> list[str]:
    """Every saved run, machine by machine."""
    found = results.labels(root)
    if not found:
        where = f"no saved runs in {root.resolve()}/ yet: run pytest lessons/<lesson> to make one"
        if results.project_root() is None and not os.environ.get(results.RESULTS_ENV_VAR):
            where += f" (no optbook project found from {Path.cwd()} upward; --results DIR names a folder)"
        return [where]
    lines = []
    for label in found:
        lines.append(f"{label}:")
        for path in results.run_files(root, label):
            try:
                run = results.load_optbook_run(path, label)
            except ResultsError as err:
                lines.append(f"  {path.name}  skipped: {str(err).split(': ', 1)[-1]}")
                continue
            lessons = sorted({analysis.lesson_of(b) for b in run.benchmarks})
            when = str(run.data.get("datetime", "?"))[:16].replace("T", " ")
            scale = results.scale_of(run) or "?"
            stopped = "  (interrupted)" if run.optbook.get("interrupted") else ""
            lines.append(
                f"  {path.name}  {when}  scale {scale}  {len(run.benchmarks)} benchmarks  "
                f"{', '.join(lessons) or '-'}{stopped}"
            )
    return lines


def show_machine(label: str | None, measure: bool, as_json: bool = False) -> list[str]:
    """This machine's fingerprint and, unless told not to, its measured peaks: a summary, or the raw JSON."""
    info: dict[str, Any] = machine.fingerprint(machine.machine_label(label))
    if measure:
        info["peaks"] = machine.measure_peaks()
    if as_json:
        return json.dumps(info, indent=2).splitlines()
    lines = machine.summary(info)
    lines.append(report.describe_peaks(info["peaks"]) if measure else "peaks not measured (--no-peaks)")
    return lines


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="optbook",
        description="The optbook lesson book's results and machines.",
    )
    parser.add_argument(
        "--results",
        metavar="DIR",
        help="results folder (default: $OPTBOOK_RESULTS, else the results/ folder of the optbook project "
        "holding the working folder, else ./results)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("compare", help="compare two or more machines side by side")
    p.add_argument(
        "runs", nargs="+", metavar="LABEL-OR-FILE", help="a label (its runs at one scale), label/NNNN, or a .json file"
    )
    p.add_argument("--scale", help="the scale of the runs to compare (default: the first label's newest run's)")
    sub.add_parser("list", help="list the saved runs of every machine")
    p = sub.add_parser("report", help="print the speedup table of a saved run")
    p.add_argument(
        "run",
        nargs="?",
        metavar="LABEL-OR-FILE",
        help="a label (its runs at one scale merged), label/NNNN, or a .json file (default: this machine's "
        "label if it has runs, else reference)",
    )
    p.add_argument("--lesson", help="only this lesson, e.g. m09_matmul")
    p.add_argument("--scale", help="the scale of the runs to show (default: the newest run's)")
    p.add_argument("--markdown", action="store_true", help="Markdown tables, for the book's pages")
    p.add_argument(
        "--group", action="append", default=[], help="only the groups whose name starts with this (may repeat)"
    )
    p.add_argument(
        "--except-group", action="append", default=[], help="leave out the groups whose name starts with this"
    )
    p.add_argument(
        "--html", metavar="FILE", type=Path, help="also write one self-contained HTML page (figures inlined)"
    )
    p.add_argument("--vs", nargs="+", default=[], metavar="RUN", help="with --html: runs to compare with")
    p = sub.add_parser("refresh-docs", help="rewrite the marked result tables of book pages from the saved runs")
    p.add_argument("pages", nargs="+", type=Path, help="Markdown pages with <!-- optbook report ... --> blocks")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if a page is out of date")
    p = sub.add_parser("machine", help="print this machine's fingerprint and measured peaks")
    p.add_argument("--machine", metavar="LABEL", help="label to show (default: $OPTBOOK_MACHINE or the host name)")
    p.add_argument("--no-peaks", action="store_true", help="skip the few seconds of peak measurement")
    p.add_argument("--json", action="store_true", help="the raw fingerprint as JSON")
    for name, text in DELEGATED_HELP.items():  # parsed by their own modules (see main)
        p = sub.add_parser(name, help=text, add_help=False)
        p.add_argument("arguments", nargs=argparse.REMAINDER, help=f"see optbook {name} --help")
    return parser


DELEGATED_HELP = {
    "checklist": "the questions to ask at each layer of the workshop's framework: checklist [layer]",
    "monitor": "the cores, memory and GPUs a command really uses: monitor [--json] -- COMMAND ...",
    "roofline": "the roofline picture of saved runs: roofline RUN [RUN ...] -o FILE.png [--lesson L]",
    "stability": "run a lesson twice and print how far its speedups move: stability [--load] LESSON [-k ...]",
    "slurm": "the book as a SLURM job array on cluster nodes: slurm [--machine LABEL] [--partition P] [--dry-run]",
}


def _delegated() -> dict[str, Callable[[list[str]], int]]:
    """Commands with their own arguments, in their own modules (imported only when used)."""

    def checklist(argv: list[str]) -> int:
        from optbook import checklist

        return checklist.main(argv)

    def monitor(argv: list[str]) -> int:
        from optbook import monitor

        return monitor.main(argv)

    def roofline(argv: list[str]) -> int:
        from optbook import roofline

        return roofline.main(argv)

    def stability(argv: list[str]) -> int:
        from optbook import stability

        return stability.main(argv)

    def slurm(argv: list[str]) -> int:
        from optbook.cluster import slurm

        return slurm.main(argv)

    return {"checklist": checklist, "monitor": monitor, "roofline": roofline, "stability": stability, "slurm": slurm}


def _split_results_option(argv: list[str]) -> tuple[list[str], list[str]]:
    """A leading ``--results DIR`` (or ``--results=DIR``) apart from the rest of the command line."""
    if argv[:1] == ["--results"] and len(argv) > 1:
        return argv[:2], argv[2:]
    if argv and argv[0].startswith("--results="):
        return argv[:1], argv[1:]
    return [], argv


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    results_option, rest = _split_results_option(argv)
    delegated = _delegated()
    try:
        if rest and rest[0] in delegated:  # their own arguments pass through untouched ("--" included)
            forwarded = results_option if rest[0] in ("roofline", "slurm") else []
            code = delegated[rest[0]](rest[1:] + forwarded)
        else:
            code = _main(argv)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except BrokenPipeError:  # optbook list | head: the reader has what it wanted
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except ModuleNotFoundError as err:  # an optional package (matplotlib for roofline) is not installed
        command = rest[0] if rest else "optbook"
        print(
            f"optbook {command}: error: this needs the package {err.name}, which is not installed "
            f"(pip install {err.name})",
            file=sys.stderr,
        )
        return 2


def _main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    root = results.results_dir(args.results)
    try:
        if getattr(args, "scale", None):
            check_scale(args.scale)
        if args.command == "compare":
            lines = compare(args.runs, root, args.scale)
        elif args.command == "list":
            lines = list_runs(root)
        elif args.command == "report":
            spec = args.run or default_run(root)
            lines = show_run(spec, root, args.lesson, args.markdown, args.scale, args.group, args.except_group)
            lines = lines if args.markdown else report.fit_lines(lines)
            if args.lesson:  # the lesson's own tables (its PAGE; see optbook.present.extras)
                from optbook.present import extras

                source = extras.Source.load([spec], root)
                lines += ["", *extras.table_lines(extras.declared(args.lesson), source, args.markdown, titles=True)]
            if args.html:
                from optbook.present import html

                lines.append(html.write_report([spec, *args.vs], root, args.html, args.lesson))
        elif args.command == "refresh-docs":
            return refresh_docs(args.pages, root, check=args.check)
        else:
            lines = show_machine(args.machine, measure=not args.no_peaks, as_json=args.json)
    except (UsageError, ResultsError, CompareError, ScaleError, machine.LabelError, OSError) as err:
        print(f"optbook {args.command}: error: {err}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
