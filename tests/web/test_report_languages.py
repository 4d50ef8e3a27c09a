"""A bilingual café's downloads (issue 17): the action plan per language, the report in either
language, the exports and the printed materials carrying every language's text."""
from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import Cafe, connect, join, make_cafe
from test_harvest import NOTES, write_notes

from cafe.extensions import db
from cafe.models import ActionItem, Theme
from cafe.models import Cafe as CafeModel

pypdf = pytest.importorskip("pypdf")

SPANISH = {"title": "Café de prueba", "questions": ["¿Qué importa más aquí?"],
           "groups": ["Residente", "Organización comunitaria", "", ""]}
TABLE_NAMES = ["Río", "Colina", ""]


def pdf_text(data: bytes) -> str:
    """The PDF's text as a reader would copy it, runs of spaces collapsed."""
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return "\n".join(" ".join(line.split()) for page in pages
                     for line in page.extract_text().splitlines())


def theme_labels(app, cafe_id) -> dict[int, str]:
    with app.app_context():
        return {t.id: t.label for t in db.session.query(Theme).filter_by(cafe_id=cafe_id)}


@pytest.fixture
def bilingual(app, facilitator):
    """A one-round café typed in English with everything also in Spanish (title, question,
    groups, table names, theme labels), harvested, voted on and closed; six residents."""
    running = Cafe(app, facilitator, make_cafe(facilitator, rounds=1))
    with app.app_context():
        cafe = db.session.get(CafeModel, running.id)
        cafe.translations = {"es": SPANISH}
        for table, name in zip(cafe.tables, TABLE_NAMES):
            table.translations = {"es": name} if name else None
        db.session.commit()
    running.act("open_cafe")
    phones = [(connect(app, join(app, running.code, group="Resident", language="es"),
                       running.id, "participant"), None) for _ in range(6)]
    running.act("start_round")
    write_notes(phones, NOTES)
    running.act("end_round")
    assert running.act("run_harvest")["ok"]
    with app.app_context():
        themes = db.session.query(Theme).filter_by(cafe_id=running.id).order_by(Theme.position)
        for number, theme in enumerate(themes, 1):
            theme.translations = {"es": f"Tema {number} en español"}
        db.session.commit()
    assert running.act("open_voting", dots=3)["ok"]
    first = next(t for t in running.snapshot()["harvest"]["themes"] if not t["hidden"])
    for voter, _ in phones:
        assert voter.emit("cast_votes", {"votes": {str(first["theme_id"]): 3}}, callback=True)["ok"]
    assert running.act("close_voting")["ok"]
    running.first_theme = first["theme_id"]
    return running


def action_form(cafe, **changes):
    """The action plan form as the downloads page posts it: one item, typed and in Spanish."""
    form = {"priority_0": "Safer streets", "theme_0": str(cafe.first_theme),
            "next_steps_0": "Walk audit with residents", "partner_0": "City transport team",
            "due_0": "2027-02-01", "priority_es_0": "Calles más seguras",
            "next_steps_es_0": "Recorrido a pie con los vecinos",
            "partner_es_0": "Equipo de transporte de la ciudad"}
    return form | changes


def saved_actions(app, cafe_id):
    with app.app_context():
        return [(a.next_steps, a.translations)
                for a in db.session.query(ActionItem).filter_by(cafe_id=cafe_id)]


def test_the_action_plan_keeps_each_language_and_the_page_shows_it_grouped(app, facilitator, bilingual):
    url = f"/facilitator/cafes/{bilingual.id}/actions"
    page = facilitator.post(url, data=action_form(bilingual), follow_redirects=True)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Action plan saved." in html
    assert saved_actions(app, bilingual.id) == [("Walk audit with residents", {"es": {
        "priority": "Calles más seguras", "next_steps": "Recorrido a pie con los vecinos",
        "partner": "Equipo de transporte de la ciudad"}})]
    # The Spanish fields come back filled in, in a group named for the language, marked lang="es".
    assert '<legend lang="es">Español</legend>' in html
    assert 'name="next_steps_es_0" lang="es"' in html and "Recorrido a pie con los vecinos" in html
    # An empty Spanish field is saved as nothing: it falls back to the typed text.
    facilitator.post(url, data=action_form(bilingual, partner_es_0="  ", priority_es_0=""))
    assert saved_actions(app, bilingual.id)[0][1] == {"es": {
        "next_steps": "Recorrido a pie con los vecinos"}}
    # Only Spanish next steps still make an item worth keeping.
    facilitator.post(url, data=action_form(bilingual, next_steps_0="", partner_0="", due_0="",
                                           partner_es_0=""))
    assert saved_actions(app, bilingual.id) == [("", {"es": {
        "priority": "Calles más seguras", "next_steps": "Recorrido a pie con los vecinos"}})]


@pytest.mark.parametrize("field, value", [
    ("next_steps_es_0", "x" * 2001),
    ("partner_es_0", "y" * 201),
    ("priority_es_0", "Calles\u202eseguras"),
    ("partner_es_0", "Equipo\x00"),
])
def test_bad_action_plan_input_in_another_language_changes_nothing(app, facilitator, bilingual,
                                                                    field, value):
    url = f"/facilitator/cafes/{bilingual.id}/actions"
    facilitator.post(url, data=action_form(bilingual))
    before = saved_actions(app, bilingual.id)
    bad = facilitator.post(url, data=action_form(bilingual, **{field: value}))
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "The action plan was not saved" in html
    # The error sits right under the field, which points at it; what was typed is kept.
    assert f'id="{field}-error"' in html and f'aria-describedby="{field}-error"' in html
    assert "Walk audit with residents" in html
    assert saved_actions(app, bilingual.id) == before


def test_a_language_the_cafe_does_not_offer_is_ignored(app, facilitator, bilingual):
    facilitator.post(f"/facilitator/cafes/{bilingual.id}/actions",
                     data=action_form(bilingual, next_steps_fr_0="Une visite à pied"))
    assert "fr" not in saved_actions(app, bilingual.id)[0][1]


def test_the_spanish_report_has_spanish_headings_date_and_texts(app, facilitator, bilingual):
    facilitator.post(f"/facilitator/cafes/{bilingual.id}/actions", data=action_form(bilingual))
    response = facilitator.get(f"/facilitator/cafes/{bilingual.id}/downloads/report.pdf?lang=es")
    assert response.status_code == 200
    text = pdf_text(response.data)
    for heading in ("Informe de prioridades", "La pregunta que exploramos", "Participación",
                    "Prioridades", "Plan de acción", "Próximos pasos", "Lo más destacado de cada mesa"):
        assert heading in text, heading
    assert "Priority summary report" not in text and "Action plan" not in text
    with app.app_context():
        created = db.session.get(CafeModel, bilingual.id).created_at.date()
    from babel.dates import format_date
    assert format_date(created, "long", locale="es") in text           # '30 de noviembre de 2026'
    assert created.isoformat() not in text
    assert "Votaron 6 personas." in text and "18 votos" in text
    assert "1 feb 2027" in text                                        # the action's date, in Spanish
    # The typed text, then the Spanish version of each, marked as such.
    for typed, spanish in (("Test café", "Café de prueba"),
                           ("What matters most here?", "¿Qué importa más aquí?")):
        assert typed in text and f"Español: {spanish}" in text
    assert "Español: Tema 1 en español" in text
    cells = " ".join(text.split())                     # table cells wrap within their column
    assert "Español: Calles más seguras" in cells and "Recorrido a pie con los vecinos" in cells
    assert "Mesa 1 (Azul)" in text and "Español: Río" in text
    assert "Residente" in text


def test_the_english_report_is_in_english_and_still_carries_the_spanish(app, facilitator, bilingual):
    facilitator.post(f"/facilitator/cafes/{bilingual.id}/actions", data=action_form(bilingual))
    text = pdf_text(facilitator.get(
        f"/facilitator/cafes/{bilingual.id}/downloads/report.pdf?lang=en&size=letter").data)
    assert "Priority summary report" in text and "Action plan" in text
    assert "Informe de prioridades" not in text
    assert "6 people voted." in text and "18 votes" in text and "Feb 1, 2027" in text
    assert "Español: Café de prueba" in text and "Español: Tema 1 en español" in text
    cells = " ".join(text.split())                     # table cells wrap within their column
    assert "Español: Calles más seguras" in cells and "Equipo de transporte de la ciudad" in cells


def test_the_report_language_defaults_to_the_facilitators_and_refuses_others(facilitator, bilingual):
    url = f"/facilitator/cafes/{bilingual.id}/downloads/report.pdf"
    assert "Priority summary report" in pdf_text(facilitator.get(url).data)
    spanish_reader = facilitator.get(url, headers={"Accept-Language": "es"})
    assert "Informe de prioridades" in pdf_text(spanish_reader.data)
    assert facilitator.get(f"{url}?lang=xx").status_code == 404
    assert facilitator.get(f"{url}?lang=ar").status_code == 404


def test_the_downloads_page_offers_the_report_in_each_language(facilitator, bilingual):
    html = facilitator.get(f"/facilitator/cafes/{bilingual.id}/downloads").get_data(as_text=True)
    assert '<li lang="es">' in html and "Informe (español), A4" in html
    assert '<li lang="en">' in html and "Report (English), A4" in html
    assert "report.pdf?lang=es&amp;size=letter" in html


def test_the_notes_csv_carries_spanish_columns_after_the_usual_ones(app, facilitator, bilingual):
    response = facilitator.get(f"/facilitator/cafes/{bilingual.id}/downloads/notes.csv")
    reader = csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")))
    assert reader.fieldnames == ["note", "round", "question", "table", "theme", "theme_votes",
                                 "theme_paper_votes", "group", "typed_by", "text", "question_es",
                                 "table_es", "theme_es", "group_es"]
    rows = list(reader)
    assert {r["question_es"] for r in rows} == {"¿Qué importa más aquí?"}
    assert {r["group"] for r in rows} == {"Resident"} and {r["group_es"] for r in rows} == {"Residente"}
    at_first = [r for r in rows if r["table"].startswith("Table 1 ")]
    assert at_first and {r["table_es"] for r in at_first} == {"Río"}
    at_third = [r for r in rows if r["table"].startswith("Table 3 ")]
    assert at_third and {r["table_es"] for r in at_third} == {"3"}     # no translation: as typed
    themed = [r for r in rows if r["theme"]]
    assert themed and all(r["theme_es"].endswith("en español") for r in themed)
    assert all(r["theme_es"] == "" for r in rows if not r["theme"])


def test_new_csv_columns_are_neutralised_like_the_others(app, facilitator, bilingual):
    with app.app_context():
        theme = db.session.get(Theme, bilingual.first_theme)
        theme.translations = {"es": "=HYPERLINK(\"http://evil\")"}
        cafe = db.session.get(CafeModel, bilingual.id)
        cafe.tables[0].translations = {"es": "@SUM(A1)"}
        db.session.commit()
    data = facilitator.get(f"/facilitator/cafes/{bilingual.id}/downloads/notes.csv").data
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert "'=HYPERLINK(\"http://evil\")" in {r["theme_es"] for r in rows}
    assert "'@SUM(A1)" in {r["table_es"] for r in rows}
    assert not any(r[c][:1] in "=+-@" for r in rows for c in ("theme_es", "table_es"))


def test_the_json_export_carries_every_language(app, facilitator, bilingual):
    facilitator.post(f"/facilitator/cafes/{bilingual.id}/actions", data=action_form(bilingual))
    data = json.loads(facilitator.get(f"/facilitator/cafes/{bilingual.id}/downloads/cafe.json").data)
    assert data["cafe"]["title"] == "Test café"                      # the typed text, unchanged
    assert data["cafe"]["languages"] == ["en", "es"]
    assert data["cafe"]["translations"] == {"es": SPANISH}
    assert [t["translations"] for t in data["tables"]] == [{"es": "Río"}, {"es": "Colina"}, {}]
    assert data["themes"] and all(t["translations"]["es"].startswith("Tema ")
                                  for t in data["themes"])
    assert data["priorities"][0]["translations"]["es"].endswith("en español")
    assert data["actions"] == [{
        "priority": "Safer streets", "theme_id": bilingual.first_theme,
        "next_steps": "Walk audit with residents", "partner": "City transport team",
        "due": "2027-02-01", "translations": {"es": {
            "priority": "Calles más seguras", "next_steps": "Recorrido a pie con los vecinos",
            "partner": "Equipo de transporte de la ciudad"}}}]


def test_an_action_without_its_own_spanish_label_takes_its_themes(app, facilitator, bilingual):
    facilitator.post(f"/facilitator/cafes/{bilingual.id}/actions",
                     data=action_form(bilingual, priority_es_0=""))
    data = json.loads(facilitator.get(f"/facilitator/cafes/{bilingual.id}/downloads/cafe.json").data)
    with app.app_context():
        spanish = db.session.get(Theme, bilingual.first_theme).translations["es"]
    assert data["actions"][0]["translations"]["es"]["priority"] == spanish


def test_table_cards_and_ballots_show_both_languages(app, facilitator, bilingual):
    cards = pdf_text(facilitator.get(f"/facilitator/cafes/{bilingual.id}/print/table-cards.pdf").data)
    assert "What matters most here?" in cards and "¿Qué importa más aquí?" in cards
    assert "Río" in cards and "Colina" in cards
    assert "Scan to join from your phone" in cards and "Escanea para unirte desde tu teléfono" in cards
    assert len(pypdf.PdfReader(io.BytesIO(facilitator.get(
        f"/facilitator/cafes/{bilingual.id}/print/table-cards.pdf?size=letter").data)).pages) == 3
    ballots = pdf_text(facilitator.get(f"/facilitator/cafes/{bilingual.id}/print/ballots.pdf").data)
    for label in theme_labels(app, bilingual.id).values():
        assert label.split(",")[0] in ballots
    assert "Tema 1 en español" in ballots and "Resident / Residente" in ballots
    assert "you have 3 dots" in ballots and "tienes 3 puntos" in ballots
    poster = pdf_text(facilitator.get(f"/facilitator/cafes/{bilingual.id}/print/poster.pdf").data)
    assert "Test café" in poster and "Café de prueba" in poster
    assert "Join the conversation" in poster and "Únete a la conversación" in poster


def test_the_results_page_gives_each_reader_the_action_plan_in_their_language(app, facilitator, bilingual):
    from cafe.domain import tokens
    assert facilitator.post(f"/facilitator/cafes/{bilingual.id}/actions",
                            data=action_form(bilingual)).status_code == 302
    link = f"/r/{tokens.results_token('test-secret', bilingual.id)}"
    spanish = app.test_client()
    spanish.set_cookie("cafe_lang", "es")
    page = spanish.get(link).get_data(as_text=True)
    assert '<span lang="es">Recorrido a pie con los vecinos</span>' in page
    assert '<span lang="es">Equipo de transporte de la ciudad</span>' in page
    assert "Walk audit with residents" not in page
    english = app.test_client().get(link).get_data(as_text=True)
    assert '<span lang="en">Walk audit with residents</span>' in english
    assert "Recorrido a pie" not in english
