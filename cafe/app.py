"""The app factory: `create_app` reads as a table of contents of what the app is made of."""
from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from flask import Flask, current_app, has_request_context, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError
from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from werkzeug.middleware.proxy_fix import ProxyFix

from cafe.config import load_config, private_file
from cafe.database import MIGRATIONS, upgrade_database
from cafe.domain.limits import MAX_MESSAGE_BYTES
from cafe.extensions import babel, csrf, db, limiter, migrate, socketio, talisman

# Every page's Content-Security-Policy: scripts, styles and pictures from this server only (no
# inline script), sockets to it, and no page of ours inside anyone's frame.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Powerful browser features no page of cafe uses.
PERMISSIONS_POLICY = {feature: "()" for feature in (
    "camera", "microphone", "geolocation", "payment", "usb", "browsing-topics",
    "interest-cohort")}


def create_app(config: dict | None = None) -> Flask:
    """Build the app; `config` overrides settings read from the environment (tests use it)."""
    # instance/ holds the SQLite file, its backups and the secrets; CAFE_INSTANCE_PATH moves it.
    instance = (config or {}).get("INSTANCE_PATH") or os.environ.get("CAFE_INSTANCE_PATH")
    app = Flask(__name__, instance_relative_config=True, instance_path=instance,
                static_folder="../static", template_folder="../templates")
    app.config.update(load_config(app.instance_path, overrides=config or {}))
    create_private_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    upgrade_database(app)
    return app


def create_private_sqlite_file(url: str) -> None:
    """Create a SQLite database file readable by its owner only (its -wal and -shm follow it)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database)
        path.parent.mkdir(parents=True, exist_ok=True)
        private_file(path)


class SessionCookies(SecureCookieSessionInterface):
    """The signed session cookie, marked Secure whenever the page was served over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


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
    """Phone pages speak the language the resident picked, else their browser's; the facilitator's
    own pages only a language whose catalogue translates them (locales.staff_languages)."""
    from cafe.web.locales import staff_request
    from cafe.web.pages.participant import LANG_COOKIE
    languages = list(current_app.config["LANGUAGES"])
    if staff_request():
        languages = current_app.extensions["cafe_staff_languages"]
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def register_extensions(app: Flask) -> None:
    """Bind the unbound extensions to this app."""
    # Socket handlers must be declared before the first init_app: Flask-SocketIO keeps them
    # for every later app only if they were declared while no server was bound.
    from cafe.web import sockets, throttle  # noqa: F401  (throttle: the cafe-memory:// storage)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS))
    babel.init_app(app, locale_selector=select_locale)
    # Which languages the facilitator's pages can be shown in reads every template and catalogue:
    # settled here, once, not in the first request (an async server would stall on it).
    # Babel's locale data for each language (plural rules, direction) is loaded here too.
    from cafe.web.locales import plural_samples, staff_languages, text_direction
    app.extensions["cafe_staff_languages"] = staff_languages(app, list(app.config["LANGUAGES"]))
    for lang in app.config["LANGUAGES"]:
        plural_samples(lang), text_direction(lang)
    socketio.init_app(app, async_mode=app.config["ASYNC_MODE"],
                      message_queue=app.config["MESSAGE_QUEUE"],
                      channel=app.config.get("MESSAGE_QUEUE_CHANNEL", "cafe"),
                      ping_interval=10, ping_timeout=20,
                      max_http_buffer_size=MAX_MESSAGE_BYTES)
    # force_https off: on a laptop the café runs over plain http on the venue's LAN.
    talisman.init_app(app, force_https=False, session_cookie_secure=False,
                      content_security_policy=CONTENT_SECURITY_POLICY,
                      frame_options="DENY", referrer_policy="no-referrer",
                      permissions_policy=PERMISSIONS_POLICY)
    app.session_interface = SessionCookies()
    csrf.init_app(app)
    limiter.init_app(app)
    throttle.init_app(app)
    if app.config["TRUSTED_PROXIES"]:
        # Outermost, so Socket.IO's handshake sees the client's address and scheme too.
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops,
                                x_port=hops)


def register_blueprints(app: Flask) -> None:
    """Pages (socket events are declared in register_extensions)."""
    from cafe.web.pages import downloads, facilitator, participant, texts
    app.register_blueprint(facilitator.bp)
    app.register_blueprint(texts.bp)
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

    @app.errorhandler(429)
    def too_many(_error):
        current = limiter.current_limit
        wait = max(1, current.reset_at - int(time.time())) if current else 10
        return render_template("error.html", code=429), 429, {"Retry-After": str(wait)}

    @app.errorhandler(CSRFError)
    def form_expired(_error):
        return render_template("error.html", code=400, csrf=True), 400

    @app.errorhandler(OperationalError)
    def database_busy(_error):
        # SQLite's write lock was held too long (say, hundreds of phones joining in the same
        # second): nothing was saved, so trying again a moment later is safe.
        db.session.rollback()
        return render_template("error.html", code=503), 503, {"Retry-After": "2"}


def register_template_helpers(app: Flask) -> None:
    """Values every template may use."""
    from cafe.domain.limits import for_clients
    from cafe.web.dashboard_messages import dashboard_catalogue
    from cafe.web.formats import local_date, local_datetime, local_number
    from cafe.domain.texts import pick
    from cafe.web.messages import group_label, group_text, js_catalogue
    from cafe.web.locales import text_direction
    limits = for_clients()
    app.add_template_filter(local_date)
    app.add_template_filter(local_datetime)
    app.add_template_filter(local_number)

    @app.context_processor
    def inject():
        from flask_babel import get_locale
        locale = str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"])
        return {"js_catalogue": js_catalogue, "group_label": group_label,
                "dashboard_catalogue": dashboard_catalogue,
                "group_text": group_text, "pick_text": pick,
                "current_locale": locale, "text_direction": text_direction(locale),
                "languages": app.config["LANGUAGES"], "limits": limits}


def register_commands(app: Flask) -> None:
    """`flask --app cafe demo` and friends."""
    from cafe.cli import register
    register(app)
