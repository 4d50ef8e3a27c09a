"""Downloads read back as an organizer would: PDF text and a rendered page, CSV and JSON parsed."""
from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import join

pypdf = pytest.importorskip("pypdf")
pdfium = pytest.importorskip("pypdfium2")

INJECTIONS = ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tTabbed", "=1"]


@pytest.fixture
def finished_cafe(app, cafe):
    """A café of 14 people (9 residents, 5 staff... and a lone organizer) with notes in two rounds."""
    groups = ["Resident"] * 8 + ["Health or social service staff"] * 5 + ["Community organization"]
    phones = [join(app, cafe.code, group=g, name=f"Name{i}") for i, g in enumerate(groups)]
    from helpers import connect
    sockets = [connect(app, p, cafe.id, "participant") for p in phones]
    cafe.act("start_round")
    texts = ["Más árboles en el parque", "Безопасные тротуары", "更多公园和树木", "Safer crossings near the school",
             "Bus every 15 minutes 🚌", "Línea de autobús nocturna"] + INJECTIONS
    for i, text in enumerate(texts):
        ack = sockets[i % len(sockets)].emit("submit_note", {"id": f"dl-note-{i:04d}", "text": text,
                                                             "round": 1}, callback=True)
        assert ack["ok"], ack
    hidden = sockets[0].emit("submit_note", {"id": "dl-hidden-01", "text": "A rude remark",
                                             "round": 1}, callback=True)
    cafe.staff.emit("hide_note", {"note": hidden["note"]["id"], "hidden": True}, callback=True)
    cafe.act("end_round")
    return cafe


def test_downloads_need_facilitator_rights(app, finished_cafe):
    phone = join(app, finished_cafe.code)
    for path in ("report.pdf", "notes.csv", "cafe.json", "wordcloud.png", "votes.png"):
        response = phone.get(f"/facilitator/cafes/{finished_cafe.id}/downloads/{path}")
        assert response.status_code == 403


def test_notes_csv_is_excel_safe_anonymous_and_complete(facilitator, finished_cafe):
    response = facilitator.get(f"/facilitator/cafes/{finished_cafe.id}/downloads/notes.csv")
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")              # UTF-8 BOM for Excel
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    texts = [r["text"] for r in rows]
    assert "Más árboles en el parque" in texts and "Безопасные тротуары" in texts
    assert "A rude remark" not in texts                            # moderated notes stay out
    for injection in INJECTIONS:
        stored = injection.strip()             # notes are trimmed when saved
        expected = "'" + stored if stored[0] in "=+-@" else stored
        assert expected in texts, injection
    assert not any(t[:1] in "=+-@\t\r" for t in texts)
    groups = {r["group"] for r in rows}
    assert "Resident" in groups and "Health or social service staff" in groups
    assert "Community organization" not in groups                 # a group of one is never named
    header = response.data.decode("utf-8-sig").splitlines()[0]
    assert "name" not in header.lower() and "participant" not in header.lower()


def test_json_export_is_the_whole_cafe_without_names(facilitator, finished_cafe):
    response = facilitator.get(f"/facilitator/cafes/{finished_cafe.id}/downloads/cafe.json")
    data = json.loads(response.data)
    assert data["cafe"]["title"] == "Test café"
    assert len(data["notes"]) == 12
    assert "Name0" not in response.get_data(as_text=True)
    by_group = {g["group"]: g for g in data["participation"]["by_group"]}
    assert by_group["Resident"]["people"] == 8
    assert by_group["Community organization"]["people"] is None    # 1 person: suppressed
    assert by_group["Community organization"]["notes"] is None
    # ...and so is the next smallest, or 14 - 8 - 5 would give the lone person away.
    assert by_group["Health or social service staff"]["people"] is None
    assert data["participation"]["people"] == 14


@pytest.mark.parametrize("size,width_pt", [("a4", 595), ("letter", 612)])
def test_report_pdf_reads_back_with_its_text_and_renders(facilitator, finished_cafe, size, width_pt):
    response = facilitator.get(
        f"/facilitator/cafes/{finished_cafe.id}/downloads/report.pdf?size={size}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    assert round(float(reader.pages[0].mediabox.width)) == width_pt
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Test café" in text and "What matters most here?" in text
    assert "árboles" in text and "тротуары" in text.lower()
    assert "更多公园和树木" in text or "公园" in text              # CJK prints with the shipped font
    assert "A rude remark" not in text
    page = pdfium.PdfDocument(response.data)[0].render(scale=1).to_pil().convert("L")
    assert page.getextrema()[0] < 100                             # ink on the page, not blank


def test_word_cloud_png(facilitator, finished_cafe):
    response = facilitator.get(f"/facilitator/cafes/{finished_cafe.id}/downloads/wordcloud.png")
    assert response.status_code == 200 and response.data.startswith(b"\x89PNG")


def test_action_plan_is_saved_validated_and_exported(facilitator, finished_cafe):
    form = {"priority_0": "Safer streets", "theme_0": "", "next_steps_0": "Walk audit with residents",
            "partner_0": "City transport team", "due_0": "2027-02-01"}
    url = f"/facilitator/cafes/{finished_cafe.id}/actions"
    saved = facilitator.post(url, data=form, follow_redirects=True)
    assert "Action plan saved." in saved.get_data(as_text=True)       # the facilitator is told
    assert "Action plan saved." not in facilitator.get(
        f"/facilitator/cafes/{finished_cafe.id}/downloads").get_data(as_text=True)
    data = json.loads(facilitator.get(
        f"/facilitator/cafes/{finished_cafe.id}/downloads/cafe.json").data)
    assert data["actions"] == [{"priority": "Safer streets", "theme_id": None,
                                "next_steps": "Walk audit with residents",
                                "partner": "City transport team", "due": "2027-02-01",
                                "translations": {}}]
    bad = facilitator.post(url, data=form | {"due_0": "next week"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.get_data(as_text=True)
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(facilitator.get(
        f"/facilitator/cafes/{finished_cafe.id}/downloads/report.pdf").data)).pages)
    assert "Walk audit with residents" in text and "City transport team" in text


def test_results_page_by_its_own_token(app, facilitator, finished_cafe):
    page = facilitator.get(f"/facilitator/cafes/{finished_cafe.id}/downloads").get_data(as_text=True)
    link = page.split("/r/")[1].split('"')[0]
    phone = app.test_client()
    assert phone.get(f"/r/{link}").status_code == 200
    assert phone.get("/r/not-the-token-at-all-0000").status_code == 404
    assert phone.get(f"/r/{finished_cafe.code}").status_code == 404  # the join code is not it


def test_deleting_a_cafe_removes_it_for_good(app, facilitator, finished_cafe):
    base = f"/facilitator/cafes/{finished_cafe.id}"
    page = facilitator.get(f"{base}/downloads").get_data(as_text=True)
    token = page.split("/r/")[1].split('"')[0]
    assert facilitator.post(f"{base}/delete", data={"confirm": "wrong"}).status_code == 400
    assert facilitator.get(f"{base}/downloads/notes.csv").status_code == 200
    assert facilitator.post(f"{base}/delete", data={"confirm": "Test café"}).status_code == 302
    for path in ("downloads/report.pdf", "downloads/notes.csv", "downloads/cafe.json",
                 "downloads/wordcloud.png", "downloads"):
        assert facilitator.get(f"{base}/{path}").status_code == 404
    assert app.test_client().get(f"/r/{token}").status_code == 404
    assert app.test_client().get(f"/j/{finished_cafe.code}").status_code == 404
    from cafe.extensions import db
    from cafe.models import Note, Participant, Seat
    with app.app_context():
        assert db.session.query(Note).count() == 0
        assert db.session.query(Participant).count() == 0
        assert db.session.query(Seat).count() == 0


def test_deleting_a_harvested_cafe_removes_themes_and_votes(app, facilitator, finished_cafe):
    from cafe import services
    from cafe.services import harvest
    from cafe.extensions import db
    from cafe.models import Participant, Theme, Vote
    for _ in range(2):                                 # play rounds 2 and 3: voting is at the end
        for step in ("rotate", "start_round", "end_round"):
            assert finished_cafe.act(step)["ok"]
    with app.app_context():
        people = db.session.query(Participant).all()
        for i, text in enumerate(["More buses at night", "Night buses to the hospital",
                                  "Buses every night hour", "Safer bike lanes downtown",
                                  "Bike lanes on main street", "Protected bike lanes please"]):
            assert services.submit_note(people[i], f"harvest-note-{i}", text, 3)[1]
        cafe = harvest.run_harvest(finished_cafe.id, services.get_cafe(finished_cafe.id).version)
        cafe = harvest.open_voting(cafe.id, services.get_cafe(cafe.id).version, 3,
                                   confirm=True)   # some notes fit no theme
        theme = harvest.harvest_view(services.get_cafe(cafe.id))["themes"][0]["id"]
        person = db.session.query(Participant).first()
        harvest.cast_votes(person, {str(theme): 2})
        harvest.close_voting(cafe.id, services.get_cafe(cafe.id).version)
        assert db.session.query(Theme).count() > 0 and db.session.query(Vote).count() == 1
    csv_rows = facilitator.get(f"/facilitator/cafes/{finished_cafe.id}/downloads/notes.csv")
    assert b"theme_votes" in csv_rows.data
    assert facilitator.post(f"/facilitator/cafes/{finished_cafe.id}/delete",
                            data={"confirm": "Test café"}).status_code == 302
    with app.app_context():
        assert db.session.query(Theme).count() == 0 and db.session.query(Vote).count() == 0
