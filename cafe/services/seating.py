"""Where people sit: reading and writing a round's seats, and asking the planner for the next one."""
from __future__ import annotations

from sqlalchemy import select

from cafe.domain import rotation
from cafe.extensions import db
from cafe.models import REVIEW, Cafe, CafeTable, Participant, Seat

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
    """People and tables as the planner sees them: hosts, groups, the language each person needs
    at their table (none: any), the languages each table speaks (none: any) and companions kept
    together (a party is keyed by its first member's id)."""
    hosts = {t.host_id: t.position for t in cafe.tables if t.host_id is not None}
    leads = {p.companion_of for p in people if p.companion_of is not None}
    persons = [rotation.Person(id=p.id, group=p.group, host_of=hosts.get(p.id),
                               language=p.needs_language or None,
                               together=p.companion_of or (p.id if p.id in leads else None))
               for p in people]
    tables = [rotation.Table(languages=frozenset(t.languages) if t.languages else None)
              for t in cafe.tables]
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
    # Whether everyone who needs a language sits where it is spoken (None: nobody needs one
    # in a café whose tables list languages, so there is nothing to say).
    by_language = (any(p.language for p in persons)
                   and any(t.languages is not None for t in tables))
    return {"min_new": quality.min_new, "mean_new": round(quality.mean_new, 1),
            "bound": quality.bound, "repeated_pairs": quality.repeated_pairs,
            "groups_balanced": quality.groups_balanced,
            "table_sizes": list(quality.table_sizes),
            "wrong_language": quality.wrong_language,
            "language_ok": quality.wrong_language == 0 if by_language else None}
