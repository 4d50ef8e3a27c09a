"""The catalogue of zero-repeat designs (cafe.designs) and the search that found them."""

import numpy as np
import pytest

from cafe.designs import CATALOGUE, decode, design, find, verify


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_catalogued_design_has_no_repeat_and_no_revisit(key):
    n, t, rounds, hosts = key
    seat = decode(CATALOGUE[key])
    assert seat.shape == (rounds, n)
    assert verify(seat, t, hosts) == []


def test_verify_reports_a_repeat_and_a_revisit():
    seat = np.array([[0, 0, 1, 1], [0, 0, 1, 1]])
    problems = verify(seat, 2, hosts=False)
    assert any("meet twice" in p for p in problems)
    assert any("revisits" in p for p in problems)


def test_design_serves_fewer_rounds_from_a_longer_one():
    longest = max(r for (n, t, r, h) in CATALOGUE if (n, t, h) == (60, 10, True))
    shorter = design(60, 10, longest - 2, hosts=True)
    assert shorter.shape == (longest - 2, 60)
    assert verify(shorter, 10, hosts=True) == []
    assert design(60, 10, longest + 1, hosts=True) is None


def test_the_search_finds_a_small_design_again():
    seat = find(30, 6, 4, hosts=True, seed=0, iterations=20000)
    assert seat is not None and verify(seat, 6, hosts=True) == []
