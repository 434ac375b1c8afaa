"""Keep the book's result tables in step with the saved runs they quote.

A page marks each table with the report command that produces it::

    <!-- optbook report reference/0001 --lesson m09_matmul -->
    ...the Markdown tables...
    <!-- end optbook report -->

``optbook refresh-docs PAGE...`` rewrites what lies between the markers from the
saved runs; the book's tests fail when a page and its runs disagree.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from pathlib import Path

BLOCK = re.compile(r"(<!-- optbook report (?P<args>[^>]*?) -->\n)(?P<body>.*?)(<!-- end optbook report -->)", re.DOTALL)


def refresh(text: str, render: Callable[[list[str]], list[str]]) -> str:
    """``text`` with every marked block replaced by ``render(args)`` (the report's lines)."""

    def replace(match: re.Match[str]) -> str:
        lines = render(shlex.split(match.group("args")))
        return match.group(1) + "\n".join(lines).strip("\n") + "\n" + match.group(4)

    return BLOCK.sub(replace, text)


def blocks(text: str) -> list[str]:
    """The report arguments of every marked block of a page."""
    return [m.group("args") for m in BLOCK.finditer(text)]


def stale_pages(pages: list[Path], render: Callable[[list[str]], list[str]]) -> list[Path]:
    """The pages whose marked tables differ from what their runs give now."""
    return [page for page in pages if refresh(page.read_text(), render) != page.read_text()]
