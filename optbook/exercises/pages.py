"""The "Try it yourself" section at the end of each lesson's page, written from the exercises.

Each exercise gets its problem (the docstring's first paragraph), a hint (the rest of the
docstring) and its solution's code in a collapsed block (mkdocs-material's ``??? note``).
The section sits between two markers, so that it can be rewritten when the exercises
change (``python -m optbook.exercises.pages``) and checked by the tests::

    <!-- optbook exercises m07_basics -->
    ...
    <!-- end optbook exercises -->
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

from optbook.exercises import catalog

START = "<!-- optbook exercises {lesson} -->"
END = "<!-- end optbook exercises -->"
BLOCK = re.compile(r"<!-- optbook exercises (\S+) -->\n.*?<!-- end optbook exercises -->", re.S)


def page_for(lesson: Path, docs: Path) -> Path:
    """docs/lessons/m07-basics.md for lessons/m07_basics (the first underscore is a dash)."""
    number, _, slug = lesson.name.partition("_")
    return docs / "lessons" / f"{number}-{slug}.md"


def section(lesson: Path) -> str:
    """The marked "Try it yourself" section of one lesson, from its exercises and solutions."""
    exercises = catalog.load(lesson, catalog.EXERCISES)
    solutions = {s.name: s.function for s in catalog.load(lesson, catalog.SOLUTIONS)}
    module = sys.modules[f"{exercises[0].package}.{catalog.SOLUTIONS}"]
    count = "one exercise" if len(exercises) == 1 else f"{len(exercises)} exercises"
    folder = f"lessons/{lesson.name}"
    lines = [
        START.format(lesson=lesson.name),
        "",
        "## Try it yourself",
        "",
        f"`{folder}/exercises.py` holds {count}: working but slow code from this chapter, for you to make",
        "faster. Edit the function, then run",
        "",
        "```bash",
        f"pytest {folder} --exercises",
        "```",
        "",
        "It checks your version with the same property tests as the book's techniques (a wrong answer is",
        "shown with the smallest input that gives it), times it beside the baseline and the book's fastest",
        "technique, and prints one line per exercise: correct or not, the speedup over the baseline, the",
        "fraction of the book's best and, where the work is counted, the percent of this machine's peak.",
    ]
    for exercise in exercises:
        problem, _, hint = exercise.problem.partition("\n\n")
        lines += ["", f"### `{exercise.name}` ({exercise.topic}.py)", "", " ".join(problem.split()), ""]
        if hint.strip():
            lines += [f"**Hint.** {' '.join(hint.split())}", ""]
        code = solution_code(solutions[exercise.name], module)
        lines += ['??? note "Solution"', "", "    ```python", textwrap.indent(code, "    "), "    ```"]
    lines += ["", END]
    return "\n".join(lines)


def index_section(root: Path) -> str:
    """The marked list of every lesson's exercises for the book's home page (docs/index.md)."""
    lines = [
        START.format(lesson="index"),
        "",
        "## Try it yourself",
        "",
        "Every chapter ends with exercises: working but slow code for you to make faster, checked by the",
        "same property tests as the book's techniques and timed beside them. Edit",
        "`lessons/<chapter>/exercises.py`, then run, e.g.,",
        "",
        "```bash",
        "pytest lessons/m07_basics --exercises",
        "```",
        "",
        "| chapter | exercise | what it computes |",
        "|---|---|---|",
    ]
    for lesson in catalog.lesson_folders(root / "lessons"):
        if not (lesson / "exercises.py").is_file():
            continue
        link = f"lessons/{page_for(lesson, Path()).name}#try-it-yourself"
        for exercise in catalog.load(lesson, catalog.EXERCISES):
            problem = " ".join(exercise.problem.partition("\n\n")[0].split())
            lines.append(f"| [{lesson.name[1:3].lstrip('0')}]({link}) | `{exercise.name}` | {problem} |")
    lines += ["", END]
    return "\n".join(lines)


def solution_code(function: Any, module: ModuleType) -> str:
    """The solution's source with the imports of its file and the private helpers it calls."""
    source = inspect.getsource(module)
    imports = [
        ast.get_source_segment(source, node) or ""
        for node in ast.parse(source).body
        if isinstance(node, (ast.Import, ast.ImportFrom)) and getattr(node, "module", None) != "__future__"
    ]
    helpers = [
        inspect.getsource(getattr(obj, "py_func", obj))
        for name, obj in vars(module).items()
        if name.startswith("_")
        and callable(obj)
        and name in function.__code__.co_names
        and getattr(getattr(obj, "py_func", obj), "__module__", None) == module.__name__  # not imported ones
    ]
    parts = ["\n".join(imports)] if imports else []
    parts += [h.strip() for h in helpers] + [inspect.getsource(function).strip()]
    return "\n\n\n".join(parts)


def with_section(page: str, block: str) -> str:
    """The page with its marked section replaced by ``block``, or ``block`` appended at its end."""
    if BLOCK.search(page):
        return BLOCK.sub(lambda _: block, page, count=1)
    return page.rstrip("\n") + "\n\n" + block + "\n"


def main(argv: list[str] | None = None) -> int:
    """Rewrite the "Try it yourself" section of every lesson page and the list on the home page:
    ``python -m optbook.exercises.pages``."""
    root = Path(argv[0]) if argv else Path.cwd()
    for lesson in catalog.lesson_folders(root / "lessons"):
        page = page_for(lesson, root / "docs")
        if (lesson / "exercises.py").is_file() and page.is_file():
            text = page.read_text()
            new = with_section(text, section(lesson))
            if new != text:
                page.write_text(new)
                print(f"rewrote the exercises of {page.relative_to(root)}")
    index = root / "docs" / "index.md"
    text = index.read_text()
    new = with_section(text, index_section(root))
    if new != text:
        index.write_text(new)
        print(f"rewrote the list of exercises in {index.relative_to(root)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
