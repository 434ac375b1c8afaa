"""Figures derived from benchmark results: speedups, rates, percent of peak, scaling, noise.

Everything here works on benchmarks in pytest-benchmark's saved JSON form: dicts
with ``group``, ``fullname``, ``params``, ``extra_info`` and ``stats`` (which
holds ``median``, ``q1`` and ``q3``). Live results are turned into that form
with ``Metadata.as_dict(include_data=False)``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

Bench = dict[str, Any]

TECHNIQUE_PARAM = "technique"


def median(bench: Bench) -> float:
    """The median time of one call, in seconds."""
    return float(bench["stats"]["median"])


def technique_of(bench: Bench) -> str:
    """The technique a benchmark timed: from extra_info, else its parameter, else its name."""
    info = bench.get("extra_info") or {}
    params = bench.get("params") or {}
    return str(info.get("technique") or params.get(TECHNIQUE_PARAM) or bench.get("name", "?"))


def by_group(benches: Iterable[Bench]) -> dict[str, list[Bench]]:
    """Benchmarks by their pytest-benchmark group, in first-seen order."""
    groups: dict[str, list[Bench]] = defaultdict(list)
    for bench in benches:
        groups[str(bench.get("group") or bench.get("fullname", "").split("[")[0])].append(bench)
    return dict(groups)


@dataclass(frozen=True)
class Speedup:
    """A benchmark's speedup against its group's reference technique."""

    factor: float
    reference: str
    reference_is_baseline: bool


def speedups(benches: Iterable[Bench]) -> dict[str, Speedup]:
    """Speedup of every benchmark against its group's baseline, by fullname.

    The baseline is named in each benchmark's extra_info. Where it did not run in
    a group (skipped as too slow at that size), the slowest technique that ran
    stands in, and the Speedup says so. Where the group was timed in interleaved
    cycles against that reference, the speedup is the median of the per-cycle
    ratios (``speedup_paired``); otherwise the ratio of the two medians.
    """
    result: dict[str, Speedup] = {}
    for members in by_group(benches).values():
        timed = [b for b in members if median(b) > 0]
        if not timed:
            continue
        baseline = (timed[0].get("extra_info") or {}).get("baseline")
        named = [b for b in timed if technique_of(b) == baseline]
        reference = named[0] if named else max(timed, key=median)
        for bench in timed:
            info = bench.get("extra_info") or {}
            paired = info.get("speedup_paired") if info.get("speedup_ci_reference") == technique_of(reference) else None
            result[bench["fullname"]] = Speedup(
                # timed in interleaved cycles: the median of the per-cycle ratios (optbook.timing)
                factor=float(paired) if paired else median(reference) / median(bench),
                reference=technique_of(reference),
                reference_is_baseline=bool(named),
            )
    return result


ABOVE_PEAK_PERCENT = 105.0  # above this share of the roof a result is flagged, never shown as if true


@dataclass(frozen=True)
class Rate:
    """Work per second of one benchmark and its share of the roof it can attain.

    ``unit`` is that of the roof that binds: GB/s for a memory-bound benchmark, GFLOP/s for a
    compute-bound one (or items/s, with no roof). ``attainable`` is the roof in that unit.
    """

    value: float
    unit: str  # "GFLOP/s", "GB/s" or "items/s"
    percent_of_peak: float | None
    roof: str | None = None  # "memory" or "compute": the roof that binds
    attainable: float | None = None  # the roof at this benchmark's intensity, in ``unit``

    @property
    def above_peak(self) -> bool:
        """More than 105% of the roof: the peak was measured low; not a real result."""
        return self.percent_of_peak is not None and self.percent_of_peak > ABOVE_PEAK_PERCENT

    def as_extra_info(self) -> dict[str, Any]:
        """The fields saved in a benchmark's extra_info."""
        fields: dict[str, Any] = {"rate": self.value, "rate_unit": self.unit}
        if self.percent_of_peak is not None:
            fields["percent_of_peak"] = self.percent_of_peak
        if self.roof:
            fields.update(roof=self.roof, attainable=self.attainable)
        return fields


def compute_peak(peaks: dict[str, float], dtype: str | None) -> float | None:
    """The measured GFLOP/s of ``dtype`` (float32 or float64; float64 for anything else)."""
    name = dtype if dtype in ("float32", "float64") else "float64"
    return peaks.get(f"gflops_{name}") or None


def attainable(intensity: float, gflops_peak: float, gbytes_peak: float) -> float:
    """The roofline: min(compute peak, arithmetic intensity x bandwidth), in GFLOP/s."""
    return min(gflops_peak, intensity * gbytes_peak)


def rate(bench: Bench, peaks: dict[str, float] | None) -> Rate | None:
    """The benchmark's rate against the roof it can attain (see ``Rate``).

    flops and bytes: attainable = min(compute peak of its dtype, intensity x bandwidth);
    flops only: the compute peak; bytes only: the bandwidth; items only: no roof.
    """
    info = bench.get("extra_info") or {}
    seconds = median(bench)
    if seconds <= 0:
        return None
    peaks = peaks or {}
    flops, moved = info.get("flops") or 0, info.get("bytes") or 0
    compute, memory = compute_peak(peaks, info.get("dtype")), peaks.get("memory_gbytes") or None
    gflops, gbytes = flops / seconds / 1e9, moved / seconds / 1e9
    if info.get("no_roof"):  # e.g. data that sits in a cache: faster than memory, and no roof was measured for it
        return Rate(gbytes, "GB/s", None) if moved > 0 else Rate(gflops, "GFLOP/s", None) if flops > 0 else None
    if flops > 0 and moved > 0 and compute and memory:
        if compute <= flops / moved * memory:
            return Rate(gflops, "GFLOP/s", 100 * gflops / compute, "compute", compute)
        return Rate(gbytes, "GB/s", 100 * gbytes / memory, "memory", memory)
    if flops > 0:
        return Rate(gflops, "GFLOP/s", 100 * gflops / compute if compute else None, "compute" if compute else None,
                    compute)  # fmt: skip
    if moved > 0:
        return Rate(gbytes, "GB/s", 100 * gbytes / memory if memory else None, "memory" if memory else None, memory)
    if "items" in info:
        return Rate(info["items"] / seconds, "items/s", None)
    return None


def size_of(bench: Bench) -> float | None:
    """The benchmark's one numeric size parameter, if it has exactly one."""
    params = bench.get("params") or {}
    sizes = [v for k, v in params.items() if k != TECHNIQUE_PARAM and isinstance(v, (int, float))]
    return float(sizes[0]) if len(sizes) == 1 else None


@dataclass(frozen=True)
class Scaling:
    """How a technique's time grows with its size: time ~ size ** exponent."""

    test: str
    technique: str
    exponent: float
    sizes: tuple[float, ...]

    @property
    def cost_of_half_more_data(self) -> float:
        """How many times longer 1.5x the data takes: 1.5 ** exponent."""
        return 1.5**self.exponent


def fit_exponent(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of log(time) against log(size)."""
    xs = [math.log(s) for s, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        raise ValueError("need at least two different sizes")
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx


def scaling(benches: Iterable[Bench]) -> list[Scaling]:
    """The scaling exponent of every technique that ran at two or more sizes of one test."""
    points: dict[tuple[str, str], dict[float, float]] = defaultdict(dict)
    for bench in benches:
        size = size_of(bench)
        if size is not None and size > 0 and median(bench) > 0:
            points[(bench["fullname"].split("[")[0], technique_of(bench))][size] = median(bench)
    fits = []
    for (test, technique), by_size in points.items():
        if len(by_size) >= 2:
            pairs = sorted(by_size.items())
            fits.append(Scaling(test, technique, fit_exponent(pairs), tuple(s for s, _ in pairs)))
    return fits


def geometric_mean(values: Iterable[float]) -> float:
    """Geometric mean of positive numbers (the fair average of ratios)."""
    logs = [math.log(v) for v in values if v > 0]
    if not logs:
        raise ValueError("no positive values")
    return math.exp(sum(logs) / len(logs))


def lesson_of(bench: Bench) -> str:
    """The lesson a benchmark belongs to: extra_info's lesson, else the lessons/<name>/ part of its path."""
    info = bench.get("extra_info") or {}
    if info.get("lesson"):
        return str(info["lesson"])
    parts = bench.get("fullname", "").split("::")[0].split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "lessons" else parts[0]
