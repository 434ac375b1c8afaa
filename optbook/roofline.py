"""The roofline picture of saved runs: every benchmark that recorded both its floating-point
operations and its bytes moved, placed by arithmetic intensity against this machine's roofs.

A kernel doing F flops while moving B bytes has arithmetic intensity I = F / B. Its
speed cannot exceed the compute peak P (GFLOP/s) nor I times the memory bandwidth M
(GB/s): the roof min(P, I * M). Both roofs are the run's own measured peaks (BLAS
matrix product and array copy; see optbook.machine). Points under the slanted part are
limited by memory, points under the flat part by arithmetic::

    optbook roofline reference -o docs/img/roofline.png
    python -m optbook.roofline results/vm/0003_x.json -o roofline.png --lesson m05_hardware
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from optbook import analysis, results
from optbook.analysis import Bench
from optbook.results import ResultsError

FORMATS = (".png", ".svg", ".pdf")


class RooflineError(ValueError):
    """A request that cannot make a picture; the message is one line."""


@dataclass(frozen=True)
class Point:
    """One benchmark on the roofline."""

    label: str  # technique and its sizes, e.g. "triad_numba threads=2"
    topic: str
    dtype: str
    intensity: float  # flops per byte
    gflops: float  # achieved GFLOP/s (median time)


def _sizes(bench: Bench) -> str:
    params = bench.get("params") or {}
    return " ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in params.items() if k != "technique")


def points(benches: Iterable[Bench]) -> list[Point]:
    """The benchmarks that recorded positive flops and bytes, as roofline points."""
    found = []
    for bench in benches:
        info = bench.get("extra_info") or {}
        flops, moved, seconds = info.get("flops"), info.get("bytes"), analysis.median(bench)
        if not flops or not moved or flops <= 0 or moved <= 0 or seconds <= 0:
            continue
        label = f"{analysis.technique_of(bench)} {_sizes(bench)}".strip()
        topic = str(info.get("topic") or bench.get("group") or "?")
        found.append(Point(label, topic, str(info.get("dtype", "float64")), flops / moved, flops / seconds / 1e9))
    return found


def roof(intensity: float, gflops_peak: float, gbytes_peak: float) -> float:
    """The attainable GFLOP/s at an arithmetic intensity: min(compute peak, intensity x bandwidth)."""
    return min(gflops_peak, intensity * gbytes_peak)


def _label_heights(found: list[Point], gap: float) -> list[float]:
    """Heights (log10 GFLOP/s) for the points' labels: as the points', pushed apart by at least ``gap``
    among points at about the same intensity, so that labels do not overwrite each other."""
    heights = [math.log10(p.gflops) for p in found]
    order = sorted(range(len(found)), key=lambda i: (round(math.log10(found[i].intensity), 1), heights[i]))
    placed: list[int] = []
    for i in order:
        near = [j for j in placed if abs(math.log10(found[j].intensity / found[i].intensity)) < 0.3]
        if near:
            heights[i] = max(heights[i], max(heights[j] for j in near) + gap)
        placed.append(i)
    return heights


def draw(found: list[Point], peaks: dict[str, float], path: Path, title: str) -> None:
    """Write the roofline picture to ``path`` (PNG, SVG or PDF, by its suffix)."""
    import matplotlib

    matplotlib.use("Agg")  # no display needed
    import matplotlib.pyplot as plt

    compute, memory = peaks["gflops_float64"], peaks["memory_gbytes"]
    ridge = compute / memory
    low = min([ridge, *(p.intensity for p in found)]) / 4
    high = max([ridge, *(p.intensity for p in found)]) * 30  # room for the labels on the right
    xs = [low * (high / low) ** (i / 200) for i in range(201)]
    bottom = min([low * memory, *(p.gflops for p in found)]) / 2
    top = max([compute, peaks.get("gflops_float32") or 0.0, *(p.gflops for p in found)]) * 3
    fig, ax = plt.subplots(figsize=(10, 6.5), dpi=110)
    roof_label = f"roof: {compute:.1f} GFLOP/s float64 (BLAS), {memory:.1f} GB/s (array copy)"
    ax.plot(xs, [roof(x, compute, memory) for x in xs], color="black", linewidth=2, label=roof_label)
    if peaks.get("gflops_float32") and any(p.dtype == "float32" for p in found):
        f32 = peaks["gflops_float32"]
        ax.plot(xs, [roof(x, f32, memory) for x in xs], color="grey", linestyle=":", linewidth=1.5,
                label=f"roof in float32: {f32:.1f} GFLOP/s")  # fmt: skip
    gap = 0.045 * math.log10(top / bottom)  # about one line of small text
    heights = _label_heights(found, gap)
    markers = "os^Dvp<>h*"
    topics = sorted({p.topic for p in found})
    for kind, topic in enumerate(topics):
        mine = [p for p in found if p.topic == topic]
        ax.scatter([p.intensity for p in mine], [p.gflops for p in mine], marker=markers[kind % len(markers)],
                   color=f"C{kind}", s=40, zorder=3, label=topic)  # fmt: skip
    for i, p in enumerate(found):
        ax.annotate(p.label, (p.intensity, p.gflops), xytext=(p.intensity * 1.35, 10 ** heights[i]), fontsize=7,
                    va="center", arrowprops={"arrowstyle": "-", "color": "0.6", "linewidth": 0.6})  # fmt: skip
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(low, high)
    ax.set_ylim(bottom, top)
    ax.set_xlabel("arithmetic intensity (flops per byte moved)")
    ax.set_ylabel("achieved GFLOP/s (median time)")
    ax.set_title(title, fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def roofline(specs: Sequence[str], root: Path, output: Path, lesson: str | None = None) -> list[str]:
    """Draw the roofline of the runs named by ``specs`` (labels, label/NNNN or files) into ``output``.

    The roofs are the measured peaks of the last run named. Returns what was placed, as lines.
    """
    if output.suffix.lower() not in FORMATS:
        raise RooflineError(f"cannot write {output.name!r}: name a {', '.join(FORMATS)} file")
    if not output.parent.is_dir():
        raise RooflineError(f"no such folder for the picture: {output.parent}")
    runs = [run for spec in specs for run in results.resolve(spec, root)]
    benches = list(results.merged_benchmarks(runs).values())
    if lesson:
        benches = [b for b in benches if analysis.lesson_of(b) == lesson]
    found = points(benches)
    if not found:
        raise RooflineError(
            f"no benchmark of {' '.join(specs)}{f' in {lesson}' if lesson else ''} recorded both flops and bytes "
            "(run(..., flops=, bytes=) in the lesson's test)"
        )
    peaks = runs[-1].peaks
    if not peaks.get("gflops_float64") or not peaks.get("memory_gbytes"):
        raise RooflineError(f"{runs[-1].name} has no measured peaks (was it run with OPTBOOK_PEAKS=0?)")
    info = runs[-1].data.get("machine_info", {}).get("optbook", {})
    title = (
        f"Roofline of {' '.join(specs)}: {info.get('cpu_model', 'unknown CPU')}, {info.get('logical_cores', '?')} cores"
    )
    draw(found, peaks, output, title)
    flops_only = sum(
        1 for b in benches if (b.get("extra_info") or {}).get("flops") and not b["extra_info"].get("bytes")
    )
    lines = [f"{output}: {len(found)} benchmarks placed under the roofs of {runs[-1].name}"]
    lines.append(
        f"roofs: {peaks['gflops_float64']:.1f} GFLOP/s float64, {peaks['memory_gbytes']:.1f} GB/s; "
        f"ridge at {peaks['gflops_float64'] / peaks['memory_gbytes']:.2f} flops/byte"
    )
    if flops_only:
        lines.append(f"{flops_only} benchmarks recorded flops but no bytes: not placed")
    for p in sorted(found, key=lambda p: (p.topic, p.intensity)):
        attainable = roof(p.intensity, peaks["gflops_float64"], peaks["memory_gbytes"])
        lines.append(
            f"  {p.topic}: {p.label}: {p.intensity:.3g} flops/byte, {p.gflops:.3g} GFLOP/s "
            f"({100 * p.gflops / attainable:.0f}% of its roof)"
        )
    return lines


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise RooflineError(message)


def main(argv: Sequence[str] | None = None) -> int:
    """``optbook roofline RUN [RUN ...] -o FILE [--lesson L] [--results DIR]``; 2 and one line on a mistake."""
    parser = _Parser(prog="optbook roofline", description="Draw the roofline of saved runs.")
    parser.add_argument("runs", nargs="+", metavar="RUN", help="a label (all its runs), label/NNNN or a .json file")
    parser.add_argument("-o", "--output", required=True, type=Path, help="the picture to write (.png, .svg, .pdf)")
    parser.add_argument("--lesson", help="only this lesson, e.g. m05_hardware")
    parser.add_argument("--results", metavar="DIR", help="results folder (default: $OPTBOOK_RESULTS or ./results)")
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        lines = roofline(args.runs, results.results_dir(args.results), args.output, args.lesson)
    except (RooflineError, ResultsError) as err:
        print(f"optbook roofline: error: {err}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
