"""The pytest side of the exercises: ``pytest lessons/m07_basics --exercises``.

With ``--exercises`` (the student's versions) or ``--exercises=solutions`` (the book's
answers), each exercise of the lessons given is added to its topic as one more technique
(optbook.exercises.catalog), and the run keeps only what concerns the exercises: their
equivalence tests first, then their benchmarks beside the topic's baseline and the book's
fastest techniques. An exercise that fails a test is not timed. At the end one line per
exercise gives the verdict (optbook.exercises.verdict).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from optbook import analysis, results
from optbook.exercises import catalog, verdict
from optbook.lesson import STATE, TECHNIQUE_PARAM, techniques

ANSWERS = {"yours": catalog.EXERCISES, "solutions": catalog.SOLUTIONS}


@dataclass
class ExerciseRun:
    """The exercises of this run and what their tests found."""

    answers: str
    exercises: list[catalog.Exercise]
    undo: Callable[[], None]  # takes the exercises out of their topics again
    checks: dict[str, verdict.Check] = field(default_factory=dict)
    timed_for: dict[str, str] = field(default_factory=dict)  # benchmark nodeid -> the exercise it is timed for
    not_timed: dict[str, str] = field(default_factory=dict)  # exercise -> why it was not timed


_RUN = pytest.StashKey[ExerciseRun]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("optbook")
    group.addoption(
        "--exercises",
        nargs="?",
        const="yours",
        default=None,
        choices=sorted(ANSWERS),
        help="run the exercises of the lessons given (lessons/mNN_*/exercises.py) through their topics' "
        "equivalence tests and benchmarks, and print a verdict for each; --exercises=solutions runs the "
        "book's solutions instead (lessons/mNN_*/solutions.py)",
    )


def pytest_configure(config: pytest.Config) -> None:
    which = config.getoption("exercises", None)
    if not which:
        return
    root = config.rootpath / "lessons"
    try:
        lessons = catalog.selected_lessons(root, config.args, config.invocation_params.dir)
        if not lessons:
            raise catalog.ExerciseError(
                "--exercises needs a lesson's folder, e.g. pytest lessons/m07_basics --exercises"
            )
        exercises = [e for lesson in lessons for e in catalog.load(lesson, ANSWERS[which])]
        undo = catalog.add_to_topics(exercises)
    except catalog.ExerciseError as err:
        raise pytest.UsageError(str(err)) from None
    run = ExerciseRun(which, exercises, undo, checks={e.name: verdict.Check() for e in exercises})
    config.stash[_RUN] = run


def pytest_unconfigure(config: pytest.Config) -> None:
    run = config.stash.get(_RUN, None)
    if run is not None:
        run.undo()
        del config.stash[_RUN]


def _params(item: pytest.Item) -> dict[str, Any]:
    callspec = getattr(item, "callspec", None)
    return dict(callspec.params) if callspec else {}


def _technique(item: pytest.Item) -> str | None:
    value = _params(item).get(TECHNIQUE_PARAM)
    return value if isinstance(value, str) else None


def _is_benchmark(item: pytest.Item) -> bool:
    return "benchmark" in getattr(item, "fixturenames", ())


def _case(item: pytest.Item) -> tuple[str, str]:
    """The test function and its parameters but the technique: one benchmark group."""
    rest = sorted((k, repr(v)) for k, v in _params(item).items() if k != TECHNIQUE_PARAM)
    return str(item.path) + "::" + getattr(item, "originalname", item.name), repr(rest)


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep the exercises' tests (checks first, then benchmarks) and, in each of their benchmark
    groups, the topic's baseline and the book's fastest technique; deselect the rest."""
    run = config.stash.get(_RUN, None)
    if run is None:
        return
    by_name = {e.name: e for e in run.exercises}
    reference = _reference_benchmarks(config)
    beside = {e.name: _beside(e, reference) for e in run.exercises}
    groups: dict[tuple[str, str], str] = {}
    for item in items:
        name = _technique(item)
        if name in by_name and _is_benchmark(item):
            groups[_case(item)] = name
    checks, benchmarks, dropped = [], [], []
    for item in items:
        name = _technique(item)
        if name in by_name:
            (benchmarks if _is_benchmark(item) else checks).append(item)
            if _is_benchmark(item):
                run.timed_for[item.nodeid] = name
            continue
        owner = groups.get(_case(item)) if name and _is_benchmark(item) else None
        if owner is not None and name in beside[owner]:
            benchmarks.append(item)
            run.timed_for[item.nodeid] = owner
        else:
            dropped.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = checks + benchmarks


def _beside(exercise: catalog.Exercise, reference: list[dict[str, Any]]) -> set[str]:
    """The book's techniques an exercise is timed beside: the baseline, the last (the fastest by
    the book's order) and the fastest in the book's reference runs, where it differs (the last
    may need what this machine lacks, a GPU or a compiler)."""
    book = [fn.__name__ for fn in techniques(importlib.import_module(exercise.topic_module))]
    book = [name for name in book if not name.endswith(catalog.SUFFIX)]
    factors: dict[str, list[float]] = {}
    for bench in reference:
        info = bench.get("extra_info") or {}
        if info.get("lesson") == exercise.lesson and info.get("topic") == exercise.topic and info.get("speedup"):
            factors.setdefault(str(info.get("technique")), []).append(float(info["speedup"]))
    ranked = sorted((analysis.geometric_mean(f), name) for name, f in factors.items() if name in book)
    return {book[0], book[-1]} | ({ranked[-1][1]} if ranked else set())


def _reference_benchmarks(config: pytest.Config) -> list[dict[str, Any]]:
    """The benchmarks of the book's reference runs, shipped with it in results/reference/ (unreadable
    runs left out)."""
    root = config.rootpath / "results"
    found: list[dict[str, Any]] = []
    for path in results.run_files(root, results.REFERENCE_LABEL):
        try:
            found += results.load_run(path, results.REFERENCE_LABEL).benchmarks
        except results.ResultsError:
            continue
    return found


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Time nothing for an exercise that gave a wrong answer."""
    run = item.config.stash.get(_RUN, None)
    owner = run.timed_for.get(item.nodeid) if run else None
    if run is not None and owner is not None and run.checks[owner].failure:
        pytest.skip(f"not timed: {owner} does not pass its tests yet")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    run = item.config.stash.get(_RUN, None)
    name = _technique(item)
    if run is None or name not in run.checks:
        return report
    check = run.checks[name]
    if report.failed and call.excinfo is not None:
        params = {k: v for k, v in _params(item).items() if k != TECHNIQUE_PARAM}
        where = ", ".join(f"{k}={v!r}" for k, v in params.items())
        check.record_failure(call.excinfo.value, where)
    elif report.skipped and call.excinfo is not None:
        reason = str(getattr(call.excinfo.value, "msg", call.excinfo.value))
        if _is_benchmark(item):
            run.not_timed.setdefault(name, reason)
        else:
            check.skipped.append(reason)
    elif report.when == "call" and report.passed:
        check.passed += 1
    return report


@pytest.hookimpl(trylast=True)  # after the speedup table
def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    run = config.stash.get(_RUN, None)
    if run is None:
        return
    bs = getattr(config, "_benchmarksession", None)
    benches = _benches(bs)
    whose = "the book's solutions" if run.answers == "solutions" else "your exercises"
    tr = terminalreporter
    tr.section(f"optbook: {whose} (scale {STATE.scale})", sep="=", bold=True)
    disabled = bs is None or bs.disabled
    for exercise in run.exercises:
        check = run.checks[exercise.name]
        result = None if disabled else verdict.score(exercise.name, benches, STATE.peaks)
        timing = "not timed (benchmarks disabled)" if disabled else run.not_timed.get(exercise.name)
        tr.write_line(f"{exercise.lesson} " + verdict.line(exercise.name, check, result, timing))


def _benches(bs: Any) -> list[dict[str, Any]]:
    """The run's benchmarks in their saved form, rounds included."""
    if bs is None:
        return []
    found = []
    for bench in bs.benchmarks:
        if bench and not bench.has_error:
            found.append(bench.as_dict(include_data=True))
    return found
