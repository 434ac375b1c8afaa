"""The figures of the book's pages, each named by a marker that ``optbook refresh-docs`` keeps in step::

    <!-- optbook figure speedups reference/0013 --lesson m09_matmul --group "matmul n=512" -->
    ![speedups of matmul n=512 (reference/0013)](../img/m09_matmul-speedups-matmul-n-512.png)
    <!-- end optbook figure -->

Kinds: ``speedups`` (``--group``, repeatable), ``scaling`` (``--test``), ``roofline``,
``machines`` (``--vs RUN``: the second machine), or the name of a ``Plot`` the lesson
declares (see optbook.present.extras). ``--name`` sets the file name. Each PNG carries a
fingerprint of the data it was drawn from, so that a stale figure is found without
comparing pixels (which differ between font libraries).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from optbook import analysis, results
from optbook.present import extras, figures, roofline_plot
from optbook.present.extras import Source

KINDS = ("speedups", "scaling", "roofline", "machines")
VERSION = "4"  # bump when the drawing changes, so that every page figure counts as stale
STAMP_KEY = "optbook-source"


class FigureError(ValueError):
    """A figure marker that cannot be drawn; the message is one line."""


@dataclass(frozen=True)
class PageFigure:
    """A page's figure: where its PNG goes, the page's image line, the data's fingerprint, how to draw it."""

    path: Path
    line: str
    stamp: str
    make: Callable[[], bytes]

    def current(self) -> bool:
        """Whether the PNG exists and was drawn from the same data."""
        return self.path.is_file() and read_stamp(self.path) == self.stamp

    def write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_bytes(self.make())


def read_stamp(path: Path) -> str | None:
    """The data fingerprint saved in a PNG, if any."""
    from PIL import Image

    try:
        with Image.open(path) as image:
            return image.info.get(STAMP_KEY)
    except OSError:
        return None


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]+", "-", text).strip("-").lower()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="optbook figure", add_help=False, exit_on_error=False)
    parser.add_argument("kind")
    parser.add_argument("runs", nargs="+")
    parser.add_argument("--lesson")
    parser.add_argument("--group", action="append", default=[])
    parser.add_argument("--test")
    parser.add_argument("--vs")
    parser.add_argument("--name")
    return parser


def img_folder(page: Path) -> Path:
    """``docs/img`` for a page under ``docs/``; else an ``img`` folder beside the page."""
    for parent in page.resolve().parents:
        if parent.name == "docs":
            return parent / "img"
    return page.resolve().parent / "img"


def figure_for(argv: list[str], root: Path, page: Path) -> PageFigure:
    """The figure a marker names (not yet drawn)."""
    try:
        args = _parser().parse_args(argv)
    except (argparse.ArgumentError, SystemExit):
        raise FigureError(f"cannot read the figure arguments {' '.join(argv)!r}") from None
    source = Source.load(args.runs, root)
    benches = source.lesson(args.lesson) if args.lesson else source.benches
    if not benches:
        raise FigureError(f"{source.name} has no benchmarks{f' of lesson {args.lesson}' if args.lesson else ''}")
    draw, data, what = _drawing(args, source, benches, root)
    name = args.name or _slug(f"{args.lesson or 'run'}-{args.kind}-{what}")
    path = img_folder(page) / f"{name}.png"
    blob = json.dumps([VERSION, argv, data], sort_keys=True, default=str)
    stamp = hashlib.sha256(blob.encode()).hexdigest()[:16]
    alt = f"{args.kind} of {what} ({source.name})"
    line = f"![{alt}]({Path(os.path.relpath(path, page.resolve().parent)).as_posix()})"
    return PageFigure(path, line, stamp, lambda: figures.png(draw(), {STAMP_KEY: stamp}))


def _drawing(
    args: argparse.Namespace, source: Source, benches: list[Any], root: Path
) -> tuple[Callable[[], Any], Any, str]:
    """(draw, the data it depends on, what it shows) for one marker."""
    if args.kind == "speedups":
        groups = args.group or _last_group_per_test(benches)
        chosen = [b for b in benches if b.get("group") in groups]
        if not chosen:
            raise FigureError(f"no group {', '.join(groups)!r} in {source.name}")
        return (lambda: figures.speedup_bars(chosen, groups)), chosen, ", ".join(groups)
    if args.kind == "scaling":
        tests = figures.tests_with_sizes(benches)
        test = next((t for t in tests if not args.test or t.endswith("::" + args.test)), None)
        if test is None:
            raise FigureError(f"no test {args.test or ''} of {source.name} ran at several sizes")
        chosen = [b for b in benches if b["fullname"].startswith(test + "[")]
        return (lambda: figures.scaling(chosen, test, source.skipped)), [chosen, source.skipped], test.split("::")[-1]
    if args.kind == "roofline":
        from optbook.roofline import placed_points

        runs = [run for spec in args.runs for run in results.resolve(spec, root)]
        found, _ = placed_points(runs, args.lesson)
        if not found or not source.peaks.get("gflops_float64"):
            raise FigureError(f"nothing of {source.name} to place on a roofline (flops, bytes and peaks needed)")
        title = f"Roofline of {source.name}: {source.machine.get('cpu_model', '?')}"
        return (lambda: roofline_plot.draw(found, source.peaks, title)), [found, source.peaks], args.lesson or "all"
    if args.kind == "machines":
        if not args.vs:
            raise FigureError("a machines figure needs --vs RUN (the second machine)")
        other = Source.load([args.vs], root)
        a = {b["fullname"]: b for b in benches if not args.group or b.get("group") in args.group}
        b = {x["fullname"]: x for x in other.benches if not args.lesson or analysis.lesson_of(x) == args.lesson}
        names = (source.name, other.name)
        a_info, b_info = {**source.machine, "peaks": source.peaks}, {**other.machine, "peaks": other.peaks}
        draw = lambda: figures.machines(a, b, a_info, b_info, names)  # noqa: E731
        return draw, [a, b, a_info, b_info], f"{source.name}-vs-{other.name}"
    for extra in extras.declared(args.lesson) if args.lesson else []:
        if isinstance(extra, extras.Plot) and extra.name == args.kind:
            mine = Source(source.name, benches, source.machine, source.peaks, source.skipped, source.busy)
            return (lambda plot=extra, src=mine: plot.draw(src)), benches, extra.name
    raise FigureError(f"unknown figure {args.kind!r}: choose from {', '.join(KINDS)} or a lesson's own Plot")


def _last_group_per_test(benches: list[Any]) -> list[str]:
    """The largest size's group of each test (by natural order of the group names)."""
    from optbook.report import natural_key

    last: dict[str, str] = {}
    for bench in benches:
        test, group = bench["fullname"].split("[")[0], str(bench.get("group"))
        if test not in last or str(natural_key(group)) > str(natural_key(last[test])):
            last[test] = group
    return sorted(set(last.values()), key=natural_key)
