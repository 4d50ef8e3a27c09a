"""People kept together (a resident and their interpreter or carer), through the real pages and
events: a pair joined with the "Join with me" QR code and a pair linked on the dashboard sit at
the same table in every round, across rotations, a late arrival, a hand move and someone else
leaving; unlinking lets them part; bad codes and impossible links change nothing."""
from __future__ import annotations

import html
import time

import pytest
from companion_kit import join_from, tables_of, with_me_link
from helpers import Cafe, connect, events, join, make_cafe
from test_harvest import phone, sync

from cafe.domain import tokens
from cafe.domain.limits import COMPANION_LINK_MINUTES, MAX_PARTY
from cafe.extensions import db
from cafe.models import CafeTable, Participant

GROUPS = ["Resident", "Community organization", "Health or social service staff"]


def big_cafe(app, facilitator, *, tables=4, rounds=4):
    running = Cafe(app, facilitator, make_cafe(facilitator, tables=tables, rounds=rounds))
    assert running.act("open_cafe")["ok"]
    return running


def seated_phone(app, cafe, **kwargs):
    """(http client, socket, snapshot) of a phone that just joined."""
    http = join(app, cafe.code, **kwargs)
    sio = connect(app, http, cafe.id, "participant")
    return http, sio, events(sio, "snapshot")[0]


def crowd(app, cafe, n):
    return [phone(app, cafe, group=GROUPS[i % 3]) for i in range(n)]


def link(cafe, person, other):
    return cafe.staff.emit("link_people", {"person": person, "with": other}, callback=True)


def assert_together(cafe, party, *, when="", now=True):
    """The party sits at one table now (unless `now` is False: linked after this round's seats
    were used) and, during a review, in the planned round too."""
    snap = cafe.snapshot()
    seats = {p["id"]: p["table"] for p in snap["people"] if not p["left"]}
    present = [pid for pid in party if pid in seats]
    assert not now or len(tables_of(seats, present)) == 1, (when, seats, present)
    if snap["next_seats"] is not None:
        assert len(tables_of(snap["next_seats"], present)) == 1, (when, snap["next_seats"])
    return seats[present[0]]


def play_round(cafe, party, when):
    """Run the round, check the plan for the next one, rotate: the party never splits."""
    assert cafe.act("start_round")["ok"]
    assert_together(cafe, party, when=f"{when}, running")
    assert cafe.act("end_round")["ok"]
    assert_together(cafe, party, when=f"{when}, review")
    if cafe.snapshot()["cafe"]["phase"] == "review":
        assert cafe.act("rotate")["ok"]
        assert_together(cafe, party, when=f"{when}, after rotating")


# --- "Join with me": the QR code a phone shows ---------------------------------------------

def test_a_pair_joined_with_the_qr_code_never_separates(app, facilitator, tmp_path):
    cafe = big_cafe(app, facilitator)
    others = crowd(app, cafe, 8)
    ana_http, ana, ana_snap = seated_phone(app, cafe, name="Ana", group="Resident")
    ana_id = ana_snap["me"]["id"]

    # Ana's phone shows the code; her interpreter's phone scans it and opens the join page.
    link_url = with_me_link(ana_http, cafe.code, tmp_path)
    seat_cookie = ana_http.get_cookie(f"cafe_seat_{cafe.id}").value
    assert seat_cookie not in link_url                     # her credential stays on her phone
    lu_http, page = join_from(app, link_url, name="Lu", group="Other / prefer not to say")
    assert "You are joining with Ana" in page
    lu = connect(app, lu_http, cafe.id, "participant")
    lu_me = events(lu, "snapshot")[0]["me"]
    assert lu_me["table"] == sync(ana)["me"]["table"]      # at her table at once
    # Both phones say whom they sit with.
    assert events(ana, "party_changed")
    assert sync(ana)["me"]["companions"] == ["Lu"]
    assert sync(lu)["me"]["companions"] == ["Ana"]
    party = [ana_id, lu_me["id"]]
    staff_view = {p["id"]: p for p in cafe.snapshot()["people"]}
    assert staff_view[lu_me["id"]]["companion_of"] == ana_id

    # A hand move of Lu before round 1 takes Ana along.
    target = (lu_me["table"] + 1) % 4
    assert cafe.staff.emit("move_person", {"person": lu_me["id"], "table": target},
                           callback=True)["ok"]
    assert assert_together(cafe, party) == target
    assert sync(ana)["me"]["table"] == target

    play_round(cafe, party, "round 1")
    # A late arrival during round 2 is seated somewhere; the pair stays as it is.
    assert cafe.act("start_round")["ok"]
    phone(app, cafe, group="Resident")
    assert_together(cafe, party, when="late arrival")
    # Someone else leaves in the review: the coming round is planned again, still together.
    assert cafe.act("end_round")["ok"]
    assert others[0][0].emit("leave_cafe", {}, callback=True)["ok"]
    assert_together(cafe, party, when="after someone left")
    assert cafe.act("rotate")["ok"]
    # In the break, a hand move of Ana takes Lu along.
    table = assert_together(cafe, party)
    assert cafe.staff.emit("move_person", {"person": ana_id, "table": (table + 2) % 4},
                           callback=True)["ok"]
    assert assert_together(cafe, party) == (table + 2) % 4
    assert sync(lu)["me"]["table"] == (table + 2) % 4
    play_round(cafe, party, "round 3")
    play_round(cafe, party, "round 4")
    assert cafe.snapshot()["cafe"]["phase"] == "finished"


def test_a_companion_who_joins_late_sits_at_their_partys_table_at_once(app, facilitator, tmp_path):
    cafe = big_cafe(app, facilitator, tables=3, rounds=3)
    crowd(app, cafe, 6)
    ana_http, ana, snap = seated_phone(app, cafe, name="Ana")
    cafe.act("start_round")
    cafe.act("end_round")               # review: seated for this round and the planned one
    lu_http, _ = join_from(app, with_me_link(ana_http, cafe.code, tmp_path), name="Lu")
    lu = connect(app, lu_http, cafe.id, "participant")
    lu_id = events(lu, "snapshot")[0]["me"]["id"]
    party = [snap["me"]["id"], lu_id]
    assert_together(cafe, party, when="joined in the review")
    cafe.act("rotate")
    assert_together(cafe, party)
    # A third member scanning Lu's code (a companion's code) joins the same party.
    mo_http, page = join_from(app, with_me_link(lu_http, cafe.code, tmp_path), name="Mo")
    assert "You are joining with Lu" in page
    mo = connect(app, mo_http, cafe.id, "participant")
    party.append(events(mo, "snapshot")[0]["me"]["id"])
    assert sorted(sync(ana)["me"]["companions"]) == ["Lu", "Mo"]
    play_round(cafe, party, "round 2")
    play_round(cafe, party, "round 3")
    # The party is full: a fourth phone is told so, and nothing is made.
    assert len(party) == MAX_PARTY
    page = app.test_client().get(with_me_link(ana_http, cafe.code, tmp_path))
    assert page.status_code == 410 and "party is full" in page.get_data(as_text=True)


def test_when_the_first_member_leaves_the_others_stay_together(app, facilitator, tmp_path):
    cafe = big_cafe(app, facilitator, tables=3, rounds=4)
    crowd(app, cafe, 6)
    ana_http, ana, snap = seated_phone(app, cafe, name="Ana")
    ids = [snap["me"]["id"]]
    for name in ("Lu", "Mo"):
        http, _ = join_from(app, with_me_link(ana_http, cafe.code, tmp_path), name=name)
        ids.append(events(connect(app, http, cafe.id, "participant"), "snapshot")[0]["me"]["id"])
    play_round(cafe, ids, "round 1")
    assert ana.emit("leave_cafe", {}, callback=True)["ok"]
    play_round(cafe, ids[1:], "round 2")
    play_round(cafe, ids[1:], "round 3")
    # Her code no longer joins anyone to her: she has left.
    with app.app_context():
        token = tokens.companion_token(app.config["SECRET_KEY"], cafe.id, ids[0], time.time())
    page = app.test_client().get(f"/j/{cafe.code}?with={token}")
    assert page.status_code == 410 and "has left the café" in page.get_data(as_text=True)


def test_the_qr_code_is_only_for_a_seated_phone(app, facilitator, cafe, client):
    assert client.get(f"/c/{cafe.code}/with-me.svg").status_code == 404
    http, sio, _ = seated_phone(app, cafe)
    assert http.get(f"/c/{cafe.code}/with-me.svg").status_code == 200
    assert sio.emit("leave_cafe", {}, callback=True)["ok"]
    assert http.get(f"/c/{cafe.code}/with-me.svg").status_code == 404
    # The phone's page offers the code.
    other, _, _ = seated_phone(app, cafe)
    page = other.get(f"/c/{cafe.code}").get_data(as_text=True)
    assert "Join with me" in page and "with-me.svg" in page


def people_count(app, cafe_id):
    with app.app_context():
        return db.session.query(Participant).filter_by(cafe_id=cafe_id).count()


@pytest.mark.parametrize("case", ["forged", "other_cafe", "garbage", "altered"])
def test_a_forged_or_other_cafes_code_reads_like_a_wrong_join_code(app, facilitator, cafe, case):
    _, _, snap = seated_phone(app, cafe, name="Ana")
    ana = snap["me"]["id"]
    other = Cafe(app, facilitator, make_cafe(facilitator, title="Another café"))
    other.act("open_cafe")
    secret = app.config["SECRET_KEY"]
    token = {
        "forged": tokens.companion_token("not-the-secret", cafe.id, ana, time.time()),
        "other_cafe": tokens.companion_token(secret, other.id, ana, time.time()),
        "garbage": "1.2.<script>",
        "altered": tokens.companion_token(secret, cafe.id, ana, time.time())[:-1] + "A",
    }[case]
    before = people_count(app, cafe.id)
    phone_http = app.test_client()
    for response in (phone_http.get(f"/j/{cafe.code}?with={token}"),
                     phone_http.post(f"/j/{cafe.code}?with={token}",
                                     data={"name": "Eve", "language": "en"})):
        assert response.status_code == 404
        assert "couldn't find an open café with that code" in html.unescape(
            response.get_data(as_text=True))
        assert not response.headers.getlist("Set-Cookie")
    assert people_count(app, cafe.id) == before


def test_an_expired_code_is_refused_kindly_and_makes_nobody(app, cafe):
    _, _, snap = seated_phone(app, cafe, name="Ana")
    with app.app_context():
        old = tokens.companion_token(app.config["SECRET_KEY"], cafe.id, snap["me"]["id"],
                                     time.time() - COMPANION_LINK_MINUTES * 60 - 5)
    before = people_count(app, cafe.id)
    phone_http = app.test_client()
    for response in (phone_http.get(f"/j/{cafe.code}?with={old}"),
                     phone_http.post(f"/j/{cafe.code}?with={old}", data={"language": "en"})):
        assert response.status_code == 410
        assert "too old" in response.get_data(as_text=True)
    assert people_count(app, cafe.id) == before


# --- the facilitator links and unlinks people on the dashboard ---------------------------------

def test_a_pair_linked_on_the_dashboard_never_separates(app, facilitator):
    cafe = big_cafe(app, facilitator)
    people = crowd(app, cafe, 10)
    rosa = cafe.staff.emit("add_person", {"name": "Rosa", "can_host": False},
                           callback=True)["person"]            # no phone
    carer = people[0][1]["me"]["id"]
    assert cafe.act("start_round")["ok"]
    # Linked while round 1 runs: together from the next plan on.
    ack = link(cafe, rosa["id"], carer)
    assert ack["ok"] and sorted(ack["party"]) == sorted([rosa["id"], carer])
    party = [rosa["id"], carer]
    view = {p["id"]: p for p in cafe.snapshot()["people"]}
    assert view[carer]["companion_of"] == rosa["id"] or view[rosa["id"]]["companion_of"] == carer
    assert cafe.act("end_round")["ok"]
    assert_together(cafe, party, when="planned after linking", now=False)
    cafe.act("rotate")
    play_round(cafe, party, "round 2")
    # A late arrival in the break and a hand move of the carer: Rosa goes along.
    phone(app, cafe)
    table = assert_together(cafe, party)
    assert cafe.staff.emit("move_person", {"person": carer, "table": (table + 1) % 4},
                           callback=True)["ok"]
    assert assert_together(cafe, party) == (table + 1) % 4
    assert people[5][0].emit("leave_cafe", {}, callback=True)["ok"]
    play_round(cafe, party, "round 3")
    play_round(cafe, party, "round 4")


def test_linking_in_the_review_plans_the_coming_round_again(app, facilitator):
    cafe = big_cafe(app, facilitator, tables=3, rounds=3)
    people = crowd(app, cafe, 9)
    cafe.act("start_round")
    cafe.act("end_round")
    planned = cafe.snapshot()["next_seats"]
    ids = [p[1]["me"]["id"] for p in people]
    a, b = next((x, y) for x in ids for y in ids if planned[str(x)] != planned[str(y)])
    assert link(cafe, a, b)["ok"]
    assert_together(cafe, [a, b], when="re-planned", now=False)
    cafe.act("rotate")
    play_round(cafe, [a, b], "round 2")


def test_in_the_lobby_linking_seats_them_together_at_once(app, cafe):
    people = crowd(app, cafe, 6)
    ids = [p[1]["me"]["id"] for p in people]
    seats = {p["id"]: p["table"] for p in cafe.snapshot()["people"]}
    a, b = next((x, y) for x in ids for y in ids if seats[x] != seats[y])
    sio = people[ids.index(a)][0]
    sio.get_received()
    assert link(cafe, a, b)["ok"]
    assert assert_together(cafe, [a, b]) == seats[b]          # with the second person
    received = sio.get_received()
    seating = [m["args"][0] for m in received if m["name"] == "seating_changed"]
    assert seating[-1]["seats"][str(a)] == seats[b]              # the phone learns it at once
    assert any(m["name"] == "party_changed" for m in received)


def test_unlinking_lets_them_part_at_the_next_rotation(app, facilitator):
    cafe = big_cafe(app, facilitator, tables=3, rounds=3)
    people = crowd(app, cafe, 8)
    host, traveller = (p[1]["me"]["id"] for p in people[:2])
    assert cafe.staff.emit("set_host", {"table": 0, "person": host}, callback=True)["ok"]
    assert link(cafe, traveller, host)["ok"]
    # Kept with a host, the traveller stays at the host's table.
    assert assert_together(cafe, [host, traveller]) == 0
    play_round(cafe, [host, traveller], "round 1")
    assert assert_together(cafe, [host, traveller]) == 0
    # One click: unlinked, the traveller must now go to a table they have not sat at.
    before = {p["id"]: p["companion_of"] for p in cafe.snapshot()["people"]}
    assert cafe.staff.emit("unlink_person", {"person": traveller}, callback=True)["ok"]
    after = {p["id"]: p["companion_of"] for p in cafe.snapshot()["people"]}
    assert before[traveller] == host and after[traveller] is None and after[host] is None
    cafe.act("start_round")
    cafe.act("end_round")
    planned = cafe.snapshot()["next_seats"]
    assert planned[str(host)] == 0 and planned[str(traveller)] != 0


def seats_and_links(cafe):
    snap = cafe.snapshot()
    return ({p["id"]: (p["table"], p["companion_of"], p["left"]) for p in snap["people"]},
            snap["next_seats"])


def test_linking_refusals_change_nothing(app, facilitator):
    cafe = big_cafe(app, facilitator, tables=3, rounds=3)
    people = crowd(app, cafe, 9)
    ids = [p[1]["me"]["id"] for p in people]
    assert cafe.staff.emit("set_host", {"table": 0, "person": ids[0]}, callback=True)["ok"]
    assert cafe.staff.emit("set_host", {"table": 1, "person": ids[1]}, callback=True)["ok"]
    assert link(cafe, ids[2], ids[3])["ok"] and link(cafe, ids[2], ids[4])["ok"]   # a party of 3
    assert people[8][0].emit("leave_cafe", {}, callback=True)["ok"]
    with app.app_context():              # table 2 speaks Spanish only; two people need other languages
        tables = db.session.query(CafeTable).filter_by(cafe_id=cafe.id).order_by(CafeTable.position).all()
        tables[0].languages, tables[1].languages, tables[2].languages = ["en"], ["en"], ["es"]
        db.session.get(Participant, ids[5]).needs_language = "es"
        db.session.get(Participant, ids[6]).needs_language = "en"
        db.session.commit()
    before = seats_and_links(cafe)
    refusals = [
        (link(cafe, ids[0], ids[1]), "hosts_apart"),
        (link(cafe, ids[5], ids[6]), "no_shared_language"),
        (link(cafe, ids[5], ids[0]), "no_shared_language"),      # the host's table is English
        (link(cafe, ids[7], ids[2]), "party_too_big"),
        (link(cafe, ids[8], ids[7]), "person_left"),
        (link(cafe, ids[7], ids[7]), "same_person"),
        (link(cafe, ids[7], 10**9), "not_found"),
        (link(cafe, ids[7], "x"), "wrong_type"),
        (cafe.staff.emit("link_people", "nonsense", callback=True), "wrong_type"),
    ]
    for ack, error in refusals:
        assert ack["ok"] is False and ack["error"] == error and ack["message"], (ack, error)
    assert seats_and_links(cafe) == before
    # A phone cannot link or unlink anyone.
    sio = people[7][0]
    for event, data in (("link_people", {"person": ids[7], "with": ids[3]}),
                        ("unlink_person", {"person": ids[2]})):
        assert sio.emit(event, data, callback=True)["error"] == "not_allowed"
    assert seats_and_links(cafe) == before
