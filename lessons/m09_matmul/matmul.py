"""Matrix multiplication, C = A @ B, from the naive triple loop to BLAS.

Every function takes two matrices ``a`` (n x m) and ``b`` (m x p) and returns
their product (n x p). The pure-Python versions take and return lists of lists;
all others take and return NumPy arrays. Read them from top to bottom: each one
shows one idea that makes the next one faster.
"""

from __future__ import annotations

import numba
import numpy as np
from numba import njit, prange

from lessons._gpu import gpu  # CuPy or PyTorch, whichever finds a GPU: plumbing, not the lesson


def matmul_python_ijk(a: list[list[float]], b: list[list[float]]) -> list[list[float]]:
    """The textbook triple loop, i then j then k: walks B down its columns,
    one scattered element at a time."""
    n, m, p = len(a), len(b), len(b[0]) if b else 0
    c = [[0.0] * p for _ in range(n)]
    for i in range(n):
        for j in range(p):
            total = 0.0
            for k in range(m):
                total += a[i][k] * b[k][j]
            c[i][j] = total
    return c


def matmul_python_ikj(a: list[list[float]], b: list[list[float]]) -> list[list[float]]:
    """The same loops in the order i, k, j: the inner loop walks one row of B
    and one row of C, and a[i][k] is looked up once per row."""
    n, p = len(a), len(b[0]) if b else 0
    c = [[0.0] * p for _ in range(n)]
    for i in range(n):
        c_row = c[i]
        for k, a_ik in enumerate(a[i]):
            b_row = b[k]
            for j in range(p):
                c_row[j] += a_ik * b_row[j]
    return c


def matmul_python_zip(a: list[list[float]], b: list[list[float]]) -> list[list[float]]:
    """Row times column with zip and sum: the loops run inside built-ins
    written in C, not in Python bytecode."""
    columns = list(zip(*b)) if b else []
    if not columns:
        return [[0.0] * (len(b[0]) if b else 0) for _ in a]
    return [[sum(x * y for x, y in zip(row, col)) for col in columns] for row in a]


def matmul_numpy_rows(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Half vectorised: a Python loop over the rows of A, NumPy for each row
    times B (a vector-matrix product in BLAS). BLAS would share each row's
    product over the cores; the test holds it to one thread, so that this
    compares with the single-core numba kernels below it."""
    c = np.empty((a.shape[0], b.shape[1]), dtype=np.result_type(a, b))
    for i in range(a.shape[0]):
        c[i] = a[i] @ b
    return c


def matmul_numpy_einsum(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """np.einsum spells the sum over k; without optimize= it runs NumPy's own
    loops, not BLAS."""
    return np.einsum("ik,kj->ij", a, b)


def matmul_numba_naive(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The triple loop i, j, k compiled by numba: compiled, but still walking
    B down its columns, so most loads miss the cache."""
    c = np.zeros((a.shape[0], b.shape[1]), dtype=np.result_type(a, b))
    _ijk_kernel(a, b, c)
    return c


@njit(cache=False)
def _ijk_kernel(a, b, c):
    n, m = a.shape
    p = b.shape[1]
    for i in range(n):
        for j in range(p):
            total = 0.0
            for k in range(m):
                total += a[i, k] * b[k, j]
            c[i, j] = total


def matmul_numba_ikj(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Loop order i, k, j compiled by numba: the inner loop reads B and writes C
    along rows, so the compiler can use SIMD and every cache line is used whole."""
    c = np.zeros((a.shape[0], b.shape[1]), dtype=np.result_type(a, b))
    _ikj_kernel(a, b, c)
    return c


@njit(cache=False)
def _ikj_kernel(a, b, c):
    n, m = a.shape
    p = b.shape[1]
    for i in range(n):
        for k in range(m):
            a_ik = a[i, k]
            for j in range(p):
                c[i, j] += a_ik * b[k, j]


def matmul_numba_parallel(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The cache-friendly i, k, j loop with its rows shared out over all cores
    (numba's prange)."""
    c = np.zeros((a.shape[0], b.shape[1]), dtype=np.result_type(a, b))
    _ikj_parallel_kernel(a, b, c)
    return c


@njit(parallel=True, cache=False)
def _ikj_parallel_kernel(a, b, c):
    n, m = a.shape
    p = b.shape[1]
    for i in prange(n):
        for k in range(m):
            a_ik = a[i, k]
            for j in range(p):
                c[i, j] += a_ik * b[k, j]


TILE = 64


def matmul_numba_blocked(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Blocked (tiled) and parallel: each thread takes a block of up to TILE rows of
    A and walks B in panels of TILE whole rows (TILE x p numbers), each panel read
    once per row of the block. Whether the panel is still in a cache when it is read
    again depends on its size: TILE x p x 8 bytes is 128 KiB at p = 256 and 512 KiB
    at p = 1024, so it can stay in a core's L2 (512 KiB on the book's machine) only
    for the smaller sizes, and in none of them in L1 (32 KiB); beyond, it comes from
    the shared L3. Only the row of C being updated stays in L1. (Blocking the
    columns too, so that the panel fits L1 and L2, is what the packed kernel does.)
    The rows are split into at least as many blocks as numba has threads, so that
    every thread has work even when n is below 2 x TILE."""
    n = a.shape[0]
    c = np.zeros((n, b.shape[1]), dtype=np.result_type(a, b))
    rows = max(1, min(TILE, -(-n // numba.get_num_threads())))  # rows per block
    _blocked_kernel(a, b, c, rows, TILE)
    return c


@njit(parallel=True, cache=False)
def _blocked_kernel(a, b, c, rows, tile):
    n, m = a.shape
    p = b.shape[1]
    for block in prange((n + rows - 1) // rows):
        i0, i1 = block * rows, min(block * rows + rows, n)
        for k0 in range(0, m, tile):
            k1 = min(k0 + tile, m)
            for i in range(i0, i1):
                for k in range(k0, k1):
                    a_ik = a[i, k]
                    for j in range(p):
                        c[i, j] += a_ik * b[k, j]


# The packed kernel's block sizes, chosen for one core of the book's machine (L1 32 KiB,
# L2 512 KiB, L3 32 MiB shared): a micro-panel of B (NR x KC numbers, 8 KiB) stays in L1,
# a packed block of A (MC x KC, 256 KiB) in L2, a packed panel of B (KC x NC, 8 MiB) in L3.
MR, NR = 2, 4  # the micro-kernel's block of C: 8 sums kept in registers
KC, MC, NC = 256, 128, 4096


def matmul_numba_packed(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Built the way BLAS is (Goto and van de Geijn): B is cut into panels of KC rows and
    NC columns, A into blocks of MC rows, each copied ("packed") into a contiguous buffer
    sized for a cache level, and a small micro-kernel computes a 2 x 4 block of C with its
    8 sums in registers, reading both packed buffers in order. C is padded to whole 2 x 4
    blocks (the padding packed as zeros), so the micro-kernel has no edge cases. The
    packing and the blocks of A are shared out over the threads."""
    n, p = a.shape[0], b.shape[1]
    rows, cols = -(-n // MR) * MR, -(-p // NR) * NR  # rounded up to whole micro-blocks
    c = np.zeros((rows, cols), dtype=np.result_type(a, b))
    per_thread = -(-rows // (numba.get_num_threads() * MR)) * MR  # a multiple of MR
    _packed_kernel(a, b, c, max(MR, min(MC, per_thread)))
    return c if (rows, cols) == (n, p) else np.ascontiguousarray(c[:n, :p])


@njit(parallel=True, cache=False)
def _packed_kernel(a, b, c, mc):
    m = a.shape[1]
    rows, cols = c.shape
    blocks = -(-rows // mc)
    packed_b = np.empty(min(NC, cols) * KC)  # allocated once, refilled for every panel
    packed_a = np.empty((blocks, mc * KC))  # one buffer per block of A
    for j0 in range(0, cols, NC):  # a panel of NC columns of B and C
        nc = min(NC, cols - j0)
        for k0 in range(0, m, KC):  # KC rows of that panel: packed once, used by every block of A
            kc = min(KC, m - k0)
            for panel in prange(nc // NR):  # packed in micro-panels of NR columns, by all threads
                _pack_b(b, k0, kc, j0 + panel * NR, packed_b[panel * NR * kc : (panel + 1) * NR * kc])
            for block in prange(blocks):  # blocks of MC rows of A, shared out over the threads
                i0 = block * mc
                height = min(mc, rows - i0)
                a_block = packed_a[block]  # MC x KC numbers: this block stays in the core's L2
                for ii in range(0, height, MR):
                    _pack_a(a, i0 + ii, k0, kc, a_block[ii * kc : (ii + MR) * kc])
                for jj in range(0, nc, NR):  # this micro-panel of B (NR x KC) stays in L1...
                    b_panel = packed_b[jj * kc : (jj + NR) * kc]
                    for ii in range(0, height, MR):  # ...while the block of A streams from L2
                        _micro_kernel(kc, a_block[ii * kc : (ii + MR) * kc], b_panel, c, i0 + ii, j0 + jj)


@njit(cache=False)
def _pack_b(b, k0, kc, j0, packed):
    """Columns j0..j0+NR of rows k0..k0+kc of B, each column's kc numbers contiguous;
    columns past B's last are packed as zeros. The loop reads B along its rows (the NR
    numbers of one row share a cache line) and writes NR contiguous streams: walking down
    a column of B instead would touch a new cache line, and every 512 numbers a new page,
    at each step."""
    p = b.shape[1]
    for k in range(kc):
        for s in range(NR):
            j = j0 + s
            packed[s * kc + k] = b[k0 + k, j] if j < p else 0.0


@njit(cache=False)
def _pack_a(a, i0, k0, kc, packed):
    """Rows i0..i0+MR of columns k0..k0+kc of A, each row's kc numbers contiguous;
    rows past A's last are packed as zeros."""
    n = a.shape[0]
    for r in range(MR):
        i = i0 + r
        for k in range(kc):
            packed[r * kc + k] = a[i, k0 + k] if i < n else 0.0


@njit(cache=False, fastmath=True)
def _micro_kernel(kc, a_panel, b_panel, c, i, j):
    """Two rows of packed A times four columns of packed B, added to C[i:i+2, j:j+4]: 8
    running sums, each read along k from contiguous memory. ``fastmath`` lets the compiler
    split each sum over the four lanes of an AVX2 register and fuse multiply and add, so the
    loop over k runs four values of k per instruction (the panels are passed as slices
    starting at 0: indices it can prove non-negative)."""
    c00 = c01 = c02 = c03 = 0.0
    c10 = c11 = c12 = c13 = 0.0
    for k in range(kc):
        x0, x1 = a_panel[k], a_panel[kc + k]
        y0, y1, y2, y3 = b_panel[k], b_panel[kc + k], b_panel[2 * kc + k], b_panel[3 * kc + k]
        c00 += x0 * y0
        c01 += x0 * y1
        c02 += x0 * y2
        c03 += x0 * y3
        c10 += x1 * y0
        c11 += x1 * y1
        c12 += x1 * y2
        c13 += x1 * y3
    c[i, j] += c00
    c[i, j + 1] += c01
    c[i, j + 2] += c02
    c[i, j + 3] += c03
    c[i + 1, j] += c10
    c[i + 1, j + 1] += c11
    c[i + 1, j + 2] += c12
    c[i + 1, j + 3] += c13


def matmul_numpy_one_thread(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """BLAS (a @ b) held to a single thread: what one core of optimised code does.
    The limit is set around the call, not inside it (setting it costs microseconds,
    as long as a small product): the test does it, and in your own code
    ``with threadpoolctl.threadpool_limits(limits=1, user_api="blas"):`` around the
    work does."""
    return a @ b


def matmul_numpy(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b in float64: NumPy hands the whole product to BLAS, which blocks,
    vectorises and uses every core."""
    return a @ b


def matmul_numpy_float32(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b in float32: half the bytes per number and twice the numbers per
    SIMD instruction, for about seven significant digits instead of sixteen.
    Keep the data in float32 from the start: converting float64 matrices costs
    two passes over them, more than the product itself at small n. (The test
    passes float32 matrices, so nothing is converted here.)"""
    return np.asarray(a, dtype=np.float32) @ np.asarray(b, dtype=np.float32)


def matmul_gpu_with_copies(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """On the GPU, counting the copies: send A and B to the device, multiply,
    bring C back. What a single product really costs."""
    device = gpu()
    c = device.to_host(device.to_device(a) @ device.to_device(b))
    device.synchronize()
    return c


def matmul_gpu_on_device(a, b):
    """On the GPU with A and B already there (copies left out): the device's own
    speed, the clock stopped only after it has finished (synchronised)."""
    c = a @ b
    gpu().synchronize()
    return c
