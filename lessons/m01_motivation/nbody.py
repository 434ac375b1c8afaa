"""n-body: the giant planets orbiting the Sun, from the Computer Language Benchmarks Game.

Every version takes a number of time steps and returns the system's energy
before and after them, ``(energy_before, energy_after)``; the Benchmarks Game
prints them with nine decimals (1000 steps: -0.169075164, -0.169087605). The
plain C version is ``c/nbody.c``, built with the system's compiler and called
through ctypes.
"""

from __future__ import annotations

import ctypes
import functools
import math

import numpy as np
from numba import njit

from lessons.m01_motivation import _compile

_PI = 3.141592653589793
_SOLAR_MASS = 4 * _PI * _PI
_DAYS_PER_YEAR = 365.24
_DT = 0.01

# x, y, z (AU), vx, vy, vz (AU per day, times days a year), mass (in solar masses, times SOLAR_MASS)
_PLANETS = [
    (4.84143144246472090e00, -1.16032004402742839e00, -1.03622044471123109e-01,
     1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05, 9.54791938424326609e-04),
    (8.34336671824457987e00, 4.12479856412430479e00, -4.03523417114321381e-01,
     -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05, 2.85885980666130812e-04),
    (1.28943695621391310e01, -1.51111514016986312e01, -2.23307578892655734e-01,
     2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05, 4.36624404335156298e-05),
    (1.53796971148509165e01, -2.59193146099879641e01, 1.79258772950371181e-01,
     2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05, 5.15138902046611451e-05),
]  # fmt: skip


def _initial_bodies() -> list[list[float]]:
    """[x, y, z, vx, vy, vz, mass] of the Sun and the four planets, the Sun moving so that
    the total momentum is zero."""
    bodies = [[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, _SOLAR_MASS]]
    for x, y, z, vx, vy, vz, mass in _PLANETS:
        bodies.append([x, y, z, vx * _DAYS_PER_YEAR, vy * _DAYS_PER_YEAR, vz * _DAYS_PER_YEAR, mass * _SOLAR_MASS])
    px = py = pz = 0.0
    for body in bodies:
        px += body[3] * body[6]
        py += body[4] * body[6]
        pz += body[5] * body[6]
    bodies[0][3:6] = [-px / _SOLAR_MASS, -py / _SOLAR_MASS, -pz / _SOLAR_MASS]
    return bodies


def _energy(bodies: list[list[float]]) -> float:
    e = 0.0
    for i, (x, y, z, vx, vy, vz, m) in enumerate(bodies):
        e += 0.5 * m * (vx * vx + vy * vy + vz * vz)
        for x2, y2, z2, _, _, _, m2 in bodies[i + 1 :]:
            dx, dy, dz = x - x2, y - y2, z - z2
            e -= m * m2 / math.sqrt(dx * dx + dy * dy + dz * dz)
    return e


def nbody_python(steps: int) -> tuple[float, float]:
    """Plain Python: every step visits the ten pairs of bodies in interpreted loops,
    each float a boxed object and each operation a dispatch."""
    bodies = _initial_bodies()
    pairs = [(bodies[i], bodies[j]) for i in range(5) for j in range(i + 1, 5)]
    before = _energy(bodies)
    for _ in range(steps):
        for b1, b2 in pairs:
            dx, dy, dz = b1[0] - b2[0], b1[1] - b2[1], b1[2] - b2[2]
            d2 = dx * dx + dy * dy + dz * dz
            mag = _DT / (d2 * math.sqrt(d2))
            m2, m1 = b2[6] * mag, b1[6] * mag
            b1[3] -= dx * m2
            b1[4] -= dy * m2
            b1[5] -= dz * m2
            b2[3] += dx * m1
            b2[4] += dy * m1
            b2[5] += dz * m1
        for body in bodies:
            body[0] += _DT * body[3]
            body[1] += _DT * body[4]
            body[2] += _DT * body[5]
    return before, _energy(bodies)


def nbody_numpy(steps: int) -> tuple[float, float]:
    """NumPy, all pairs at once as 5 x 5 arrays: it does not fit this program, since
    five bodies are too few to pay for a dozen array operations a step."""
    bodies = np.array(_initial_bodies())
    pos, vel, mass = bodies[:, 0:3].copy(), bodies[:, 3:6].copy(), bodies[:, 6].copy()
    before = _energy(bodies.tolist())
    no_self = ~np.eye(5, dtype=bool)
    for _ in range(steps):
        d = pos[:, None, :] - pos[None, :, :]  # d[i, j] = pos[i] - pos[j]
        d2 = np.einsum("ijk,ijk->ij", d, d)
        mag = np.divide(_DT, d2 * np.sqrt(d2), where=no_self, out=np.zeros_like(d2))
        vel -= np.einsum("ijk,ij->ik", d, mag * mass[None, :])
        pos += _DT * vel
    return before, _energy(np.hstack([pos, vel, mass[:, None]]).tolist())


def nbody_numba(steps: int) -> tuple[float, float]:
    """The plain-Python loops compiled to machine code by numba: floats stay in
    registers, no objects, no dispatch."""
    bodies = np.array(_initial_bodies())
    before = _energy(bodies.tolist())
    _advance_numba(bodies, steps, _DT)
    return before, _energy(bodies.tolist())


@njit(cache=False)
def _advance_numba(bodies, steps, dt):
    n = bodies.shape[0]
    for _ in range(steps):
        for i in range(n):
            for j in range(i + 1, n):
                dx = bodies[i, 0] - bodies[j, 0]
                dy = bodies[i, 1] - bodies[j, 1]
                dz = bodies[i, 2] - bodies[j, 2]
                d2 = dx * dx + dy * dy + dz * dz
                mag = dt / (d2 * np.sqrt(d2))
                mj, mi = bodies[j, 6] * mag, bodies[i, 6] * mag
                bodies[i, 3] -= dx * mj
                bodies[i, 4] -= dy * mj
                bodies[i, 5] -= dz * mj
                bodies[j, 3] += dx * mi
                bodies[j, 4] += dy * mi
                bodies[j, 5] += dz * mi
        for i in range(n):
            bodies[i, 0] += dt * bodies[i, 3]
            bodies[i, 1] += dt * bodies[i, 4]
            bodies[i, 2] += dt * bodies[i, 5]


def nbody_c(steps: int) -> tuple[float, float]:
    """The same program in plain C (c/nbody.c), compiled with -O3 and called once
    through ctypes: the yardstick of the energy study."""
    energies = (ctypes.c_double * 2)()
    _c_nbody()(steps, energies)
    return energies[0], energies[1]


@functools.cache
def _c_nbody():
    function = _compile.load("nbody").nbody
    function.argtypes = [ctypes.c_int, ctypes.POINTER(ctypes.c_double)]
    function.restype = None
    return function
