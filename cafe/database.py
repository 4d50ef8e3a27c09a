"""The database's schema over time: create it, or upgrade it in place, keeping every café.

Starting the app (and `flask --app cafe db upgrade`) calls `upgrade_database`:
- an empty database gets today's tables and is stamped with the newest migration;
- a database at an older migration is upgraded; a SQLite file is first copied to
  `instance/backups/cafe-<timestamp>.sqlite3`;
- a database made before cafe had migrations (tables but no `alembic_version`) is recognised,
  stamped with the first migration (which is exactly the schema it has) and upgraded from there.
On PostgreSQL an advisory lock lets one process at a time do this, so several workers may start
together.
"""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import inspect, text

from cafe.extensions import db

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The first migration: the schema cafe had before it had migrations.
BASELINE = "0001"
# A table every cafe database has had since the first release.
LEGACY_MARKER = "cafes"
# Any fixed number: the advisory lock that lets one process at a time change the schema.
_SCHEMA_LOCK = 0x636166650001


def alembic_config() -> Config:
    """Alembic's settings for cafe's migrations folder."""
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest migration's id."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def upgrade_database(app: Flask) -> str | None:
    """Bring the app's database to the newest schema; returns the backup's path if one was made."""
    with app.app_context(), db.engine.connect() as lock_holder:
        postgres = db.engine.dialect.name == "postgresql"
        if postgres:
            # Held by this connection until it closes, while the work below uses others.
            lock_holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _SCHEMA_LOCK})
            lock_holder.commit()
        try:
            return _upgrade(app)
        finally:
            if postgres:
                lock_holder.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _SCHEMA_LOCK})
                lock_holder.commit()


def _upgrade(app: Flask) -> str | None:
    """The work of `upgrade_database`, done by one process at a time."""
    head = head_revision()
    with db.engine.connect() as connection:
        tables = set(inspect(connection).get_table_names()) - {"alembic_version"}
        current = MigrationContext.configure(connection).get_current_revision()
    if current == head:
        return None
    if not tables:
        # A new database: the models are the schema (a test checks they match the migrations).
        db.create_all()
        run_migration(command.stamp, head)
        return None
    if current is None and LEGACY_MARKER not in tables:
        raise RuntimeError(f"{db.engine.url.render_as_string()} holds tables that are not cafe's: "
                           "point DATABASE_URL at an empty database or at cafe's own.")
    backup = _backup_sqlite(app)
    if current is None:
        run_migration(command.stamp, BASELINE)
    run_migration(command.upgrade, head)
    return backup


def run_migration(alembic_command, revision: str) -> None:
    """Run `alembic_command` (upgrade, downgrade, stamp) to `revision`; needs an app context.

    On SQLite, foreign keys are off meanwhile: batch mode rebuilds a table by copy, drop and
    rename, and with them on, dropping the old table would delete every row pointing at it.
    """
    config = alembic_config()
    with db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")   # a no-op inside a transaction
            connection.commit()
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                alembic_command(config, revision)
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()


def _backup_sqlite(app: Flask) -> str | None:
    """Copy a SQLite database file to instance/backups before its schema changes; print where."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    source = Path(url.database)
    if not source.exists():
        return None
    backups = Path(app.instance_path) / "backups"
    backups.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    target = backups / f"cafe-{stamp}.sqlite3"
    # SQLite's backup API copies a consistent database even with a WAL file beside it.
    live, copy = sqlite3.connect(source), sqlite3.connect(target)
    try:
        live.backup(copy)
    finally:
        live.close()
        copy.close()
    target.chmod(0o600)
    print(f"  Upgrading the database; a copy of it as it was is in {target}", flush=True)
    return str(target)
