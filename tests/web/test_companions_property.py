"""The planner's keep-together rule on the app's path: random cafés with random parties linked on
the dashboard, hosts, hand moves, late arrivals and people leaving, played round by round through
the real socket events. Every party (as the dashboard sees it) sits at one table in every round
and in every planned round."""
from __future__ import annotations

import random

from helpers import TOKEN, Cafe, connect, join, make_cafe
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cafe import create_app
from cafe.extensions import db
from cafe.services import exports

GROUPS = ["Resident", "Community organization", "Health or social service staff", ""]


def make_app(path):
    exports.forget_made()
    return create_app({
        "TESTING": True, "SECRET_KEY": "test-secret", "FACILITATOR_TOKEN": TOKEN,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path / 'cafe.sqlite3'}",
        "ASYNC_MODE": "threading", "MESSAGE_QUEUE": None, "PUBLIC_URL": "http://cafe.test",
        "WTF_CSRF_ENABLED": False, "EMBED_NOTES": False, "JOIN_RATE": "10000 per second"})


def parties(people) -> list[list[int]]:
    """The parties the dashboard shows: people still here grouped by their first member."""
    by_key: dict = {}
    present = [p for p in people if not p["left"]]
    for p in present:
        by_key.setdefault(p["companion_of"] or p["id"], []).append(p["id"])
    return [members for members in by_key.values() if len(members) > 1]


def check(cafe, where, *, now=True):
    """Every party at one table now (unless `now` is False: in a review after a link made while
    the round ran, its seats are history) and in the planned round."""
    snap = cafe.snapshot()
    seats = {p["id"]: p["table"] for p in snap["people"] if not p["left"]}
    for party in parties(snap["people"]):
        assert not now or len({seats[pid] for pid in party}) == 1, (where, party, seats)
        if snap["next_seats"] is not None:
            assert len({snap["next_seats"][str(pid)] for pid in party}) == 1, (where, party)
    return snap


def active_ids(cafe):
    return [p["id"] for p in cafe.snapshot()["people"] if not p["left"]]


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.data())
def test_random_parties_never_separate_on_the_app_path(tmp_path_factory, data):
    t = data.draw(st.integers(2, 3), label="tables")
    rounds = data.draw(st.integers(2, 3), label="rounds")
    n = data.draw(st.integers(2 * t, 4 * t), label="people")
    rng = random.Random(data.draw(st.integers(0, 10**6), label="seed"))
    app = make_app(tmp_path_factory.mktemp("party"))
    try:
        facilitator = app.test_client()
        facilitator.get(f"/facilitator/?token={TOKEN}")
        cafe = Cafe(app, facilitator, make_cafe(facilitator, tables=t, rounds=rounds))
        assert cafe.act("open_cafe")["ok"]
        phones = {}
        for _ in range(n):
            http = join(app, cafe.code, group=rng.choice(GROUPS))
            sio = connect(app, http, cafe.id, "participant")
            phones[sio.get_received()[0]["args"][0]["me"]["id"]] = sio
        ids = list(phones)
        # Hosts at some tables, then up to two parties of 2-3 linked on the dashboard (a link the
        # server refuses, say two hosts of different tables, changes nothing).
        for position in data.draw(st.sets(st.integers(0, t - 1)), label="hosted tables"):
            cafe.staff.emit("set_host", {"table": position, "person": rng.choice(ids)}, callback=True)
        for _ in range(data.draw(st.integers(1, 2), label="parties")):
            members = rng.sample(ids, data.draw(st.integers(2, 3), label="party size"))
            for other in members[1:]:
                cafe.staff.emit("link_people", {"person": other, "with": members[0]}, callback=True)
        check(cafe, "lobby")
        for round_no in range(1, rounds + 1):
            if data.draw(st.booleans(), label=f"hand move before round {round_no}"):
                person = rng.choice(active_ids(cafe))
                cafe.staff.emit("move_person", {"person": person, "table": rng.randrange(t)},
                                callback=True)
                check(cafe, f"hand move, round {round_no}")
            assert cafe.act("start_round")["ok"]
            if data.draw(st.booleans(), label=f"late arrival in round {round_no}"):
                http = join(app, cafe.code, group=rng.choice(GROUPS))
                connect(app, http, cafe.id, "participant")
            check(cafe, f"round {round_no} running")
            if data.draw(st.booleans(), label=f"link while round {round_no} runs"):
                a, b = rng.sample(active_ids(cafe), 2)
                cafe.staff.emit("link_people", {"person": a, "with": b}, callback=True)
            assert cafe.act("end_round")["ok"]
            check(cafe, f"review after round {round_no}", now=False)
            if round_no == rounds:
                break
            if data.draw(st.booleans(), label=f"someone leaves after round {round_no}"):
                leaver = rng.choice([pid for pid in active_ids(cafe) if pid in phones])
                assert phones[leaver].emit("leave_cafe", {}, callback=True)["ok"]
                check(cafe, f"left after round {round_no}", now=False)
            if data.draw(st.booleans(), label=f"link in the review after round {round_no}"):
                a, b = rng.sample(active_ids(cafe), 2)
                cafe.staff.emit("link_people", {"person": a, "with": b}, callback=True)
                check(cafe, f"linked in the review after round {round_no}", now=False)
            assert cafe.act("rotate")["ok"]
            check(cafe, f"break before round {round_no + 1}")
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
