"""Saving a run so that nothing is lost and nothing saved is ever changed.

pytest-benchmark writes a run straight to its final name, ``NNNN_<tag>.json``,
after picking NNNN as one more than the highest number in the folder: two runs
saving at once pick the same name, a full disk leaves half a file behind, and a
read-only folder ends the run with a traceback. Here its storage object is
wrapped (``SafeStorage``) and only its ``save`` is replaced:

- the JSON is written to a hidden temporary file in the same folder and synced,
  then given its final name with ``os.link``, which fails rather than replace a
  file that exists: a run that finds its number taken takes the next free one;
- a folder that cannot be written (read-only, full, no permission) sends the run
  to a folder under the system's temporary folder instead, and the line
  printed at the end of the run says where it went (or that nothing was saved,
  and why); the temporary file never outlives a failed save;
- Ctrl-C or SIGTERM arriving while the file is written waits until it is done.

The JSON is pytest-benchmark's own (its ``safe_dumps``), so ``pytest-benchmark
compare`` still reads the files.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import os
import re
import signal
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NUMBERED = re.compile(r"^(\d{4})_")
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS}


@dataclass(frozen=True)
class Saved:
    """Where a run went: its file (None when nothing could be saved) and the one line that says so."""

    path: Path | None
    message: str


def next_number(folder: Path) -> int:
    """One more than the highest NNNN of the files in ``folder`` (1 in an empty or missing folder)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return 1
    numbers = [int(m.group(1)) for m in map(NUMBERED.match, names) if m]
    return max(numbers, default=0) + 1


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _claim(tmp: Path, final: Path) -> None:
    """Give ``tmp`` the name ``final`` unless ``final`` exists (FileExistsError then)."""
    try:
        os.link(tmp, final)
        return
    except FileExistsError:
        raise
    except OSError as err:
        if err.errno not in _NO_LINKS:
            raise
    # a file system without hard links: reserve the name exclusively, then move the file onto it
    os.close(os.open(final, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    os.replace(tmp, final)


def write_exclusive(data: bytes, folder: Path, tag: str, attempts: int = 1000) -> Path:
    """Write ``data`` as ``folder/NNNN_<tag>.json`` with the next free NNNN; never touch an existing file."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=folder, prefix=".saving-", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _file_mode())
        number = next_number(folder)
        for _ in range(attempts):
            final = folder / f"{number:04d}_{tag}.json"
            try:
                _claim(tmp, final)
            except FileExistsError:
                number = max(number + 1, next_number(folder))
                continue
            _sync_folder(folder)
            return final
        raise OSError(errno.EEXIST, f"no free run number after {attempts} tries")
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def fallback_folder(label: str) -> Path:
    """Where a run goes when its results folder cannot be written: under the system's temporary folder."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"optbook-results-{user}" / label


def _reason(err: OSError) -> str:
    return err.strerror or err.__class__.__name__


@contextlib.contextmanager
def signals_deferred() -> Iterator[list[int]]:
    """Hold Ctrl-C (SIGINT) and SIGTERM while the body runs; yields the signals that arrived meanwhile."""
    arrived: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield arrived
        return
    kinds = [signal.SIGINT, *([signal.SIGTERM] if hasattr(signal, "SIGTERM") else [])]
    previous = {kind: signal.signal(kind, lambda signum, frame: arrived.append(signum)) for kind in kinds}
    try:
        yield arrived
    finally:
        for kind, handler in previous.items():
            signal.signal(kind, handler)


def save_run(data: bytes, folder: Path, tag: str, label: str) -> Saved:
    """Save ``data`` in ``folder``, else in the fallback folder; say where, or why nothing was saved."""
    with signals_deferred() as arrived:
        try:
            path = write_exclusive(data, folder, tag)
            message = f"run saved in {path}"
        except OSError as err:
            first = f"cannot save in {folder}/ ({_reason(err)})"
            other = fallback_folder(label)
            try:
                path = write_exclusive(data, other, tag)
                message = f"{first}: run saved in {path} instead; copy it to {folder}/ when you can"
            except OSError as err2:
                path = None
                message = f"{first}, nor in {other}/ ({_reason(err2)}): nothing saved"
    if arrived:
        message += " (an interrupt that came while saving waited until the file was written)"
    return Saved(path, message)


class SafeStorage:
    """pytest-benchmark's FileStorage with ``save`` replaced by ``save_run``; everything else is its own."""

    def __init__(self, storage: Any, label: str) -> None:
        self._storage = storage
        self._label = label
        self.saved: Saved | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._storage, name)

    def __str__(self) -> str:
        return str(self._storage)

    def save(self, output_json: dict[str, Any], save: str) -> None:
        """Save the run as pytest-benchmark would, but exclusively and atomically (see the module's text)."""
        from pytest_benchmark.utils import safe_dumps

        data = safe_dumps(output_json, ensure_ascii=True, indent=4).encode()
        folder = Path(self._storage.path) / (self._storage.default_machine_id or "")
        self.saved = save_run(data, folder, save, self._label)


def wrap_storage(bs: Any, label: str) -> SafeStorage | None:
    """Put a SafeStorage around a benchmark session's file storage (other storages are left alone)."""
    storage = bs.storage
    if isinstance(storage, SafeStorage):
        storage._label = label
        return storage
    if type(storage).__name__ != "FileStorage":  # e.g. Elasticsearch: not ours to change
        return None
    bs.storage = SafeStorage(storage, label)
    return bs.storage
