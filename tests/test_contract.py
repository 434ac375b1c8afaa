"""The lesson contract (shared/GUIDE.md section 3), checked for every lesson present.

Every technique of every topic has a benchmark case and is covered by the topic's
equivalence (hypothesis) test, the baseline is in every benchmark group, and every
technique has a docstring. Every lesson has exercises (exercises.py): each belongs to a
topic, has its baseline's signature, states its problem in a docstring, has a solution
(solutions.py), and is checked by its topic's equivalence test and timed by its benchmark.
"""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from optbook.exercises import catalog
from optbook.lesson import TECHNIQUE_PARAM, techniques

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted(p for p in (ROOT / "lessons").glob("m[0-9][0-9]_*") if (p / "__init__.py").is_file())
TOPICS = [
    (lesson, path.stem)
    for lesson in LESSONS
    for path in sorted(lesson.glob("*.py"))
    if path.name != "__init__.py"
    and not path.name.startswith(("test_", "conftest", "_"))
    and path.stem not in ("exercises", "solutions")  # a student's exercises and their answers
]


def test_there_are_lessons() -> None:
    assert LESSONS, "no lesson packages under lessons/"
    assert TOPICS, "no topic modules in the lessons"


def collected(tmp_path_factory: pytest.TempPathFactory, *options: str) -> list[dict]:
    """The tests of the lessons as collected at scale tiny (run in a separate pytest)."""
    out = tmp_path_factory.mktemp("inventory") / "items.json"
    cmd = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
    cmd += ["--scale", "tiny", f"--optbook-inventory={out}", *options, "lessons"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"collecting the lessons failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return json.loads(out.read_text())


@pytest.fixture(scope="module")
def inventory(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """Every test of the lessons."""
    return collected(tmp_path_factory)


@pytest.fixture(scope="module")
def exercise_inventory(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """The tests that check and time the lessons' exercises (with their solutions)."""
    return collected(tmp_path_factory, "--exercises=solutions")


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


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_lesson_has_exercises_with_solutions(lesson: Path, exercise_inventory: list[dict]) -> None:
    try:
        exercises = catalog.load(lesson, catalog.EXERCISES)
        solutions = {s.name: s.function for s in catalog.load(lesson, catalog.SOLUTIONS)}
    except catalog.ExerciseError as err:
        pytest.fail(str(err))
    for exercise in exercises:
        assert len(exercise.problem.split()) >= 15, f"{exercise.name} needs a docstring stating its problem"
        assert (inspect.getdoc(solutions[exercise.name]) or "").strip(), f"solution {exercise.name} needs a docstring"
        topic = importlib.import_module(exercise.topic_module)
        wanted = list(inspect.signature(techniques(topic)[0]).parameters)
        for version in (exercise.function, solutions[exercise.name]):
            got = list(inspect.signature(version).parameters)
            assert got == wanted, f"{exercise.name} takes {got}, its topic's baseline takes {wanted}"
        test_file = lesson / f"test_{exercise.topic}.py"
        items = [
            i
            for i in exercise_inventory
            if Path(i["file"]) == test_file and i["params"].get(TECHNIQUE_PARAM) == exercise.name
        ]
        assert any(i["benchmark"] for i in items), f"{exercise.name} has no benchmark case in {test_file.name}"
        assert any(i["hypothesis"] for i in items), f"{exercise.name} is not checked by a hypothesis test"
