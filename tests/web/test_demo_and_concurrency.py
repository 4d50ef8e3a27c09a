"""The demo command, and the database under concurrent writers."""
from __future__ import annotations

import threading

import pytest
from helpers import join

from cafe import services
from cafe.services import demo
from cafe.extensions import db
from cafe.models import Note, Participant


@pytest.mark.skipif(not demo.COMMENTS.exists(), reason=f"demo data not found at {demo.COMMENTS}")
def test_demo_command_fills_a_cafe_with_the_bowling_green_comments(app):
    result = app.test_cli_runner().invoke(args=["demo", "--people", "12", "--tables", "3",
                                                "--rounds", "2"])
    assert result.exit_code == 0, result.output
    assert "Demo café" in result.output and "/facilitator/?token=" in result.output
    with app.app_context():
        cafe = services.list_cafes()[0]
        assert cafe.phase == "finished"
        texts = [n.text for n in db.session.query(Note)]
        assert len(texts) == len(demo.load_comments())
        assert any("Bowling Green" in t for t in texts)
        rounds = {n.round_no for n in db.session.query(Note)}
        assert rounds == {1, 2}


def test_concurrent_joins_and_notes_lose_nothing(app, cafe):
    """Sixteen phones join and post at the same time on SQLite: everyone is seated, every note is stored once."""
    phones = [None] * 16
    errors = []

    def join_one(i):
        try:
            phones[i] = join(app, cafe.code, name=f"P{i}")
        except Exception as exc:        # noqa: BLE001 - reported below
            errors.append(exc)
    threads = [threading.Thread(target=join_one, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert cafe.act("start_round")["ok"]
    people = cafe.snapshot()["people"]
    assert len(people) == 16
    sizes = sorted([p["table"] for p in people].count(t) for t in range(3))
    assert sizes[-1] - sizes[0] <= 1                 # still balanced under concurrent joins

    with app.app_context():
        authors = [services.Author(p.id, p.cafe_id) for p in db.session.query(Participant)]

    def post(person, n):
        pid = person.id
        with app.app_context():
            for k in range(n):
                services.submit_note(person, f"p{pid}-note-{k:03d}", f"note {k} from {pid}", 1)
                services.submit_note(person, f"p{pid}-note-{k:03d}", f"note {k} from {pid}", 1)
            db.session.remove()
    threads = [threading.Thread(target=post, args=(person, 5)) for person in authors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    notes = cafe.snapshot()["notes"]
    assert len(notes) == 16 * 5
    assert len({n["text"] for n in notes}) == 16 * 5
