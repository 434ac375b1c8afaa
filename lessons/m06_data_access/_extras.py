"""Print the facts a saved run keeps beside the times (file sizes, ratios), as Markdown tables.

``optbook report`` shows times, rates and memory; the lessons of the data layers
also save sizes on disk and compression ratios in each benchmark's extra_info.
This prints them, one table per benchmark group::

    python -m lessons.m06_data_access._extras results/reference/0001_x.json --lesson m06_data_access \\
        --topic convert --fields file_bytes,size_vs_csv
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from optbook.present.extras import Table


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 1 << 20:
        return f"{value / 2**20:.3g} MiB"
    return "" if value is None else str(value)


def tables(run: dict, lesson: str, topic: str, fields: list[str]) -> list[str]:
    """Markdown tables of ``fields`` for every group of one topic, techniques in run order."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for bench in run.get("benchmarks", []):
        info = bench.get("extra_info") or {}
        if info.get("lesson") == lesson and info.get("topic") == topic:
            groups[bench.get("group") or topic].append(bench)
    lines: list[str] = []
    for group, members in groups.items():
        lines += ["", f"| {group} | median | " + " | ".join(fields) + " |", "|:---|---:|" + "---:|" * len(fields)]
        for bench in sorted(members, key=lambda b: b["stats"]["median"], reverse=True):
            info = bench["extra_info"]
            median = bench["stats"]["median"]
            time = f"{median * 1e3:.3g} ms" if median < 1 else f"{median:.3g} s"
            cells = [_cell(info.get(name)) for name in fields]
            lines.append(f"| {info['technique']} | {time} | " + " | ".join(cells) + " |")
    return lines


def fields_table(lesson: str, topic: str, fields: list[str], title: str) -> Table:
    """A page table of ``fields`` of one topic (the tables above, from a Source)."""
    return Table(title, lambda source, md: tables({"benchmarks": source.benches}, lesson, topic, fields)[1:])


PAGE = [
    fields_table("m06_data_access", "convert", ["file_bytes", "size_vs_csv"], "Sizes on disk after conversion"),
    fields_table(
        "m06_data_access",
        "parquet_codecs",
        ["codec", "row_groups_in_file", "file_bytes", "size_vs_uncompressed"],
        "Parquet codecs and row groups",
    ),
]


def main(argv: list[str] | None = None) -> int:
    """Print extra_info fields of a saved run's benchmarks, for the page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path, help="a saved run (results/<label>/NNNN_*.json)")
    parser.add_argument("--lesson", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--fields", required=True, help="extra_info keys, comma-separated")
    args = parser.parse_args(argv)
    print("\n".join(tables(json.loads(args.run.read_text()), args.lesson, args.topic, args.fields.split(","))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
