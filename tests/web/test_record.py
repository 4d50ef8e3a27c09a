"""The vote never misses notes, the record closes when voting opens, and a person who left is out.

Socket flows with Flask-SocketIO's test client, as the facilitator and phones send them.
"""
from __future__ import annotations

from helpers import Cafe, connect, events, join, make_cafe
from test_harvest import NOTES, sync, write_notes


def three_round_cafe(app, facilitator, people=4):
    """A three-round café with phones, notes in round 1 and a harvest between rounds 1 and 2."""
    cafe = Cafe(app, facilitator, make_cafe(facilitator, rounds=3, tables=2))
    cafe.act("open_cafe")
    cafe.phones = []
    for _ in range(people):
        http = join(app, cafe.code, group="Resident")
        cafe.phones.append((connect(app, http, cafe.id, "participant"), http))
    cafe.act("start_round")
    write_notes(cafe.phones, NOTES[:16], round_no=1)
    cafe.act("end_round")
    assert cafe.act("run_harvest")["ok"]           # an interim look at the themes so far
    for round_no in (2, 3):
        cafe.act("rotate")
        cafe.act("start_round")
        if round_no == 3:                           # the last round's notes come after the harvest
            write_notes(cafe.phones, NOTES[16:20], round_no=3)
        cafe.act("end_round")
    assert cafe.snapshot()["cafe"]["phase"] == "finished"
    return cafe


def test_voting_does_not_open_on_themes_that_miss_notes_unless_confirmed(app, facilitator):
    cafe = three_round_cafe(app, facilitator)
    harvest = cafe.snapshot()["harvest"]
    assert harvest["new_notes"] == 4                # the dashboard offers "Harvest again (4 new notes)"

    ack = cafe.act("open_voting", dots=3)
    assert ack["ok"] is False and ack["error"] == "stale_harvest"
    assert ack["count"] == 4 and "4 notes are in no theme" in ack["message"]
    assert cafe.snapshot()["harvest"]["state"] == "harvest"        # nothing changed
    phone = cafe.phones[0][0]
    assert sync(phone)["harvest"]["state"] == "harvest"

    ack = cafe.act("open_voting", dots=3, confirm=True)            # the facilitator says so
    assert ack["ok"], ack
    assert cafe.snapshot()["harvest"]["state"] == "voting"


def test_harvesting_again_takes_in_the_last_rounds_notes_and_voting_opens(app, facilitator):
    cafe = three_round_cafe(app, facilitator)
    assert cafe.act("run_harvest")["ok"]
    harvest = cafe.snapshot()["harvest"]
    in_themes = {n for t in harvest["themes"] for n in t["notes"]}
    assert harvest["new_notes"] == 0 and len(in_themes) + len(harvest["unassigned"]) == 20
    ack = cafe.act("open_voting", dots=3)
    if harvest["unassigned"]:       # notes the clustering itself left out still need a yes
        assert ack["error"] == "stale_harvest" and ack["count"] == len(harvest["unassigned"])
        ack = cafe.act("open_voting", dots=3, confirm=True)
    assert ack["ok"], ack


def test_confirm_must_be_true_or_false(app, facilitator):
    cafe = three_round_cafe(app, facilitator)
    ack = cafe.act("open_voting", dots=3, confirm="yes")
    assert ack["ok"] is False and ack["error"] == "wrong_type"
    assert cafe.snapshot()["harvest"]["state"] == "harvest"


def test_an_outbox_catching_up_after_the_last_round_is_stored_until_voting_opens(app, facilitator):
    cafe = three_round_cafe(app, facilitator)
    phone = cafe.phones[1][0]
    ack = phone.emit("submit_note", {"id": "late-3-a", "text": "Written offline in round 3",
                                     "round": 3}, callback=True)
    assert ack["ok"], ack                                         # the café is over, voting isn't open
    cafe.act("run_harvest")
    assert cafe.act("open_voting", dots=3, confirm=True)["ok"]

    ack = phone.emit("submit_note", {"id": "late-3-b", "text": "Another one from the corridor",
                                     "round": 3}, callback=True)
    assert ack == {"ok": False, "error": "wrong_phase", "message": ack["message"]}
    assert ack["message"]
    staff = cafe.snapshot()
    assert not any(n["text"] == "Another one from the corridor" for n in staff["notes"])
    # The note stored before voting opened is still acknowledged as stored when resent.
    again = phone.emit("submit_note", {"id": "late-3-a", "text": "Written offline in round 3",
                                       "round": 3}, callback=True)
    assert again["ok"] and again["note"]["text"] == "Written offline in round 3"


def test_notes_stay_refused_once_the_results_are_out(app, facilitator):
    cafe = three_round_cafe(app, facilitator)
    cafe.act("open_voting", dots=3, confirm=True)
    cafe.act("close_voting")
    ack = cafe.phones[0][0].emit("submit_note", {"id": "after-results", "text": "Too late",
                                                 "round": 3}, callback=True)
    assert ack["ok"] is False and ack["error"] == "wrong_phase"


def test_a_person_who_left_is_told_so_moved_nowhere_and_cannot_vote(app, facilitator):
    cafe = Cafe(app, facilitator, make_cafe(facilitator, rounds=2, tables=2))
    cafe.act("open_cafe")
    https = [join(app, cafe.code, group="Resident") for _ in range(4)]
    phones = [connect(app, http, cafe.id, "participant") for http in https]
    cafe.act("start_round")
    write_notes([(p, None) for p in phones], NOTES[:8], round_no=1)
    leaver = phones[3]
    assert leaver.emit("leave_cafe", {}, callback=True)["ok"]
    snap = sync(leaver)
    assert snap["me"]["left"] is True
    cafe.act("end_round")
    leaver.get_received()
    cafe.act("rotate")
    seatings = events(leaver, "seating_changed")
    assert seatings and str(snap["me"]["id"]) not in seatings[-1]["seats"]   # told to go nowhere
    after = sync(leaver)
    assert after["me"]["table"] is None and after["me"]["left"] is True
    cafe.act("start_round")
    cafe.act("end_round")
    cafe.act("run_harvest")
    assert cafe.act("open_voting", dots=3, confirm=True)["ok"]
    theme = sync(phones[0])["harvest"]["themes"][0]["id"]
    ack = leaver.emit("cast_votes", {"votes": {str(theme): 1}}, callback=True)
    assert ack["ok"] is False and ack["error"] == "person_left"
    assert cafe.snapshot()["harvest"]["tallies"]["voters"] == 0
    assert phones[0].emit("cast_votes", {"votes": {str(theme): 1}}, callback=True)["ok"]


def test_a_latecomer_can_join_and_vote_until_voting_closes(app, facilitator, client):
    cafe = three_round_cafe(app, facilitator)
    cafe.act("run_harvest")
    cafe.act("open_voting", dots=3, confirm=True)
    late = join(app, cafe.code, group="Resident")           # the QR code is still up
    sio = connect(app, late, cafe.id, "participant")
    theme = events(sio, "snapshot")[0]["harvest"]["themes"][0]["id"]
    assert sio.emit("cast_votes", {"votes": {str(theme): 2}}, callback=True)["ok"]
    cafe.act("close_voting")
    assert client.get(f"/j/{cafe.code}").status_code == 404   # joining has closed with the vote
    results = sync(cafe.phones[0][0])["harvest"]
    assert results["results_url"].startswith("http://cafe.test/r/")
