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
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from optbook import analysis, results
from optbook.analysis import Bench
from optbook.present import figures, roofline_plot
from optbook.present.roofline_plot import Point
from optbook.results import ResultsError, Run

FORMATS = (".png", ".svg", ".pdf")


class RooflineError(ValueError):
    """A request that cannot make a picture; the message is one line."""


def _sizes(bench: Bench) -> str:
    params = bench.get("params") or {}
    return " ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in params.items() if k != "technique")


def _peaks_key(peaks: dict[str, float] | None) -> tuple[tuple[str, float], ...]:
    return tuple(sorted((k, float(v)) for k, v in (peaks or {}).items() if isinstance(v, (int, float))))


def points(benches: Iterable[Bench], peaks: dict[str, float] | None = None) -> list[Point]:
    """The benchmarks that recorded positive flops and bytes, as roofline points (judged by ``peaks``)."""
    found = []
    own = _peaks_key(peaks)
    for bench in benches:
        info = bench.get("extra_info") or {}
        flops, moved, seconds = info.get("flops"), info.get("bytes"), analysis.median(bench)
        if not flops or not moved or flops <= 0 or moved <= 0 or seconds <= 0:
            continue
        label = f"{analysis.technique_of(bench)} {_sizes(bench)}".strip()
        topic = str(info.get("topic") or bench.get("group") or "?")
        found.append(
            Point(
                label,
                topic,
                analysis.lesson_of(bench),
                str(info.get("dtype", "float64")),
                flops / moved,
                flops / seconds / 1e9,
                own,
            )
        )
    return found


def roof(intensity: float, gflops_peak: float, gbytes_peak: float) -> float:
    """The attainable GFLOP/s at an arithmetic intensity: min(compute peak, intensity x bandwidth)."""
    return analysis.attainable(intensity, gflops_peak, gbytes_peak)


def draw(found: list[Point], peaks: dict[str, float], path: Path, title: str) -> None:
    """Write the roofline picture to ``path`` (PNG, SVG or PDF, by its suffix)."""
    figures.save(roofline_plot.draw(found, peaks, title), path)


def placed_points(runs: Sequence[Run], lesson: str | None = None) -> tuple[list[Point], list[Bench]]:
    """The points of several runs, each judged by the peaks of the run it comes from (a later run's
    benchmark replacing an earlier one's), and every benchmark considered."""
    latest: dict[str, tuple[Bench, Run]] = {}
    for run in runs:
        for bench in run.benchmarks:
            latest[bench["fullname"]] = (bench, run)
    chosen = [(b, r) for b, r in latest.values() if not lesson or analysis.lesson_of(b) == lesson]
    found = [p for b, r in chosen for p in points([b], r.peaks)]
    return found, [b for b, _ in chosen]


def roofline(specs: Sequence[str], root: Path, output: Path, lesson: str | None = None) -> list[str]:
    """Draw the roofline of the runs named by ``specs`` (labels, label/NNNN or files) into ``output``.

    Each point is judged by the roofs of its own dtype from the run it comes from; the picture
    draws the roofs of the run that gave most points. Returns what was placed, as lines.
    """
    if output.suffix.lower() not in FORMATS:
        raise RooflineError(f"cannot write {output.name!r}: name a {', '.join(FORMATS)} file")
    if not output.parent.is_dir():
        raise RooflineError(f"no such folder for the picture: {output.parent}")
    runs = [run for spec in specs for run in results.resolve(spec, root)]
    found, benches = placed_points(runs, lesson)
    if not found:
        raise RooflineError(
            f"no benchmark of {' '.join(specs)}{f' in {lesson}' if lesson else ''} recorded both flops and bytes "
            "(run(..., flops=, bytes=) in the lesson's test)"
        )
    counts = Counter(p.peaks for p in found)
    source = max(reversed(runs), key=lambda r: counts.get(_peaks_key(r.peaks), 0))  # ties: the newest
    peaks = source.peaks
    if not peaks.get("gflops_float64") or not peaks.get("memory_gbytes"):
        raise RooflineError(f"{source.name} has no measured peaks (was it run with OPTBOOK_PEAKS=0?)")
    info = source.data.get("machine_info", {}).get("optbook", {})
    title = (
        f"Roofline of {' '.join(specs)}: {info.get('cpu_model', 'unknown CPU')}, {info.get('logical_cores', '?')} cores"
    )
    draw(found, peaks, output, title)
    sources = len({p.peaks for p in found})
    lines = [f"{output}: {len(found)} benchmarks placed under the roofs of {source.name}"]
    if sources > 1:
        lines[0] += f" (points from {sources} runs, each judged by its own run's roofs)"
    roofs = ", ".join(
        f"{peaks[k]:.1f} GFLOP/s {k.split('_')[1]}" for k in ("gflops_float64", "gflops_float32") if peaks.get(k)
    )
    lines.append(f"roofs: {roofs}, {peaks['memory_gbytes']:.1f} GB/s; ridge at "
                 f"{peaks['gflops_float64'] / peaks['memory_gbytes']:.2f} flops/byte (float64)")  # fmt: skip
    for p in sorted(found, key=lambda p: (p.topic, p.intensity)):
        pct = ""
        if p.percent is not None:
            flag = ", above the peak: not a real result" if p.percent > analysis.ABOVE_PEAK_PERCENT else ""
            pct = f" ({p.percent:.0f}% of its {p.dtype} roof{flag})"
        lines.append(f"  {p.topic}: {p.label}: {p.intensity:.3g} flops/byte, {p.gflops:.3g} GFLOP/s{pct}")
    flops_only = sum(
        1 for b in benches if (b.get("extra_info") or {}).get("flops") and not b["extra_info"].get("bytes")
    )
    if flops_only:
        lines.append(f"not placed: {flops_only} benchmarks recorded flops but no bytes")
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
