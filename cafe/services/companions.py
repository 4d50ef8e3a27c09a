"""People kept together: a resident and their interpreter or carer sit at the same table every round.

A party is everyone whose `Participant.companion_of` names the same person (the party's first
member), and that person. The key stays the first member's id after they leave, so the others
stay together; the planner gets each party as one keep-together unit (`seating._planner_inputs`).
A person joins a party from the "Join with me" QR code of a member (`companion_to_join`, then
`joining.join_cafe`), or the facilitator links two people on the dashboard (`link_people`).
"""
from __future__ import annotations

from collections import Counter

from sqlalchemy import or_, select

from cafe.domain import phases
from cafe.domain.errors import Invalid, Refused
from cafe.domain.limits import ID_MAX, MAX_PARTY
from cafe.domain.validation import clean_int
from cafe.extensions import db
from cafe.models import BREAK, LOBBY, REVIEW, Cafe, Participant
from cafe.services.cafes import get_cafe
from cafe.services.seating import _plan_next_round, _seat, _write_seating, seating
from cafe.services.transaction import locked_cafe


def party_key(person: Participant) -> int:
    """The id a person's party is known by: its first member's (their own when they are first)."""
    return person.companion_of or person.id


def party_members(cafe_id: int, key: int) -> list[Participant]:
    """The party's members still taking part, first member first."""
    return list(db.session.scalars(
        select(Participant).where(Participant.cafe_id == cafe_id, Participant.left_at.is_(None),
                                  or_(Participant.id == key, Participant.companion_of == key))
        .order_by(Participant.id)))


def party_of(person: Participant) -> list[Participant]:
    """Everyone still taking part who sits with `person` (themselves included)."""
    return party_members(person.cafe_id, party_key(person))


def companion_names(person: Participant) -> list[str]:
    """The names of the others in a person's party, for their phone ("You sit with ...")."""
    return [p.name for p in party_of(person) if p.id != person.id]


def companion_to_join(cafe: Cafe, person_id: int, needs_language: str | None = None) -> Participant:
    """The person a "Join with me" code joins a newcomer to, if they may be joined now.

    Refused('unknown_code') when they are not in this café, 'companion_left' when they left,
    'party_full' when their party already has MAX_PARTY people, 'no_shared_language' when no
    table speaks the newcomer's language and the party's.
    """
    person = db.session.get(Participant, person_id)
    if person is None or person.cafe_id != cafe.id:
        raise Refused("unknown_code")
    if person.left_at is not None:
        raise Refused("companion_left")
    members = party_of(person)
    if len(members) >= MAX_PARTY:
        raise Refused("party_full", max=MAX_PARTY)
    _shared_table(cafe, members, extra_needs={needs_language} - {None})
    return person


def _participant(cafe: Cafe, person_id, field: str) -> Participant:
    person_id = clean_int(person_id, field=field, low=1, high=ID_MAX)
    person = db.session.get(Participant, person_id)
    if person is None or person.cafe_id != cafe.id:
        raise Refused("not_found")
    return person


def _shared_table(cafe: Cafe, members: list[Participant], prefer=(), extra_needs=frozenset()) -> int:
    """The table a party can sit at: its host's, else the first of `prefer` that speaks every
    language its members need, else the first such table.

    Refused('hosts_apart') when two of them host different tables, Refused('no_shared_language')
    when no table (or not the host's) speaks every language they need.
    """
    ids = {m.id for m in members}
    hosted = {t.position for t in cafe.tables if t.host_id in ids}
    if len(hosted) > 1:
        raise Refused("hosts_apart")
    needs = {m.needs_language for m in members if m.needs_language} | set(extra_needs)
    suitable = [t.position for t in cafe.tables if not t.languages or needs <= set(t.languages)]
    if hosted:
        host_table = hosted.pop()
        if host_table not in suitable:
            raise Refused("no_shared_language")
        return host_table
    if not suitable:
        raise Refused("no_shared_language")
    return next((p for p in prefer if p in suitable), suitable[0])


def link_people(cafe_id, person_id, with_id) -> tuple[Cafe, list[int]]:
    """Keep two people (and their parties) together from now on: at once before a round starts,
    in the re-planned coming round during the review, from the next rotation while one runs.

    Returns the café and the ids of the party's members. Refused, changing nothing, for someone
    who left, a party over MAX_PARTY people, two hosts of different tables, or people whose
    languages no table shares.
    """
    cafe = get_cafe(cafe_id)
    first = _participant(cafe, person_id, "person")
    second = _participant(cafe, with_id, "with")
    if first.id == second.id:
        raise Invalid("same_person", "with")
    if cafe.phase == phases.DRAFT:
        raise Refused("wrong_phase")
    with locked_cafe(cafe.id) as cafe:
        db.session.refresh(first)
        db.session.refresh(second)
        if first.left_at is not None or second.left_at is not None:
            raise Refused("person_left")
        keys = sorted({party_key(first), party_key(second)})
        if len(keys) == 1:                  # already kept together
            return cafe, [m.id for m in party_members(cafe.id, keys[0])]
        members = sorted(party_members(cafe.id, keys[0]) + party_members(cafe.id, keys[1]),
                         key=lambda p: p.id)
        if len(members) > MAX_PARTY:
            raise Refused("party_too_big", max=MAX_PARTY)
        seats = seating(cafe.id, cafe.round_no)
        table = _shared_table(cafe, members, prefer=(seats.get(second.id), seats.get(first.id)))
        for member in members:              # one key: the lower one (it may be someone who left)
            member.companion_of = None if member.id == keys[0] else keys[0]
        _seat_together(cafe, members, table)
    return cafe, [m.id for m in members]


def _seat_together(cafe: Cafe, members: list[Participant], table: int) -> None:
    """Seat a new party together in the seating that is not yet under way, if any."""
    if cafe.phase in (LOBBY, BREAK):        # the coming round's seats are the current ones
        for member in members:
            _seat(cafe, member.id, cafe.round_no, table)
    elif cafe.phase == REVIEW:              # the planned round: plan it again, keeping the rest
        db.session.flush()
        planned = seating(cafe.id, cafe.round_no + 1)
        _write_seating(cafe, cafe.round_no + 1, _plan_next_round(cafe, previous=planned))
    # while a round runs, the next plan (end_round) keeps them together


def unlink_person(cafe_id, person_id) -> tuple[Cafe, list[int]]:
    """Let someone sit apart from their party from the next plan on (the others stay together).

    Returns the café and the ids of everyone who was in the party."""
    cafe = get_cafe(cafe_id)
    person = _participant(cafe, person_id, "person")
    with locked_cafe(cafe.id) as cafe:
        db.session.refresh(person)
        key = party_key(person)
        others = [m for m in party_members(cafe.id, key) if m.id != person.id]
        person.companion_of = None
        if len(others) == 1:
            others[0].companion_of = None
        elif others and person.id == key:   # the first member leaves the party: re-key it
            for member in others:
                member.companion_of = None if member is others[0] else others[0].id
    return cafe, [person.id] + [m.id for m in others]


def move_party(cafe: Cafe, person: Participant, position: int) -> list[Participant]:
    """Seat a person and their whole party at a table for the coming round (a hand move).

    The caller holds the café's lock; a host moved away from their table no longer hosts it.
    """
    members = party_of(person) if person.left_at is None else [person]
    ids = {m.id for m in members}
    for table in cafe.tables:
        if table.host_id in ids and table.position != position:
            table.host_id = None
    for member in members:
        _seat(cafe, member.id, cafe.round_no, position)
    return members


def host_party(cafe: Cafe, person: Participant, position: int) -> None:
    """Seat the rest of a new host's party at their table; Refused('hosts_apart') when one of
    them hosts another table. The caller holds the café's lock."""
    others = [m for m in party_of(person) if m.id != person.id]
    ids = {m.id for m in others}
    if any(t.host_id in ids and t.position != position for t in cafe.tables):
        raise Refused("hosts_apart")
    for member in others:
        _seat(cafe, member.id, cafe.round_no, position)


def gather_parties(persons, plan: dict[int, int]) -> dict[int, int]:
    """`plan` with each party at one table: its host's, else where most of it sits.

    The planner always keeps parties together; this mends a plan made before a link that
    landed while it was being made (`transitions.end_round` plans with no lock held).
    """
    parties: dict = {}
    for person in persons:
        if person.together is not None and person.id in plan:
            parties.setdefault(person.together, []).append(person)
    for members in parties.values():
        if len({plan[p.id] for p in members}) <= 1:
            continue
        hosted = [p.host_of for p in members if p.host_of is not None]
        target = hosted[0] if hosted else Counter(plan[p.id] for p in members).most_common(1)[0][0]
        for member in members:
            plan[member.id] = target
    return plan
