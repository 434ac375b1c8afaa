"""The lesson's own tables, read from a saved run (or the live one): this machine's Python/C
time ratios beside the energy study's, and the CPU-seconds (and joules, where measured) of each call.
Declared in ``PAGE`` for ``optbook report --html`` and the book's pages (see optbook.present.extras).

    python -m lessons.m01_motivation._facts results/reference/NNNN_*.json [--markdown]
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from optbook.analysis import median as _median
from optbook.present.extras import Table, main
from optbook.report import table

# Pereira et al., "Energy Efficiency across Programming Languages", SLE 2017: Python's time
# over C's, per program (the study's data) and over its ten programs (Table 4, C = 1).
STUDY_RATIOS = {"nbody": 134.0, "spectral_norm": 205.0, "mandelbrot": 143.0, "fannkuch_redux": 46.0}
STUDY_OVERALL = 71.90
PROGRAMS = tuple(STUDY_RATIOS)


def _by_group(benches: Iterable[dict[str, Any]], topics: Sequence[str]) -> dict[str, dict[str, dict[str, Any]]]:
    groups: dict[str, dict[str, dict[str, Any]]] = {}
    for bench in benches:
        info = bench.get("extra_info") or {}
        if info.get("lesson") == "m01_motivation" and info.get("topic") in topics:
            groups.setdefault(bench["group"], {})[info["technique"]] = bench
    return groups


def _table(headers: list[str], rows: list[list[str]], markdown: bool) -> list[str]:
    return table(headers, rows, indent="", markdown=markdown)


def ratio_lines(benches: list[dict[str, Any]], markdown: bool = False) -> list[str]:
    """Python/C, numba/C and NumPy/C time ratios per program, beside the study's Python/C."""
    rows, ratios = [], []
    for group, members in sorted(_by_group(benches, PROGRAMS).items()):
        topic = next(iter(members.values()))["extra_info"]["topic"]
        python, c = members.get(f"{topic}_python"), members.get(f"{topic}_c")
        if python is None or c is None:
            continue
        ratio = _median(python) / _median(c)
        ratios.append(ratio)
        row = [group, f"{_median(python):.3g} s", f"{_median(c):.3g} s", f"{ratio:.0f}x", f"{STUDY_RATIOS[topic]:.0f}x"]
        for version in ("numba", "numpy"):
            other = members.get(f"{topic}_{version}")
            row.append(f"{_median(other) / _median(c):.2f}" if other else "-")
        rows.append(row)
    if not rows:
        return []
    overall = math.exp(sum(map(math.log, ratios)) / len(ratios))
    study = math.exp(sum(math.log(STUDY_RATIOS[p]) for p in PROGRAMS) / len(PROGRAMS))
    rows.append(["geometric mean", "", "", f"{overall:.0f}x", f"{study:.0f}x", "", ""])
    headers = ["program", "Python", "C", "Python/C here", "Python/C study", "numba/C", "NumPy/C"]
    note = (
        f"study: Pereira et al., SLE 2017; over its ten programs Python's time is {STUDY_OVERALL}x C's (Table 4); "
        "the geometric mean above is over these four programs only"
    )
    return [*_table(headers, rows, markdown), "", note]


def cost_lines(benches: list[dict[str, Any]], markdown: bool = False) -> list[str]:
    """CPU-seconds (and joules, where measured) of one call of each technique."""
    rows, source = [], None
    for group, members in sorted(_by_group(benches, (*PROGRAMS, "more_cores")).items()):
        for technique, bench in sorted(members.items(), key=lambda kv: -_median(kv[1])):
            info = bench["extra_info"]
            if "cpu_seconds" not in info:
                continue
            source = info.get("energy_source")
            joules = info.get("energy_joules")
            cores = f"{info['cpu_seconds'] / info['wall_seconds']:.2f}" if info.get("wall_seconds") else ""
            energy = "not measured" if joules is None else f"{joules:.3g} J"
            rows.append([group, technique, f"{_median(bench):.3g} s", f"{info['cpu_seconds']:.3g}", cores, energy])
    if not rows:
        return []
    headers = ["group", "technique", "median", "CPU-seconds a call", "cores", "energy"]
    return [*_table(headers, rows, markdown), "", f"energy: {source}"]


PAGE = [
    Table("Python against C, here and in the energy study", lambda source, md: ratio_lines(source.benches, md)),
    Table("What one call costs: CPU-seconds and energy", lambda source, md: cost_lines(source.benches, md)),
]


if __name__ == "__main__":
    sys.exit(main(PAGE, prog="python -m lessons.m01_motivation._facts"))
