"""A three-round café with a harvest between rounds, as a first-time facilitator runs it, in real
headless Chromium: every phone says the right thing to its person, the vote never misses notes
without the facilitator saying so, and axe-core finds nothing on any page in any phase.

Uses the server and browser of tests/test_browser.py (`python wsgi.py`, eventlet).
"""
from __future__ import annotations

from browser_kit import assert_accessible
from test_browser import (  # noqa: F401
    LAPTOP,
    PHONE,
    TOKEN,
    browser,
    click_control,
    open_cafe,
    server,
    shot,
)

NAMES = ["Ana", "Ben", "Cruz", "Dee", "Eli", "Fay"]


def join_as(browser, server, code, name, *, host=False):  # noqa: F811
    """A phone (360×740) that scans the QR code and joins under `name`."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(f"{server}/j/{code}")
    phone.fill("#name", name)
    if host:
        phone.get_by_label("I can host a table", exact=False).check()
    phone.get_by_role("button", name="Join the café").click()
    phone.wait_for_selector("#connection.ok")
    return phone, context


def table_of(phone) -> str:
    return phone.locator("#table-label").inner_text()


def banner(phone) -> str:
    phone.wait_for_selector("#move-banner:not([hidden])")
    return phone.locator("#move-text").inner_text()


def watch_announcements(phone) -> None:
    """Record every text the polite announcer is given, as a screen reader would hear it."""
    phone.evaluate("""() => {
      window.heard = [];
      new MutationObserver(() => {
        const text = document.getElementById('announcer').textContent;
        if (text) window.heard.push(text);
      }).observe(document.getElementById('announcer'), { childList: true, characterData: true, subtree: true });
    }""")


def main_buttons(staff) -> list[str]:
    """The dashboard's main (primary) buttons: one per phase."""
    return staff.locator("main .button.primary").all_inner_texts()


def live_regions_around(phone, selector) -> bool:
    """Whether `selector` sits inside a region a screen reader reads out on every change."""
    return phone.evaluate("""(sel) => Boolean(document.querySelector(sel).closest(
      '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]'))""", selector)


def test_every_screen_says_the_right_thing_through_a_three_round_cafe(server, browser):  # noqa: F811
    staff, code = open_cafe(browser, server, "Riverside café", "What would make Riverside better?",
                            rounds=3, tables=2)
    assert_accessible(staff, "dashboard, open")
    assert main_buttons(staff) == ["Start round 1"]

    first, _ = (browser.new_context(viewport=PHONE).new_page(), None)
    first.goto(f"{server}/join")
    assert_accessible(first, "join: type the code")
    first.goto(f"{server}/j/{code}")
    assert_accessible(first, "join: name and group")

    phones = {}
    for i, name in enumerate(NAMES):
        phones[name] = join_as(browser, server, code, name, host=(i == 0))[0]
    staff.wait_for_function("() => document.querySelector('#people-count').textContent === '6 people joined'")
    # Ana hosts her table.
    ana_table = table_of(phones["Ana"])
    staff.get_by_label(f"Host of {ana_table}").select_option(label="Ana (can host)")
    phones["Ana"].wait_for_selector("#host-note:not([hidden])")
    assert_accessible(phones["Ben"], "phone, lobby")
    assert_accessible(staff, "dashboard, lobby")

    # --- round 1 --------------------------------------------------------------------------
    click_control(staff, "Start round 1")
    for phone in phones.values():
        phone.wait_for_function("() => /^19:\\d\\d$/.test(document.querySelector('#clock').textContent)")
    # The clock and the tablecloth are out of live regions; one new note is said once.
    ben = phones["Ben"]
    assert not live_regions_around(ben, "#clock") and not live_regions_around(ben, "#phase-text")
    assert not live_regions_around(ben, "#notes")
    # The table is said once, when the banner takes focus; never old-then-new from a live region.
    assert not live_regions_around(ben, "#table-card") and not live_regions_around(ben, "#move-banner")
    mate = next(n for n in NAMES if n != "Ben" and table_of(phones[n]) == table_of(ben))
    watch_announcements(ben)
    phones[mate].fill("#note-text", "A bench by the river")
    phones[mate].get_by_role("button", name="Add note").click()
    ben.locator("#notes .note", has_text="A bench by the river").wait_for()
    ben.wait_for_timeout(1500)                          # six clock ticks later, still said once
    assert ben.evaluate("window.heard") == ["New note: A bench by the river"]
    for name, phone in phones.items():
        phone.fill("#note-text", f"Round one: {name} wants safer crossings")
        phone.get_by_role("button", name="Add note").click()
        phone.locator("#notes .note:not(.pending)", has_text=f"{name} wants").wait_for()
    assert ben.locator("#note-status").inner_text() == "Saved"
    assert_accessible(ben, "phone, round 1")
    assert_accessible(staff, "dashboard, round 1")
    assert main_buttons(staff) == ["End round"]
    click_control(staff, "End round")
    staff.wait_for_selector("#plan:not([hidden])")
    ben.wait_for_function("() => document.querySelector('#phase-text').textContent.includes('over')")
    assert_accessible(ben, "phone, round over")

    # An interim harvest between rounds, then the rotation.
    click_control(staff, "Harvest themes")
    staff.locator(".theme-card").first.wait_for()
    assert_accessible(staff, "dashboard, review with themes")
    assert main_buttons(staff) == ["Rotate people to round 2"]
    # A long theme label wraps inside its card; the merge select stays inside it too.
    staff.locator(".theme-card .theme-label").first.fill("Safer crossings by the school, the library and the market square")
    staff.locator(".theme-card .theme-label").first.press("Enter")
    ben.get_by_text("Safer crossings by the school, the library and the market square").wait_for()
    fits = staff.evaluate("""() => [...document.querySelectorAll('.theme-card')].every(card => {
      const box = card.getBoundingClientRect();
      const label = card.querySelector('.theme-label');
      return [...card.querySelectorAll('select, .theme-label, button')].every(
               e => e.getBoundingClientRect().right <= box.right + 0.5)
             && label.scrollHeight <= label.clientHeight + 1;
    })""")
    assert fits
    before = {name: table_of(phone) for name, phone in phones.items()}
    dee = phones["Dee"]
    dee.evaluate("window.scrollTo(0, document.body.scrollHeight)")   # reading the tablecloth
    click_control(staff, "Rotate people to round 2")
    after = {}
    for name, phone in phones.items():
        words = banner(phone)
        after[name] = table_of(phone)
        if name == "Ana":
            assert words.startswith(f"You host {ana_table}".replace("Table", "table"))
            assert "welcome" in phone.locator("#phase-text").inner_text()
            assert after[name] == before[name]
        elif after[name] == before[name]:
            assert words.startswith("Stay at table"), (name, words)
        else:
            assert words.startswith("Go to table"), (name, words)
            assert "move" in phone.locator("#phase-text").inner_text()
        assert phone.locator("#note-status").inner_text() == ""      # last round's "Saved" is gone
    movers = [n for n in NAMES if after[n] != before[n]]
    assert movers
    # The phone scrolled down to its notes brings the banner into view and gives it focus.
    dee.wait_for_function("() => document.activeElement && document.activeElement.id === 'move-banner'")
    assert dee.evaluate("document.getElementById('move-banner').getBoundingClientRect().top") >= 0
    # Someone moved back to last round's table by hand is told to stay, not to go.
    back = movers[0]
    staff.get_by_label(f"Move {back}").select_option(label=f"to {before[back]}")
    phones[back].wait_for_function("() => document.querySelector('#move-text').textContent.startsWith('Stay at table')")
    assert_accessible(phones[back], "phone, break (stay)")
    assert_accessible(phones[movers[-1]] if len(movers) > 1 else phones["Ana"], "phone, break")
    assert_accessible(staff, "dashboard, break")
    assert main_buttons(staff) == ["Start round 2"]
    shot(phones[movers[-1]] if len(movers) > 1 else phones["Ana"], "phone-move")

    # --- round 2: the harvest folds away below the live tables ------------------------------
    click_control(staff, "Start round 2")
    staff.wait_for_function("() => !document.getElementById('harvest-fold').open")
    positions = staff.evaluate("""() => [document.getElementById('tables').getBoundingClientRect().top,
                                         document.getElementById('harvest').getBoundingClientRect().top]""")
    assert positions[0] < positions[1]
    # Fay leaves: her phone says so at once, with no table and no running clock.
    fay = phones["Fay"]
    fay.once("dialog", lambda dialog: dialog.accept())
    fay.get_by_role("button", name="Leave the café").click()
    fay.get_by_role("heading", name="You have left the café").wait_for()
    assert fay.locator("#round-card").is_hidden() and fay.locator("#table-card").is_hidden()
    assert fay.locator("#note-form").is_hidden()
    assert_accessible(fay, "phone, left")
    phones["Ben"].fill("#note-text", "Round two: a youth club")
    phones["Ben"].get_by_role("button", name="Add note").click()
    phones["Ben"].locator("#notes .note:not(.pending)", has_text="youth club").wait_for()
    assert_accessible(staff, "dashboard, round 2 with folded harvest")
    click_control(staff, "End round")
    staff.wait_for_selector("#plan:not([hidden])")
    click_control(staff, "Rotate people to round 3")
    assert fay.locator("#move-banner").is_hidden()            # told to go nowhere
    assert fay.get_by_role("heading", name="You have left the café").is_visible()

    # --- round 3, the last: an offline phone keeps a note in its outbox ---------------------
    click_control(staff, "Start round 3")
    cruz = phones["Cruz"]
    cruz.wait_for_function("() => /^19:\\d\\d$/.test(document.querySelector('#clock').textContent)")
    cruz.fill("#note-text", "Round three: a weekly market")
    cruz.get_by_role("button", name="Add note").click()
    cruz.locator("#notes .note:not(.pending)", has_text="weekly market").wait_for()
    cruz.context.set_offline(True)
    cruz.wait_for_selector("#connection.bad")
    cruz.fill("#note-text", "Typed in the corridor after the bell")
    cruz.get_by_role("button", name="Add note").click()
    cruz.locator("#notes .note.pending").wait_for()
    assert_accessible(cruz, "phone, a note waiting to be sent")     # the "Sending…" badge's contrast
    click_control(staff, "End round")

    # After the last round: the note box goes, and the dashboard's one main step is harvesting again.
    ben.wait_for_selector("#note-form", state="hidden")
    assert "over" in ben.locator("#note-closed").inner_text()
    assert_accessible(ben, "phone, rounds over")
    main = staff.locator("#harvest-controls .button.primary")
    main.wait_for()
    assert staff.locator("main .button.primary").count() == 1
    assert main.inner_text() == "Harvest again (2 new notes)"
    assert_accessible(staff, "dashboard, finished with a stale harvest")
    shot(staff, "facilitator-harvest")

    # Open voting asks before leaving those notes out; "no" changes nothing.
    asked = []
    staff.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    click_control(staff, "Open voting")
    staff.wait_for_function("() => document.querySelector('#harvest-status').textContent.startsWith('Themes')")
    assert asked and "notes are in no theme and would be left out of the vote" in asked[0]
    assert phones["Ana"].locator("#harvest-title").inner_text() != "Vote for the priorities"
    staff.once("dialog", lambda dialog: dialog.accept())
    click_control(staff, "Open voting")
    staff.wait_for_function("() => document.querySelector('#harvest-status').textContent.startsWith('Voting is open')")

    # The corridor note arrives after voting opened: refused, explained, its words kept.
    cruz.context.set_offline(False)
    cruz.wait_for_selector("#note-kept-box:not([hidden])")
    assert cruz.locator("#note-kept").input_value() == "Typed in the corridor after the bell"
    assert "Voting has opened" in cruz.locator("#note-kept-why").inner_text()
    assert cruz.locator("#notes .note.pending").count() == 0          # not retried
    assert_accessible(cruz, "phone, a note refused after voting opened")
    shot(cruz, "phone-note-refused")

    # Voting by keyboard: focus stays on the button pressed, even on the last dot; dots are read.
    ana = phones["Ana"]
    ana.get_by_role("heading", name="Vote for the priorities").wait_for()
    plus = ana.locator(".dot-button[data-focus$='+']").first
    plus.focus()
    for used in (1, 2, 3):
        ana.keyboard.press("Enter")
        ana.wait_for_function(f"() => document.getElementById('dots-left').textContent.startsWith('{3 - used} dot')")
        ana.wait_for_function("() => document.getElementById('vote-status').textContent === 'Your dots are saved.'")
        label = ana.evaluate("document.activeElement.getAttribute('aria-label')")
        assert label and label.startswith("Add a dot to:"), label
    assert ana.evaluate("document.activeElement.getAttribute('aria-disabled')") == "true"
    assert "Your dots here: 3" in ana.locator(".vote-theme").first.locator(".dot-count").inner_text()
    assert fay.locator("#harvest-card").is_hidden()                 # someone who left doesn't vote
    assert_accessible(ana, "phone, voting")
    assert_accessible(staff, "dashboard, voting")
    assert main_buttons(staff) == ["Close voting"]
    shot(ana, "phone-vote")

    click_control(staff, "Close voting")
    ana.get_by_role("heading", name="Community priorities").wait_for()
    link = ana.get_by_role("link", name="Keep the priorities: open the results page")
    link.wait_for()
    assert_accessible(ana, "phone, results")
    assert_accessible(staff, "dashboard, results")
    assert main_buttons(staff) == ["Downloads and action plan"]
    ana.goto(link.get_attribute("href"))
    ana.get_by_role("heading", level=1).wait_for()
    assert_accessible(ana, "results page")

    # Downloads: the action plan says it was saved.
    staff.locator("main").get_by_role("link", name="Downloads and action plan").click()
    assert_accessible(staff, "downloads")
    staff.locator("textarea").first.fill("Meet the council in March")
    staff.get_by_role("button", name="Save the action plan").click()
    staff.get_by_text("Action plan saved.").wait_for()
    assert_accessible(staff, "downloads, saved")


def test_the_dashboard_says_time_is_up_at_zero(server, browser):  # noqa: F811
    staff, code = open_cafe(browser, server, "Short café", "What now?", rounds=1, tables=1)
    click_control(staff, "Start round 1")
    staff.wait_for_function("() => document.querySelector('#phase-label').textContent === 'Conversation under way'")
    click_control(staff, "Pause")
    staff.wait_for_function("() => document.querySelector('#phase-label').textContent === 'Paused'")
    assert_accessible(staff, "dashboard, paused")
    assert main_buttons(staff) == ["Resume"]
    click_control(staff, "Resume")
    staff.wait_for_function("() => document.querySelector('#phase-label').textContent === 'Conversation under way'")
    # Take the time back through the facilitator's own socket, as "-20 min" would.
    staff.evaluate("""() => new Promise((done) => {
      const s = io({ auth: { cafe: Number(document.body.dataset.cafe), role: 'facilitator' } });
      s.emit('sync', {}, (ack) => s.emit('add_minutes', { version: ack.snapshot.cafe.version, minutes: -20 }, done));
    })""")
    staff.wait_for_function("() => document.querySelector('#clock').textContent === '00:00'")
    staff.wait_for_function("() => document.querySelector('#phase-label').textContent === 'Time is up'")
    assert_accessible(staff, "dashboard, time is up")


def test_the_facilitators_other_pages_have_no_accessibility_violations(server, browser):  # noqa: F811
    page = browser.new_context(viewport=LAPTOP).new_page()
    page.goto(f"{server}/facilitator/login")
    assert_accessible(page, "sign-in")
    page.goto(f"{server}/facilitator/?token={TOKEN}")
    assert_accessible(page, "café list")
    page.goto(f"{server}/facilitator/cafes/new")
    assert_accessible(page, "new café")
    page.fill("#title", "Draft café")
    page.fill("#questions", "What now?")
    page.get_by_role("button", name="Create café").click()
    page.wait_for_selector("#connection.ok")
    assert main_buttons(page) == ["Open café"]
    assert_accessible(page, "dashboard, not open yet")
    page.goto(f"{server}/no/such/page")
    assert_accessible(page, "not found")
