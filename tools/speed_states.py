"""How far the relative speed of two techniques moves over time within one process.

Interleaved rounds make a disturbance that comes and goes fall on every technique of a group
alike, and the speedup is measured within seconds. This script asks what that cannot answer:
does the ratio itself change from one minute to the next on this machine? It times lesson 9's
packed numba kernel and NumPy's ``a @ b`` (both on all cores) in alternating calls, in several
bursts spaced apart, all in one process, and prints each burst's ratio of medians::

    python tools/speed_states.py                 # 8 bursts, 8 s apart, n = 512
    python tools/speed_states.py --bursts 4 --pause 2 --n 256
    python tools/speed_states.py --fresh-inputs --pause 0   # new input arrays for every burst

A ratio that moves between bursts moves between two runs of the book as well, however the
rounds of one run are arranged: the machine itself changed (a shared host's neighbours, the
placement of its virtual cores). With ``--fresh-inputs`` every burst gets new input arrays
(the old ones are kept alive, so the new ones land elsewhere) and each line says where the
two start within their 64-byte cache lines: the speed can depend on that alone.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lessons.m09_matmul import matmul


def burst_ratio(a: np.ndarray, b: np.ndarray, calls: int) -> tuple[float, float]:
    """Median seconds of the packed kernel and of ``a @ b``, timed in alternating calls."""
    packed, blas = [], []
    for _ in range(calls):
        start = time.perf_counter()
        matmul.matmul_numba_packed(a, b)
        packed.append(time.perf_counter() - start)
        start = time.perf_counter()
        np.matmul(a, b)
        blas.append(time.perf_counter() - start)
    return statistics.median(packed), statistics.median(blas)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=512, help="matrix size (default 512)")
    parser.add_argument("--bursts", type=int, default=8, help="how many bursts (default 8)")
    parser.add_argument("--pause", type=float, default=8.0, help="seconds between bursts (default 8)")
    parser.add_argument("--calls", type=int, default=30, help="calls of each technique per burst (default 30)")
    parser.add_argument("--fresh-inputs", action="store_true", help="new input arrays for every burst")
    args = parser.parse_args(argv)
    if args.n < 1 or args.bursts < 1 or args.calls < 1 or args.pause < 0:
        parser.error("--n, --bursts and --calls must be at least 1, --pause at least 0")
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((args.n, args.n)), rng.standard_normal((args.n, args.n))
    matmul.matmul_numba_packed(a, b)  # compiles
    print(f"n = {args.n}: packed kernel over a @ b, median of {args.calls} alternating calls per burst")
    ratios, kept = [], []
    for burst in range(args.bursts):
        if burst:
            time.sleep(args.pause)
        if args.fresh_inputs and burst:
            kept.append((a, b))  # still alive: the new arrays cannot reuse their memory
            a, b = rng.standard_normal((args.n, args.n)), rng.standard_normal((args.n, args.n))
        packed, blas = burst_ratio(a, b, args.calls)
        ratios.append(packed / blas)
        where = f" (a, b start {a.ctypes.data % 64}, {b.ctypes.data % 64} bytes into a cache line)"
        times = f"packed {packed * 1e3:.2f} ms, a @ b {blas * 1e3:.2f} ms"
        print(f"burst {burst + 1}: {times}, ratio {ratios[-1]:.2f}{where if args.fresh_inputs else ''}")
    print(f"ratio from {min(ratios):.2f} to {max(ratios):.2f} over {args.bursts} bursts {args.pause:g} s apart")
    return 0


if __name__ == "__main__":
    sys.exit(main())
