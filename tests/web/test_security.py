"""Attacks an outside test tried, each made again here as an attacker would (issue 16).

Rate limits, the join cap, code guessing, security headers, CSRF, Secure cookies, secrets at
rest, file permissions, and inputs that used to slip through. Each test says what the attacker
(or the resident) would notice.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import sqlite3
import stat
import time
import uuid
from pathlib import Path

import pytest
from helpers import TOKEN, Cafe, connect, events, form_token, join, make_cafe

from cafe import create_app, services
from cafe.domain.limits import PEOPLE_PER_TABLE
from cafe.extensions import db

ROOT = Path(__file__).resolve().parents[2]
PAYLOAD = "<img src=x onerror=alert(1)>"


class FakeClock:
    """The rate limits' clock, moved by hand so no test waits or depends on the machine's speed."""

    def __init__(self):
        self.now = time.time()

    def time(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    import importlib

    import limits.storage.memory

    import cafe.app as cafe_package
    fake = FakeClock()
    for module in (limits.storage.memory, cafe_package):
        monkeypatch.setattr(module, "time", fake, raising=False)
    try:
        monkeypatch.setattr(importlib.import_module("cafe.web.throttle"), "time", fake)
    except ImportError:         # (a version without socket limits: the tests show what it lets in)
        pass
    return fake


def phone(app, cafe, **kwargs):
    http = join(app, cafe.code, **kwargs)
    sio = connect(app, http, cafe.id, "participant")
    return sio, events(sio, "snapshot")[0]


def note(sio, text, cid, round_no=1):
    return sio.emit("submit_note", {"id": cid, "text": text, "round": round_no}, callback=True)


def stored_notes(app, cafe_id):
    with app.app_context():
        return services.staff_snapshot(services.get_cafe(cafe_id), join_url="")["notes"]


# --- 1. limits ----------------------------------------------------------------------------------

def sent_until_disconnected(send, most=1000):
    """Acks of `send(i)` until the server closes the connection (or `most` were sent)."""
    acks = []
    for i in range(most):
        try:
            acks.append(send(i))
        except RuntimeError:            # the test client: "not connected"
            break
    return acks


def test_a_phone_flooding_notes_is_told_to_wait_and_other_phones_are_not(app, cafe, clock):
    http = join(app, cafe.code)
    flooder = connect(app, http, cafe.id, "participant")
    other, _ = phone(app, cafe)
    cafe.act("start_round")
    acks = sent_until_disconnected(lambda i: note(flooder, f"spam {i}", f"flood-{i:04d}"))
    assert not flooder.is_connected() and len(acks) < 100    # it would not wait: cut off
    accepted = [a for a in acks if a["ok"]]
    limited = [a for a in acks if not a["ok"]]
    assert 5 <= len(accepted) <= 20                      # a short burst, then no more
    assert {a["error"] for a in limited} == {"rate_limited"}
    assert all(1 <= a["retry_after"] <= 60 for a in limited)
    assert "note" in limited[0]["message"].lower()
    assert len(stored_notes(app, cafe.id)) == len(accepted)
    assert note(other, "Benches at the bus stop", "other-0001")["ok"]     # unaffected
    # A phone that reconnects is still told to wait (the count is its seat's), and after the
    # wait it was given it is heard again: nothing it kept was lost, only delayed.
    assert not connect(app, http, cafe.id, "participant").is_connected()   # not straight back
    clock.now += 11
    again = connect(app, http, cafe.id, "participant")
    wait = note(again, "one more", "flood-9999")
    assert wait["error"] == "rate_limited"
    clock.now += wait["retry_after"]
    assert note(again, "one more", "flood-9999")["ok"]


def test_the_note_limit_is_per_seat_so_reconnecting_does_not_reset_it(app, cafe, clock):
    http = join(app, cafe.code)
    first = connect(app, http, cafe.id, "participant")
    cafe.act("start_round")
    acks = [note(first, f"n {i}", f"seat-{i:04d}") for i in range(30)]
    assert not acks[-1]["ok"]
    first.disconnect()
    second = connect(app, http, cafe.id, "participant")
    assert note(second, "one more", "seat-9999")["error"] == "rate_limited"
    clock.now += 61
    assert note(second, "one more", "seat-9999")["ok"]


def test_every_other_event_is_limited_per_connection(app, cafe, clock):
    noisy, _ = phone(app, cafe)
    quiet, _ = phone(app, cafe)
    acks = sent_until_disconnected(lambda i: noisy.emit("clock_sync", {"t": i}, callback=True))
    assert acks[0]["ok"] and acks[-1] == {**acks[-1], "ok": False, "error": "rate_limited"}
    assert acks[-1]["retry_after"] >= 1
    assert 120 <= len(acks) < 200 and not noisy.is_connected()
    assert quiet.emit("clock_sync", {"t": 1}, callback=True)["ok"]
    assert cafe.staff.emit("sync", {}, callback=True)["ok"]


def test_a_script_cannot_seat_hundreds_of_fake_participants(app, facilitator, clock):
    cafe = Cafe(app, facilitator, make_cafe(facilitator, tables=60))
    cafe.act("open_cafe")
    seated, refused = 0, []
    for i in range(400):                                 # no time passes: a script, not people
        response = app.test_client().post(f"/j/{cafe.code}", data={"name": f"bot{i}", "language": "en"})
        if response.status_code == 302:
            seated += 1
        else:
            refused.append(response)
    assert seated <= 60
    assert refused[0].status_code == 429 and int(refused[0].headers["Retry-After"]) >= 1
    assert "wait" in refused[0].get_data(as_text=True)
    assert len(cafe.snapshot()["people"]) == seated


def test_three_hundred_people_behind_one_nat_join_in_two_minutes(app, facilitator, clock):
    cafe = Cafe(app, facilitator, make_cafe(facilitator, tables=30))
    cafe.act("open_cafe")
    for i in range(300):
        clock.now += 0.4                                 # 300 people over 120 seconds
        response = app.test_client().post(f"/j/{cafe.code}", data={"name": f"P{i}", "language": "en"})
        assert response.status_code == 302, (i, response.status_code)
    assert len(cafe.snapshot()["people"]) == 300


def test_a_cafe_is_capped_and_the_facilitator_can_raise_the_cap(app, facilitator):
    cafe = Cafe(app, facilitator, make_cafe(facilitator, tables=1))
    cafe.act("open_cafe")
    joining = cafe.snapshot()["joining"]
    assert joining["max_participants"] == PEOPLE_PER_TABLE      # fits the tables
    for i in range(PEOPLE_PER_TABLE):
        join(app, cafe.code, name=f"P{i}")
    full = app.test_client().post(f"/j/{cafe.code}", data={"name": "Late", "language": "en"})
    assert full.status_code == 400 and "full" in full.get_data(as_text=True)
    ack = cafe.staff.emit("set_joining", {"open": True, "max_participants": 12}, callback=True)
    assert ack["ok"] and ack["joining"]["max_participants"] == 12
    join(app, cafe.code, name="Late")
    assert len(cafe.snapshot()["people"]) == PEOPLE_PER_TABLE + 1


def test_the_cap_can_be_set_when_the_cafe_is_created(app, facilitator):
    response = facilitator.post("/facilitator/cafes/new", data={
        "title": "Big", "questions": "Q?", "num_rounds": "2", "round_minutes": "10",
        "num_tables": "2", "groups": "", "max_participants": "250"})
    cafe = Cafe(app, facilitator, int(response.headers["Location"].rsplit("/", 1)[1]))
    assert cafe.snapshot()["joining"]["max_participants"] == 250


def test_the_facilitator_sees_the_join_rate_and_closes_joining_with_one_click(app, cafe):
    for i in range(3):
        join(app, cafe.code, name=f"P{i}")
    rates = events(cafe.staff, "joining_changed")
    assert rates[-1]["last_minute"] == 3 and rates[-1]["joined"] == 3 and rates[-1]["open"]
    closed = cafe.staff.emit("set_joining", {"open": False}, callback=True)
    assert closed["ok"] and closed["joining"]["open"] is False
    refused = app.test_client().post(f"/j/{cafe.code}", data={"name": "Bot", "language": "en"})
    assert refused.status_code == 400 and "closed joining" in refused.get_data(as_text=True)
    assert cafe.staff.emit("set_joining", {"open": True}, callback=True)["ok"]
    join(app, cafe.code, name="Welcome back")
    assert cafe.snapshot()["joining"]["joined"] == 4


def test_a_phone_cannot_close_joining(app, cafe):
    sio, _ = phone(app, cafe)
    assert sio.emit("set_joining", {"open": False}, callback=True)["error"] == "not_allowed"
    assert cafe.snapshot()["joining"]["open"] is True


def test_guessing_join_codes_is_throttled_with_one_answer_for_every_wrong_code(app, facilitator, clock):
    cafe = Cafe(app, facilitator, make_cafe(facilitator))
    cafe.act("open_cafe")
    draft = Cafe(app, facilitator, make_cafe(facilitator, title="Draft"))
    guesser = app.test_client()
    answers = {(r.status_code, re.search(r"<main.*</main>", r.get_data(as_text=True), re.DOTALL).group())
               for r in (guesser.get(f"/j/{code}")
                         for code in ("ZZZZZZZZ", "ABCDEFGH", draft.code, "short"))}
    assert len(answers) == 1                             # unknown, draft, malformed: the same answer
    statuses = [guesser.get(f"/j/{uuid.uuid4().hex[:8].upper()}").status_code for _ in range(100)]
    assert statuses[0] == 404 and statuses[-1] == 429
    assert 30 <= statuses.count(404) <= 70
    # Over the limit, the right code gets the same refusal: the throttle tells nothing.
    right = guesser.get(f"/j/{cafe.code}")
    assert right.status_code == 429 and int(right.headers["Retry-After"]) >= 1
    # A crowd scanning the QR code from one address is never slowed by it.
    crowd = app.test_client()
    crowd.environ_base["REMOTE_ADDR"] = "10.1.2.3"
    assert all(crowd.get(f"/j/{cafe.code}").status_code == 200 for _ in range(200))
    clock.now += 61
    assert guesser.get(f"/j/{cafe.code}").status_code == 200


def test_limits_are_shared_through_redis_when_there_is_a_message_queue(monkeypatch, tmp_path):
    redis = pytest.importorskip("redis")
    url = os.environ.get("CAFE_TEST_REDIS", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis")
    from cafe.config import load_config
    from cafe.web.throttle import SocketLimits
    monkeypatch.setenv("CAFE_MESSAGE_QUEUE", url)
    settings = load_config(str(tmp_path), {"SECRET_KEY": "s", "FACILITATOR_TOKEN": "t"})
    assert settings["RATELIMIT_STORAGE_URI"] == url
    prefix = f"test-{uuid.uuid4().hex}"         # Redis is shared: keep this test's counters apart
    one, two = (SocketLimits(url, prefix, "3 per minute", "3 per minute") for _ in range(2))
    assert [one.note(7), two.note(7), one.note(7)] == [None, None, None]
    assert two.note(7) is not None and one.note(7) is not None      # the second process knows


# --- 2. script in user text ---------------------------------------------------------------------

def test_a_group_name_is_shown_as_text_on_the_public_join_page(app, facilitator):
    cafe = Cafe(app, facilitator, make_cafe(facilitator, groups=f"Resident\n{PAYLOAD}"))
    cafe.act("open_cafe")
    page = app.test_client().get(f"/j/{cafe.code}").get_data(as_text=True)
    assert PAYLOAD not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    spanish = app.test_client()
    spanish.set_cookie("cafe_lang", "es")
    assert "Residente" in spanish.get(f"/j/{cafe.code}").get_data(as_text=True)   # still translated


# --- 3. web hardening ---------------------------------------------------------------------------

def test_every_response_carries_the_security_headers(app, facilitator, cafe):
    responses = [app.test_client().get(path) for path in
                 ("/join", f"/j/{cafe.code}", "/no-such-page", "/static/js/common.js",
                  "/facilitator/login")]
    responses += [facilitator.get(path) for path in
                  ("/facilitator/", f"/facilitator/cafes/{cafe.id}",
                   f"/facilitator/cafes/{cafe.id}/qr.svg",
                   f"/facilitator/cafes/{cafe.id}/downloads/cafe.json")]
    for response in responses:
        csp = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, response.request.path
        assert "frame-ancestors 'none'" in csp
        assert "default-src 'self'" in csp and "object-src 'none'" in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert "camera=()" in response.headers["Permissions-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"


def test_no_template_has_inline_script_or_event_handlers():
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, (path, tag)
        assert not re.search(r"\son[a-z]+\s*=", text), path
        assert "style=" not in text, path


@pytest.fixture
def csrf_app(tmp_path):
    """An app with CSRF protection on, as everywhere but the other test files."""
    app = create_app({"TESTING": True, "SECRET_KEY": "csrf-secret", "FACILITATOR_TOKEN": TOKEN,
                      "FACILITATOR_PASSWORD": "correct horse",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'csrf.sqlite3'}",
                      "PUBLIC_URL": "http://cafe.test"})
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


NEW_CAFE = {"title": "Forged", "questions": "Q?", "num_rounds": "2", "round_minutes": "10",
            "num_tables": "2", "groups": ""}


def test_facilitator_forms_refuse_a_cross_site_post(csrf_app):
    browser = csrf_app.test_client()
    assert browser.get(f"/facilitator/?token={TOKEN}").status_code == 302
    token = form_token(browser, "/facilitator/cafes/new")
    created = browser.post("/facilitator/cafes/new", data={**NEW_CAFE, "csrf_token": token})
    cafe_id = int(created.headers["Location"].rsplit("/", 1)[1])
    evil = {"Origin": "https://evil.example", "Referer": "https://evil.example/"}
    # The signed-in browser carries its cookie, but a page elsewhere cannot know the token.
    forged = [
        browser.post("/facilitator/cafes/new", data=NEW_CAFE, headers=evil),
        browser.post(f"/facilitator/cafes/{cafe_id}/actions",
                     data={"priority_0": "P", "theme_0": "", "next_steps_0": "forged",
                           "partner_0": "", "due_0": ""}, headers=evil),
        browser.post(f"/facilitator/cafes/{cafe_id}/delete", data={"confirm": "Forged"},
                     headers=evil),
        browser.post("/facilitator/logout", headers=evil),
        csrf_app.test_client().post("/facilitator/login", data={"password": "correct horse"},
                                    headers=evil),
    ]
    assert [r.status_code for r in forged] == [400] * 5
    assert "expired" in forged[2].get_data(as_text=True)
    with csrf_app.app_context():
        assert [c.title for c in services.list_cafes()] == ["Forged"]      # not deleted, no second
    assert browser.get(f"/facilitator/cafes/{cafe_id}").status_code == 200  # still signed in
    downloads = browser.get(f"/facilitator/cafes/{cafe_id}/downloads").get_data(as_text=True)
    assert "forged" not in downloads


def test_facilitator_forms_work_with_their_token(csrf_app):
    browser = csrf_app.test_client()
    token = form_token(browser, "/facilitator/login")
    assert browser.post("/facilitator/login",
                        data={"password": "correct horse", "csrf_token": token}).status_code == 302
    token = form_token(browser, "/facilitator/cafes/new")
    created = browser.post("/facilitator/cafes/new", data={**NEW_CAFE, "csrf_token": token})
    cafe_id = int(created.headers["Location"].rsplit("/", 1)[1])
    page = f"/facilitator/cafes/{cafe_id}/downloads"
    forms = re.findall(r'<form method="post"[^>]*>\s*<input type="hidden" name="csrf_token"',
                       browser.get(page).get_data(as_text=True))
    assert len(forms) == 3          # sign out, action plan, delete: each carries its token
    token = form_token(browser, page)
    assert browser.post(f"/facilitator/cafes/{cafe_id}/delete",
                        data={"confirm": "Forged", "csrf_token": token}).status_code == 302
    assert browser.post("/facilitator/logout", data={"csrf_token": token}).status_code == 302
    assert browser.get("/facilitator/cafes/new").status_code == 403


def test_cookies_are_secure_behind_a_trusted_https_proxy(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "s", "FACILITATOR_TOKEN": TOKEN,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}",
                      "TRUSTED_PROXIES": 1, "WTF_CSRF_ENABLED": False})
    proxied = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    signed_in = app.test_client().get(f"/facilitator/?token={TOKEN}", headers=proxied)
    assert "Secure" in signed_in.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in signed_in.headers
    plain = app.test_client().get(f"/facilitator/?token={TOKEN}")
    assert "Secure" not in plain.headers["Set-Cookie"]          # a laptop on the LAN, over http
    staff = app.test_client()
    staff.get(f"/facilitator/?token={TOKEN}")
    cafe = Cafe(app, staff, make_cafe(staff))
    cafe.act("open_cafe")
    joined = app.test_client().post(f"/j/{cafe.code}", data={"language": "en"}, headers=proxied)
    seat = [c for c in joined.headers.getlist("Set-Cookie") if c.startswith("cafe_seat_")]
    assert seat and "Secure" in seat[0] and "HttpOnly" in seat[0]


def test_without_trusted_proxies_forwarded_headers_are_ignored(app, facilitator, clock):
    cafe = Cafe(app, facilitator, make_cafe(facilitator, tables=60))
    cafe.act("open_cafe")
    # An attacker cannot dodge the per-address join limit by inventing X-Forwarded-For.
    codes = [app.test_client().post(f"/j/{cafe.code}", data={"language": "en"},
                                    headers={"X-Forwarded-For": f"198.51.100.{i % 250}",
                                             "X-Forwarded-Proto": "https"}).status_code
             for i in range(100)]
    assert 429 in codes
    response = facilitator.get("/facilitator/", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" not in response.headers.get("Set-Cookie", "")


def test_seat_tokens_and_the_results_token_are_stored_only_as_hashes(app, facilitator, cafe, tmp_path):
    phone_http = join(app, cafe.code, name="Ana")
    seat_cookie = phone_http.get_cookie(f"cafe_seat_{cafe.id}").value
    page = facilitator.get(f"/facilitator/cafes/{cafe.id}/downloads").get_data(as_text=True)
    results_path = re.search(r'href="http://cafe\.test(/r/[^"]+)"', page).group(1)
    results_token = results_path.rsplit("/", 1)[1]
    dump = "\n".join(sqlite3.connect(tmp_path / "cafe.sqlite3").iterdump())
    assert seat_cookie not in dump and results_token not in dump
    assert hashlib.sha256(seat_cookie.encode()).hexdigest() in dump
    # The secrets still work as credentials.
    assert connect(app, phone_http, cafe.id, "participant").is_connected()
    assert app.test_client().get(results_path).status_code == 200
    # ...and a hash taken from the database opens nothing.
    seat_hash = hashlib.sha256(seat_cookie.encode()).hexdigest()
    thief = app.test_client()
    thief.set_cookie(f"cafe_seat_{cafe.id}", seat_hash)
    assert not connect(app, thief, cafe.id, "participant").is_connected()
    assert app.test_client().get(f"/r/{results_token[:-1]}x").status_code == 404


def test_the_database_and_instance_files_are_readable_by_their_owner_only(tmp_path, monkeypatch):
    from cafe.config import _instance_secret
    old_umask = os.umask(0o022)             # a usual umask would leave new files world-readable
    try:
        instance = tmp_path / "instance"
        _instance_secret(instance, "secret_key")
        app = create_app({"TESTING": True, "SECRET_KEY": "s", "FACILITATOR_TOKEN": TOKEN,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'cafe.sqlite3'}"})
        with app.app_context():
            services.create_cafe(title="T", questions=["Q?"], tables=[services.TableSpec("", "")],
                                 round_minutes=5, num_rounds=1, groups=[])
            files = sorted(instance.iterdir())
            assert {f.name for f in files} >= {"secret_key", "cafe.sqlite3", "cafe.sqlite3-wal"}
            for path in files:
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
            db.engine.dispose()
        assert stat.S_IMODE(instance.stat().st_mode) == 0o700
    finally:
        os.umask(old_umask)


# --- 4. inputs ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["\u200b", "\u200b\u200c\u200d\u2060\ufeff", " \u2063 \u3164 ",
                                  "\u2800\u180e"])
def test_a_note_of_invisible_characters_is_refused_as_empty(app, cafe, text):
    sio, _ = phone(app, cafe)
    cafe.act("start_round")
    ack = note(sio, text, "blank-0001")
    assert ack["ok"] is False and ack["error"] == "empty"
    assert stored_notes(app, cafe.id) == []


def test_a_note_with_a_lone_surrogate_gets_a_precise_error_and_no_traceback(app, cafe, caplog):
    sio, _ = phone(app, cafe)
    cafe.act("start_round")
    with caplog.at_level(logging.WARNING):
        ack = note(sio, "Bus stops \ud83d need shelters", "surrogate-01")
        vote = sio.emit("leave_cafe", {"why": "\udc00"}, callback=True)      # ignored field
    assert ack["ok"] is False and ack["error"] == "bad_encoding" and "retype" in ack["message"]
    assert vote["ok"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert stored_notes(app, cafe.id) == []
    assert note(sio, "Bus stops need shelters", "surrogate-02")["ok"]


def test_an_impossible_action_plan_date_is_refused_beside_its_field(app, facilitator, cafe):
    url = f"/facilitator/cafes/{cafe.id}/actions"
    row = {"priority_0": "Buses", "theme_0": "", "next_steps_0": "Ask the council",
           "partner_0": "Transit board", "due_0": "2027-13-45"}
    response = facilitator.post(url, data=row)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(r'id="due_0"[^>]*aria-invalid="true"[^>]*aria-describedby="due_0-error"', page)
    assert re.search(r'<p id="due_0-error" class="error field-error" role="alert">[^<]*YYYY-MM-DD', page)
    assert "Ask the council" in page                      # what was typed is kept
    for bad in ("2027-02-30", "2027-1-5", "tomorrow"):
        assert facilitator.post(url, data={**row, "due_0": bad}).status_code == 400
    saved = facilitator.get(f"/facilitator/cafes/{cafe.id}/downloads").get_data(as_text=True)
    assert "Ask the council" not in saved                 # nothing was saved
    assert facilitator.post(url, data={**row, "due_0": "2027-12-31"}).status_code == 302


@pytest.mark.parametrize("field,value,input_id", [
    ("title", "x" * 201, "title"), ("num_rounds", "0", "num_rounds"),
    ("num_rounds", "three", "num_rounds"), ("round_minutes", "999", "round_minutes"),
    ("num_tables", "61", "num_tables"), ("questions", "", "questions"),
    ("groups", "A\nA", "groups"), ("max_participants", "0", "max_participants"),
    ("table_name_0", "t" * 61, "table_names"),
])
def test_every_new_cafe_field_shows_its_error_beside_it(facilitator, field, value, input_id):
    form = {**NEW_CAFE, field: value}
    response = facilitator.post("/facilitator/cafes/new", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<p id="{input_id}-error" class="error field-error" role="alert">' in page


def test_an_unknown_event_is_answered(app, cafe):
    sio, _ = phone(app, cafe)
    assert sio.emit("drop_tables", {"x": 1}, callback=True)["error"] == "unknown_event"
    assert cafe.staff.emit("submit_notes", callback=True)["error"] == "unknown_event"


def test_sync_after_the_cafe_is_deleted_answers_not_found(app, facilitator, cafe):
    sio, _ = phone(app, cafe)
    assert facilitator.post(f"/facilitator/cafes/{cafe.id}/delete",
                            data={"confirm": "Test café"}).status_code == 302
    assert sio.emit("sync", {}, callback=True)["error"] == "not_found"
    assert cafe.staff.emit("sync", {}, callback=True)["error"] == "not_found"


def test_a_step_the_phase_does_not_allow_is_wrong_phase_not_already_advanced(app, cafe):
    assert cafe.act("pause_round")["error"] == "wrong_phase"          # nothing is running
    assert cafe.act("rotate")["error"] == "wrong_phase"
    stale = cafe.version
    assert cafe.act("start_round")["ok"]
    ack = cafe.staff.emit("start_round", {"version": stale}, callback=True)
    assert ack["error"] == "already_advanced"                          # someone else did it


def test_the_message_size_limit_is_set_and_documented():
    from cafe.domain.limits import MAX_MESSAGE_BYTES
    from cafe.extensions import socketio
    create_app({"TESTING": True, "SECRET_KEY": "s", "FACILITATOR_TOKEN": TOKEN,
                "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert socketio.server.eio.max_http_buffer_size == MAX_MESSAGE_BYTES
    protocol = (ROOT / "docs" / "PROTOCOL.md").read_text()
    assert f"{MAX_MESSAGE_BYTES // 1024} KB" in protocol and "closes the connection" in protocol
