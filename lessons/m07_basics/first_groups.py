"""Daily totals of the first k days, from records split over several monthly files.

Every function takes ``sources``, lists of (day, amount) records already sorted
by day and in day order one after the other (January's list, then February's),
and ``k``, and returns the first k (day, total) pairs. It uses ``itertools``:
``chain`` joins the sources, ``groupby`` groups the records of a day and
``islice`` stops after k groups.
"""

from __future__ import annotations

from itertools import chain, groupby, islice
from operator import itemgetter


def first_groups_lists(sources: list[list[tuple[int, float]]], k: int) -> list[tuple[int, float]]:
    """Concatenate everything, total every day in a dict, then keep the first k."""
    records: list[tuple[int, float]] = []
    for source in sources:
        records += source
    totals: dict[int, float] = {}
    for day, amount in records:
        totals[day] = totals.get(day, 0) + amount
    return list(totals.items())[:k]


def first_groups_itertools_eager(sources: list[list[tuple[int, float]]], k: int) -> list[tuple[int, float]]:
    """``chain`` and ``groupby`` without copying the sources, but still every group
    is totalled before the first k are kept."""
    days = groupby(chain.from_iterable(sources), key=itemgetter(0))
    totals = [(day, sum(amount for _, amount in records)) for day, records in days]
    return totals[:k]


def first_groups_itertools_lazy(sources: list[list[tuple[int, float]]], k: int) -> list[tuple[int, float]]:
    """The same chain and groupby as a lazy pipeline cut by ``islice``: records after
    the k-th day are never read."""
    days = groupby(chain.from_iterable(sources), key=itemgetter(0))
    totals = ((day, sum(amount for _, amount in records)) for day, records in days)
    return list(islice(totals, k))
