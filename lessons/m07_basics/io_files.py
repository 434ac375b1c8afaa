"""I/O-bound work on real files: reading many files from disk.

Every function takes a list of file paths and ``workers`` and returns the size in
bytes of each file as read, in order. While a thread waits in ``read`` for the
disk (or copies from the page cache), it releases the GIL.
"""

from __future__ import annotations

from pathlib import Path

from ._pools import process_pool, thread_pool


def _read_size(path: Path) -> int:
    with open(path, "rb") as file:
        return len(file.read())


def read_serial(paths: list[Path], workers: int) -> list[int]:
    """One file after the other (``workers`` is ignored)."""
    return [_read_size(path) for path in paths]


def read_threads(paths: list[Path], workers: int) -> list[int]:
    """A ``ThreadPoolExecutor``: ``workers`` reads in flight at once."""
    return list(thread_pool(workers).map(_read_size, paths))


def read_processes(paths: list[Path], workers: int) -> list[int]:
    """A ``ProcessPoolExecutor``: the same, each read in a worker process (only the
    paths and the sizes travel between processes, not the data)."""
    return list(process_pool(workers).map(_read_size, paths))
