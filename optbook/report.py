"""Plain-text tables for the terminal: the speedup table of a run and the comparison of machines."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from typing import Any

from optbook import analysis, stats
from optbook.analysis import Bench
from optbook.estimate import Estimate, baseline_estimates


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


WIDTH = 100  # a projector's terminal: the table fits in this many columns
ESTIMATE_LEGEND = (
    "est. speedup: an estimate, not a measurement: against the time the skipped baseline would have taken, "
    "extrapolated from the sizes where it ran (time ~ size^k, k as in its skip reason, fitted to its medians)"
)
# left out, in this order, when a table is too wide
OPTIONAL_COLUMNS = ("1st call", "peak mem", "cores", "est. speedup")
RATE_UNITS = {"GFLOP/s": "GFLOP/s", "GB/s": "GB/s", "items/s": "items/s"}


def format_interval(factor: float, interval: Any) -> str:
    """A speedup with its 95% interval as a relative half-width: ``1,836x ±3%``."""
    text = format_factor(factor)
    if isinstance(interval, (list, tuple)) and len(interval) == 2:
        half = stats.relative_half_width(factor, (float(interval[0]), float(interval[1])))
        if half is not None:
            text += f" ±{100 * half:.0f}%" if half >= 0.01 else f" ±{100 * half:.1f}%"
    return text


def marks_of(bench: Bench, r: analysis.Rate | None) -> list[str]:
    """The marks saved with a benchmark, with "above-peak" added where its rate is above the roof."""
    marks = [m for m in (bench.get("extra_info") or {}).get("marks") or [] if m in stats.MARKS]
    if r is not None and r.above_peak and "above-peak" not in marks:
        marks.append("above-peak")
    return marks


def significance(old: Bench, new: Bench) -> bool | None:
    """Whether two timings differ: Mann-Whitney U on their rounds, else Welch's t-test on the summaries."""
    a, b = (old.get("stats") or {}).get("data"), (new.get("stats") or {}).get("data")
    if a and b:
        return stats.differ(a, b)
    return stats.differ_from_summary(old.get("stats") or {}, new.get("stats") or {})


def _rate_cells(rates: list[analysis.Rate | None]) -> tuple[str, list[str]]:
    """The rate column's header and cells: the unit in the header when the group shares one."""
    units = {r.unit for r in rates if r}
    shared = units.pop() if len(units) == 1 else None
    header = f"rate {shared}" if shared else "rate"
    cells = ["" if r is None else f"{r.value:.3g}" + ("" if shared else f" {r.unit}") for r in rates]
    return header, cells


def _percent(r: analysis.Rate | None) -> str:
    if r is None or r.percent_of_peak is None:
        return ""
    return f"{r.percent_of_peak:.0f}%" + ("!" if r.above_peak else "")


def _fit(headers: list[str], rows: list[list[str]], width: int | None) -> tuple[list[str], list[list[str]], list[str]]:
    """Leave out optional columns, in order, until the table fits in ``width`` columns."""
    dropped: list[str] = []
    while width and max(len(line) for line in table(headers, rows, indent="")) > width:
        name = next((c for c in OPTIONAL_COLUMNS if c in headers), None)
        if name is None:
            break
        i = headers.index(name)
        headers = headers[:i] + headers[i + 1 :]
        rows = [r[:i] + r[i + 1 :] for r in rows]
        dropped.append(name)
    return headers, rows, dropped


def group_table(
    group: str,
    members: list[Bench],
    peaks: dict[str, float] | None,
    speed: dict[str, analysis.Speedup],
    compared: dict[str, tuple[str, Bench]] | None = None,
    width: int | None = None,
    markdown: bool = False,
    estimate: Estimate | None = None,
) -> tuple[list[str], set[str], list[str]]:
    """One group's table, with the marks it used and the columns left out to fit ``width``.

    ``estimate``: the extrapolated time of the group's baseline, where it was skipped as too slow;
    the table then shows the speedups against it too, marked as estimates.
    """
    members = ordered(members)
    rates = [analysis.rate(b, peaks) for b in members]
    rate_header, rate_cells = _rate_cells(rates)
    marks = [marks_of(b, r) for b, r in zip(members, rates)]
    headers = [group, "median", "speedup", rate_header, "% peak", "cores", "peak mem", "1st call"]
    if estimate:
        headers.insert(3, "est. speedup")
    show_marks = any(marks)
    if show_marks:
        headers.append("marks")
    show_vs = bool(compared) and any(b["fullname"] in (compared or {}) for b in members)
    if show_vs:
        headers.append("vs")
    rows = []
    for bench, r, cell, mine in zip(members, rates, rate_cells, marks):
        info = bench.get("extra_info") or {}
        s = speed.get(bench["fullname"])
        row = [
            analysis.technique_of(bench),
            format_seconds(analysis.median(bench)),
            format_interval(s.factor, info.get("speedup_ci")) if s else "",
            cell,
            _percent(r),
            f"{info['cores']:.2f}" if "cores" in info else "",
            format_bytes(info["peak_memory_bytes"]) if "peak_memory_bytes" in info else "",
            format_seconds(info["first_call_seconds"]) if "first_call_seconds" in info else "",
        ]
        if estimate:
            row.insert(3, f"~{format_factor(estimate.seconds / analysis.median(bench))} est.")
        if show_marks:
            row.append(stats.mark_letters(mine))
        if show_vs:
            old = (compared or {}).get(bench["fullname"])
            if old:
                noise = significance(old[1], bench) is False
                row.append(format_factor(analysis.median(old[1]) / analysis.median(bench)) + (" ~" if noise else ""))
            else:
                row.append("new")
        rows.append(row)
    headers, rows, dropped = _fit(headers, rows, None if markdown else width)
    lines = table(headers, rows, indent="", markdown=markdown)
    first = speed.get(members[0]["fullname"])
    if first and not first.reference_is_baseline:
        baseline = (members[0].get("extra_info") or {}).get("baseline", "the baseline")
        note = f"({baseline} skipped at this size: speedups against {first.reference}, the slowest that ran"
        if estimate and estimate.technique == baseline:
            note += f"; est. speedup against {baseline}'s {describe_estimate(estimate)}"
        lines += ["", note + ")"]
    return lines, {m for ms in marks for m in ms}, dropped


def describe_estimate(estimate: Estimate) -> str:
    """How an estimate was made, e.g. "estimated 2.32 s a call, n^3 fitted to n = 64 to 128"."""
    low, high = (f"{s:g}" for s in (estimate.sizes[0], estimate.sizes[-1]))
    where = f"{estimate.size_name} = {low}" + (f" to {high}" if high != low else "")
    growth = f"{estimate.size_name}^{estimate.exponent:g}"
    return f"estimated {format_seconds(estimate.seconds)} a call, {growth} fitted to {where}"


def speedup_report(
    benches: list[Bench],
    peaks: dict[str, float] | None,
    compared: dict[str, tuple[str, Bench]] | None = None,
    markdown: bool = False,
    width: int | None = WIDTH,
    skipped: list[dict[str, Any]] | None = None,
) -> list[str]:
    """The speedup table of one run, group by group, then the scaling fits and the legends.

    ``compared`` maps a fullname to (source, saved benchmark) for the "vs" column. The terminal
    table (not Markdown) leaves out optional columns until it fits in ``width`` columns.
    ``skipped``, the run's skipped benchmarks, lets a group whose baseline was skipped as too
    slow show speedups against its extrapolated time (optbook.estimate), marked as estimates.
    """
    lines: list[str] = []
    speed = analysis.speedups(benches)
    groups = analysis.by_group(benches)
    used: set[str] = set()
    dropped: set[str] = set()
    estimates = baseline_estimates(benches, skipped or [])
    for group in sorted(groups, key=natural_key):
        block, marks, gone = group_table(
            group, groups[group], peaks, speed, compared, width, markdown, estimates.get(group)
        )
        lines += ["", *block]
        used |= marks
        dropped |= set(gone)
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
    notes = legend(benches, peaks, used, compared, sorted(dropped, key=OPTIONAL_COLUMNS.index))
    if estimates and "est. speedup" not in dropped:
        notes = notes or [""]
        notes.insert(1, ESTIMATE_LEGEND)
    return lines + notes


def legend(
    benches: list[Bench],
    peaks: dict[str, float] | None,
    used: set[str],
    compared: dict[str, tuple[str, Bench]] | None,
    dropped: list[str],
) -> list[str]:
    """The lines under the tables: what "% peak", the marks, "vs" and "±" mean, and what was left out."""
    notes = []
    if peaks and any(analysis.rate(b, peaks) for b in benches):
        notes.append(
            "% peak: of the roof each benchmark can attain, min(compute peak of its dtype, flops/byte x "
            "bandwidth); rate in GB/s where memory binds, GFLOP/s where compute does"
        )
    if any((b.get("extra_info") or {}).get("speedup_ci") for b in benches):
        notes.append("±: half-width of the speedup's 95% confidence interval (bootstrap over the rounds)")
    if used:
        notes.append(stats.marks_legend(sorted(used)))
    if compared:
        sources = ", ".join(sorted({source for source, _ in compared.values()}))
        notes.append(
            f"vs: {sources}'s median over this run's (above 1: faster now); ~ not significant "
            f"({stats.SIGNIFICANCE_TEST}; Welch's t-test on the saved summary for runs without rounds)"
        )
    if dropped:
        notes.append(f"left out to fit {WIDTH} columns: {', '.join(dropped)} (optbook report --markdown shows all)")
    return ["", *notes] if notes else []


def fit_lines(lines: list[str], width: int = WIDTH) -> list[str]:
    """Prose lines longer than ``width`` wrapped (tables are made to fit already)."""
    out: list[str] = []
    for line in lines:
        if len(line) <= width:
            out.append(line)
        else:
            indent = " " * (len(line) - len(line.lstrip()))
            out += textwrap.wrap(
                line, width, initial_indent="", subsequent_indent=indent + "  ", break_on_hyphens=False
            )
    return out


def skip_summary(reasons: list[str], limit: int = 3) -> list[str]:
    """Skip reasons summarised in at most ``limit`` + 1 short lines, the commonest first."""
    if not reasons:
        return []
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for reason in reasons:
        short = reason.split(": ", 1)[-1] if reason.startswith("Skipped") else reason
        key = re.sub(r"\d+(\.\d+)?", "#", short)  # "took 5.2 s" and "took 6.1 s" are one reason
        shown.setdefault(key, short if len(short) <= 80 else short[:77] + "...")
        counts[key] = counts.get(key, 0) + 1
    common = [(shown[key], n) for key, n in sorted(counts.items(), key=lambda kv: -kv[1])]
    lines = [f"skipped {len(reasons)}:"] + [f"  {n} x {text}" for text, n in common[:limit]]
    if len(common) > limit:
        lines.append(f"  and {len(common) - limit} other reasons (pytest -rs lists them)")
    return lines


def _size_range(sizes: tuple[float, ...]) -> str:
    values = [f"{s:g}" for s in sizes]
    return f"{values[0]} to {values[-1]} ({len(values)} sizes)"


PEAK_SPREAD_NOTED = 1.2  # the best peak reading of a run over its worst, from which the spread is told


def describe_peak_spread(peaks: dict[str, Any] | None) -> str | None:
    """One line when a run's peak readings differ by PEAK_SPREAD_NOTED or more, else None.

    The peaks are read several times during a run (at its start, between groups, at its end)
    and the best reading is the peak. How far the readings lie apart is how far this
    machine's own speed moved during the run: a shared host's neighbours take memory
    bandwidth and cores at some moments and not at others. A speedup between a
    compute-bound and a memory-bound technique moves with it, even when both were timed
    in the same cycles."""
    spans = []
    for key, unit, digits in (("gflops_float64", "GFLOP/s", 0), ("memory_gbytes", "GB/s", 1)):
        readings = [float(r) for r in (peaks or {}).get(f"{key}_readings") or [] if r]
        if len(readings) >= 2:
            spans.append((min(readings), max(readings), unit, digits, len(readings)))
    if not spans or all(high < PEAK_SPREAD_NOTED * low for low, high, *_ in spans):
        return None
    ranges = " and ".join(f"{low:.{digits}f} to {high:.{digits}f} {unit}" for low, high, unit, digits, _ in spans)
    return f"{max(n for *_, n in spans)} peak readings ranged {ranges}: the machine's speed moved that much in the run"


def describe_peaks(peaks: dict[str, float] | None) -> str:
    """One line on the measured peaks."""
    if not peaks:
        return "peaks not measured in this run (OPTBOOK_PEAKS=0): no percent of peak"
    return (
        f"measured peaks: {peaks.get('gflops_float64', 0):.1f} GFLOP/s float64, "
        f"{peaks.get('gflops_float32', 0):.1f} float32 (BLAS matrix product), "
        f"{peaks.get('memory_gbytes', 0):.1f} GB/s (array copy)"
    )
