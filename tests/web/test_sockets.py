"""Socket flows with Flask-SocketIO's test client: what phones and the facilitator see and can do."""
from __future__ import annotations

import sqlite3

import pytest
from helpers import Cafe, connect, events, join, make_cafe

from cafe import services

GROUPS = ["Resident", "Community organization", "Health or social service staff"]


def phone(app, cafe, **kwargs):
    """Join from a new phone and connect its socket; returns (socket client, first snapshot)."""
    http = join(app, cafe.code, **kwargs)
    sio = connect(app, http, cafe.id, "participant")
    snapshots = events(sio, "snapshot")
    assert len(snapshots) == 1
    return sio, snapshots[0]


def send_note(sio, text, round_no=1, client_id="note-0001"):
    return sio.emit("submit_note", {"id": client_id, "text": text, "round": round_no},
                    callback=True)


def sync(sio):
    ack = sio.emit("sync", {}, callback=True)
    assert ack["ok"]
    return ack["snapshot"]


# --- joining ----------------------------------------------------------------------------------

def test_join_seats_people_evenly_and_snapshot_shows_table_question_and_clock(app, cafe):
    phones = [phone(app, cafe, group=GROUPS[i % 3]) for i in range(7)]
    tables = [snap["me"]["table"] for _, snap in phones]
    assert sorted(tables.count(t) for t in range(3)) == [2, 2, 3]
    _, snap = phones[0]
    assert snap["cafe"]["question"] == "What matters most here?"
    assert snap["cafe"]["phase"] == "lobby"
    assert snap["cafe"]["tables"][snap["me"]["table"]]["colour_key"] in ("blue", "orange", "green")
    assert snap["me"]["name"]                      # a pseudonym when none is given
    assert len(cafe.snapshot()["people"]) == 7


def test_staff_hear_of_each_newcomer(app, cafe):
    cafe.staff.get_received()
    phone(app, cafe, name="Rosa", group="Resident")
    joined = events(cafe.staff, "person_joined")
    assert [p["name"] for p in joined] == ["Rosa"]
    assert joined[0]["group"] == "Resident"


def test_a_participant_connection_without_seat_cookie_is_refused(app, cafe):
    stranger = connect(app, app.test_client(), cafe.id, "participant")
    assert not stranger.is_connected()


def test_a_seat_cookie_for_another_cafe_does_not_open_this_one(app, facilitator, cafe):
    other = Cafe(app, facilitator, make_cafe(facilitator, title="Other café"))
    other.act("open_cafe")
    http = join(app, other.code)
    assert not connect(app, http, cafe.id, "participant").is_connected()


def test_reconnecting_resumes_the_same_seat_with_a_full_snapshot(app, cafe):
    http = join(app, cafe.code, name="Ana")
    first = connect(app, http, cafe.id, "participant")
    me = events(first, "snapshot")[0]["me"]
    cafe.act("start_round")
    assert send_note(first, "Bus stops need shelters")["ok"]
    first.disconnect()
    again = connect(app, http, cafe.id, "participant")
    snap = events(again, "snapshot")[0]
    assert snap["me"]["id"] == me["id"] and snap["me"]["table"] == me["table"]
    assert snap["me"]["name"] == "Ana"
    assert snap["cafe"]["phase"] == "running"      # learnt without having seen round_started
    assert [n["text"] for n in snap["notes"]] == ["Bus stops need shelters"]
    assert snap["notes"][0]["mine"] is True


def test_a_reconnect_reads_the_seat_once(app, cafe):
    """A storm of 500 reconnects is CPU-bound: the snapshot reuses the participant the seat
    cookie was checked against instead of reading the same row again (docs/LOAD.md)."""
    from sqlalchemy import event

    from cafe.extensions import db
    http = join(app, cafe.code, name="Ana")
    cafe.act("start_round")
    with app.app_context():
        engine = db.engine
    statements = []

    def record(_conn, _cursor, statement, *_):
        statements.append(statement)
    event.listen(engine, "before_cursor_execute", record)
    try:
        phone = connect(app, http, cafe.id, "participant")
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert events(phone, "snapshot")[0]["me"]["name"] == "Ana"
    reads = [" ".join(s.split()) + " " for s in statements]
    reads = [s for s in reads if " FROM participants " in s]
    # the row itself once (by its seat token), and the party it sits with (companion_of)
    assert len([s for s in reads if "companion_of = ?" not in s]) == 1, reads
    assert len(reads) == 2, reads


# --- the clock --------------------------------------------------------------------------------

def test_round_clock_is_an_absolute_end_time_shared_by_everyone(app, cafe):
    sio, _ = phone(app, cafe)
    before = services.now()
    ack = cafe.act("start_round")
    assert ack["ok"]
    changed = events(sio, "cafe_changed")[-1]
    assert changed["phase"] == "running"
    assert before + 1200 <= changed["ends_at"] <= services.now() + 1200
    assert changed["ends_at"] == ack["cafe"]["ends_at"]


def test_pause_keeps_time_left_and_resume_restarts_from_it(app, cafe):
    cafe.act("start_round")
    paused = cafe.act("pause_round")["cafe"]
    assert paused["phase"] == "paused" and paused["ends_at"] is None
    assert 1190 < paused["remaining"] <= 1200
    resumed = cafe.act("resume_round")["cafe"]
    assert resumed["phase"] == "running"
    assert resumed["ends_at"] - resumed["server_now"] == pytest.approx(paused["remaining"], abs=1)


def test_add_minutes_while_running_and_while_paused(app, cafe):
    start = cafe.act("start_round")["cafe"]
    later = cafe.act("add_minutes", minutes=5)["cafe"]
    assert later["ends_at"] == pytest.approx(start["ends_at"] + 300, abs=0.5)
    paused = cafe.act("pause_round")["cafe"]
    more = cafe.act("add_minutes", minutes=1)["cafe"]
    assert more["remaining"] == pytest.approx(paused["remaining"] + 60, abs=0.01)


def test_clock_sync_returns_server_time(app, cafe):
    sio, _ = phone(app, cafe)
    ack = sio.emit("clock_sync", {"t": 123}, callback=True)
    assert ack["ok"] and ack["t"] == 123 and ack["server_now"] == pytest.approx(services.now(), abs=5)


def test_a_restart_loses_no_time(app, cafe, tmp_path):
    """The end time lives in the database, so a new app process shows the same clock."""
    ends_at = cafe.act("start_round")["cafe"]["ends_at"]
    from cafe import create_app
    again = create_app({"TESTING": True, "SECRET_KEY": "test-secret",
                        "FACILITATOR_TOKEN": app.config["FACILITATOR_TOKEN"],
                        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    with again.app_context():
        assert services.get_cafe(cafe.id).ends_at == ends_at


# --- compare-and-set --------------------------------------------------------------------------

def test_two_clicks_on_the_same_transition_make_one(app, facilitator, cafe):
    second_tab = connect(app, facilitator, cafe.id, "facilitator")
    version = cafe.version
    first = cafe.staff.emit("start_round", {"version": version}, callback=True)
    other = second_tab.emit("start_round", {"version": version}, callback=True)
    assert first["ok"] is True
    assert other == {"ok": False, "error": "already_advanced", "message": other["message"]}
    assert "Already" in other["message"]
    assert cafe.snapshot()["cafe"]["version"] == version + 1


def test_double_click_on_end_round_rotates_once(app, cafe):
    for i in range(6):
        phone(app, cafe, group=GROUPS[i % 3])
    cafe.act("start_round")
    version = cafe.version
    assert cafe.staff.emit("end_round", {"version": version}, callback=True)["ok"]
    assert cafe.staff.emit("end_round", {"version": version}, callback=True)["error"] == "already_advanced"
    version = cafe.snapshot()["cafe"]["version"]
    assert cafe.staff.emit("rotate", {"version": version}, callback=True)["ok"]
    assert cafe.staff.emit("rotate", {"version": version}, callback=True)["error"] == "already_advanced"
    assert cafe.snapshot()["cafe"]["round"] == 2


def test_a_transition_from_the_wrong_phase_is_refused(app, cafe):
    ack = cafe.act("pause_round")          # nothing is running yet
    assert ack["ok"] is False
    assert cafe.snapshot()["cafe"]["phase"] == "lobby"


# --- rotation ---------------------------------------------------------------------------------

def test_rotation_moves_travellers_keeps_hosts_and_every_phone_learns_its_table(app, cafe):
    phones = [phone(app, cafe, group=GROUPS[i % 3], can_host=i < 3) for i in range(9)]
    hosts = {}
    for position in range(3):
        host_id = phones[position][1]["me"]["id"]
        assert cafe.staff.emit("set_host", {"table": position, "person": host_id},
                               callback=True)["ok"]
        hosts[host_id] = position
    cafe.act("start_round")
    round1 = {sio: sync(sio)["me"] for sio, _ in phones}
    cafe.act("end_round")
    plan = cafe.snapshot()["plan"]
    assert plan["groups_balanced"] is True
    assert plan["table_sizes"] == [3, 3, 3]
    for sio, _ in phones:
        sio.get_received()
    assert cafe.act("rotate")["ok"]
    for sio, _ in phones:
        seating = events(sio, "seating_changed")
        assert len(seating) == 1 and seating[0]["round"] == 2
        me = sync(sio)["me"]
        assert seating[0]["seats"][str(me["id"])] == me["table"]
        if me["id"] in hosts:
            assert me["table"] == hosts[me["id"]] and me["is_host"]
        else:
            assert me["table"] != round1[sio]["table"]      # travellers move on
    # With 9 people at 3 tables of 3 and hosts, every traveller meets new people only.
    assert plan["repeated_pairs"] == 0


def test_facilitator_moves_a_person_by_hand_before_the_next_round(app, cafe):
    sio, snap = phone(app, cafe)
    phone(app, cafe)
    me = snap["me"]
    target = (me["table"] + 1) % 3
    ack = cafe.staff.emit("move_person", {"person": me["id"], "table": target}, callback=True)
    assert ack["ok"]
    assert events(sio, "seating_changed")[-1]["seats"][str(me["id"])] == target
    assert sync(sio)["me"]["table"] == target
    cafe.act("start_round")
    ack = cafe.staff.emit("move_person", {"person": me["id"], "table": me["table"]}, callback=True)
    assert ack["error"] == "wrong_phase"      # not while a round runs
    assert sync(sio)["me"]["table"] == target


def test_late_arrival_is_seated_at_the_emptiest_table(app, cafe):
    for _ in range(5):
        phone(app, cafe)
    cafe.act("start_round")
    _, snap = phone(app, cafe)
    counts = [p["table"] for p in cafe.snapshot()["people"]].count
    assert sorted(counts(t) for t in range(3)) == [2, 2, 2]
    assert snap["cafe"]["phase"] == "running"


def test_a_person_who_leaves_is_not_in_the_next_rotation(app, cafe):
    phones = [phone(app, cafe) for _ in range(6)]
    leaver, leaver_snap = phones[0]
    cafe.act("start_round")
    assert leaver.emit("leave_cafe", {}, callback=True)["ok"]
    cafe.act("end_round")
    cafe.act("rotate")
    people = {p["id"]: p for p in cafe.snapshot()["people"]}
    assert people[leaver_snap["me"]["id"]]["left"] is True
    assert people[leaver_snap["me"]["id"]]["table"] is None
    seated = [p["table"] for p in people.values() if not p["left"]]
    assert sorted(seated.count(t) for t in range(3)) == [1, 2, 2]


def test_last_round_ends_the_cafe(app, facilitator):
    running = Cafe(app, facilitator, make_cafe(facilitator, rounds=1))
    running.act("open_cafe")
    running.act("start_round")
    assert running.act("end_round")["cafe"]["phase"] == "finished"


# --- notes ------------------------------------------------------------------------------------

def test_a_note_reaches_its_table_and_the_staff_not_other_tables(app, cafe):
    phones = [phone(app, cafe) for _ in range(6)]
    cafe.act("start_round")
    author, author_snap = phones[0]
    same = [s for s, snap in phones[1:] if snap["me"]["table"] == author_snap["me"]["table"]]
    other = [s for s, snap in phones[1:] if snap["me"]["table"] != author_snap["me"]["table"]]
    for sio, _ in phones:
        sio.get_received()
    cafe.staff.get_received()
    ack = send_note(author, "  More green space near the school  ")
    assert ack["ok"] and ack["note"]["text"] == "More green space near the school"
    assert ack["note"]["table"] == author_snap["me"]["table"] and ack["note"]["round"] == 1
    for sio in same:
        assert [n["text"] for n in events(sio, "note_added")] == ["More green space near the school"]
    for sio in other:
        assert events(sio, "note_added") == []
    staff_notes = events(cafe.staff, "note_added")
    assert [n["text"] for n in staff_notes] == ["More green space near the school"]
    assert "participant_id" not in staff_notes[0] and "name" not in staff_notes[0]   # anonymous


def test_after_a_rotation_notes_reach_the_new_tablemates_without_any_resync(app, cafe):
    # Phones never ask for anything after a rotation: seating_changed alone must be enough for
    # the server to route their notes to the people now at their table, and only to them.
    phones = [phone(app, cafe) for _ in range(9)]
    cafe.act("start_round")
    cafe.act("end_round")
    cafe.act("rotate")
    cafe.act("start_round")
    seats = cafe.snapshot()["people"]
    table_of = {p["id"]: p["table"] for p in seats}
    author, author_snap = phones[0]
    new_table = table_of[author_snap["me"]["id"]]
    assert new_table != author_snap["me"]["table"]
    for sio, _ in phones:
        sio.get_received()
    assert send_note(author, "Round two idea", round_no=2)["ok"]
    for sio, snap in phones[1:]:
        got = [n["text"] for n in events(sio, "note_added")]
        if table_of[snap["me"]["id"]] == new_table:
            assert got == ["Round two idea"]
        else:
            assert got == []      # including the author's round-one tablemates


def test_a_note_to_a_table_nobody_sits_at_now_goes_to_staff_only(app, cafe):
    sio, snap = phone(app, cafe)         # alone: round two takes them to another table
    cafe.act("start_round")
    cafe.act("end_round")
    cafe.act("rotate")
    cafe.staff.get_received()
    ack = send_note(sio, "Typed during round one", round_no=1, client_id="late-one-abc")
    assert ack["ok"] and ack["note"]["table"] == snap["me"]["table"]
    # Sent once to the staff, and not broadcast to every screen for want of anyone at the table.
    assert [n["text"] for n in events(cafe.staff, "note_added")] == ["Typed during round one"]


def test_a_resent_note_is_stored_once_and_gets_the_same_ack(app, cafe):
    sio, _ = phone(app, cafe)
    neighbour, _ = phone(app, cafe)
    cafe.act("start_round")
    first = send_note(sio, "Safer crossings", client_id="offline-abc123")
    again = send_note(sio, "Safer crossings", client_id="offline-abc123")
    assert first == again and first["ok"]
    notes = [n for n in cafe.snapshot()["notes"] if n["text"] == "Safer crossings"]
    assert len(notes) == 1


def test_another_phone_cannot_reuse_someone_elses_note_id(app, cafe):
    author, _ = phone(app, cafe)
    thief, _ = phone(app, cafe)
    cafe.act("start_round")
    assert send_note(author, "Mine", client_id="shared-id-1")["ok"]
    ack = send_note(thief, "Mine", client_id="shared-id-1")
    assert ack["ok"] is False and "note" not in ack


def test_a_note_written_before_rotation_stays_with_its_round_and_table(app, cafe):
    phones = [phone(app, cafe) for _ in range(6)]
    sio, snap = phones[0]
    cafe.act("start_round")
    cafe.act("end_round")
    cafe.act("rotate")
    cafe.act("start_round")
    # Typed in round 1 while offline, delivered in round 2.
    ack = send_note(sio, "Typed during round one", round_no=1, client_id="late-delivery")
    assert ack["ok"]
    assert ack["note"]["round"] == 1 and ack["note"]["table"] == snap["me"]["table"]


def test_a_note_sent_while_the_database_is_locked_is_refused_kindly_and_stored_on_resend(app, cafe):
    # Another writer holds SQLite's lock beyond the 5 s busy wait: the phone hears "busy" (it
    # keeps the note in its outbox and resends), nothing half-stored, and the resend is stored once.
    sio, _ = phone(app, cafe)
    cafe.act("start_round")
    blocker = sqlite3.connect(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    blocker.execute("BEGIN IMMEDIATE")
    try:
        ack = send_note(sio, "Written while the laptop was busy", client_id="busy-0001")
    finally:
        blocker.rollback()
        blocker.close()
    assert ack["ok"] is False and ack["error"] == "busy" and "Traceback" not in ack["message"]
    assert cafe.snapshot()["notes"] == []
    ack = send_note(sio, "Written while the laptop was busy", client_id="busy-0001")
    assert ack["ok"] and [n["text"] for n in cafe.snapshot()["notes"]] == [
        "Written while the laptop was busy"]


def test_a_note_for_a_future_round_is_refused(app, cafe):
    sio, _ = phone(app, cafe)
    cafe.act("start_round")
    ack = send_note(sio, "From the future", round_no=2)
    assert ack["ok"] is False and ack["error"] == "wrong_round"


def test_host_sees_earlier_rounds_notes_at_the_table(app, cafe):
    phones = [phone(app, cafe) for _ in range(6)]
    host, host_snap = phones[0]
    table = host_snap["me"]["table"]
    cafe.staff.emit("set_host", {"table": table, "person": host_snap["me"]["id"]}, callback=True)
    cafe.act("start_round")
    tablemate = next(s for s, snap in phones[1:] if snap["me"]["table"] == table)
    send_note(tablemate, "Round one thought", client_id="round-one-1")
    cafe.act("end_round")
    cafe.act("rotate")
    cafe.act("start_round")
    host_view = sync(host)
    assert host_view["me"]["is_host"] is True
    assert [(n["round"], n["text"]) for n in host_view["notes"]] == [(1, "Round one thought")]
    newcomer = next(s for s, _ in phones[1:] if sync(s)["me"]["table"] == table)
    assert sync(newcomer)["notes"] == []            # travellers start with a fresh tablecloth


# --- moderation -------------------------------------------------------------------------------

def test_a_hidden_note_disappears_from_every_screen(app, cafe):
    phones = [phone(app, cafe) for _ in range(3)]
    cafe.act("start_round")
    ack = send_note(phones[0][0], "Something unkind", client_id="unkind-01")
    note_id = ack["note"]["id"]
    for sio, _ in phones:
        sio.get_received()
    assert cafe.staff.emit("hide_note", {"note": note_id, "hidden": True}, callback=True)["ok"]
    for sio, _ in phones:
        assert events(sio, "note_hidden") == [{"id": note_id, "hidden": True}]
        assert all(n["id"] != note_id for n in sync(sio)["notes"])
    staff_note = next(n for n in cafe.snapshot()["notes"] if n["id"] == note_id)
    assert staff_note["hidden"] is True                 # the facilitator can still show it again
    assert cafe.staff.emit("hide_note", {"note": note_id, "hidden": False}, callback=True)["ok"]
    assert any(n["id"] == note_id for n in sync(phones[0][0])["notes"])


# --- authority --------------------------------------------------------------------------------

FACILITATOR_EVENTS = [
    ("open_cafe", {"version": 1}), ("start_round", {"version": 2}), ("pause_round", {"version": 2}),
    ("resume_round", {"version": 2}), ("add_minutes", {"version": 2, "minutes": 5}),
    ("end_round", {"version": 2}), ("rotate", {"version": 2}),
    ("move_person", {"person": 1, "table": 1}), ("set_host", {"table": 0, "person": 1}),
    ("hide_note", {"note": 1, "hidden": True}),
    ("set_needs_language", {"person": 1, "language": "es"}),
]


@pytest.mark.parametrize("event,data", FACILITATOR_EVENTS)
def test_facilitator_events_from_a_phone_are_refused(app, cafe, event, data):
    sio, _ = phone(app, cafe)
    before = cafe.snapshot()
    ack = sio.emit(event, data, callback=True)
    assert ack["ok"] is False and ack["error"] == "not_allowed"
    after = cafe.snapshot()
    assert after["cafe"] == before["cafe"] | {"server_now": after["cafe"]["server_now"]}
    assert after["people"] == before["people"]


def test_a_facilitator_connection_needs_the_secret_link(app, cafe):
    assert not connect(app, app.test_client(), cafe.id, "facilitator").is_connected()
    assert not connect(app, app.test_client(), cafe.id, "projector").is_connected()


def test_the_payload_cannot_choose_a_participants_table(app, cafe):
    sio, snap = phone(app, cafe)
    phone(app, cafe)
    cafe.act("start_round")
    ack = sio.emit("submit_note", {"id": "chosen-table", "text": "hi", "round": 1, "table": 2,
                                   "participant": 999}, callback=True)
    assert ack["ok"] and ack["note"]["table"] == snap["me"]["table"]


def test_facilitator_cannot_reach_into_another_cafe(app, facilitator, cafe):
    other = Cafe(app, facilitator, make_cafe(facilitator, title="Other"))
    other.act("open_cafe")
    sio, snap = phone(app, other)
    ack = cafe.staff.emit("move_person", {"person": snap["me"]["id"], "table": 1}, callback=True)
    assert ack["ok"] is False and ack["error"] == "not_found"


# --- bad input --------------------------------------------------------------------------------

BAD_NOTES = [
    ({"id": "bad-input-1", "text": "", "round": 1}, "empty"),
    ({"id": "bad-input-1", "text": "   \n\t ", "round": 1}, "empty"),
    ({"id": "bad-input-1", "text": "x" * 501, "round": 1}, "too_long"),
    ({"id": "bad-input-1", "text": 42, "round": 1}, "wrong_type"),
    ({"id": "bad-input-1", "text": None, "round": 1}, "wrong_type"),
    ({"id": "bad-input-1", "text": ["a"], "round": 1}, "wrong_type"),
    ({"id": "bad-input-1", "text": "bell\x07", "round": 1}, "control_characters"),
    ({"id": "bad-input-1", "text": "nul\x00byte", "round": 1}, "control_characters"),
    ({"id": "bad-input-1", "text": "rtl \u202e trick", "round": 1}, "control_characters"),
    ({"id": "bad-input-1", "text": "ok"}, "wrong_type"),
    ({"id": "bad-input-1", "text": "ok", "round": "1"}, "wrong_type"),
    ({"id": "bad-input-1", "text": "ok", "round": True}, "wrong_type"),
    ({"id": "bad-input-1", "text": "ok", "round": 0}, "out_of_range"),
    ({"id": "bad-input-1", "text": "ok", "round": 99}, "out_of_range"),
    ({"text": "ok", "round": 1}, "wrong_type"),
    ({"id": "short", "text": "ok", "round": 1}, "bad_id"),
    ({"id": "has spaces in it", "text": "ok", "round": 1}, "bad_id"),
    ({"id": 12345678, "text": "ok", "round": 1}, "wrong_type"),
]


@pytest.mark.parametrize("data,error", BAD_NOTES)
def test_bad_notes_get_a_clear_error_and_nothing_is_stored(app, cafe, data, error):
    sio, _ = phone(app, cafe)
    cafe.act("start_round")
    ack = sio.emit("submit_note", data, callback=True)
    assert ack["ok"] is False and ack["error"] == error
    assert ack["message"] and "Traceback" not in ack["message"]
    assert cafe.snapshot()["notes"] == []
    assert send_note(sio, "still works", client_id="after-bad-1")["ok"]     # server keeps running


def test_a_refused_note_is_explained_in_the_phones_language(app, cafe):
    # the note event runs without Flask's request context (for speed); its refusals still
    # read the phone's language from its request
    from flask_babel import force_locale

    from cafe.web.messages import error_message
    from cafe.web.pages.participant import LANG_COOKIE

    http = join(app, cafe.code)
    http.set_cookie(LANG_COOKIE, "es")
    sio = connect(app, http, cafe.id, "participant")
    cafe.act("start_round")
    ack = send_note(sio, "   ")
    with app.test_request_context(), force_locale("es"):
        spanish = error_message("empty")
    assert ack["ok"] is False and ack["error"] == "empty"
    assert ack["message"] == spanish and spanish != "Please write something first."


def test_only_a_phone_may_post_a_note(app, cafe):
    cafe.act("start_round")
    ack = cafe.staff.emit("submit_note", {"id": "from-staff-1", "text": "hi", "round": 1},
                          callback=True)
    assert ack["ok"] is False and ack["error"] == "not_allowed"
    assert cafe.snapshot()["notes"] == []


def test_a_500_character_note_with_accents_and_emoji_is_fine(app, cafe):
    sio, _ = phone(app, cafe)
    cafe.act("start_round")
    text = ("Más árboles 🌳 " * 50)[:500]
    ack = send_note(sio, text, client_id="long-note-1")
    assert ack["ok"] and ack["note"]["text"] == text.strip()


@pytest.mark.parametrize("payload", [None, "text", 5, ["list"], True])
def test_payloads_that_are_not_objects_are_refused(app, cafe, payload):
    sio, _ = phone(app, cafe)
    ack = sio.emit("submit_note", payload, callback=True)
    assert ack["ok"] is False and ack["error"] == "wrong_type"
    ack = cafe.staff.emit("start_round", payload, callback=True)
    assert ack["ok"] is False
    assert cafe.snapshot()["cafe"]["phase"] == "lobby"


BAD_FACILITATOR = [
    ("start_round", {}, "wrong_type"),
    ("start_round", {"version": "2"}, "wrong_type"),
    ("add_minutes", {"version": 2}, "wrong_type"),
    ("add_minutes", {"version": 2, "minutes": 500}, "out_of_range"),
    ("move_person", {"person": "x", "table": 0}, "wrong_type"),
    ("move_person", {"person": 1, "table": 7}, "out_of_range"),
    ("set_host", {"table": -1, "person": None}, "out_of_range"),
    ("set_host", {"table": 0, "person": 99999}, "not_found"),
    ("hide_note", {"note": 1, "hidden": "yes"}, "wrong_type"),
    ("hide_note", {"note": 12345, "hidden": True}, "not_found"),
    ("clock_sync", {"t": "now"}, "wrong_type"),
    ("set_needs_language", {"person": 1, "language": "fr"}, "unknown_language"),
    ("set_needs_language", {"person": "x", "language": "es"}, "wrong_type"),
    ("set_needs_language", {"person": 99999, "language": "es"}, "not_found"),
    ("move_person", {"person": 1, "table": 0, "confirm": "yes"}, "wrong_type"),
]


@pytest.mark.parametrize("event,data,error", BAD_FACILITATOR)
def test_bad_facilitator_input_changes_nothing(app, cafe, event, data, error):
    phone(app, cafe)
    if event == "add_minutes":
        cafe.act("start_round")
        data = data | {"version": cafe.version}
    before = cafe.snapshot()
    ack = cafe.staff.emit(event, data, callback=True)
    assert ack["ok"] is False and ack["error"] == error, ack
    after = cafe.snapshot()
    assert after["cafe"]["version"] == before["cafe"]["version"]
    assert after["people"] == before["people"]


def test_database_sessions_are_closed_after_every_socket_event(app, cafe):
    """Each event runs in its own app context; Flask-SQLAlchemy removes the session at its end."""
    from cafe.extensions import db
    sio, _ = phone(app, cafe)
    cafe.act("start_round")
    with app.app_context():
        pool = db.engine.pool
    assert send_note(sio, "one", client_id="pool-check-1")["ok"]
    assert send_note(sio, "two", client_id="pool-check-2")["ok"]
    assert pool.checkedout() == 0


def test_rotation_is_planned_through_the_cpu_runner_and_fits_in_a_late_arrival(app, cafe):
    """end_round plans off the event loop (CPU_RUNNER); someone joining meanwhile still gets a seat."""
    for i in range(6):
        phone(app, cafe, group=GROUPS[i % 3])
    cafe.act("start_round")
    calls = []
    late = {}

    def runner(function, *args, **kwargs):
        calls.append(function.__name__)
        result = function(*args, **kwargs)
        late["snap"] = phone(app, cafe)[1]          # joins while the plan is being made
        return result
    app.config["CPU_RUNNER"] = runner
    assert cafe.act("end_round")["ok"]
    assert calls == ["plan_rounds"]
    next_seats = cafe.snapshot()["next_seats"]
    assert str(late["snap"]["me"]["id"]) in {str(k) for k in next_seats}
    assert len(next_seats) == 7
    sizes = sorted(list(next_seats.values()).count(t) for t in range(3))
    assert sizes[-1] - sizes[0] <= 1
