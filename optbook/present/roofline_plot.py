"""The roofline figure: a roof per dtype, every point numbered, a numbered key beside the plot.

Points are coloured by lesson (when several lessons are shown), by topic, or by technique family. Each number is
placed next to its point where it overlaps no other number: a few candidate spots at
growing distances are tried, in display coordinates, with a thin leader line when it had
to move away. Points closer than a number's size share one number (the key lists them all).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from optbook import analysis
from optbook.present.figures import new_figure

ROOF_STYLES = {"float64": ("black", "-"), "float32": ("0.35", "--")}


@dataclass(frozen=True)
class Point:
    """One benchmark on the roofline, with the roofs of the run it comes from."""

    label: str  # technique and its sizes, e.g. "triad_numba threads=2"
    topic: str
    lesson: str
    dtype: str
    intensity: float  # flops per byte
    gflops: float  # achieved GFLOP/s (median time)
    peaks: tuple[tuple[str, float], ...] = ()  # the measured peaks of its run

    @property
    def attainable(self) -> float | None:
        """The roof of its own dtype at its intensity (GFLOP/s), from its own run's peaks."""
        peaks = dict(self.peaks)
        compute, memory = analysis.compute_peak(peaks, self.dtype), peaks.get("memory_gbytes")
        return analysis.attainable(self.intensity, compute, memory) if compute and memory else None

    @property
    def percent(self) -> float | None:
        roof = self.attainable
        return 100 * self.gflops / roof if roof else None


def clusters(points: list[Point], fig: Figure, ax: object, radius: float) -> list[list[int]]:
    """Indices of points grouped when closer than ``radius`` pixels to the group's first point."""
    xy = ax.transData.transform([(p.intensity, p.gflops) for p in points])  # type: ignore[attr-defined]
    groups: list[list[int]] = []
    for i, (x, y) in enumerate(xy):
        for group in groups:
            gx, gy = xy[group[0]]
            if math.hypot(x - gx, y - gy) < radius:
                group.append(i)
                break
        else:
            groups.append([i])
    return groups


def place_numbers(fig: Figure, ax: object, anchors: list[tuple[float, float]], numbers: list[str]) -> list[object]:
    """Text objects for ``numbers`` at data points ``anchors``, none overlapping another."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    taken: list[Bbox] = []
    texts = []
    directions = [(1, 0.6), (1, -0.6), (-1, 0.6), (-1, -0.6), (0, 1), (0, -1), (1.2, 0), (-1.2, 0)]
    for (x, y), number in zip(anchors, numbers):
        px, py = ax.transData.transform((x, y))  # type: ignore[attr-defined]
        leader = {"arrowstyle": "-", "color": "0.6", "linewidth": 0.5, "shrinkA": 0, "shrinkB": 2}
        text = ax.annotate(number, (x, y), xytext=(px, py), textcoords="figure pixels", fontsize=7,  # type: ignore[attr-defined]
                           ha="center", va="center", zorder=5, arrowprops=leader)  # fmt: skip
        chosen = None
        for step in range(1, 16):
            for dx, dy in directions:
                text.xyann = (px + dx * 9 * step, py + dy * 9 * step)
                box = text.get_window_extent(renderer).expanded(1.1, 1.1)
                if not any(box.overlaps(other) for other in taken):
                    chosen = box
                    break
            if chosen is not None:
                break
        if chosen is None:  # crowded beyond reason: put it clear of all others, above them
            text.xyann = (px, max(b.y1 for b in taken) + 8)
            chosen = text.get_window_extent(renderer).expanded(1.1, 1.1)
        taken.append(chosen)
        texts.append(text)
    return texts


def families_of(points: list[Point]) -> list[str]:
    """What colours each point: its lesson when several are shown, else its topic when several are,
    else its technique's family (``matmul_numba_ikj`` -> ``numba``, past the name all techniques share)."""
    if len({p.lesson for p in points}) > 1:
        return [p.lesson for p in points]
    if len({p.topic for p in points}) > 1:
        return [p.topic for p in points]
    words = [p.label.split()[0].split("_") for p in points]
    shared = 0
    while all(len(w) > shared + 1 for w in words) and len({w[shared] for w in words}) == 1:
        shared += 1
    return [w[shared] if len(w) > shared else w[-1] for w in words]


def draw(points: list[Point], peaks: dict[str, float], title: str) -> Figure:
    """The roofline of ``points`` under the roofs of ``peaks`` (one per dtype present)."""
    family = families_of(points)
    names = sorted(set(family))
    colour = {f: f"C{i % 10}" for i, f in enumerate(names)}
    compute64, memory = peaks["gflops_float64"], peaks["memory_gbytes"]
    columns = 1 if len(points) <= 12 else (2 if len(points) <= 30 else 3)
    per_column = math.ceil(len(points) / columns)
    key_height = 0.3 + 0.15 * per_column
    height = 5.2 + key_height
    fig = new_figure(10.0, height)
    ax = fig.add_axes((0.08, (key_height + 0.55) / height, 0.9, 4.3 / height))
    key = fig.add_axes((0.01, 0.0, 0.98, key_height / height))
    key.axis("off")
    dtypes = sorted({p.dtype if p.dtype in ROOF_STYLES else "float64" for p in points} | {"float64"})
    ridge = compute64 / memory
    low = min([ridge, *(p.intensity for p in points)]) / 4
    high = max([ridge, *(p.intensity for p in points)]) * 4
    xs = [low * (high / low) ** (i / 200) for i in range(201)]
    for dtype in dtypes:
        compute = analysis.compute_peak(peaks, dtype) or compute64
        color, style = ROOF_STYLES[dtype]
        ax.plot(xs, [analysis.attainable(x, compute, memory) for x in xs], color=color, linestyle=style,
                linewidth=1.8, label=f"{dtype} roof: {compute:.1f} GFLOP/s, {memory:.1f} GB/s")  # fmt: skip
    tops = [analysis.compute_peak(peaks, d) or compute64 for d in dtypes]
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(low, high)
    ax.set_ylim(min([low * memory, *(p.gflops for p in points)]) / 3, max([*tops, *(p.gflops for p in points)]) * 2)
    for name in names:
        mine = [p for p, f in zip(points, family) if f == name]
        ax.scatter([p.intensity for p in mine], [p.gflops for p in mine], color=colour[name], s=22, zorder=3,
                   label=name)  # fmt: skip
    groups = clusters(points, fig, ax, radius=7)
    place_numbers(fig, ax, [(points[g[0]].intensity, points[g[0]].gflops) for g in groups],
                  [str(n + 1) for n in range(len(groups))])  # fmt: skip
    ax.set_xlabel("arithmetic intensity (flops per byte moved, log)", fontsize=8)
    ax.set_ylabel("achieved GFLOP/s (median time, log)", fontsize=8)
    ax.set_title(title, fontsize=9, loc="left")
    ax.grid(True, which="both", alpha=0.25)
    ax.legend(fontsize=7, loc="lower right")
    ax.tick_params(labelsize=7)
    entries = []
    for n, group in enumerate(groups, start=1):
        for i in group:
            p = points[i]
            pct = f", {p.percent:.0f}%" if p.percent is not None else ""
            pct += "!" if p.percent is not None and p.percent > analysis.ABOVE_PEAK_PERCENT else ""
            entries.append((f"{n:>3}  {p.label} ({p.gflops:.3g} GFLOP/s{pct})", colour[family[i]]))
    for i, (line, color) in enumerate(entries):
        column, row = divmod(i, per_column)
        key.text(column / columns, 1 - (row + 0.5) / per_column, line[: 174 // columns], fontsize=6.5, color=color,
                 va="center", family="monospace", transform=key.transAxes)  # fmt: skip
    return fig
