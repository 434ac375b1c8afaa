"""The time a baseline skipped as too slow would have taken, extrapolated from the sizes where it ran.

``optbook.lesson.skip_if_too_slow`` skips a technique at a size where one call would exceed the
scale's budget, with a reason that names how its time grows ("growing as n^3"). Where that
technique is its group's baseline, the speedup table can still show, marked as an estimate, the
speedup against the time it would have taken: time = c * size^k, with k from the skip reason and
c fitted (in log space, least squares) to the baseline's medians at the sizes where it ran.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from optbook import analysis
from optbook.analysis import Bench

# the part of skip_if_too_slow's reason that says how the time grows, e.g. "growing as n^3)"
GROWTH = re.compile(r"would take about .*growing as (?P<size>\w+)\^(?P<exponent>[0-9.]+)\)")


@dataclass(frozen=True)
class Estimate:
    """The extrapolated time of one call of a group's skipped baseline."""

    technique: str
    seconds: float
    size_name: str  # the size parameter, e.g. "n"
    exponent: float
    sizes: tuple[float, ...]  # the sizes where it ran, that the fit used


def _test_of(fullname: str) -> str:
    return fullname.split("[")[0]


def baseline_estimates(benches: Iterable[Bench], skipped: Iterable[dict[str, Any]]) -> dict[str, Estimate]:
    """Per group: the estimated time of its baseline, where the baseline was skipped as too slow.

    ``skipped`` is a run's list of skipped benchmarks (its optbook "skipped" section). Groups whose
    baseline ran, or was skipped for another reason (a missing GPU), or never ran at any size, get none.
    """
    benches = list(benches)
    groups = analysis.by_group(benches)
    estimates: dict[str, Estimate] = {}
    for entry in skipped:
        growth = GROWTH.search(str(entry.get("reason", "")))
        members = groups.get(str(entry.get("group")))
        size = (entry.get("params") or {}).get(growth["size"]) if growth else None
        if growth is None or not members or not isinstance(size, (int, float)):
            continue
        technique = str(entry.get("technique"))
        if technique != (members[0].get("extra_info") or {}).get("baseline"):
            continue
        test = _test_of(str(entry.get("fullname", "")))
        ran = [
            (float(s), analysis.median(b))
            for b in benches
            if _test_of(str(b.get("fullname", ""))) == test
            and analysis.technique_of(b) == technique
            and (s := analysis.size_of(b))
            and analysis.median(b) > 0
        ]
        if not ran:
            continue
        k = float(growth["exponent"])
        log_c = sum(math.log(t) - k * math.log(s) for s, t in ran) / len(ran)
        seconds = math.exp(log_c) * float(size) ** k
        estimates[str(entry["group"])] = Estimate(
            technique, seconds, growth["size"], k, tuple(sorted(s for s, _ in ran))
        )
    return estimates
