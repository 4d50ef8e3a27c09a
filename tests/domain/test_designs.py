"""The catalogue of zero-repeat designs (cafe.domain.rotation.catalogue) and the proofs behind the bench's verdicts."""

import numpy as np
import pytest

from cafe.domain.rotation.catalogue import CATALOGUE, decode, designs, verify


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


def test_designs_serve_fewer_rounds_from_a_longer_one_only_without_revisits():
    shorter = designs(32, 8, 9, hosts=False)
    assert shorter and all(d.shape == (9, 32) and verify(d, 8, hosts=False) == [] for d in shorter)
    assert designs(32, 8, 11, hosts=False) == []
    # with 8 rounds at 8 tables nobody may revisit a table; the 10-round design's first 8 rounds
    # do revisit, so none is served (the planner's GF(8) lines give zero repeats there anyway)
    assert all(verify(d, 8, hosts=False) == [] for d in designs(32, 8, 8, hosts=False))


# The two proofs behind the catalogue and the bench's verdicts are long searches (a SAT solver,
# a minute or more on a busy machine): they live in tests/e2e/test_design_proofs.py.
