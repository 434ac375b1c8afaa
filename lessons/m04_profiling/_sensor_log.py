"""A simulated day of sensor log lines, written to a text file.

Every line is one reading: ``2024-03-01T06:15:00 S0042 71.37 F OK``, that is the
time, the sensor, the raw reading, its unit (C, or F for every other sensor) and
a status (OK or ERR). About 2% of the lines come from sensors missing from the
list of known sensors, 1% have status ERR and 0.5% a reading of ``nan``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

DAY = "2024-03-01"


def sensor_names(count: int) -> list[str]:
    """The known sensors, in the order of the site's configuration file."""
    return [f"S{i:04d}" for i in range(count)]


def log_lines(lines: int, readings_per_sensor: int = 96, seed: int = 0) -> tuple[list[str], list[str]]:
    """``lines`` log lines from lines / readings_per_sensor sensors that report at regular times through
    the day (96: every 15 minutes), and the list of known sensors."""
    sensors = max(1, round(lines / readings_per_sensor))
    known = sensor_names(sensors)
    rng = np.random.default_rng(seed)
    every = 24 * 3600 / readings_per_sensor
    out: list[str] = []
    slot = 0
    while len(out) < lines:
        seconds = int(slot * every) % (24 * 3600)
        stamp = f"{DAY}T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
        celsius = 15 + 10 * rng.random(sensors)
        dice = rng.random(sensors)
        for i, name in enumerate(known[: lines - len(out)]):
            if dice[i] < 0.02:
                name = f"X{i:04d}"  # a sensor missing from the configuration
            unit = "F" if i % 2 else "C"
            value = celsius[i] * 9 / 5 + 32 if unit == "F" else celsius[i]
            reading = "nan" if dice[i] > 0.995 else f"{value:.2f}"
            status = "ERR" if 0.98 < dice[i] <= 0.99 else "OK"
            out.append(f"{stamp} {name} {reading} {unit} {status}")
        slot += 1
    return out, known


def write_log(path: Path, lines: int, readings_per_sensor: int = 96, seed: int = 0) -> list[str]:
    """Write ``lines`` log lines to ``path``; return the known sensors."""
    text, known = log_lines(lines, readings_per_sensor, seed)
    with open(path, "w") as file:
        for start in range(0, len(text), 100_000):
            file.write("".join(line + "\n" for line in text[start : start + 100_000]))
    return known
