"""What a lesson's tests use: its techniques, its sizes, and one timed run of a technique.

A topic module (``lessons/mNN_slug/<topic>.py``) holds its techniques as plain
public functions with one signature, ordered from the baseline (the first) to the
fastest. Helpers start with an underscore. A test times one technique at one size::

    @pytest.mark.parametrize("n", by_scale(tiny=[8], small=[64, 256]))
    @pytest.mark.parametrize("technique", technique_names(matmul))
    def test_matmul(benchmark, technique, n):
        a, b = make_inputs(n)
        skip_if_too_slow(benchmark, grows_as=3)
        c = run(benchmark, getattr(matmul, technique), a, b, flops=2 * n**3)
        assert_close(c, a @ b)
"""

from __future__ import annotations

import importlib
import inspect
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import pytest

from optbook import busy
from optbook.measure import CallProfile, profile_call
from optbook.scale import CALL_BUDGET_SECONDS, by_scale
from optbook.threads import ThreadState
from optbook.timing import Member, Timer, cache_line_aligned, group_key, time_group

__all__ = ["STATE", "RunState", "by_scale", "run", "skip_if_too_slow", "technique_names", "techniques"]

TECHNIQUE_PARAM = "technique"


# Functions added to a topic for one run, by module name, after the book's own techniques: a
# student's exercises (optbook.exercises), so that the topic's tests check and time them too.
ADDED_TECHNIQUES: dict[str, list[Callable[..., Any]]] = {}


def techniques(module: ModuleType) -> list[Callable[..., Any]]:
    """The public functions defined in ``module``, in the order they are written; the first is the baseline.

    Functions added for this run (``ADDED_TECHNIQUES``) come last. The variants that mutation testing
    (mutmut) writes beside each function (``x_<name>__mutmut_<n>``) are not techniques; the function
    it wraps keeps its place through ``__wrapped__``.
    """
    added = ADDED_TECHNIQUES.get(module.__name__, [])
    found = [
        obj
        for name, obj in vars(module).items()
        if inspect.isfunction(obj)
        and not name.startswith("_")
        and "__mutmut_" not in name
        and obj.__module__ == module.__name__
        and not any(obj is fn for fn in added)
    ]
    return sorted(found, key=lambda fn: inspect.unwrap(fn).__code__.co_firstlineno) + added


def technique_names(module: ModuleType) -> list[str]:
    """The names of the techniques of a topic module, baseline first: the ids to parametrize over."""
    return [fn.__name__ for fn in techniques(module)]


@dataclass
class RunState:
    """What the harness keeps for one pytest run (set up by optbook.plugin)."""

    scale: str = "small"
    peaks: dict[str, float] | None = None
    measure_peaks: Callable[[], dict[str, float]] | None = None
    announce: Callable[[str], None] = lambda message: None
    # (test function id, technique) -> {size: median seconds}, for skip_if_too_slow
    timings: dict[tuple[str, str], dict[float, float]] = field(default_factory=dict)
    timer: Timer | None = None  # the interleaved timing of this run's groups (set by the plugin)
    skipped: list[dict[str, Any]] = field(default_factory=list)  # skipped benchmarks, saved with the run

    readings: list[dict[str, float]] = field(default_factory=list)  # every peak reading of this run
    last_reading: float = 0.0  # time.monotonic() of the last one

    def ensure_peaks(self) -> dict[str, float] | None:
        """Measure the machine's peaks the first time a benchmark needs them."""
        if self.peaks is None and self.measure_peaks is not None:
            self.announce("measuring this machine's peaks for this run (a few seconds)")
            self._read_peaks()
        return self.peaks

    def _read_peaks(self) -> None:
        assert self.measure_peaks is not None
        self.readings.append(self.measure_peaks())
        self.last_reading = time.monotonic()
        keys = ("gflops_float64", "gflops_float32", "memory_gbytes")
        self.peaks = {key: max(r[key] for r in self.readings) for key in keys}
        self.peaks["seconds_to_measure"] = round(sum(r.get("seconds_to_measure", 0) for r in self.readings), 2)
        for key in keys:
            self.peaks[f"{key}_readings"] = [r[key] for r in self.readings]  # type: ignore[assignment]

    def peaks_between_groups(self) -> None:
        """Read the peaks again between two groups, once every PEAK_INTERVAL_SECONDS.

        A shared or virtual machine runs faster at some moments than at others: a peak
        read while it was slow makes every percent of peak too high. The best of readings
        spread over the run is the peak.
        """
        if self.peaks is not None and time.monotonic() - self.last_reading >= PEAK_INTERVAL_SECONDS:
            self._read_peaks()

    def remeasure_peaks(self) -> None:
        """At the end of a run: read the peaks until there are at least three readings."""
        if self.peaks is None or self.measure_peaks is None:
            return
        self.announce("measuring the peaks again at the end of the run: the best of all readings is the peak")
        while len(self.readings) < 3:
            self._read_peaks()


PEAK_INTERVAL_SECONDS = 120.0


STATE = RunState()


def _size_of(params: dict[str, Any]) -> tuple[str, float] | None:
    """The one numeric parameter besides the technique, if there is exactly one."""
    sizes = [(k, v) for k, v in params.items() if k != TECHNIQUE_PARAM and isinstance(v, (int, float))]
    return sizes[0] if len(sizes) == 1 else None


def _function_id(benchmark: Any) -> str:
    return benchmark.fullname.split("[")[0]


def skip_if_too_slow(benchmark: Any, grows_as: float) -> None:
    """Skip this case when one call would take longer than the scale's budget.

    The estimate scales this run's median at the largest smaller size already
    measured for the same technique by (size ratio) ** grows_as; with no such
    measurement the case runs. The skip reason gives the estimate.
    """
    params = benchmark.params or {}
    technique, size = params.get(TECHNIQUE_PARAM), _size_of(params)
    if technique is None or size is None:
        return
    name, value = size
    measured = STATE.timings.get((_function_id(benchmark), technique), {})
    smaller = [s for s in measured if s < value]
    if not smaller:
        return
    base = max(smaller)
    estimate = measured[base] * (value / base) ** grows_as
    budget = CALL_BUDGET_SECONDS[STATE.scale]
    if estimate > budget:
        pytest.skip(
            f"{technique} at {name}={value} would take about {_seconds(estimate)} a call "
            f"({_seconds(measured[base])} at {name}={base}, growing as {name}^{grows_as:g}); "
            f"scale {STATE.scale} allows {budget:g} s: use a larger --scale to run it"
        )


def _skip_if_a_call_is_too_slow(name: str, first_call: float, call: Callable[[], Any]) -> CallProfile | None:
    """Skip when a call, once compiled, takes longer than the scale's budget (the timed rounds
    would take several times that). A first call up to ten times the budget (or 5 s) is timed
    once more: it may have been compiling. This catches what skip_if_too_slow cannot estimate,
    a size run on its own. That second call is also the one whose cores and memory are measured
    (returned), so that a slow technique is not called once more for them; else None."""
    budget = CALL_BUDGET_SECONDS[STATE.scale]
    if first_call <= budget:
        return None
    again, profile = first_call, None
    if first_call <= max(10 * budget, 5.0):
        seconds: list[float] = []

        def timed() -> None:
            start = time.perf_counter()
            call()
            seconds.append(time.perf_counter() - start)

        profile = profile_call(timed, seconds_per_call=first_call)
        again = min(seconds)
    if again > budget:
        pytest.skip(
            f"{name} took {_seconds(again)} a call; scale {STATE.scale} allows {budget:g} s: "
            "use a larger --scale to time it"
        )
    return profile


def _profile_after_first_call(
    name: str, first_call: float, call: Callable[[], Any], call_seconds: list[float]
) -> CallProfile:
    """Skip a case too slow for the scale; else the cores and memory of one more call (or more, for
    a quick one): the call made to check the budget where there was one, else a new one."""
    profile = _skip_if_a_call_is_too_slow(name, first_call, call)
    return profile if profile is not None else profile_call(call, seconds_per_call=min(call_seconds))


def _seconds(value: float) -> str:
    if value >= 120:
        return f"{value / 60:.0f} min"
    return f"{value:.3g} s"


def _group(topic: str, params: dict[str, Any]) -> str:
    sizes = " ".join(f"{k}={v}" for k, v in params.items() if k != TECHNIQUE_PARAM)
    return f"{topic} {sizes}".strip()


def run(
    benchmark: Any,
    technique: Callable[..., Any],
    *args: Any,
    flops: float | None = None,
    bytes: float | None = None,
    items: float | None = None,
    dtype: str = "float64",
    setup: Callable[[], tuple[tuple[Any, ...], dict[str, Any]]] | None = None,
    rounds: int = 5,
    **kwargs: Any,
) -> Any:
    """Call ``technique(*args, **kwargs)`` once, return its result, and have it timed with its group.

    The call is a warm-up that also compiles JIT code (its time is saved as
    ``first_call_seconds``); then, when benchmarks are enabled, effective cores and
    peak memory are measured, and the technique is queued: the techniques of one
    group (this test function at these sizes, e.g. ``matmul n=256``) are timed
    together in alternating rounds when the group's last test ends (optbook.timing).
    So the inputs must outlive the test: make files in fixtures, not in a ``with``
    block around ``run()``. Thread counts in force now (threadpoolctl, NumExpr,
    numba) are re-applied while the technique is timed. ``flops``, ``bytes`` and
    ``items`` are the work of one call; the harness turns them into rates and a
    percent of this machine's attainable peak.

    Where every call needs fresh state (a cold cache, a new file), pass ``setup``:
    it returns ``(args, kwargs)`` and runs before every call, outside the timed
    part, and the technique is timed over about ``rounds`` rounds.
    """
    module = importlib.import_module(technique.__module__)
    topic = module.__name__.rsplit(".", 1)[-1]
    params = dict(benchmark.params or {})
    benchmark.group = _group(topic, params)
    info = benchmark.extra_info
    info.update(
        lesson=module.__name__.rsplit(".", 1)[0].rsplit(".", 1)[-1],
        topic=topic,
        technique=technique.__name__,
        baseline=techniques(module)[0].__name__,
        scale=STATE.scale,
    )
    for key, value in (("flops", flops), ("bytes", bytes), ("items", items)):
        if value is not None:
            info[key] = float(value)
    if flops is not None:
        info["dtype"] = dtype

    technique_seconds: list[float] = []

    def call() -> Any:
        fresh_args, fresh_kwargs = (args, kwargs) if setup is None else setup()
        start = time.perf_counter()
        result = technique(*fresh_args, **fresh_kwargs)
        technique_seconds.append(time.perf_counter() - start)
        return result

    if not benchmark.enabled:  # --benchmark-disable: one call through the fixture, no measurements
        if setup is None:
            return benchmark(technique, *args, **kwargs)
        return benchmark.pedantic(technique, setup=setup, rounds=1)
    start = time.perf_counter()
    result = call()  # warm-up, outside the timed rounds: the first call of numba code compiles it
    info["first_call_seconds"] = time.perf_counter() - start
    profile = _profile_after_first_call(technique.__name__, info["first_call_seconds"], call, technique_seconds)
    STATE.ensure_peaks()
    info.update(cores=profile.cores, peak_memory_bytes=profile.peak_memory_bytes, memory_method=profile.memory_method)
    if profile.cores_waiting >= 0.05:  # a busy machine: the call waited for a CPU (see measure.cores_check)
        info["cores_waiting"] = profile.cores_waiting
    # the calls after the warm-up say how long one call takes, to plan the rounds
    seconds_per_call = min(technique_seconds[1:] or technique_seconds)
    member = Member(
        fixture=benchmark,
        technique=technique,
        args=tuple(cache_line_aligned(arg) for arg in args),
        kwargs={key: cache_line_aligned(value) for key, value in kwargs.items()},
        setup=setup,
        seconds_per_call=seconds_per_call,
        threads=ThreadState.capture(),
        lesson=info["lesson"],
        max_rounds=rounds if setup is not None else None,
    )
    if STATE.timer is None:  # not under the optbook plugin: time the technique alone, now
        time_group([member], busy.Tally())
        record_timings([member])
    else:  # timed with the rest of its group when the group's last test ends (optbook.timing)
        STATE.timer.register(group_key(benchmark.fullname, benchmark.params), member)
    return result


def record_timings(members: list[Member]) -> None:
    """Keep each timed technique's median by size, for skip_if_too_slow's estimates."""
    for member in members:
        fixture = member.fixture
        size = _size_of(dict(fixture.params or {}))
        if size is not None and fixture.stats is not None and fixture.stats.stats.data:
            key = (_function_id(fixture), member.name)
            STATE.timings.setdefault(key, {})[size[1]] = fixture.stats.stats.median
