"""Run one reader in a child process that may not use as much memory as the file holds.

Not a lesson topic (the name starts with an underscore): test_memory_limit.py uses it to show
which readers of m06 survive a file larger than the memory they are given.

The child is a fresh Python (``python -c``) that imports the reader and runs it once on a small
file, so that the libraries have loaded, started their thread pools and set up their allocators.
Then it reads its own address space (VmSize in /proc/self/status), sets ``RLIMIT_AS`` to that plus
``budget`` bytes with ``resource.setrlimit``, and runs the reader on the big file. An allocation
beyond the limit fails: NumPy and pandas raise MemoryError, Arrow raises ArrowMemoryError, a
library that cannot report it dies. The result comes back pickled through a file.

Arrow's own allocator (jemalloc or mimalloc) reserves large regions ahead of need, so that its
allocations would not show in the address space; the child asks Arrow to use the system's malloc
(ARROW_DEFAULT_MEMORY_POOL=system), which asks the kernel for each large block. The system's
malloc (glibc) in turn gives threads that allocate at the same moment arenas of their own, each
reserving 64 MiB of address space when it is made: how many depends on how the threads happen to
meet, and Arrow's chunked reader grew its address space by 13 to 78 MiB for the same 64 MiB file.
The child keeps one arena (MALLOC_ARENA_MAX=1), so that what counts is what the reader holds.

RLIMIT_AS limits address space, not resident memory: a memory map of the whole file counts in full
even where only a few of its pages are ever read. Linux has no per-process limit on resident memory
(RLIMIT_RSS is ignored); a cgroup's memory.max is one, but it needs the rights to make a cgroup.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

_CHILD = """
import pickle, resource, sys, importlib
module, function, small, big, budget, out = sys.argv[1:7]
technique = getattr(importlib.import_module(module), function)
small_args, big_args = pickle.loads(bytes.fromhex(small)), pickle.loads(bytes.fromhex(big))
technique(*small_args)
vm = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmSize"))
resource.setrlimit(resource.RLIMIT_AS, (vm + int(budget), resource.RLIM_INFINITY))
try:
    result = ("ok", technique(*big_args))
except MemoryError as error:
    result = ("MemoryError", f"{type(error).__name__}: {error}")
except Exception as error:  # Arrow's ArrowMemoryError and the like
    result = (type(error).__name__, str(error))
resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
with open(out, "wb") as file:
    pickle.dump(result, file)
"""


def run_limited(module: str, function: str, small_args: tuple, big_args: tuple, budget: int) -> tuple[str, object]:
    """Run ``module.function(*big_args)`` in a child whose address space may grow by ``budget`` bytes
    after a first call on ``small_args``. Returns ("ok", result), or the kind of failure and its message
    ("MemoryError", an Arrow error name, or "died" with the exit status and the end of stderr)."""
    with tempfile.TemporaryDirectory(prefix="m06-limit-") as folder:
        out = Path(folder) / "result.pickle"
        arguments = [pickle.dumps(small_args).hex(), pickle.dumps(big_args).hex(), str(budget), str(out)]
        child = subprocess.run(
            [sys.executable, "-c", _CHILD, module, function, *arguments],
            capture_output=True,
            text=True,
            check=False,
            env=os.environ | {"ARROW_DEFAULT_MEMORY_POOL": "system", "MALLOC_ARENA_MAX": "1"},
        )
        if child.returncode != 0 or not out.exists():
            return "died", f"exit status {child.returncode}: {child.stderr[-500:]}"
        with open(out, "rb") as file:
            return pickle.load(file)
