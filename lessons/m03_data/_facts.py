"""The lesson's own tables, read from a saved run: memory per dtype choice, the density at
which dense storage wins again, and the file formats side by side.

    python -m lessons.m03_data._facts results/reference/NNNN_*.json [--markdown]
"""

from __future__ import annotations

import sys
from collections import defaultdict
from typing import Any

from optbook.analysis import median as _median
from optbook.present.extras import Table, main
from optbook.report import format_seconds as _seconds
from optbook.report import table


def _mib(count: float) -> str:
    return f"{count / 2**20:.3g} MiB"


def _table(headers: list[str], rows: list[list[str]], markdown: bool) -> list[str]:
    return table(headers, rows, indent="", markdown=markdown)


def _topic(benches: list[dict[str, Any]], topic: str) -> list[dict[str, Any]]:
    return [
        b
        for b in benches
        if (b.get("extra_info") or {}).get("lesson") == "m03_data" and b["extra_info"]["topic"] == topic
    ]


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


PAGE = [
    Table("Memory per dtype choice", lambda source, md: memory_lines(source.benches, md)),
    Table("Dense against sparse, by density", lambda source, md: density_lines(source.benches, md)),
    Table("File formats side by side", lambda source, md: format_lines(source.benches, md)),
]


if __name__ == "__main__":
    sys.exit(main(PAGE, prog="python -m lessons.m03_data._facts"))
