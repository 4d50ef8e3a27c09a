"""The projector fits its screen in every phase of a big café: 10 tables of 6 people, 15 themes,
in English and Spanish (half the room reads Spanish, so every text is shown in both).

A projector can't scroll. At 1920×1080, 1280×720 and 1024×768 the page must have no scrollbar,
everything the room needs in that phase must be on screen, and names, table names and theme labels
must be at least 2.2% of the screen's height. The café is built in this process through the
services, on the SQLite file the served app (`python wsgi.py`) reads; the projector is reloaded
after each step, as a projector that reconnects would be.
"""
from __future__ import annotations

import random
import time

import pytest
from browser_kit import assert_accessible, serve
from sqlalchemy import update
from test_browser import ARGS, CHROMIUM, SHOTS, playwright_api

from cafe import create_app, services
from cafe.extensions import db
from cafe.models import HARVEST, RESULTS, VOTING, Cafe, Note, Participant, Theme, Vote

TOKEN = "projector-test-token-0123456789abcdef"
SIZES = [(1920, 1080), (1280, 720), (1024, 768)]
LABELS = [
    "Evening and Sunday buses", "Safer crossings near the schools", "Street lights on dark corners",
    "A youth club after school", "Cleaner parks with toilets and water fountains",
    "Affordable homes for young families who grew up here", "Shelters at every bus stop",
    "Trees", "Help for older neighbours living alone", "A weekly market on the square",
    "Bike lanes that connect the whole town, from the river path to the station and the hospital",
    "Local jobs", "Music and art in the library", "Slower traffic on residential streets",
    "A community garden",
]
ETIQUETAS = [
    "Autobuses por la tarde y los domingos", "Cruces más seguros cerca de las escuelas",
    "Farolas en las esquinas oscuras", "Un club juvenil después de la escuela",
    "Parques más limpios con baños y fuentes de agua",
    "Viviendas asequibles para las familias jóvenes que crecieron aquí",
    "Refugios en cada parada de autobús", "Árboles", "Ayuda para los vecinos mayores que viven solos",
    "Un mercado semanal en la plaza",
    "Carriles bici que conecten todo el pueblo, del camino del río a la estación y al hospital",
    "Empleo local", "Música y arte en la biblioteca", "Tráfico más lento en las calles residenciales",
    "Un huerto comunitario",
]
TABLES = [("Oak", "Roble"), ("Willow", "Sauce"), ("Library", "Biblioteca"), ("Harbour", "Puerto"),
          ("Market", "Mercado"), ("Station", "Estación"), ("Garden", "Jardín"), ("Mill", "Molino"),
          ("Bridge", "Puente"), ("Chapel", "Capilla")]
NOTE_WORDS = ["bus", "park", "light", "school", "youth", "market", "bike", "garden", "music", "jobs", "homes", "trees", "traffic", "water", "shelter", "library", "crossing", "neighbours"]


def set_phase(app, cafe_id, **values):
    with app.app_context():
        db.session.execute(update(Cafe).where(Cafe.id == cafe_id)
                           .values(version=Cafe.version + 1, **values))
        db.session.commit()


def version(app, cafe_id):
    with app.app_context():
        return services.get_cafe(cafe_id).version


@pytest.fixture(scope="module")
def big_cafe(tmp_path_factory):
    """A two-round café with 10 tables and 60 people, on a file the server will read."""
    url = f"sqlite:///{tmp_path_factory.mktemp('projector') / 'cafe.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "FACILITATOR_TOKEN": TOKEN,
                      "ASYNC_MODE": "threading", "MESSAGE_QUEUE": None})
    with app.app_context():
        cafe = services.create_cafe(
            title="Riverside neighbourhood café",
            questions=["What would make Riverside a better place to live for everyone who lives here?"],
            tables=[services.TableSpec(name=name, colour="", translations={"es": nombre})
                    for name, nombre in TABLES],
            round_minutes=20, num_rounds=2, groups=list(services.DEFAULT_GROUPS),
            translations={"es": {"title": "Café del barrio Riverside", "questions": [
                "¿Qué haría de Riverside un lugar mejor para vivir para todas las personas que viven aquí?"]}})
        cafe = services.open_cafe(cafe.id, cafe.version)
        for i in range(60):
            services.join_cafe(cafe.join_code, name="", group="Resident", can_host=False,
                               language="es" if i % 2 else "en",
                               languages={"en": "English", "es": "Español"})
        cafe_id = cafe.id
    yield app, url, cafe_id
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def seated_people(cafe_id):
    """Everyone in the café, in the order they joined."""
    return list(db.session.query(Participant).filter(Participant.cafe_id == cafe_id)
                .order_by(Participant.id))


def write_notes(app, cafe_id, round_no, count=80):
    rng = random.Random(round_no)
    with app.app_context():
        people = seated_people(cafe_id)
        for i in range(count):
            text = " ".join(rng.choice(NOTE_WORDS) for _ in range(5))
            services.submit_note(people[i % len(people)], f"note-{round_no}-{i:04d}", text, round_no)


def make_themes(app, cafe_id):
    """Fifteen themes holding every note, as a harvest the facilitator curated would."""
    with app.app_context():
        cafe = services.get_cafe(cafe_id)
        notes = [n.id for n in db.session.query(Note).filter(Note.cafe_id == cafe_id)]
        themes = []
        for position, label in enumerate(LABELS):
            theme = Theme(cafe_id=cafe_id, position=position, label=label, representatives=[],
                          translations={"es": ETIQUETAS[position]})
            db.session.add(theme)
            db.session.flush()
            themes.append(theme.id)
        for i, note_id in enumerate(notes):
            db.session.execute(update(Note).where(Note.id == note_id)
                               .values(theme_id=themes[i % len(themes)]))
        db.session.commit()
        return themes, cafe.version


def inspect(page) -> dict:
    """What a person in the room can see: the page's size and every element the phase needs."""
    return page.evaluate("""() => {
      const H = innerHeight, W = innerWidth, doc = document.documentElement;
      const shown = e => { const r = e.getBoundingClientRect(), cs = getComputedStyle(e);
        return r.width > 0 && r.height > 0 && cs.display !== 'none' && cs.visibility !== 'hidden'; };
      const all = s => Array.from(document.querySelectorAll(s)).filter(shown);
      const inside = e => { const r = e.getBoundingClientRect();
        return r.top >= -1 && r.left >= -1 && r.bottom <= H + 1 && r.right <= W + 1; };
      const needed = all('.proj-table-name, .proj-table-count, .proj-table-people, .proj-theme-label, ' +
                         '#qr, #results-qr, #clock, #question, .proj-question-alt, #proj-check-phone, ' +
                         '#join-code, #phase-text');
      const texts = all('.proj-table-name, .proj-table-count, .proj-table-people, .proj-theme-label');
      return {
        H, W, scrollH: doc.scrollHeight, scrollW: doc.scrollWidth,
        cutOff: needed.filter(e => !inside(e)).map(e => e.id || e.className + ': ' + e.textContent.slice(0, 30)),
        smallest: Math.min(...texts.map(e => parseFloat(getComputedStyle(e).fontSize))),
        tables: all('.proj-table-name').length,
        names: all('.proj-table-people').map(e => e.textContent).join(', ').split(', ').filter(Boolean).length,
        themes: all('.proj-theme-label').length,
        // Both languages of the room: the question and every theme label in Spanish too.
        spanishQuestion: all('.proj-question-alt[lang="es"]').length === 1 &&
          document.querySelector('#question').lang === 'en',
        spanishLabels: all('.proj-theme-label .proj-alt[lang="es"]').length,
        joinQr: all('#qr').length === 1, resultsQr: all('#results-qr').length === 1,
        checkPhone: all('#proj-check-phone').length === 1,
        phase: document.querySelector('#phase-text').textContent,
        screen: document.body.dataset.screen,
      };
    }""")


@pytest.fixture(scope="module")
def room(big_cafe):
    """The served app and a facilitator's browser showing the projector."""
    app, url, cafe_id = big_cafe
    with serve(url, TOKEN) as base, playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1920, "height": 1080})
        page = context.new_page()
        page.goto(f"{base}/facilitator/?token={TOKEN}")
        yield app, cafe_id, page, f"{base}/facilitator/cafes/{cafe_id}/projector"
        browser.close()


def look(page, url, screen, name):
    """The projector at every size, once it has drawn `screen` with its pictures loaded."""
    seen = []
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(url)
        page.wait_for_selector("#connection.ok")
        page.wait_for_function(f"() => document.body.dataset.screen === '{screen}'")
        page.wait_for_function("() => [...document.images].every(i => !i.getAttribute('src') || i.complete)")
        page.wait_for_timeout(100)          # a loaded picture may have made fit() step once more
        facts = inspect(page)
        if SHOTS:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"projector-fit-{name}-{width}x{height}.png"))
        assert facts["scrollH"] <= height and facts["scrollW"] <= width, (name, width, facts)
        assert not facts["cutOff"], (name, width, facts)
        assert facts["smallest"] >= 0.022 * height - 0.01, (name, width, facts)
        assert facts["spanishQuestion"], (name, width, facts)
        assert facts["spanishLabels"] == facts["themes"], (name, width, facts)
        if width == 1920:
            assert_accessible(page, f"projector, {name}")
        seen.append(facts)
    return seen


def test_the_projector_fits_every_phase_at_every_size(room):
    app, cafe_id, page, url = room

    for facts in look(page, url, "seating", "lobby"):
        assert facts["tables"] == 10 and facts["joinQr"]
        assert facts["names"] == 60 or facts["checkPhone"]   # every name, or where to look instead

    with app.app_context():
        services.start_round(cafe_id, version(app, cafe_id))
    write_notes(app, cafe_id, 1)
    for facts in look(page, url, "round", "round"):
        assert facts["tables"] == 10 and facts["joinQr"]       # latecomers still join

    set_phase(app, cafe_id, ends_at=time.time() - 1)          # the clock has run out
    for facts in look(page, url, "round", "time-up"):
        assert facts["phase"] == "Time is up"

    with app.app_context():
        services.end_round(cafe_id, version(app, cafe_id))
    for facts in look(page, url, "themes", "review"):
        assert facts["tables"] == 10

    with app.app_context():
        services.rotate(cafe_id, version(app, cafe_id))
    seen = look(page, url, "seating", "break")
    for facts in seen:
        assert facts["tables"] == 10
        assert facts["names"] == 60 or facts["checkPhone"]
    assert seen[0]["names"] == 60            # at 1080p every seat name fits, large enough to read

    with app.app_context():
        services.start_round(cafe_id, version(app, cafe_id))
    write_notes(app, cafe_id, 2)
    with app.app_context():
        services.end_round(cafe_id, version(app, cafe_id))
    themes, _ = make_themes(app, cafe_id)
    set_phase(app, cafe_id, harvest_state=HARVEST, harvest_round=2)
    for facts in look(page, url, "themes", "harvest"):
        assert facts["themes"] == 15 and facts["joinQr"]

    set_phase(app, cafe_id, harvest_state=VOTING, show_tallies=True)
    for facts in look(page, url, "voting", "voting"):
        assert facts["themes"] == 15 and facts["joinQr"]     # joining stays open until voting closes

    with app.app_context():
        people = [p.id for p in seated_people(cafe_id)]
        for i, pid in enumerate(people):
            db.session.add(Vote(cafe_id=cafe_id, participant_id=pid, theme_id=themes[i % 15],
                                count=1 + i % 3))
        db.session.commit()
    set_phase(app, cafe_id, harvest_state=RESULTS)
    for facts in look(page, url, "results", "results"):
        assert facts["themes"] == 15
        assert facts["resultsQr"] and not facts["joinQr"]     # take the priorities home
