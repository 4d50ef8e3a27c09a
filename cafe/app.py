"""The app factory: `create_app` reads as a table of contents of what the app is made of."""
from __future__ import annotations

import os
import sqlite3

from flask import Flask, current_app, render_template, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from cafe.config import load_config
from cafe.database import MIGRATIONS, upgrade_database
from cafe.extensions import babel, db, migrate, socketio


def create_app(config: dict | None = None) -> Flask:
    """Build the app; `config` overrides settings read from the environment (tests use it)."""
    # instance/ holds the SQLite file, its backups and the secrets; CAFE_INSTANCE_PATH moves it.
    instance = (config or {}).get("INSTANCE_PATH") or os.environ.get("CAFE_INSTANCE_PATH")
    app = Flask(__name__, instance_relative_config=True, instance_path=instance,
                static_folder="../static", template_folder="../templates")
    app.config.update(load_config(app.instance_path, overrides=config or {}))
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    upgrade_database(app)
    return app


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """SQLite: WAL so readers never block the writer, and a busy timeout instead of instant errors."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def select_locale() -> str:
    """Phone pages speak the language the resident picked, else their browser's."""
    from cafe.web.pages.participant import LANG_COOKIE
    languages = list(current_app.config["LANGUAGES"])
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or "en"


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions to this app."""
    # Socket handlers must be declared before the first init_app: Flask-SocketIO keeps them
    # for every later app only if they were declared while no server was bound.
    from cafe.web import sockets  # noqa: F401  (declares the handlers)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    babel.init_app(app, locale_selector=select_locale)
    socketio.init_app(app, async_mode=app.config["ASYNC_MODE"],
                      message_queue=app.config["MESSAGE_QUEUE"],
                      channel=app.config.get("MESSAGE_QUEUE_CHANNEL", "cafe"),
                      ping_interval=10, ping_timeout=20)


def register_blueprints(app: Flask) -> None:
    """Pages (socket events are declared in register_extensions)."""
    from cafe.web.pages import downloads, facilitator, participant
    app.register_blueprint(facilitator.bp)
    app.register_blueprint(participant.bp)
    app.register_blueprint(downloads.bp)


def register_errorhandlers(app: Flask) -> None:
    """Friendly pages instead of stack traces."""
    def render_error(error):
        code = getattr(error, "code", 500) or 500
        if code == 500:
            db.session.rollback()
        return render_template("error.html", code=code), code
    for code in (400, 403, 404, 405, 413, 500):
        app.errorhandler(code)(render_error)

    @app.errorhandler(OperationalError)
    def database_busy(_error):
        # SQLite's write lock was held too long (say, hundreds of phones joining in the same
        # second): nothing was saved, so trying again a moment later is safe.
        db.session.rollback()
        return render_template("error.html", code=503), 503, {"Retry-After": "2"}


def register_template_helpers(app: Flask) -> None:
    """Values every template may use."""
    from cafe.domain.limits import for_clients
    from cafe.web.messages import js_catalogue
    limits = for_clients()

    @app.context_processor
    def inject():
        from flask_babel import get_locale
        return {"js_catalogue": js_catalogue, "current_locale": str(get_locale() or "en"),
                "languages": app.config["LANGUAGES"], "limits": limits}


def register_commands(app: Flask) -> None:
    """`flask --app cafe demo` and friends."""
    from cafe.cli import register
    register(app)
