"""Updating cafe keeps every café: a database from before migrations upgrades with every row intact,
and the migrations build exactly the schema the models describe (on SQLite and PostgreSQL)."""
from __future__ import annotations

import datetime
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from helpers import TOKEN, fresh_postgres
from sqlalchemy import DateTime, MetaData, create_engine, insert, select, text

from cafe import create_app
from cafe.database import BASELINE, head_revision, run_migration
from cafe.extensions import db

ROOT = Path(__file__).resolve().parents[2]
V0 = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade_v0"
V0_ROWS = json.loads((V0 / "rows.json").read_text())


def _hashed(rows: dict) -> dict:
    """The fixture's rows as migration 0002 leaves them: seat and results tokens as SHA-256."""
    sha = lambda token: hashlib.sha256(token.encode()).hexdigest()  # noqa: E731
    after = json.loads(json.dumps(rows))
    for cafe in after["cafes"]:
        cafe["results_token"] = sha(cafe["results_token"])
    for person in after["participants"]:
        person["seat_token"] = sha(person["seat_token"])
    return after


# What the upgraded database holds: every row and value as before, the tokens only as hashes.
V0_UPGRADED = _hashed(V0_ROWS)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    """The URL of an empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cafe.sqlite3'}"
    else:
        with fresh_postgres("cafe_upgrade") as url:
            yield url


def settings(url: str, instance: Path) -> dict:
    """An app on `url`, its instance folder (for backups) under the test's own tmp_path."""
    return {"TESTING": True, "SECRET_KEY": "upgrade", "FACILITATOR_TOKEN": TOKEN,
            "SQLALCHEMY_DATABASE_URI": url, "ASYNC_MODE": "threading", "MESSAGE_QUEUE": None,
            "PUBLIC_URL": "http://cafe.test", "INSTANCE_PATH": str(instance)}


def make_app(url: str, instance: Path):
    """create_app with its instance folder in `instance`; upgrades the database as it starts."""
    return create_app(settings(url, instance))


def load_v0(url: str) -> None:
    """Build the database cafe made before migrations: its create_all DDL, then its rows."""
    engine = create_engine(url)
    dialect = engine.dialect.name
    with engine.begin() as connection:
        for statement in (V0 / f"schema.{dialect}.sql").read_text().split(";\n"):
            if statement.strip():
                connection.exec_driver_sql(statement)
        tables = MetaData()
        tables.reflect(connection)
        for name, rows in V0_ROWS.items():
            table = tables.tables[name]
            dates = [c.name for c in table.columns if isinstance(c.type, DateTime)]
            for row in rows:
                row = {**row, **{k: datetime.datetime.fromisoformat(row[k]) for k in dates if row[k]}}
                if name == "cafe_tables":
                    row["host_id"] = None          # set below, once the participants exist
                connection.execute(insert(table), row)
        for row in V0_ROWS["cafe_tables"]:
            connection.execute(tables.tables["cafe_tables"].update()
                               .where(tables.tables["cafe_tables"].c.id == row["id"])
                               .values(host_id=row["host_id"]))
        if dialect == "postgresql":               # rows came with their ids: move the counters on
            for name in V0_ROWS:
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {name}))")
    engine.dispose()


def read_back(url: str) -> dict:
    """Every row of the fixture's tables, as the database now holds them, in the fixture's form."""
    engine = create_engine(url)
    tables = MetaData()
    tables.reflect(engine)
    found = {}
    with engine.connect() as connection:
        for name, rows in V0_ROWS.items():
            table = tables.tables[name]
            columns = [table.c[column] for column in rows[0]]        # the columns the fixture has
            found[name] = [
                {k: v.isoformat() if isinstance(v, datetime.datetime) else v
                 for k, v in row._mapping.items()}
                for row in connection.execute(select(*columns).order_by(table.c.id))]
    engine.dispose()
    return found


def stamped(url: str) -> list[str]:
    """The migration ids recorded in the database."""
    engine = create_engine(url)
    with engine.connect() as connection:
        ids = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    engine.dispose()
    return ids


def test_migrations_build_exactly_the_schema_of_the_models(empty_database, tmp_path):
    """Fails when a model changes without a migration (or a migration without the model)."""
    app = make_app(empty_database, tmp_path / "instance")
    with app.app_context():
        existing = MetaData()
        existing.reflect(db.engine)              # as the database has them (named constraints)
        existing.drop_all(db.engine)
        run_migration(command.upgrade, "head")       # every migration, from nothing
        with db.engine.connect() as connection:
            drift = compare_metadata(
                MigrationContext.configure(connection, opts={"compare_type": True}), db.metadata)
        db.engine.dispose()
    assert drift == [], f"models and migrations disagree: run `flask --app cafe db migrate`: {drift}"


def test_migrations_go_down_and_up_again(empty_database, tmp_path):
    """Every migration can be undone, so an update that goes wrong can be rolled back."""
    app = make_app(empty_database, tmp_path / "instance")
    with app.app_context():
        run_migration(command.downgrade, "base")
        run_migration(command.upgrade, "head")
        db.engine.dispose()
    assert stamped(empty_database) == [head_revision()]


def test_going_back_to_the_first_schema_and_forward_again_keeps_every_note(empty_database, tmp_path):
    """On SQLite a migration rebuilds tables by copying them: no row may go with the old table."""
    load_v0(empty_database)
    app = make_app(empty_database, tmp_path / "instance")        # upgrades to the newest schema
    with app.app_context():
        run_migration(command.downgrade, BASELINE)
        assert stamped(empty_database) == [BASELINE]
        counts = {name: db.session.execute(text(f"SELECT count(*) FROM {name}")).scalar()
                  for name in V0_ROWS}
        db.session.remove()
        run_migration(command.upgrade, "head")
        db.engine.dispose()
    assert counts == {name: len(rows) for name, rows in V0_ROWS.items()}
    assert stamped(empty_database) == [head_revision()]


def test_a_database_from_before_migrations_upgrades_with_every_cafe_note_and_vote(
        empty_database, tmp_path, capsys):
    load_v0(empty_database)
    instance = tmp_path / "instance"
    app = make_app(empty_database, instance)
    assert stamped(empty_database) == [head_revision()]          # recognised and upgraded
    assert read_back(empty_database) == V0_UPGRADED              # every row, every value, intact

    backups = list((instance / "backups").glob("cafe-*.sqlite3"))
    if empty_database.startswith("sqlite"):
        assert len(backups) == 1 and oct(backups[0].stat().st_mode & 0o777) == "0o600"
        assert f"a copy of it as it was is in {backups[0]}" in capsys.readouterr().out
        assert read_back(f"sqlite:///{backups[0]}") == V0_ROWS   # the copy is the old database
    else:
        assert backups == []                   # PostgreSQL is backed up by its own tools

    # And the app serves that café as before: its downloads hold the notes, votes and plan.
    facilitator = app.test_client()
    facilitator.get(f"/facilitator/?token={TOKEN}")
    cafe_id = V0_ROWS["cafes"][0]["id"]
    data = json.loads(facilitator.get(f"/facilitator/cafes/{cafe_id}/downloads/cafe.json").data)
    visible = [n["text"] for n in V0_ROWS["notes"] if not n["hidden"]]
    assert sorted(n["text"] for n in data["notes"]) == sorted(visible)
    assert [a["next_steps"] for a in data["actions"]] == [a["next_steps"] for a in V0_ROWS["action_items"]]
    assert sum(v["count"] for v in V0_ROWS["votes"]) == 30
    results = facilitator.get(f"/r/{V0_ROWS['cafes'][0]['results_token']}").get_data(as_text=True)
    assert "Buses, renamed" in results                           # a link already shared works
    with app.app_context():                                      # and so do the phones' seats
        from cafe import services
        assert all(services.participant_by_token(p["seat_token"]).id == p["id"]
                   for p in V0_ROWS["participants"])
    with app.app_context():
        db.engine.dispose()


def test_restarting_on_an_up_to_date_database_changes_nothing(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cafe.sqlite3'}"
    instance = tmp_path / "instance"
    for _ in range(2):
        app = make_app(url, instance)
        with app.app_context():
            db.engine.dispose()
    assert not (instance / "backups").exists()                  # no backup without an upgrade
    assert "Upgrading" not in capsys.readouterr().out
    assert stamped(url) == [head_revision()]


@pytest.mark.e2e
def test_flask_db_upgrade_upgrades_a_database_from_before_migrations(tmp_path):
    """The server's command does what starting the app does: back up, recognise, upgrade."""
    database = tmp_path / "cafe.sqlite3"
    load_v0(f"sqlite:///{database}")
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{database}", CAFE_SECRET_KEY="x",
               CAFE_INSTANCE_PATH=str(tmp_path / "instance"),
               CAFE_FACILITATOR_TOKEN="y" * 20)
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "cafe", "db", "upgrade"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Upgrading the database; a copy of it as it was is in" in done.stdout
    assert stamped(f"sqlite:///{database}") == [head_revision()]
    assert read_back(f"sqlite:///{database}") == V0_UPGRADED
