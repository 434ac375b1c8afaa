"""The ``optbook`` command: compare saved runs across machines, list them, show this machine.

    optbook compare LABEL-OR-FILE LABEL-OR-FILE [...]
    optbook list
    optbook report LABEL-OR-FILE [--lesson mNN_slug] [--markdown]
    optbook refresh-docs PAGE... [--check]
    optbook machine [--no-peaks]
    optbook checklist [layer]
    optbook monitor [--interval S] [--json] -- COMMAND ...
    optbook roofline RUN [RUN ...] -o FILE [--lesson L]
    optbook slurm [--machine LABEL] [--scale S] [--partition P] [--dry-run] ...

A user's mistake (an unknown label, a broken file) gets one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from optbook import analysis, docs_tables, machine, report, results
from optbook.results import ResultsError, Run


class UsageError(Exception):
    """A mistake in what the user asked for; printed as one line."""


def _describe_machine(runs: list[Run]) -> str:
    info = runs[-1].data.get("machine_info", {}).get("optbook", {})
    peaks = runs[-1].peaks
    parts = [info.get("cpu_model") or runs[-1].data.get("machine_info", {}).get("processor") or "unknown CPU"]
    if info.get("logical_cores"):
        parts.append(f"{info['logical_cores']} logical cores")
    if peaks.get("gflops_float64"):
        parts.append(f"{peaks['gflops_float64']:.0f} GFLOP/s, {peaks.get('memory_gbytes', 0):.0f} GB/s measured")
    return ", ".join(parts)


def compare(specs: Sequence[str], root: Path) -> list[str]:
    """The side-by-side comparison of two or more machines (labels or files), as lines."""
    if len(specs) < 2:
        raise UsageError("compare needs at least two labels or files")
    loaded = [(spec, results.resolve(spec, root)) for spec in specs]
    names = [_short(spec) for spec, _ in loaded]
    if len(set(names)) < len(names):
        names = [f"{i + 1}:{n}" for i, n in enumerate(names)]
    tables = [results.merged_benchmarks(runs) for _, runs in loaded]
    common = set(tables[0]).intersection(*tables[1:])
    if not common:
        raise UsageError(f"{' and '.join(specs)} have no benchmark in common (compare runs of the same lessons)")
    lines = [f"{name}: {_describe_machine(runs)} ({len(runs)} run(s))" for name, (_, runs) in zip(names, loaded)]
    lines.append(f"{len(common)} benchmarks in common; gain = {names[0]}'s time / the other's (above 1: faster)")
    lines.append("~ marks a gain within noise (the interquartile ranges overlap)")
    speed = [analysis.speedups(t[f] for f in common) for t in tables]
    gains: dict[tuple[str, int], list[float]] = defaultdict(list)
    first = {f: tables[0][f] for f in common}
    for group, members in sorted(analysis.by_group(first.values()).items(), key=lambda kv: report.natural_key(kv[0])):
        headers = [group] + [f"{n} time" for n in names] + [f"gain {n}" for n in names[1:]]
        headers += [f"speedup {n}" for n in names]
        rows = []
        for bench in report.ordered(members):
            f = bench["fullname"]
            row = [analysis.technique_of(bench)] + [report.format_seconds(analysis.median(t[f])) for t in tables]
            for i, t in enumerate(tables[1:], start=1):
                gain = analysis.median(bench) / analysis.median(t[f])
                gains[(analysis.lesson_of(bench), i)].append(gain)
                noise = analysis.within_noise(bench, t[f])
                row.append(report.format_factor(gain) + (" ~" if noise else "  "))
            row += [report.format_factor(s[f].factor) if f in s else "" for s in speed]
            rows.append(row)
        lines.append("")
        lines.extend(report.table(headers, rows, indent=""))
    lines.append("")
    factor = report.format_factor
    for (lesson, i), values in sorted(gains.items()):
        lines.append(
            f"{lesson}: {names[i]} vs {names[0]}: geometric mean gain {factor(analysis.geometric_mean(values))} "
            f"over {len(values)} benchmarks (from {factor(min(values))} to {factor(max(values))})"
        )
    return lines


def show_run(spec: str, root: Path, lesson: str | None, markdown: bool) -> list[str]:
    """The speedup table of saved runs (a label's runs merged, label/NNNN or a file), as the pytest run printed it."""
    runs = results.resolve(spec, root)
    benches = list(results.merged_benchmarks(runs).values())
    if lesson:
        benches = [b for b in benches if analysis.lesson_of(b) == lesson]
        if not benches:
            raise UsageError(f"{spec} has no benchmarks of lesson {lesson!r}")
    last = runs[-1]
    info = last.data.get("machine_info", {}).get("optbook", {})
    head = [
        f"{spec}: {_describe_machine(runs)}; scale {last.optbook.get('scale', '?')}; "
        f"{str(last.data.get('datetime', '?'))[:10]}",
        report.describe_peaks(last.peaks),
    ]
    blas = [
        f"{pool.get('internal_api')} {pool.get('version', '')} ({pool.get('num_threads')} threads)"
        + (f" from {pool['library'].split('/')[0]}" if pool.get("library") else "")
        for pool in info.get("blas") or []
        if pool.get("user_api") == "blas"
    ]
    if blas:
        head.append("BLAS loaded: " + "; ".join(blas))
    return head + report.speedup_report(benches, last.peaks, markdown=markdown)


def report_lines(argv: list[str], root: Path) -> list[str]:
    """The Markdown lines of ``optbook report ARGV --markdown``, for a marked block of a page."""
    parser = argparse.ArgumentParser(prog="optbook report", add_help=False)
    parser.add_argument("run")
    parser.add_argument("--lesson")
    parser.add_argument("--markdown", action="store_true")
    try:
        args = parser.parse_args(argv)
    except SystemExit:
        raise UsageError(f"cannot read the report arguments {' '.join(argv)!r}") from None
    return show_run(args.run, root, args.lesson, markdown=True)


def refresh_docs(pages: list[Path], root: Path, check: bool) -> int:
    """Rewrite (or with ``check``, only list) the pages whose marked tables are out of date."""
    missing = [str(p) for p in pages if not p.is_file()]
    if missing:
        raise UsageError(f"no such page: {', '.join(missing)}")
    stale = docs_tables.stale_pages(pages, lambda argv: report_lines(argv, root))
    for page in stale:
        if check:
            print(f"{page}: result tables differ from the saved runs (optbook refresh-docs {page})")
        else:
            page.write_text(docs_tables.refresh(page.read_text(), lambda argv: report_lines(argv, root)))
            print(f"{page}: tables refreshed")
    return 1 if check and stale else 0


def _short(spec: str) -> str:
    path = Path(spec)
    return f"{path.parent.name}/{path.stem[:4]}" if path.suffix == ".json" else spec


def list_runs(root: Path) -> list[str]:
    """Every saved run, machine by machine."""
    found = results.labels(root)
    if not found:
        return [f"no saved runs in {root}/ yet: run pytest lessons/<lesson> to make one"]
    lines = []
    for label in found:
        lines.append(f"{label}:")
        for path in results.run_files(root, label):
            try:
                run = results.load_run(path, label)
            except ResultsError as err:
                lines.append(f"  {path.name}  unreadable: {err}")
                continue
            lessons = sorted({analysis.lesson_of(b) for b in run.benchmarks})
            when = str(run.data.get("datetime", "?"))[:16].replace("T", " ")
            scale = run.optbook.get("scale", "?")
            lines.append(
                f"  {path.name}  {when}  scale {scale}  {len(run.benchmarks)} benchmarks  {', '.join(lessons) or '-'}"
            )
    return lines


def show_machine(label: str | None, measure: bool) -> list[str]:
    """This machine's fingerprint and, unless told not to, its measured peaks."""
    info: dict[str, Any] = machine.fingerprint(machine.machine_label(label))
    if measure:
        info["peaks"] = machine.measure_peaks()
    lines = json.dumps(info, indent=2).splitlines()
    if measure:
        lines.append(report.describe_peaks(info["peaks"]))
    return lines


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="optbook",
        description="The optbook lesson book's results and machines.",
        epilog="also: optbook checklist [layer] (the questions to ask at each layer of the workshop's framework); "
        "optbook monitor -- COMMAND (the cores and memory a command really uses); "
        "optbook roofline RUN -o FILE.png (the roofline picture of saved runs); "
        "optbook stability LESSON [--load] (run a lesson twice: how far its speedups move); "
        "optbook slurm (the book as a SLURM job array on cluster nodes)",
    )
    parser.add_argument("--results", metavar="DIR", help="results folder (default: $OPTBOOK_RESULTS or ./results)")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("compare", help="compare two or more machines side by side")
    p.add_argument(
        "runs", nargs="+", metavar="LABEL-OR-FILE", help="a label (all its runs), label/NNNN, or a .json file"
    )
    sub.add_parser("list", help="list the saved runs of every machine")
    p = sub.add_parser("report", help="print the speedup table of a saved run")
    p.add_argument("run", metavar="LABEL-OR-FILE", help="a label (its runs merged), label/NNNN, or a .json file")
    p.add_argument("--lesson", help="only this lesson, e.g. m09_matmul")
    p.add_argument("--markdown", action="store_true", help="Markdown tables, for the book's pages")
    p = sub.add_parser("refresh-docs", help="rewrite the marked result tables of book pages from the saved runs")
    p.add_argument("pages", nargs="+", type=Path, help="Markdown pages with <!-- optbook report ... --> blocks")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if a page is out of date")
    p = sub.add_parser("machine", help="print this machine's fingerprint and measured peaks")
    p.add_argument("--machine", metavar="LABEL", help="label to show (default: $OPTBOOK_MACHINE or the host name)")
    p.add_argument("--no-peaks", action="store_true", help="skip the few seconds of peak measurement")
    return parser


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
    if rest and rest[0] in delegated:  # their own arguments pass through untouched ("--" included)
        forwarded = results_option if rest[0] in ("roofline", "slurm") else []
        return delegated[rest[0]](rest[1:] + forwarded)
    try:
        return _main(argv)
    except BrokenPipeError:  # optbook list | head
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    root = results.results_dir(args.results)
    try:
        if args.command == "compare":
            lines = compare(args.runs, root)
        elif args.command == "list":
            lines = list_runs(root)
        elif args.command == "report":
            lines = show_run(args.run, root, args.lesson, args.markdown)
        elif args.command == "refresh-docs":
            return refresh_docs(args.pages, root, check=args.check)
        else:
            lines = show_machine(args.machine, measure=not args.no_peaks)
    except (UsageError, ResultsError, machine.LabelError) as err:
        print(f"optbook {args.command}: error: {err}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
