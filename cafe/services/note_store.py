"""The note path in hand-written SQL: the busiest path of a café, fenced here (see the comment below)."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError

from cafe.domain.errors import Invalid, Refused
from cafe.domain.phases import record_open
from cafe.domain.validation import clean_client_id, clean_int, clean_note
from cafe.extensions import db
from cafe.models import DRAFT, SELF, Participant, utcnow

# --- notes --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PostedNote:
    """A note as stored, read before the commit so that using it costs no further query."""
    id: int
    cafe_id: int
    participant_id: int
    client_id: str
    text: str
    round_no: int
    table_id: int
    position: int            # the table's index on screens
    current_round: int       # the café's round when it was stored: who sits at the table now
    hidden: bool = False
    table_mates: tuple[int, ...] = ()   # ids of those seated at its table in current_round


@dataclass(frozen=True)
class Author:
    """All that storing a note needs to know of its author (a Participant will do as well)."""
    id: int
    cafe_id: int


# The note path in SQL, written once, run on a bare DB-API cursor. It is the busiest path of a
# café (every phone, all session long), and on it SQLAlchemy's statement machinery cost many
# times what the database does: 0.6 ms of a 1 ms event with 500 phones (docs/LOAD.md).
# Everything else goes through the ORM. Named parameters; psycopg2 spells them %(name)s.
_NOTE_CONTEXT_SQL = """
    SELECT cafes.phase, cafes.round_no, cafes.num_rounds, seat.table_id, cafe_tables.position,
           mate.participant_id, cafes.harvest_state
    FROM cafes
    LEFT JOIN seats AS seat ON seat.participant_id = :person_id AND seat.round_no = :round_no
    LEFT JOIN cafe_tables ON cafe_tables.id = seat.table_id
    LEFT JOIN seats AS mate ON mate.table_id = seat.table_id AND mate.round_no = cafes.round_no
    WHERE cafes.id = :cafe_id"""
_INSERT_NOTE_SQL = """
    INSERT INTO notes (cafe_id, client_id, participant_id, table_id, round_no, text, hidden,
                       created_at, typed_by)
    VALUES (:cafe_id, :client_id, :participant_id, :table_id, :round_no, :text, :hidden,
            :created_at, :typed_by)"""

_STORED_NOTE_SQL = """
    SELECT notes.id, notes.cafe_id, notes.participant_id, notes.text, notes.round_no,
           notes.table_id, notes.hidden, cafe_tables.position
    FROM notes JOIN cafe_tables ON cafe_tables.id = notes.table_id
    WHERE notes.cafe_id = :cafe_id AND notes.client_id = :client_id"""


@functools.cache
def _driver_sql(sql: str, paramstyle: str) -> str:
    """`sql` in the driver's parameter style (worked out once per statement, not per note)."""
    return re.sub(r":(\w+)", r"%(\1)s", sql) if paramstyle == "pyformat" else sql


def submit_note(person: Participant | Author, client_id, text, round_no) -> tuple[PostedNote, bool]:
    """Store a note once, at the table the server seated its author in for the round it was written in.

    Returns (note, created). A resend of the same client id returns the stored note unchanged.
    Two statements and a commit: one read of the café's round, the author's seat in the note's
    round and who sits at that table now (a row per tablemate); the insert, whose unique client
    id catches a resend (then a third read fetches the stored copy). They run on one pooled
    connection of their own, not the session's: the caller must not hold uncommitted writes (on
    SQLite they would lock this insert out).
    """
    client_id = clean_client_id(client_id)
    text = clean_note(text)
    clean_int(round_no, field="round", low=1, high=2**31)    # a number, before it goes to SQL
    person_id, cafe_id = person.id, person.cafe_id
    dialect = db.engine.dialect
    connection = db.engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(_driver_sql(_NOTE_CONTEXT_SQL, dialect.paramstyle),
                       {"cafe_id": cafe_id, "person_id": person_id, "round_no": round_no})
        rows = cursor.fetchall()
        if not rows:
            raise Refused("not_joined")
        phase, current_round, num_rounds, table_id, position, _, harvest_state = rows[0]
        round_no = clean_int(round_no, field="round", low=1, high=num_rounds)
        # The record closes when voting opens: a note then would be missing from every ballot.
        still_open = record_open(harvest_state)
        writable = (phase != DRAFT and round_no <= current_round and table_id is not None
                    and still_open)
        note_id = None
        if writable:
            values = {"cafe_id": cafe_id, "client_id": client_id, "participant_id": person_id,
                      "table_id": table_id, "round_no": round_no, "text": text, "hidden": False,
                      "created_at": _created_at(dialect), "typed_by": SELF}
            try:
                sql = _driver_sql(_INSERT_NOTE_SQL, dialect.paramstyle)
                note_id = _insert_returning_id(cursor, sql, values, dialect)
                connection.commit()
            except dialect.loaded_dbapi.IntegrityError:
                # A resend, or the same note raced in on another connection: that copy is stored.
                connection.rollback()
                note_id = None
        if note_id is None:     # on this same connection: a call never holds two from the pool
            cursor.execute(_driver_sql(_STORED_NOTE_SQL, dialect.paramstyle),
                           {"cafe_id": cafe_id, "client_id": client_id})
            stored = cursor.fetchone()
    except dialect.loaded_dbapi.OperationalError as exc:
        # Locked for longer than the busy wait, say: the phone is told to try again, as by the ORM.
        raise OperationalError(_NOTE_CONTEXT_SQL, None, exc) from exc
    finally:
        connection.close()
    if note_id is None:
        return _resent(stored, person_id, client_id, current_round,
                       refuse=None if writable else
                       "wrong_round" if still_open else "wrong_phase")
    mates = tuple(row[5] for row in rows if row[5] is not None)
    return PostedNote(note_id, cafe_id, person_id, client_id, text, round_no, table_id, position,
                      current_round, table_mates=mates), True


def _created_at(dialect):
    """Now, as the Note.created_at column stores it (SQLite keeps SQLAlchemy's text form)."""
    stamp = utcnow()
    return stamp.strftime("%Y-%m-%d %H:%M:%S.%f") if dialect.name == "sqlite" else stamp


def _insert_returning_id(cursor, sql: str, values: dict, dialect) -> int:
    if dialect.name == "sqlite":
        cursor.execute(sql, values)
        return cursor.lastrowid
    cursor.execute(sql + " RETURNING id", values)
    return cursor.fetchone()[0]


def _resent(stored, person_id: int, client_id: str, current_round: int,
            refuse: str | None = None) -> tuple[PostedNote, bool]:
    """The stored note with this client id (a resend gets the same answer), else Refused(refuse)."""
    if stored is None:
        raise Refused(refuse or "busy")
    note_id, cafe_id, author_id, text, round_no, table_id, hidden, position = stored
    if author_id != person_id:
        raise Invalid("bad_id", "id")      # someone else's id: never reveal or touch that note
    return PostedNote(note_id, cafe_id, person_id, client_id, text, round_no, table_id, position,
                      current_round, bool(hidden)), False
