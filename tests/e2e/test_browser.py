"""A whole café in real headless Chromium: a facilitator and three phones, two rounds, a rotation.

The app runs as users run it (`python wsgi.py`, eventlet) on a free local port. Skipped when
Chromium or Playwright is missing, except in CI, where .ci/run installs them.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from browser_kit import serve

CHROMIUM = os.environ.get("CAFE_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
TOKEN = "browser-test-token-0123456789abcdef"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync"]

playwright_api = pytest.importorskip("playwright.sync_api") if not os.environ.get("CI") else \
    __import__("playwright.sync_api", fromlist=["sync_playwright"])
if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"CI needs Chromium at {CHROMIUM}")
    pytest.skip(f"no Chromium at {CHROMIUM}", allow_module_level=True)

PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
SHOTS = Path(os.environ.get("CAFE_SCREENSHOTS", "")) if os.environ.get("CAFE_SCREENSHOTS") else None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`python wsgi.py` on a fresh SQLite file; yields its base URL."""
    db_path = tmp_path_factory.mktemp("browser") / "cafe.sqlite3"
    with serve(f"sqlite:///{db_path}", TOKEN) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


def shot(page, name):
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=name.startswith("phone"))


def click_control(page, label):
    page.get_by_role("button", name=label).click()


def open_cafe(browser, server, title, question, *, rounds=None, tables=None):
    """As a facilitator: sign in, create a café through the form and open it; (page, join code)."""
    staff = browser.new_context(viewport=LAPTOP).new_page()
    staff.goto(f"{server}/facilitator/?token={TOKEN}")
    staff.goto(f"{server}/facilitator/cafes/new")
    staff.fill("#title", title)
    staff.fill("#questions", question)
    if rounds is not None:
        staff.fill("#num_rounds", str(rounds))
    if tables is not None:
        staff.fill("#num_tables", str(tables))
    staff.get_by_role("button", name="Create café").click()
    staff.wait_for_selector("#connection.ok")
    click_control(staff, "Open café")
    return staff, staff.locator("#join-code").inner_text()


def join_phone(browser, server, code):
    """A phone (360×740) that scans the QR code and joins with the defaults; (page, context)."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(f"{server}/j/{code}")
    phone.get_by_role("button", name="Join the café").click()
    phone.wait_for_selector("#connection.ok")
    return phone, context


def test_whole_cafe_two_rounds_with_rotation(server, browser):
    staff = browser.new_context(viewport=LAPTOP).new_page()
    staff.goto(f"{server}/facilitator/?token={TOKEN}")
    staff.get_by_role("link", name="New café").click()
    staff.fill("#title", "Neighbourhood health café")
    staff.fill("#questions", "What would make it easier to stay healthy here?\nWhich of these ideas matters most to you?")
    staff.fill("#num_rounds", "2")
    staff.fill("#round_minutes", "20")
    staff.fill("#num_tables", "3")
    staff.locator("input[name=table_name_2]").fill("Library")
    shot(staff, "facilitator-new-cafe")
    staff.get_by_role("button", name="Create café").click()
    staff.wait_for_selector("#connection.ok")
    click_control(staff, "Open café")
    code = staff.locator("#join-code").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{8}", code)

    projector = staff.context.new_page()        # a second tab of the facilitator's browser
    projector.goto(staff.url + "/projector")
    projector.wait_for_selector("#connection.ok")
    assert projector.locator("#join-code").inner_text() == code

    groups = ["Resident", "Community organization", "Health or social service staff"]
    phones = []
    for i, group in enumerate(groups):
        phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
        phone.goto(f"{server}/join")
        phone.fill("#code", code.lower())              # typed casually: case is ignored
        phone.get_by_role("button", name="Continue").click()
        phone.fill("#name", f"Person {i + 1}")
        phone.get_by_label(group).check()
        if i == 0:
            phone.get_by_label("I can host a table").check()
        phone.get_by_role("button", name="Join the café").click()
        phone.wait_for_selector("#connection.ok")
        phones.append(phone)
    # Three people, three tables: one each.
    tables = {p.locator("#table-label").inner_text() for p in phones}
    assert len(tables) == 3
    projector.wait_for_function("() => document.querySelector('#people-count').textContent.startsWith('3')")
    shot(phones[0], "phone-lobby")

    click_control(staff, "Start round 1")
    for phone in phones:
        # The shared clock counts down from 20:00 (it reads 19:xx once a second has passed).
        phone.wait_for_function("() => /^19:\\d\\d$/.test(document.querySelector('#clock').textContent)")
        assert "stay healthy" in phone.locator("#question").inner_text()
    projector.wait_for_function("() => /^19:\\d\\d$/.test(document.querySelector('#clock').textContent)")

    for i, phone in enumerate(phones):
        phone.fill("#note-text", f"Round one idea from person {i + 1}: <b>safe</b> sidewalks")
        phone.get_by_role("button", name="Add note").click()
    for i, phone in enumerate(phones):
        note = phone.locator("#notes .note", has_text=f"person {i + 1}")
        note.wait_for()
        assert "<b>safe</b>" in note.inner_text()           # shown as text, never as HTML
        assert phone.locator("#notes b").count() == 0
    staff.wait_for_function("() => document.querySelectorAll('.staff-notes .note').length === 3")
    shot(phones[0], "phone-round")
    shot(projector, "projector-round")
    shot(staff, "facilitator-round")

    before = [p.locator("#table-label").inner_text() for p in phones]
    click_control(staff, "End round")
    staff.wait_for_selector("#plan:not([hidden])")
    click_control(staff, "Rotate people to round 2")
    for phone, old in zip(phones, before):
        phone.wait_for_selector("#move-banner:not([hidden])")
        banner = phone.locator("#move-text").inner_text()
        assert banner.startswith("Go to table")
        assert phone.locator("#table-label").inner_text() in banner.replace("Go to table", "Table")
        # A new table, a clean tablecloth: round one's notes (all at other tables) are gone.
        phone.wait_for_function("() => document.querySelectorAll('#notes .note').length === 0")
    after = [p.locator("#table-label").inner_text() for p in phones]
    assert len(set(after)) == 3
    shot(phones[1], "phone-move")
    # The projector shows the new seating while people move.
    projector.wait_for_function("() => document.querySelector('#round-label').textContent.includes('2 of 2')")
    projector.locator(".proj-table-people", has_text="Person").first.wait_for()
    seating = " ".join(projector.locator(".proj-table-people").all_inner_texts())
    assert all(f"Person {i}" in seating for i in (1, 2, 3))
    shot(projector, "projector-break")

    click_control(staff, "Start round 2")
    for phone in phones:
        phone.wait_for_function("() => document.querySelector('#question').textContent.includes('matters most')")
        phone.wait_for_selector("#move-banner", state="hidden")
    phones[1].fill("#note-text", "Round two: more bus stops")
    phones[1].get_by_role("button", name="Add note").click()
    phones[1].locator("#notes .note", has_text="more bus stops").wait_for()
    staff.locator("#round-filter").select_option("2")
    staff.locator(".staff-notes .note", has_text="more bus stops").wait_for()
    click_control(staff, "End round")
    for phone in phones:
        phone.wait_for_function("() => document.querySelector('#phase-text').textContent.includes('over')")


def test_a_note_typed_offline_is_delivered_exactly_once(server, browser):
    staff, code = open_cafe(browser, server, "Offline café", "What should change?")
    phone, phone_context = join_phone(browser, server, code)
    click_control(staff, "Start round 1")

    phone_context.set_offline(True)                      # walks out of Wi-Fi range
    phone.wait_for_selector("#connection.bad")
    phone.fill("#note-text", "Typed in the corridor")
    phone.get_by_role("button", name="Add note").click()
    assert "Offline" in phone.locator("#note-status").inner_text()
    phone.locator("#notes .note.pending", has_text="Typed in the corridor").wait_for()

    phone_context.set_offline(False)                     # back in range: sent at once
    phone.wait_for_selector("#connection.ok")
    phone.wait_for_function("() => !document.querySelector('#notes .pending')")
    staff.locator(".staff-notes .note", has_text="Typed in the corridor").wait_for()
    phone.reload()                                       # and a reload resends nothing twice
    phone.wait_for_selector("#connection.ok")
    phone.locator("#notes .note", has_text="Typed in the corridor").wait_for()
    assert phone.locator("#notes .note", has_text="Typed in the corridor").count() == 1
    staff.reload()
    staff.wait_for_selector("#connection.ok")
    staff.locator(".staff-notes .note", has_text="Typed in the corridor").wait_for()
    assert staff.locator(".staff-notes .note", has_text="Typed in the corridor").count() == 1


def test_someone_made_host_between_rounds_gets_the_tables_earlier_notes(server, browser):
    # Hosts brief newcomers with what their table said before; a phone made host at the break
    # must show those notes without a reload (rotations need no re-sync, this does).
    staff, code = open_cafe(browser, server, "Host café", "What should change?", rounds=2,
                            tables=1)
    phone, _ = join_phone(browser, server, code)
    click_control(staff, "Start round 1")
    phone.fill("#note-text", "Round one: a crossing by the school")
    phone.get_by_role("button", name="Add note").click()
    phone.locator("#notes .note", has_text="crossing by the school").wait_for()
    click_control(staff, "End round")
    staff.wait_for_selector("#plan:not([hidden])")
    click_control(staff, "Rotate people to round 2")
    phone.wait_for_function("() => document.querySelectorAll('#notes .note').length === 0")
    staff.get_by_label("Host of", exact=False).first.select_option(index=1)
    phone.locator("#earlier .note", has_text="crossing by the school").wait_for()
    assert "host" in phone.locator("#host-note").inner_text().lower()
