"""One way for a lesson to declare the tables and figures its page shows beyond the speedup table.

A lesson's page module (``lessons/<lesson>/_facts.py``, ``_figures.py`` or ``_extras.py``)
holds a list ``PAGE`` of ``Table`` and ``Plot``, each a function of a ``Source`` (the
benchmarks of a saved run and that run's machine facts)::

    PAGE = [Table("Python against C", ratio_lines), Plot("cores", "speedup over threads", draw_threads)]

    if __name__ == "__main__":
        sys.exit(extras.main(PAGE, prog="python -m lessons.m01_motivation._facts"))

``optbook report --html``, ``optbook refresh-docs`` (``<!-- optbook extras RUN --lesson L -->``
blocks) and the module's own command line all read the same declarations.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from optbook import analysis, results
from optbook.analysis import Bench

MODULES = ("_facts", "_figures", "_extras")  # where a lesson's PAGE may live


@dataclass(frozen=True)
class Source:
    """What a lesson's tables and figures are made from: the benchmarks of one or more saved runs."""

    name: str  # how the user named the runs, e.g. "reference/0010"
    benches: list[Bench]
    machine: dict[str, Any] = field(default_factory=dict)  # machine_info.optbook of the newest run
    peaks: dict[str, float] = field(default_factory=dict)
    skipped: list[dict[str, Any]] = field(default_factory=list)  # the runs' optbook "skipped" lists
    busy: dict[str, Any] = field(default_factory=dict)  # the newest run's optbook "busy" section

    @classmethod
    def load(cls, specs: Sequence[str], root: Path) -> Source:
        """The runs named by ``specs`` (files, labels or label/NNNN), a later run's benchmark winning."""
        runs = [run for spec in specs for run in results.resolve(spec, root)]
        skipped = [s for run in runs for s in run.optbook.get("skipped") or []]
        return cls(
            " ".join(specs),
            list(results.merged_benchmarks(runs).values()),
            runs[-1].data.get("machine_info", {}).get("optbook", {}),
            runs[-1].peaks,
            skipped,
            runs[-1].optbook.get("busy") or {},
        )

    def lesson(self, lesson: str) -> list[Bench]:
        """The benchmarks of one lesson."""
        return [b for b in self.benches if analysis.lesson_of(b) == lesson]


@dataclass(frozen=True)
class Table:
    """Lines of text (or Markdown, when asked) made from a source."""

    title: str
    lines: Callable[[Source, bool], list[str]]


@dataclass(frozen=True)
class Plot:
    """A figure made from a source; ``name`` becomes its file name."""

    name: str
    title: str
    draw: Callable[[Source], Figure]


Extra = Table | Plot


def _lessons_importable() -> None:
    """Put the project holding the working folder on the import path when its ``lessons`` package is
    not importable yet: the ``optbook`` command's own folder is on the path, not the project's."""
    if importlib.util.find_spec("lessons") is None:
        root = results.project_root()
        if root is not None and (root / "lessons" / "__init__.py").is_file():
            sys.path.insert(0, str(root))


def declared(lesson: str) -> list[Extra]:
    """The tables and figures a lesson declares (its modules' ``PAGE`` lists), in module order."""
    _lessons_importable()
    found: list[Extra] = []
    for module in MODULES:
        try:
            loaded = importlib.import_module(f"lessons.{lesson}.{module}")
        except ModuleNotFoundError as err:
            if err.name and err.name.startswith(f"lessons.{lesson}"):
                continue
            raise
        found += list(getattr(loaded, "PAGE", []))
    return found


def table_lines(extras: Sequence[Extra], source: Source, markdown: bool, titles: bool = False) -> list[str]:
    """Every table's lines, a blank line between tables, each under its title when asked."""
    lines: list[str] = []
    for extra in extras:
        if isinstance(extra, Table):
            body = extra.lines(source, markdown)
            if body:
                lines += ([""] if lines else []) + ([extra.title, ""] if titles else []) + body
    return lines


def render_block(argv: list[str], root: Path) -> list[str]:
    """The lines of a page's ``<!-- optbook extras RUN --lesson L [--table TITLE] -->`` block (Markdown)."""
    parser = argparse.ArgumentParser(prog="optbook extras", add_help=False, exit_on_error=False)
    parser.add_argument("runs", nargs="+")
    parser.add_argument("--lesson", required=True)
    parser.add_argument("--table", action="append", default=[])
    try:
        args = parser.parse_args(argv)
    except (argparse.ArgumentError, SystemExit):
        raise ValueError(f"cannot read the extras arguments {' '.join(argv)!r}") from None
    chosen = [e for e in declared(args.lesson) if not args.table or e.title in args.table]
    return table_lines(chosen, Source.load(args.runs, root), markdown=True)


def main(page: Sequence[Extra], argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    """The command line of a lesson's page module: ``RUN... [--markdown] [--results DIR]``."""
    parser = argparse.ArgumentParser(prog=prog, description="The lesson's own tables, from saved runs.")
    parser.add_argument("runs", nargs="+", metavar="RUN", help="saved runs: .json files, label/NNNN or a label")
    parser.add_argument("--markdown", action="store_true", help="Markdown tables, for the book's pages")
    parser.add_argument("--results", help="results folder (default: $OPTBOOK_RESULTS or ./results)")
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        source = Source.load(args.runs, results.results_dir(args.results))
    except results.ResultsError as err:
        print(f"{parser.prog}: error: {err}", file=sys.stderr)
        return 2
    print("\n".join(table_lines(page, source, args.markdown)))
    return 0
