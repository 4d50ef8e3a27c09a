"""Pure domain, no app: paper tallies are checked and ranked, and the printed materials carry
what a venue needs."""
from __future__ import annotations

import io

import pytest

from cafe.domain.report.printed import (
    build_ballots_pdf,
    build_poster_pdf,
    build_seating_pdf,
    build_table_cards_pdf,
)
from cafe.domain.priorities import clean_paper_tallies, rank_by_group, rank_priorities
from cafe.domain.errors import Invalid

pypdf = pytest.importorskip("pypdf")
GROUPS = ["Resident", "Staff"]


def text_of(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_paper_tallies_are_kept_per_theme_and_group():
    voters, counts = clean_paper_tallies(
        [{"theme": 1, "group": None, "count": 4}, {"theme": 1, "group": "Staff", "count": 2},
         {"theme": 2, "group": None, "count": 0}],
        theme_ids={1, 2}, groups=GROUPS, voters=2, dots=3)
    assert voters == 2 and counts == {(1, None): 4, (1, "Staff"): 2}      # zero counts dropped


@pytest.mark.parametrize("entries, voters, code", [
    ([{"theme": 1, "group": None, "count": -2}], 1, "negative_count"),
    ([{"theme": 1, "group": None, "count": 4}], 1, "too_many_paper_dots"),
    ([{"theme": 1, "group": None, "count": 2}, {"theme": 2, "group": "Staff", "count": 2}], 1,
     "too_many_paper_dots"),
    ([{"theme": 3, "group": None, "count": 1}], 1, "not_found"),
    ([{"theme": 1, "group": "Nobody", "count": 1}], 1, "unknown_group"),
    ([{"theme": 1, "group": None, "count": True}], 1, "wrong_type"),
    ([{"theme": True, "group": None, "count": 1}], 1, "wrong_type"),
    ([], -1, "out_of_range"),
    ([], 10_001, "out_of_range"),
    ("1:4", 1, "wrong_type"),
])
def test_bad_paper_tallies_are_refused(entries, voters, code):
    with pytest.raises(Invalid) as refused:
        clean_paper_tallies(entries, theme_ids={1, 2}, groups=GROUPS, voters=voters, dots=3)
    assert refused.value.code == code


def test_paper_dots_join_a_groups_ranking_only_where_the_group_is_shown():
    themes = [{"theme_id": 1, "votes": 0, "tables": 1, "rounds": 1, "position": 0},
              {"theme_id": 2, "votes": 0, "tables": 1, "rounds": 1, "position": 1}]
    ballots = [("Resident", {1: 1})] * 5 + [("Staff", {1: 1})]
    ranked = rank_by_group(ballots, themes, paper={"Resident": {2: 9}, "Staff": {2: 9}})
    assert list(ranked) == ["Resident"]                   # 1 staff voter: never shown
    assert [(t["theme_id"], t["votes"]) for t in ranked["Resident"]] == [(2, 9), (1, 5)]
    assert rank_priorities([dict(themes[0], votes=3), dict(themes[1], votes=4)])[0]["theme_id"] == 2


TABLES = [{"name": "1", "label": "Table 1", "colour": "#0072B2", "text_colour": "#ffffff",
           "colour_name": "Blue"},
          {"name": "Library", "label": "Table Library", "colour": "#F0E442",
           "text_colour": "#000000", "colour_name": "Yellow"}]
JOIN = {"title": "Café ¿Qué?", "join_url": "http://cafe.test/j/ABCD2345",
        "join_page": "http://cafe.test/join", "join_code": "ABCD2345"}


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_table_cards_have_a_page_per_table_with_the_questions(size):
    pdf = build_table_cards_pdf(JOIN | {"questions": ["What matters?", "¿Qué importa?"],
                                        "tables": TABLES}, page_size=size)
    pages = text_of(pdf)
    assert len(pages) == 2
    assert "Table Library" in pages[1] and "Yellow" in pages[1]
    for page in pages:
        assert "What matters?" in page and "¿Qué importa?" in page and "ABCD2345" in page


def test_poster_seating_and_ballots_read_back():
    assert "ABCD2345" in text_of(build_poster_pdf(JOIN))[0]
    seating = text_of(build_seating_pdf({"title": "Café", "round": 2, "rounds": 3, "tables": [
        dict(TABLES[0], people=["Ana (host)", "Rosa"]), dict(TABLES[1], people=[])]}))[0]
    assert "round 2 of 3" in seating and "Ana (host), Rosa" in seating
    ballots = text_of(build_ballots_pdf({"title": "Café", "dots": 3, "groups": GROUPS, "themes": [
        {"number": 1, "label": "Better buses"}, {"number": 2, "label": "Safer parks"}]}))[0]
    assert "1. Better buses" in ballots and "2. Safer parks" in ballots
    assert "you have 3 dots" in ballots and "Staff" in ballots


def test_a_page_size_other_than_a4_or_letter_is_refused():
    with pytest.raises(ValueError):
        build_poster_pdf(JOIN, page_size="A3")
