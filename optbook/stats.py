"""How far to trust a timing: confidence intervals, significance tests and stability marks.

Everything here works on plain sequences of seconds (the rounds of one benchmark) and
uses SciPy's tested statistics rather than hand-written ones:

- ``ratio_interval``: the 95% confidence interval of a ratio of medians (a speedup, or a
  gain between two machines) by bootstrap (``scipy.stats.bootstrap``), resampling paired
  rounds where the rounds were taken side by side (interleaved), independent ones otherwise;
- ``differ``: whether two sets of rounds differ, by the Mann-Whitney U test (the test asv
  uses); ``differ_from_summary`` falls back on Welch's t-test from mean, standard deviation
  and round count (pyperf compares with a t-test) for runs saved without their rounds;
- ``stability_marks``: pyperf's checks of one benchmark's rounds (spread, outliers, too few).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

CONFIDENCE = 0.95
ALPHA = 0.05
RESAMPLES = 2000
MIN_ROUNDS = 5  # fewer rounds than this: the "few-rounds" mark

# The marks a benchmark can carry, with the one-line meaning shown under the tables.
MARKS: dict[str, tuple[str, str]] = {
    "spread": ("s", "spread: the rounds' standard deviation is 10% of their mean or more"),
    "outliers": ("o", "outliers: the fastest or slowest round is 50% or more from the mean"),
    "few-rounds": ("f", f"few rounds: fewer than {MIN_ROUNDS} rounds were timed"),
    "busy": ("b", "busy: other programs used the CPU while it was timed; those rounds were set aside or taken again"),
    "above-peak": ("!", "above the measured peak: the peak was read while the machine was slower; not a real result"),
}
SIGNIFICANCE_TEST = f"Mann-Whitney U on the rounds, two-sided, at the {100 * (1 - ALPHA):.0f}% level"


def _median_ratio(numer: np.ndarray, denom: np.ndarray, axis: int = -1) -> np.ndarray:
    return np.median(numer, axis=axis) / np.median(denom, axis=axis)


def ratio_interval(
    numer: Sequence[float],
    denom: Sequence[float],
    *,
    paired: bool,
    confidence: float = CONFIDENCE,
    resamples: int = RESAMPLES,
    seed: int = 0,
) -> tuple[float, float] | None:
    """The confidence interval of ``median(numer) / median(denom)`` by a percentile bootstrap.

    ``paired``: the i-th values of both were measured together (rounds of one interleaved
    cycle), and are resampled together, so that a slowdown that hit both cancels out.
    Returns None with fewer than two values on either side, or non-positive times.
    """
    a, b = np.asarray(numer, dtype=float), np.asarray(denom, dtype=float)
    if paired and a.shape != b.shape:
        raise ValueError(f"paired samples need the same length, not {a.size} and {b.size}")
    if a.size < 2 or b.size < 2 or not (np.all(a > 0) and np.all(b > 0)):
        return None
    if np.all(a == a[0]) and np.all(b == b[0]):  # nothing varies: the interval is the point
        point = float(a[0] / b[0])
        return point, point
    from scipy.stats import bootstrap

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # degenerate resamples of tiny samples
        result = bootstrap(
            (a, b),
            _median_ratio,
            paired=paired,
            vectorized=True,
            n_resamples=resamples,
            confidence_level=confidence,
            method="percentile",
            rng=np.random.default_rng(seed),
        )
    low, high = float(result.confidence_interval.low), float(result.confidence_interval.high)
    if not (math.isfinite(low) and math.isfinite(high)):
        return None
    return low, high


def median_interval(
    values: Sequence[float], *, confidence: float = CONFIDENCE, resamples: int = RESAMPLES, seed: int = 0
) -> tuple[float, float] | None:
    """The confidence interval of the median of ``values`` (e.g. one speedup per interleaved cycle)
    by a percentile bootstrap; None with fewer than two values."""
    x = np.asarray(values, dtype=float)
    if x.size < 2 or not np.all(np.isfinite(x)):
        return None
    if np.all(x == x[0]):
        return float(x[0]), float(x[0])
    from scipy.stats import bootstrap

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = bootstrap(
            (x,),
            np.median,
            vectorized=True,
            n_resamples=resamples,
            confidence_level=confidence,
            method="percentile",
            rng=np.random.default_rng(seed),
        )
    low, high = float(result.confidence_interval.low), float(result.confidence_interval.high)
    return (low, high) if math.isfinite(low) and math.isfinite(high) else None


def relative_half_width(point: float, interval: tuple[float, float] | None) -> float | None:
    """The larger distance from ``point`` to either end of ``interval``, as a fraction of ``point``:
    what ``1,836x ±3%`` shows (0.03)."""
    if interval is None or point <= 0:
        return None
    low, high = interval
    return max(point - low, high - point) / point


def differ(a: Sequence[float], b: Sequence[float], alpha: float = ALPHA) -> bool | None:
    """Whether the rounds ``a`` and ``b`` come from different timings (Mann-Whitney U, two-sided).

    None when either side has fewer than three rounds, or when so few that no ordering of them could
    reach the level (the smallest two-sided p-value is 2 / C(m + n, m): 0.1 for three rounds against
    three): no test can say then, however far apart they are.
    """
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if x.size < 3 or y.size < 3 or 2 / math.comb(x.size + y.size, x.size) >= alpha:
        return None
    if np.array_equal(np.unique(x), np.unique(y)) and np.unique(x).size == 1:
        return False
    from scipy.stats import mannwhitneyu

    return bool(mannwhitneyu(x, y, alternative="two-sided").pvalue < alpha)


def differ_from_summary(a: dict[str, Any], b: dict[str, Any], alpha: float = ALPHA) -> bool | None:
    """Whether two saved timings differ, from their mean, standard deviation and round count
    (Welch's t-test), for runs saved without their rounds. None when that is not known."""
    try:
        m1, s1, n1 = float(a["mean"]), float(a["stddev"]), int(a["rounds"])
        m2, s2, n2 = float(b["mean"]), float(b["stddev"]), int(b["rounds"])
    except (KeyError, TypeError, ValueError):
        return None
    if n1 < 3 or n2 < 3:
        return None
    if s1 == 0 and s2 == 0:
        return m1 != m2
    from scipy.stats import ttest_ind_from_stats

    result = ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=False)
    return bool(result.pvalue < alpha)


def stability_marks(rounds: Sequence[float], min_rounds: int = MIN_ROUNDS) -> list[str]:
    """pyperf's checks on one benchmark's rounds: "spread" (standard deviation at least 10% of
    the mean), "outliers" (minimum or maximum 50% or more from the mean), "few-rounds"."""
    values = np.asarray(rounds, dtype=float)
    marks = []
    if values.size >= 2:
        mean = float(values.mean())
        if mean > 0:
            if float(values.std(ddof=1)) >= 0.10 * mean:
                marks.append("spread")
            if float(values.min()) <= 0.5 * mean or float(values.max()) >= 1.5 * mean:
                marks.append("outliers")
    if values.size < min_rounds:
        marks.append("few-rounds")
    return marks


def mark_letters(marks: Sequence[str]) -> str:
    """The marks as the letters of the tables, e.g. "so" for spread and outliers."""
    return "".join(MARKS[m][0] for m in MARKS if m in marks)


def marks_legend(used: Sequence[str]) -> str:
    """One line explaining the marks that appear, e.g. ``marks: s spread ...; o outliers ...``."""
    parts = [f"{MARKS[m][0]} {MARKS[m][1]}" for m in MARKS if m in used]
    return "marks: " + "; ".join(parts) if parts else ""


def compare_timings(a: dict[str, Any], b: dict[str, Any]) -> tuple[bool | None, tuple[float, float] | None]:
    """Whether two saved timings of one benchmark differ, and the interval of their ratio (a over b).

    ``a`` and ``b`` are pytest-benchmark ``stats`` sections. With the rounds saved on both sides
    (``data``): the Mann-Whitney U test and a bootstrap interval of the ratio of medians (the
    rounds of two runs are independent: not paired). Without them: Welch's t-test on the
    summaries, and no interval.
    """
    rounds_a, rounds_b = a.get("data"), b.get("data")
    if rounds_a and rounds_b:
        return differ(rounds_a, rounds_b), ratio_interval(rounds_a, rounds_b, paired=False)
    return differ_from_summary(a, b), None
