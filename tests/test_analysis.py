"""Speedups, rates, scaling fits and noise marks."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from optbook import analysis
from tests.helpers import bench


def test_speedup_is_against_the_named_baseline() -> None:
    benches = [bench("slow", 2.0), bench("fast", 0.5), bench("fastest", 0.1)]
    speed = analysis.speedups(benches)
    assert speed[benches[1]["fullname"]].factor == pytest.approx(4.0)
    assert speed[benches[2]["fullname"]].factor == pytest.approx(20.0)
    assert all(s.reference == "slow" and s.reference_is_baseline for s in speed.values())


def test_without_its_baseline_a_group_uses_its_slowest_technique() -> None:
    benches = [bench("medium", 1.0, size=99), bench("fast", 0.25, size=99)]
    speed = analysis.speedups(benches)
    fast = speed[benches[1]["fullname"]]
    assert fast.factor == pytest.approx(4.0)
    assert fast.reference == "medium"
    assert not fast.reference_is_baseline


def test_groups_are_separate() -> None:
    benches = [bench("slow", 1.0, size=1), bench("fast", 0.5, size=1), bench("slow", 8.0, size=2)]
    speed = analysis.speedups(benches)
    assert speed[benches[1]["fullname"]].factor == pytest.approx(2.0)
    assert speed[benches[2]["fullname"]].factor == pytest.approx(1.0)


def test_rate_and_percent_of_peak() -> None:
    peaks = {"gflops_float64": 100.0, "gflops_float32": 200.0, "memory_gbytes": 20.0}
    compute = analysis.rate(bench("a", 0.5, flops=25e9), peaks)
    assert compute is not None
    assert compute.value == pytest.approx(50.0)
    assert compute.unit == "GFLOP/s"
    assert compute.percent_of_peak == pytest.approx(50.0)
    single = analysis.rate(bench("a", 0.5, flops=25e9, dtype="float32"), peaks)
    assert single is not None and single.percent_of_peak == pytest.approx(25.0)
    memory = analysis.rate(bench("b", 2.0, bytes=20e9), peaks)
    assert memory is not None and memory.unit == "GB/s" and memory.percent_of_peak == pytest.approx(50.0)
    assert analysis.rate(bench("c", 1.0), peaks) is None
    unknown_peak = analysis.rate(bench("a", 0.5, flops=25e9), None)
    assert unknown_peak is not None and unknown_peak.percent_of_peak is None


def test_the_attainable_roof_on_known_numbers() -> None:
    peaks = {"gflops_float64": 100.0, "gflops_float32": 200.0, "memory_gbytes": 20.0}
    # 1 GFLOP over 12 GB in 1 s: intensity 1/12, roof min(100, 20/12) = 1.67 GFLOP/s: memory binds
    triad = analysis.rate(bench("t", 1.0, flops=1e9, bytes=12e9), peaks)
    assert triad is not None and triad.roof == "memory" and triad.unit == "GB/s"
    assert triad.value == pytest.approx(12.0) and triad.percent_of_peak == pytest.approx(60.0)
    assert triad.attainable == pytest.approx(20.0)
    # 100 GFLOP over 1 GB in 2 s: intensity 100, roof min(100, 2000) = 100: compute binds
    mm = analysis.rate(bench("m", 2.0, flops=100e9, bytes=1e9), peaks)
    assert (
        mm is not None and mm.roof == "compute" and mm.unit == "GFLOP/s" and mm.percent_of_peak == pytest.approx(50.0)
    )
    # the same in float32: judged against the float32 peak
    mm32 = analysis.rate(bench("m", 2.0, flops=100e9, bytes=1e9, dtype="float32"), peaks)
    assert mm32 is not None and mm32.percent_of_peak == pytest.approx(25.0)
    # at the ridge's float32 side: intensity 8, float64 roof 100 binds by compute, float32 roof 160 by memory
    ridge32 = analysis.rate(bench("r", 1.0, flops=80e9, bytes=10e9, dtype="float32"), peaks)
    assert ridge32 is not None and ridge32.roof == "memory" and ridge32.percent_of_peak == pytest.approx(50.0)
    assert analysis.attainable(8.0, 200.0, 20.0) == pytest.approx(160.0)
    fields = triad.as_extra_info()
    assert (
        fields["roof"] == "memory" and fields["rate_unit"] == "GB/s" and fields["percent_of_peak"] == pytest.approx(60)
    )


def test_above_the_roof_is_flagged() -> None:
    peaks = {"gflops_float64": 100.0, "memory_gbytes": 20.0}
    assert analysis.rate(bench("c", 1.0, bytes=21.2e9), peaks).above_peak  # 106%
    assert not analysis.rate(bench("c", 1.0, bytes=20.9e9), peaks).above_peak  # 104.5%


@given(
    exponent=st.floats(min_value=0.0, max_value=4.0),
    factor=st.floats(min_value=1e-6, max_value=1e3),
)
def test_fit_recovers_a_power_law(exponent: float, factor: float) -> None:
    points = [(n, factor * n**exponent) for n in (10.0, 20.0, 40.0, 80.0)]
    assert analysis.fit_exponent(points) == pytest.approx(exponent, abs=1e-9)


def test_scaling_per_technique_and_the_cost_of_half_more_data() -> None:
    benches = [bench("slow", 1e-3 * (n / 10) ** 2, size=n) for n in (10, 20, 40)]
    benches += [bench("fast", 1e-4 * (n / 10), size=n) for n in (10, 20, 40)]
    benches.append(bench("lonely", 1.0, size=10))
    fits = {f.technique: f for f in analysis.scaling(benches)}
    assert set(fits) == {"slow", "fast"}  # one size is no fit
    assert fits["slow"].exponent == pytest.approx(2.0)
    assert fits["slow"].cost_of_half_more_data == pytest.approx(2.25)
    assert fits["fast"].exponent == pytest.approx(1.0)
    assert fits["fast"].sizes == (10.0, 20.0, 40.0)


def test_fit_needs_two_sizes() -> None:
    with pytest.raises(ValueError, match="two different sizes"):
        analysis.fit_exponent([(10.0, 1.0), (10.0, 2.0)])


def test_geometric_mean() -> None:
    assert analysis.geometric_mean([2.0, 8.0]) == pytest.approx(4.0)
    assert analysis.geometric_mean([0.5, 2.0]) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        analysis.geometric_mean([])


def test_lesson_of_reads_extra_info_then_the_path() -> None:
    assert analysis.lesson_of(bench("x", 1.0, lesson="m09_matmul")) == "m09_matmul"
    plain = {"fullname": "lessons/m07_basics/test_loops.py::test_loops[a]", "extra_info": {}}
    assert analysis.lesson_of(plain) == "m07_basics"


def test_technique_of_a_plain_pytest_benchmark_result() -> None:
    plain = {"name": "test_x", "fullname": "t.py::test_x", "params": None, "extra_info": {}}
    assert analysis.technique_of(plain) == "test_x"
    assert math.isfinite(analysis.median({"stats": {"median": 0.1}}))


def test_a_benchmark_without_a_roof_gets_a_rate_but_no_percent() -> None:
    in_cache = bench("sum_l1", 1e-6, bytes=1e5, no_roof="in-cache bandwidth")
    r = analysis.rate(in_cache, {"gflops_float64": 10.0, "memory_gbytes": 5.0})
    assert r is not None and r.unit == "GB/s" and r.value == pytest.approx(100.0) and r.percent_of_peak is None


def test_a_paired_speedup_is_used_when_it_is_against_the_same_reference() -> None:
    slow = bench("slow", 1.0)
    fast = bench("fast", 0.1, speedup_paired=12.5, speedup_ci_reference="slow")
    other = bench("other", 0.5, speedup_paired=7.0, speedup_ci_reference="not-the-reference")
    speed = analysis.speedups([slow, fast, other])
    assert speed[fast["fullname"]].factor == 12.5  # the median of the per-cycle ratios
    assert speed[other["fullname"]].factor == pytest.approx(2.0)  # another reference: the ratio of medians
