"""The lesson's own table, read from a saved run: the memory that each structure holding the
same n numbers takes (footprint.py), beside the time to build it.
Declared in ``PAGE`` for ``optbook report --html`` and the book's pages (see optbook.present.extras).

    python -m lessons.m07_basics._facts results/reference/NNNN_*.json [--markdown]
"""

from __future__ import annotations

import sys
from typing import Any

from optbook.analysis import median as _median
from optbook.present.extras import Table, main
from optbook.report import format_seconds as _seconds
from optbook.report import table


def footprint_lines(benches: list[dict[str, Any]], markdown: bool = False) -> list[str]:
    """Per size and structure: the bytes it holds, per number and in all, and the time to build it."""
    chosen = [
        b
        for b in benches
        if (b.get("extra_info") or {}).get("lesson") == "m07_basics"
        and b["extra_info"].get("topic") == "footprint"
        and "bytes_held" in b["extra_info"]
    ]
    rows = []
    for bench in sorted(chosen, key=lambda b: (b["params"]["n"], -b["extra_info"]["bytes_held"])):
        info = bench["extra_info"]
        rows.append(
            [
                bench["group"],
                info["technique"],
                f"{info['bytes_per_number']:.1f}",
                f"{info['bytes_held'] / 2**10:.4g} KiB",
                _seconds(_median(bench)),
            ]
        )
    headers = ["group", "structure", "bytes a number", "bytes held", "time to build"]
    return table(headers, rows, indent="", markdown=markdown) if rows else []


PAGE = [Table("Memory held by the same n numbers", lambda source, md: footprint_lines(source.benches, md))]


if __name__ == "__main__":
    sys.exit(main(PAGE, prog="python -m lessons.m07_basics._facts"))
