"""Phase and clock transitions, compare-and-set on Cafe.version: two identical clicks make one transition."""
from __future__ import annotations

import time

from sqlalchemy import update

from cafe.config import run_inline
from cafe.domain import phases, rotation
from cafe.domain.errors import Refused
from cafe.domain.limits import ADD_MINUTES_HIGH, ADD_MINUTES_LOW, ID_MAX
from cafe.domain.phases import ALLOWED_FROM
from cafe.domain.validation import clean_int
from cafe.extensions import db
from cafe.models import (
    BREAK,
    FINISHED,
    LOBBY,
    PAUSED,
    REVIEW,
    RUNNING,
    Cafe,
    Participant,
)
from cafe.services.cafes import get_cafe
from cafe.services.companions import gather_parties, host_party, move_party
from cafe.services.seat_languages import check_table_speaks
from cafe.services.seating import (
    _active_people,
    _history,
    _planner_inputs,
    _seat,
    _write_seating,
)
from cafe.services.transaction import locked_cafe


def now() -> float:
    """Server time in seconds since the epoch: the one clock every screen follows."""
    return time.time()

# --- phase and clock transitions (compare-and-set) ---------------------------------------------

def transition(cafe_id, expected_version, allowed: tuple[str, ...], **values) -> Cafe:
    """Apply `values` only if the café is still at `expected_version` and in an allowed phase.

    Exactly one of two concurrent identical clicks succeeds; the other gets Refused('already_advanced').
    A step the café's phase does not allow (at the version the sender saw) is Refused('wrong_phase').
    The update is the transaction's first statement, so it also takes the write lock.
    """
    cafe_id = clean_int(cafe_id, field="cafe", low=1, high=ID_MAX)
    expected_version = clean_int(expected_version, field="version", low=0, high=ID_MAX)
    result = db.session.execute(
        update(Cafe)
        .where(Cafe.id == cafe_id, Cafe.version == expected_version, Cafe.phase.in_(allowed))
        .values(version=Cafe.version + 1, **values))
    if result.rowcount != 1:
        db.session.rollback()
        cafe = db.session.get(Cafe, cafe_id)
        if cafe is None:
            raise Refused("not_found")
        if cafe.version != expected_version:    # someone else's click got there first
            raise Refused("already_advanced")
        raise Refused("wrong_phase")
    cafe = db.session.get(Cafe, cafe_id)
    db.session.refresh(cafe)
    return cafe


def open_cafe(cafe_id, version) -> Cafe:
    """Make the join code valid: people can now join and are seated for round 1."""
    cafe = transition(cafe_id, version, ALLOWED_FROM["open_cafe"], phase=LOBBY)
    db.session.commit()
    return cafe


def start_round(cafe_id, version) -> Cafe:
    """Start the clock of the round people are seated for."""
    t = now()
    cafe = transition(cafe_id, version, ALLOWED_FROM["start_round"], phase=RUNNING, remaining=None)
    cafe.ends_at = phases.started(t, cafe.round_seconds)
    db.session.commit()
    return cafe


def pause_round(cafe_id, version) -> Cafe:
    """Stop the clock, keeping the time left."""
    t = now()
    cafe = transition(cafe_id, version, ALLOWED_FROM["pause_round"], phase=PAUSED)
    cafe.remaining, cafe.ends_at = phases.paused(cafe.ends_at, t), None
    db.session.commit()
    return cafe


def resume_round(cafe_id, version) -> Cafe:
    """Restart a paused clock from the time it had left."""
    t = now()
    cafe = transition(cafe_id, version, ALLOWED_FROM["resume_round"], phase=RUNNING)
    cafe.ends_at, cafe.remaining = phases.resumed(cafe.remaining, t), None
    db.session.commit()
    return cafe


def add_minutes(cafe_id, version, minutes) -> Cafe:
    """Give the round more time (or take some back, never below zero)."""
    minutes = clean_int(minutes, field="minutes", low=ADD_MINUTES_LOW, high=ADD_MINUTES_HIGH)
    t = now()
    cafe = transition(cafe_id, version, ALLOWED_FROM["add_minutes"])
    cafe.ends_at, cafe.remaining = phases.added_minutes(cafe.phase, cafe.ends_at, cafe.remaining,
                                                        minutes, t)
    db.session.commit()
    return cafe


def end_round(cafe_id, version, *, run=run_inline) -> Cafe:
    """End the round now; plan the next seating (shown to the facilitator before it is confirmed).

    The planner runs through `run` (the web layer passes eventlet's thread pool) before the
    compare-and-set, with no transaction open, so the café keeps taking notes meanwhile. Anyone
    who joins or leaves while it plans is fitted in (or taken out) afterwards.
    """
    cafe = get_cafe(clean_int(cafe_id, field="cafe", low=1, high=ID_MAX))
    planned: dict[int, int] = {}
    if cafe.round_no < cafe.num_rounds and phases.allowed("end_round", cafe.phase) \
            and cafe.version == version:
        persons, tables = _planner_inputs(cafe, _active_people(cafe))
        history = _history(cafe, cafe.round_no)
        db.session.commit()                   # end the read: hold nothing while the CPU works
        plan = run(rotation.plan_rounds, persons, tables, cafe.num_rounds, history=history,
                   seed=cafe.id)
        planned = plan[0] if plan else {}
    cafe = transition(cafe_id, version, ALLOWED_FROM["end_round"], ends_at=None, remaining=None)
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
    return gather_parties(persons, seating_next)


def rotate(cafe_id, version) -> Cafe:
    """Confirm the planned seating: everyone's phone now shows the table to go to."""
    cafe = transition(cafe_id, version, ALLOWED_FROM["rotate"], phase=BREAK,
                      round_no=Cafe.round_no + 1)
    db.session.commit()
    return cafe


def move_person(cafe_id, person_id, position, confirm=None) -> Cafe:
    """Seat someone at another table by hand, before the round they are seated for starts.

    Refused('wrong_language') at a table that does not speak the language they need, unless
    the facilitator confirms (`confirm` True). The people kept with them (services.companions)
    move with them.
    """
    cafe = get_cafe(cafe_id)
    position = clean_int(position, field="table", low=0, high=len(cafe.tables) - 1)
    person = _person_in(cafe, person_id)
    if not phases.allowed("move_person", cafe.phase):
        raise Refused("wrong_phase")
    if person.left_at is not None:
        raise Refused("person_left")
    check_table_speaks(cafe, person, position, confirm)
    with locked_cafe(cafe.id) as cafe:
        # a host moved elsewhere no longer hosts their old table
        move_party(cafe, person, position)
    return cafe


def set_host(cafe_id, position, person_id, confirm=None) -> Cafe:
    """Make someone the host of a table (they stay there every round), or clear its host.

    Refused('wrong_language') for someone who needs a language the table does not speak,
    unless the facilitator confirms (`confirm` True).
    """
    cafe = get_cafe(cafe_id)
    position = clean_int(position, field="table", low=0, high=len(cafe.tables) - 1)
    if not phases.allowed("set_host", cafe.phase):
        raise Refused("wrong_phase")
    with locked_cafe(cafe.id) as cafe:
        table = cafe.tables[position]
        if person_id is None:
            table.host_id = None
        else:
            person = _person_in(cafe, person_id)
            check_table_speaks(cafe, person, position, confirm)
            _make_host(cafe, table, person)
    return cafe


def _make_host(cafe: Cafe, table, person: Participant) -> None:
    """`person` hosts `table` (and no other), seated there for the coming round."""
    if person.left_at is not None:
        raise Refused("person_left")
    host_party(cafe, person, table.position)     # the people kept with them sit there too
    for other in cafe.tables:
        if other.host_id == person.id:
            other.host_id = None
    table.host_id = person.id
    _seat(cafe, person.id, cafe.round_no, table.position)


def _person_in(cafe: Cafe, person_id) -> Participant:
    person_id = clean_int(person_id, field="person", low=1, high=ID_MAX)
    person = db.session.get(Participant, person_id)
    if person is None or person.cafe_id != cafe.id:
        raise Refused("not_found")
    return person
