"""Plain-text tables for the terminal: the speedup table of a run and the comparison of machines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from optbook import analysis
from optbook.analysis import Bench


def format_seconds(seconds: float) -> str:
    """A time with a unit that keeps three significant digits: 812 ns, 1.27 ms, 3.4 s."""
    seconds = float(f"{seconds:.3g}")  # round first, so that 999.6 ns reads 1 us, not 1e+03 ns
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def format_factor(factor: float) -> str:
    """A ratio such as a speedup: 1.00x, 12.3x, 4560x."""
    if factor >= 100:
        return f"{factor:,.0f}x"
    return f"{factor:.1f}x" if factor >= 10 else f"{factor:.2f}x"


def format_bytes(count: float) -> str:
    """A memory size in KiB, MiB or GiB."""
    for unit, scale in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if count >= scale:
            return f"{count / scale:.3g} {unit}"
    return f"{count:.0f} B"


def natural_key(text: str) -> list[Any]:
    """Sort 'n=64' before 'n=128': numbers compare as numbers."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ", markdown: bool = False
) -> list[str]:
    """Left-align the first column, right-align the others; or a Markdown table."""
    if markdown:
        head = "| " + " | ".join(headers) + " |"
        rule = "|" + "|".join([":---", *["---:"] * (len(headers) - 1)]) + "|"
        return [head, rule, *["| " + " | ".join(str(c) for c in r) + " |" for r in rows]]
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        first = str(cells[0]).ljust(widths[0])
        rest = [str(c).rjust(w) for c, w in zip(cells[1:], widths[1:])]
        return (indent + "  ".join([first, *rest])).rstrip()

    return [line(headers), *[line(r) for r in rows]]


def ordered(members: list[Bench]) -> list[Bench]:
    """The baseline first, then the others from slowest to fastest."""
    baseline = (members[0].get("extra_info") or {}).get("baseline")
    return sorted(members, key=lambda b: (analysis.technique_of(b) != baseline, -analysis.median(b)))


def speedup_report(
    benches: list[Bench],
    peaks: dict[str, float] | None,
    compared: dict[str, tuple[str, Bench]] | None = None,
    markdown: bool = False,
) -> list[str]:
    """The speedup table of one run, group by group, then the scaling fits.

    ``compared`` maps a fullname to (source, saved benchmark) for the "vs" column.
    """
    lines: list[str] = []
    speed = analysis.speedups(benches)
    groups = analysis.by_group(benches)
    for group in sorted(groups, key=natural_key):
        members = ordered(groups[group])
        headers = [group, "median", "speedup", "rate", "% peak", "cores", "peak mem", "1st call"]
        sources = sorted({compared[b["fullname"]][0] for b in members if compared and b["fullname"] in compared})
        if sources:
            headers.append("vs " + ",".join(sources))
        rows = []
        for bench in members:
            info = bench.get("extra_info") or {}
            s = speed.get(bench["fullname"])
            r = analysis.rate(bench, peaks)
            row = [
                analysis.technique_of(bench),
                format_seconds(analysis.median(bench)),
                format_factor(s.factor) if s else "",
                f"{r.value:.3g} {r.unit}" if r else "",
                f"{r.percent_of_peak:.0f}%" if r and r.percent_of_peak is not None else "",
                f"{info['cores']:.2f}" if "cores" in info else "",
                format_bytes(info["peak_memory_bytes"]) if "peak_memory_bytes" in info else "",
                format_seconds(info["first_call_seconds"]) if "first_call_seconds" in info else "",
            ]
            if sources:
                old = compared.get(bench["fullname"]) if compared else None
                row.append(format_factor(analysis.median(old[1]) / analysis.median(bench)) if old else "new")
            rows.append(row)
        lines.append("")
        lines.extend(table(headers, rows, indent="", markdown=markdown))
        first = speed.get(members[0]["fullname"])
        if first and not first.reference_is_baseline:
            baseline = (members[0].get("extra_info") or {}).get("baseline", "the baseline")
            lines.append("")
            lines.append(
                f"({baseline} was skipped at this size: speedups are against {first.reference}, the slowest that ran)"
            )
    fits = analysis.scaling(benches)
    if fits:
        lines.append("")
        lines.append("scaling: time grows as size^k; 1.5x the data costs 1.5^k the time")
        lines.append("")
        rows = [
            [fit.technique, f"k = {fit.exponent:.2f}", f"{fit.cost_of_half_more_data:.2f}x", _size_range(fit.sizes)]
            for fit in sorted(fits, key=lambda f: (f.test, f.exponent))
        ]
        lines.extend(table(["technique", "exponent", "1.5x data", "sizes"], rows, markdown=markdown))
    if compared:
        lines.append("")
        lines.append("vs: the saved run's median over this run's (above 1: faster now)")
    return lines


def _size_range(sizes: tuple[float, ...]) -> str:
    values = [f"{s:g}" for s in sizes]
    return f"{values[0]} to {values[-1]} ({len(values)} sizes)"


def describe_peaks(peaks: dict[str, float] | None) -> str:
    """One line on the measured peaks."""
    if not peaks:
        return "peaks not measured in this run (OPTBOOK_PEAKS=0): no percent of peak"
    return (
        f"measured peaks: {peaks.get('gflops_float64', 0):.1f} GFLOP/s float64, "
        f"{peaks.get('gflops_float32', 0):.1f} GFLOP/s float32 (BLAS matrix product), "
        f"{peaks.get('memory_gbytes', 0):.1f} GB/s memory (array copy)"
    )
