"""Saved runs: where they live, how they are read and checked, which one to compare with.

Layout: ``results/<machine label>/NNNN_<tag>.json``, pytest-benchmark's own JSON
format with an ``optbook`` section added. ``results/reference/`` holds the runs
shipped with the book. Nothing here ever writes to or deletes a saved file.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RESULTS_ENV_VAR = "OPTBOOK_RESULTS"
REFERENCE_LABEL = "reference"
LABEL_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")  # as optbook.machine
RUN_FILE = re.compile(r"^(\d{4})_.*\.json$")


class ResultsError(ValueError):
    """A saved run or a label that cannot be used; the message is one line naming it."""


def project_root(start: Path | None = None) -> Path | None:
    """The optbook project holding ``start`` (default: the working folder), looking upward.

    A project is a folder with a pyproject.toml naming optbook, or a pytest.ini or
    conftest.py beside a conftest.py that loads optbook's plugin.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        try:
            pyproject = folder / "pyproject.toml"
            if pyproject.is_file() and re.search(r'^name\s*=\s*"optbook"', pyproject.read_text(), re.M):
                return folder
            conftest = folder / "conftest.py"
            if conftest.is_file() and "optbook.plugin" in conftest.read_text():
                return folder
        except (OSError, UnicodeDecodeError):
            continue
    return None


def results_dir(explicit: str | os.PathLike[str] | None = None, default: Path | None = None) -> Path:
    """The results folder: ``explicit``, then $OPTBOOK_RESULTS, then ``default``, then the
    results/ folder of the optbook project found from the working folder upward, else ./results."""
    chosen = explicit or os.environ.get(RESULTS_ENV_VAR)
    if chosen:
        return Path(chosen)
    if default is not None:
        return default
    root = project_root()
    return root / "results" if root else Path("results")


@dataclass(frozen=True)
class Run:
    """One saved run: its file, the label it is filed under, and its JSON."""

    path: Path
    label: str
    data: dict[str, Any]

    @property
    def benchmarks(self) -> list[dict[str, Any]]:
        return self.data["benchmarks"]

    @property
    def name(self) -> str:
        return f"{self.label}/{self.path.stem}"

    @property
    def optbook(self) -> dict[str, Any]:
        return self.data.get("optbook") or {}

    @property
    def peaks(self) -> dict[str, float]:
        return self.optbook.get("peaks") or {}


MAX_BYTES = 256 * 1024**2  # a saved run is a few MiB; a bigger file is not one


def load_run(path: Path, label: str | None = None) -> Run:
    """Read and check one saved run; raise ResultsError naming the file if it is not usable."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ResultsError(f"{path}: {size / 1024**2:.0f} MiB, too big to be a saved run")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ResultsError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise ResultsError(f"{path}: not text (a binary file?), not a saved run") from None
    except OSError as err:
        raise ResultsError(f"{path}: cannot be read ({err.strerror or err.__class__.__name__})") from None
    if not text.strip():
        raise ResultsError(f"{path}: empty file, not a saved run")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ResultsError(f"{path}: not valid JSON ({err}); truncated?") from None
    except RecursionError:
        raise ResultsError(f"{path}: JSON nested too deeply, not a saved run") from None
    if not isinstance(data, dict) or not isinstance(data.get("benchmarks"), list):
        raise ResultsError(f"{path}: not a pytest-benchmark results file (no 'benchmarks' list)")
    for i, bench in enumerate(data["benchmarks"]):
        try:
            float(bench["stats"]["median"])
            str(bench["fullname"])
        except (KeyError, TypeError, ValueError):
            raise ResultsError(f"{path}: benchmark #{i + 1} has no fullname or no stats.median") from None
    return Run(path=path, label=label or path.parent.name, data=data)


def load_optbook_run(path: Path, label: str | None = None) -> Run:
    """``load_run``, refusing pytest-benchmark files that optbook did not make (no 'optbook' section)."""
    run = load_run(path, label)
    if not isinstance(run.data.get("optbook"), dict):
        raise ResultsError(f"{path}: not an optbook run (no 'optbook' section); pytest-benchmark compare reads it")
    return run


def labels(root: Path) -> list[str]:
    """The machine labels that have at least one saved run."""
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and run_files(root, p.name))


def run_files(root: Path, label: str) -> list[Path]:
    """The saved runs of a label, oldest first (by their NNNN number)."""
    folder = root / label
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if RUN_FILE.match(p.name)), key=lambda p: p.name)


@dataclass(frozen=True)
class Selection:
    """The runs a command uses, their scale, and one line on what was left out (or None)."""

    runs: list[Run]
    scale: str | None
    note: str | None


def scale_of(run: Run) -> str | None:
    """The scale a run was made at (its optbook section, else its benchmarks' extra_info)."""
    scale = run.optbook.get("scale")
    if scale:
        return str(scale)
    found = {(b.get("extra_info") or {}).get("scale") for b in run.benchmarks}
    return str(found.pop()) if len(found) == 1 and None not in found else None


def _numbers(runs: list[Run]) -> str:
    return ", ".join(run.path.name[:4] for run in runs)


def check_label_spec(spec: str) -> None:
    """Refuse a label that is a path (results/vm, ../vm, /tmp/x): a label is a folder name under the results folder."""
    label, _, number = spec.rstrip("/").partition("/")
    if not LABEL_PATTERN.match(label) or (number and not number.isdigit()):
        raise ResultsError(
            f"{spec!r} is not a label: give a label (a folder name under the results folder), label/NNNN "
            "or a .json file; --results DIR names another results folder"
        )


def select(label: str, root: Path, scale: str | None = None) -> Selection:
    """The optbook runs of ``label`` at one scale (``scale``, else the newest run's), merged later over earlier.

    Unreadable files, files that are not optbook runs and runs of other scales are
    left out; the note says which, in one line.
    """
    files = run_files(root, label)
    if not files:
        known = ", ".join(labels(root)) or "none"
        raise ResultsError(f"no saved runs for {label!r} in {root}/ (known labels: {known})")
    good: list[Run] = []
    bad: list[str] = []
    for path in files:
        try:
            good.append(load_optbook_run(path, label))
        except ResultsError as err:
            bad.append(f"{path.name} ({str(err).split(': ', 1)[-1]})")
    if not good:
        raise ResultsError(f"{label} has no readable optbook run in {root / label}/: skipped {'; '.join(bad)}")
    scales = {run.path.name[:4]: scale_of(run) for run in good}
    chosen = scale or scales[good[-1].path.name[:4]]
    kept = [run for run in good if scale_of(run) == chosen]
    if not kept:
        present = ", ".join(sorted({s for s in scales.values() if s})) or "none recorded"
        raise ResultsError(f"{label} has no run at scale {chosen!r} (its runs' scales: {present})")
    others = [run for run in good if scale_of(run) != chosen]
    parts = []
    if others:
        other_scales = sorted({str(scale_of(run)) for run in others})
        parts.append(
            f"left out {len(others)} run(s) at scale {', '.join(other_scales)} ({_numbers(others)}; "
            f"--scale {other_scales[0]} shows them)"
        )
    if bad:
        parts.append(f"skipped {len(bad)} unreadable or foreign file(s): {'; '.join(bad)}")
    used = f"{label}: using {len(kept)} run(s) at scale {chosen} ({_numbers(kept)}, later replacing earlier)"
    return Selection(kept, chosen, f"{used}; {'; '.join(parts)}" if parts else None)


def resolve(spec: str, root: Path, scale: str | None = None, notes: list[str] | None = None) -> list[Run]:
    """The runs named by ``spec``: a .json file, ``label/NNNN`` (one run) or a label (its runs at one
    scale, see ``select``). The one-line note on what was left out goes to ``notes``, else to stderr."""
    candidate = Path(spec)
    if candidate.suffix == ".json" or candidate.is_file():
        return [load_optbook_run(candidate)]
    check_label_spec(spec)
    label, _, number = spec.rstrip("/").partition("/")
    if number:
        files = run_files(root, label)
        if not files:
            known = ", ".join(labels(root)) or "none"
            raise ResultsError(f"no saved runs for {spec!r} in {root}/ (known labels: {known})")
        files = [p for p in files if p.name.startswith(number)]
        if not files:
            raise ResultsError(f"{label} has no run numbered {number!r} in {root / label}/")
        return [load_optbook_run(p, label) for p in files]
    chosen = select(label, root, scale)
    if chosen.note:
        if notes is None:
            print(f"optbook: note: {chosen.note}", file=sys.stderr)
        else:
            notes.append(chosen.note)
    return chosen.runs


def merged_benchmarks(runs: Iterable[Run]) -> dict[str, dict[str, Any]]:
    """The benchmarks of several runs by fullname, a later run's result replacing an earlier one's."""
    merged: dict[str, dict[str, Any]] = {}
    for run in runs:
        for bench in run.benchmarks:
            merged[bench["fullname"]] = bench
    return merged


def best_peaks(runs: list[Run]) -> dict[str, float]:
    """The peaks of the newest run that measured them (a run made with OPTBOOK_PEAKS=0 has none)."""
    return next((run.peaks for run in reversed(runs) if run.peaks), {})


@dataclass(frozen=True)
class Choice:
    """The saved run to compare a session with, and the one line that says which and why."""

    path: Path | None
    reason: str
    skipped: list[str]


def run_to_compare(root: Path, label: str, scale: str, fullnames: set[str]) -> Choice:
    """The optbook run of ``label`` (else of the reference) at ``scale`` that shares the most
    benchmarks with ``fullnames``; the newest of equals."""
    skipped: list[str] = []
    for source in dict.fromkeys((label, REFERENCE_LABEL)):
        candidates = []
        for path in run_files(root, source):
            try:
                run = load_optbook_run(path, source)
            except ResultsError as err:
                skipped.append(str(err))
                continue
            shared = len(fullnames & {b["fullname"] for b in run.benchmarks})
            if scale_of(run) == scale and shared:
                candidates.append((shared, path.name, run))
        if candidates:
            shared, _, run = max(candidates, key=lambda c: (c[0], c[1]))
            reason = (
                f"comparing with {run.name}: it shares {shared} of this session's {len(fullnames)} benchmarks, "
                f"the most of {len(candidates)} run(s) of {source} at scale {scale}"
            )
            return Choice(run.path, reason, skipped)
    return Choice(
        None,
        f"nothing to compare with yet: no run in {root}/{label}/ or {root}/{REFERENCE_LABEL}/ at scale {scale} "
        "has these benchmarks",
        skipped,
    )
