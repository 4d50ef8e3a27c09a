"""Taking part without a phone: people the facilitator adds, notes typed on someone's behalf,
and shared table devices.

Service layer, like the rest of cafe.services: it combines the models with the domain, never touches
`request` or emits, and returns what happened. A person without a phone is a Participant whose
seat token is never handed out: the planner seats and rotates them like everyone. Their notes are
typed by their table's host (or the facilitator) and counted for them. A shared table device (a
tablet left at a table) joins with that table's code and types notes counted for the table; it
has no seat, so it never rotates.
"""
from __future__ import annotations

from sqlalchemy import select

from cafe.domain.errors import Invalid, Refused
from cafe.domain.phases import DRAFT, JOINABLE, VISIBLE
from cafe.domain.pseudonyms import pseudonym
from cafe.domain.validation import (
    GROUP_MAX,
    NAME_MAX,
    clean_bool,
    clean_client_id,
    clean_int,
    clean_note,
    clean_text,
)
from cafe.extensions import db
from cafe.models import (
    BY_FACILITATOR,
    BY_HOST,
    BY_TABLE_DEVICE,
    Cafe,
    CafeTable,
    Note,
    Participant,
    Seat,
)
from cafe.services.cafes import CODE_LENGTH, get_cafe, new_join_code, normalise_code
from cafe.services.joining import seat_newcomer
from cafe.services.note_store import PostedNote
from cafe.services.seat_languages import clean_needed_language
from cafe.services.snapshots import cafe_state, note_view, seated_at, table_positions
from cafe.services.transaction import lock_cafe, locked_cafe

DEVICE_CODE_LENGTH = CODE_LENGTH


# --- people without phones ----------------------------------------------------------------------

def add_person(cafe_id, *, name, group, can_host, needs_language=None) -> Participant:
    """Add someone who takes part without a phone and seat them like a newcomer from a phone
    (`needs_language`: the language they need at their table, empty for any)."""
    cafe = get_cafe(cafe_id)
    name = clean_text(name, field="name", max_len=NAME_MAX, required=False) or pseudonym()
    group = clean_text(group, field="group", max_len=GROUP_MAX, required=False) or None
    if group is not None and group not in cafe.groups:
        raise Invalid("unknown_group", "group")
    can_host = clean_bool(can_host, field="can_host")
    needs_language = clean_needed_language(cafe, needs_language)
    if cafe.phase not in JOINABLE:
        raise Refused("wrong_phase")
    with locked_cafe(cafe.id) as cafe:
        return seat_newcomer(cafe, name=name, group=group, can_host=can_host, has_phone=False,
                             needs_language=needs_language)


# --- notes typed on someone's behalf -----------------------------------------------------------

def _note_round(cafe: Cafe, round_no) -> int:
    round_no = clean_int(round_no, field="round", low=1, high=cafe.num_rounds)
    if cafe.phase == DRAFT or round_no > cafe.round_no:
        raise Refused("wrong_round")
    return round_no


def _author_at(cafe: Cafe, table: CafeTable, round_no: int, person_id) -> int | None:
    """The id of the person a note is counted for: someone seated at `table` in `round_no`."""
    if person_id is None:
        return None                          # "someone at this table"
    person_id = clean_int(person_id, field="person", low=1, high=2**62)
    seated = db.session.scalar(select(Seat.id).where(
        Seat.participant_id == person_id, Seat.round_no == round_no, Seat.table_id == table.id,
        Seat.cafe_id == cafe.id))
    if seated is None:
        raise Refused("not_at_table")
    return person_id


def _store(cafe: Cafe, table: CafeTable, round_no: int, author_id: int | None, typed_by: str,
           client_id: str, text: str) -> tuple[PostedNote, bool]:
    """Store a note once per client id; a resend gets the stored note back unchanged."""
    stored = db.session.scalar(select(Note).where(Note.cafe_id == cafe.id,
                                                  Note.client_id == client_id))
    created = stored is None
    if created:
        stored = Note(cafe_id=cafe.id, client_id=client_id, participant_id=author_id,
                      table_id=table.id, round_no=round_no, text=text, typed_by=typed_by)
        db.session.add(stored)
        db.session.commit()
    elif stored.table_id != table.id or stored.typed_by != typed_by:
        raise Invalid("bad_id", "id")        # someone else's id: never reveal or touch that note
    mates = tuple(seated_at(table.id, cafe.round_no))
    return PostedNote(stored.id, cafe.id, stored.participant_id, client_id, stored.text,
                      stored.round_no, table.id, table.position, cafe.round_no,
                      hidden=stored.hidden, table_mates=mates), created


def submit_note_for_host(host: Participant, client_id, text, round_no,
                         person_id) -> tuple[PostedNote, bool]:
    """A table's host types a note for someone at their table (`person_id`, or None for
    "someone at this table"); it is stored at the host's table in that round, counted for them.

    Refused('not_host') unless the sender hosts the table they sat at in that round.
    """
    client_id, text = clean_client_id(client_id), clean_note(text)
    cafe = get_cafe(host.cafe_id)
    round_no = _note_round(cafe, round_no)
    table_id = db.session.scalar(select(Seat.table_id).where(
        Seat.participant_id == host.id, Seat.round_no == round_no))
    table = next((t for t in cafe.tables if t.id == table_id), None)
    if table is None or table.host_id != host.id:
        raise Refused("not_host")
    author = _author_at(cafe, table, round_no, person_id)
    return _store(cafe, table, round_no, author, BY_HOST, client_id, text)


def submit_note_for_facilitator(cafe_id, client_id, text, round_no, position,
                                person_id) -> tuple[PostedNote, bool]:
    """The facilitator types a note at a table (by index) for someone seated there in that round."""
    client_id, text = clean_client_id(client_id), clean_note(text)
    cafe = get_cafe(cafe_id)
    position = clean_int(position, field="table", low=0, high=len(cafe.tables) - 1)
    round_no = _note_round(cafe, round_no)
    table = cafe.tables[position]
    author = _author_at(cafe, table, round_no, person_id)
    return _store(cafe, table, round_no, author, BY_FACILITATOR, client_id, text)


# --- shared table devices -----------------------------------------------------------------------

def table_device_codes(cafe: Cafe) -> list[dict]:
    """Each table's device code ({table, name, code}), making the codes not made yet."""
    missing = [t for t in cafe.tables if t.device_code is None]
    if missing:
        lock_cafe(cafe.id)
        for table in missing:
            table.device_code = new_join_code()
        db.session.commit()
    return [{"table": t.position, "name": t.name, "colour": t.colour_name, "code": t.device_code}
            for t in cafe.tables]


def find_device_table(code) -> CafeTable | None:
    """The table whose device code this is, if its café can be seen (open or finished)."""
    code = normalise_code(code)
    if len(code) != DEVICE_CODE_LENGTH:
        return None
    table = db.session.scalar(select(CafeTable).where(CafeTable.device_code == code))
    if table is None or table.cafe.phase not in VISIBLE:
        return None
    return table


def device_table(cafe_id: int, code) -> CafeTable | None:
    """The table of this café a device holding `code` belongs to (None: not this café's)."""
    table = find_device_table(code)
    return table if table is not None and table.cafe_id == cafe_id else None


def submit_table_note(table_id: int, client_id, text, round_no) -> tuple[PostedNote, bool]:
    """A shared table device stores a note at its own table, counted for the table."""
    client_id, text = clean_client_id(client_id), clean_note(text)
    table = db.session.get(CafeTable, table_id)
    if table is None:
        raise Refused("not_joined")
    cafe = table.cafe
    round_no = _note_round(cafe, round_no)
    return _store(cafe, table, round_no, None, BY_TABLE_DEVICE, client_id, text)


def device_snapshot(table: CafeTable) -> dict:
    """Everything a shared table device shows: its table, the round's question and clock, the
    table's notes of this round (its own ones marked, so a resend is recognised)."""
    cafe = table.cafe
    positions = table_positions(cafe)
    notes = db.session.scalars(select(Note).where(
        Note.table_id == table.id, Note.round_no == cafe.round_no, Note.hidden.is_(False))
        .order_by(Note.id))
    views = []
    for note in notes:
        view = note_view(note, positions)
        if note.typed_by == BY_TABLE_DEVICE:
            view |= {"client_id": note.client_id, "mine": True}
        views.append(view)
    return {
        "role": "table",
        "cafe": cafe_state(cafe),
        "me": {"id": None, "name": table.name, "group": None, "language": None,
               "is_host": False, "table": table.position, "left": False, "device": True},
        "notes": views,
    }
