"""Seating by language: who sits where their language is not spoken, and the languages the
tables cannot seat everyone in.

A table speaks the languages it lists, or any language when it lists none; a person who needs
no language may sit anywhere. The planner keeps table sizes within one person of each other
(`_size_bounds`), so a language's seats are the seats of the tables that speak it at that size:
when more people need it than those seats, some must sit elsewhere, and the facilitator is told
who before confirming a rotation.
"""
from __future__ import annotations

from typing import Hashable, Iterable, Sequence

import numpy as np

from cafe.domain.rotation.problem import Person, Seating, Table, _size_bounds


def speaks(table: Table, language: str | None) -> bool:
    """Whether someone who needs `language` (None: any) is understood at `table`."""
    return language is None or table.languages is None or language in table.languages


def language_misfits(people: Sequence[Person], tables: Sequence[Table],
                     seating: Seating) -> list[tuple[Hashable, int]]:
    """(person id, table index) of everyone seated at a table that does not speak their language."""
    out = []
    for p in people:
        T = seating.get(p.id)
        if isinstance(T, (int, np.integer)) and 0 <= T < len(tables) \
                and not speaks(tables[T], p.language):
            out.append((p.id, int(T)))
    return out


def unspoken_languages(tables: Sequence[Table], languages: Iterable[str]) -> list[str]:
    """Those of `languages` that no table speaks (a table that lists none speaks them all)."""
    return [lang for lang in languages if not any(speaks(tb, lang) for tb in tables)]


def language_shortfalls(people: Sequence[Person], tables: Sequence[Table]) -> dict[str, int]:
    """{language: how many of those who need it cannot sit where it is spoken} for one round.

    Tables are filled to the planner's sizes (within one person of each other, never above a
    capacity); hosts stay at their own tables. Computed as a maximum flow from the people,
    grouped by the language they need, to the tables that speak it: exact for the counts (which
    of several languages competing for a shared table comes short is one of the possible
    answers). Languages that every one of their people can have are left out.
    """
    if not people or not tables:
        return {}
    _, hi = _size_bounds(len(people), [tb.capacity for tb in tables])
    room = list(hi)
    travellers: dict[str | None, int] = {}
    for p in people:
        if p.host_of is not None and 0 <= p.host_of < len(tables):
            room[p.host_of] -= 1         # a host keeps their table, understood or not
        else:
            travellers[p.language] = travellers.get(p.language, 0) + 1
    needed = {lang: count for lang, count in travellers.items() if lang is not None}
    if not needed:
        return {}
    met = _max_flow_by_language(travellers, tables, [max(0, r) for r in room])
    return {lang: count - met[lang] for lang, count in needed.items() if met[lang] < count}


def _max_flow_by_language(travellers: dict, tables: Sequence[Table], room: list[int]) -> dict:
    """How many of each language group (None: anyone) a maximum flow seats where it is spoken."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_flow

    langs = list(travellers)
    source, sink, first_table = 0, 1, 2 + len(langs)
    size = first_table + len(tables)
    rows, cols, caps = [], [], []
    for k, lang in enumerate(langs):
        rows.append(source), cols.append(2 + k), caps.append(travellers[lang])
        for T, tb in enumerate(tables):
            if speaks(tb, lang):
                rows.append(2 + k), cols.append(first_table + T), caps.append(travellers[lang])
    for T, free in enumerate(room):
        rows.append(first_table + T), cols.append(sink), caps.append(free)
    graph = csr_matrix((np.array(caps, dtype=np.int32), (rows, cols)), shape=(size, size))
    flow = maximum_flow(graph, source, sink).flow
    return {lang: int(flow[source, 2 + k]) for k, lang in enumerate(langs)}
