"""Every socket event, random payloads, every role, every phase (hypothesis; bounded for CI).

Each event must get `ok: true` or `ok: false` with a documented error code. Never `internal`,
never a logged traceback, and a connection that may not change something never changes it.
CAFE_FUZZ_EXAMPLES sets the examples per (phase, role) case (default 30).
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from helpers import Cafe, connect, events, join, make_cafe
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cafe import create_app
from cafe.extensions import db
from cafe.web.messages import ERRORS
from cafe.models import ActionItem, CafeTable, Note, Participant, Seat, Theme, Vote
from cafe.models import Cafe as CafeRow

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("CAFE_FUZZ_EXAMPLES", "30"))
EVENTS = ["sync", "clock_sync", "submit_note", "leave_cafe", "open_cafe", "start_round",
          "pause_round", "resume_round", "add_minutes", "end_round", "rotate", "move_person",
          "set_host", "hide_note", "run_harvest", "rename_theme", "merge_themes", "move_note",
          "split_theme", "hide_theme", "open_voting", "close_voting", "set_tallies_visible",
          "cast_votes", "set_joining", "set_needs_language", "drop_tables", "", "connect", "*"]
KEYS = ["version", "id", "text", "round", "minutes", "person", "table", "note", "hidden", "theme",
        "into", "label", "notes", "dots", "visible", "votes", "open", "max_participants", "t",
        "language", "confirm", "needs_language"]
DOCUMENTED = set(ERRORS) | {"unknown_event"}
ODD_TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF,
                                          blacklist_categories=()), max_size=40)
SCALARS = (st.none() | st.booleans() | st.integers(min_value=-3, max_value=12)
           | st.integers() | st.sampled_from([2**31, 2**63, -2**63, 10**30])
           | st.floats(allow_nan=True, allow_infinity=True) | ODD_TEXT
           | st.sampled_from(["", " ", "\u200b", "\ud800", "x" * 5000, "1", "note-0001"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=6) | st.sampled_from(["1", "2"]), inner,
                                        max_size=4), max_leaves=12)
PAYLOADS = (st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=5) | VALUES)


@pytest.fixture
def fuzz_app(tmp_path):
    """The usual test app, with limits out of the way (rate_limited would hide the rest)."""
    app = create_app({"TESTING": True, "SECRET_KEY": "fuzz", "FACILITATOR_TOKEN": "fuzz-token-0123456789",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fuzz.sqlite3'}",
                      "WTF_CSRF_ENABLED": False, "PUBLIC_URL": "http://cafe.test",
                      "NOTE_RATE": "1000000 per minute", "EVENT_RATE": "1000000 per minute"})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def build(app, phase):
    """A two-table café in `phase`, with two phones that wrote notes; (café, phone sockets)."""
    staff = app.test_client()
    staff.get("/facilitator/?token=fuzz-token-0123456789")
    cafe = Cafe(app, staff, make_cafe(staff, tables=2, rounds=2))
    if phase == "draft":
        return cafe, []
    cafe.act("open_cafe")
    phones = [connect(app, join(app, cafe.code, group="Resident"), cafe.id, "participant")
              for _ in range(2)]
    if phase == "lobby":
        return cafe, phones
    cafe.act("start_round")
    for i, phone in enumerate(phones):
        for j, text in enumerate(["buses in the evening", "trees in the park", "bus shelters"]):
            assert phone.emit("submit_note", {"id": f"seed-{i}-{j}-0000", "text": text, "round": 1},
                              callback=True)["ok"]
    if phase == "running":
        return cafe, phones
    cafe.act("end_round")
    assert cafe.act("run_harvest")["ok"]
    if phase == "review":
        return cafe, phones
    cafe.act("rotate")
    cafe.act("start_round")
    cafe.act("end_round")
    assert cafe.act("open_voting", dots=3)["ok"]
    if phase == "voting":
        return cafe, phones
    cafe.act("close_voting")
    return cafe, phones                                   # results


def state(app, cafe_id, *, everything: bool):
    """What a connection without the right may not change (all of it, for the projector)."""
    with app.app_context():
        db.session.expire_all()
        row = db.session.get(CafeRow, cafe_id)
        fixed = [(row.phase, row.version, row.round_no, row.harvest_state, row.dots,
                  row.show_tallies, getattr(row, "joining_open", None),
                  getattr(row, "max_participants", None), row.ends_at,
                  row.remaining, row.title, tuple(row.questions))]
        fixed += sorted((t.position, t.name, t.host_id) for t in
                        db.session.query(CafeTable).filter_by(cafe_id=cafe_id))
        fixed += sorted((t.id, t.label, t.hidden) for t in
                        db.session.query(Theme).filter_by(cafe_id=cafe_id))
        fixed += sorted((n.id, n.hidden, n.theme_id) for n in
                        db.session.query(Note).filter_by(cafe_id=cafe_id))
        fixed += [a.id for a in db.session.query(ActionItem).filter_by(cafe_id=cafe_id)]
        if everything:
            fixed += sorted((n.id, n.text) for n in db.session.query(Note).filter_by(cafe_id=cafe_id))
            fixed += sorted((v.participant_id, v.theme_id, v.count) for v in
                            db.session.query(Vote).filter_by(cafe_id=cafe_id))
            fixed += sorted((s.participant_id, s.round_no, s.table_id) for s in
                            db.session.query(Seat).filter_by(cafe_id=cafe_id))
            fixed += sorted((p.id, p.left_at is None) for p in
                            db.session.query(Participant).filter_by(cafe_id=cafe_id))
        return fixed


@pytest.mark.parametrize("phase", ["draft", "lobby", "running", "review", "voting", "results"])
def test_every_event_with_random_payloads_is_answered_safely(fuzz_app, caplog, phase):
    app = fuzz_app
    cafe, phones = build(app, phase)
    staff = app.test_client()
    staff.get("/facilitator/?token=fuzz-token-0123456789")
    senders = {"projector": connect(app, staff, cafe.id, "projector")}
    if phones:                                          # nobody can join a draft café
        senders["participant"] = phones[0]
    senders["facilitator"] = cafe.staff                 # last: its changes may end the phase
    for role, sender in senders.items():
        fuzz(app, cafe.id, caplog, role, sender)


def fuzz(app, cafe_id, caplog, role, sender):
    """Send `sender`'s random events and check each answer and what it changed."""
    everything = role == "projector"

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(event=st.sampled_from(EVENTS), data=PAYLOADS)
    def one_event(event, data):
        before = state(app, cafe_id, everything=everything)
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            ack = sender.emit(event, data, callback=True)
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info], \
            (role, event, data, caplog.text)
        if role != "facilitator":
            assert state(app, cafe_id, everything=everything) == before, (role, event, data, ack)
        events(sender, "snapshot")          # drop what was broadcast meanwhile
        if event == "connect":              # a reserved name: its handler refuses, no ack object
            assert ack is False
            return
        assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool), (role, event, data, ack)
        if not ack["ok"]:
            assert ack["error"] in DOCUMENTED and ack["error"] != "internal", (role, event, data, ack)
            assert isinstance(ack["message"], str) and ack["message"]

    one_event()


def test_every_error_code_is_documented_in_the_protocol():
    protocol = (ROOT / "docs" / "PROTOCOL.md").read_text()
    missing = [code for code in sorted(DOCUMENTED) if f"`{code}`" not in protocol]
    assert not missing, missing
