"""Events the facilitator's dashboard sends to run the rounds: phases, the clock, seats, moderation.

Every phase or clock change carries the `version` the dashboard last saw; a stale one gets
'already_advanced', so two clicks on the same button make one transition; a step the phase
does not allow gets 'wrong_phase'.
"""
from __future__ import annotations

from cafe import services
from cafe.domain.validation import payload
from cafe.extensions import db, socketio
from cafe.models import NO_HARVEST, Cafe, Participant
from cafe.services import joining, seat_languages
from cafe.web.rooms import cafe_room, staff_room, table_device_room
from cafe.web.sockets.broadcast import (
    broadcast_seating,
    broadcast_state,
    broadcast_themes,
    emit_to_people,
)
from cafe.web.sockets.guards import answered, cpu_runner, facilitator_only


def _changed(cafe: Cafe, *, seating_changes: bool = False) -> dict:
    """Tell everyone the new state (and seats); the facilitator's ack carries the state."""
    state = broadcast_state(cafe)
    if seating_changes:
        broadcast_seating(cafe)
    return {"ok": True, "cafe": state}


@socketio.on("open_cafe")
@answered
@facilitator_only
def on_open_cafe(who, data=None):
    """The facilitator sends {version}: the join code becomes valid. Everyone gets `cafe_changed`."""
    data = payload(data)
    return _changed(services.open_cafe(who.cafe_id, data.get("version")))


@socketio.on("start_round")
@answered
@facilitator_only
def on_start_round(who, data=None):
    """The facilitator sends {version}: the round's clock starts. Everyone gets `cafe_changed`."""
    data = payload(data)
    return _changed(services.start_round(who.cafe_id, data.get("version")))


@socketio.on("pause_round")
@answered
@facilitator_only
def on_pause_round(who, data=None):
    """The facilitator sends {version}: the clock stops, keeping the time left. Everyone gets `cafe_changed`."""
    data = payload(data)
    return _changed(services.pause_round(who.cafe_id, data.get("version")))


@socketio.on("resume_round")
@answered
@facilitator_only
def on_resume_round(who, data=None):
    """The facilitator sends {version}: a paused clock restarts. Everyone gets `cafe_changed`."""
    data = payload(data)
    return _changed(services.resume_round(who.cafe_id, data.get("version")))


@socketio.on("add_minutes")
@answered
@facilitator_only
def on_add_minutes(who, data=None):
    """The facilitator sends {version, minutes}: the round gets more (or less) time. Everyone gets `cafe_changed`."""
    data = payload(data)
    return _changed(services.add_minutes(who.cafe_id, data.get("version"), data.get("minutes")))


@socketio.on("end_round")
@answered
@facilitator_only
def on_end_round(who, data=None):
    """The facilitator sends {version}: the round ends and the next seating is planned (off the
    event loop), shown to the facilitator before it is confirmed. Everyone gets `cafe_changed`."""
    data = payload(data)
    return _changed(services.end_round(who.cafe_id, data.get("version"), run=cpu_runner()))


@socketio.on("rotate")
@answered
@facilitator_only
def on_rotate(who, data=None):
    """The facilitator sends {version}: the planned seating is confirmed. Everyone gets
    `cafe_changed` and `seating_changed` (each phone shows the table to go to)."""
    data = payload(data)
    return _changed(services.rotate(who.cafe_id, data.get("version")), seating_changes=True)


@socketio.on("move_person")
@answered
@facilitator_only
def on_move_person(who, data=None):
    """The facilitator sends {"person": id, "table": index, "confirm"?: bool} before a round
    starts; everyone gets `seating_changed`. A table that does not speak the language the
    person needs is refused 'wrong_language' unless confirm is true."""
    data = payload(data)
    cafe = services.move_person(who.cafe_id, data.get("person"), data.get("table"),
                                data.get("confirm"))
    broadcast_seating(cafe)
    return {"ok": True}


@socketio.on("set_host")
@answered
@facilitator_only
def on_set_host(who, data=None):
    """The facilitator sends {"table": index, "person": id or null, "confirm"?: bool}; everyone
    gets `seating_changed` ('wrong_language' as for `move_person`)."""
    data = payload(data)
    cafe = services.set_host(who.cafe_id, data.get("table"), data.get("person"),
                             data.get("confirm"))
    broadcast_seating(cafe)
    return {"ok": True}


@socketio.on("set_needs_language")
@answered
@facilitator_only
def on_set_needs_language(who, data=None):
    """The facilitator sends {"person": id, "language": one of the café's languages, or null for
    any}: the language that person needs at their table. Ack {ok, moved} (moved: they were
    seated again where it is spoken); staff get `person_changed`, and everyone
    `seating_changed` when a seat of the current round changed (staff re-sync in review)."""
    data = payload(data)
    cafe, moved = seat_languages.set_needs_language(who.cafe_id, data.get("person"),
                                                    data.get("language"))
    person = db.session.get(Participant, data.get("person"))
    view = services.person_view(person, services.seating(cafe.id, cafe.round_no).get(person.id))
    socketio.emit("person_changed", view, to=staff_room(cafe.id))
    if moved:
        broadcast_seating(cafe)
    return {"ok": True, "moved": moved}


@socketio.on("hide_note")
@answered
@facilitator_only
def on_hide_note(who, data=None):
    """The facilitator sends {"note": id, "hidden": bool}; every screen gets `note_hidden`
    (the table's phones get `note_added` when it is shown again, and everyone `themes_changed`
    once there are themes)."""
    data = payload(data)
    note = services.hide_note(who.cafe_id, data.get("note"), data.get("hidden"))
    cafe = db.session.get(Cafe, who.cafe_id)
    positions = services.table_positions(cafe)
    socketio.emit("note_hidden", {"id": note.id, "hidden": note.hidden}, to=cafe_room(cafe.id))
    if not note.hidden:     # shown again: the table's phones (and device) need its text back
        emit_to_people("note_added", services.note_view(note, positions),
                       services.seated_at(note.table_id, cafe.round_no))
        if note.round_no == cafe.round_no:
            socketio.emit("note_added", services.note_view(note, positions),
                          to=table_device_room(note.table_id))
    if cafe.harvest_state != NO_HARVEST:     # it may be a theme's representative on every phone
        broadcast_themes(cafe)
    return {"ok": True}


@socketio.on("set_joining")
@answered
@facilitator_only
def on_set_joining(who, data=None):
    """The facilitator sends {"open": bool, "max_participants": optional int}: close joining for a
    while or open it again, and/or change how many may join. Staff get `joining_changed`."""
    data = payload(data)
    cafe = joining.set_joining(who.cafe_id, data.get("open"), data.get("max_participants"))
    view = joining.joining_view(cafe)
    socketio.emit("joining_changed", view, to=staff_room(cafe.id))
    return {"ok": True, "joining": view}
