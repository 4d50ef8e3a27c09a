"""The note path: SQLAlchemy Core statements compiled once, run on a bare DB-API cursor (see the comment below)."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, insert, select
from sqlalchemy.exc import OperationalError

from cafe.domain.errors import Invalid, Refused
from cafe.domain.validation import clean_client_id, clean_int, clean_note
from cafe.extensions import db
from cafe.models import DRAFT, Cafe, CafeTable, Note, Participant, Seat, utcnow

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


# The note path's two statements (and the read of a resent note), built once from the models
# with SQLAlchemy Core and compiled once per dialect, then run on a bare DB-API cursor. It is the
# busiest path of a café (every phone, all session long), and on it SQLAlchemy's execution
# machinery cost many times what the database does: 0.6 ms of a 1 ms event with 500 phones
# (docs/LOAD.md). Compiling once keeps the SQL tied to the Note model by construction while
# paying nothing per note. Everything else goes through the ORM.
_cafes, _tables, _notes = Cafe.__table__, CafeTable.__table__, Note.__table__
_seat, _mate = Seat.__table__.alias("seat"), Seat.__table__.alias("mate")

_NOTE_CONTEXT = (
    select(_cafes.c.phase, _cafes.c.round_no, _cafes.c.num_rounds, _seat.c.table_id,
           _tables.c.position, _mate.c.participant_id)
    .select_from(
        _cafes.outerjoin(_seat, and_(_seat.c.participant_id == bindparam("person_id"),
                                     _seat.c.round_no == bindparam("round_no")))
        .outerjoin(_tables, _tables.c.id == _seat.c.table_id)
        .outerjoin(_mate, and_(_mate.c.table_id == _seat.c.table_id,
                               _mate.c.round_no == _cafes.c.round_no)))
    .where(_cafes.c.id == bindparam("cafe_id")))
_INSERT_NOTE = insert(_notes).values(
    {name: bindparam(name) for name in ("cafe_id", "client_id", "participant_id", "table_id",
                                        "round_no", "text", "hidden", "created_at")})
_STORED_NOTE = (
    select(_notes.c.id, _notes.c.cafe_id, _notes.c.participant_id, _notes.c.text,
           _notes.c.round_no, _notes.c.table_id, _notes.c.hidden, _tables.c.position)
    .select_from(_notes.join(_tables, _tables.c.id == _notes.c.table_id))
    .where(and_(_notes.c.cafe_id == bindparam("cafe_id"),
                _notes.c.client_id == bindparam("client_id"))))

# The statements as text (named parameters), as tests/web/test_note_store.py reads them.
_NOTE_CONTEXT_SQL = str(_NOTE_CONTEXT)
_INSERT_NOTE_SQL = str(_INSERT_NOTE)
_STORED_NOTE_SQL = str(_STORED_NOTE)


@dataclass(frozen=True)
class _Compiled:
    """A statement in one dialect's SQL, and the order of its parameters if they are positional."""
    sql: str
    positions: tuple[str, ...] | None

    def params(self, values: dict):
        return values if self.positions is None else tuple(values[name] for name in self.positions)


@functools.cache
def _compiled(statement, dialect) -> _Compiled:
    """`statement` compiled for `dialect`, once per statement and dialect (not per note)."""
    if statement is _INSERT_NOTE and dialect.name != "sqlite":
        statement = _INSERT_NOTE.returning(_notes.c.id)
    compiled = statement.compile(dialect=dialect)
    return _Compiled(str(compiled), tuple(compiled.positiontup) if compiled.positional else None)


def _execute(cursor, statement, dialect, values: dict) -> None:
    compiled = _compiled(statement, dialect)
    cursor.execute(compiled.sql, compiled.params(values))


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
        _execute(cursor, _NOTE_CONTEXT, dialect,
                 {"cafe_id": cafe_id, "person_id": person_id, "round_no": round_no})
        rows = cursor.fetchall()
        if not rows:
            raise Refused("not_joined")
        phase, current_round, num_rounds, table_id, position, _ = rows[0]
        round_no = clean_int(round_no, field="round", low=1, high=num_rounds)
        writable = phase != DRAFT and round_no <= current_round and table_id is not None
        note_id = None
        if writable:
            values = {"cafe_id": cafe_id, "client_id": client_id, "participant_id": person_id,
                      "table_id": table_id, "round_no": round_no, "text": text, "hidden": False,
                      "created_at": _created_at(dialect)}
            try:
                note_id = _insert_returning_id(cursor, values, dialect)
                connection.commit()
            except dialect.loaded_dbapi.IntegrityError:
                # A resend, or the same note raced in on another connection: that copy is stored.
                connection.rollback()
                note_id = None
        if note_id is None:     # on this same connection: a call never holds two from the pool
            _execute(cursor, _STORED_NOTE, dialect, {"cafe_id": cafe_id, "client_id": client_id})
            stored = cursor.fetchone()
    except dialect.loaded_dbapi.OperationalError as exc:
        # Locked for longer than the busy wait, say: the phone is told to try again, as by the ORM.
        raise OperationalError(_NOTE_CONTEXT_SQL, None, exc) from exc
    finally:
        connection.close()
    if note_id is None:
        return _resent(stored, person_id, client_id, current_round,
                       refuse=None if writable else "wrong_round")
    mates = tuple(row[5] for row in rows if row[5] is not None)
    return PostedNote(note_id, cafe_id, person_id, client_id, text, round_no, table_id, position,
                      current_round, table_mates=mates), True


def _created_at(dialect):
    """Now, as the Note.created_at column stores it (SQLite keeps SQLAlchemy's text form)."""
    stamp = utcnow()
    return stamp.strftime("%Y-%m-%d %H:%M:%S.%f") if dialect.name == "sqlite" else stamp


def _insert_returning_id(cursor, values: dict, dialect) -> int:
    _execute(cursor, _INSERT_NOTE, dialect, values)
    return cursor.lastrowid if dialect.name == "sqlite" else cursor.fetchone()[0]


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
