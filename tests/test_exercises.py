"""The exercises, end to end on a demo lesson run in a separate pytest, and their pieces."""

from __future__ import annotations

import os
import textwrap
import types
from pathlib import Path

import pytest

from optbook.exercises import catalog, pages, verdict
from optbook.lesson import ADDED_TECHNIQUES, technique_names

ROOT = Path(__file__).resolve().parent.parent

DEMO_TOPIC = '''
def total_loop(xs):
    """Add up in a Python loop."""
    total = 0
    for x in xs:
        total += x
    return total


def total_builtin(xs):
    """Let the built-in sum do the loop in C."""
    return sum(xs)
'''

DEMO_TEST = """
import pytest
from hypothesis import given, strategies as st
from lessons.m99_demo import demo
from optbook.lesson import by_scale, run, technique_names


@pytest.mark.parametrize("n", by_scale(tiny=[100, 1000], small=[1000]))
@pytest.mark.parametrize("technique", technique_names(demo))
def test_demo(benchmark, technique, n):
    xs = list(range(n))
    assert run(benchmark, getattr(demo, technique), xs, items=n) == n * (n - 1) // 2


@pytest.mark.parametrize("technique", technique_names(demo))
@given(xs=st.lists(st.integers(-10, 10)))
def test_demo_agrees(technique, xs):
    assert getattr(demo, technique)(xs) == demo.total_loop(xs)


def test_not_about_techniques():
    assert True
"""

RIGHT = '''
def demo_exercise(xs):
    """Add up the numbers, faster than a Python loop."""
    return sum(xs)
'''
WRONG = RIGHT.replace("return sum(xs)", "return sum(xs) + (1 if len(xs) > 2 else 0)")
RAISES = RIGHT.replace("return sum(xs)", "return max(xs) * 0 + sum(xs)")


@pytest.fixture
def demo(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A project with one lesson (a topic, its tests, exercises.py and solutions.py), the optbook
    plugins, quick benchmark settings, no peak measurement and no saved results."""
    pytester.makeconftest('pytest_plugins = ["optbook.plugin", "optbook.exercises.plugin"]')
    pytester.makeini("[pytest]\naddopts = --benchmark-min-rounds=3 --benchmark-max-time=0.005 -p no:cacheprovider")
    lesson = pytester.mkpydir("lessons").joinpath("m99_demo")
    lesson.mkdir()
    lesson.joinpath("__init__.py").write_text('"""A demo lesson."""\n')
    lesson.joinpath("demo.py").write_text(DEMO_TOPIC)
    lesson.joinpath("test_demo.py").write_text(DEMO_TEST)
    lesson.joinpath("exercises.py").write_text(RIGHT)
    lesson.joinpath("solutions.py").write_text(RIGHT)
    for var in ("OPTBOOK_MACHINE", "OPTBOOK_SCALE", "OPTBOOK_RESULTS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("OPTBOOK_PEAKS", "0")
    monkeypatch.setenv("CI", "true")  # hypothesis: the repeatable profile
    # this checkout's optbook, after the demo's own lessons/ (pytester puts its folder first)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    return pytester


def write_exercise(demo: pytest.Pytester, source: str, file: str = "exercises.py") -> None:
    (demo.path / "lessons" / "m99_demo" / file).write_text(source)


def verdicts(result: pytest.RunResult) -> list[str]:
    return [line for line in result.stdout.lines if line.startswith("m99_demo demo_exercise:")]


def test_a_right_exercise_is_checked_then_scored(demo: pytest.Pytester) -> None:
    result = demo.runpytest_subprocess("lessons/m99_demo", "--exercises", "--scale", "tiny", "--machine", "t", "-v")
    assert result.ret == 0, result.stdout.str()[-3000:]
    # its equivalence test and two benchmarks, the baseline and the book's fastest timed beside
    # it (4); the book's own equivalence tests and the test that is not about techniques left out
    result.assert_outcomes(passed=7, deselected=3)
    result.stdout.fnmatch_lines(["*optbook: your exercises (scale tiny)*"])
    [line] = verdicts(result)
    assert "correct; " in line and "x the baseline total_loop" in line
    assert "of the speed of the book's best, total_builtin (demo n=1000)" in line
    ran = [line.split(" ")[0] for line in result.stdout.lines if line.endswith("]") and " PASSED " in line]
    assert ran[0] == "lessons/m99_demo/test_demo.py::test_demo_agrees[demo_exercise]"  # checked before timed
    assert len(ran) == 7 and all("test_demo[" in name for name in ran[1:])


def test_a_wrong_exercise_is_shown_with_its_smallest_counterexample(demo: pytest.Pytester) -> None:
    write_exercise(demo, WRONG)
    result = demo.runpytest_subprocess("lessons/m99_demo", "--exercises", "--scale", "tiny", "-rs")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    [line] = verdicts(result)
    assert line.startswith("m99_demo demo_exercise: NOT YET: wrong answer: assert 1 == 0")
    assert line.endswith("smallest failing input: xs=[0, 0, 0]")
    result.stdout.fnmatch_lines(["*not timed: demo_exercise does not pass its tests yet*"])


def test_an_exercise_that_raises_says_what_in_one_line(demo: pytest.Pytester) -> None:
    write_exercise(demo, RAISES)
    result = demo.runpytest_subprocess("lessons/m99_demo", "--exercises", "--scale", "tiny", "--benchmark-disable")
    assert result.ret != 0
    [line] = verdicts(result)
    assert line.startswith("m99_demo demo_exercise: NOT YET: raises ValueError: max() ")  # Python words it
    assert line.endswith("; smallest failing input: xs=[]")


def test_the_solutions_switch_runs_the_solutions(demo: pytest.Pytester) -> None:
    write_exercise(demo, WRONG)  # the student's version is wrong, the solution is right
    result = demo.runpytest_subprocess("lessons/m99_demo", "--exercises=solutions", "--scale", "tiny")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*optbook: the book's solutions (scale tiny)*", "m99_demo demo_exercise: correct; *"])


def test_with_benchmarks_disabled_the_exercise_is_checked_only(demo: pytest.Pytester) -> None:
    result = demo.runpytest_subprocess("lessons/m99_demo", "--exercises", "--scale", "tiny", "--benchmark-disable")
    assert result.ret == 0
    [line] = verdicts(result)
    assert line == "m99_demo demo_exercise: correct (3 tests passed); not timed (benchmarks disabled)"


def test_without_the_switch_the_exercise_is_not_a_technique(demo: pytest.Pytester) -> None:
    result = demo.runpytest_subprocess("lessons/m99_demo", "--scale", "tiny", "--benchmark-disable")
    assert result.ret == 0
    result.assert_outcomes(passed=7)
    assert "demo_exercise" not in result.stdout.str()


def one_error_line(result: pytest.RunResult) -> str:
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    [line] = [line for line in result.stderr.lines if line.strip()]
    return line


@pytest.mark.parametrize(
    ("file", "source", "message"),
    [
        ("exercises.py", None, "ERROR: lessons/m99_demo/exercises.py is missing: lesson m99_demo has no exercises"),
        ("solutions.py", None, "ERROR: lessons/m99_demo/solutions.py is missing"),
        (
            "exercises.py",
            "def demo_exercise(xs):\n    return sum(xs\n",
            "ERROR: lessons/m99_demo/exercises.py does not",
        ),
        ("exercises.py", "import no_such_module\n", "ERROR: lessons/m99_demo/exercises.py does not import: Module"),
        ("exercises.py", "def total(xs):\n    return 0\n", "ERROR: lessons/m99_demo/exercises.py defines no function"),
        ("exercises.py", "def sums_exercise(xs):\n    return 0\n", "ERROR: sums_exercise in lessons/m99_demo/"),
        ("solutions.py", "", "ERROR: lessons/m99_demo/solutions.py has no function demo_exercise"),
    ],
    ids=["no-exercises", "no-solutions", "syntax-error", "import-error", "none", "no-topic", "no-solution"],
)
def test_a_broken_lesson_is_one_line_and_a_usage_error(
    demo: pytest.Pytester, file: str, source: str | None, message: str
) -> None:
    path = demo.path / "lessons" / "m99_demo" / file
    if source is None:
        path.unlink()
    else:
        path.write_text(source)
    answers = "solutions" if file == "solutions.py" else "yours"
    result = demo.runpytest_subprocess("lessons/m99_demo", f"--exercises={answers}", "--scale", "tiny")
    assert one_error_line(result).startswith(message)


def test_the_switch_needs_a_lesson(demo: pytest.Pytester) -> None:
    (demo.path / "other").mkdir()
    result = demo.runpytest_subprocess("other", "--exercises")
    assert one_error_line(result).startswith("ERROR: --exercises needs a lesson's folder")


# --- the pieces ---------------------------------------------------------------------------


def test_the_topic_is_the_longest_matching_name() -> None:
    topics = ["read", "read_formats", "projection"]
    assert catalog.topic_of("read_formats_exercise", topics) == "read_formats"
    assert catalog.topic_of("projection_csv_exercise", topics) == "projection"
    assert catalog.topic_of("readings_exercise", topics) is None


def test_lessons_given_by_folder_file_or_parent(tmp_path: Path) -> None:
    for name in ("m01_a", "m02_b"):
        (tmp_path / "lessons" / name).mkdir(parents=True)
        (tmp_path / "lessons" / name / "__init__.py").write_text("")
    root = tmp_path / "lessons"
    assert [p.name for p in catalog.selected_lessons(root, ["lessons"], tmp_path)] == ["m01_a", "m02_b"]
    chosen = catalog.selected_lessons(root, ["lessons/m02_b/test_x.py::test_y"], tmp_path)
    assert [p.name for p in chosen] == ["m02_b"]
    assert catalog.selected_lessons(root, ["tests"], tmp_path) == []


def test_an_added_technique_comes_last_and_belongs_to_its_topic() -> None:
    from tests import demo_topic

    def demo_topic_exercise(xs: list[float]) -> float:
        """A student's version."""
        return sum(xs)

    exercise = catalog.Exercise(
        "demo_topic_exercise", "tests", "demo_topic", "tests", demo_topic_exercise, "A student's version."
    )
    undo = catalog.add_to_topics([exercise])
    try:
        names = technique_names(demo_topic)
        assert names == ["total_loop", "total_builtin", "total_exact", "demo_topic_exercise"]
        added = demo_topic.demo_topic_exercise
        assert added.__module__ == "tests.demo_topic" and added.__code__ is demo_topic_exercise.__code__
        assert added([1.0, 2.0]) == 3.0
    finally:
        undo()
    assert technique_names(demo_topic) == ["total_loop", "total_builtin", "total_exact"]
    assert not hasattr(demo_topic, "demo_topic_exercise") and "tests.demo_topic" not in ADDED_TECHNIQUES


def test_a_wrapped_exercise_is_called_through_a_function() -> None:
    import functools

    cached = functools.cache(lambda n: n + 1)
    technique = catalog.as_technique(cached, "demo_exercise", "tests.demo_topic")
    assert isinstance(technique, types.FunctionType) and technique.__module__ == "tests.demo_topic"
    assert technique.__name__ == "demo_exercise" and technique(1) == 2


def test_the_counterexample_is_the_falsifying_call_without_the_technique() -> None:
    note = textwrap.dedent(
        """\
        Failing test case: test_x(
            technique='counting_exercise',
            words=['a', 'b,c'],
            steps=(1, 2),
        )
        Explanation: ..."""
    )
    assert verdict.counterexample(note) == "words=['a', 'b,c'], steps=(1, 2)"
    assert verdict.counterexample("Falsifying example: test_y(technique='x')") == "(no arguments)"
    assert verdict.counterexample("no example") is None


def test_a_failure_in_a_group_is_described_by_its_first_error() -> None:
    error = BaseExceptionGroup("two failures", [ValueError("bad\nmore"), AssertionError()])
    assert verdict.describe_failure(error) == ("raises ValueError: bad", None)
    assert verdict.describe_failure(AssertionError("assert 1 == 2")) == ("wrong answer: assert 1 == 2", None)


def bench(technique: str, median: float, n: int = 10, baseline: str = "slow", **extra: object) -> dict:
    info = {"technique": technique, "baseline": baseline, **extra}
    return {
        "group": f"demo n={n}",
        "fullname": f"t.py::test_demo[{technique}-{n}]",
        "params": {"technique": technique, "n": n},
        "extra_info": info,
        "stats": {"median": median},
    }


def test_the_score_reads_the_largest_size_against_baseline_and_book() -> None:
    benches = [
        bench("slow", 1.0, n=10),
        bench("demo_exercise", 0.1, n=10),
        bench("slow", 8.0, n=100, bytes=8e9),
        bench("fast", 1.0, n=100, bytes=8e9),
        bench("demo_exercise", 2.0, n=100, bytes=8e9),
    ]
    result = verdict.score("demo_exercise", benches, {"memory_gbytes": 10.0})
    assert result is not None
    assert (result.speedup, result.baseline, result.of_best, result.best) == (4.0, "slow", 0.5, "fast")
    assert result.cases == ["demo n=100"] and result.percent_of_peak == pytest.approx(40.0)
    line = verdict.line("demo_exercise", verdict.Check(passed=2), result, None)
    assert line == (
        "demo_exercise: correct; 4x the baseline slow, 0.50 of the speed of the book's best, fast, "
        "40% of this machine's peak memory bandwidth (demo n=100)"
    )
    assert verdict.score("other_exercise", benches, None) is None


def test_the_pages_show_each_lessons_exercises_and_solutions() -> None:
    for lesson in catalog.lesson_folders(ROOT / "lessons"):
        page = pages.page_for(lesson, ROOT / "docs")
        assert pages.section(lesson) in page.read_text(), f"run: python -m optbook.exercises.pages ({page.name})"
    index = (ROOT / "docs" / "index.md").read_text()
    assert pages.index_section(ROOT) in index, "run: python -m optbook.exercises.pages (index.md)"


def test_the_section_is_appended_once_then_replaced() -> None:
    block = f"{pages.START.format(lesson='m99_demo')}\nnew\n{pages.END}"
    page = pages.with_section("# A lesson\n\nProse.\n", block)
    assert page == f"# A lesson\n\nProse.\n\n{block}\n"
    again = pages.with_section(page.replace("new", "old"), block)
    assert again == page


def test_the_harness_paired_interval_is_used_where_saved() -> None:
    mine = bench("demo_exercise", 0.5, speedup_ci=[1.5, 2.5], speedup_ci_reference="slow")
    result = verdict.score("demo_exercise", [bench("slow", 1.0), mine], None)
    assert result is not None and result.interval == (1.5, 2.5)
    line = verdict.line("demo_exercise", verdict.Check(passed=1), result, None)
    assert "2x the baseline slow (95% interval 1.5x to 2.5x)" in line
