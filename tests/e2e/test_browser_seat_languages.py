"""Seating by language in real headless Chromium: a Spanish phone says it needs Spanish at its
table and is seated at a Spanish table; the dashboard shows each table's languages and each
person's need, warns in the lobby and before the rotation that the Spanish seats run short and
who is affected, and asks before a hand move to a table that does not speak Spanish.

The café is built in this process through the services (the new-café form's table languages are
another part of the issue), on the SQLite file the served app (`python wsgi.py`) reads.
"""
from __future__ import annotations

import pytest
from browser_kit import assert_accessible, serve
from test_browser import ARGS, CHROMIUM, LAPTOP, PHONE, SHOTS, playwright_api

from cafe import create_app, services
from cafe.extensions import db

TOKEN = "languages-test-token-0123456789abcdef"
KNOWN = {"en": "English", "es": "Español"}
WIDE = {"width": 1920, "height": 1080}


def shot(page, name, full=False):
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory):
    """An open café: one Spanish table, two English ones; four people already need Spanish."""
    url = f"sqlite:///{tmp_path_factory.mktemp('languages') / 'cafe.sqlite3'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "FACILITATOR_TOKEN": TOKEN,
                      "ASYNC_MODE": "threading", "MESSAGE_QUEUE": None})
    with app.app_context():
        cafe = services.create_cafe(
            title="Café de salud del barrio", questions=["What would help you stay healthy?"],
            tables=[services.TableSpec("Río", "", None, ("es",)),
                    services.TableSpec("Hill", "", None, ("en",)),
                    services.TableSpec("Oak", "", None, ("en",))],
            round_minutes=20, num_rounds=3, groups=["Resident", "Staff"], known_languages=KNOWN)
        cafe = services.open_cafe(cafe.id, cafe.version)
        for name, need in (("Ana", "es"), ("Carmen", "es"), ("José", "es"), ("Marta", "es"),
                           ("Sam", ""), ("Lee", ""), ("Kim", ""), ("Max", "")):
            services.join_cafe(cafe.join_code, name=name, group="Resident", can_host=False,
                               language="en", languages=KNOWN, needs_language=need)
        cafe_id, code = cafe.id, cafe.join_code
    yield url, cafe_id, code
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def room(bilingual):
    url, cafe_id, code = bilingual
    with serve(url, TOKEN) as base, playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser, base, cafe_id, code
        browser.close()


def test_a_spanish_phone_needs_spanish_and_the_dashboard_warns_who_is_affected(room):
    browser, base, cafe_id, code = room

    # A Spanish phone: the join page asks, in Spanish, which language the table must speak.
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True,
                                locale="es-ES").new_page()
    phone.goto(f"{base}/j/{code}")
    fieldset = phone.locator("fieldset", has_text="Necesito que en mi mesa se hable")
    assert fieldset.is_visible()
    assert fieldset.locator("span[lang=es]").inner_text() == "Español"
    assert fieldset.locator("span[lang=en]").inner_text() == "English"
    assert fieldset.locator("input[value='']").is_checked()       # "any" unless they say
    phone.fill("#name", "Lucía")
    fieldset.get_by_label("Español").check()
    shot(phone, "phone-join-needs-language-360", full=True)
    for size in (LAPTOP, WIDE):            # the same page on a laptop and a big screen
        phone.set_viewport_size(size)
        shot(phone, f"join-needs-language-{size['width']}", full=True)
    phone.set_viewport_size(PHONE)
    assert_accessible(phone, "join page with the language choice")
    phone.locator("form.stack button[type=submit]").click()
    phone.wait_for_selector("#connection.ok")
    assert "Río" in phone.locator("#table-label").inner_text()     # the Spanish table

    # The dashboard: each table's languages, each person's need, and the warning.
    staff = browser.new_context(viewport=LAPTOP).new_page()
    staff.goto(f"{base}/facilitator/?token={TOKEN}")
    staff.goto(f"{base}/facilitator/cafes/{cafe_id}")
    staff.wait_for_selector("#connection.ok")
    rio = staff.locator(".table-box[data-table='0']")
    assert rio.locator(".table-languages").inner_text() == "Speaks Spanish"
    assert staff.locator(".table-box[data-table='1'] .table-languages").inner_text() == "Speaks English"
    lucia = rio.locator("li", has_text="Lucía")
    assert "Needs Spanish" in lucia.inner_text()
    warning = staff.locator("#language-warning")
    warning.wait_for()
    text = warning.inner_text()
    assert "Not everyone can sit at a table in their language." in text
    assert "Spanish: 2 people who need it" in text and "Lucía" in text and "Ana" in text
    shot(staff, "dashboard-language-warning-lobby-1280")
    shot(staff, "dashboard-language-tables-1280", full=True)
    # Someone without a phone can need a language too.
    assert staff.locator("#person-needs-box").is_visible()
    assert staff.locator("#person-needs option").all_inner_texts() == ["Any language", "English", "Spanish"]
    staff.set_viewport_size(WIDE)
    shot(staff, "dashboard-language-warning-lobby-1920")
    staff.set_viewport_size(LAPTOP)

    # Before confirming the rotation: who would not sit at a table in Spanish, and where.
    staff.get_by_role("button", name="Start round 1").click()
    staff.get_by_role("button", name="End round").click()
    staff.get_by_role("button", name="Rotate people to round 2").wait_for()
    plan = staff.locator("#plan")
    plan.wait_for()
    assert "2 people not at a table in their language" in plan.inner_text()
    review = warning.inner_text()
    assert "Before you rotate: not everyone will sit at a table in their language." in review
    affected = warning.locator("li", has_text="needs Spanish, but would sit at")
    assert affected.count() == 2
    assert all(("Hill" in line or "Oak" in line) for line in affected.all_inner_texts())
    shot(staff, "dashboard-language-review-1280")

    # After the rotation, a hand move of someone who needs Spanish to an English table asks
    # first; saying no changes nothing.
    staff.get_by_role("button", name="Rotate people to round 2").click()
    staff.get_by_role("button", name="Start round 2").wait_for()
    at_rio = staff.locator(".table-box[data-table='0'] li", has_text="Needs Spanish").first
    name = at_rio.locator("span").first.inner_text()
    asked = []
    staff.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    at_rio.locator("select[aria-label^='Move']").select_option("1")
    staff.wait_for_function("() => document.querySelectorAll('.table-box').length === 3")
    staff.locator(".table-box[data-table='0'] li", has_text=name).wait_for()
    assert asked and name in asked[0] and "Spanish" in asked[0] and "Hill" in asked[0]
    assert staff.locator(".table-box[data-table='1'] li", has_text=name).count() == 0
    assert_accessible(staff, "dashboard with table languages")
