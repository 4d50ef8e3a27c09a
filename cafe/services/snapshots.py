"""What each screen shows: the public state, notes as screens show them, full snapshots for (re)connects."""
from __future__ import annotations

from sqlalchemy import func, select

from cafe.domain.palette import text_colour
from cafe.domain.phases import joining_open
from cafe.domain.texts import translated
from cafe.extensions import db
from cafe.models import REVIEW, Cafe, CafeTable, Note, Participant, Seat
from cafe.services.companions import companion_names
from cafe.services.note_store import PostedNote
from cafe.services.seat_languages import language_view
from cafe.services.seating import planned_figures, seating
from cafe.services.transitions import now

# --- what each screen shows -------------------------------------------------------------------

def cafe_state(cafe: Cafe, tables=None) -> dict:
    """The public state of a café: what every screen may see, with the server's clock.

    `tables` are its `_table_rows`, when the caller has already read them. One payload goes to
    every screen, so each text the facilitator typed comes with its versions in the café's other
    languages ({lang: text}, only those translated): each screen picks its reader's
    (static/js/common.js `Cafe.pick`), falling back to the typed text in `typed_language`.
    """
    tables = _table_rows(cafe) if tables is None else tables
    return {
        "id": cafe.id, "title": cafe.title, "phase": cafe.phase, "version": cafe.version,
        "round": cafe.round_no, "rounds": cafe.num_rounds,
        "question": cafe.question_for(cafe.round_no),
        "languages": cafe.language_list, "typed_language": cafe.typed_language,
        "title_versions": cafe.title_versions(),
        "question_versions": cafe.question_versions(cafe.round_no),
        "round_seconds": cafe.round_seconds,
        "ends_at": cafe.ends_at, "remaining": cafe.remaining, "server_now": now(),
        "tables": [{"index": t.position, "name": t.name, "colour": t.colour,
                    "colour_key": t.colour_name, "text_colour": text_colour(t.colour_name),
                    "name_versions": translated(t.translations), "languages": t.languages or []}
                   for t in tables],
        "hosts": [t.host_id for t in tables],
        "joining_open": joining_open(cafe.phase, cafe.harvest_state),
        "harvest_state": cafe.harvest_state,
    }


def _table_rows(cafe: Cafe):
    """The café's tables as plain rows, in position order.

    Every snapshot and every note needs them; plain rows cost a tenth of loading 60 ORM objects.
    """
    return db.session.execute(
        select(CafeTable.id, CafeTable.position, CafeTable.name, CafeTable.colour,
               CafeTable.colour_name, CafeTable.host_id, CafeTable.translations,
               CafeTable.languages)
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
            "can_host": person.can_host, "table": seat, "left": person.left_at is not None,
            "has_phone": person.has_phone, "language": person.language,
            "needs_language": person.needs_language,
            # the first member of the party they are kept with (services.companions), if any
            "companion_of": person.companion_of}


def participant_snapshot(person: Participant) -> dict:
    """Everything one phone should show, so a (re)connect needs no earlier events."""
    cafe = db.session.get(Cafe, person.cafe_id)
    tables = _table_rows(cafe)
    table_id = db.session.scalar(select(Seat.table_id).where(Seat.participant_id == person.id,
                                                             Seat.round_no == cafe.round_no))
    table = next((t for t in tables if t.id == table_id), None)
    is_host = table is not None and table.host_id == person.id
    # Where they sat the round before: whoever keeps their table is told to stay, not to move.
    previous_id = db.session.scalar(select(Seat.table_id).where(
        Seat.participant_id == person.id, Seat.round_no == cafe.round_no - 1))
    previous = next((t.position for t in tables if t.id == previous_id), None)
    notes = []
    if table is not None:
        query = select(Note).where(Note.table_id == table.id, Note.hidden.is_(False))
        if not is_host:      # hosts also see earlier rounds' notes, to brief newcomers
            query = query.where(Note.round_no == cafe.round_no)
        positions = {t.id: t.position for t in tables}
        notes = [note_view(n, positions, viewer_id=person.id)
                 for n in db.session.scalars(query.order_by(Note.id))]
    snap = {
        "role": "participant",
        "cafe": cafe_state(cafe, tables),
        "me": {"id": person.id, "name": person.name, "group": person.group,
               "language": person.language, "is_host": is_host,
               "table": table.position if table else None, "previous_table": previous,
               "left": person.left_at is not None,
               "companions": companion_names(person)},     # kept at their table every round
        "notes": notes,
    }
    if is_host:     # whom the host may type a note for (someone without a phone, say)
        snap["table_people"] = [
            {"id": p.id, "name": p.name, "has_phone": p.has_phone}
            for p in db.session.scalars(
                select(Participant).join(Seat, Seat.participant_id == Participant.id)
                .where(Seat.table_id == table.id, Seat.round_no == cafe.round_no,
                       Participant.id != person.id).order_by(Participant.name))]
    return snap


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
        "seat_languages": language_view(cafe),
    }


def note_counts(cafe: Cafe) -> dict[int, int]:
    """Visible notes per table position in the current round (the projector's live count)."""
    rows = db.session.execute(
        select(CafeTable.position, func.count(Note.id))
        .join(Note, Note.table_id == CafeTable.id)
        .where(Note.cafe_id == cafe.id, Note.round_no == cafe.round_no, Note.hidden.is_(False))
        .group_by(CafeTable.position))
    return dict(rows.all())
