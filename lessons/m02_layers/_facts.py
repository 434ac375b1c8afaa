"""The case study step by step, read from a saved run: each step's layer, its time, and its
speedup against the step before it and against the baseline.

    python -m lessons.m02_layers._facts results/reference/NNNN_*.json [--markdown]
"""

from __future__ import annotations

import sys
from typing import Any

from lessons.m02_layers import rolling
from optbook.lesson import techniques
from optbook.present.extras import Table, main
from optbook.report import format_seconds as _seconds
from optbook.report import table

LAYERS = ("Algorithm layer", "Data layer", "Libraries", "Hardware layer")


def layer_of(technique: str) -> str:
    """The layer a step works on, as its docstring names it first ("Data layer: ...")."""
    doc = (getattr(rolling, technique).__doc__ or "").strip()
    return next((layer for layer in LAYERS if doc.startswith(layer)), "baseline")


def step_lines(benches: list[dict[str, Any]], markdown: bool = False) -> list[str]:
    """One table per group of the rolling topic, the steps in the order the lesson takes them."""
    order = [fn.__name__ for fn in techniques(rolling)]
    groups: dict[str, dict[str, float]] = {}
    for bench in benches:
        info = bench.get("extra_info") or {}
        if info.get("lesson") == "m02_layers" and info.get("topic") == "rolling":
            groups.setdefault(bench["group"], {})[info["technique"]] = float(bench["stats"]["median"])
    lines: list[str] = []
    for group, medians in groups.items():
        headers = [group, "layer", "median", "vs previous step", "vs baseline"]
        rows, previous = [], None
        baseline = medians.get(order[0])
        for technique in order:
            if technique not in medians:
                rows.append([technique, layer_of(technique), "skipped", "", ""])
                continue
            t = medians[technique]
            rows.append(
                [
                    technique,
                    layer_of(technique),
                    _seconds(t),
                    f"{previous / t:.2f}x" if previous else "",
                    f"{baseline / t:,.1f}x" if baseline else "baseline skipped",
                ]
            )
            previous = t
        if markdown:  # the layer is text: left-aligned
            lines += ["| " + " | ".join(headers) + " |", "|:---|:---|---:|---:|---:|"]
            lines += ["| " + " | ".join(r) + " |" for r in rows]
        else:
            lines += table(headers, rows, indent="")
        lines.append("")
    return lines


PAGE = [Table("The case study step by step", lambda source, md: step_lines(source.benches, md))]


if __name__ == "__main__":
    sys.exit(main(PAGE, prog="python -m lessons.m02_layers._facts"))
