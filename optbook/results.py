"""Saved runs: where they live, how they are read and checked, which one to compare with.

Layout: ``results/<machine label>/NNNN_<tag>.json``, pytest-benchmark's own JSON
format with an ``optbook`` section added. ``results/reference/`` holds the runs
shipped with the book. Nothing here ever writes to or deletes a saved file.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RESULTS_ENV_VAR = "OPTBOOK_RESULTS"
REFERENCE_LABEL = "reference"
RUN_FILE = re.compile(r"^(\d{4})_.*\.json$")


class ResultsError(ValueError):
    """A saved run or a label that cannot be used; the message is one line naming it."""


def results_dir(explicit: str | os.PathLike[str] | None = None, default: Path | None = None) -> Path:
    """The results folder: ``explicit``, then $OPTBOOK_RESULTS, then ``default`` (./results)."""
    chosen = explicit or os.environ.get(RESULTS_ENV_VAR)
    return Path(chosen) if chosen else (default or Path("results"))


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


def load_run(path: Path, label: str | None = None) -> Run:
    """Read and check one saved run; raise ResultsError naming the file if it is not usable."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ResultsError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ResultsError(f"{path}: cannot be read ({err.__class__.__name__})") from None
    if not text.strip():
        raise ResultsError(f"{path}: empty file, not a saved run")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise ResultsError(f"{path}: not valid JSON ({err.msg} at line {err.lineno}); truncated?") from None
    if not isinstance(data, dict) or not isinstance(data.get("benchmarks"), list):
        raise ResultsError(f"{path}: not a pytest-benchmark results file (no 'benchmarks' list)")
    for i, bench in enumerate(data["benchmarks"]):
        try:
            float(bench["stats"]["median"])
            str(bench["fullname"])
        except (KeyError, TypeError, ValueError):
            raise ResultsError(f"{path}: benchmark #{i + 1} has no fullname or no stats.median") from None
    return Run(path=path, label=label or path.parent.name, data=data)


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


def resolve(spec: str, root: Path) -> list[Run]:
    """The runs named by ``spec``: a .json file, ``label/NNNN`` (one run) or a label (all its runs)."""
    candidate = Path(spec)
    if candidate.suffix == ".json" or candidate.is_file():
        return [load_run(candidate)]
    label, _, number = spec.partition("/")
    files = run_files(root, label)
    if not files:
        known = ", ".join(labels(root)) or "none"
        raise ResultsError(f"no saved runs for {spec!r} in {root}/ (known labels: {known})")
    if number:
        files = [p for p in files if p.name.startswith(number)]
        if not files:
            raise ResultsError(f"{label} has no run numbered {number!r} in {root / label}/")
    return [load_run(p, label) for p in files]


def merged_benchmarks(runs: Iterable[Run]) -> dict[str, dict[str, Any]]:
    """The benchmarks of several runs by fullname, a later run's result replacing an earlier one's."""
    merged: dict[str, dict[str, Any]] = {}
    for run in runs:
        for bench in run.benchmarks:
            merged[bench["fullname"]] = bench
    return merged


def latest_run_sharing(root: Path, label: str, fullnames: set[str]) -> tuple[Path | None, list[str]]:
    """The newest readable run of ``label`` with a benchmark among ``fullnames``.

    Also returns the one-line reasons for the unreadable runs it passed over.
    """
    skipped = []
    for path in reversed(run_files(root, label)):
        try:
            run = load_run(path, label)
        except ResultsError as err:
            skipped.append(str(err))
            continue
        if fullnames & {b["fullname"] for b in run.benchmarks}:
            return path, skipped
    return None, skipped
