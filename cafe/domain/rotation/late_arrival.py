"""seat_late_arrival: the table for someone who joins a café already under way."""
from __future__ import annotations

from typing import Sequence

import numpy as np

from cafe.domain.rotation.problem import Person, Seating, Table


def seat_late_arrival(
    person: Person,
    people: Sequence[Person],
    tables: Sequence[Table],
    seating: Seating,
    history: Sequence[Seating] = (),
) -> int:
    """Table index for a newcomer: the emptiest suitable table, preferring strangers and mixing."""
    if not tables:
        raise ValueError("no tables")
    if person.host_of is not None and 0 <= person.host_of < len(tables):
        return person.host_of
    by_id = {p.id: p for p in people}
    size = [0] * len(tables)
    known = [0] * len(tables)
    same_group = [0] * len(tables)
    together_at = None
    met = _met(person, history)
    for pid, T in seating.items():
        if pid == person.id or not (isinstance(T, (int, np.integer)) and 0 <= T < len(tables)):
            continue
        size[T] += 1
        known[T] += pid in met
        other = by_id.get(pid)
        if other is not None:
            if person.group is not None and other.group == person.group:
                same_group[T] += 1
            if person.together is not None and other.together == person.together:
                together_at = T
    if together_at is not None:
        return together_at

    def suitable(T: int) -> bool:
        tb = tables[T]
        lang_ok = tb.languages is None or person.language is None or person.language in tb.languages
        return lang_ok and (tb.capacity is None or size[T] < tb.capacity)

    candidates = [T for T in range(len(tables)) if suitable(T)]
    if not candidates:
        candidates = [T for T in range(len(tables)) if tables[T].capacity is None or size[T] < tables[T].capacity]
    if not candidates:
        raise ValueError("no free seat for the newcomer")
    return min(candidates, key=lambda T: (size[T], known[T], same_group[T], T))


def _met(person: Person, history: Sequence[Seating]) -> set:
    """Ids of everyone who shared a table with `person` in an earlier round."""
    met = set()
    for past in history:
        mine = past.get(person.id)
        if mine is not None:
            met.update(pid for pid, T in past.items() if T == mine and pid != person.id)
    return met
