"""Taking part without a phone, in real headless Chromium: the facilitator seats someone without
a phone, their host types their note, a shared tablet writes for its table, and paper dots are
counted into the priorities.

Uses the server and browser of tests/test_browser.py (`python wsgi.py`, eventlet).
"""
from __future__ import annotations

from test_browser import (  # noqa: F401
    LAPTOP,
    PHONE,
    browser,
    click_control,
    open_cafe,
    server,
    shot,
)
from test_browser_harvest import NOTES

WIDE = {"width": 1920, "height": 1080}
TABLET = {"width": 800, "height": 1280}


def join_as(browser, server, code, name, *, can_host=False):  # noqa: F811
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(f"{server}/j/{code}")
    phone.fill("#name", name)
    if can_host:
        phone.locator("input[name=can_host]").check()
    phone.get_by_role("button", name="Join the café").click()
    phone.wait_for_selector("#connection.ok")
    return phone


def test_a_person_without_a_phone_is_seated_and_their_notes_reach_the_table(server, browser):  # noqa: F811
    staff, code = open_cafe(browser, server, "No-phone café", "What would help you most?",
                            rounds=2, tables=2)
    projector = staff.context.new_page()
    projector.set_viewport_size(WIDE)
    projector.goto(staff.url + "/projector")
    projector.wait_for_selector("#connection.ok")

    host = join_as(browser, server, code, "Hana", can_host=True)
    host_table = host.locator("#table-label").inner_text()

    # The facilitator adds Rosa, who has no phone, from the dashboard.
    staff.fill("#person-name", "Rosa")
    staff.select_option("#person-group", "Resident")
    staff.get_by_role("button", name="Add and seat").click()
    staff.locator("#no-phone-status", has_text="Rosa added, seated at").wait_for()
    rosa = staff.locator(".table-box li", has_text="Rosa")
    assert "no phone" in rosa.inner_text()
    # The projector's seating shows her with everyone else.
    projector.locator(".proj-table-people", has_text="Rosa").wait_for()
    shot(projector, "projector-seating-with-rosa-1920")

    # Hana hosts Rosa's table; both sit there.
    rosa_table = int(staff.locator(".table-box", has=staff.locator("li", has_text="Rosa"))
                     .get_attribute("data-table"))
    staff.locator(f".table-box[data-table='{rosa_table}'] .host-pick select").select_option(
        label="Hana (can host)")
    host.locator("#note-for-box:not([hidden])").wait_for()      # only a host's phone has it
    assert host.locator("#host-note").get_attribute("hidden") is None and host_table
    host.select_option("#note-for", label="Rosa (no phone)")
    shot(host, "phone-host-types-for-rosa-360")

    click_control(staff, "Start round 1")
    host.fill("#note-text", "A walk-in clinic on Saturdays")
    host.get_by_role("button", name="Add note").click()
    host.locator("#notes .note:not(.pending)", has_text="walk-in clinic").wait_for()
    staff.locator(f".table-box[data-table='{rosa_table}'] .note",
                  has_text="walk-in clinic").wait_for()

    # The facilitator types one for "someone at this table".
    staff.select_option("#note-for-table", str(rosa_table))
    staff.select_option("#note-for-person", label="Someone at this table")
    staff.fill("#note-for-text", "Benches on the way to the shops")
    staff.get_by_role("button", name="Add the note").click()
    staff.locator("#no-phone-status", has_text="Note added").wait_for()
    host.locator("#notes .note", has_text="Benches on the way").wait_for()

    # A shared tablet joins the other table with its code and writes for it.
    staff.get_by_role("button", name="Show table codes").click()
    other = 1 - rosa_table
    codes = staff.locator("#table-codes li")
    codes.nth(other).wait_for()
    table_code = codes.nth(other).locator(".code").inner_text()
    shot(staff, "facilitator-without-phone-1280")
    staff.set_viewport_size({"width": 360, "height": 740})
    shot(staff, "facilitator-without-phone-360")
    staff.set_viewport_size(WIDE)
    shot(staff, "facilitator-without-phone-1920")
    staff.set_viewport_size(LAPTOP)

    tablet = browser.new_context(viewport=TABLET, has_touch=True).new_page()
    tablet.goto(f"{server}/t")
    tablet.fill("#code", table_code)
    tablet.get_by_role("button", name="Continue").click()
    tablet.wait_for_selector("#connection.ok")
    assert tablet.locator("#question").inner_text() == "What would help you most?"
    tablet.wait_for_function("() => /\\d\\d:\\d\\d/.test(document.querySelector('#clock').textContent)")
    assert tablet.locator("#leave").count() == 0
    tablet.fill("#note-text", "Free fruit at the community centre")
    tablet.get_by_role("button", name="Add note").click()
    tablet.locator("#notes .note:not(.pending)", has_text="Free fruit").wait_for()
    staff.locator(f".table-box[data-table='{other}'] .note", has_text="Free fruit").wait_for()
    shot(tablet, "tablet-table-device")
    label_before = tablet.locator("#table-label").inner_text()

    # A rotation moves people, never the tablet.
    click_control(staff, "End round")
    click_control(staff, "Rotate people to round 2")
    click_control(staff, "Start round 2")
    tablet.wait_for_function("() => document.querySelector('#round-label').textContent.includes('2')")
    assert tablet.locator("#table-label").inner_text() == label_before
    tablet.wait_for_function("() => !document.querySelector('#notes').textContent.includes('Free fruit')")


def test_paper_dots_are_counted_into_the_priorities(server, browser):  # noqa: F811
    staff, code = open_cafe(browser, server, "Paper café", "What would make this place better?",
                            rounds=1, tables=2)
    projector = staff.context.new_page()
    projector.goto(staff.url + "/projector")
    projector.wait_for_selector("#connection.ok")
    phones = [join_as(browser, server, code, f"P{i}") for i in range(len(NOTES))]
    click_control(staff, "Start round 1")
    for phone, notes in zip(phones, NOTES):
        for text in notes:
            phone.fill("#note-text", text)
            phone.get_by_role("button", name="Add note").click()
            phone.locator("#notes .note:not(.pending)", has_text=text).wait_for()
    click_control(staff, "End round")
    click_control(staff, "Harvest themes")
    staff.locator(".theme-card").first.wait_for()
    staff.fill("#dots", "2")
    click_control(staff, "Open voting")

    # The projector numbers the themes as the ballots do.
    projector.wait_for_function(
        "() => document.querySelector('#proj-harvest-title').textContent.includes('paper')")
    values = projector.locator("#proj-themes li").evaluate_all("items => items.map(i => i.value)")
    assert values == list(range(1, len(values) + 1)) and len(values) >= 2
    shot(projector, "projector-numbered-themes")

    staff.locator("#paper-form:not([hidden])").wait_for()
    last = staff.locator("#paper-grid tbody tr").last
    last_label = last.locator("th").inner_text().split(". ", 1)[1]
    # Too many dots for the paper voters: a clear error, nothing saved.
    staff.fill("#paper-voters", "3")
    last.locator("input.paper-count").first.fill("7")
    staff.get_by_role("button", name="Save the paper dots").click()
    staff.locator("#paper-status.error", has_text="3 paper voters had 6 dots").wait_for()
    shot(staff, "facilitator-paper-error")
    last.locator("input.paper-count").first.fill("6")
    staff.get_by_role("button", name="Save the paper dots").click()
    staff.locator("#paper-status", has_text="Paper dots saved: 6 dots from 3 people").wait_for()

    click_control(staff, "Close voting")
    first = staff.locator("#priority-list li").first
    first.wait_for()
    assert last_label in first.inner_text() and "6 on paper" in first.inner_text()
    projector.wait_for_function(
        "() => document.querySelector('#proj-harvest-title').textContent.includes('Community')")
    assert last_label in projector.locator("#proj-themes li").first.inner_text()
    shot(staff, "facilitator-paper-priorities")
