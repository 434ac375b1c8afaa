"""Tests of lessons/m01_motivation/_costs.py: Amdahl's law and the cost of core-hours."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons.m01_motivation import _costs, _energy

fractions = st.floats(0.0, 1.0, allow_nan=False)
workers = st.integers(1, 10_000)
# relative slack for rounding in 1 / ((1 - p) + p / n): a few units in the last place
ROUNDING = 1e-12


@given(p=fractions, n=workers)
def test_amdahl_speedup_lies_between_one_and_the_workers(p: float, n: int) -> None:
    speedup = _costs.amdahl_speedup(p, n)
    assert 1.0 - ROUNDING <= speedup <= n * (1.0 + ROUNDING)


@given(p=fractions, n=workers)
def test_amdahl_speedup_grows_with_workers_and_stays_below_its_limit(p: float, n: int) -> None:
    speedup, more = _costs.amdahl_speedup(p, n), _costs.amdahl_speedup(p, n + 1)
    assert more >= speedup * (1.0 - ROUNDING)
    if p < 1.0:
        assert speedup <= (1.0 / (1.0 - p)) * (1.0 + ROUNDING)


@given(p=st.floats(0.0, 0.99))
def test_amdahl_speedup_tends_to_one_over_the_serial_fraction(p: float) -> None:
    limit = 1.0 / (1.0 - p)
    # speedup / limit = 1 / (1 + p / ((1 - p) n)): within 1e-4 of 1 for p <= 0.99 at n = 10^6
    assert _costs.amdahl_speedup(p, 10**6) == pytest.approx(limit, rel=1e-3)


def test_what_the_page_says_about_amdahl() -> None:
    # a loop that is 95% serial: a second core buys 2.6%, a thousand cores about 5%, never more than 1/0.95
    assert _costs.amdahl_speedup(0.05, 2) == pytest.approx(1 / (0.95 + 0.025))
    assert round(_costs.amdahl_speedup(0.05, 2), 3) == 1.026
    assert _costs.amdahl_speedup(0.05, 1000) < 1 / 0.95 < 1.053
    # all parallel: as many times faster as there are workers; none: no faster at all
    assert _costs.amdahl_speedup(1.0, 8) == 8.0 and _costs.amdahl_speedup(0.0, 8) == 1.0


@pytest.mark.parametrize(("p", "n"), [(-0.1, 2), (1.5, 2), (0.5, 0)])
def test_amdahl_speedup_refuses_what_has_no_meaning(p: float, n: int) -> None:
    with pytest.raises(ValueError):
        _costs.amdahl_speedup(p, n)


def test_units_of_the_cost() -> None:
    # one core-hour at 1000 W with no overhead is 1 kWh; at 500 g/kWh that is 0.5 kg CO2; at 0.30 EUR/kWh, 0.30 EUR
    cost = _costs.cost_of_core_hours(1.0, euros_per_kwh=0.30, grams_co2_per_kwh=500.0, watts_per_core=1000.0, pue=1.0)
    assert cost == _costs.Cost(kwh=1.0, kg_co2=0.5, euros=0.30)
    # the defaults: 12 W a core and a PUE of 1.67, so 1000 core-hours draw 20.04 kWh
    # the page's example: 1,000 core-hours with the defaults, at 0.25 EUR/kWh
    example = _costs.cost_of_core_hours(1000.0, euros_per_kwh=0.25)
    assert example.kwh == pytest.approx(20.04) and example.euros == pytest.approx(5.01)
    assert round(example.kg_co2, 1) == 9.6
    assert _costs.kwh_from_joules(3.6e6) == 1.0
    assert _costs.cost_of_core_hours(0.0, euros_per_kwh=0.30) == _costs.Cost(0.0, 0.0, 0.0)


positive = st.floats(0.0, 1e6, allow_nan=False)


@given(hours=positive, more=positive, watts=positive, grams=positive, price=positive, pue=st.floats(1.0, 3.0))
def test_cost_grows_with_hours_and_with_every_factor(
    hours: float, more: float, watts: float, grams: float, price: float, pue: float
) -> None:
    def cost(h: float, w: float = watts, g: float = grams) -> _costs.Cost:
        return _costs.cost_of_core_hours(h, euros_per_kwh=price, grams_co2_per_kwh=g, watts_per_core=w, pue=pue)

    base, longer, hungrier, dirtier = (
        cost(hours),
        cost(hours + more),
        cost(hours, w=watts + more),
        cost(hours, g=grams + more),
    )
    for bigger in (longer, hungrier):
        assert bigger.kwh >= base.kwh and bigger.kg_co2 >= base.kg_co2 and bigger.euros >= base.euros
    assert dirtier.kwh == base.kwh and dirtier.kg_co2 >= base.kg_co2 and dirtier.euros == base.euros
    # kg CO2 and euros are both proportional to the kWh
    assert math.isclose(base.kg_co2, base.kwh * grams / 1000, rel_tol=1e-12, abs_tol=1e-300)
    assert math.isclose(base.euros, base.kwh * price, rel_tol=1e-12, abs_tol=1e-300)


def test_measured_joules_turn_into_kwh() -> None:
    """Where the machine exposes readable RAPL counters, one call's joules (read by _energy) in kWh."""
    facts = _energy.measure_call(lambda: sum(i * i for i in range(200_000)))
    if facts["energy_joules"] is None:
        pytest.skip(facts["energy_source"])
    kwh = _costs.kwh_from_joules(facts["energy_joules"])
    assert kwh >= 0 and kwh * _costs.JOULES_PER_KWH == pytest.approx(facts["energy_joules"])
