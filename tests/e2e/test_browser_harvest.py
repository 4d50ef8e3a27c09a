"""The harvest in real headless Chromium: themes on the dashboard, dots on phones, priorities everywhere.

Uses the server and browser of tests/test_browser.py (`python wsgi.py`, eventlet, so clustering
runs in eventlet's thread pool as it does at a venue).
"""
from __future__ import annotations

from test_browser import browser, click_control, join_phone, open_cafe, server, shot  # noqa: F401

NOTES = [
    ["More buses in the evening", "More trees in the park", "Street lights on dark corners"],
    ["The bus stops need shelters", "A park with a playground", "Brighter street lights at night"],
    ["Buses should run on Sundays", "Clean up the park benches", "Fix the broken street lights"],
    ["Cheaper bus fares for students", "Plant trees along the park path", "Lights along the river path"],
]


def test_harvest_vote_and_priorities(server, browser):  # noqa: F811
    staff, code = open_cafe(browser, server, "Harvest café",
                            "What would make this neighbourhood better?", rounds=1, tables=2)
    projector = staff.context.new_page()
    projector.goto(staff.url + "/projector")
    projector.wait_for_selector("#connection.ok")

    phones = []
    for _ in NOTES:
        phones.append(join_phone(browser, server, code)[0])
    click_control(staff, "Start round 1")
    for phone, notes in zip(phones, NOTES):
        for text in notes:
            phone.fill("#note-text", text)
            phone.get_by_role("button", name="Add note").click()
            phone.locator("#notes .note:not(.pending)", has_text=text).wait_for()
    click_control(staff, "End round")

    click_control(staff, "Harvest themes")
    staff.locator(".theme-card").first.wait_for()
    labels = staff.locator(".theme-card .theme-head .theme-label")
    assert labels.count() >= 2
    bus_card = staff.locator(".theme-card", has=staff.locator(".representatives", has_text="bus")).first
    bus_card.locator(".theme-head .theme-label").fill("Better buses")
    bus_card.locator(".theme-head .theme-label").press("Enter")
    projector.locator(".proj-theme-label", has_text="Better buses").wait_for()
    projector.wait_for_selector("#proj-cloud:not([hidden])")
    # Phones see the themes so far, read-only, in the phone's words.
    phones[0].locator(".vote-label", has_text="Better buses").wait_for()
    assert phones[0].locator(".dot-button").count() == 0

    # Move a note out of its theme, split it into a theme of its own, then hide that theme.
    other = staff.locator(".theme-card", has_not=staff.locator(".representatives", has_text="bus")).first
    other.locator("summary").click()
    other.locator(".staff-notes select").first.select_option("")
    staff.wait_for_selector("#unassigned-box:not([hidden])")
    staff.locator("#unassigned-notes input[type=checkbox]").first.check()
    staff.fill("#split-label", "Odd one out")
    staff.get_by_role("button", name="Split the ticked notes into a new theme").click()
    staff.wait_for_function("() => [...document.querySelectorAll('.theme-head .theme-label')].some(i => i.value === 'Odd one out')")
    phones[0].locator(".vote-label", has_text="Odd one out").wait_for()
    odd = staff.locator(".theme-card").last
    odd.get_by_role("button", name="Hide").click()
    staff.wait_for_selector(".theme-card.hidden-theme")
    phones[0].wait_for_function("() => !document.querySelector('#harvest-themes').textContent.includes('Odd one out')")

    staff.fill("#dots", "2")
    click_control(staff, "Open voting")
    for phone in phones:
        phone.wait_for_function("() => document.querySelector('#dots-left').textContent.includes('2')")
        card = phone.locator(".vote-theme", has_text="Better buses")
        card.get_by_role("button", name="Add a dot to: Better buses").click()
        card.get_by_role("button", name="Add a dot to: Better buses").click()
        phone.wait_for_function("() => document.querySelector('#vote-status').textContent.includes('saved')")
        assert "0" in phone.locator("#dots-left").inner_text()
        assert card.get_by_role("button", name="Add a dot to: Better buses").is_disabled()
        box = card.get_by_role("button", name="Add a dot to: Better buses").bounding_box()
        assert box["width"] >= 48 and box["height"] >= 48
    shot(phones[0], "phone-vote")
    # Tallies stay off the projector until the facilitator shows them.
    assert "votes" not in projector.locator("#proj-themes").inner_text()
    staff.get_by_label("Show live tallies on the projector and phones").check()
    projector.locator(".proj-theme-votes", has_text="8 votes").wait_for()

    phones[0].reload()                                   # dots survive a reload, counted once
    phones[0].wait_for_selector("#connection.ok")
    phones[0].wait_for_function("() => document.querySelector('#dots-left').textContent.includes('0')")

    click_control(staff, "Close voting")
    for phone in phones:
        phone.wait_for_function("() => document.querySelector('#harvest-title').textContent.includes('Community')")
        first = phone.locator("#harvest-themes .vote-theme").first
        assert "Better buses" in first.inner_text() and "8" in first.inner_text()
    projector.wait_for_function("() => document.querySelector('#proj-harvest-title').textContent.includes('Community')")
    assert "Better buses" in projector.locator("#proj-themes li").first.inner_text()
    staff.locator("#priority-list li", has_text="Better buses").wait_for()
    shot(projector, "projector-priorities")
    shot(staff, "facilitator-harvest")
