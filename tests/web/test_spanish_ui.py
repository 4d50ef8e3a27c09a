"""The whole interface in Spanish (issue 17, §2): every marked string has a settled Spanish
translation, no page shows English in any phase, every Spanish screen says "tú", and dates are
written the Spanish way.

Pages are read as their visible text (text and shown attributes), so a test fails on what a
Spanish reader would actually meet. Dashboard text drawn by its script is checked in a real
browser by tests/e2e/test_browser_spanish.py.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from babel.dates import format_date
from flask import render_template
from helpers import Cafe, connect, join, make_cafe
from language_check import (
    english_found,
    marked_strings,
    spanish_catalog,
    usted_forms,
    visible_chunks,
)

from cafe.domain.tokens import results_token
from cafe.web.dashboard_messages import dashboard_catalogue
from cafe.web.messages import js_catalogue

ROOT = Path(__file__).resolve().parents[2]
TITLE = "Café del barrio Las Flores"
QUESTION = "¿Qué haría más sano a nuestro barrio?"
NOTES = ["Más parques con árboles", "Parques limpios y seguros", "Árboles en cada parque",
         "Autobuses por la noche", "Más autobuses los domingos", "Paradas de autobús con techo",
         "Clínica abierta los sábados", "Clínica cerca de la escuela", "Médicos en la clínica",
         "Luces en las calles oscuras", "Calles con más luces", "Luces cerca del río"]
NAMES = ["Ana", "Beto", "Carla", "Diego", "Elena", "Fidel"]
# Text on the pages that is nobody's UI string: the café's own words, names, codes, brand,
# language names and file formats read the same in both languages.
NEXT_STEPS, PARTNER = "Caminata con vecinas", "Centro de salud"
DATA = [TITLE, QUESTION, *NOTES, *NAMES, NEXT_STEPS, PARTNER, "cafe", "Cafés", "English",
        "Español", "PDF", "CSV", "JSON", "PNG", "Excel", "flask --app cafe demo",
        "http://…/facilitator/?token=…", "localhost"]
# Values of the scripts' catalogues that are the same words in Spanish.
SAME_IN_SPANISH = {"add_minutes"}


# --- the catalogue -------------------------------------------------------------------------------

def test_every_marked_string_has_a_settled_spanish_translation():
    """Extracted as babel.cfg says (the lead re-extracts at merge): nothing missing or fuzzy."""
    catalog = spanish_catalog()
    problems = []
    for msgid, where in sorted(marked_strings().items(), key=lambda item: item[1]):
        message = catalog.get(msgid)
        strings = () if message is None else (
            message.string if isinstance(message.string, tuple) else (message.string,))
        if message is None:
            problems.append(f"missing  {where}  {msgid!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy    {where}  {msgid!r}")
        elif not all(strings):
            problems.append(f"empty    {where}  {msgid!r}")
    assert not problems, (
        f"{len(problems)} marked strings have no settled Spanish translation: run "
        "the extraction at the top of babel.cfg, then `pybabel update -i "
        "cafe/translations/messages.pot -d cafe/translations`, translate (tú) and compile.\n"
        + "\n".join(problems))


def test_no_spanish_message_speaks_usted():
    problems = []
    for message in spanish_catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for spanish in strings:
            found = usted_forms(ids[-1], spanish)
            if found:
                problems.append(f"{message.id!r} -> {spanish!r}: {found}")
    assert not problems, "Spanish screens say tú; these say usted:\n" + "\n".join(problems)


@pytest.mark.parametrize("english, spanish", [
    ("Scan to take the priorities home", "Escanee para llevarse las prioridades"),
    ("Vote on your phone", "Vote en su teléfono"),          # what the projector said before
    ("or go to", "o vaya a"),
    ("and type", "y escriba"),
    ("Please wait a few seconds and try again.", "Espere unos segundos e inténtelo de nuevo."),
    ("Please ask them to open it.", "Pídale que la vuelva a abrir."),
    ("Your note is kept.", "Su nota está guardada."),
    ("Choose a group.", "Elija un grupo."),
    ("Press the button.", "Pulse el botón."),
    ("Thank you, all of you.", "Gracias a usted."),
])
def test_the_usted_check_catches_a_planted_formal_string(english, spanish):
    assert usted_forms(english, spanish)


@pytest.mark.parametrize("english, spanish", [
    ("Vote on your phone", "Vota en tu teléfono"),
    ("Please ask them to open it.", "Pídele que la vuelva a abrir."),   # vuelva: subjunctive
    ("This café is full. Please ask the facilitator to make room.",
     "Este café está lleno. Pide a la persona facilitadora que haga lugar."),
    ("People are moving to their next table", "La gente está pasando a su próxima mesa"),
])
def test_the_usted_check_lets_tu_pass(english, spanish):
    assert usted_forms(english, spanish) == []


def test_no_script_holds_english_sentences():
    """Words a script shows come from a catalogue; a quoted English phrase would bypass it."""
    phrase = re.compile(r"'((?:[A-Z][a-z]*|[a-z]+)(?: [a-z]+)+[^']*)'")
    # A sentence has little words; class lists ('button small') and 'use strict' have none.
    little = {"a", "an", "the", "to", "of", "in", "on", "at", "is", "are", "was", "and", "or",
              "no", "not", "for", "with", "your", "you", "this", "that", "it", "be", "by"}
    problems = []
    for script in sorted((ROOT / "static" / "js").glob("*.js")):
        code = re.sub(r"/\*.*?\*/", "", script.read_text(encoding="utf-8"), flags=re.DOTALL)
        for number, line in enumerate(code.splitlines(), 1):
            line = re.sub(r"(^|\s)//.*$", "", line)
            problems += [f"{script.name}:{number}: {m}" for m in phrase.findall(line)
                         if little & set(m.lower().split())]
    assert not problems, "\n".join(problems)


def test_every_word_the_dashboard_script_asks_for_is_in_a_catalogue(app):
    script = (ROOT / "static" / "js" / "dashboard.js").read_text(encoding="utf-8")
    wanted = set(re.findall(r"\btrn?\('(\w+)'", script))
    wanted |= {key for pair in re.findall(r"\btrn?\(\w+(?:\.\w+)* \? '(\w+)' : '(\w+)'", script)
               for key in pair}
    with app.test_request_context():
        known = set(dashboard_catalogue()) | set(js_catalogue())
    assert wanted and not wanted - known, sorted(wanted - known)


# --- pages ---------------------------------------------------------------------------------------

def catalogues_in(page: str) -> dict:
    """The JSON catalogues a page embeds for its scripts, by script id."""
    return {name: json.loads(html.unescape(body)) for name, body in re.findall(
        r'<script id="([\w-]*catalogue)" type="application/json">(.*?)</script>', page, re.DOTALL)}


def flatten(catalogue, prefix=""):
    """Nested catalogue values by dotted key."""
    if isinstance(catalogue, dict):
        flat = {}
        for key, value in catalogue.items():
            flat.update(flatten(value, f"{prefix}{key}."))
        return flat
    return {prefix.rstrip("."): catalogue}


def hard_coded(english_page: str, spanish_page: str, data=()) -> list[str]:
    """Text that reads the same in the English and the Spanish page, and is not the café's data."""
    same = set(visible_chunks(english_page)) & set(visible_chunks(spanish_page))
    known = sorted([*DATA, *data], key=len, reverse=True)
    out = []
    for chunk in same:
        rest = re.sub(r"https?://\S+", " ", chunk)
        for words in known:
            rest = rest.replace(words, " ")
        if re.search(r"[A-Za-z]{3,}", rest) and not re.fullmatch(r"[A-Z0-9-]+", chunk.strip()):
            out.append(chunk)          # (a join or table code reads the same everywhere)
    return sorted(out)


class Reader:
    """Reads pages in Spanish, checking each against its English rendering."""

    def __init__(self, app):
        self.app = app
        self.problems: list[str] = []
        self.pages_read = 0
        self.data: list[str] = []        # more of the café's own words (theme labels, say)

    def read(self, client, path, where, *, method="get", data=None, status=None, allowed=()):
        """The Spanish page at `path`; every English string on it is noted as a problem."""
        pages = {}
        for lang in ("en", "es"):
            client.set_cookie("cafe_lang", lang)
            response = getattr(client, method)(path, data=data)
            if status is not None:
                assert response.status_code == status, (where, path, lang, response.status_code)
            pages[lang] = response.get_data(as_text=True)
        page = pages["es"]
        self.pages_read += 1
        text = "\n".join(visible_chunks(page))
        label = f"{where}: {path}"
        if '<html lang="es">' not in page:
            self.problems.append(f"{label}: not served in Spanish")
        for english in english_found(text, [*DATA, *self.data, *allowed]):
            self.problems.append(f"{label}: English UI string {english!r}")
        for chunk in hard_coded(pages["en"], page, [*self.data, *allowed]):
            self.problems.append(f"{label}: same in English and Spanish {chunk!r}")
        self._check_catalogues(label, pages["en"], page)
        if re.search(r"\b\d{4}-\d{2}-\d{2}\b", text):
            self.problems.append(f"{label}: an ISO date on the page")
        return page

    def _check_catalogues(self, label, english_page, spanish_page):
        english, spanish = catalogues_in(english_page), catalogues_in(spanish_page)
        for name, catalogue in spanish.items():
            ours, theirs = flatten(catalogue), flatten(english.get(name, {}))
            for key, value in ours.items():
                if key.split(".")[0] in SAME_IN_SPANISH or not isinstance(value, str):
                    continue
                if value == theirs.get(key):
                    self.problems.append(f"{label}: #{name} {key} is English: {value!r}")

    def done(self):
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture
def reader(app):
    return Reader(app)


def _staff_pages(reader, facilitator, cafe_id, phase):
    reader.read(facilitator, "/facilitator/", phase, status=200)
    reader.read(facilitator, f"/facilitator/cafes/{cafe_id}", phase, status=200)
    reader.read(facilitator, f"/facilitator/cafes/{cafe_id}/projector", phase, status=200)
    reader.read(facilitator, f"/facilitator/cafes/{cafe_id}/print", phase, status=200)
    reader.read(facilitator, f"/facilitator/cafes/{cafe_id}/downloads", phase, status=200)


def test_every_page_in_every_phase_is_spanish(app, facilitator, reader):
    # The new-café form pre-fills the default stakeholder groups as typed data (each phone
    # reads them translated); everything around them is Spanish.
    groups = ("Resident", "Community organization", "Health or social service staff",
              "Other / prefer not to say")
    # ...and their Spanish versions in the Spanish fields, the same whatever the page's language.
    groups += ("\n".join(spanish_catalog().get(g).string for g in groups),)
    reader.read(facilitator, "/facilitator/", "no café yet", status=200)
    reader.read(facilitator, "/facilitator/cafes/new", "new café", status=200, allowed=groups)
    reader.read(facilitator, "/facilitator/cafes/new", "new café, refused", method="post",
                data={"title": "", "questions": "", "num_tables": "2", "num_rounds": "2",
                      "round_minutes": "20"}, status=400, allowed=groups)
    cafe_id = make_cafe(facilitator, title=TITLE, questions=QUESTION, rounds=2, tables=2)
    cafe = Cafe(app, facilitator, cafe_id)
    _staff_pages(reader, facilitator, cafe_id, "draft")

    assert cafe.act("open_cafe")["ok"]
    stranger = app.test_client()
    reader.read(stranger, "/join", "join code", status=200)
    reader.read(stranger, "/j/NOSUCHCODE", "unknown code", status=404)
    reader.read(stranger, f"/j/{cafe.code}", "join", status=200)
    reader.read(stranger, "/t", "table device", status=200)
    reader.read(stranger, "/t", "table device, unknown code", method="post",
                data={"code": "NOPE"}, status=404)
    phones = [join(app, cafe.code, name=name, language="es", group="Resident")
              for name in NAMES]
    sockets = [connect(app, phone, cafe_id, "participant") for phone in phones]
    _staff_pages(reader, facilitator, cafe_id, "lobby")
    reader.read(phones[0], f"/c/{cafe.code}", "phone, lobby", status=200)

    assert cafe.act("start_round")["ok"]
    for i, text in enumerate(NOTES):
        assert sockets[i % len(sockets)].emit("submit_note", {"id": f"es-note-{i:04d}", "text": text,
                                                              "round": 1}, callback=True)["ok"]
    _staff_pages(reader, facilitator, cafe_id, "running")
    reader.read(phones[0], f"/c/{cafe.code}", "phone, running", status=200)
    assert cafe.act("pause_round")["ok"]
    _staff_pages(reader, facilitator, cafe_id, "paused")
    assert cafe.act("resume_round")["ok"]
    assert cafe.act("end_round")["ok"]
    _staff_pages(reader, facilitator, cafe_id, "review")
    assert cafe.act("rotate")["ok"]
    _staff_pages(reader, facilitator, cafe_id, "break")
    assert cafe.act("start_round")["ok"]
    assert cafe.act("end_round")["cafe"]["phase"] == "finished"
    _staff_pages(reader, facilitator, cafe_id, "finished")
    reader.read(stranger, f"/j/{cafe.code}", "join after the rounds")

    assert cafe.act("run_harvest")["ok"]
    reader.data += [theme["label"] for theme in cafe.snapshot()["harvest"]["themes"]]
    _staff_pages(reader, facilitator, cafe_id, "harvest")
    assert cafe.act("open_voting", dots=3, confirm=True)["ok"]     # (notes in no theme too)
    reader.read(phones[0], f"/c/{cafe.code}", "phone, voting", status=200)
    themes = cafe.snapshot()["harvest"]["themes"]
    for sio in sockets:
        assert sio.emit("cast_votes", {"votes": {str(themes[0]["theme_id"]): 3}},
                        callback=True)["ok"]
    _staff_pages(reader, facilitator, cafe_id, "voting")
    assert cafe.act("close_voting")["ok"]
    _staff_pages(reader, facilitator, cafe_id, "results")
    results = f"/r/{results_token(app.config['SECRET_KEY'], cafe_id)}"
    reader.read(stranger, results, "results, no action plan", status=200)

    # The action plan: refused with a bad date, saved, then on the results page.
    label = themes[0]["label"]
    form = {"priority_0": label, "theme_0": str(themes[0]["theme_id"]),
            "next_steps_0": NEXT_STEPS, "partner_0": PARTNER,
            "due_0": "mañana"}
    reader.read(facilitator, f"/facilitator/cafes/{cafe_id}/actions", "action plan, refused",
                method="post", data=form, status=400)
    facilitator.post(f"/facilitator/cafes/{cafe_id}/actions", data=form | {"due_0": "2026-11-30"})
    reader.read(facilitator, f"/facilitator/cafes/{cafe_id}/downloads?saved=1", "plan saved",
                status=200)
    page = reader.read(stranger, results, "results with the plan", status=200)
    assert "30 de noviembre de 2026" in page
    reader.read(facilitator, f"/facilitator/cafes/{cafe_id}/delete", "delete, refused",
                method="post", data={"confirm": "no"}, status=400)
    assert reader.pages_read > 50
    reader.done()


def test_error_pages_are_spanish(app, client, facilitator, reader):
    cafe_id = make_cafe(facilitator, title=TITLE, questions=QUESTION)
    reader.read(client, "/no/such/page", "404", status=404)
    reader.read(client, "/facilitator/cafes/new", "403", status=403)
    reader.read(client, "/facilitator/logout", "405", status=405)
    reader.read(facilitator, f"/facilitator/cafes/{cafe_id}/wordcloud.png?round=x", "400", status=400)
    for code, csrf in ((400, True), (413, False), (429, False), (500, False), (503, False)):
        pages = {}
        for lang in ("en", "es"):
            with app.test_request_context(headers={"Accept-Language": lang}):
                pages[lang] = render_template("error.html", code=code, csrf=csrf)
        text = "\n".join(visible_chunks(pages["es"]))
        reader.problems += [f"error {code}: {e!r}" for e in english_found(text)]
        reader.problems += [f"error {code}: same {c!r}" for c in hard_coded(pages["en"], pages["es"])]
    reader.done()


def test_login_is_spanish(app, reader):
    app.config["FACILITATOR_PASSWORD"] = "correct horse"
    visitor = app.test_client()
    reader.read(visitor, "/facilitator/login", "login", status=200)
    reader.read(visitor, "/facilitator/login", "login, wrong password", method="post",
                data={"password": "wrong"}, status=401)
    reader.done()


# --- the facilitator's language ------------------------------------------------------------------

def test_the_facilitator_switches_to_spanish_and_it_is_remembered(app, facilitator):
    home = facilitator.get("/facilitator/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en">' in home
    # The switch is on every facilitator page, next to "Sign out".
    assert 'class="lang-switch"' in home
    assert "/language/es" in home and ">Español<" in home
    switched = facilitator.post("/language/es", data={"next": "/facilitator/"},
                                headers={"Accept-Language": "en"})
    assert switched.status_code == 302 and switched.headers["Location"].endswith("/facilitator/")
    cafe_id = make_cafe(facilitator, title=TITLE, questions=QUESTION)
    for path in ("/facilitator/", f"/facilitator/cafes/{cafe_id}",
                 f"/facilitator/cafes/{cafe_id}/downloads", "/facilitator/cafes/new"):
        page = facilitator.get(path, headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert '<html lang="es">' in page, path
        assert "Cerrar sesión" in page and "/language/en" in page, path
    facilitator.post("/language/en", data={"next": "/facilitator/"})
    assert "Sign out" in facilitator.get("/facilitator/").get_data(as_text=True)


# --- dates and numbers ---------------------------------------------------------------------------

def test_dates_on_spanish_pages_are_written_the_spanish_way(app, facilitator, cafe):
    with app.app_context():
        from cafe import services
        created = services.get_cafe(cafe.id).created_at
    facilitator.set_cookie("cafe_lang", "es")
    home = facilitator.get("/facilitator/").get_data(as_text=True)
    long_date = format_date(created, "long", locale="es")          # "30 de noviembre de 2026"
    assert re.fullmatch(r"\d{1,2} de \w+ de \d{4}", long_date)
    assert long_date in home
    assert created.strftime("%Y-%m-%d") not in home
    facilitator.set_cookie("cafe_lang", "en")
    english = facilitator.get("/facilitator/").get_data(as_text=True)
    assert format_date(created, "long", locale="en") in english     # "November 30, 2026"


def test_the_dashboard_script_counts_in_spanish(app, facilitator, cafe):
    facilitator.set_cookie("cafe_lang", "es")
    page = facilitator.get(f"/facilitator/cafes/{cafe.id}").get_data(as_text=True)
    words = catalogues_in(page)["dashboard-catalogue"]
    assert words["phases"]["lobby"] == "La gente se está uniendo"
    assert words["status_voting"] == {"one": "La votación está abierta: %(num)s punto por persona.",
                                      "other": "La votación está abierta: %(num)s puntos por persona."}
    assert words["groups"]["Resident"] == "Residente"
    # The phones' catalogue still serves the counted words the dashboard shares with them.
    assert catalogues_in(page)["catalogue"]["people_n"]["other"] == "%(num)s personas"


def test_numbers_and_action_dates_are_written_the_readers_way(app):
    from cafe.web.formats import local_date, local_number
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert local_number(15000) == "15.000" and local_number(2.5) == "2,5"
        assert local_date("2026-11-30") == "30 de noviembre de 2026"
        assert local_date("not a date") == "not a date"      # never a crash on odd data
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert local_number(15000) == "15,000"
        assert local_date("2026-11-30") == "November 30, 2026"
