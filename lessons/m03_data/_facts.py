"""The lesson's own tables, read from a saved run: memory per dtype choice, the density at
which dense storage wins again, and the file formats side by side.

    python -m lessons.m03_data._facts results/reference/NNNN_*.json [--markdown]
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def _mib(count: float) -> str:
    return f"{count / 2**20:.3g} MiB"


def _seconds(value: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if value >= scale:
            return f"{value / scale:.3g} {unit}"
    return f"{value * 1e9:.3g} ns"


def _table(headers: list[str], rows: list[list[str]], markdown: bool) -> list[str]:
    if markdown:
        rule = "|" + "|".join([":---", *["---:"] * (len(headers) - 1)]) + "|"
        return ["| " + " | ".join(headers) + " |", rule, *["| " + " | ".join(r) + " |" for r in rows]]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in [headers, *rows]]


def _topic(benches: list[dict[str, Any]], topic: str) -> list[dict[str, Any]]:
    return [
        b
        for b in benches
        if (b.get("extra_info") or {}).get("lesson") == "m03_data" and b["extra_info"]["topic"] == topic
    ]


def _median(bench: dict[str, Any]) -> float:
    return float(bench["stats"]["median"])


def memory_lines(benches: list[dict[str, Any]], markdown: bool = False) -> list[str]:
    """The table's memory under each dtype choice, and the time of the same analysis."""
    rows = []
    for bench in sorted(_topic(benches, "dtypes"), key=lambda b: b["params"]["rows"]):
        info = bench["extra_info"]
        rows.append(
            [
                bench["group"],
                info["technique"],
                _mib(info["table_memory_bytes"]),
                f"{info['memory_reduction']:.1f}x",
                _seconds(_median(bench)),
            ]
        )
    return _table(["group", "technique", "table memory", "memory reduction", "median"], rows, markdown) if rows else []


def density_lines(benches: list[dict[str, Any]], markdown: bool = False) -> list[str]:
    """Per density: the dense and CSR times and sizes, and which wins."""
    by_density: dict[float, dict[str, dict[str, Any]]] = defaultdict(dict)
    for bench in _topic(benches, "sparse"):
        by_density[float(bench["params"]["density"])][bench["extra_info"]["technique"]] = bench
    rows = []
    for density, members in sorted(by_density.items()):
        dense, csr, coo = members.get("matvec_dense"), members.get("matvec_csr"), members.get("matvec_coo")
        if not (dense and csr):
            continue
        faster = "CSR" if _median(csr) < _median(dense) else "dense"
        rows.append(
            [
                f"{density:g}",
                _seconds(_median(dense)),
                _seconds(_median(csr)),
                _seconds(_median(coo)) if coo else "",
                f"{_median(dense) / _median(csr):.3g}x",
                _mib(dense["extra_info"]["matrix_bytes"]),
                _mib(csr["extra_info"]["matrix_bytes"]),
                faster,
            ]
        )
    headers = ["density", "dense", "CSR", "COO", "dense / CSR", "dense bytes", "CSR bytes", "faster"]
    return _table(headers, rows, markdown) if rows else []


def format_lines(benches: list[dict[str, Any]], markdown: bool = False) -> list[str]:
    """Per format: size on disk, write and read time, and the types that did not survive."""
    formats: dict[str, dict[str, Any]] = defaultdict(dict)
    for kind in ("write_formats", "read_formats"):
        for bench in _topic(benches, kind):
            name = bench["extra_info"]["technique"].split("_", 1)[1]
            formats[name][kind] = bench
    rows = []
    for name, found in formats.items():
        write, read = found.get("write_formats"), found.get("read_formats")
        if not (write and read):
            continue
        changes = read["extra_info"].get("dtype_changes") or {}
        rows.append(
            [
                name,
                _mib(write["extra_info"]["file_size_bytes"]),
                _seconds(_median(write)),
                _seconds(_median(read)),
                "all" if not changes else "lost: " + ", ".join(f"{col} ({change})" for col, change in changes.items()),
            ]
        )
    rows.sort(key=lambda r: r[0] != "csv")
    return _table(["format", "size on disk", "write", "read", "dtypes kept"], rows, markdown) if rows else []


def main(argv: Sequence[str] | None = None) -> int:
    """Print the lesson's page figures (memory, crossover, file sizes) from a saved run."""
    args = list(sys.argv[1:] if argv is None else argv)
    markdown = "--markdown" in args
    paths = [a for a in args if a != "--markdown"]
    if not paths:
        print("usage: python -m lessons.m03_data._facts RUN.json [--markdown]", file=sys.stderr)
        return 2
    benches = [b for p in paths for b in json.loads(Path(p).read_text())["benchmarks"]]
    lines = [
        *memory_lines(benches, markdown),
        "",
        *density_lines(benches, markdown),
        "",
        *format_lines(benches, markdown),
    ]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
