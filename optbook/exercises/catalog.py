"""The exercises of the lessons: found, matched with their topic, and added to it for one run.

An exercise is a public function of ``lessons/mNN_slug/exercises.py`` whose name ends in
``_exercise`` and begins with the name of one of the lesson's topics (``counting_exercise``
belongs to ``counting.py``; ``projection_csv_exercise`` to ``projection.py``). It has the
signature of that topic's techniques. ``solutions.py`` beside it defines a function of the
same name for every exercise: the answer.

For one run, :func:`add_to_topics` adds each exercise (or its solution) to its topic module
as one more technique, the last, so that the topic's own equivalence test and benchmark,
parametrized over ``technique_names(topic)``, check and time it like the book's techniques.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from optbook.lesson import ADDED_TECHNIQUES, techniques

EXERCISES = "exercises"
SOLUTIONS = "solutions"
SUFFIX = "_exercise"
NOT_TOPICS = (EXERCISES, SOLUTIONS)


class ExerciseError(Exception):
    """A problem with a lesson's exercises, said in one line."""


@dataclass(frozen=True)
class Exercise:
    """One exercise of a lesson and the function that answers it in this run."""

    name: str
    lesson: str  # the lesson's folder, e.g. "m07_basics"
    topic: str  # the topic module it belongs to, e.g. "counting"
    package: str  # the lesson's package, e.g. "lessons.m07_basics"
    function: Callable[..., Any]  # the student's version, or the solution
    problem: str  # the exercise's docstring

    @property
    def topic_module(self) -> str:
        return f"{self.package}.{self.topic}"


def is_lesson(path: Path) -> bool:
    """A lesson is a package folder named mNN_slug."""
    return path.is_dir() and path.name[:1] == "m" and path.name[1:3].isdigit() and (path / "__init__.py").is_file()


def lesson_folders(root: Path) -> list[Path]:
    """The lesson folders under ``root`` (the book's lessons/ folder), in order."""
    return sorted(p for p in root.glob("m[0-9][0-9]_*") if is_lesson(p))


def selected_lessons(root: Path, args: Iterable[str], cwd: Path) -> list[Path]:
    """The lessons that the paths given to pytest lie in or contain (``lessons/m07_basics``,
    ``lessons``, ``lessons/m07_basics/test_counting.py::test_counting``)."""
    chosen: list[Path] = []
    for arg in args:
        path = (cwd / arg.split("::")[0]).resolve()
        for lesson in lesson_folders(root):
            inside = path == lesson.resolve() or lesson.resolve() in path.parents
            if (inside or lesson.resolve().is_relative_to(path)) and lesson not in chosen:
                chosen.append(lesson)
    return chosen


def topic_names(lesson: Path) -> list[str]:
    """The lesson's topic modules: what the book's contract test calls topics."""
    return [
        p.stem
        for p in sorted(lesson.glob("*.py"))
        if p.name != "__init__.py" and not p.name.startswith(("test_", "conftest", "_")) and p.stem not in NOT_TOPICS
    ]


def topic_of(name: str, topics: Iterable[str]) -> str | None:
    """The topic whose name the exercise's name begins with (the longest, where several do)."""
    matching = [t for t in topics if name.startswith(t + "_")]
    return max(matching, key=len) if matching else None


def _import(lesson: Path, file: str) -> types.ModuleType:
    where = lesson / f"{file}.py"
    if not where.is_file():
        what = "the exercises a student edits" if file == EXERCISES else "the answers to its exercises"
        raise ExerciseError(f"{_shown(where)} is missing: lesson {lesson.name} has no {file} ({what})")
    try:
        return importlib.import_module(f"{lesson.parent.name}.{lesson.name}.{file}")
    except Exception as err:  # a student's file: any error is theirs to fix, said in one line
        line = f" (line {err.lineno})" if isinstance(err, SyntaxError) and err.lineno else ""
        raise ExerciseError(
            f"{_shown(where)} does not import: {type(err).__name__}: {_first_line(err)}{line}"
        ) from None


def exercise_names(module: types.ModuleType) -> list[str]:
    """The exercises of an exercises module: its public callables named ``*_exercise``, in file order."""
    found = [
        (name, _line_of(obj))
        for name, obj in vars(module).items()
        if name.endswith(SUFFIX) and not name.startswith("_") and callable(obj)
    ]
    return [name for name, _ in sorted(found, key=lambda pair: pair[1])]


def load(lesson: Path, answers: str = EXERCISES) -> list[Exercise]:
    """The exercises of one lesson, each with the function that answers it: the student's own
    (``answers="exercises"``) or the solution (``answers="solutions"``)."""
    module = _import(lesson, EXERCISES)
    names = exercise_names(module)
    if not names:
        raise ExerciseError(f"{_shown(lesson / 'exercises.py')} defines no function named *{SUFFIX}")
    source = module if answers == EXERCISES else _import(lesson, SOLUTIONS)
    topics = topic_names(lesson)
    found = []
    for name in names:
        topic = topic_of(name, topics)
        if topic is None:
            raise ExerciseError(
                f"{name} in {_shown(lesson / 'exercises.py')}: its name must begin with one of the lesson's "
                f"topics ({', '.join(topics)})"
            )
        function = getattr(source, name, None)
        if function is None or not callable(function):
            raise ExerciseError(f"{_shown(lesson / f'{answers}.py')} has no function {name}")
        found.append(
            Exercise(
                name=name,
                lesson=lesson.name,
                topic=topic,
                package=f"{lesson.parent.name}.{lesson.name}",
                function=function,
                problem=inspect.getdoc(getattr(module, name)) or "",
            )
        )
    return found


def add_to_topics(exercises: Iterable[Exercise]) -> Callable[[], None]:
    """Add each exercise to its topic module as its last technique; returns what undoes it."""
    added: list[tuple[types.ModuleType, str, Callable[..., Any]]] = []
    for exercise in exercises:
        topic = importlib.import_module(exercise.topic_module)
        if exercise.name in {fn.__name__ for fn in techniques(topic)}:
            raise ExerciseError(f"{exercise.name} is already a technique of {exercise.topic_module}: rename it")
        technique = as_technique(exercise.function, exercise.name, topic.__name__)
        setattr(topic, exercise.name, technique)
        ADDED_TECHNIQUES.setdefault(topic.__name__, []).append(technique)
        added.append((topic, exercise.name, technique))

    def undo() -> None:
        for topic, name, technique in added:
            if getattr(topic, name, None) is technique:
                delattr(topic, name)
            ADDED_TECHNIQUES[topic.__name__].remove(technique)
            if not ADDED_TECHNIQUES[topic.__name__]:
                del ADDED_TECHNIQUES[topic.__name__]

    return undo


def as_technique(function: Callable[..., Any], name: str, module: str) -> Callable[..., Any]:
    """``function`` as a technique of the topic module ``module``: the harness reads the topic
    (the benchmark's group) from ``__module__``. A plain function is copied, sharing its code
    (tracebacks show the student's lines, no extra call is timed); anything else (a numba or
    lru_cache wrapper) is called through a thin function."""
    if isinstance(function, types.FunctionType):
        copy = types.FunctionType(
            function.__code__, function.__globals__, name, function.__defaults__, function.__closure__
        )
        copy.__kwdefaults__ = function.__kwdefaults__
        copy.__dict__.update(function.__dict__)
        copy.__doc__, copy.__qualname__ = function.__doc__, name
        copy.__module__ = module
        return copy

    @functools.wraps(function)
    def call(*args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__module__ = module
    return call


def _line_of(obj: Any) -> int:
    code = getattr(inspect.unwrap(getattr(obj, "py_func", obj)), "__code__", None)
    return code.co_firstlineno if code is not None else 0


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else ""


def _shown(path: Path) -> str:
    """A path as the student typed it: relative to the working directory where it can be."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
