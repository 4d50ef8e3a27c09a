"""Telling clients what changed: each event built once and sent to the rooms that should hear it."""
from __future__ import annotations

from cafe import services
from cafe.extensions import db, socketio
from cafe.models import RESULTS, Cafe, Participant
from cafe.services import companions, harvest, joining
from cafe.web.pages.facilitator import results_url
from cafe.web.rooms import (
    cafe_room,
    participant_room,
    phones_room,
    staff_room,
    table_device_room,
)


def emit_to_people(event: str, data: dict, people, skip_sid=None) -> None:
    """Send to the phones of these people (everyone seated at a table).

    Addressed person by person rather than through a room per table, so a rotation moves nobody
    between rooms: each phone reads its new table from `seating_changed` and needs no re-sync.
    """
    rooms = [participant_room(pid) for pid in people]
    if rooms:       # an empty list would mean "everyone" to python-socketio
        socketio.emit(event, data, to=rooms, skip_sid=skip_sid)


def broadcast_note(note: services.PostedNote, skip_sid=None) -> None:
    """`note_added` to the phones seated at the note's table, its shared device and the staff.

    The sender learns of it from the ack (with its own id), not from the broadcast.
    """
    positions = {note.table_id: note.position}
    view = services.note_view(note, positions)
    emit_to_people("note_added", view, note.table_mates, skip_sid=skip_sid)
    if note.round_no == note.current_round:
        socketio.emit("note_added", view, to=table_device_room(note.table_id), skip_sid=skip_sid)
    socketio.emit("note_added", services.note_view(note, positions, staff=True),
                  to=staff_room(note.cafe_id))


def broadcast_state(cafe: Cafe) -> dict:
    """Send everyone `cafe_changed`; returns the state sent, for the facilitator's ack."""
    state = services.cafe_state(cafe)
    socketio.emit("cafe_changed", state, to=cafe_room(cafe.id))
    return state


def broadcast_seating(cafe: Cafe) -> None:
    """Send everyone `seating_changed`: the seats of the café's current round and its hosts."""
    seats = services.seating(cafe.id, cafe.round_no)
    socketio.emit("seating_changed",
                  {"round": cafe.round_no, "seats": {str(k): v for k, v in seats.items()},
                   "hosts": [t.host_id for t in cafe.tables]},
                  to=cafe_room(cafe.id))


def with_results_url(cafe: Cafe, view: dict) -> dict:
    """Once voting has closed every screen gets the results page's link, to take the priorities home."""
    if cafe.harvest_state == RESULTS:
        view["results_url"] = results_url(cafe)
    return view


def broadcast_themes(cafe: Cafe) -> tuple[dict, dict]:
    """`themes_changed`: phones get labels and representative notes, staff get everything."""
    public, staff = (with_results_url(cafe, view) for view in harvest.harvest_views(cafe))
    socketio.emit("themes_changed", public, to=phones_room(cafe.id))
    socketio.emit("themes_changed", staff, to=staff_room(cafe.id))
    return public, staff


def broadcast_tallies(cafe: Cafe, *, phones: bool) -> None:
    """`tallies_changed` to the staff; to the phones too if `phones`, with counts only when shown."""
    counts = harvest.tallies(cafe) | {"visible": cafe.show_tallies}
    socketio.emit("tallies_changed", counts, to=staff_room(cafe.id))
    if phones:
        socketio.emit("tallies_changed", counts if cafe.show_tallies
                      else {"visible": False, "tallies": None, "voters": None},
                      to=phones_room(cafe.id))


def notify_person_joined(person: Participant) -> None:
    """Tell the staff screens about a newcomer, and how fast people are joining (after the commit)."""
    cafe = db.session.get(Cafe, person.cafe_id)
    seat = services.seating(cafe.id, cafe.round_no).get(person.id)
    socketio.emit("person_joined", services.person_view(person, seat), to=staff_room(cafe.id))
    socketio.emit("joining_changed", joining.joining_view(cafe), to=staff_room(cafe.id))


def notify_person_changed(person: Participant) -> None:
    """`person_changed` to the staff screens: someone switched their phone's language, say (the
    projector shows the texts in every language in the room)."""
    seat = services.seating(person.cafe_id, db.session.get(Cafe, person.cafe_id).round_no).get(person.id)
    socketio.emit("person_changed", services.person_view(person, seat),
                  to=staff_room(person.cafe_id))


def notify_party_changed(person: Participant) -> None:
    """`party_changed` to the phones of a person's party (after the commit): each shows whom
    it sits with."""
    emit_to_people("party_changed", {}, [p.id for p in companions.party_of(person)])
