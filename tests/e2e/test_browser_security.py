"""Script in every field anyone can type, every page in every phase, in real headless Chromium.

A dialog, or a script or event-handler element that came from someone's text, fails the test.
Also what a phone does with refusals: it never resends what a resend can't fix, and it waits
out `rate_limited` without losing the note. Uses tests/e2e/test_browser.py's server and browser.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest
import socketio
from browser_kit import free_port
from test_browser import LAPTOP, PHONE, ROOT, TOKEN, click_control, join_phone, open_cafe, shot
from test_browser import browser, server  # noqa: F401  (fixtures)

# Each field gets the longest payload it can hold.
LONG = "'\"><img src=x onerror=alert(1)><svg onload=alert(2)></script><script>alert(3)</script>"
SHORT = "<img src=x onerror=alert(4)>"          # display names (40), table names, groups, labels
INJECTED = ("document.querySelectorAll('img[src=\"x\"], [onerror], svg[onload], "
            "script:not([src]):not([type=\"application/json\"])').length")


class Pages:
    """Opens pages in fresh tabs and fails on any dialog or injected element."""

    def __init__(self, chromium, base):
        self.browser, self.server = chromium, base
        self.dialogs: list[str] = []
        self.staff = chromium.new_context(viewport=LAPTOP)
        self.staff.on("page", self._watch)
        self.phones = []

    def _watch(self, page):
        page.on("dialog", lambda dialog: (self.dialogs.append(f"{page.url}: {dialog.message}"),
                                          dialog.dismiss()))

    def phone_context(self):
        context = self.browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        context.on("page", self._watch)
        return context

    def check(self, page, what):
        page.wait_for_timeout(300)             # give any injected handler its chance to run
        assert self.dialogs == [], self.dialogs
        assert page.evaluate(INJECTED) == 0, f"{what}: user text became markup at {page.url}"

    def visit(self, context, path, what, ready="body"):
        page = context.new_page()
        page.goto(self.server + path)
        page.wait_for_selector(ready)
        self.check(page, what)
        page.close()


def staff_socket(base, context, cafe_id):
    """A facilitator socket with the browser's session cookie (to change phases quickly)."""
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
    client = socketio.Client()
    client.connect(base, headers={"Cookie": cookie}, auth={"cafe": cafe_id, "role": "facilitator"},
                   transports=["websocket"])
    return client


def test_script_typed_anywhere_never_runs_on_any_page_in_any_phase(server, browser):  # noqa: F811
    pages = Pages(browser, server)
    staff = pages.staff.new_page()
    staff.goto(f"{server}/facilitator/?token={TOKEN}")
    staff.goto(f"{server}/facilitator/cafes/new")
    staff.fill("#title", LONG)
    staff.fill("#questions", f"{LONG}\n{LONG} two?")
    staff.fill("#num_rounds", "2")
    staff.fill("#num_tables", "2")
    staff.locator("input[name=table_name_0]").fill(SHORT)
    staff.fill("#groups", f"Resident\n{SHORT}")
    # ...and their Spanish versions (the projector shows every language of the room)
    staff.fill("#title_es", LONG)
    staff.fill("#questions_es", f"{LONG}\n{LONG} dos?")
    staff.fill("#groups_es", f"Residente\n{SHORT}")
    staff.get_by_role("button", name="Create café").click()
    staff.wait_for_selector("#connection.ok")
    cafe_id = int(staff.url.rstrip("/").rsplit("/", 1)[1])
    pages.check(staff, "dashboard in draft")
    pages.visit(pages.staff, "/facilitator/", "home")
    click_control(staff, "Open café")
    code = staff.locator("#join-code").inner_text()

    phone_pages = []
    for i in range(2):
        context = pages.phone_context()
        phone = context.new_page()
        phone.goto(f"{server}/j/{code}")
        pages.check(phone, "join page")
        phone.fill("#name", SHORT)
        phone.get_by_label(SHORT).check()
        phone.get_by_role("button", name="Join the café").click()
        phone.wait_for_selector("#connection.ok")
        phone_pages.append((context, phone))

    sio = staff_socket(server, pages.staff, cafe_id)
    version = [sio.call("sync", {})["snapshot"]["cafe"]["version"]]

    def act(event, **data):
        ack = sio.call(event, {"version": version[0], **data}, timeout=60)
        assert ack["ok"], (event, ack)
        version[0] = ack["cafe"]["version"]
        return ack

    def every_page(phase, *extra):
        for context, _ in phone_pages[:1]:
            pages.visit(context, f"/c/{code}", f"phone page ({phase})", "#connection.ok")
        pages.visit(pages.staff, f"/facilitator/cafes/{cafe_id}", f"dashboard ({phase})",
                    "#connection.ok")
        pages.visit(pages.staff, f"/facilitator/cafes/{cafe_id}/projector", f"projector ({phase})",
                    "#connection.ok")
        for path in extra:
            pages.visit(pages.staff if path.startswith("/facilitator") else pages.phone_context(),
                        path, f"{path} ({phase})")

    every_page("lobby", f"/j/{code}", f"/facilitator/cafes/{cafe_id}/downloads")
    act("start_round")
    for _, phone in phone_pages:
        phone.fill("#note-text", LONG)
        phone.get_by_role("button", name="Add note").click()
        phone.locator("#notes .note:not(.pending)").first.wait_for()
        phone.fill("#note-text", "more buses in the evening " + SHORT)
        phone.get_by_role("button", name="Add note").click()
        phone.wait_for_function("() => document.querySelectorAll('#notes .note:not(.pending)').length >= 2")
        pages.check(phone, "phone with notes")
    every_page("running")
    act("pause_round")
    every_page("paused")
    act("resume_round")
    act("end_round")
    act("run_harvest")
    every_page("review, harvest")
    act("rotate")
    every_page("break")
    act("start_round")
    act("end_round")
    harvest = act("run_harvest")
    themes = sio.call("sync", {})["snapshot"]["harvest"]["themes"]
    assert themes, harvest
    for theme in themes:
        assert sio.call("rename_theme", {"theme": theme["theme_id"], "label": SHORT})["ok"]
    every_page("finished, harvest", f"/facilitator/cafes/{cafe_id}/downloads")
    act("open_voting", dots=3, confirm=True)      # the payload notes fit no theme: vote anyway
    every_page("voting")
    _, phone = phone_pages[0]
    phone.get_by_role("button", name=re.compile("^Add a dot")).first.click()
    phone.wait_for_function("() => document.querySelector('#vote-status').textContent.includes('saved')")
    act("close_voting")
    downloads = pages.staff.new_page()
    downloads.goto(f"{server}/facilitator/cafes/{cafe_id}/downloads")
    downloads.fill("#steps_0", LONG)
    downloads.fill("#partner_0", LONG)
    downloads.fill("#due_0", "2027-05-01")
    downloads.get_by_role("button", name="Save the action plan").click()
    downloads.wait_for_url(re.compile("#actions$"))
    pages.check(downloads, "downloads with an action plan")
    results = downloads.locator("a[href*='/r/']").first.get_attribute("href").replace(server, "")
    every_page("results", f"/facilitator/cafes/{cafe_id}/downloads", "/facilitator/", results)
    # Each payload is on screen as the words people typed.
    page = pages.phone_context().new_page()
    page.goto(server + results)
    assert SHORT in page.locator("main").inner_text()
    sio.disconnect()
    assert pages.dialogs == []


@pytest.fixture(scope="module")
def strict_server(tmp_path_factory):
    """`python wsgi.py` with a note limit of 2 per 10 s, to watch a phone wait it out."""
    port = free_port()
    db_path = tmp_path_factory.mktemp("strict") / "cafe.sqlite3"
    env = dict(os.environ, CAFE_PORT=str(port), CAFE_HOST="127.0.0.1",
               DATABASE_URL=f"sqlite:///{db_path}", CAFE_FACILITATOR_TOKEN=TOKEN,
               CAFE_PUBLIC_URL=f"http://127.0.0.1:{port}", CAFE_SECRET_KEY="strict-secret",
               CAFE_NOTE_RATE="2 per 10 seconds")
    proc = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import socket as sockets
    for _ in range(600):            # a minute: a busy machine starts python slowly
        try:
            with sockets.create_connection(("127.0.0.1", port), timeout=0.2):
                break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


def test_a_phone_never_resends_what_a_resend_cannot_fix(strict_server, browser):  # noqa: F811
    staff, code = open_cafe(browser, strict_server, "Refusal café", "What should change?")
    phone, _ = join_phone(browser, strict_server, code)
    frames = []
    phone.on("websocket", lambda ws: ws.on("framesent", lambda payload: frames.append(payload)))
    phone.reload()                                       # so the new socket is watched
    phone.wait_for_selector("#connection.ok")
    click_control(staff, "Start round 1")
    phone.wait_for_function("() => /^19:/.test(document.querySelector('#clock').textContent)")
    # A lone surrogate can't be typed, but a broken keyboard app or a paste can make one.
    phone.evaluate("document.querySelector('#note-text').value = 'Bus stops \\ud83d need shelters'")
    phone.get_by_role("button", name="Add note").click()
    phone.wait_for_function("() => document.querySelector('#note-status').textContent.includes('retype')")
    assert "Bus stops" in phone.input_value("#note-text")        # the words are given back
    phone.wait_for_timeout(4000)                                 # longer than any retry delay
    sends = [f for f in frames if isinstance(f, str) and "submit_note" in f]
    assert len(sends) == 1, sends
    assert phone.locator("#notes .pending").count() == 0
    shot(phone, "phone-refused-note")


def test_a_rate_limited_phone_keeps_its_note_and_sends_it_when_told(strict_server, browser):  # noqa: F811
    staff, code = open_cafe(browser, strict_server, "Busy café", "What should change?")
    phone, _ = join_phone(browser, strict_server, code)
    click_control(staff, "Start round 1")
    phone.wait_for_function("() => /^19:/.test(document.querySelector('#clock').textContent)")
    for i in range(3):                                   # the third is over 2 per 10 s
        phone.fill("#note-text", f"Idea number {i + 1}")
        phone.get_by_role("button", name="Add note").click()
    phone.wait_for_function("() => document.querySelector('#note-status').textContent.includes(' s.')")
    assert phone.locator("#notes .pending", has_text="Idea number 3").count() == 1
    assert phone.locator("#note-status.error").count() == 0      # waiting is not an error
    shot(phone, "phone-rate-limited")
    phone.reload()                                       # even a reload keeps it in the outbox
    phone.wait_for_selector("#connection.ok")
    phone.locator("#notes .note:not(.pending)", has_text="Idea number 3").wait_for(timeout=30000)
    staff.locator(".staff-notes .note", has_text="Idea number 3").wait_for()
    assert staff.locator(".staff-notes .note", has_text="Idea number").count() == 3
