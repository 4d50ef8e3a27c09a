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


def test_the_32_8_10_design_is_what_its_script_prints():
    """The catalogue's comment names the command; the SAT search behind it is deterministic."""
    golfer = pytest.importorskip("tools.golfer_8_4_10")
    seat = golfer.find_plan()
    assert seat is not None and verify(seat, 8, hosts=False) == []
    assert (seat == decode(CATALOGUE[(32, 8, 10, False, 0)])).all()


def test_30_people_at_6_tables_with_hosts_cannot_go_6_rounds_without_a_repeat():
    """The bench's 30/6/6-with-hosts rows are marked impossible on the strength of this search."""
    proof = pytest.importorskip("tools.proof_30_6_6")
    assert proof.zero_repeat_plan_exists(5) is True       # the encoding finds 20 people at 5 tables
    assert proof.zero_repeat_plan_exists(6) is False
