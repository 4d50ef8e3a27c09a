"""The note path's hand-written SQL stays true to the Note model, and its fence holds.

A model change that the SQL forgets (a renamed column, a new required one, a dropped unique
constraint, a shorter text column) fails here rather than on the first phone of a café.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint

from cafe.domain import limits
from cafe.extensions import db
from cafe.models import Note
from cafe.services import note_store
from cafe.web.sockets.bare_handlers import LateRegistration, without_request_context

TABLES = db.metadata.tables


def _insert_columns() -> list[str]:
    match = re.search(r"INSERT INTO (\w+) \(([^)]*)\)\s*VALUES \(([^)]*)\)",
                      note_store._INSERT_NOTE_SQL)
    assert match, "the insert no longer has the shape this test reads"
    table, columns, values = match.groups()
    assert table == Note.__tablename__
    columns = [c.strip() for c in columns.split(",")]
    assert [v.strip() for v in values.split(",")] == [f":{c}" for c in columns]
    return columns


def test_the_insert_names_real_columns_and_every_required_one():
    columns = _insert_columns()
    model = Note.__table__.columns
    assert set(columns) <= set(model.keys())
    left_out = set(model.keys()) - set(columns)
    for name in left_out:
        column = model[name]
        # Left to the database: the key, and nullable columns with no default of their own.
        assert column.primary_key or (column.nullable and column.default is None), name


def test_the_inserted_values_fit_the_column_types():
    model = Note.__table__.columns
    for name in ("cafe_id", "participant_id", "table_id", "round_no", "id"):
        assert isinstance(model[name].type, Integer), name
    assert isinstance(model["client_id"].type, String)
    assert model["client_id"].type.length >= limits.CLIENT_ID_MAX
    assert isinstance(model["text"].type, Text)        # unbounded: any note up to NOTE_MAX fits
    assert model["hidden"].type.python_type is bool
    assert isinstance(model["created_at"].type, DateTime)


def test_a_resend_is_caught_by_the_unique_constraint_the_sql_relies_on():
    unique = {tuple(c.columns.keys()) for c in Note.__table__.constraints
              if isinstance(c, UniqueConstraint)}
    assert ("cafe_id", "client_id") in unique
    assert "notes.cafe_id = :cafe_id AND notes.client_id = :client_id" in note_store._STORED_NOTE_SQL


@pytest.mark.parametrize("sql", ["_NOTE_CONTEXT_SQL", "_STORED_NOTE_SQL"])
def test_every_column_read_exists(sql):
    text = getattr(note_store, sql)
    aliases = {alias: table for table, alias in re.findall(r"(\w+) AS (\w+)", text)}
    for name, column in re.findall(r"\b(\w+)\.(\w+)\b", text):
        table = aliases.get(name, name)
        assert table in TABLES, f"{sql}: no table {table}"
        assert column in TABLES[table].columns, f"{sql}: no column {table}.{column}"


def test_the_stored_note_is_read_in_the_order_the_code_unpacks_it():
    selected = re.search(r"SELECT(.*?)FROM", note_store._STORED_NOTE_SQL, re.S).group(1)
    names = [part.strip().split(".")[-1] for part in selected.split(",")]
    assert names == ["id", "cafe_id", "participant_id", "text", "round_no", "table_id", "hidden",
                     "position"]


def test_a_bare_handler_declared_after_a_server_is_bound_fails_loudly(app):
    with pytest.raises(LateRegistration):
        @without_request_context("late_event")
        def on_late_event(sid, data=None):
            return {"ok": True}
