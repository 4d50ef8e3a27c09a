"""Taking part without a phone, over sockets: people the facilitator adds, notes typed by a host
or the facilitator on their behalf, shared table devices, and dots counted on paper."""
from __future__ import annotations

import pytest
from helpers import Cafe, connect, events, join, make_cafe
from test_harvest import NOTES, phone, sync, theme_of, write_notes

from cafe import services
from cafe.extensions import db
from cafe.models import Note
from cafe.services import exports, harvest

GROUPS = ["Resident", "Community organization", "Health or social service staff"]


def add_person(cafe, **data):
    ack = cafe.staff.emit("add_person", {"can_host": False, **data}, callback=True)
    assert ack["ok"], ack
    return ack["person"]


def people_by_id(cafe):
    return {p["id"]: p for p in cafe.snapshot()["people"]}


# --- §1 people without phones have seats --------------------------------------------------------

def test_a_person_added_without_a_phone_is_seated_and_rotated_like_everyone(app, cafe):
    phones = [phone(app, cafe, group=GROUPS[i % 3]) for i in range(5)]
    cafe.staff.get_received()
    rosa = add_person(cafe, name="Rosa", group="Community organization")
    assert rosa["name"] == "Rosa" and rosa["has_phone"] is False
    assert rosa["table"] in (0, 1, 2)
    # The staff screens (dashboard, projector) hear of her like of anyone joining.
    assert [p["name"] for p in events(cafe.staff, "person_joined")] == ["Rosa"]
    seen = people_by_id(cafe)
    assert seen[rosa["id"]]["table"] == rosa["table"]
    # She counts in the figures: six people at three tables, two at each.
    tables = [p["table"] for p in seen.values()]
    assert sorted(tables.count(t) for t in range(3)) == [2, 2, 2]

    # Every round she gets a new table, chosen by the planner with everyone else.
    seats = [rosa["table"]]
    for round_no in (1, 2):
        cafe.act("start_round")
        cafe.act("end_round")
        plan = cafe.snapshot()
        assert plan["plan"]["table_sizes"] == [2, 2, 2]     # the figures count her
        assert str(rosa["id"]) in {str(k) for k in plan["next_seats"]}
        cafe.act("rotate")
        seats.append(people_by_id(cafe)[rosa["id"]]["table"])
    assert len(set(seats)) == 3, seats                      # three rounds, three tables
    assert all(isinstance(s, int) for s in seats)
    assert phones          # the phones are still seated alongside her


def test_a_person_without_a_phone_gets_a_pseudonym_and_counts_in_the_groups(app, cafe):
    for _ in range(4):
        phone(app, cafe, group="Resident")
    person = add_person(cafe, group="Resident", can_host=True)
    assert person["name"] and person["can_host"] is True
    with app.app_context():
        figures = exports.participation(services.get_cafe(cafe.id), [], exports._people(
            services.get_cafe(cafe.id)))
    assert figures["people"] == 5
    assert {g["group"]: g["people"] for g in figures["by_group"]}["Resident"] == 5


@pytest.mark.parametrize("data, error", [
    ({"group": "Martians"}, "unknown_group"),
    ({"name": "x" * 41}, "too_long"),
    ({"can_host": "yes"}, "wrong_type"),
])
def test_adding_a_person_with_bad_input_changes_nothing(app, cafe, data, error):
    ack = cafe.staff.emit("add_person", {"can_host": False, **data}, callback=True)
    assert ack["ok"] is False and ack["error"] == error and ack["message"]
    assert cafe.snapshot()["people"] == []


def test_only_the_facilitator_adds_people(app, cafe):
    sio, _ = phone(app, cafe)
    ack = sio.emit("add_person", {"name": "Sneaky", "can_host": False}, callback=True)
    assert ack["ok"] is False and ack["error"] == "not_allowed"
    assert [p["name"] for p in cafe.snapshot()["people"] if p["name"] == "Sneaky"] == []


# --- §2 notes typed by a host or the facilitator -----------------------------------------------

@pytest.fixture
def hosted(app, cafe):
    """Table 0 has a host (a phone), a person without a phone and a guest with a phone."""
    host_http = join(app, cafe.code, name="Hana", group="Resident", can_host=True)
    host = connect(app, host_http, cafe.id, "participant")
    me = events(host, "snapshot")[0]["me"]
    assert cafe.staff.emit("set_host", {"table": 0, "person": me["id"]}, callback=True)["ok"]
    rosa = add_person(cafe, name="Rosa", group="Health or social service staff")
    assert cafe.staff.emit("move_person", {"person": rosa["id"], "table": 0},
                           callback=True)["ok"]
    guest_http = join(app, cafe.code, name="Gus", group="Community organization")
    guest = connect(app, guest_http, cafe.id, "participant")
    guest_me = events(guest, "snapshot")[0]["me"]
    assert cafe.staff.emit("move_person", {"person": guest_me["id"], "table": 0},
                           callback=True)["ok"]
    cafe.act("start_round")
    cafe.host, cafe.host_me, cafe.rosa, cafe.guest, cafe.guest_me = host, me, rosa, guest, guest_me
    return cafe


def stored_notes(app, cafe_id):
    with app.app_context():
        return {row["text"]: row for row in exports.note_rows(services.get_cafe(cafe_id))}


def test_the_host_sees_whom_they_can_type_for(app, hosted):
    snap = sync(hosted.host)
    assert snap["me"]["is_host"] is True
    names = {p["name"]: p["has_phone"] for p in snap["table_people"]}
    assert names == {"Rosa": False, "Gus": True}
    assert "table_people" not in sync(hosted.guest)        # only hosts get the list


def test_a_host_typed_note_is_stored_at_the_table_and_round_and_counted_for_that_person(
        app, hosted):
    hosted.staff.get_received()
    hosted.guest.get_received()
    ack = hosted.host.emit("submit_note_for", {"id": "host-note-0001", "text": "Longer clinic hours",
                                               "round": 1, "person": hosted.rosa["id"]},
                           callback=True)
    assert ack["ok"], ack
    assert ack["note"]["table"] == 0 and ack["note"]["round"] == 1
    # Shown like any note, and anonymous: nobody's name or group travels with it.
    staff_note = events(hosted.staff, "note_added")[-1]
    guest_note = events(hosted.guest, "note_added")[-1]
    for note in (staff_note, guest_note):
        assert note["text"] == "Longer clinic hours" and note["table"] == 0
        assert not {"name", "group", "person", "typed_by", "participant_id"} & set(note)
    # Stored for Rosa, and the exports say the host typed it.
    row = stored_notes(hosted.app, hosted.id)["Longer clinic hours"]
    assert row["typed_by"] == "typed by the host"
    assert row["round"] == 1 and row["table"].startswith("Table 1")
    with hosted.app.app_context():
        note = db.session.get(Note, ack["note"]["id"])
        assert note.participant_id == hosted.rosa["id"]
    # It counts for Rosa's group, not the host's: the harvest sees her group.
    with hosted.app.app_context():
        rows = harvest._visible_notes(hosted.id)
        assert [r.group for r in rows if r.text == "Longer clinic hours"] == [
            "Health or social service staff"]


def test_a_host_may_type_for_someone_at_this_table(app, hosted):
    ack = hosted.host.emit("submit_note_for", {"id": "host-note-0002", "text": "Safer crossings",
                                               "round": 1, "person": None}, callback=True)
    assert ack["ok"], ack
    row = stored_notes(hosted.app, hosted.id)["Safer crossings"]
    assert row["typed_by"] == "typed by the host" and row["group"] == ""
    assert [n["text"] for n in sync(hosted.guest)["notes"]] == ["Safer crossings"]
    # Resending the same id stores it once.
    again = hosted.host.emit("submit_note_for", {"id": "host-note-0002", "text": "Safer crossings",
                                                 "round": 1, "person": None}, callback=True)
    assert again["ok"] and again["note"]["id"] == ack["note"]["id"]
    assert len(sync(hosted.guest)["notes"]) == 1


def test_a_note_for_others_is_refused_from_a_phone_that_does_not_host(app, hosted):
    ack = hosted.guest.emit("submit_note_for", {"id": "guest-note-001", "text": "Sneaky",
                                                "round": 1, "person": hosted.rosa["id"]},
                            callback=True)
    assert ack["ok"] is False and ack["error"] == "not_host"
    assert "host" in ack["message"]
    assert "Sneaky" not in stored_notes(hosted.app, hosted.id)


def test_a_host_cannot_type_for_someone_at_another_table(app, hosted):
    other = add_person(hosted, name="Olu")
    assert other["table"] != 0          # a late arrival goes to an emptier table
    ack = hosted.host.emit("submit_note_for", {"id": "host-note-0003", "text": "Elsewhere",
                                               "round": 1, "person": other["id"]}, callback=True)
    assert ack["ok"] is False and ack["error"] == "not_at_table"
    assert "Elsewhere" not in stored_notes(hosted.app, hosted.id)


def test_the_facilitator_can_type_a_note_for_someone_at_any_table(app, hosted):
    hosted.guest.get_received()
    ack = hosted.staff.emit("add_note_for", {"id": "staff-note-001", "text": "A warm space",
                                             "round": 1, "table": 0,
                                             "person": hosted.rosa["id"]}, callback=True)
    assert ack["ok"], ack
    assert events(hosted.guest, "note_added")[-1]["text"] == "A warm space"
    assert stored_notes(hosted.app, hosted.id)["A warm space"]["typed_by"] == \
        "typed by the facilitator"
    wrong = hosted.staff.emit("add_note_for", {"id": "staff-note-002", "text": "Nope",
                                               "round": 1, "table": 1,
                                               "person": hosted.rosa["id"]}, callback=True)
    assert wrong["ok"] is False and wrong["error"] == "not_at_table"
    later = hosted.staff.emit("add_note_for", {"id": "staff-note-003", "text": "Too soon",
                                               "round": 2, "table": 0, "person": None},
                              callback=True)
    assert later["ok"] is False and later["error"] == "wrong_round"


def test_the_json_export_marks_notes_typed_by_the_host(app, facilitator, hosted):
    hosted.host.emit("submit_note_for", {"id": "host-note-0004", "text": "More benches",
                                         "round": 1, "person": hosted.rosa["id"]}, callback=True)
    data = facilitator.get(f"/facilitator/cafes/{hosted.id}/downloads/cafe.json").get_json()
    note = next(n for n in data["notes"] if n["text"] == "More benches")
    assert note["typed_by"] == "host"
    csv = facilitator.get(f"/facilitator/cafes/{hosted.id}/downloads/notes.csv").get_data(
        as_text=True)
    assert "typed by the host" in csv and "Rosa" not in csv


# --- §2 shared table devices --------------------------------------------------------------------

def table_codes(cafe):
    ack = cafe.staff.emit("show_table_codes", {}, callback=True)
    assert ack["ok"], ack
    return ack


def device(app, cafe, table):
    """A shared device set up with the table code shown on the dashboard; returns its socket."""
    code = table_codes(cafe)["codes"][table]["code"]
    http = app.test_client()
    response = http.post("/t", data={"code": code.lower()})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith(f"/c/{cafe.code}/table")
    assert http.get(response.headers["Location"]).status_code == 200
    sio = connect(app, http, cafe.id, "table")
    assert sio.is_connected()
    return sio


def test_a_shared_table_device_posts_notes_for_its_table_and_never_rotates(app, cafe):
    phones = [phone(app, cafe, group=GROUPS[i % 3]) for i in range(6)]
    tablet = device(app, cafe, 1)
    snap = events(tablet, "snapshot")[0]
    assert snap["me"]["table"] == 1 and snap["cafe"]["question"] == "What matters most here?"
    cafe.act("start_round")
    changed = events(tablet, "cafe_changed")[-1]
    assert changed["phase"] == "running" and changed["ends_at"]      # the clock, like a phone

    at_table = [sio for sio, s in phones if s["me"]["table"] == 1]
    for sio in at_table:
        sio.get_received()
    for i, text in enumerate(["A bench by the bus stop", "Library open on Sundays"]):
        ack = tablet.emit("submit_table_note", {"id": f"tablet-note-{i:03d}", "text": text,
                                                "round": 1}, callback=True)
        assert ack["ok"], ack
        assert ack["note"]["table"] == 1
    for sio in at_table:           # the people at that table see them on their phones
        assert {n["text"] for n in events(sio, "note_added")} == {
            "A bench by the bus stop", "Library open on Sundays"}
    # A phone's note at table 1 reaches the tablet too.
    at_table[0].emit("submit_note", {"id": "phone-note-001", "text": "Fix the lift",
                                     "round": 1}, callback=True)
    assert [n["text"] for n in events(tablet, "note_added")] == ["Fix the lift"]
    rows = stored_notes(app, cafe.id)
    assert rows["Library open on Sundays"]["typed_by"] == "typed on the table's shared device"
    assert rows["Library open on Sundays"]["table"].startswith("Table 2")

    # Rotations move people, never the tablet.
    for round_no in (2, 3):
        cafe.act("end_round")
        cafe.act("rotate")
        cafe.act("start_round")
        snap = sync(tablet)
        assert snap["me"]["table"] == 1 and snap["cafe"]["round"] == round_no
        assert snap["cafe"]["question"] == "What matters most here?"
        assert snap["notes"] == []         # a new round, a clean tablecloth
        ack = tablet.emit("submit_table_note", {"id": f"tablet-round-{round_no}", "text":
                                                f"Round {round_no} idea", "round": round_no},
                          callback=True)
        assert ack["ok"] and ack["note"]["table"] == 1 and ack["note"]["round"] == round_no
    # The tablet is nobody: it is not among the people, nor in the seating.
    assert len(cafe.snapshot()["people"]) == 6


def test_a_wrong_table_code_is_explained_and_opens_nothing(app, cafe):
    http = app.test_client()
    response = http.post("/t", data={"code": "NOPE1234"})
    assert response.status_code == 404
    assert "couldn" in response.get_data(as_text=True)
    assert not connect(app, http, cafe.id, "table").is_connected()
    assert http.get(f"/c/{cafe.code}/table").status_code == 302


def test_a_table_device_cannot_use_phone_or_staff_events(app, cafe):
    tablet = device(app, cafe, 0)
    cafe.act("start_round")
    for event, data in [("submit_note", {"id": "tablet-as-phone", "text": "x", "round": 1}),
                        ("add_person", {"name": "x", "can_host": False}),
                        ("cast_votes", {"votes": {}})]:
        ack = tablet.emit(event, data, callback=True)
        assert ack["ok"] is False and ack["error"] == "not_allowed", (event, ack)


def test_a_phone_cannot_pose_as_a_table_device(app, cafe):
    sio, _ = phone(app, cafe)
    cafe.act("start_round")
    ack = sio.emit("submit_table_note", {"id": "phone-as-table", "text": "x", "round": 1},
                   callback=True)
    assert ack["ok"] is False and ack["error"] == "not_allowed"


# --- §3 paper dots ------------------------------------------------------------------------------

@pytest.fixture
def voting_cafe(app, facilitator):
    """A one-round café with six phones; voting open with 3 dots each, themes numbered."""
    running = Cafe(app, facilitator, make_cafe(facilitator, rounds=1))
    running.act("open_cafe")
    running.phones = [(connect(app, join(app, running.code, group="Resident"), running.id,
                               "participant"), None) for _ in range(6)]
    running.act("start_round")
    write_notes(running.phones, NOTES)
    running.act("end_round")
    assert running.act("run_harvest")["ok"]
    assert running.act("open_voting", dots=3)["ok"]
    return running


def ranking(cafe):
    return [p["label"] for p in cafe.snapshot()["harvest"]["priorities"]]


def test_themes_are_numbered_for_paper_ballots(app, voting_cafe):
    themes = voting_cafe.snapshot()["harvest"]["themes"]
    assert [t["number"] for t in themes if not t["hidden"]] == list(range(1, len(themes) + 1))
    phone_view = sync(voting_cafe.phones[0][0])["harvest"]["themes"]
    assert [t["number"] for t in phone_view] == list(range(1, len(phone_view) + 1))


def test_paper_tallies_change_the_ranking_and_are_kept_apart(app, facilitator, voting_cafe):
    harvest = voting_cafe.snapshot()["harvest"]
    bus, park = theme_of(harvest, "bus"), theme_of(harvest, "park")
    for sio, _ in voting_cafe.phones[:2]:
        assert sio.emit("cast_votes", {"votes": {str(bus["theme_id"]): 3}}, callback=True)["ok"]
    voting_cafe.act("close_voting")
    assert ranking(voting_cafe)[0] == bus["label"]          # phones alone: 6 dots on buses

    voting_cafe.staff.get_received()
    watcher = voting_cafe.phones[3][0]
    watcher.get_received()
    ack = voting_cafe.staff.emit("set_paper_tallies", {"voters": 4, "tallies": [
        {"theme": park["theme_id"], "group": None, "count": 5},
        {"theme": park["theme_id"], "group": "Resident", "count": 3},
        {"theme": bus["theme_id"], "group": None, "count": 1}]}, callback=True)
    assert ack["ok"], ack
    harvest = voting_cafe.snapshot()["harvest"]
    top = harvest["priorities"][0]
    assert top["label"] == park["label"] and top["votes"] == 8 and top["paper_votes"] == 8
    assert harvest["priorities"][1]["votes"] == 7 and harvest["priorities"][1]["paper_votes"] == 1
    assert harvest["tallies"]["voters"] == 6 and harvest["tallies"]["paper_voters"] == 4
    assert harvest["paper"]["voters"] == 4 and len(harvest["paper"]["tallies"]) == 3
    # Phones hear the new ranking at once.
    assert events(watcher, "priorities_ready")[-1]["priorities"][0]["label"] == park["label"]

    data = facilitator.get(f"/facilitator/cafes/{voting_cafe.id}/downloads/cafe.json").get_json()
    assert data["voting"] == {"dots_each": 3, "phone_voters": 2, "paper_voters": 4,
                              "paper_dots": 9, "all_dots": 15}
    assert data["priorities"][0]["paper_votes"] == 8
    csv = facilitator.get(f"/facilitator/cafes/{voting_cafe.id}/downloads/notes.csv").get_data(
        as_text=True)
    header = csv.lstrip("\ufeff").splitlines()[0].split(",")
    assert "theme_paper_votes" in header
    with app.app_context():
        report = exports.report_data(services.get_cafe(voting_cafe.id))
    assert report["voting"]["paper_dots"] == 9
    assert report["priorities"][0]["paper_votes"] == 8
    pdf = facilitator.get(f"/facilitator/cafes/{voting_cafe.id}/downloads/report.pdf").data
    import io

    import pypdf
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "6 people voted, 4 of them on paper; 9 of the 15 dots came from paper ballots" in text
    assert "8 votes (8 on paper)" in text


@pytest.mark.parametrize("data, error", [
    ({"voters": 2, "tallies": [{"theme": "T", "group": None, "count": -1}]}, "negative_count"),
    ({"voters": -1, "tallies": []}, "out_of_range"),
    ({"voters": 2, "tallies": [{"theme": "T", "group": None, "count": 7}]}, "too_many_paper_dots"),
    ({"voters": 2, "tallies": [{"theme": "T", "group": None, "count": 1.5}]}, "wrong_type"),
    ({"voters": 2, "tallies": [{"theme": "T", "group": None, "count": 4},
                               {"theme": "U", "group": None, "count": 3}]}, "too_many_paper_dots"),
    ({"voters": 2, "tallies": [{"theme": "T", "group": "Martians", "count": 1}]}, "unknown_group"),
    ({"voters": 2, "tallies": [{"theme": 999999, "group": None, "count": 1}]}, "not_found"),
    ({"voters": 2, "tallies": [{"theme": "T", "group": None, "count": 1},
                               {"theme": "T", "group": None, "count": 1}]}, "duplicate"),
    ({"voters": "2", "tallies": []}, "wrong_type"),
    ({"voters": 2, "tallies": {"T": 1}}, "wrong_type"),
])
def test_invalid_paper_tallies_are_refused_with_clear_errors(app, voting_cafe, data, error):
    themes = voting_cafe.snapshot()["harvest"]["themes"]
    ids = {"T": themes[0]["theme_id"], "U": themes[1]["theme_id"]}
    for entry in data["tallies"] if isinstance(data["tallies"], list) else []:
        entry["theme"] = ids.get(entry["theme"], entry["theme"])
    assert voting_cafe.staff.emit("set_paper_tallies", {"voters": 1, "tallies": [
        {"theme": ids["T"], "group": None, "count": 2}]}, callback=True)["ok"]
    ack = voting_cafe.staff.emit("set_paper_tallies", data, callback=True)
    assert ack["ok"] is False and ack["error"] == error, ack
    assert ack["message"] and "went wrong" not in ack["message"]
    # Nothing changed: the earlier paper count stands.
    tallies = voting_cafe.snapshot()["harvest"]["tallies"]
    assert tallies["paper_voters"] == 1 and tallies["paper"] == {str(ids["T"]): 2}


def test_too_many_paper_dots_says_how_many_there_could_be(app, voting_cafe):
    theme = voting_cafe.snapshot()["harvest"]["themes"][0]["theme_id"]
    ack = voting_cafe.staff.emit("set_paper_tallies", {"voters": 2, "tallies": [
        {"theme": theme, "group": None, "count": 6},
        {"theme": theme, "group": "Resident", "count": 1}]}, callback=True)
    assert ack["error"] == "too_many_paper_dots"
    assert "2 paper voters had 6 dots" in ack["message"]


def test_paper_tallies_wait_for_voting_and_come_from_the_facilitator_only(app, voting_cafe):
    sio = voting_cafe.phones[0][0]
    ack = sio.emit("set_paper_tallies", {"voters": 1, "tallies": []}, callback=True)
    assert ack["ok"] is False and ack["error"] == "not_allowed"


def test_paper_tallies_before_voting_are_refused(app, facilitator):
    running = Cafe(app, facilitator, make_cafe(facilitator, rounds=1))
    running.act("open_cafe")
    ack = running.staff.emit("set_paper_tallies", {"voters": 1, "tallies": []}, callback=True)
    assert ack["ok"] is False and ack["error"] == "wrong_phase"
