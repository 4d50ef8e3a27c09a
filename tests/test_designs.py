"""The catalogue of zero-repeat designs (cafe.designs) and the search that found them."""

import numpy as np
import pytest

from cafe.designs import CATALOGUE, decode, designs, find, verify


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_catalogued_design_has_no_repeat_and_no_revisit(key):
    n, t, rounds, hosts, _ = key
    seat = decode(CATALOGUE[key])
    assert seat.shape == (rounds, n)
    assert verify(seat, t, hosts) == []


def test_verify_reports_a_repeat_and_a_revisit():
    seat = np.array([[0, 0, 1, 1], [0, 0, 1, 1]])
    problems = verify(seat, 2, hosts=False)
    assert any("meet twice" in p for p in problems)
    assert any("revisits" in p for p in problems)


def test_designs_serve_fewer_rounds_from_a_longer_one():
    longest = max(r for (n, t, r, h, _) in CATALOGUE if (n, t, h) == (60, 10, True))
    shorter = designs(60, 10, longest - 2, hosts=True)
    assert shorter and all(d.shape == (longest - 2, 60) for d in shorter)
    assert all(verify(d, 10, hosts=True) == [] for d in shorter)
    assert designs(60, 10, longest + 1, hosts=True) == []


def test_the_search_finds_a_catalogued_design_again():
    # the catalogue's comments give the command and seed; the search is deterministic
    seat = find(60, 10, 5, hosts=False, seed=5, iterations=20000)
    assert seat is not None and (seat == decode(CATALOGUE[(60, 10, 5, False, 1)])).all()


def test_30_people_at_6_tables_with_hosts_cannot_go_6_rounds_without_a_repeat():
    """The bench's 30/6/6-with-hosts rows are marked impossible on the strength of this search."""
    proof = pytest.importorskip("bench.proof_30_6_6")
    assert proof.zero_repeat_plan_exists(5) is True       # the encoding finds 20 people at 5 tables
    assert proof.zero_repeat_plan_exists(6) is False
