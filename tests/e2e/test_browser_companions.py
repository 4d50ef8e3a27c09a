"""People kept together, in real headless Chromium: a resident's phone shows "Join with me", a
second phone scans it (the QR code read with zbarimg from a screenshot) and joins; both sit at
the same table, through a rotation. The facilitator links and unlinks two others on the
dashboard.

Uses the server and browser of tests/test_browser.py (`python wsgi.py`, eventlet).
"""
from __future__ import annotations

import shutil
import subprocess
from urllib.parse import urlsplit

from browser_kit import assert_accessible
from helpers import unavailable
from test_browser import (  # noqa: F401
    LAPTOP,
    PHONE,
    browser,
    click_control,
    open_cafe,
    server,
    shot,
)
from test_browser_without_phones import join_as


def scan_element(locator, tmp_path) -> str:
    """What a phone's camera reads from the QR code on screen."""
    if not shutil.which("zbarimg"):
        unavailable("needs zbarimg (Debian's zbar-tools) to read the QR code on screen")
    png = tmp_path / "with-me.png"
    locator.screenshot(path=str(png))
    result = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                             str(png)], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_companion_scans_join_with_me_and_sits_at_the_same_table(server, browser, tmp_path):  # noqa: F811
    staff, code = open_cafe(browser, server, "Companions café", "What would help you most?",
                            rounds=2, tables=3)
    others = [join_as(browser, server, code, name) for name in ("Bea", "Cy", "Dee", "Eli")]
    ana = join_as(browser, server, code, "Ana")

    # Ana opens "Join with me": a QR code made on the server (no internet needed).
    ana.locator("#with-me summary").click()
    qr = ana.locator("#with-me-qr")
    ana.wait_for_function("() => document.getElementById('with-me-qr').naturalWidth > 0")
    qr.scroll_into_view_if_needed()
    shot(ana, "phone-join-with-me-360")
    assert_accessible(ana, "the phone with its Join with me code")
    link = scan_element(qr, tmp_path)
    assert urlsplit(link).path == f"/j/{code}" and "with=" in link
    seat = next(c["value"] for c in ana.context.cookies() if c["name"].startswith("cafe_seat_"))
    assert seat not in link

    # Lu's phone opens the scanned link: the normal join form, saying whom they join with.
    lu_context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    lu = lu_context.new_page()
    lu.goto(link)
    assert "You are joining with Ana" in lu.locator("#companion-banner").inner_text()
    shot(lu, "phone-companion-join-360")
    assert_accessible(lu, "the companion's join page")
    lu.fill("#name", "Lu")
    lu.get_by_role("button", name="Join the café").click()
    lu.wait_for_selector("#connection.ok")
    lu.locator("#table-label", has_text="Table").wait_for()
    assert lu.locator("#table-label").inner_text() == ana.locator("#table-label").inner_text()
    ana.locator("#with-me-party", has_text="You sit with Lu in every round.").wait_for()
    lu.locator("#with-me-party", has_text="You sit with Ana in every round.").wait_for()
    ana.locator("#with-me-party").scroll_into_view_if_needed()
    shot(ana, "phone-kept-together-360")

    # The dashboard shows them kept together, beside Ana's name and in the list.
    staff.locator("#parties li", has_text="Ana + Lu").wait_for()
    staff.locator(".table-box li", has_text="Ana").locator(".kept-badge", has_text="with Lu").wait_for()

    # The facilitator keeps Bea with Cy, then lets them part with one click.
    staff.select_option("#party-person", label="Bea")
    staff.select_option("#party-with", label="Cy")
    staff.get_by_role("button", name="Keep together").click()
    staff.locator("#party-status", has_text="Kept together").wait_for()
    staff.locator("#parties li", has_text="Bea + Cy").wait_for()
    bea_table = staff.locator(".table-box", has=staff.locator("li", has_text="Bea")).get_attribute("data-table")
    cy_table = staff.locator(".table-box", has=staff.locator("li", has_text="Cy")).get_attribute("data-table")
    assert bea_table == cy_table
    staff.locator("#parties").scroll_into_view_if_needed()
    shot(staff, "dashboard-kept-together-1280")
    staff.set_viewport_size({"width": 1920, "height": 1080})
    staff.locator("#parties").scroll_into_view_if_needed()
    shot(staff, "dashboard-kept-together-1920")
    assert_accessible(staff, "the dashboard with people kept together")
    staff.set_viewport_size(LAPTOP)
    staff.locator("#parties li", has_text="Bea + Cy").get_by_role("button").click()
    staff.locator("#party-status", has_text="Unlinked").wait_for()
    staff.locator("#parties li", has_text="Bea + Cy").wait_for(state="detached")
    shot(staff, "dashboard-unlinked-1280")

    # Through a rotation, Ana and Lu still sit together.
    click_control(staff, "Start round 1")
    click_control(staff, "End round")
    click_control(staff, "Rotate people to round 2")
    ana.locator("#move-text").wait_for()
    lu.locator("#move-text").wait_for()
    ana.wait_for_function("() => document.getElementById('move-text').textContent.length > 0")
    lu.wait_for_function("() => document.getElementById('move-text').textContent.length > 0")
    # the same words on both phones: the same table, and both go there (or both stay)
    assert ana.locator("#move-text").inner_text() == lu.locator("#move-text").inner_text()
    assert len(others) == 4
