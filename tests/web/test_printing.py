"""Printed materials read back as a venue would use them: the seating plan and the paper ballots
(tests/e2e/test_printed_qr_codes.py scans the table cards and the poster)."""
from __future__ import annotations

import io

import pytest
from helpers import Cafe, connect, join, make_cafe
from test_harvest import NOTES, write_notes

pypdf = pytest.importorskip("pypdf")


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_the_seating_plan_lists_everyone_at_their_table_phone_or_not(app, facilitator, cafe):
    names = ["Ana", "Ben", "Chen", "Dara", "Eli"]
    for name in names:
        join(app, cafe.code, name=name)
    ack = cafe.staff.emit("add_person", {"name": "Rosa", "can_host": False}, callback=True)
    assert ack["ok"]
    people = {p["name"]: p["table"] for p in cafe.snapshot()["people"]}
    response = facilitator.get(f"/facilitator/cafes/{cafe.id}/print/seating.pdf?size=letter")
    assert response.status_code == 200
    text = pdf_text(response.data)[0]
    assert "round 1 of 3" in text
    for name in names + ["Rosa"]:
        assert name in text
    # Each table's line holds exactly its people.
    lines = text.splitlines()
    for number in range(1, 4):
        line = next(line for line in lines if line.startswith(f"Table {number}"))
        assert {n for n in people if n in line} == {n for n, t in people.items()
                                                   if t == number - 1}


def test_the_seating_plan_of_a_coming_or_past_round(app, facilitator, cafe):
    for name in ["Ana", "Ben", "Chen"]:
        join(app, cafe.code, name=name)
    cafe.act("start_round")
    cafe.act("end_round")             # the next seating is planned, not yet shown
    text = pdf_text(facilitator.get(f"/facilitator/cafes/{cafe.id}/print/seating.pdf").data)[0]
    assert "round 2 of 3" in text
    earlier = facilitator.get(f"/facilitator/cafes/{cafe.id}/print/seating.pdf?round=1")
    assert "round 1 of 3" in pdf_text(earlier.data)[0]
    assert facilitator.get(f"/facilitator/cafes/{cafe.id}/print/seating.pdf?round=3"
                           ).status_code == 404
    assert facilitator.get(f"/facilitator/cafes/{cafe.id}/print/seating.pdf?round=x"
                           ).status_code == 400


def test_ballots_number_the_themes_once_there_are_themes(app, facilitator):
    running = Cafe(app, facilitator, make_cafe(facilitator, rounds=1))
    running.act("open_cafe")
    assert facilitator.get(f"/facilitator/cafes/{running.id}/print/ballots.pdf").status_code == 404
    page = facilitator.get(f"/facilitator/cafes/{running.id}/print").get_data(as_text=True)
    assert "once the harvest has found themes" in page
    phones = [(connect(app, join(app, running.code), running.id, "participant"), None)
              for _ in range(4)]
    running.act("start_round")
    write_notes(phones, NOTES)
    running.act("end_round")
    running.act("run_harvest")
    themes = [t for t in running.snapshot()["harvest"]["themes"] if not t["hidden"]]
    response = facilitator.get(f"/facilitator/cafes/{running.id}/print/ballots.pdf")
    assert response.status_code == 200
    text = " ".join(pdf_text(response.data))
    for theme in themes:
        assert f"{theme['number']}. {theme['label']}" in " ".join(text.split())
    assert "you have 3 dots" in text and "Resident" in text
    page = facilitator.get(f"/facilitator/cafes/{running.id}/print").get_data(as_text=True)
    assert "ballots.pdf" in page


def test_print_needs_facilitator_rights(app, cafe):
    phone = join(app, cafe.code)
    assert phone.get(f"/facilitator/cafes/{cafe.id}/print").status_code == 403
    for kind in ("table-cards", "poster", "seating", "ballots"):
        assert phone.get(f"/facilitator/cafes/{cafe.id}/print/{kind}.pdf").status_code == 403


def test_the_downloads_page_leads_to_the_print_page(app, facilitator, cafe):
    page = facilitator.get(f"/facilitator/cafes/{cafe.id}/downloads").get_data(as_text=True)
    assert f"/facilitator/cafes/{cafe.id}/print" in page
    page = facilitator.get(f"/facilitator/cafes/{cafe.id}/print").get_data(as_text=True)
    for kind in ("table-cards", "poster", "seating"):
        assert f"/print/{kind}.pdf" in page
    assert facilitator.get(f"/facilitator/cafes/{cafe.id}/print/nothing.pdf").status_code == 404
