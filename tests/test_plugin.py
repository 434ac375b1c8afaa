"""The pytest plugin, end to end on a two-technique demo lesson run in a separate pytest."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

DEMO_TOPIC = '''
def sum_loop(xs):
    """Add up in a Python loop."""
    total = 0
    for x in xs:
        total += x
    return total


def sum_builtin(xs):
    """Let the built-in sum do the loop in C."""
    return sum(xs)
'''

DEMO_TEST = """
import pytest
from lessons.m99_demo import demo
from optbook.lesson import by_scale, run, skip_if_too_slow, technique_names


@pytest.mark.parametrize("n", by_scale(tiny=[100, 200], small=[1000]))
@pytest.mark.parametrize("technique", technique_names(demo))
def test_demo(benchmark, technique, n):
    skip_if_too_slow(benchmark, grows_as=3)
    xs = list(range(n))
    assert run(benchmark, getattr(demo, technique), xs, items=n) == n * (n - 1) // 2
"""


@pytest.fixture
def demo(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A project with one lesson, the optbook plugin, fast benchmark settings, no peak measurement."""
    pytester.makeconftest('pytest_plugins = ["optbook.plugin"]')
    pytester.makeini(
        "[pytest]\naddopts = --benchmark-autosave --benchmark-min-rounds=3 --benchmark-max-time=0.005"
        " -p no:cacheprovider"
    )
    lesson = pytester.mkpydir("lessons").joinpath("m99_demo")
    lesson.mkdir()
    lesson.joinpath("__init__.py").write_text('"""A demo lesson."""\n')
    lesson.joinpath("demo.py").write_text(DEMO_TOPIC)
    lesson.joinpath("test_demo.py").write_text(DEMO_TEST)
    for var in ("OPTBOOK_MACHINE", "OPTBOOK_SCALE", "OPTBOOK_RESULTS", "CI"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("OPTBOOK_PEAKS", "0")
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parents[1]))  # this checkout's optbook
    return pytester


def saved(pytester: pytest.Pytester, label: str) -> list[Path]:
    return sorted((pytester.path / "results" / label).glob("*.json"))


def digest(paths: list[Path]) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


def test_a_run_is_saved_under_its_label_with_speedups(demo: pytest.Pytester) -> None:
    result = demo.runpytest_subprocess("--scale", "tiny", "--machine", "laptop")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*optbook: speedups (machine laptop, scale tiny)*", "demo n=100*", "sum_loop*1.00x*"])
    [path] = saved(demo, "laptop")
    data = json.loads(path.read_text())
    assert data["optbook"]["label"] == "laptop" and data["optbook"]["scale"] == "tiny"
    assert data["machine_info"]["optbook"]["label"] == "laptop"
    builtin = next(b for b in data["benchmarks"] if b["extra_info"]["technique"] == "sum_builtin")
    assert builtin["extra_info"]["speedup_reference"] == "sum_loop"
    assert builtin["extra_info"]["speedup"] > 0 and builtin["extra_info"]["rate_unit"] == "items/s"
    assert builtin["extra_info"]["cores"] > 0 and "peak_memory_bytes" in builtin["extra_info"]
    assert {s["technique"] for s in data["optbook"]["scaling"]} == {"sum_loop", "sum_builtin"}


def test_compare_uses_this_machines_last_run_and_keeps_it(demo: pytest.Pytester) -> None:
    assert demo.runpytest_subprocess("--scale", "tiny", "--machine", "laptop").ret == 0
    first = saved(demo, "laptop")
    before = digest(first)
    result = demo.runpytest_subprocess("--scale", "tiny", "--machine", "laptop", "--benchmark-compare")
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        [
            "optbook: comparing with laptop/0001_*: it shares 4 of this session's 4 benchmarks, "
            "the most of 1 run(s) of laptop at scale tiny",
            "*compared with laptop/0001_*same machine, same versions*",
            "*vs laptop/0001*",
        ]
    )
    assert len(saved(demo, "laptop")) == 2
    assert digest(first) == before


def test_compare_falls_back_to_the_reference_run(demo: pytest.Pytester) -> None:
    assert demo.runpytest_subprocess("--scale", "tiny", "--machine", "reference").ret == 0
    result = demo.runpytest_subprocess("--scale", "tiny", "--machine", "newcomer", "--benchmark-compare")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*compared with reference/0001_*label reference -> newcomer*", "*vs reference/0001*"])


def test_results_outside_the_project(
    demo: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    shared = tmp_path_factory.mktemp("shared-results")
    monkeypatch.setenv("OPTBOOK_RESULTS", str(shared))
    assert demo.runpytest_subprocess("--scale", "tiny", "--machine", "laptop").ret == 0
    result = demo.runpytest_subprocess("--scale", "tiny", "--machine", "laptop", "--benchmark-compare")
    assert result.ret == 0, result.stdout.str()[-2000:]
    result.stdout.fnmatch_lines(["*vs laptop/0001*"])
    assert len(list((shared / "laptop").glob("*.json"))) == 2
    assert not (demo.path / "results").exists()


def test_compare_with_nothing_saved_says_so(demo: pytest.Pytester) -> None:
    result = demo.runpytest_subprocess("--scale", "tiny", "--machine", "fresh", "--benchmark-compare")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*nothing to compare with yet*"])


def test_an_unreadable_last_run_is_skipped_not_changed(demo: pytest.Pytester) -> None:
    assert demo.runpytest_subprocess("--scale", "tiny", "--machine", "laptop").ret == 0
    broken = demo.path / "results" / "laptop" / "0002_broken.json"
    broken.write_text('{"benchmarks": [')
    result = demo.runpytest_subprocess("--scale", "tiny", "--machine", "laptop", "--benchmark-compare")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*skipped an unreadable saved run*0002_broken.json*", "*vs laptop/0001*"])
    assert broken.read_text() == '{"benchmarks": ['
    assert [p.name[:4] for p in saved(demo, "laptop")] == ["0001", "0002", "0003"]


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--scale", "huge"], {}, "unknown scale 'huge': choose one of tiny, small, medium, large"),
        ([], {"OPTBOOK_SCALE": "enormous"}, "unknown scale 'enormous'"),
        (["--machine", "../escape"], {}, "bad machine label '../escape'"),
    ],
)
def test_bad_options_are_one_line_usage_errors(
    demo: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, args: list[str], env: dict[str, str], message: str
) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    result = demo.runpytest_subprocess(*args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    [line] = [line for line in result.stderr.lines if line.strip()]
    assert line.startswith(f"ERROR: {message}")
    assert not (demo.path / "results").exists() or not list((demo.path / "results").rglob("*.json"))


def test_disabled_benchmarks_run_once_and_save_nothing(demo: pytest.Pytester) -> None:
    result = demo.runpytest_subprocess("--scale", "tiny", "--benchmark-disable")
    assert result.ret == 0
    result.assert_outcomes(passed=4)
    assert "optbook: speedups" not in result.stdout.str()
    assert not list((demo.path / "results").rglob("*.json"))


def test_a_case_too_slow_for_the_scale_is_skipped_with_an_estimate(demo: pytest.Pytester) -> None:
    slow = DEMO_TOPIC.replace("    total = 0\n", "    total = 0\n    import time; time.sleep(0.05 * (len(xs) > 0))\n")
    (demo.path / "lessons" / "m99_demo" / "demo.py").write_text(slow)
    result = demo.runpytest_subprocess("--scale", "tiny", "-rs")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*sum_loop at n=200 would take about * a call (* at n=100, growing as n^3)*"])


def test_pytest_benchmark_still_reads_the_saved_files(demo: pytest.Pytester) -> None:
    assert demo.runpytest_subprocess("--scale", "tiny", "--machine", "laptop").ret == 0
    [path] = saved(demo, "laptop")
    cli = shutil.which("pytest-benchmark")
    assert cli, "pytest-benchmark's command is installed with it"
    done = subprocess.run([cli, "compare", str(path)], capture_output=True, text=True, cwd=demo.path)
    assert done.returncode == 0, done.stderr
    assert "sum_builtin" in done.stdout
