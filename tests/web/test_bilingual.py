"""A bilingual café (issue 17): what the facilitator types in each language reaches each phone in
its person's language, the join and results pages follow the reader's language, untranslated
texts fall back to the typed text marked with its language, and bad translations change nothing."""
from __future__ import annotations

import re

import pytest
from helpers import Cafe, connect, events, join

from cafe.domain import tokens
from cafe.extensions import db
from cafe.models import Cafe as CafeRow
from cafe.models import Participant, Theme

QUESTION = "What keeps us healthy?"
PREGUNTA = "¿Qué nos mantiene sanos?"
SECOND = "What would help most?"          # left untranslated
GROUPS = ["Resident", "Community organization", "Health or social service staff"]
GRUPOS = ["Residente", "Organización comunitaria", "Personal de salud o de servicios sociales"]

NOTES = ["More buses in the evening", "The bus stops need shelters", "Buses should run on Sundays",
         "Cheaper bus fares", "A bus route to the hospital", "More trees in the park",
         "A park with a playground", "Clean up the park benches", "Keep the park open later",
         "Plant trees along the park path"]


def bilingual_form(**changes):
    """The new-café form as a facilitator fills it for an English and Spanish café."""
    form = {"title": "Health café", "title_es": "Café de salud",
            "questions": f"{QUESTION}\n{SECOND}", "questions_es": PREGUNTA,
            "num_rounds": "2", "round_minutes": "20", "num_tables": "2",
            "groups": "\n".join(GROUPS), "groups_es": "\n".join(GRUPOS),
            "languages": ["en", "es"], "typed_language": "en",
            "table_name_0": "River", "table_name_0_es": "Río", "table_languages_0": ["es"],
            "table_name_1": "Hill"}
    form.update(changes)
    return form


def create(facilitator, **changes):
    response = facilitator.post("/facilitator/cafes/new", data=bilingual_form(**changes))
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


@pytest.fixture
def bilingual(app, facilitator):
    """An open English and Spanish café with the facilitator connected."""
    cafe = Cafe(app, facilitator, create(facilitator))
    assert cafe.act("open_cafe")["ok"]
    return cafe


def phone(app, cafe, language, **kwargs):
    http = join(app, cafe.code, language=language, **kwargs)
    sio = connect(app, http, cafe.id, "participant")
    return http, sio, events(sio, "snapshot")[0]


def visible(page: str) -> str:
    """The page's text as a person reads it (tags and their attributes left out)."""
    return re.sub(r"<[^>]*>", " ", page)


def lang_of(page: str, text: str) -> str | None:
    """The lang attribute of the element whose text is exactly `text` (None: no lang on it)."""
    match = re.search(r"<[a-z0-9]+([^>]*)>\s*" + re.escape(text) + r"\s*<", page)
    assert match, f"{text!r} is not on the page"
    lang = re.search(r'\blang="([a-z-]+)"', match.group(1))
    return lang.group(1) if lang else None


# --- the new-café form ---------------------------------------------------------------------

def test_the_form_offers_english_and_spanish_with_the_default_groups_in_spanish(facilitator):
    page = facilitator.get("/facilitator/cafes/new").get_data(as_text=True)
    assert re.search(r'name="languages" value="en" checked', page)
    assert re.search(r'name="languages" value="es" checked', page)
    assert '<legend lang="es">Español</legend>' in page
    spanish_groups = re.search(r'<textarea id="groups_es"[^>]*>([^<]*)</textarea>', page).group(1)
    assert spanish_groups.splitlines() == GRUPOS + ["Otro / prefiero no decirlo"]


def test_the_form_keeps_every_language_version_of_the_cafe(app, facilitator):
    cafe_id = create(facilitator)
    with app.app_context():
        cafe = db.session.get(CafeRow, cafe_id)
        assert cafe.language_list == ["en", "es"]
        assert cafe.title_in("es").text == "Café de salud"
        assert cafe.question_in(1, "es").text == PREGUNTA
        assert cafe.question_in(2, "es").lang == "en"            # untranslated: typed text
        assert [cafe.group_in(g, "es").text for g in GROUPS] == GRUPOS
        river, hill = cafe.tables
        assert river.name_in("es", "en").text == "Río" and river.languages == ["es"]
        assert hill.languages is None


@pytest.mark.parametrize("changes, field, message", [
    ({"title_es": "x" * 300}, "title_es", "too long"),
    ({"groups_es": "Residente\x07"}, "groups_es", "can't be shown"),
    ({"questions_es": "uno\ndos\ntres"}, "questions_es", "Too many"),
    ({"table_name_0_es": "y" * 200}, "table_names_es", "too long"),
    ({"typed_language": "xx"}, "languages", "one of the languages"),
])
def test_a_bad_translation_in_the_form_is_shown_beside_its_field_and_makes_nothing(
        app, facilitator, changes, field, message):
    with app.app_context():
        before = db.session.query(CafeRow).count()
    response = facilitator.post("/facilitator/cafes/new", data=bilingual_form(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    error = re.search(rf'<p id="{field}-error" class="error field-error" role="alert">([^<]*)</p>', page)
    assert error and message in error.group(1).replace("&#39;", "'"), page
    assert "Café de salud" in page or field == "title_es"       # what was typed is kept
    with app.app_context():
        assert db.session.query(CafeRow).count() == before


# --- phones -----------------------------------------------------------------------------------

def test_each_phone_gets_the_texts_with_their_versions_and_its_own_language(app, bilingual):
    _, _, es = phone(app, bilingual, "es")
    _, _, en = phone(app, bilingual, "en")
    assert es["me"]["language"] == "es" and en["me"]["language"] == "en"
    for snap in (es, en):
        cafe = snap["cafe"]
        assert cafe["languages"] == ["en", "es"] and cafe["typed_language"] == "en"
        assert cafe["title"] == "Health café" and cafe["title_versions"] == {"es": "Café de salud"}
        assert cafe["question"] == QUESTION and cafe["question_versions"] == {"es": PREGUNTA}
        assert cafe["tables"][0]["name_versions"] == {"es": "Río"}
        assert cafe["tables"][1]["name_versions"] == {}            # untranslated: the typed name


def test_the_cafe_page_shows_each_phone_the_question_in_its_language(app, bilingual):
    es_http, _, _ = phone(app, bilingual, "es")
    en_http, _, _ = phone(app, bilingual, "en")
    spanish = es_http.get(f"/c/{bilingual.code}").get_data(as_text=True)
    english = en_http.get(f"/c/{bilingual.code}").get_data(as_text=True)
    assert lang_of(spanish, PREGUNTA) == "es" and QUESTION not in visible(spanish)
    assert "<title>Café de salud</title>" in spanish
    assert lang_of(english, QUESTION) == "en" and PREGUNTA not in visible(english)


def test_the_join_page_follows_the_choosers_page_language(app, bilingual):
    spanish = app.test_client()
    spanish.set_cookie("cafe_lang", "es")
    page = spanish.get(f"/j/{bilingual.code}").get_data(as_text=True)
    assert lang_of(page, "Café de salud") == "es"
    for grupo in GRUPOS:
        assert lang_of(page, grupo) == "es"
    assert "Community organization" not in visible(page)
    english = app.test_client().get(f"/j/{bilingual.code}").get_data(as_text=True)
    assert lang_of(english, "Health café") == "en"
    assert lang_of(english, "Community organization") == "en"
    assert "Organización comunitaria" not in visible(english)


def test_an_untranslated_text_falls_back_to_the_typed_one_marked_english(app, facilitator):
    cafe = Cafe(app, facilitator, create(facilitator, title_es="", groups_es="Residente"))
    cafe.act("open_cafe")
    spanish = app.test_client()
    spanish.set_cookie("cafe_lang", "es")
    page = spanish.get(f"/j/{cafe.code}").get_data(as_text=True)
    assert lang_of(page, "Health café") == "en"              # no Spanish title: English, marked
    assert lang_of(page, "Residente") == "es"
    # A default group the facilitator left untranslated still reads in Spanish (the catalogue's).
    assert lang_of(page, "Organización comunitaria") == "es"
    _, _, snap = phone(app, cafe, "es")
    assert snap["cafe"]["title_versions"] == {}


def test_switching_language_on_the_cafe_page_switches_the_persons_texts(app, bilingual):
    http, _, _ = phone(app, bilingual, "es")
    bilingual.staff.get_received()
    response = http.post("/language/en", data={"next": f"/c/{bilingual.code}"})
    assert response.status_code == 302
    changed = events(bilingual.staff, "person_changed")
    assert [p["language"] for p in changed] == ["en"]
    assert lang_of(http.get(f"/c/{bilingual.code}").get_data(as_text=True), QUESTION) == "en"


# --- correcting the texts afterwards -----------------------------------------------------------

def texts_form(**changes):
    form = {"title": "Health café", "title_es": "Café de la salud",
            "question_0": QUESTION, "question_1": SECOND,
            "question_0_es": PREGUNTA, "question_1_es": "¿Qué ayudaría más?",
            "table_name_0": "River", "table_name_1": "Hill",
            "table_name_0_es": "Río", "table_name_1_es": "Colina",
            **{f"group_{i}": g for i, g in enumerate(GROUPS)},
            **{f"group_{i}_es": g for i, g in enumerate(GRUPOS)}}
    form.update(changes)
    return form


def test_saving_the_texts_page_updates_every_phone_at_once(app, facilitator, bilingual):
    http, sio, _ = phone(app, bilingual, "es", group="Resident")
    sio.get_received()
    page = facilitator.get(f"/facilitator/cafes/{bilingual.id}").get_data(as_text=True)
    assert f'href="/facilitator/cafes/{bilingual.id}/texts"' in page
    response = facilitator.post(f"/facilitator/cafes/{bilingual.id}/texts",
                                data=texts_form(group_0="Neighbour", group_0_es="Vecino"))
    assert response.status_code == 302
    state = events(sio, "cafe_changed")[-1]
    assert state["title_versions"] == {"es": "Café de la salud"}
    assert state["tables"][1]["name_versions"] == {"es": "Colina"}
    with app.app_context():
        cafe = db.session.get(CafeRow, bilingual.id)
        assert cafe.question_in(2, "es").text == "¿Qué ayudaría más?"
        assert cafe.groups[0] == "Neighbour" and cafe.group_in("Neighbour", "es").text == "Vecino"
        # The person who chose the renamed group keeps it.
        assert [p.group for p in db.session.query(Participant)] == ["Neighbour"]
        assert cafe.phase == "lobby" and cafe.num_rounds == 2          # nothing else changed
    assert lang_of(http.get(f"/c/{bilingual.code}").get_data(as_text=True), PREGUNTA) == "es"


@pytest.mark.parametrize("changes, field", [
    ({"title_es": "x" * 300}, "title_es"),
    ({"question_1_es": "¿Qué\x00?"}, "question_1_es"),
    ({"table_name_1_es": "z" * 200}, "table_name_1_es"),
    ({"group_2_es": "a\u202eb"}, "group_2_es"),
    ({"group_1": "Resident"}, "group_0"),                  # two groups of one name
    ({"question_0": ""}, "question_0"),
])
def test_a_bad_text_on_the_texts_page_is_refused_beside_it_and_changes_nothing(
        app, facilitator, bilingual, changes, field):
    response = facilitator.post(f"/facilitator/cafes/{bilingual.id}/texts", data=texts_form(**changes))
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    with app.app_context():
        cafe = db.session.get(CafeRow, bilingual.id)
        assert cafe.title_in("es").text == "Café de salud"
        assert cafe.question_in(2, "es").lang == "en"
        assert cafe.tables[1].translations is None


# --- theme labels ------------------------------------------------------------------------------

@pytest.fixture
def harvested(app, bilingual):
    """The bilingual café after its rounds, harvested, with a Spanish and an English phone."""
    bilingual.es = phone(app, bilingual, "es")
    bilingual.en = phone(app, bilingual, "en")
    bilingual.act("start_round")
    for i, text in enumerate(NOTES):
        sio = (bilingual.es if i % 2 else bilingual.en)[1]
        assert sio.emit("submit_note", {"id": f"note-{i:04d}", "text": text, "round": 1},
                        callback=True)["ok"]
    for step in ("end_round", "rotate", "start_round", "end_round", "run_harvest"):
        assert bilingual.act(step)["ok"], step
    bilingual.themes = bilingual.snapshot()["harvest"]["themes"]
    return bilingual


def test_a_theme_label_in_spanish_reaches_phones_votes_and_results(app, harvested):
    theme = harvested.themes[0]
    es_sio = harvested.es[1]
    es_sio.get_received()
    ack = harvested.staff.emit("rename_theme", {"theme": theme["theme_id"],
                                                "translations": {"es": "Transporte"}},
                               callback=True)
    assert ack["ok"], ack
    phone_themes = events(es_sio, "themes_changed")[-1]["themes"]
    mine = next(t for t in phone_themes if t["id"] == theme["theme_id"])
    assert mine["label"] == theme["label"] and mine["label_versions"] == {"es": "Transporte"}
    assert harvested.act("open_voting", dots=2, confirm=True)["ok"]
    assert es_sio.emit("cast_votes", {"votes": {str(theme["theme_id"]): 2}}, callback=True)["ok"]
    assert harvested.act("close_voting")["ok"]
    priorities = events(es_sio, "priorities_ready")[-1]["priorities"]
    assert priorities[0]["label_versions"] == {"es": "Transporte"}

    link = tokens.results_token("test-secret", harvested.id)
    spanish = app.test_client()
    spanish.set_cookie("cafe_lang", "es")
    page = spanish.get(f"/r/{link}").get_data(as_text=True)
    assert lang_of(page, "Transporte") == "es" and lang_of(page, "Café de salud") == "es"
    assert lang_of(page, PREGUNTA) == "es" and lang_of(page, SECOND) == "en"
    english = app.test_client().get(f"/r/{link}").get_data(as_text=True)
    assert lang_of(english, theme["label"]) == "en" and "Transporte" not in english


@pytest.mark.parametrize("translations, code", [
    (["Transporte"], "wrong_type"),
    ({"es": 5}, "wrong_type"),
    ({"es": "x" * 200}, "too_long"),
    ({"es": "Trans\x1bporte"}, "control_characters"),
    ({"fr": "Transport"}, "unknown_language"),
])
def test_a_bad_label_translation_is_refused_with_a_reason_and_changes_nothing(
        app, harvested, translations, code):
    theme = harvested.themes[0]
    ack = harvested.staff.emit("rename_theme", {"theme": theme["theme_id"],
                                                "translations": translations}, callback=True)
    assert not ack["ok"] and ack["error"] == code and ack["message"]
    with app.app_context():
        row = db.session.get(Theme, theme["theme_id"])
        assert row.translations is None and row.label == theme["label"]


def test_an_empty_label_translation_removes_it(app, harvested):
    theme_id = harvested.themes[0]["theme_id"]
    for text, expected in (("Transporte", {"es": "Transporte"}), ("", None)):
        assert harvested.staff.emit("rename_theme", {"theme": theme_id, "translations": {"es": text}},
                                    callback=True)["ok"]
        with app.app_context():
            assert db.session.get(Theme, theme_id).translations == expected


def test_editing_the_typed_groups_alone_keeps_the_prefilled_spanish_in_step(app, facilitator):
    """The Spanish group lines come pre-filled with the default groups; a facilitator who only
    removes and adds English groups gets a café, each default group keeping its Spanish name."""
    page = facilitator.get("/facilitator/cafes/new").get_data(as_text=True)
    prefill = page.split('name="groups_es"')[1].split(">", 1)[1].split("</textarea>")[0]
    assert prefill.splitlines()[0] == "Residente"
    form = {"title": "T", "questions": "Q?", "num_rounds": "2", "round_minutes": "20",
            "num_tables": "2", "typed_language": "en", "languages": ["en", "es"],
            "groups": "Neighbours\nResident", "groups_es": prefill}
    response = facilitator.post("/facilitator/cafes/new", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    cafe_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    with app.app_context():
        cafe = db.session.get(CafeRow, cafe_id)
        assert cafe.group_in("Resident", "es").text == "Residente"
        neighbours = cafe.group_in("Neighbours", "es")
        assert (neighbours.text, neighbours.lang) == ("Neighbours", "en")
