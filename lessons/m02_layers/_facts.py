"""The case study step by step, read from a saved run: each step's layer, its time, and its
speedup against the step before it and against the baseline.

    python -m lessons.m02_layers._facts results/reference/NNNN_*.json [--markdown]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lessons.m02_layers import rolling
from optbook.lesson import techniques

LAYERS = ("Algorithm layer", "Data layer", "Libraries", "Hardware layer")


def layer_of(technique: str) -> str:
    """The layer a step works on, as its docstring names it first ("Data layer: ...")."""
    doc = (getattr(rolling, technique).__doc__ or "").strip()
    return next((layer for layer in LAYERS if doc.startswith(layer)), "baseline")


def _seconds(value: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if value >= scale:
            return f"{value / scale:.3g} {unit}"
    return f"{value * 1e9:.3g} ns"


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
        if markdown:
            lines += ["| " + " | ".join(headers) + " |", "|:---|:---|---:|---:|---:|"]
            lines += ["| " + " | ".join(r) + " |" for r in rows]
        else:
            widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
            lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in [headers, *rows]]
        lines.append("")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Print the lesson's page figures (step-by-step ratios) from a saved run."""
    args = list(sys.argv[1:] if argv is None else argv)
    markdown = "--markdown" in args
    paths = [a for a in args if a != "--markdown"]
    if not paths:
        print("usage: python -m lessons.m02_layers._facts RUN.json [--markdown]", file=sys.stderr)
        return 2
    benches = [b for p in paths for b in json.loads(Path(p).read_text())["benchmarks"]]
    print("\n".join(step_lines(benches, markdown)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
