"""An Arabic phone and projector in real headless Chromium: right to left, mirrored, in Arabic.

Two phones join the same café, one in Arabic and one in English, at 360×740; the round, the
notes and the vote go through the served app (`python wsgi.py`). The Arabic pages must say
dir="rtl", sit mirrored (measured with bounding boxes against the English ones), never scroll
sideways, keep English text left to right inside them, and count in Arabic's plural forms.
With CAFE_SCREENSHOTS=docs/img the pictures in the README are saved (phone-ar*.png, projector-ar.png).
"""
from __future__ import annotations

import pytest
from browser_kit import assert_accessible, serve
from sqlalchemy import update
from test_browser import ARGS, CHROMIUM, LAPTOP, PHONE, SHOTS, click_control, playwright_api

from cafe import create_app, services
from cafe.extensions import db
from cafe.models import HARVEST, Cafe, Note, Theme
from cafe.services.harvest import open_voting

TOKEN = "rtl-test-token-0123456789abcdef0123"
JOIN = {"ar": "انضم إلى المقهى", "en": "Join the café"}
ADD_NOTE = {"ar": "أضف الملاحظة", "en": "Add note"}
NOTES = {"ar": ["حدائق فيها ظل ومقاعد لكبار السن", "Safer crossings near the school"],
         "en": ["More evening buses to the clinic"]}
THEMES = ["Safer streets and crossings", "حدائق ومساحات خضراء", "Evening buses"]

# Where things are, as a person sees them.
LAYOUT = """() => {
  const box = s => { const e = document.querySelector(s); if (!e) return null;
                     const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width}; };
  const text = e => { const range = document.createRange(); range.selectNodeContents(e);
                      const r = range.getBoundingClientRect(); return {left: r.left, right: r.right}; };
  const doc = document.documentElement;
  return {
    lang: doc.lang, dir: doc.dir, width: innerWidth, scrollWidth: doc.scrollWidth,
    brand: box('.brand'), clock: box('#clock'),
    note: box('#notes .note.mine'), badge: box('#notes .note.mine .badge'),
    texts: Array.from(document.querySelectorAll('#notes .note p')).map(p =>
      ({text: p.textContent, box: p.getBoundingClientRect().toJSON(), words: text(p)})),
  };
}"""


def shot(page, name, full_page=True):
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def version(app, cafe_id):
    with app.app_context():
        return services.get_cafe(cafe_id).version


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """A one-round café with three tables, served; yields (app, café id, code, base URL, browser)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('rtl') / 'cafe.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "FACILITATOR_TOKEN": TOKEN,
                      "ASYNC_MODE": "threading", "MESSAGE_QUEUE": None})
    with app.app_context():
        cafe = services.create_cafe(
            title="Riverside health café", questions=["What would make it easier to stay healthy here?"],
            tables=[services.TableSpec(name, "") for name in ("River", "Hill", "Library")],
            round_minutes=20, num_rounds=1, groups=list(services.DEFAULT_GROUPS))
        cafe = services.open_cafe(cafe.id, cafe.version)
        cafe_id, code = cafe.id, cafe.join_code
    with serve(url, TOKEN) as base, playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield app, cafe_id, code, base, browser
        browser.close()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def assert_no_sideways_scroll(page, where):
    width, scroll = page.evaluate("() => [innerWidth, document.documentElement.scrollWidth]")
    assert scroll <= width, f"{where}: {scroll}px of content on a {width}px screen"


def assert_mirrored(arabic, english):
    """The Arabic phone's layout is the English one seen in a mirror."""
    width = arabic["width"]
    assert english["brand"]["left"] < 30 and arabic["brand"]["right"] > width - 30     # top bar
    assert english["clock"]["left"] < width / 2 < arabic["clock"]["right"]            # clock line
    # "your note" sits at the start of the note: the left in English, the right in Arabic.
    assert english["badge"]["left"] - english["note"]["left"] < 16
    assert arabic["note"]["right"] - arabic["badge"]["right"] < 16
    assert arabic["badge"]["left"] > arabic["note"]["left"] + arabic["note"]["width"] / 2


def test_arabic_phone_and_projector_are_right_to_left_and_mirrored(room):
    app, cafe_id, code, base, browser = room
    staff = browser.new_context(viewport=LAPTOP).new_page()
    staff.goto(f"{base}/facilitator/?token={TOKEN}")
    staff.goto(f"{base}/facilitator/cafes/{cafe_id}")
    staff.wait_for_selector("#connection.ok")

    phones = {}
    for lang, name in (("ar", "Amal"), ("en", "Ben")):
        page = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale=lang).new_page()
        page.goto(f"{base}/j/{code}")
        assert page.evaluate("() => document.documentElement.lang") == lang
        assert_no_sideways_scroll(page, f"{lang} join page")
        if lang == "ar":
            assert page.evaluate("() => document.documentElement.dir") == "rtl"
            shot(page, "phone-ar-join")
            assert_accessible(page, "Arabic join page")
        page.fill("#name", name)
        page.get_by_role("button", name=JOIN[lang]).click()
        page.wait_for_selector("#connection.ok")
        phones[lang] = page

    projector = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="ar").new_page()
    projector.goto(f"{base}/facilitator/?token={TOKEN}")
    projector.goto(f"{base}/facilitator/cafes/{cafe_id}/projector")
    projector.wait_for_selector("#connection.ok")
    # Two people: Arabic's dual, chosen in the browser by Intl.PluralRules ("two").
    projector.wait_for_function("() => document.querySelector('#people-count').textContent === 'انضم شخصان'")

    click_control(staff, "Start round 1")
    for lang, page in phones.items():
        page.wait_for_function("() => /^19:\\d\\d$/.test(document.querySelector('#clock').textContent)")
        for text in NOTES[lang]:
            page.fill("#note-text", text)
            page.get_by_role("button", name=ADD_NOTE[lang]).click()
        page.wait_for_function(f"() => document.querySelectorAll('#notes .note:not(.pending)').length === {len(NOTES[lang])}")
    projector.wait_for_function("() => /^19:\\d\\d$/.test(document.querySelector('#clock').textContent)")

    arabic, english = (phones[lang].evaluate(LAYOUT) for lang in ("ar", "en"))
    assert (arabic["lang"], arabic["dir"], english["dir"]) == ("ar", "rtl", "")
    assert_mirrored(arabic, english)
    for lang in phones:
        assert_no_sideways_scroll(phones[lang], f"{lang} café page")
    # Each note reads in its own direction: Arabic from the right, English from the left, on the
    # same Arabic phone.
    by_text = {t["text"]: t for t in arabic["texts"]}
    arabic_note, english_note = (by_text[text] for text in NOTES["ar"])
    assert arabic_note["box"]["right"] - arabic_note["words"]["right"] < 2
    assert english_note["words"]["left"] - english_note["box"]["left"] < 2
    table = phones["ar"].locator("#table-label").inner_text()
    assert table.startswith("الطاولة") and any(name in table for name in ("River", "Hill", "Library"))
    shot(phones["ar"], "phone-ar")
    assert_accessible(phones["ar"], "Arabic phone, round")

    facts = projector.evaluate("""() => {
      const box = s => document.querySelector(s).getBoundingClientRect().toJSON();
      const doc = document.documentElement;
      return {dir: doc.dir, W: innerWidth, H: innerHeight, scrollW: doc.scrollWidth, scrollH: doc.scrollHeight,
              qr: box('#qr'), question: box('#question'), tables: box('#proj-tables'), round: box('#round-label')};
    }""")
    assert facts["dir"] == "rtl"
    assert facts["scrollW"] <= facts["W"] and facts["scrollH"] <= facts["H"]    # a projector can't scroll
    assert facts["qr"]["right"] < facts["tables"]["left"]       # how to join: on the left, mirrored
    assert facts["qr"]["right"] < facts["W"] / 3
    assert projector.locator("#round-label").inner_text() == "الجولة 1 من 1"
    shot(projector, "projector-ar", full_page=False)
    assert_accessible(projector, "Arabic projector, round")

    # The vote: themes the facilitator kept (one in Arabic), three dots each.
    with app.app_context():
        services.end_round(cafe_id, version(app, cafe_id))
        notes = [n.id for n in db.session.query(Note).filter(Note.cafe_id == cafe_id).order_by(Note.id)]
        for position, label in enumerate(THEMES):
            theme = Theme(cafe_id=cafe_id, position=position, label=label, representatives=[notes[position]])
            db.session.add(theme)
            db.session.flush()
            db.session.execute(update(Note).where(Note.id == notes[position]).values(theme_id=theme.id))
        db.session.execute(update(Cafe).where(Cafe.id == cafe_id)
                           .values(harvest_state=HARVEST, harvest_round=1, version=Cafe.version + 1))
        db.session.commit()
        open_voting(cafe_id, version(app, cafe_id), 3)
    for page in phones.values():
        page.reload()
        page.wait_for_selector("#harvest-themes .dot-button")
        assert_no_sideways_scroll(page, "voting list")
    dots = phones["ar"].locator("#dots-left")
    assert dots.inner_text() == "بقيت لديك 3 نقاط"                     # "few": 3 to 10
    buttons = """() => Array.from(document.querySelectorAll('.vote-theme')[0].querySelectorAll('.dot-button'))
                 .map(b => [b.textContent, b.getBoundingClientRect().left])"""
    arabic_buttons, english_buttons = (dict(phones[lang].evaluate(buttons)) for lang in ("ar", "en"))
    assert english_buttons["−"] < english_buttons["+"]            # − then +, left to right ...
    assert arabic_buttons["+"] < arabic_buttons["−"]              # ... and right to left
    phones["ar"].locator(".vote-theme").first.locator(".dot-button", has_text="+").click()
    phones["ar"].wait_for_function("() => document.querySelector('#dots-left').textContent === 'بقيت لديك نقطتان'")
    shot(phones["ar"], "phone-ar-vote")
    assert_accessible(phones["ar"], "Arabic phone, voting")
