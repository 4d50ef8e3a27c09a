"""Helpers for tests that drive the app: make a café, join it, connect sockets, read events."""
from __future__ import annotations

import contextlib
import os
import re
import uuid

import pytest

from cafe import services
from cafe.extensions import socketio

TOKEN = "test-facilitator-token-0123456789"


def make_cafe(facilitator, *, tables=3, rounds=3, minutes=20, questions="What matters most here?",
              groups="Resident\nCommunity organization\nHealth or social service staff\nOther / prefer not to say",
              title="Test café"):
    """Create a café through the form, as a facilitator would; returns its id."""
    # The languages the untouched form sends: English (typed) and Spanish ticked.
    form = {"title": title, "questions": questions, "num_rounds": str(rounds),
            "round_minutes": str(minutes), "num_tables": str(tables), "groups": groups,
            "typed_language": "en", "languages": ["en", "es"]}
    response = facilitator.post("/facilitator/cafes/new", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def join_code(app, cafe_id):
    """The café's short join code (shown on the projector)."""
    with app.app_context():
        return services.get_cafe(cafe_id).join_code


def join(app, code, *, name="", group="", can_host=False, language="en"):
    """Join from a fresh phone; returns that phone's HTTP client (holding the seat cookie)."""
    phone = app.test_client()
    data = {"name": name, "group": group, "language": language}
    if can_host:
        data["can_host"] = "yes"
    response = phone.post(f"/j/{code}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return phone


def connect(app, http_client, cafe_id, role):
    """A Socket.IO test client sharing the HTTP client's cookies (seat or facilitator session)."""
    return socketio.test_client(app, flask_test_client=http_client,
                                auth={"cafe": cafe_id, "role": role})


def events(sio, name):
    """Payloads of the events named `name` received since the last call."""
    return [msg["args"][0] for msg in sio.get_received() if msg["name"] == name]


class Cafe:
    """A running café for socket tests: a facilitator connection and helpers to act as one."""

    def __init__(self, app, facilitator, cafe_id):
        self.app, self.id = app, cafe_id
        self.staff = connect(app, facilitator, cafe_id, "facilitator")
        snap = self.staff.get_received()[0]["args"][0]
        self.version = snap["cafe"]["version"]
        self.code = snap["join_code"]

    def act(self, event, **data):
        """Send a facilitator transition with the version last seen; returns the ack."""
        ack = self.staff.emit(event, {"version": self.version, **data}, callback=True)
        if ack.get("ok") and "cafe" in ack:
            self.version = ack["cafe"]["version"]
        return ack

    def snapshot(self):
        ack = self.staff.emit("sync", {}, callback=True)
        self.version = ack["snapshot"]["cafe"]["version"]
        return ack["snapshot"]


# The PostgreSQL server tests may create databases on (trust auth on the dev machine and in CI).
POSTGRES = os.environ.get("CAFE_TEST_POSTGRES", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")


def unavailable(reason: str):
    """Skip a test whose service is missing, except in CI, where every test must run."""
    if os.environ.get("CI"):
        pytest.fail(f"CI needs this test to run: {reason}", pytrace=False)
    pytest.skip(reason)


@contextlib.contextmanager
def fresh_postgres(prefix: str = "cafe_test"):
    """Yield the URL of a new, empty PostgreSQL database, dropped afterwards."""
    psycopg2 = pytest.importorskip("psycopg2")
    from sqlalchemy.engine import make_url
    url = make_url(POSTGRES)
    try:
        admin = psycopg2.connect(host=url.host, port=url.port or 5432, user=url.username,
                                 password=url.password, dbname=url.database, connect_timeout=3)
    except psycopg2.OperationalError as exc:
        unavailable(f"PostgreSQL unreachable at {url.host}:{url.port or 5432} ({exc})".strip())
    admin.autocommit = True
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def form_token(client, path: str) -> str:
    """The CSRF token of the first form on the page at `path`, as a browser would send it."""
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, f"no CSRF token in the form at {path}"
    return match.group(1)
