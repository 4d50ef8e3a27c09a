"""Tests of the rotation planner (pure domain, no app)."""

from collections import Counter
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cafe.rotation import Person, Table, assess_plan, assess_round, plan_rounds, seat_late_arrival


def check_hard_constraints(people, tables, plan, history=()):
    """Assert every hard constraint of the issue on a plan (history + planned rounds)."""
    ids = {p.id for p in people}
    rounds_total = len(history) + len(plan)
    for seating in plan:
        assert set(seating) == ids
        sizes = Counter(seating.values())
        counts = [sizes.get(T, 0) for T in range(len(tables))]
        uncapped = [c for c, tb in zip(counts, tables) if tb.capacity is None]
        for c, tb in zip(counts, tables):
            if tb.capacity is not None:
                assert c <= tb.capacity
        if uncapped:
            assert max(uncapped) - min(uncapped) <= 1
        for p in people:
            T = seating[p.id]
            assert 0 <= T < len(tables)
            if p.host_of is not None:
                assert T == p.host_of
            langs = tables[T].languages
            if p.language is not None and langs is not None:
                assert p.language in langs
        keys = {}
        for p in people:
            if p.together is not None:
                keys.setdefault(p.together, set()).add(seating[p.id])
        assert all(len(v) == 1 for v in keys.values())
    for p in people:
        if p.host_of is not None:
            continue
        suitable = [T for T, tb in enumerate(tables)
                    if tb.languages is None or p.language is None or p.language in tb.languages]
        past = [s[p.id] for s in history if p.id in s]
        if len(plan) + len(set(past)) <= len(suitable) and len(set(past)) == len(past):
            seq = past + [s[p.id] for s in plan]
            assert len(seq) == len(set(seq)), f"{p.id} revisits a table: {seq}"


def cafe(n, t, hosts=False, groups=None):
    names = []
    for name, count in (groups or {}).items():
        names += [name] * count
    names = (names + [None] * n)[:n]
    people = [Person(id=i, group=names[i], host_of=i if hosts and i < t else None) for i in range(n)]
    return people, [Table() for _ in range(t)]


@pytest.mark.parametrize("n,t,r", [(16, 4, 5), (9, 3, 4), (100, 20, 5), (60, 12, 4)])
def test_known_zero_repeat_plans_are_found(n, t, r):
    people, tables = cafe(n, t)
    plan = plan_rounds(people, tables, r)
    check_hard_constraints(people, tables, plan)
    quality = assess_plan(people, tables, plan)
    assert quality.repeated_pairs == 0
    assert quality.at_bound


def test_no_rounds_left_gives_empty_plan():
    people, tables = cafe(8, 2)
    first = plan_rounds(people, tables, 2)
    assert plan_rounds(people, tables, 2, history=first) == []
