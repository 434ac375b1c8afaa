"""The checklists of the layered approach: the questions to ask at each layer.

They are data, kept in ``lessons/m02_layers/checklists.toml``; this module reads
them, renders them as Markdown for the book (``docs/lessons/m02-layers.md``) and
prints them for a class::

    optbook checklist            every layer
    optbook checklist data       one layer
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

CHECKLISTS = Path(__file__).resolve().parent.parent / "lessons" / "m02_layers" / "checklists.toml"


@dataclass(frozen=True)
class Layer:
    """One layer's checklist: its short name, title, one-line summary and questions."""

    name: str
    title: str
    summary: str
    questions: tuple[str, ...]


def load(path: Path | None = None) -> list[Layer]:
    """The layers in the order the file gives them (default: the lesson's checklists.toml)."""
    data = tomllib.loads((path or CHECKLISTS).read_text(encoding="utf-8"))
    return [
        Layer(item["name"], item["title"], item["summary"], tuple(item["questions"])) for item in data.get("layer", [])
    ]


def render_markdown(layers: Sequence[Layer] | None = None) -> str:
    """The checklists as Markdown: a heading per layer, its summary and its questions as a list."""
    parts = []
    for layer in load() if layers is None else layers:
        lines = [f"### {layer.title}", "", f"{layer.summary} (`optbook checklist {layer.name}`)", ""]
        lines += [f"- {question}" for question in layer.questions]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def render_text(layers: Sequence[Layer]) -> str:
    """The checklists for a terminal: a title per layer and numbered questions."""
    parts = []
    for layer in layers:
        lines = [f"{layer.title} ({layer.name}): {layer.summary}"]
        lines += [f"  {i:2d}. {question}" for i, question in enumerate(layer.questions, start=1)]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def main(argv: Sequence[str] | None = None) -> int:
    """``optbook checklist [layer]``: print one layer's checklist, or all of them.

    An unknown layer or an unreadable checklist file gets one line on stderr and exit status 2.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        layers = load()
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as err:
        print(f"optbook checklist: error: cannot read {CHECKLISTS}: {err}", file=sys.stderr)
        return 2
    names = [layer.name for layer in layers]
    if len(args) > 1:
        print(f"optbook checklist: error: give at most one layer: {', '.join(names)}", file=sys.stderr)
        return 2
    if args:
        chosen = [layer for layer in layers if layer.name == args[0]]
        if not chosen:
            print(
                f"optbook checklist: error: unknown layer {args[0]!r}: choose one of {', '.join(names)}",
                file=sys.stderr,
            )
            return 2
        layers = chosen
    print(render_text(layers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
