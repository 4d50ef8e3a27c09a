"""Seating by language in the pure domain: who sits where their language is not spoken, and the
languages the tables cannot seat everyone in (no app)."""
from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cafe.domain.rotation import (
    Person,
    Table,
    assess_plan,
    assess_round,
    language_misfits,
    language_shortfalls,
    speaks,
    unspoken_languages,
)

ES, EN, BOTH, ANY = (Table(languages=frozenset({"es"})), Table(languages=frozenset({"en"})),
                     Table(languages=frozenset({"en", "es"})), Table())


def people(*needs, hosts=None):
    hosts = hosts or {}
    return [Person(id=i, language=need, host_of=hosts.get(i)) for i, need in enumerate(needs)]


def test_a_table_speaks_its_languages_and_one_without_languages_speaks_any():
    assert speaks(ES, "es") and not speaks(ES, "en") and speaks(ES, None)
    assert speaks(ANY, "ar") and speaks(BOTH, "en")


def test_misfits_are_the_people_seated_where_their_language_is_not_spoken():
    folk = people("es", "en", None, "es")
    seating = {0: 0, 1: 0, 2: 1, 3: 2}         # 1 needs English at the Spanish table
    assert language_misfits(folk, [ES, EN, ANY], seating) == [(1, 0)]
    assert language_misfits(folk, [ES, EN, ANY], {0: 1, 3: 1}) == [(0, 1), (3, 1)]


def test_a_language_no_table_speaks_is_named():
    assert unspoken_languages([ES, EN], ["en", "es", "ar"]) == ["ar"]
    assert unspoken_languages([ES, ANY], ["en", "ar"]) == []


def test_enough_seats_in_each_language_means_no_shortfall():
    # 12 people at 3 tables: 4 a table; 4 need Spanish and one table speaks it
    folk = people(*(["es"] * 4 + ["en"] * 4 + [None] * 4))
    assert language_shortfalls(folk, [ES, EN, ANY]) == {}


def test_more_spanish_speakers_than_spanish_seats_is_a_shortfall_of_the_difference():
    # 9 people at 3 tables seat 3 a table: 5 need Spanish, only one Spanish table
    folk = people(*(["es"] * 5 + [None] * 4))
    assert language_shortfalls(folk, [ES, EN, EN]) == {"es": 2}


def test_languages_competing_for_a_shared_table_fall_short_together():
    # 9 people at 3 tables of 3; each language alone fits the bilingual table, both do not
    arabic = Table(languages=frozenset({"ar"}))
    folk = people(*(["es"] * 2 + ["en"] * 2 + [None] * 5))
    short = language_shortfalls(folk, [BOTH, arabic, arabic])
    assert short == {"en": 1} or short == {"es": 1}


def test_a_host_keeps_their_seat_at_their_table():
    # 6 people at 2 tables of 3; the Spanish table's host needs nothing: 2 Spanish seats left
    folk = people(None, "es", "es", "es", None, None, hosts={0: 0})
    assert language_shortfalls(folk, [ES, EN]) == {"es": 1}


def test_a_language_no_table_speaks_is_short_by_everyone_who_needs_it():
    assert language_shortfalls(people("ar", "ar", None, None), [ES, EN]) == {"ar": 2}


def test_the_round_figures_count_people_not_at_a_table_in_their_language():
    folk = people("es", "en", None)
    tables = [ES, EN]
    assert assess_round(folk, tables, [], {0: 0, 1: 1, 2: 0}).wrong_language == 0
    assert assess_round(folk, tables, [], {0: 1, 1: 1, 2: 0}).wrong_language == 1
    plan = [{0: 1, 1: 1, 2: 0}, {0: 1, 1: 0, 2: 0}]
    assert assess_plan(folk, tables, plan).wrong_language == 3


def _hall_shortfall(needs: list, tables: list[Table]) -> int:
    """Fewest people who cannot sit where their language is spoken, by brute force (Hall)."""
    n, t = len(needs), len(tables)
    hi = math.ceil(n / t)
    langs = sorted({x for x in needs if x is not None})
    worst = 0
    for k in range(1, len(langs) + 1):
        for group in itertools.combinations(langs, k):
            people_in = sum(1 for x in needs if x in group)
            seats = sum(hi for tb in tables if any(speaks(tb, lang) for lang in group))
            worst = max(worst, people_in - seats)
    return worst


TABLE_KINDS = st.sampled_from([ES, EN, BOTH, ANY, Table(languages=frozenset({"ar"}))])


@settings(max_examples=200, deadline=None, derandomize=True)
@given(tables=st.lists(TABLE_KINDS, min_size=1, max_size=6),
       needs=st.lists(st.sampled_from(["es", "en", "ar", None]), min_size=1, max_size=40))
def test_the_shortfall_is_what_no_seating_can_avoid(tables, needs):
    """The max flow's total shortfall equals the brute-force deficiency (Hall's theorem)."""
    short = language_shortfalls(people(*needs), tables)
    assert all(count > 0 for count in short.values())
    assert sum(short.values()) == _hall_shortfall(needs, tables)


@pytest.mark.parametrize("needs", [["es"] * 3, [None] * 3, []])
def test_no_tables_or_no_needs_mean_no_shortfall(needs):
    assert language_shortfalls(people(*needs), [ANY, ANY]) == {}
    assert language_shortfalls(people(*needs), []) == {}
