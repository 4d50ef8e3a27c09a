"""The café's use cases: the only code that combines the models with the domain.

Nothing here touches `request` or emits events; every function returns what happened and the
caller tells the clients. State changes are compare-and-set on `Cafe.version`, so two clicks on
the same button make one transition.
"""
from __future__ import annotations

import functools
import re
import secrets
import time
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError

from cafe.domain import rotation
from cafe.config import run_inline
from cafe.extensions import db
from cafe.models import (
    BREAK,
    DRAFT,
    FINISHED,
    LOBBY,
    PAUSED,
    REVIEW,
    RUNNING,
    Cafe,
    CafeTable,
    Note,
    Participant,
    Seat,
    utcnow,
)
from cafe.domain.pseudonyms import pseudonym
from cafe.domain.palette import BY_KEY, default_colour, text_colour
from cafe.domain.validation import (
    GROUP_MAX,
    NAME_MAX,
    QUESTION_MAX,
    TABLE_NAME_MAX,
    TITLE_MAX,
    Invalid,
    clean_client_id,
    clean_int,
    clean_note,
    clean_text,
)

DEFAULT_GROUPS = ("Resident", "Community organization", "Health or social service staff",
                  "Other / prefer not to say")
# Unambiguous letters and digits for the code people type (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_TABLES = 60
MAX_ROUNDS = 12
JOINABLE = (LOBBY, RUNNING, PAUSED, REVIEW, BREAK)
VISIBLE = JOINABLE + (FINISHED,)      # a seated participant may still open a finished café


class Refused(Exception):
    """A request that is well-formed but not allowed now; `code` says why."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def now() -> float:
    """Server time in seconds since the epoch: the one clock every screen follows."""
    return time.time()


# --- creating and finding cafés ---------------------------------------------------------------

@dataclass(frozen=True)
class TableSpec:
    """A table as the facilitator describes it."""
    name: str
    colour: str


def new_join_code() -> str:
    """An unguessable short code (31^8, about 10^12 possibilities) from `secrets`."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code) -> str:
    """Codes are typed on phones: ignore case, spaces and dashes."""
    if not isinstance(code, str):
        return ""
    return "".join(ch for ch in code.upper() if ch.isalnum())[:32]


def create_cafe(*, title, questions, tables: list[TableSpec], round_minutes, num_rounds,
                groups) -> Cafe:
    """Create a café in the draft phase from checked form values."""
    title = clean_text(title, field="title", max_len=TITLE_MAX)
    num_rounds = clean_int(num_rounds, field="rounds", low=1, high=MAX_ROUNDS)
    round_minutes = clean_int(round_minutes, field="round_minutes", low=1, high=180)
    questions = [clean_text(q, field="questions", max_len=QUESTION_MAX) for q in questions]
    if not questions:
        raise Invalid("empty", "questions")
    if len(questions) > num_rounds:
        raise Invalid("too_many", "questions", max=num_rounds)
    if not 1 <= len(tables) <= MAX_TABLES:
        raise Invalid("out_of_range", "tables", low=1, high=MAX_TABLES)
    groups = [clean_text(g, field="groups", max_len=GROUP_MAX) for g in groups]
    if len(set(groups)) != len(groups) or len(groups) > 12:
        raise Invalid("bad_groups", "groups")
    cafe = Cafe(title=title, questions=questions, num_rounds=num_rounds,
                round_seconds=round_minutes * 60, groups=groups, join_code=new_join_code(),
                phase=DRAFT, round_no=1, version=1)
    for position, spec in enumerate(tables):
        name = clean_text(spec.name, field="tables", max_len=TABLE_NAME_MAX, required=False)
        colour = spec.colour if spec.colour in BY_KEY else default_colour(position)
        cafe.tables.append(CafeTable(position=position, name=name or str(position + 1),
                                     colour=BY_KEY[colour][0], colour_name=colour))
    db.session.add(cafe)
    db.session.commit()
    return cafe


def list_cafes() -> list[Cafe]:
    """Every café, newest first, for the facilitator's home page."""
    return list(db.session.scalars(select(Cafe).order_by(Cafe.id.desc())))


def get_cafe(cafe_id) -> Cafe:
    """The café with this id, or Refused('not_found')."""
    cafe = db.session.get(Cafe, cafe_id) if isinstance(cafe_id, int) else None
    if cafe is None:
        raise Refused("not_found")
    return cafe


def find_cafe(code, phases: tuple[str, ...]) -> Cafe | None:
    """The café with this code if it is in one of `phases`; None alike for unknown codes and other phases."""
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    cafe = db.session.scalar(select(Cafe).where(Cafe.join_code == code))
    return cafe if cafe is not None and cafe.phase in phases else None


def find_joinable_cafe(code) -> Cafe | None:
    """The café people may join with this code; None alike for unknown, draft and finished ones."""
    return find_cafe(code, JOINABLE)


def participant_by_token(token) -> Participant | None:
    """The participant whose seat token this is (their only credential)."""
    if not isinstance(token, str) or not 20 <= len(token) <= 64:
        return None
    return db.session.scalar(select(Participant).where(Participant.seat_token == token))


# --- seating ------------------------------------------------------------------------------------

def seating(cafe_id: int, round_no: int) -> dict[int, int]:
    """Participant id -> table position for one round."""
    rows = db.session.execute(
        select(Seat.participant_id, CafeTable.position)
        .join(CafeTable, CafeTable.id == Seat.table_id)
        .where(Seat.cafe_id == cafe_id, Seat.round_no == round_no))
    return dict(rows.all())


def _history(cafe: Cafe, through_round: int) -> list[dict[int, int]]:
    """Seatings of rounds 1..through_round, as the planner takes them."""
    return [seating(cafe.id, r) for r in range(1, through_round + 1)]


def _active_people(cafe: Cafe) -> list[Participant]:
    return list(db.session.scalars(
        select(Participant).where(Participant.cafe_id == cafe.id, Participant.left_at.is_(None))
        .order_by(Participant.id)))


def _planner_inputs(cafe: Cafe, people: list[Participant]):
    hosts = {t.host_id: t.position for t in cafe.tables if t.host_id is not None}
    persons = [rotation.Person(id=p.id, group=p.group, host_of=hosts.get(p.id)) for p in people]
    tables = [rotation.Table() for _ in cafe.tables]
    return persons, tables


def _write_seating(cafe: Cafe, round_no: int, plan: dict[int, int]) -> None:
    """Replace the seats of one round with `plan`."""
    db.session.query(Seat).filter(Seat.cafe_id == cafe.id, Seat.round_no == round_no).delete()
    table_ids = [t.id for t in cafe.tables]
    db.session.add_all(Seat(cafe_id=cafe.id, participant_id=pid, round_no=round_no,
                            table_id=table_ids[position]) for pid, position in plan.items())


def _seat(cafe: Cafe, participant_id: int, round_no: int, position: int) -> None:
    seat = db.session.scalar(select(Seat).where(Seat.participant_id == participant_id,
                                                Seat.round_no == round_no))
    table_id = cafe.tables[position].id
    if seat is None:
        db.session.add(Seat(cafe_id=cafe.id, participant_id=participant_id, round_no=round_no,
                            table_id=table_id))
    else:
        seat.table_id = table_id


def _plan_next_round(cafe: Cafe, previous: dict[int, int] | None = None) -> dict[int, int]:
    """The planner's seating for round_no + 1, given every round already run."""
    people = _active_people(cafe)
    persons, tables = _planner_inputs(cafe, people)
    history = _history(cafe, cafe.round_no)
    plan = rotation.plan_rounds(persons, tables, cafe.num_rounds, history=history,
                                previous=[previous] if previous else None, seed=cafe.id)
    return plan[0] if plan else {}


def planned_figures(cafe: Cafe) -> dict | None:
    """What the coming rotation achieves, shown before the facilitator confirms it."""
    if cafe.phase != REVIEW:
        return None
    people = _active_people(cafe)
    persons, tables = _planner_inputs(cafe, people)
    quality = rotation.assess_round(persons, tables, _history(cafe, cafe.round_no),
                                    seating(cafe.id, cafe.round_no + 1))
    return {"min_new": quality.min_new, "mean_new": round(quality.mean_new, 1),
            "bound": quality.bound, "repeated_pairs": quality.repeated_pairs,
            "groups_balanced": quality.groups_balanced,
            "table_sizes": list(quality.table_sizes)}


# --- joining and leaving ------------------------------------------------------------------------

def lock_cafe(cafe_id: int) -> None:
    """Take the café's write lock first, so concurrent joins and transitions serialise.

    On SQLite this starts the write transaction; on PostgreSQL it locks the café's row.
    """
    db.session.execute(update(Cafe).where(Cafe.id == cafe_id).values(version=Cafe.version))


def join_cafe(code, *, name, group, can_host, language, languages) -> Participant:
    """Seat a newcomer at the emptiest suitable table; their seat token is their credential."""
    cafe = find_joinable_cafe(code)
    if cafe is None:
        raise Refused("unknown_code")
    name = clean_text(name, field="name", max_len=NAME_MAX, required=False) or pseudonym()
    group = clean_text(group, field="group", max_len=GROUP_MAX, required=False) or None
    if group is not None and group not in cafe.groups:
        raise Invalid("unknown_group", "group")
    if not isinstance(can_host, bool):
        raise Invalid("wrong_type", "can_host")
    if language not in languages:
        raise Invalid("unknown_language", "language")
    lock_cafe(cafe.id)
    db.session.refresh(cafe)
    person = Participant(cafe_id=cafe.id, seat_token=secrets.token_urlsafe(32), name=name,
                         group=group, can_host=can_host, language=language)
    db.session.add(person)
    db.session.flush()
    people = _active_people(cafe)
    persons, tables = _planner_inputs(cafe, people)
    newcomer = next(p for p in persons if p.id == person.id)
    rounds_to_seat = [cafe.round_no] + ([cafe.round_no + 1] if cafe.phase == REVIEW else [])
    for round_no in rounds_to_seat:
        current = seating(cafe.id, round_no)
        history = _history(cafe, round_no - 1)
        position = rotation.seat_late_arrival(newcomer, persons, tables, current, history)
        _seat(cafe, person.id, round_no, position)
        db.session.flush()
    db.session.commit()
    return person


def leave_cafe(person: Participant) -> Participant:
    """Take someone out of the coming rotations (their notes stay)."""
    if person.left_at is not None:
        return person
    cafe = db.session.get(Cafe, person.cafe_id)
    lock_cafe(cafe.id)
    person.left_at = utcnow()
    for table in cafe.tables:
        if table.host_id == person.id:
            table.host_id = None
    # Seats already run stay (they record who met whom); seats not yet used go.
    first_unused = cafe.round_no + (1 if cafe.phase in (RUNNING, PAUSED, REVIEW, FINISHED) else 0)
    db.session.query(Seat).filter(Seat.participant_id == person.id,
                                  Seat.round_no >= first_unused).delete()
    if cafe.phase == REVIEW:
        db.session.flush()
        planned = seating(cafe.id, cafe.round_no + 1)
        _write_seating(cafe, cafe.round_no + 1, _plan_next_round(cafe, previous=planned))
    db.session.commit()
    return person


# --- phase and clock transitions (compare-and-set) ---------------------------------------------

def transition(cafe_id, expected_version, allowed: tuple[str, ...], **values) -> Cafe:
    """Apply `values` only if the café is still at `expected_version` and in an allowed phase.

    Exactly one of two concurrent identical clicks succeeds; the other gets Refused('already_advanced').
    The update is the transaction's first statement, so it also takes the write lock.
    """
    cafe_id = clean_int(cafe_id, field="cafe", low=1, high=2**62)
    expected_version = clean_int(expected_version, field="version", low=0, high=2**62)
    result = db.session.execute(
        update(Cafe)
        .where(Cafe.id == cafe_id, Cafe.version == expected_version, Cafe.phase.in_(allowed))
        .values(version=Cafe.version + 1, **values))
    if result.rowcount != 1:
        db.session.rollback()
        if db.session.get(Cafe, cafe_id) is None:
            raise Refused("not_found")
        raise Refused("already_advanced")
    cafe = db.session.get(Cafe, cafe_id)
    db.session.refresh(cafe)
    return cafe


def open_cafe(cafe_id, version) -> Cafe:
    """Make the join code valid: people can now join and are seated for round 1."""
    cafe = transition(cafe_id, version, (DRAFT,), phase=LOBBY)
    db.session.commit()
    return cafe


def start_round(cafe_id, version) -> Cafe:
    """Start the clock of the round people are seated for."""
    t = now()
    cafe = transition(cafe_id, version, (LOBBY, BREAK), phase=RUNNING, remaining=None)
    cafe.ends_at = t + cafe.round_seconds
    db.session.commit()
    return cafe


def pause_round(cafe_id, version) -> Cafe:
    """Stop the clock, keeping the time left."""
    t = now()
    cafe = transition(cafe_id, version, (RUNNING,), phase=PAUSED)
    cafe.remaining, cafe.ends_at = max(0.0, cafe.ends_at - t), None
    db.session.commit()
    return cafe


def resume_round(cafe_id, version) -> Cafe:
    """Restart a paused clock from the time it had left."""
    t = now()
    cafe = transition(cafe_id, version, (PAUSED,), phase=RUNNING)
    cafe.ends_at, cafe.remaining = t + cafe.remaining, None
    db.session.commit()
    return cafe


def add_minutes(cafe_id, version, minutes) -> Cafe:
    """Give the round more time (or take some back, never below zero)."""
    minutes = clean_int(minutes, field="minutes", low=-30, high=60)
    t = now()
    cafe = transition(cafe_id, version, (RUNNING, PAUSED))
    if cafe.phase == RUNNING:
        cafe.ends_at = max(t, max(t, cafe.ends_at) + minutes * 60)
    else:
        cafe.remaining = max(0.0, cafe.remaining + minutes * 60)
    db.session.commit()
    return cafe


def end_round(cafe_id, version, *, run=run_inline) -> Cafe:
    """End the round now; plan the next seating (shown to the facilitator before it is confirmed).

    The planner runs through `run` (the web layer passes eventlet's thread pool) before the
    compare-and-set, with no transaction open, so the café keeps taking notes meanwhile. Anyone
    who joins or leaves while it plans is fitted in (or taken out) afterwards.
    """
    cafe = get_cafe(clean_int(cafe_id, field="cafe", low=1, high=2**62))
    planned: dict[int, int] = {}
    if cafe.round_no < cafe.num_rounds and cafe.phase in (RUNNING, PAUSED) \
            and cafe.version == version:
        persons, tables = _planner_inputs(cafe, _active_people(cafe))
        history = _history(cafe, cafe.round_no)
        db.session.commit()                   # end the read: hold nothing while the CPU works
        plan = run(rotation.plan_rounds, persons, tables, cafe.num_rounds, history=history,
                   seed=cafe.id)
        planned = plan[0] if plan else {}
    cafe = transition(cafe_id, version, (RUNNING, PAUSED), ends_at=None, remaining=None)
    if cafe.round_no >= cafe.num_rounds:
        cafe.phase = FINISHED
    else:
        cafe.phase = REVIEW
        _write_seating(cafe, cafe.round_no + 1, _fit_changes(cafe, planned))
    db.session.commit()
    return cafe


def _fit_changes(cafe: Cafe, planned: dict[int, int]) -> dict[int, int]:
    """`planned`, less people who left while it was made, plus those who joined meanwhile."""
    people = _active_people(cafe)
    persons, tables = _planner_inputs(cafe, people)
    active = {p.id for p in persons}
    seating_next = {pid: table for pid, table in planned.items() if pid in active}
    history = _history(cafe, cafe.round_no)
    for person in persons:
        if person.id not in seating_next:
            seating_next[person.id] = rotation.seat_late_arrival(
                person, persons, tables, seating_next, history)
    return seating_next


def rotate(cafe_id, version) -> Cafe:
    """Confirm the planned seating: everyone's phone now shows the table to go to."""
    cafe = transition(cafe_id, version, (REVIEW,), phase=BREAK, round_no=Cafe.round_no + 1)
    db.session.commit()
    return cafe


def move_person(cafe_id, person_id, position) -> Cafe:
    """Seat someone at another table by hand, before the round they are seated for starts."""
    cafe = get_cafe(cafe_id)
    position = clean_int(position, field="table", low=0, high=len(cafe.tables) - 1)
    person = _person_in(cafe, person_id)
    if cafe.phase not in (LOBBY, BREAK):
        raise Refused("wrong_phase")
    if person.left_at is not None:
        raise Refused("person_left")
    lock_cafe(cafe.id)
    for table in cafe.tables:
        if table.host_id == person.id and table.position != position:
            table.host_id = None      # a host moved elsewhere no longer hosts their old table
    _seat(cafe, person.id, cafe.round_no, position)
    db.session.commit()
    return cafe


def set_host(cafe_id, position, person_id) -> Cafe:
    """Make someone the host of a table (they stay there every round), or clear its host."""
    cafe = get_cafe(cafe_id)
    position = clean_int(position, field="table", low=0, high=len(cafe.tables) - 1)
    if cafe.phase not in (DRAFT, LOBBY, BREAK):
        raise Refused("wrong_phase")
    lock_cafe(cafe.id)
    table = cafe.tables[position]
    if person_id is None:
        table.host_id = None
    else:
        person = _person_in(cafe, person_id)
        if person.left_at is not None:
            raise Refused("person_left")
        for other in cafe.tables:
            if other.host_id == person.id:
                other.host_id = None
        table.host_id = person.id
        _seat(cafe, person.id, cafe.round_no, position)
    db.session.commit()
    return cafe


def _person_in(cafe: Cafe, person_id) -> Participant:
    person_id = clean_int(person_id, field="person", low=1, high=2**62)
    person = db.session.get(Participant, person_id)
    if person is None or person.cafe_id != cafe.id:
        raise Refused("not_found")
    return person


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
           mate.participant_id
    FROM cafes
    LEFT JOIN seats AS seat ON seat.participant_id = :person_id AND seat.round_no = :round_no
    LEFT JOIN cafe_tables ON cafe_tables.id = seat.table_id
    LEFT JOIN seats AS mate ON mate.table_id = seat.table_id AND mate.round_no = cafes.round_no
    WHERE cafes.id = :cafe_id"""
_INSERT_NOTE_SQL = """
    INSERT INTO notes (cafe_id, client_id, participant_id, table_id, round_no, text, hidden,
                       created_at)
    VALUES (:cafe_id, :client_id, :participant_id, :table_id, :round_no, :text, :hidden,
            :created_at)"""

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
        phase, current_round, num_rounds, table_id, position, _ = rows[0]
        round_no = clean_int(round_no, field="round", low=1, high=num_rounds)
        writable = phase != DRAFT and round_no <= current_round and table_id is not None
        note_id = None
        if writable:
            values = {"cafe_id": cafe_id, "client_id": client_id, "participant_id": person_id,
                      "table_id": table_id, "round_no": round_no, "text": text, "hidden": False,
                      "created_at": _created_at(dialect)}
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
                       refuse=None if writable else "wrong_round")
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


def hide_note(cafe_id, note_id, hidden) -> Note:
    """Moderation: hide a note from every screen, or show it again."""
    cafe = get_cafe(cafe_id)
    note_id = clean_int(note_id, field="note", low=1, high=2**62)
    if not isinstance(hidden, bool):
        raise Invalid("wrong_type", "hidden")
    note = db.session.get(Note, note_id)
    if note is None or note.cafe_id != cafe.id:
        raise Refused("not_found")
    note.hidden = hidden
    db.session.commit()
    return note


# --- what each screen shows -------------------------------------------------------------------

def cafe_state(cafe: Cafe, tables=None) -> dict:
    """The public state of a café: what every screen may see, with the server's clock.

    `tables` are its `_table_rows`, when the caller has already read them.
    """
    tables = _table_rows(cafe) if tables is None else tables
    return {
        "id": cafe.id, "title": cafe.title, "phase": cafe.phase, "version": cafe.version,
        "round": cafe.round_no, "rounds": cafe.num_rounds,
        "question": cafe.question_for(cafe.round_no),
        "round_seconds": cafe.round_seconds,
        "ends_at": cafe.ends_at, "remaining": cafe.remaining, "server_now": now(),
        "tables": [{"index": t.position, "name": t.name, "colour": t.colour,
                    "colour_key": t.colour_name, "text_colour": text_colour(t.colour_name)}
                   for t in tables],
        "hosts": [t.host_id for t in tables],
    }


def _table_rows(cafe: Cafe):
    """The café's tables as plain rows, in position order.

    Every snapshot and every note needs them; plain rows cost a tenth of loading 60 ORM objects.
    """
    return db.session.execute(
        select(CafeTable.id, CafeTable.position, CafeTable.name, CafeTable.colour,
               CafeTable.colour_name, CafeTable.host_id)
        .where(CafeTable.cafe_id == cafe.id).order_by(CafeTable.position)).all()


def note_view(note: Note | PostedNote, positions: dict[int, int], *, viewer_id: int | None = None,
              staff: bool = False) -> dict:
    """A note as a screen shows it: anonymous; the author's own phone also gets its client id."""
    view = {"id": note.id, "text": note.text, "round": note.round_no,
            "table": positions[note.table_id]}
    if viewer_id is not None and note.participant_id == viewer_id:
        view["client_id"] = note.client_id
        view["mine"] = True
    if staff:
        view["hidden"] = note.hidden
    return view


def table_positions(cafe: Cafe) -> dict[int, int]:
    """Table id -> the table's index on screens ("table N")."""
    return {t.id: t.position for t in _table_rows(cafe)}


def seated_at(table_id: int, round_no: int) -> list[int]:
    """Ids of the people seated at a table in a round: the phones that show its notes."""
    return list(db.session.scalars(select(Seat.participant_id).where(
        Seat.table_id == table_id, Seat.round_no == round_no)))


def person_view(person: Participant, seat: int | None) -> dict:
    """A participant as the facilitator sees them."""
    return {"id": person.id, "name": person.name, "group": person.group,
            "can_host": person.can_host, "table": seat, "left": person.left_at is not None}


def participant_snapshot(person: Participant) -> dict:
    """Everything one phone should show, so a (re)connect needs no earlier events."""
    cafe = db.session.get(Cafe, person.cafe_id)
    tables = _table_rows(cafe)
    table_id = db.session.scalar(select(Seat.table_id).where(Seat.participant_id == person.id,
                                                             Seat.round_no == cafe.round_no))
    table = next((t for t in tables if t.id == table_id), None)
    is_host = table is not None and table.host_id == person.id
    notes = []
    if table is not None:
        query = select(Note).where(Note.table_id == table.id, Note.hidden.is_(False))
        if not is_host:      # hosts also see earlier rounds' notes, to brief newcomers
            query = query.where(Note.round_no == cafe.round_no)
        positions = {t.id: t.position for t in tables}
        notes = [note_view(n, positions, viewer_id=person.id)
                 for n in db.session.scalars(query.order_by(Note.id))]
    return {
        "role": "participant",
        "cafe": cafe_state(cafe, tables),
        "me": {"id": person.id, "name": person.name, "group": person.group,
               "language": person.language, "is_host": is_host,
               "table": table.position if table else None, "left": person.left_at is not None},
        "notes": notes,
    }


def staff_snapshot(cafe: Cafe, *, join_url: str) -> dict:
    """Everything the facilitator's dashboard and the projector show."""
    seats = seating(cafe.id, cafe.round_no)
    people = list(db.session.scalars(select(Participant).where(Participant.cafe_id == cafe.id)
                                     .order_by(Participant.id)))
    tables = _table_rows(cafe)
    positions = {t.id: t.position for t in tables}
    notes = [note_view(n, positions, staff=True) for n in db.session.scalars(
        select(Note).where(Note.cafe_id == cafe.id).order_by(Note.id))]
    return {
        "role": "staff",
        "cafe": cafe_state(cafe, tables),
        "join_code": cafe.join_code,
        "join_url": join_url,
        "groups": cafe.groups,
        "people": [person_view(p, seats.get(p.id)) for p in people],
        "notes": notes,
        "plan": planned_figures(cafe),
        "next_seats": seating(cafe.id, cafe.round_no + 1) if cafe.phase == REVIEW else None,
    }


def note_counts(cafe: Cafe) -> dict[int, int]:
    """Visible notes per table position in the current round (the projector's live count)."""
    rows = db.session.execute(
        select(CafeTable.position, func.count(Note.id))
        .join(Note, Note.table_id == CafeTable.id)
        .where(Note.cafe_id == cafe.id, Note.round_no == cafe.round_no, Note.hidden.is_(False))
        .group_by(CafeTable.position))
    return dict(rows.all())
