"""The statistics of optbook.stats on samples whose answers are known."""

from __future__ import annotations

import numpy as np
import pytest

from optbook import stats


def test_a_paired_interval_cancels_a_slowdown_that_hits_both() -> None:
    # the machine doubles its speed half-way: both techniques feel it, their ratio is exactly 10
    drift = np.array([1.0] * 10 + [2.0] * 10)
    slow, fast = 10.0 * drift, 1.0 * drift
    low, high = stats.ratio_interval(slow, fast, paired=True)
    assert low == pytest.approx(10.0) and high == pytest.approx(10.0)
    # taken as independent samples the same rounds give a wide interval around 10
    low, high = stats.ratio_interval(slow, fast, paired=False)
    assert low < 10.0 < high or (low, high) != (10.0, 10.0)
    assert high / low > 1.5


def test_the_interval_holds_the_true_ratio_of_noisy_samples() -> None:
    rng = np.random.default_rng(1)
    slow = 4.0 * (1 + 0.05 * rng.standard_normal(40))
    fast = 1.0 * (1 + 0.05 * rng.standard_normal(40))
    low, high = stats.ratio_interval(slow, fast, paired=False)
    assert low < 4.0 < high
    assert high - low < 0.5  # 5% noise, 40 rounds: a few percent wide
    assert stats.relative_half_width(4.0, (low, high)) < 0.1


def test_no_interval_from_too_little_or_from_paired_samples_of_unequal_length() -> None:
    assert stats.ratio_interval([1.0], [1.0, 2.0], paired=False) is None
    assert stats.ratio_interval([1.0, 0.0], [1.0, 2.0], paired=False) is None
    with pytest.raises(ValueError, match="same length"):
        stats.ratio_interval([1.0, 2.0, 3.0], [1.0, 2.0], paired=True)
    assert stats.ratio_interval([2.0, 2.0], [1.0, 1.0], paired=True) == (2.0, 2.0)


def test_mann_whitney_tells_apart_what_differs_and_not_what_does_not() -> None:
    rng = np.random.default_rng(2)
    a = 1.0 + 0.02 * rng.standard_normal(30)
    same = 1.0 + 0.02 * rng.standard_normal(30)
    slower = 1.1 + 0.02 * rng.standard_normal(30)
    assert stats.differ(a, same) is False
    assert stats.differ(a, slower) is True
    assert stats.differ([1.0, 2.0], [3.0, 4.0, 5.0]) is None  # two rounds: no test can say
    # three rounds against three: 0.1 is the smallest p-value any ordering gives, so no verdict
    assert stats.differ([1.0, 1.1, 1.2], [9.0, 9.1, 9.2]) is None
    assert stats.differ([1.0, 1.1, 1.2], [9.0, 9.1, 9.2, 9.3, 9.4]) is True  # 2 / C(8, 3) = 0.036
    assert stats.differ([1.0] * 5, [1.0] * 5) is False


def test_welch_from_saved_summaries() -> None:
    a = {"mean": 1.0, "stddev": 0.01, "rounds": 20}
    assert stats.differ_from_summary(a, {"mean": 1.001, "stddev": 0.01, "rounds": 20}) is False
    assert stats.differ_from_summary(a, {"mean": 1.2, "stddev": 0.01, "rounds": 20}) is True
    assert stats.differ_from_summary(a, {"mean": 1.2}) is None
    assert stats.differ_from_summary(a, {"mean": 1.2, "stddev": 0.0, "rounds": 2}) is None


@pytest.mark.parametrize(
    ("rounds", "expected"),
    [
        ([1.0, 1.01, 0.99, 1.0, 1.0], []),
        ([1.0, 1.3, 0.7, 1.2, 0.8], ["spread"]),
        ([1.0] * 19 + [3.0], ["spread", "outliers"]),
        ([1.0, 1.0, 1.0], ["few-rounds"]),
        ([1.0] * 999 + [2.5], ["outliers"]),
    ],
)
def test_stability_marks_follow_pyperfs_checks(rounds: list[float], expected: list[str]) -> None:
    assert stats.stability_marks(rounds) == expected


def test_marks_as_letters_and_legend() -> None:
    assert stats.mark_letters(["outliers", "spread"]) == "so"
    legend = stats.marks_legend(["few-rounds"])
    assert legend.startswith("marks: f few rounds") and "spread" not in legend
    assert stats.marks_legend([]) == ""


def test_compare_timings_uses_the_rounds_where_both_sides_saved_them() -> None:
    rng = np.random.default_rng(3)
    a = {"data": list(2.0 + 0.02 * rng.standard_normal(30))}
    b = {"data": list(1.0 + 0.01 * rng.standard_normal(30))}
    significant, (low, high) = stats.compare_timings(a, b)
    assert significant is True and low < 2.0 < high
    same = {"data": list(2.0 + 0.02 * rng.standard_normal(30))}
    assert stats.compare_timings(a, same)[0] is False
    # an old run without rounds: Welch's t-test on the summary, no interval
    old = {"mean": 2.0, "stddev": 0.02, "rounds": 30}
    assert stats.compare_timings(old, {"mean": 1.0, "stddev": 0.01, "rounds": 30}) == (True, None)


def test_the_interval_of_a_median() -> None:
    low, high = stats.median_interval([9.0, 10.0, 11.0, 10.0, 10.5, 9.5, 10.2])
    assert low <= 10.0 <= high and high - low < 2.0
    assert stats.median_interval([3.0]) is None and stats.median_interval([2.0, 2.0]) == (2.0, 2.0)
