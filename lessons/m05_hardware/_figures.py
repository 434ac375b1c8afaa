"""The figures of the m05 page, read from a saved run: speedups over threads and workers, parallel
efficiency, the cache sweep's throughput, the effective clock and the cores each technique used.

    python -m lessons.m05_hardware._figures reference/0003
    python -m lessons.m05_hardware._figures --results /tmp/runs vm/0001

Declared in ``PAGE`` for ``optbook report --html`` (see optbook.present.extras).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from lessons.m05_hardware._scaling import weak_scaling_efficiency
from optbook import analysis
from optbook.present.extras import Plot, Source, Table, main

if TYPE_CHECKING:
    from matplotlib.figure import Figure

LESSON = "m05_hardware"
IGNORE_THE_COUNT = {"collatz_serial", "triad_numpy"}  # one core whatever they are given


def _by_topic(benches: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The lesson's benchmarks by topic; the workers' weak-scaling benchmarks (the same numbers per
    worker) apart, as "workers_weak", so that they never mix with the fixed-size ones."""
    topics: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for bench in benches:
        info = bench.get("extra_info") or {}
        if info.get("lesson") == LESSON:
            weak = "numbers_per_worker" in (bench.get("params") or {})
            topics[str(info.get("topic")) + ("_weak" if weak else "")].append(bench)
    return topics


def weak_scaling_lines(benches: list[dict[str, Any]]) -> list[str]:
    """The weak-scaling benchmark: each technique's time at each count of workers with the same numbers
    per worker, and the weak scaling efficiency (time with one worker / time with ``processes``)."""
    times: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for bench in benches:
        times[analysis.technique_of(bench)][int(bench["params"]["processes"])] = bench
    lines = []
    for technique, by_count in times.items():
        one = by_count.get(1)
        for count in sorted(by_count):
            bench = by_count[count]
            per_worker = bench["params"]["numbers_per_worker"]
            one_core = technique in IGNORE_THE_COUNT
            work = f"{per_worker * count} numbers on one core" if one_core else f"{per_worker} each"
            line = f"  {technique} processes={count} ({work}): {analysis.median(bench) * 1e3:.1f} ms"
            if one and count > 1 and technique not in IGNORE_THE_COUNT:
                efficiency = weak_scaling_efficiency(analysis.median(one), analysis.median(bench), count)
                line += f", weak scaling efficiency {100 * efficiency:.0f}%"
            lines.append(line)
    return lines


def _cores(bench: dict[str, Any]) -> str:
    monitor = (bench.get("extra_info") or {}).get("monitor")
    if not monitor:
        return ""
    per_core = ", ".join(f"{p:.0f}%" for p in monitor["per_core_percent"])
    return f"; monitor: {monitor['cores_used']:.2f} cores used (per core, all processes: {per_core})"


def scaling_lines(
    benches: list[dict[str, Any]], param: str, against_baseline: bool = False, show_gbytes: bool = False
) -> list[str]:
    """For every technique: its time at each count of ``param``, the speedup over a count of 1 and the
    parallel efficiency (speedup / count); with ``against_baseline``, also against the group's baseline."""
    times: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for bench in benches:
        times[analysis.technique_of(bench)][int(bench["params"][param])] = bench
    lines = []
    for technique, by_count in times.items():
        one = by_count.get(1)
        for count in sorted(by_count):
            bench = by_count[count]
            line = f"  {technique} {param}={count}: {analysis.median(bench) * 1e3:.1f} ms"
            info = bench.get("extra_info") or {}
            if show_gbytes and info.get("bytes"):
                line += f" ({info['bytes'] / analysis.median(bench) / 1e9:.1f} GB/s)"
            if one and count > 1 and technique not in IGNORE_THE_COUNT:
                speedup = analysis.median(one) / analysis.median(bench)
                line += f", {speedup:.2f}x over {param}=1, parallel efficiency {100 * speedup / count:.0f}%"
            if against_baseline and info.get("speedup") and technique != info.get("baseline"):
                factor = info["speedup"]
                line += f"; {factor:.2f}x over {info['baseline']}, parallel efficiency {100 * factor / count:.0f}%"
            lines.append(line + _cores(bench))
    return lines


def cache_lines(benches: list[dict[str, Any]]) -> list[str]:
    """GB/s of each technique at each working set, and the drop from the smallest to main memory."""
    order = ["L1d", "L2", "L3", "memory"]
    rates: dict[str, dict[str, float]] = defaultdict(dict)
    sizes: dict[str, int] = {}
    for bench in benches:
        info, where = bench["extra_info"], str(bench["params"]["fits_in"])
        rates[analysis.technique_of(bench)][where] = info["bytes"] / analysis.median(bench) / 1e9
        sizes[where] = info.get("working_set_bytes", 0)
    lines = []
    for technique, by_level in rates.items():
        cells = [f"{lvl} ({sizes[lvl] / 1024:,.0f} KiB) {by_level[lvl]:.1f} GB/s" for lvl in order if lvl in by_level]
        lines.append(f"  {technique}: " + ", ".join(cells))
        if "L1d" in by_level and "memory" in by_level:
            lines.append(f"    in L1d / from main memory: {by_level['L1d'] / by_level['memory']:.1f}x")
    return lines


def clock_lines(benches: list[dict[str, Any]], mhz: float | None) -> list[str]:
    """Operations per second of the dependent chain, as an effective clock."""
    lines = []
    for bench in benches:
        ops = bench["extra_info"]["items"] / analysis.median(bench)
        cycles = f", {mhz * 1e6 / ops:.1f} cycles per operation at the reported {mhz:.0f} MHz" if mhz else ""
        lines.append(f"  {analysis.technique_of(bench)}: {ops / 1e9:.3f} G dependent operations/s{cycles}")
    return lines


def figure_lines(source: Source) -> list[str]:
    """Every figure of the page, as lines."""
    spec = source.name
    topics = _by_topic(source.benches)
    info = source.machine
    lines = [f"{spec}: {info.get('cpu_model')}, {info.get('logical_cores')} logical cores, caches {info.get('caches')}"]
    for topic, param in (("workers", "processes"), ("compute_bound", "threads"), ("memory_bound", "threads")):
        if topics.get(topic):
            figures = scaling_lines(
                topics[topic], param, against_baseline=topic == "workers", show_gbytes=topic == "memory_bound"
            )
            lines += [f"{topic}:", *figures]
        if topic == "workers" and topics.get("workers_weak"):
            lines += ["workers, weak scaling:", *weak_scaling_lines(topics["workers_weak"])]
    if topics.get("caches"):
        lines += ["caches:", *cache_lines(topics["caches"])]
    if topics.get("clock"):
        lines += ["clock:", *clock_lines(topics["clock"], info.get("cpu_mhz_now"))]
    if topics.get("busy_cores"):
        lines.append("busy_cores:")
        lines += [f"  {analysis.technique_of(b)}{_cores(b)}" for b in topics["busy_cores"]]
    return lines


def threads_figure(source: Source) -> Figure:
    """Speedup over one thread (or one worker) against the count given, per technique, beside the
    ideal (speedup = count): how much of each added core a technique turns into speed."""
    from optbook.present.figures import new_figure

    topics = _by_topic(source.benches)
    shown = [(t, p) for t, p in PARALLEL_TOPICS if topics.get(t)]
    fig = new_figure(3.4 * max(len(shown), 1), 3.4)
    for i, (topic, param) in enumerate(shown):
        ax = fig.add_subplot(1, len(shown), i + 1)
        counts: dict[str, dict[int, float]] = defaultdict(dict)
        for bench in topics[topic]:
            counts[analysis.technique_of(bench)][int(bench["params"][param])] = analysis.median(bench)
        most = max(c for by_count in counts.values() for c in by_count)
        ax.plot([1, most], [1, most], color="0.6", linestyle=":", label="ideal")
        for technique, by_count in counts.items():
            if 1 in by_count and technique not in IGNORE_THE_COUNT:
                xs = sorted(by_count)
                ax.plot(xs, [by_count[1] / by_count[x] for x in xs], marker="o", label=technique)
        ax.set_title(topic, fontsize=9)
        ax.set_xlabel(param, fontsize=8)
        ax.set_ylabel(f"speedup over {param}=1", fontsize=8)
        ax.set_xticks(sorted({c for by_count in counts.values() for c in by_count}))
        ax.legend(fontsize=6)
        ax.tick_params(labelsize=7)
    fig.tight_layout()
    return fig


PARALLEL_TOPICS = (("workers", "processes"), ("compute_bound", "threads"), ("memory_bound", "threads"))

PAGE = [
    Table("Threads, workers, caches and clock", lambda source, md: figure_lines(source)),
    Plot("threads", "Speedup over one thread or worker, against the ideal", threads_figure),
]


if __name__ == "__main__":
    sys.exit(main(PAGE, prog="python -m lessons.m05_hardware._figures"))
