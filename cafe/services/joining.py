"""Joining and leaving: a newcomer is seated at once; someone who leaves is taken out of coming rounds."""
from __future__ import annotations

import secrets

from cafe.domain import rotation
from cafe.domain.errors import Invalid, Refused
from cafe.domain.phases import ROUND_UNDER_WAY
from cafe.domain.pseudonyms import pseudonym
from cafe.domain.validation import GROUP_MAX, NAME_MAX, clean_text
from cafe.extensions import db
from cafe.models import REVIEW, Cafe, Participant, Seat, utcnow
from cafe.services.cafes import find_joinable_cafe
from cafe.services.seating import (
    _active_people,
    _history,
    _plan_next_round,
    _planner_inputs,
    _seat,
    _write_seating,
    seating,
)
from cafe.services.transaction import locked_cafe


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
    with locked_cafe(cafe.id) as cafe:
        return seat_newcomer(cafe, name=name, group=group, can_host=can_host, language=language)


def seat_newcomer(cafe: Cafe, *, name, group, can_host, language="en",
                  has_phone=True) -> Participant:
    """Add the newcomer and seat them for the current round (and the planned one, in review).

    Someone the facilitator adds without a phone gets a seat token like anyone (the column is a
    credential), never handed out. The caller holds the café's lock (`locked_cafe`).
    """
    person = Participant(cafe_id=cafe.id, seat_token=secrets.token_urlsafe(32), name=name,
                         group=group, can_host=can_host, language=language, has_phone=has_phone)
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
    return person


def leave_cafe(person: Participant) -> Participant:
    """Take someone out of the coming rotations (their notes stay)."""
    if person.left_at is not None:
        return person
    with locked_cafe(person.cafe_id) as cafe:
        person.left_at = utcnow()
        for table in cafe.tables:
            if table.host_id == person.id:
                table.host_id = None
        # Seats already run stay (they record who met whom); seats not yet used go.
        first_unused = cafe.round_no + (1 if cafe.phase in ROUND_UNDER_WAY else 0)
        db.session.query(Seat).filter(Seat.participant_id == person.id,
                                      Seat.round_no >= first_unused).delete()
        if cafe.phase == REVIEW:
            db.session.flush()
            planned = seating(cafe.id, cafe.round_no + 1)
            _write_seating(cafe, cafe.round_no + 1, _plan_next_round(cafe, previous=planned))
    return person
