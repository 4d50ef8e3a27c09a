"""The proofs behind the catalogue of designs and the bench's verdicts: long SAT searches.

They run the scripts under tools/ (30 s to several minutes on a shared 2-core machine), so they
sit with the slow tests here rather than in tests/domain, which stays quick.
"""

import pytest

from cafe.domain.rotation.catalogue import CATALOGUE, decode, verify


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
