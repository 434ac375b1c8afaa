"""``optbook compare``: two or more machines side by side, like with like.

Each side is a label (its optbook runs at one scale, merged), ``label/NNNN`` or a
file. All sides use one scale (``--scale``, else the first side's), only the
benchmarks every side has are compared, and every side's speedups are taken
against the same reference technique of each group: the baseline where every
side has it, else the slowest technique the first side ran, with a line saying so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from optbook import analysis, report, results, stats
from optbook.analysis import Bench
from optbook.results import ResultsError, Run


class CompareError(ValueError):
    """A comparison that cannot be made; the message is one line."""


def describe_machine(runs: list[Run]) -> str:
    """CPU, cores and measured peaks of the machine of some runs, in one line."""
    info = runs[-1].data.get("machine_info", {}).get("optbook", {})
    peaks = results.best_peaks(runs)
    parts = [info.get("cpu_model") or runs[-1].data.get("machine_info", {}).get("processor") or "unknown CPU"]
    if info.get("logical_cores"):
        usable = info.get("usable_cores")
        held = f", held to {usable}" if usable and usable != info["logical_cores"] else ""
        parts.append(f"{info['logical_cores']} logical cores{held}")
    if peaks.get("gflops_float64"):
        parts.append(f"{peaks['gflops_float64']:.0f} GFLOP/s, {peaks.get('memory_gbytes', 0):.0f} GB/s measured")
    return ", ".join(parts)


def short_name(spec: str) -> str:
    """What a column is called: the label, label/NNNN, or the file's folder/NNNN."""
    path = Path(spec)
    return f"{path.parent.name}/{path.stem[:4]}" if path.suffix == ".json" else spec


def load_sides(specs: Sequence[str], root: Path, scale: str | None, notes: list[str]) -> list[list[Run]]:
    """The runs of every side at one scale: ``scale``, else the first side's."""
    sides: list[list[Run]] = []
    for spec in specs:
        runs = results.resolve(spec, root, scale=scale, notes=notes)
        scale = scale or results.scale_of(runs[-1])
        sides.append(runs)
    found = {short_name(spec): results.scale_of(runs[-1]) for spec, runs in zip(specs, sides)}
    if len(set(found.values())) > 1:
        notes.append("the runs are of different scales (" + ", ".join(f"{k} {v}" for k, v in found.items()) + ")")
    return sides


def references(tables: list[dict[str, Bench]], common: set[str], names: list[str]) -> tuple[dict[str, str], list[str]]:
    """The reference technique of every group of the common benchmarks (the same on every side), and
    one line for each group where it is not the baseline, naming the sides that lack the baseline."""
    chosen: dict[str, str] = {}
    notes: list[str] = []
    for group, members in analysis.by_group(tables[0][f] for f in common).items():
        baseline = (members[0].get("extra_info") or {}).get("baseline")
        techniques = {analysis.technique_of(b) for b in members}
        if baseline in techniques:
            chosen[group] = baseline
            continue
        chosen[group] = analysis.technique_of(max(members, key=analysis.median))
        lacking = [
            name
            for name, table in zip(names, tables)
            if not any(_group_of(b) == group and analysis.technique_of(b) == baseline for b in table.values())
        ]
        notes.append(
            f"{group}: the baseline {baseline or '?'} is missing on {', '.join(lacking) or 'some side'}: "
            f"speedups on every side are against {chosen[group]}"
        )
    return chosen, notes


def _group_of(bench: Bench) -> str:
    return next(iter(analysis.by_group([bench])))


def _speedups(table: dict[str, Bench], common: set[str], chosen: dict[str, str]) -> dict[str, float]:
    """Every common benchmark's speedup against its group's chosen reference technique, on one side."""
    by_technique = {(_group_of(table[f]), analysis.technique_of(table[f])): table[f] for f in common}
    speed = {}
    for f in common:
        group = _group_of(table[f])
        reference = by_technique.get((group, chosen.get(group, "")))
        if reference and analysis.median(table[f]) > 0:
            speed[f] = analysis.median(reference) / analysis.median(table[f])
    return speed


def _gain_cell(gain: float, first: analysis.Bench, other: analysis.Bench) -> str:
    """The gain with its interval and the significance mark: ``1.93x ±4%``, ``1.02x ±3% ~``."""
    significant, interval = stats.compare_timings(first.get("stats") or {}, other.get("stats") or {})
    cell = report.format_factor(gain)
    half = stats.relative_half_width(gain, interval)
    if half is not None:
        cell += f" ±{100 * half:.0f}%" if half >= 0.01 else " ±<1%"
    return cell + {None: " ?", False: " ~", True: "  "}[significant]


def compare(specs: Sequence[str], root: Path, scale: str | None = None) -> tuple[list[str], list[str]]:
    """The side-by-side comparison of two or more machines, as lines, and the notes on what was left out."""
    if len(specs) < 2:
        raise CompareError("compare needs at least two labels or files")
    notes: list[str] = []
    sides = load_sides(specs, root, scale, notes)
    names = [short_name(spec) for spec in specs]
    if len(set(names)) < len(names):
        names = [f"{i + 1}:{n}" for i, n in enumerate(names)]
    tables = [results.merged_benchmarks(runs) for runs in sides]
    common = set(tables[0]).intersection(*tables[1:])
    if not common:
        raise CompareError(f"{' and '.join(specs)} have no benchmark in common (compare runs of the same lessons)")
    left_out = sum(len(t) for t in tables) - len(common) * len(tables)
    if left_out:
        notes.append(f"left out {left_out} benchmark(s) that not every side has")
    chosen, reference_notes = references(tables, common, names)
    lines = [
        f"{name}: {describe_machine(runs)} ({len(runs)} run(s), scale {results.scale_of(runs[-1]) or '?'})"
        for name, runs in zip(names, sides)
    ]
    lines.append(f"{len(common)} benchmarks in common; gain = {names[0]}'s time / the other's (above 1: faster)")
    lines.append(
        f"±: the gain's 95% interval (bootstrap of the rounds); ~ marks a gain that is not significant "
        f"({stats.SIGNIFICANCE_TEST}; Welch's t-test for runs saved without their rounds; ? where neither can say)"
    )
    lines.extend(reference_notes)
    speed = [_speedups(t, common, chosen) for t in tables]
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
                row.append(_gain_cell(gain, bench, t[f]))
            row += [report.format_factor(s[f]) if f in s else "" for s in speed]
            rows.append(row)
        lines.append("")
        lines.extend(report.table(headers, rows, indent=""))
    lines.append("")
    factor = report.format_factor
    for (lesson, i), values in sorted(gains.items()):
        mean = analysis.geometric_mean(values)
        verdict = f"{names[i]} faster" if mean > 1 else f"{names[i]} slower"
        lines.append(
            f"{lesson}: {names[0]} vs {names[i]}: geometric mean gain {factor(mean)} ({verdict}) "
            f"over {len(values)} benchmarks (from {factor(min(values))} to {factor(max(values))})"
        )
    return lines, notes


__all__ = ["CompareError", "ResultsError", "compare", "describe_machine", "short_name"]
