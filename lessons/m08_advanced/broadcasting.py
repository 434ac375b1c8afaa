"""Broadcasting: the distance from every point to every centre (as in k-means).

Every function takes ``points`` (m x d) and ``centres`` (k x d), float64 arrays,
and returns the m x k matrix of Euclidean distances.

Broadcasting saves memory (no copies of the inputs) more than time: explicit
tiling makes the same m x k x d difference after two contiguous copies, and ran
as fast here, or a little faster (compare the peak memory column). The last
function answers the first question to ask of any numerical loop: is there a
library routine for it? SciPy's ``cdist`` is one compiled loop that makes no
temporaries at all.
"""

from __future__ import annotations

import numpy as np


def pairwise_row_loop(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """A Python loop over the points, NumPy for one point against all centres: m small
    NumPy calls, each paying its call overhead."""
    out = np.empty((points.shape[0], centres.shape[0]))
    for i, point in enumerate(points):
        out[i] = np.sqrt(((centres - point) ** 2).sum(axis=1))
    return out


def pairwise_broadcast(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Broadcasting: ``points[:, None, :] - centres[None, :, :]`` lines them up by
    stride tricks, without copying; only the m x k x d difference is made."""
    diff = points[:, None, :] - centres[None, :, :]
    return np.sqrt((diff * diff).sum(axis=2))


def pairwise_tiled(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Explicit tiling: ``np.repeat`` and ``np.tile`` copy both inputs out to m*k rows,
    so that plain element-wise subtraction lines them up. The copies cost memory
    (two more m*k x d arrays); in time they are two quick contiguous passes."""
    m, k = points.shape[0], centres.shape[0]
    p = np.repeat(points, k, axis=0)  # every point k times
    c = np.tile(centres, (m, 1))  # all centres, m times over
    return np.sqrt(((p - c) ** 2).sum(axis=1)).reshape(m, k)


def pairwise_broadcast_einsum(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Broadcast difference, squared and summed over d in one ``einsum`` pass: one
    m x k x d temporary instead of two."""
    diff = points[:, None, :] - centres[None, :, :]
    return np.sqrt(np.einsum("mkd,mkd->mk", diff, diff))


def pairwise_cdist(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """The library routine: ``scipy.spatial.distance.cdist``, one compiled loop over
    the pairs that computes each distance in registers, with no temporary arrays."""
    from scipy.spatial.distance import cdist

    return cdist(points, centres)
