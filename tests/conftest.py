"""Fixtures only, built on the app factory: an app on a fresh SQLite file, HTTP clients, a café.

Helpers live in helpers.py. Tests under tests/e2e are marked `e2e` here.
"""
from __future__ import annotations

import pytest

from helpers import TOKEN, Cafe, make_cafe

from cafe import create_app
from cafe.extensions import db
from cafe.services import exports



@pytest.fixture
def app(tmp_path):
    """A fresh app on its own SQLite database, in threading mode as the tests need."""
    exports.forget_made()       # pictures are cached per process: none from another test's café
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "FACILITATOR_TOKEN": TOKEN,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'cafe.sqlite3'}",
        "ASYNC_MODE": "threading",
        "MESSAGE_QUEUE": None,
        "PUBLIC_URL": "http://cafe.test",
        # Forms are posted without their CSRF token here; tests/web/test_security.py checks the
        # tokens with CSRF protection on, as it is everywhere else.
        "WTF_CSRF_ENABLED": False,
        "EMBED_NOTES": False,        # tests that want live embedding turn it on themselves
    })
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    """An HTTP client with no rights."""
    return app.test_client()


@pytest.fixture
def facilitator(app):
    """An HTTP client signed in with the facilitator link."""
    client = app.test_client()
    response = client.get(f"/facilitator/?token={TOKEN}")
    assert response.status_code == 302
    return client


@pytest.fixture
def cafe(app, facilitator):
    """An open three-table, three-round café with a facilitator connected."""
    cafe_id = make_cafe(facilitator)
    running = Cafe(app, facilitator, cafe_id)
    assert running.act("open_cafe")["ok"]
    return running


def pytest_collection_modifyitems(config, items):
    """Everything under tests/e2e is marked e2e (a browser, several processes, a subprocess or a long proof search)."""
    for item in items:
        if "e2e" in item.path.parts:
            item.add_marker(pytest.mark.e2e)
