"""Technique discovery, scales, the too-slow skip, and one timed run."""

from __future__ import annotations

import time
import weakref
from types import SimpleNamespace

import numpy as np
import pytest

from optbook import lesson, scale
from optbook.lesson import STATE, run, skip_if_too_slow, technique_names, techniques
from tests import demo_topic


def test_techniques_are_public_functions_in_source_order() -> None:
    assert technique_names(demo_topic) == ["total_loop", "total_builtin", "total_exact"]
    assert techniques(demo_topic)[0] is demo_topic.total_loop


def test_mutation_testing_variants_are_not_techniques() -> None:
    """mutmut writes ``x_<name>__mutmut_<n>`` copies beside each function and wraps the function in a
    trampoline (functools.wraps): the copies are left out, the wrapped function keeps its place."""
    import functools
    import types

    module = types.ModuleType("mutated_topic")
    source = "def slow(x):\n    return x\n\n\ndef fast(x):\n    return x\n\n\ndef x_slow__mutmut_1(x):\n    return -x\n"
    exec(compile(source, "mutated_topic.py", "exec"), module.__dict__)
    slow = module.slow

    @functools.wraps(slow)
    def trampoline(*args):  # defined after fast: its own first line comes later
        return slow(*args)

    module.slow = trampoline
    assert technique_names(module) == ["slow", "fast"]


def test_by_scale_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    sizes = {"tiny": [1], "small": [10], "medium": [100]}
    for name, expected in [("tiny", [1]), ("small", [10]), ("medium", [100]), ("large", [100])]:
        monkeypatch.setenv(scale.ENV_VAR, name)
        assert scale.by_scale(**sizes) == expected
    monkeypatch.delenv(scale.ENV_VAR)
    assert scale.current_scale() == "small"
    monkeypatch.setenv(scale.ENV_VAR, "huge")
    with pytest.raises(scale.ScaleError, match="unknown scale 'huge': choose one of tiny, small, medium, large"):
        scale.by_scale(**sizes)


def fake_benchmark(technique: str, n: int) -> SimpleNamespace:
    return SimpleNamespace(fullname=f"t.py::test_x[{technique}-{n}]", params={"technique": technique, "n": n})


@pytest.fixture
def timings(monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setattr(STATE, "scale", "small")
    monkeypatch.setattr(STATE, "timings", {("t.py::test_x", "slow"): {100: 0.5, 50: 0.1}})
    return STATE.timings


def test_too_slow_is_skipped_with_an_estimate(timings: dict) -> None:
    with pytest.raises(pytest.skip.Exception, match=r"slow at n=200 would take about 4 s a call \(0.5 s at n=100"):
        skip_if_too_slow(fake_benchmark("slow", 200), grows_as=3)


def test_within_budget_or_unmeasured_runs(timings: dict) -> None:
    skip_if_too_slow(fake_benchmark("slow", 120), grows_as=3)  # about 0.86 s: within small's 2 s
    skip_if_too_slow(fake_benchmark("other", 10_000), grows_as=3)  # never measured: runs
    skip_if_too_slow(fake_benchmark("slow", 40), grows_as=3)  # nothing smaller measured


def test_run_labels_the_benchmark(benchmark) -> None:
    xs = [0.5] * 1000
    assert run(benchmark, demo_topic.total_builtin, xs, items=len(xs)) == 500.0
    assert benchmark.group == "demo_topic"
    info = benchmark.extra_info
    assert info["technique"] == "total_builtin" and info["baseline"] == "total_loop"
    assert info["topic"] == "demo_topic" and info["items"] == 1000.0
    if benchmark.enabled:
        assert info["cores"] > 0 and info["first_call_seconds"] > 0 and "peak_memory_bytes" in info


def test_run_with_fresh_state_every_round(benchmark) -> None:
    made = []

    def setup():
        made.append(1)
        return ([1.0, 2.0],), {}

    assert run(benchmark, demo_topic.total_loop, setup=setup, rounds=3) == 3.0
    assert len(made) >= 1


def test_lesson_module_exports() -> None:
    assert set(lesson.__all__) >= {"by_scale", "run", "skip_if_too_slow", "technique_names"}


def test_a_call_slower_than_the_budget_is_skipped_after_a_second_try(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(STATE, "scale", "tiny")  # budget 0.2 s
    calls = []
    with pytest.raises(pytest.skip.Exception, match=r"slow_thing took .* a call; scale tiny allows 0.2 s"):
        lesson._skip_if_a_call_is_too_slow("slow_thing", 0.5, lambda: calls.append(time.sleep(0.25)))
    assert len(calls) == 1


def test_a_slow_first_call_that_was_compiling_is_not_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(STATE, "scale", "tiny")
    profile = lesson._skip_if_a_call_is_too_slow("jitted", 1.5, lambda: None)  # the second call is quick: runs
    assert profile is not None  # its cores and memory were measured on the way
    assert lesson._skip_if_a_call_is_too_slow("quick", 0.01, lambda: pytest.fail("not called again")) is None


def test_the_second_call_of_a_slow_technique_is_the_one_profiled(monkeypatch: pytest.MonkeyPatch) -> None:
    """A first call over the budget is repeated to see whether it was compiling; that repeat is
    measured for cores and memory, and the technique is not called once more for them."""
    monkeypatch.setattr(STATE, "scale", "tiny")  # budget 0.2 s
    profiled: list[float] = []
    real_profile_call = lesson.profile_call

    def counting_profile_call(fn, seconds_per_call=0.0):
        profiled.append(seconds_per_call)
        return real_profile_call(fn, seconds_per_call=seconds_per_call)

    monkeypatch.setattr(lesson, "profile_call", counting_profile_call)
    calls: list[int] = []

    def call() -> None:
        calls.append(1)
        time.sleep(0.06)  # long enough to be measured in one call

    profile = lesson._profile_after_first_call("compiled_first", 0.5, call, [0.5])
    assert profiled == [0.5] and len(calls) == 1  # one more call: the budget check, profiled
    assert profile.memory_method and profile.cores >= 0

    profiled.clear()
    calls.clear()
    lesson._profile_after_first_call("quick", 0.07, call, [0.07])  # within the budget: profiled anew
    assert profiled == [0.07] and len(calls) == 1


def test_a_very_slow_first_call_is_not_repeated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(STATE, "scale", "tiny")
    with pytest.raises(pytest.skip.Exception, match="took 9 s a call"):
        lesson._skip_if_a_call_is_too_slow("glacial", 9.0, lambda: pytest.fail("not called again"))


def _off_the_cache_line(values: list[float]) -> np.ndarray:
    """A contiguous float64 array that starts 16 bytes into a cache line, as NumPy often places them."""
    buffer = np.zeros(8 * len(values) + 128, dtype=np.uint8)
    start = 16 + (-buffer.ctypes.data % 64)
    array = np.ndarray((len(values),), np.float64, buffer=buffer[start : start + 8 * len(values)])
    array[:] = values
    return array


def test_the_rounds_time_cache_line_aligned_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether an input starts on a 64-byte cache line changes with the allocator, run to run, and
    can change a technique's speed: the rounds time aligned copies, so that every run times one case."""
    registered = []
    monkeypatch.setattr(STATE, "timer", SimpleNamespace(register=lambda key, member: registered.append(member)))
    monkeypatch.setattr(STATE, "measure_peaks", None)
    fake = SimpleNamespace(
        params={"technique": "total_builtin"}, enabled=True, extra_info={}, fullname="t.py::test_x[total_builtin]"
    )
    given = _off_the_cache_line([0.5] * 1000)
    assert run(fake, demo_topic.total_builtin, given, items=1000) == 500.0
    (member,) = registered
    (timed,) = member.args
    assert given.ctypes.data % 64 == 16 and timed.ctypes.data % 64 == 0
    assert np.array_equal(timed, given) and timed.dtype == given.dtype


def test_an_aligned_copy_keeps_values_order_and_read_only_flag() -> None:
    from optbook.timing import cache_line_aligned

    given = _off_the_cache_line([float(i) for i in range(12)]).reshape(3, 4)
    fortran = np.asfortranarray(given)
    given.flags.writeable = False
    for array in (given, fortran):
        copy = cache_line_aligned(array)
        assert copy.ctypes.data % 64 == 0 and np.array_equal(copy, array) and copy.strides == array.strides
    assert not cache_line_aligned(given).flags.writeable
    strided = given[:, ::2]
    objects = np.array([1, "a"], dtype=object)
    assert cache_line_aligned(strided) is strided and cache_line_aligned(objects) is objects
    assert cache_line_aligned([1.0, 2.0]) == [1.0, 2.0]
    aligned = cache_line_aligned(given)
    assert cache_line_aligned(aligned) is aligned  # already on a line: kept


def test_techniques_that_share_an_input_share_its_aligned_copy() -> None:
    """A fixture's array passed to every technique of a group is copied once, not once per technique."""
    from optbook.timing import cache_line_aligned

    shared, other = _off_the_cache_line([1.0] * 100), _off_the_cache_line([1.0] * 100)
    first = cache_line_aligned(shared)
    assert cache_line_aligned(shared) is first
    assert cache_line_aligned(other) is not first  # equal values, another array: its own copy
    held = weakref.ref(first)
    del first  # no group holds the copy any more: it is freed, not kept by the harness
    assert held() is None
    again = cache_line_aligned(shared)  # and the next group gets a new one
    assert again.ctypes.data % 64 == 0 and np.array_equal(again, shared)
