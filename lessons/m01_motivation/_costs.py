"""What more cores can buy (Amdahl's law) and what the cores and hours cost (energy, CO2, money).

Two small calculations that go with the "more cores" story (more_cores.py):

- ``amdahl_speedup``: the most a program can be sped up on ``workers`` cores when
  only a fraction of its run time can be shared out (Amdahl, "Validity of the
  single processor approach to achieving large scale computing capabilities",
  AFIPS 1967, https://doi.org/10.1145/1465482.1465560).
- ``cost_of_core_hours``: core-hours turned into kilowatt-hours, kilograms of CO2
  and euros, the way the Green Algorithms calculator does it (Lannelongue, Grealey
  and Inouye, "Green Algorithms: Quantifying the Carbon Footprint of Computation",
  Advanced Science 2021, https://doi.org/10.1002/advs.202100707):
  energy = hours x (cores x watts per core x usage + memory GB x watts per GB) x PUE.

The factors are the caller's: the defaults below are the calculator's and the
world's average grid, each named with its source; put in your own machine's and
country's where you know them.
"""

from __future__ import annotations

from dataclasses import dataclass

# Green Algorithms' defaults: the power drawn per core of a processor model it does not know ("Any")
# and the average data centre's PUE, power usage effectiveness, the building's energy over the
# computers' (green-algorithms-tool, data v2.2); the power per GB of memory is the paper's.
WATTS_PER_CORE = 12.0
WATTS_PER_GB_MEMORY = 0.3725
PUE = 1.67
# The world's average carbon intensity of electricity in 2023: Ember and Energy Institute, processed by
# Our World in Data, "Carbon intensity of electricity generation",
# https://ourworldindata.org/grapher/carbon-intensity-electricity (the same chart gives each country's).
GRAMS_CO2_PER_KWH_WORLD_2023 = 481.0
JOULES_PER_KWH = 3.6e6


def amdahl_speedup(parallel_fraction: float, workers: int) -> float:
    """The speedup on ``workers`` cores of a program whose ``parallel_fraction`` of run time can be
    shared out perfectly and the rest not at all: 1 / ((1 - p) + p / workers).

    It never exceeds ``workers``, and however many workers there are it stays below 1 / (1 - p):
    a loop that is 95% serial (p = 0.05) gains at most 1/0.95, about 5%.
    """
    if not 0.0 <= parallel_fraction <= 1.0:
        raise ValueError(f"parallel_fraction must be between 0 and 1, not {parallel_fraction}")
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    return 1.0 / ((1.0 - parallel_fraction) + parallel_fraction / workers)


@dataclass(frozen=True)
class Cost:
    """What a computation costs besides time."""

    kwh: float  # electricity drawn, the data centre's overhead (PUE) included
    kg_co2: float  # CO2-equivalent emitted producing that electricity
    euros: float  # at the price per kWh given


def kwh_from_joules(joules: float) -> float:
    """Joules (what RAPL counters report) in kilowatt-hours: 1 kWh = 3.6 million J."""
    return joules / JOULES_PER_KWH


def cost_of_core_hours(
    core_hours: float,
    euros_per_kwh: float,
    grams_co2_per_kwh: float = GRAMS_CO2_PER_KWH_WORLD_2023,
    watts_per_core: float = WATTS_PER_CORE,
    pue: float = PUE,
    memory_gb_hours: float = 0.0,
) -> Cost:
    """The electricity, CO2 and money of ``core_hours`` core-hours (cores x hours of wall time,
    or the CPU-seconds a run used / 3600), plus ``memory_gb_hours`` GB of memory held x hours."""
    watt_hours = (core_hours * watts_per_core + memory_gb_hours * WATTS_PER_GB_MEMORY) * pue
    kwh = watt_hours / 1000.0
    return Cost(kwh=kwh, kg_co2=kwh * grams_co2_per_kwh / 1000.0, euros=kwh * euros_per_kwh)
