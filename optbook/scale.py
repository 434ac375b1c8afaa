"""Scales: one word that sets the problem sizes of every lesson.

``tiny`` is for tests and CI (seconds), ``small`` for a laptop demo (about a
minute a lesson, the default), ``medium`` and ``large`` for workstations and
cluster nodes. Lessons declare their sizes per scale with :func:`by_scale`.
"""

from __future__ import annotations

import os
from typing import TypeVar

SCALES: tuple[str, ...] = ("tiny", "small", "medium", "large")
DEFAULT_SCALE = "small"
ENV_VAR = "OPTBOOK_SCALE"

# Longest a single call of a technique may be expected to take before the
# harness skips it at this scale (see optbook.lesson.skip_if_too_slow).
CALL_BUDGET_SECONDS: dict[str, float] = {"tiny": 0.2, "small": 2.0, "medium": 10.0, "large": 60.0}

T = TypeVar("T")


class ScaleError(ValueError):
    """An unknown scale name."""


def check_scale(name: str) -> str:
    """Return ``name`` if it is a known scale, else raise ScaleError with a one-line message."""
    if name not in SCALES:
        raise ScaleError(f"unknown scale {name!r}: choose one of {', '.join(SCALES)}")
    return name


def current_scale() -> str:
    """The scale of this run: the environment variable, set by ``--scale``, or the default."""
    return check_scale(os.environ.get(ENV_VAR, DEFAULT_SCALE) or DEFAULT_SCALE)


def by_scale(*, tiny: T, small: T, medium: T | None = None, large: T | None = None) -> T:
    """Pick the value for the current scale; medium and large default to the next smaller one.

    Call it in test modules, not in a lesson's conftest.py: pytest imports the
    conftest.py of the folders it is given before ``--scale`` is read.
    """
    medium = small if medium is None else medium
    large = medium if large is None else large
    return {"tiny": tiny, "small": small, "medium": medium, "large": large}[current_scale()]
