"""Seating by the language each person needs at their table: the choice itself, hand moves that
would break it, and what the facilitator is told when the tables cannot seat everyone by language.

The planner (cafe/domain/rotation) keeps each person at tables that speak their language; it gets
the needs and the tables' languages from `seating._planner_inputs`. A table that lists no
language speaks any, so a need means something only in a café where some table lists languages.
"""
from __future__ import annotations

from cafe.domain import rotation
from cafe.domain.errors import Invalid, Refused
from cafe.domain.limits import ID_MAX
from cafe.domain.phases import BREAK, DRAFT, FINISHED, JOINABLE, LOBBY, REVIEW
from cafe.domain.validation import clean_int
from cafe.extensions import db
from cafe.models import Cafe, CafeTable, Participant
from cafe.services.cafes import get_cafe
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


def tables_speak_languages(cafe: Cafe) -> bool:
    """Whether some table of the café lists its languages: only then is a need worth asking."""
    return any(t.languages for t in cafe.tables)


def clean_needed_language(cafe: Cafe, value) -> str | None:
    """The language someone needs at their table: None (any) for empty, else one of the café's."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise Invalid("wrong_type", "needs_language")
    if value not in cafe.language_list:
        raise Invalid("unknown_language", "needs_language")
    return value


def _speaks(table: CafeTable, language: str | None) -> bool:
    spoken = frozenset(table.languages) if table.languages else None
    return rotation.speaks(rotation.Table(languages=spoken), language)


def check_table_speaks(cafe: Cafe, person: Participant, position: int, confirm=None) -> None:
    """Refused('wrong_language') when `person` would sit at a table that does not speak the
    language they need, unless the facilitator confirms (`confirm` is True)."""
    if confirm is not None and not isinstance(confirm, bool):
        raise Invalid("wrong_type", "confirm")
    table = cafe.tables[position]
    if confirm is not True and not _speaks(table, person.needs_language):
        raise Refused("wrong_language", person=person.name, language=person.needs_language,
                      table=table.name)


def set_needs_language(cafe_id, person_id, language) -> tuple[Cafe, bool]:
    """Set or clear the language someone needs at their table (the facilitator, for them).

    If the seats not yet used (the coming round in the lobby or a break, the planned one in
    review) put them where it is not spoken, they are seated again where it is: in review by
    re-planning the next round, everyone else keeping their seat where they can. Returns the
    café and whether any seat changed.
    """
    cafe = get_cafe(cafe_id)
    person_id = clean_int(person_id, field="person", low=1, high=ID_MAX)
    person = db.session.get(Participant, person_id)
    if person is None or person.cafe_id != cafe.id:
        raise Refused("not_found")
    language = clean_needed_language(cafe, language)
    if cafe.phase not in JOINABLE:
        raise Refused("wrong_phase")
    if person.left_at is not None:
        raise Refused("person_left")
    with locked_cafe(cafe.id) as cafe:
        person.needs_language = language
        db.session.flush()
        moved = _reseat_if_not_understood(cafe, person)
    return cafe, moved


def _reseat_if_not_understood(cafe: Cafe, person: Participant) -> bool:
    """Seat `person` where their language is spoken in the round not yet begun, if need be."""
    if cafe.phase in (LOBBY, BREAK):
        round_no = cafe.round_no
    elif cafe.phase == REVIEW:
        round_no = cafe.round_no + 1
    else:
        return False            # a round under way: the next plan seats them right
    seats = seating(cafe.id, round_no)
    position = seats.get(person.id)
    hosting = any(t.host_id == person.id for t in cafe.tables)
    if position is None or hosting or _speaks(cafe.tables[position], person.needs_language):
        return False            # a host keeps the table the facilitator gave them
    if cafe.phase == REVIEW:
        _write_seating(cafe, round_no, _plan_next_round(cafe, previous=seats))
        return True
    persons, tables = _planner_inputs(cafe, _active_people(cafe))
    me = next(p for p in persons if p.id == person.id)
    others = {pid: T for pid, T in seats.items() if pid != person.id}
    _seat(cafe, person.id, round_no, rotation.seat_late_arrival(
        me, persons, tables, others, _history(cafe, round_no - 1)))
    return True


def language_view(cafe: Cafe) -> dict:
    """What the dashboard shows of seating by language, in every phase.

    `offered`: some table lists languages; `languages`: the café's; `tables`: each table's languages (None: any);
    `affected`: people seated where their language is not spoken in the round about to be
    played (the planned one in review) with the table they get; `short`: languages more people
    need than the tables that speak them can seat in the rounds still to be planned (tables are
    kept about the same size), with the people who need them; `unspoken`: café languages that no
    table speaks.
    """
    view = {"offered": tables_speak_languages(cafe), "languages": cafe.language_list,
            "tables": [list(t.languages) if t.languages else None for t in cafe.tables],
            "affected": [], "short": [], "unspoken": []}
    if not view["offered"]:
        return view
    people = _active_people(cafe)
    persons, tables = _planner_inputs(cafe, people)
    view["unspoken"] = rotation.unspoken_languages(tables, cafe.language_list)
    if cafe.phase in (DRAFT, FINISHED) or not people:
        return view
    names = {p.id: p.name for p in people}
    needs = {p.id: p.needs_language for p in people}
    round_no = cafe.round_no + 1 if cafe.phase == REVIEW else cafe.round_no
    view["affected"] = [{"id": pid, "name": names[pid], "language": needs[pid], "table": T}
                        for pid, T in rotation.language_misfits(
                            persons, tables, seating(cafe.id, round_no))]
    if cafe.round_no < cafe.num_rounds:
        view["short"] = [
            {"language": lang, "count": count,
             "people": [{"id": pid, "name": names[pid]} for pid in names if needs[pid] == lang]}
            for lang, count in sorted(rotation.language_shortfalls(persons, tables).items())]
    return view

