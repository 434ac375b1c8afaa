"""Figures of saved runs, drawn with matplotlib's Agg backend (no display needed).

Each function takes benchmarks as saved (dicts as in a results JSON; see optbook.analysis)
and returns a matplotlib Figure; ``save`` and ``png`` write it out. The roofline is in
``optbook.present.roofline_plot``.
"""

from __future__ import annotations

import io
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from matplotlib import colormaps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from optbook import analysis, report, stats
from optbook.analysis import Bench

DPI = 100
NOT_SIGNIFICANT = "0.65"  # grey: a gain the significance test cannot tell from noise
NO_VERDICT = "0.85"  # light grey: too few rounds for the test to say either way


def new_figure(width: float, height: float) -> Figure:
    """A figure on the Agg canvas (thread-safe, no pyplot state)."""
    fig = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def png(fig: Figure, metadata: dict[str, str] | None = None) -> bytes:
    """The figure as a small PNG (a 128-colour palette), with ``metadata`` as text chunks and no
    date or version, so that the same data gives the same file on the same libraries."""
    from PIL import Image, PngImagePlugin

    raw = io.BytesIO()
    fig.savefig(raw, format="png", dpi=DPI, metadata={"Software": None})
    raw.seek(0)
    info = PngImagePlugin.PngInfo()
    for key, value in (metadata or {}).items():
        info.add_text(key, value)
    out = io.BytesIO()
    with Image.open(raw) as image:
        image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(
            out, format="png", optimize=True, pnginfo=info
        )
    return out.getvalue()


def save(fig: Figure, path: Path, metadata: dict[str, str] | None = None) -> None:
    """Write the figure to ``path`` (PNG, SVG or PDF by its suffix)."""
    if path.suffix.lower() == ".png":
        path.write_bytes(png(fig, metadata))
    else:
        fig.savefig(path, dpi=DPI)


def _test_of(bench: Bench) -> str:
    return str(bench.get("fullname", "")).split("[")[0]


def speedup_bars(benches: Iterable[Bench], groups: Sequence[str] | None = None) -> Figure:
    """Speedup of every technique over its group's baseline, one panel per group, on a log axis.

    The baseline is at the top, then slowest to fastest; the 95% interval (extra_info
    ``speedup_ci``) is drawn as an error bar where the run has one.
    """
    found = analysis.by_group(benches)
    names = [g for g in (groups or sorted(found, key=report.natural_key)) if g in found]
    if not names:
        raise ValueError(f"no such group: {', '.join(groups or []) or '(none)'}")
    rows = sum(len(found[g]) for g in names)
    fig = new_figure(7.5, 0.9 + 0.28 * rows + 0.55 * len(names))
    axes = fig.subplots(len(names), 1, squeeze=False, height_ratios=[len(found[g]) + 1.5 for g in names])[:, 0]
    for ax, group in zip(axes, names):
        members = report.ordered(found[group])
        speed = analysis.speedups(members)
        shown = [b for b in members if b["fullname"] in speed]
        factors = [speed[b["fullname"]].factor for b in shown]
        low, high = [], []
        for bench, factor in zip(shown, factors):
            ci = (bench.get("extra_info") or {}).get("speedup_ci")
            low.append(factor - ci[0] if ci else 0.0)
            high.append(ci[1] - factor if ci else 0.0)
        ys = list(range(len(shown)))
        colors = ["0.55" if i == 0 else "C0" for i in ys]
        xerr = [low, high] if any(low) or any(high) else None
        ax.barh(ys, factors, color=colors, xerr=xerr, capsize=2, height=0.7)
        ax.set_yticks(ys, [analysis.technique_of(b) for b in shown], fontsize=8)
        ax.invert_yaxis()  # the baseline at the top
        ax.set_xscale("log")
        ax.set_xlim(min([*factors, 1.0]) / 1.5, max(factors) * 4)
        for y, factor in zip(ys, factors):
            ax.text(factor * 1.12, y, report.format_factor(factor), va="center", fontsize=7)
        reference = speed[shown[0]["fullname"]].reference if shown else "?"
        ax.set_title(f"{group}: speedup over {reference}", fontsize=9, loc="left")
        ax.grid(True, axis="x", which="major", alpha=0.3)
        ax.tick_params(axis="x", labelsize=8)
    axes[-1].set_xlabel("speedup (log scale)" + (", with 95% interval" if _has_ci(found, names) else ""), fontsize=8)
    fig.tight_layout()
    return fig


def _has_ci(found: dict[str, list[Bench]], names: Sequence[str]) -> bool:
    return any((b.get("extra_info") or {}).get("speedup_ci") for g in names for b in found[g])


def scaling_data(benches: Iterable[Bench], test: str, skipped: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """Per technique of ``test``: its (size, seconds) points, the fitted exponent, and the sizes it
    was skipped at (from the run's skipped list; else the sizes where other techniques ran)."""
    points: dict[str, dict[float, float]] = defaultdict(dict)
    for bench in benches:
        size = analysis.size_of(bench)
        if _test_of(bench) == test and size and analysis.median(bench) > 0:
            points[analysis.technique_of(bench)][size] = analysis.median(bench)
    every = sorted({s for by_size in points.values() for s in by_size})
    missing: dict[str, list[float]] = {}
    listed = [s for s in skipped if str(s.get("fullname", "")).split("[")[0] == test]
    for technique, by_size in points.items():
        if listed:
            sizes = []
            for entry in listed:
                params = entry.get("params") or {}
                if entry.get("technique", params.get("technique")) == technique:
                    numbers = [v for k, v in params.items() if k != "technique" and isinstance(v, (int, float))]
                    sizes += [float(numbers[0])] if len(numbers) == 1 else []
            missing[technique] = sorted(sizes)
        else:
            missing[technique] = [s for s in every if s not in by_size]
    fits = {t: analysis.fit_exponent(sorted(p.items())) for t, p in points.items() if len(p) >= 2}
    return {"points": {t: sorted(p.items()) for t, p in points.items()}, "fits": fits, "missing": missing}


def scaling(benches: Iterable[Bench], test: str, skipped: Sequence[dict[str, Any]] = ()) -> Figure:
    """Time against size on log-log axes, a line per technique, its fitted exponent in the legend;
    an x at the bottom marks each size a technique was skipped at."""
    data = scaling_data(list(benches), test, skipped)
    if not data["points"]:
        raise ValueError(f"no benchmark of {test} has one numeric size")
    fig = new_figure(7.5, 4.8)
    ax = fig.add_subplot()
    times = [t for pts in data["points"].values() for _, t in pts]
    floor = min(times) / 3
    order = sorted(data["points"], key=lambda t: -max(s for _, s in data["points"][t]))  # slowest first
    palette = [f"C{i}" for i in range(10)] if len(order) <= 10 else [colormaps["tab20"](i) for i in range(20)]
    for i, technique in enumerate(order):
        color = palette[i % len(palette)]
        pts = data["points"][technique]
        fit = data["fits"].get(technique)
        label = technique + (f"  (k = {fit:.2f})" if fit is not None else "  (one size)")
        ax.plot([s for s, _ in pts], [t for _, t in pts], marker="o", markersize=4, color=color, label=label)
        gaps = data["missing"].get(technique) or []
        if gaps:
            ax.plot(gaps, [floor * 1.2] * len(gaps), linestyle="none", marker="x", color=color, markersize=7)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(bottom=floor)
    ax.set_xlabel("size (" + _size_name(list(benches), test) + ", log scale)", fontsize=8)
    ax.set_ylabel("median time per call (s, log scale)", fontsize=8)
    note = "; x: skipped at that size" if any(data["missing"].values()) else ""
    ax.set_title(f"{test.rsplit('/', 1)[-1]}: time ~ size^k{note}", fontsize=9, loc="left")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    fig.tight_layout()
    return fig


def _size_name(benches: list[Bench], test: str) -> str:
    for bench in benches:
        if _test_of(bench) == test:
            params = bench.get("params") or {}
            names = [k for k, v in params.items() if k != "technique" and isinstance(v, (int, float))]
            if names:
                return names[0]
    return "size"


def tests_with_sizes(benches: Iterable[Bench]) -> list[str]:
    """The tests whose techniques ran at two or more sizes: those that get a scaling plot."""
    return sorted({fit.test for fit in analysis.scaling(benches)})


def machine_gains(a: dict[str, Bench], b: dict[str, Bench]) -> list[tuple[str, str, float, bool | None]]:
    """(group, technique, gain of B over A = A's time / B's, differ?) for every benchmark both ran."""
    rows = []
    common = [f for f in a if f in b]
    for group, members in sorted(
        analysis.by_group(a[f] for f in common).items(), key=lambda kv: report.natural_key(kv[0])
    ):
        for bench in report.ordered(members):
            other = b[bench["fullname"]]
            gain = analysis.median(bench) / analysis.median(other)
            rows.append((group, analysis.technique_of(bench), gain, report.significance(bench, other)))
    return rows


def machine_ratios(a_info: dict[str, Any], b_info: dict[str, Any]) -> dict[str, float]:
    """B over A: the cores each run could use (held to fewer than the machine has, e.g. by SLURM or
    taskset, else its logical cores) and each measured peak (``machine_info.optbook``, ``peaks``)."""
    ratios = {}
    cores_a, cores_b = usable_cores(a_info), usable_cores(b_info)
    if cores_a and cores_b:
        ratios["cores"] = cores_b / cores_a
    pa, pb = a_info.get("peaks") or {}, b_info.get("peaks") or {}
    for key, name in (
        ("gflops_float64", "float64 peak"),
        ("gflops_float32", "float32 peak"),
        ("memory_gbytes", "bandwidth"),
    ):
        if pa.get(key) and pb.get(key):
            ratios[name] = pb[key] / pa[key]
    return ratios


def machines(
    a: dict[str, Bench], b: dict[str, Bench], a_info: dict[str, Any], b_info: dict[str, Any], names: tuple[str, str]
) -> Figure:
    """The gain of each technique on machine B over machine A (grey: within noise), beside the
    ratios of their core counts and measured peaks, drawn also as lines across the gains."""
    rows = machine_gains(a, b)
    if not rows:
        raise ValueError(f"{names[0]} and {names[1]} have no benchmark in common")
    ratios = machine_ratios(a_info, b_info)
    fig = new_figure(9.0, 1.4 + 0.2 * len(rows))
    left, right = fig.subplots(1, 2, width_ratios=[4, 1.3])
    ys = list(range(len(rows)))
    gains = [r[2] for r in rows]
    colors = [
        NOT_SIGNIFICANT if r[3] is False else NO_VERDICT if r[3] is None else ("C2" if r[2] >= 1 else "C3")
        for r in rows
    ]
    left.barh(ys, gains, color=colors, height=0.7)
    multi = len({r[0] for r in rows}) > 1
    left.set_yticks(ys, [f"{r[0]}: {r[1]}" if multi else r[1] for r in rows], fontsize=7)
    left.invert_yaxis()
    left.set_xscale("log")
    every = [*gains, *ratios.values(), 1.0]
    left.set_xlim(min(every) / 1.5, max(every) * 1.5)
    left.axvline(1.0, color="black", linewidth=0.8)
    for i, (name, value) in enumerate(ratios.items()):
        left.axvline(value, color=f"C{i + 4}", linestyle="--", linewidth=1, label=f"{name} ratio {value:.2f}")
    for y, row in zip(ys, rows):
        mark = {False: " ~", None: " ?"}.get(row[3], "")
        left.text(row[2], y, f" {row[2]:.2f}{mark}", va="center", fontsize=6)
    left.set_xlabel(f"gain: time on {names[0]} / time on {names[1]} (log scale)", fontsize=8)
    test = _test_name(a, b)
    left.set_title(
        f"{names[1]} against {names[0]}\ngrey ~: not significant ({test}); light ?: too few rounds to tell",
        fontsize=8,
        loc="left",
    )
    left.grid(True, axis="x", which="both", alpha=0.25)
    if ratios:
        left.legend(fontsize=7, loc="lower right")
    bars = list(ratios.items()) or [("no machine facts", 1.0)]
    right.bar(range(len(bars)), [v for _, v in bars], color=[f"C{i + 4}" for i in range(len(bars))])
    right.set_xticks(range(len(bars)), [n for n, _ in bars], rotation=45, ha="right", fontsize=7)
    right.axhline(1.0, color="black", linewidth=0.8)
    right.set_title("machine ratios", fontsize=8)
    right.tick_params(axis="y", labelsize=7)
    fig.tight_layout()
    return fig


def _test_name(a: dict[str, Bench], b: dict[str, Bench]) -> str:
    """The test the noise marks come from: Mann-Whitney U where both runs kept their rounds."""
    rounds = any((a[f].get("stats") or {}).get("data") and (b[f].get("stats") or {}).get("data") for f in a if f in b)
    return stats.SIGNIFICANCE_TEST.split(" on ")[0] if rounds else "Welch's t-test on the saved summaries"


def geometric_gain(rows: list[tuple[str, str, float, bool | None]]) -> float:
    """The geometric mean of the gains (the fair average of ratios)."""
    return math.exp(sum(math.log(r[2]) for r in rows) / len(rows))


def usable_cores(info: dict[str, Any]) -> int | None:
    """The cores a run could use: ``usable_cores`` of its fingerprint, else the logical cores."""
    value = info.get("usable_cores") or info.get("logical_cores")
    return int(value) if value else None
