"""Joining and leaving: a newcomer is seated at once; someone who leaves is taken out of coming rounds."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from cafe.domain import rotation, tokens
from cafe.domain.errors import Invalid, Refused
from cafe.domain.limits import MAX_PARTICIPANTS, PEOPLE_PER_TABLE
from cafe.domain.phases import ROUND_UNDER_WAY
from cafe.domain.pseudonyms import pseudonym
from cafe.domain.validation import GROUP_MAX, NAME_MAX, clean_bool, clean_int, clean_text
from cafe.extensions import db
from cafe.models import REVIEW, Cafe, Participant, Seat, utcnow
from cafe.services import companions
from cafe.services.cafes import find_joinable_cafe
from cafe.services.seat_languages import clean_needed_language
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


def participant_cap(cafe: Cafe) -> int:
    """How many people may join this café (cafés made before the cap existed: the default)."""
    return cafe.max_participants or len(cafe.tables) * PEOPLE_PER_TABLE


def joining_view(cafe: Cafe) -> dict:
    """What the facilitator sees of joining: open or closed, the cap, how many, how fast."""
    since = utcnow() - timedelta(seconds=60)
    joined, last_minute = db.session.execute(
        select(func.count(Participant.id),
               func.count(Participant.id).filter(Participant.joined_at >= since))
        .where(Participant.cafe_id == cafe.id)).one()
    return {"open": cafe.joining_open, "max_participants": participant_cap(cafe),
            "joined": joined, "last_minute": last_minute}


def set_joining(cafe_id, is_open, max_participants=None) -> Cafe:
    """Close joining for a while or open it again, and/or change how many may join."""
    is_open = clean_bool(is_open, field="open")
    if max_participants is not None:
        max_participants = clean_int(max_participants, field="max_participants", low=1,
                                     high=MAX_PARTICIPANTS)
    with locked_cafe(cafe_id) as cafe:
        cafe.joining_open = is_open
        if max_participants is not None:
            cafe.max_participants = max_participants
    return cafe


def join_cafe(code, *, name, group, can_host, language, languages,
              needs_language=None, companion_of=None) -> Participant:
    """Seat a newcomer at the emptiest suitable table; their seat token is their credential.

    `needs_language`: the language they need spoken at their table (empty: any), one of the
    café's languages; they are seated only where it is spoken when a table speaks it.

    The token is returned once, as the new participant's `cookie_token` (for the phone's
    cookie); the database keeps only its hash. Refused('joining_closed') while the facilitator
    has closed joining, Refused('cafe_full') once the café's cap is reached. `companion_of`: the
    id of the person whose "Join with me" code they scanned (checked by the caller): the
    newcomer joins that person's party and their table (refusals: companions.companion_to_join).
    """
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
    needs_language = clean_needed_language(cafe, needs_language)
    with locked_cafe(cafe.id) as cafe:
        _check_room(cafe)
        party = None
        if companion_of is not None:
            party = companions.party_key(companions.companion_to_join(
                cafe, companion_of, needs_language=needs_language))
        return seat_newcomer(cafe, name=name, group=group, can_host=can_host, language=language,
                             needs_language=needs_language, companion_of=party)


def _check_room(cafe: Cafe) -> None:
    """A phone may join only while joining is open and the café is under its cap."""
    if not cafe.joining_open:
        raise Refused("joining_closed")
    joined = db.session.scalar(select(func.count(Participant.id))
                               .where(Participant.cafe_id == cafe.id))
    if joined >= participant_cap(cafe):
        raise Refused("cafe_full")


def seat_newcomer(cafe: Cafe, *, name, group, can_host, language="en",
                  has_phone=True, needs_language=None, companion_of=None) -> Participant:
    """Add the newcomer and seat them for the current round (and the planned one, in review).

    The database keeps only the seat token's hash; the token itself is handed to the phone once,
    as `cookie_token` (someone the facilitator adds without a phone never gets it). The caller
    holds the café's lock (`locked_cafe`).
    """
    cookie_token, token_hash = tokens.new_seat_token()
    person = Participant(cafe_id=cafe.id, seat_token=token_hash, name=name, group=group,
                         can_host=can_host, language=language, has_phone=has_phone,
                         needs_language=needs_language,
                         companion_of=companion_of)     # a companion sits at their party's table
    person.cookie_token = cookie_token      # not a column: handed to the phone once
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


def set_screen_language(person: Participant, language, languages) -> bool:
    """Switch the language this person's screens (and the café's texts on them) are in; True
    when it changed. `languages`: the app's LANGUAGES."""
    if language not in languages:
        raise Invalid("unknown_language", "language")
    if person.language == language:
        return False
    person.language = language
    db.session.commit()
    return True
