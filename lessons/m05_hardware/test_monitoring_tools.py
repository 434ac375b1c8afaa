"""The page's section on the standard monitoring tools: the commands it shows run here, and print
the fields the page tells the reader to look for. Skipped where a tool is missing or not allowed."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parents[2] / "docs" / "lessons" / "m05-hardware.md"


def command_on_page(program: str) -> str:
    """The command line the page shows (after ``$ ``) for ``program``."""
    found = re.findall(rf"^\$ ({program} .+)$", PAGE.read_text(), flags=re.MULTILINE)
    assert len(found) == 1, f"the page should show one `$ {program} ...` command, found {found}"
    return found[0]


def test_top_prints_what_the_page_explains() -> None:
    """The header fields (load average, us/id/wa/st) and columns (%CPU, RES) the page reads."""
    if shutil.which("top") is None:
        pytest.skip("top is missing: install procps")
    output = subprocess.run(command_on_page("top"), shell=True, capture_output=True, text=True, check=True).stdout
    for field in ("load average", "%Cpu(s)", " id,", " wa,", " st", "%CPU", "RES", "COMMAND"):
        assert field in output, field


def test_perf_stat_prints_what_the_page_explains() -> None:
    """task-clock with its 'CPUs utilized' (the cores used), context switches and page faults; the
    python of the page's command is this interpreter."""
    if shutil.which("perf") is None:
        pytest.skip("perf is missing: install linux-perf (Debian) or linux-tools (Ubuntu)")
    command = command_on_page("perf stat").replace(" python ", f" {sys.executable} ", 1)
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        paranoid = Path("/proc/sys/kernel/perf_event_paranoid")
        level = paranoid.read_text().strip() if paranoid.exists() else "unknown"
        pytest.skip(f"perf stat is not allowed here (perf_event_paranoid {level}): {done.stderr.strip()[-200:]}")
    assert done.stdout.strip() == str(sum(i * i for i in range(3_000_000)))
    for field in ("task-clock", "CPUs utilized", "context-switches", "page-faults", "seconds time elapsed"):
        assert field in done.stderr, field


def test_the_clock_files_the_page_says_are_missing() -> None:
    """The page says this virtual machine has no cpufreq files and reports one fixed MHz figure;
    on a machine that has them the claim is about another machine, so the test is skipped."""
    cpufreq = Path("/sys/devices/system/cpu/cpu0/cpufreq")
    if cpufreq.exists():
        pytest.skip("this machine has cpufreq files; the page describes a virtual machine without them")
    if not Path("/proc/cpuinfo").exists():
        pytest.skip("no /proc/cpuinfo: not Linux")
    text = PAGE.read_text()
    assert "`/sys/devices/system/cpu/cpu0/cpufreq/` does not exist" in text
    assert re.search(r"^cpu MHz\s*:", Path("/proc/cpuinfo").read_text(), flags=re.MULTILINE)
