"""What it costs to start a process: the three start methods of ``multiprocessing``.

Every function starts ``processes`` processes that do nothing, waits for them
to end, and returns their exit codes (0 for each that ended normally). What is
timed is the start-up alone, the price a pool pays once and a
``multiprocessing.Process`` per task pays every time:

- spawn: a fresh interpreter that imports the modules it needs (the default on
  macOS and Windows);
- fork: a copy of this very process, made by the operating system, which copies
  its page tables at once and its pages as they are written to (Linux and other
  Unix only; unsafe in a process that runs threads, as a copied lock may be held
  by a thread that was not copied);
- forkserver: a small server process, started once, forks each new process
  (the default on Linux from Python 3.14): a fork of a small, single-threaded process.
"""

from __future__ import annotations

import multiprocessing

JOIN_TIMEOUT = 60.0  # seconds; a process that has not ended by then is killed (its exit code says so)


def _nothing() -> None:
    """The work of each process: none, so that only starting and ending it is measured."""


def _start_and_wait(method: str, processes: int) -> list[int | None]:
    """Start ``processes`` processes with start method ``method``, wait for them, return their exit codes."""
    context = multiprocessing.get_context(method)
    started = [context.Process(target=_nothing) for _ in range(processes)]
    for process in started:
        process.start()
    for process in started:
        process.join(JOIN_TIMEOUT)
        if process.is_alive():
            process.kill()
            process.join()
    return [process.exitcode for process in started]


def start_spawn(processes: int) -> list[int | None]:
    """spawn: each process is a new interpreter that starts from scratch and imports this module."""
    return _start_and_wait("spawn", processes)


def start_fork(processes: int) -> list[int | None]:
    """fork: each process is a copy of this one, made by the operating system in one system call;
    the copy of the page tables grows with this process's memory."""
    return _start_and_wait("fork", processes)


def start_forkserver(processes: int) -> list[int | None]:
    """forkserver: a small server process (started on first use) forks each new process:
    a fork of a small process, and no threads of this one copied."""
    return _start_and_wait("forkserver", processes)
