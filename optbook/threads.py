"""The thread counts in force when a technique was registered, re-applied while it is timed.

A test may hold BLAS to one thread (``threadpool_limits``), set NumExpr's or numba's
thread count (a fixture), and then call ``run()``. The technique is timed later, with its
group (optbook.timing), when that context may be gone: so the counts are recorded here
when ``run()`` is called and put back around each of the technique's rounds.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


def _numexpr_threads() -> int | None:
    module = sys.modules.get("numexpr")
    return int(module.get_num_threads()) if module is not None else None


def _numba_threads() -> int | None:
    module = sys.modules.get("numba")
    if module is None:
        return None
    try:
        return int(module.get_num_threads())
    except Exception:  # numba's thread pool could not start: nothing to set
        return None


@dataclass(frozen=True)
class ThreadState:
    """Thread counts of the BLAS/OpenMP pools (threadpoolctl), NumExpr and numba."""

    pools: tuple[tuple[int, int], ...]  # (index in the controller, threads)
    numexpr: int | None
    numba: int | None
    controller: Any = None  # threadpoolctl's ThreadpoolController the pool indices refer to

    @classmethod
    def capture(cls) -> ThreadState:
        """The counts in force now."""
        from threadpoolctl import ThreadpoolController

        controller = ThreadpoolController()
        pools = tuple((i, int(lib.num_threads)) for i, lib in enumerate(controller.lib_controllers))
        return cls(pools, _numexpr_threads(), _numba_threads(), controller)

    def _current(self) -> ThreadState:
        libs = self.controller.lib_controllers if self.controller is not None else []
        pools = tuple((i, int(libs[i].get_num_threads())) for i, _ in self.pools)
        return ThreadState(pools, _numexpr_threads(), _numba_threads(), self.controller)

    def _set(self, state: ThreadState) -> None:
        libs = self.controller.lib_controllers if self.controller is not None else []
        for i, threads in state.pools:
            libs[i].set_num_threads(threads)
        if state.numexpr is not None and "numexpr" in sys.modules:
            sys.modules["numexpr"].set_num_threads(state.numexpr)
        if state.numba is not None and "numba" in sys.modules:
            sys.modules["numba"].set_num_threads(state.numba)

    @contextlib.contextmanager
    def applied(self) -> Iterator[None]:
        """Set these counts for the duration of the block, then put back what was there."""
        before = self._current()
        if before == self:
            yield
            return
        self._set(self)
        try:
            yield
        finally:
            self._set(before)
