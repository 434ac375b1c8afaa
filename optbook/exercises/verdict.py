"""The verdict on an exercise: right or wrong (with the smallest failing input), then how fast.

The speed part reads the benchmarks of the run in pytest-benchmark's saved form (the
dicts of ``optbook.analysis``), once every group is timed: the exercise against its
topic's baseline and the book's fastest technique timed beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from optbook import analysis, stats
from optbook.analysis import Bench

# how hypothesis introduces the smallest failing input (newer versions use the second)
FALSIFYING = ("Falsifying example:", "Failing test case:")


@dataclass
class Check:
    """What the exercise's tests found: the first failure, if any."""

    passed: int = 0
    failure: str | None = None  # e.g. "wrong answer: assert 3 == 2" or "raises ZeroDivisionError: ..."
    counterexample: str | None = None  # the smallest failing input, as hypothesis printed it
    skipped: list[str] = field(default_factory=list)

    def record_failure(self, error: BaseException, where: str) -> None:
        """Keep the first failure: the equivalence tests run first, so theirs is kept."""
        if self.failure is None:
            self.failure, self.counterexample = describe_failure(error)
            if self.counterexample is None and where:
                self.counterexample = where


def describe_failure(error: BaseException) -> tuple[str, str | None]:
    """A one-line reason and the falsifying example (hypothesis's note) of a failed test."""
    notes = list(getattr(error, "__notes__", []) or [])
    inner = error
    while isinstance(inner, BaseExceptionGroup) and inner.exceptions:  # several distinct failures
        inner = inner.exceptions[0]
        notes += list(getattr(inner, "__notes__", []) or [])
    text = str(inner).strip().splitlines()
    message = _short(text[0] if text else "")
    if isinstance(inner, AssertionError):
        reason = f"wrong answer: {message}" if message else "wrong answer"
    else:
        reason = f"raises {type(inner).__name__}" + (f": {message}" if message else "")
    return reason, counterexample("\n".join(notes))


def counterexample(text: str) -> str | None:
    """``values=[0], steps=1`` from hypothesis's ``Falsifying example: test_x(technique=..., values=[0], steps=1,)``
    (its parameters but the technique, on one line)."""
    found = [(text.find(intro), intro) for intro in FALSIFYING if intro in text]
    if not found:
        return None
    start, intro = min(found)
    call = text[start + len(intro) :].strip()
    opened = call.find("(")
    if opened < 0:
        return None
    depth, end = 0, len(call)
    for i, char in enumerate(call[opened:], start=opened):
        depth += char in "([{"
        depth -= char in ")]}"
        if depth == 0:
            end = i
            break
    inner = " ".join(line.strip() for line in call[opened + 1 : end].splitlines()).strip().rstrip(",")
    parts = [p.strip() for p in _split_arguments(inner) if p.strip() and not p.strip().startswith("technique=")]
    return _short(", ".join(parts), 160) or "(no arguments)"


def _split_arguments(text: str) -> list[str]:
    """Split ``a=[1, 2], b='x,y'`` at its top-level commas."""
    parts, depth, quote, current = [], 0, "", []
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return parts


@dataclass(frozen=True)
class Score:
    """The exercise's speed in the largest cases where it and the baseline were both timed."""

    cases: list[str]  # the benchmark groups, e.g. ["counting n=1000000"]
    speedup: float  # over the baseline (geometric mean over the cases)
    baseline: str
    of_best: float  # the exercise's speed as a fraction of the book's fastest technique timed beside it
    best: str
    interval: tuple[float, float] | None  # 95% interval of the speedup, with one case and its rounds
    percent_of_peak: float | None
    rate_unit: str | None


def score(name: str, benches: list[Bench], peaks: dict[str, float] | None) -> Score | None:
    """Score the exercise ``name`` from the run's benchmarks; None where it was not timed beside its baseline."""
    cases = []
    for group, members in analysis.by_group(benches).items():
        timed = [b for b in members if analysis.median(b) > 0]
        mine = [b for b in timed if analysis.technique_of(b) == name]
        if not mine:
            continue
        baseline = (mine[0].get("extra_info") or {}).get("baseline")
        base = [b for b in timed if analysis.technique_of(b) == baseline]
        book = [b for b in timed if not analysis.technique_of(b).endswith("_exercise")]
        if base and book:
            cases.append((group, mine[0], base[0], min(book, key=analysis.median)))
    if not cases:
        return None
    sizes = [analysis.size_of(case[1]) for case in cases]
    if all(size is not None for size in sizes):
        largest = max(s for s in sizes if s is not None)
        cases = [case for case, size in zip(cases, sizes) if size == largest]
    speedup = analysis.geometric_mean(analysis.median(base) / analysis.median(mine) for _, mine, base, _ in cases)
    of_best = analysis.geometric_mean(analysis.median(best) / analysis.median(mine) for _, mine, _, best in cases)
    interval = None
    if len(cases) == 1:
        _, mine, base, _ = cases[0]
        info = mine.get("extra_info") or {}
        if info.get("speedup_ci") and info.get("speedup_ci_reference") == analysis.technique_of(base):
            low, high = info["speedup_ci"]  # the harness's paired interval over interleaved cycles
            interval = (float(low), float(high))
        else:
            interval = stats.ratio_interval(_rounds(base), _rounds(mine), paired=False)
    rates = [analysis.rate(mine, peaks) for _, mine, _, _ in cases]
    percents = [(r.percent_of_peak, r.unit) for r in rates if r is not None and r.percent_of_peak is not None]
    saved = [(mine.get("extra_info") or {}).get("percent_of_peak") for _, mine, _, _ in cases]
    best_percent = max(percents, default=(None, None))
    if best_percent[0] is None and any(p is not None for p in saved):
        best_percent = (max(p for p in saved if p is not None), None)
    bests = {analysis.technique_of(best) for _, _, _, best in cases}
    return Score(
        cases=[group for group, *_ in cases],
        speedup=speedup,
        baseline=analysis.technique_of(cases[0][2]),
        of_best=of_best,
        best=bests.pop() if len(bests) == 1 else "the fastest of the book",
        interval=interval,
        percent_of_peak=best_percent[0],
        rate_unit=best_percent[1],
    )


def _rounds(bench: Bench) -> list[float]:
    return list((bench.get("stats") or {}).get("data") or [])


def line(name: str, check: Check, result: Score | None, timing: str | None) -> str:
    """The one-line verdict on an exercise. ``timing`` says why it was not timed, where it was not."""
    if check.failure:
        found = f"; smallest failing input: {check.counterexample}" if check.counterexample else ""
        return f"{name}: NOT YET: {check.failure}{found}"
    if not check.passed:
        why = f": {check.skipped[0]}" if check.skipped else ""
        return f"{name}: not checked (no test of it ran{why})"
    if result is None:
        return f"{name}: correct ({check.passed} tests passed); {timing or 'not timed beside its baseline'}"
    parts = [f"{result.speedup:.3g}x the baseline {result.baseline}"]
    if result.interval is not None and stats.relative_half_width(result.speedup, result.interval):
        low, high = result.interval
        noise = ": not clearly different" if low <= 1 <= high else ""  # timing noise covers the difference
        parts[0] += f" (95% interval {low:.3g}x to {high:.3g}x{noise})"
    if result.best == result.baseline and result.of_best >= 1:
        parts.append("the book's techniques were no faster than the baseline here")
    else:
        parts.append(f"{result.of_best:.2f} of the speed of the book's best, {result.best}")
    if result.percent_of_peak is not None:
        parts.append(f"{result.percent_of_peak:.3g}% of this machine's peak" + _unit(result.rate_unit))
    where = result.cases[0] if len(result.cases) == 1 else f"{len(result.cases)} cases, e.g. {result.cases[0]}"
    return f"{name}: correct; {', '.join(parts)} ({where})"


def _unit(unit: str | None) -> str:
    return {"GFLOP/s": " GFLOP/s", "GB/s": " memory bandwidth"}.get(unit or "", "")


def _short(text: str, limit: int = 120) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 3] + "..."
