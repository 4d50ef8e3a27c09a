"""Unit tests of dot voting and ranking: plain data, no app."""
from __future__ import annotations

import pytest

from cafe.domain.priorities import (
    clean_ballot,
    rank_by_group,
    rank_priorities,
    shown_group_counts,
    tally,
)
from cafe.domain.validation import Invalid


def theme(theme_id, votes=0, tables=1, rounds=1, position=None):
    return {"theme_id": theme_id, "votes": votes, "tables": tables, "rounds": rounds,
            "position": theme_id if position is None else position}


def test_ranking_is_by_votes_then_tables_then_rounds_then_found_order():
    themes = [theme(1, votes=5, tables=1), theme(2, votes=5, tables=4), theme(3, votes=9),
              theme(4, votes=5, tables=4, rounds=3), theme(5, votes=0), theme(6, votes=5, tables=1)]
    assert [t["theme_id"] for t in rank_priorities(themes)] == [3, 4, 2, 1, 6, 5]


def test_a_ballot_may_stack_dots_up_to_the_limit():
    assert clean_ballot({"7": 2, "9": 1}, theme_ids={7, 9}, dots=3) == {7: 2, 9: 1}
    assert clean_ballot({7: 3}, theme_ids={7}, dots=3) == {7: 3}
    assert clean_ballot({"7": 0}, theme_ids={7}, dots=3) == {}
    assert clean_ballot({}, theme_ids={7}, dots=3) == {}


@pytest.mark.parametrize("votes,error", [
    ({"7": 2, "9": 2}, "too_many_dots"),
    ({"8": 1}, "not_found"),
    ({"7": -1}, "out_of_range"),
    ({"7": 4}, "too_many_dots"),        # more dots than anyone has, as PROTOCOL.md says
    ({"7": "1"}, "wrong_type"),
    ({"7": True}, "wrong_type"),
    ({"seven": 1}, "wrong_type"),
    ({"7.0": 1}, "wrong_type"),
    ({"٧": 1}, "wrong_type"),          # an Arabic-Indic digit is not a theme id
    ([7], "wrong_type"),
    (None, "wrong_type"),
])
def test_bad_ballots_are_refused(votes, error):
    with pytest.raises(Invalid) as caught:
        clean_ballot(votes, theme_ids={7, 9}, dots=3)
    assert caught.value.code == error


def test_tally_adds_every_ballot():
    assert tally([{1: 2, 2: 1}, {2: 3}, {}]) == {1: 2, 2: 4}


def test_groups_under_five_people_are_never_shown():
    sizes = {"Resident": 12, "Staff": 4, "Youth": 5}
    counts = {"Resident": 3, "Staff": 2, "Youth": 1, None: 4}
    assert shown_group_counts(counts, sizes) == {"Resident": 3, "Youth": 1}


def test_ranking_by_group_uses_only_that_groups_votes_and_hides_small_groups():
    themes = [theme(1, votes=10, tables=3), theme(2, votes=6, tables=1)]
    ballots = [("Resident", {2: 3})] * 5 + [("Staff", {1: 3})] * 6 + [("Youth", {1: 1})] * 4 \
        + [(None, {1: 3})] * 9
    ranked = rank_by_group(ballots, themes)
    assert set(ranked) == {"Resident", "Staff"}
    assert [(t["theme_id"], t["votes"]) for t in ranked["Resident"]] == [(2, 15), (1, 0)]
    assert [(t["theme_id"], t["votes"]) for t in ranked["Staff"]] == [(1, 18), (2, 0)]
