"""Keep the book's result tables and figures in step with the saved runs they quote.

A page marks each table with the report command that produces it, each lesson table with
``optbook extras`` and each figure with ``optbook figure`` (see optbook.present.pages)::

    <!-- optbook report reference/0001 --lesson m09_matmul -->
    ...the Markdown tables...
    <!-- end optbook report -->

    <!-- optbook extras reference/0001 --lesson m01_motivation -->
    ...the lesson's own tables (its PAGE, see optbook.present.extras)...
    <!-- end optbook extras -->

    <!-- optbook figure speedups reference/0013 --lesson m09_matmul --group "matmul n=512" -->
    ![speedups of matmul n=512 (reference/0013)](../img/m09_matmul-speedups-matmul-n-512.png)
    <!-- end optbook figure -->

``optbook refresh-docs PAGE...`` rewrites what lies between the markers from the saved
runs, and draws the figures whose PNG is missing or was drawn from other data; the book's
tests fail when a page, or one of its figures, and its runs disagree.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

BLOCK = re.compile(r"(<!-- optbook report (?P<args>[^>]*?) -->\n)(?P<body>.*?)(<!-- end optbook report -->)", re.DOTALL)
EXTRAS = re.compile(
    r"(<!-- optbook extras (?P<args>[^>]*?) -->\n)(?P<body>.*?)(<!-- end optbook extras -->)", re.DOTALL
)
FIGURE = re.compile(
    r"(<!-- optbook figure (?P<args>[^>]*?) -->\n)(?P<body>.*?)(<!-- end optbook figure -->)", re.DOTALL
)

Render = Callable[[list[str]], list[str]]
FigureFor = Callable[[list[str]], Any]  # argv -> optbook.present.pages.PageFigure


def _sub(pattern: re.Pattern[str], text: str, render: Render) -> str:
    def replace(match: re.Match[str]) -> str:
        lines = render(shlex.split(match.group("args")))
        return match.group(1) + "\n".join(lines).strip("\n") + "\n" + match.group(4)

    return pattern.sub(replace, text)


def refresh(text: str, render: Render, extras: Render | None = None, figure: FigureFor | None = None) -> str:
    """``text`` with every marked block replaced: report blocks by ``render(args)`` (the report's
    lines), extras blocks by ``extras(args)``, figure blocks by the image line of ``figure(args)``."""
    text = _sub(BLOCK, text, render)
    if extras is not None:
        text = refresh_extras(text, extras)
    return refresh_figures(text, figure) if figure is not None else text


def refresh_extras(text: str, extras: Render) -> str:
    """``text`` with every lesson-table block as ``extras(args)`` gives it now."""
    return _sub(EXTRAS, text, extras)


def refresh_figures(text: str, figure: FigureFor) -> str:
    """``text`` with every figure block's image line as ``figure(args)`` gives it now."""
    return _sub(FIGURE, text, lambda argv: [figure(argv).line])


def blocks(text: str) -> list[str]:
    """The report arguments of every marked block of a page."""
    return [m.group("args") for m in BLOCK.finditer(text)]


def figure_blocks(text: str) -> list[list[str]]:
    """The arguments of every figure marker of a page."""
    return [shlex.split(m.group("args")) for m in FIGURE.finditer(text)]


def stale_figures(text: str, figure: FigureFor) -> list[Any]:
    """The page's figures whose PNG is missing or drawn from other data."""
    return [fig for fig in (figure(argv) for argv in figure_blocks(text)) if not fig.current()]


def stale_pages(
    pages: list[Path], render: Render, extras: Render | None = None, figure: Callable[[Path], FigureFor] | None = None
) -> list[Path]:
    """The pages whose marked tables (or figures) differ from what their runs give now."""
    stale = []
    for page in pages:
        text = page.read_text()
        per_page = figure(page) if figure else None
        if refresh(text, render, extras, per_page) != text or (per_page and stale_figures(text, per_page)):
            stale.append(page)
    return stale


def write_page(page: Path, render: Render, extras: Render | None = None, figure: FigureFor | None = None) -> int:
    """Rewrite a page's blocks and draw its stale figures; the number of figures drawn."""
    text = page.read_text()
    new = refresh(text, render, extras, figure)
    if new != text:
        page.write_text(new)
    drawn = stale_figures(new, figure) if figure else []
    for fig in drawn:
        fig.write()
    return len(drawn)


def refresh_pages(pages: list[Path], root: Path, check: bool, render: Render) -> int:
    """``optbook refresh-docs``: rewrite (or with ``check``, only list) the pages out of date; 1 if
    ``check`` found one. ``render`` gives a report block's lines; lesson tables and figures are
    made here from the runs under ``root``."""
    from optbook.present import extras
    from optbook.present import pages as page_figures

    def extra(argv: list[str]) -> list[str]:
        return extras.render_block(argv, root)

    def figure(page: Path) -> FigureFor:
        return lambda argv: page_figures.figure_for(argv, root, page)

    stale = stale_pages(pages, render, extra, figure)
    for page in stale:
        if check:
            print(f"{page}: result tables or figures differ from the saved runs (optbook refresh-docs {page})")
        else:
            drawn = write_page(page, render, extra, figure(page))
            print(f"{page}: tables refreshed" + (f", {drawn} figure(s) drawn" if drawn else ""))
    return 1 if check and stale else 0
