"""The lesson contract (shared/GUIDE.md section 3), checked for every lesson present.

Every technique of every topic has a benchmark case and is covered by the topic's
equivalence (hypothesis) test, the baseline is in every benchmark group, and every
technique has a docstring.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from optbook.lesson import TECHNIQUE_PARAM, techniques

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted(p for p in (ROOT / "lessons").glob("m[0-9][0-9]_*") if (p / "__init__.py").is_file())
TOPICS = [
    (lesson, path.stem)
    for lesson in LESSONS
    for path in sorted(lesson.glob("*.py"))
    if path.name != "__init__.py" and not path.name.startswith(("test_", "conftest", "_"))
]


def test_there_are_lessons() -> None:
    assert LESSONS, "no lesson packages under lessons/"
    assert TOPICS, "no topic modules in the lessons"


@pytest.fixture(scope="module")
def inventory(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """Every test of the lessons as collected at scale tiny (run in a separate pytest)."""
    out = tmp_path_factory.mktemp("inventory") / "items.json"
    cmd = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
    cmd += ["--scale", "tiny", f"--optbook-inventory={out}", "lessons"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"collecting the lessons failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return json.loads(out.read_text())


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_lesson_says_what_it_teaches(lesson: Path) -> None:
    module = importlib.import_module(f"lessons.{lesson.name}")
    assert module.__doc__ and len(module.__doc__.split()) >= 10, f"{lesson.name}/__init__.py needs a docstring"


@pytest.mark.parametrize(("lesson", "topic"), TOPICS, ids=lambda v: getattr(v, "name", v))
def test_topic_keeps_the_contract(lesson: Path, topic: str, inventory: list[dict]) -> None:
    module = importlib.import_module(f"lessons.{lesson.name}.{topic}")
    names = [fn.__name__ for fn in techniques(module)]
    assert len(names) >= 2, f"{topic}.py needs a baseline and at least one technique"
    undocumented = [fn.__name__ for fn in techniques(module) if not (fn.__doc__ or "").strip()]
    assert not undocumented, f"techniques without a docstring: {undocumented}"

    test_file = lesson / f"test_{topic}.py"
    assert test_file.is_file(), f"{topic}.py has no {test_file.name}"
    items = [i for i in inventory if Path(i["file"]) == test_file and TECHNIQUE_PARAM in i["params"]]

    benchmarked = [i for i in items if i["benchmark"]]
    missing = set(names) - {i["params"][TECHNIQUE_PARAM] for i in benchmarked}
    assert not missing, f"techniques of {topic} with no benchmark case: {sorted(missing)}"

    checked = {i["params"][TECHNIQUE_PARAM] for i in items if i["hypothesis"]}
    missing = set(names) - checked
    assert not missing, f"techniques of {topic} not covered by a hypothesis equivalence test: {sorted(missing)}"

    groups: dict[tuple, set[str]] = defaultdict(set)
    for item in benchmarked:
        sizes = tuple(sorted((k, str(v)) for k, v in item["params"].items() if k != TECHNIQUE_PARAM))
        groups[(item["function"], sizes)].add(item["params"][TECHNIQUE_PARAM])
    without = [key for key, present in groups.items() if names[0] not in present]
    assert not without, f"benchmark groups of {topic} without the baseline {names[0]}: {without}"
