"""Socket.IO event handlers: who may send each event, what it changes, and who hears about it.

Every handler answers through the Socket.IO acknowledgement: {"ok": true, ...} or
{"ok": false, "error": code, "message": text in the sender's language}. The role and café of a
connection are fixed when it connects, from its credentials; payloads never grant authority.
See docs/PROTOCOL.md for the list of events.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from flask import current_app, request
from flask_socketio import emit, join_room
from sqlalchemy.exc import OperationalError

from cafe import services
from cafe.services import harvest
from cafe.extensions import db, socketio
from cafe.web.messages import error_message
from cafe.models import NO_HARVEST, Cafe, Participant
from cafe.domain.validation import Invalid, payload
from cafe.web.auth import current_participant, is_facilitator
from cafe.web.pages.facilitator import join_url
from cafe.web.rooms import (
    cafe_room,
    participant_room,
    phones_room,
    staff_room,
)

log = logging.getLogger(__name__)

FACILITATOR = "facilitator"
PROJECTOR = "projector"
PARTICIPANT = "participant"


@dataclass(frozen=True)
class Identity:
    """What a connection is allowed to be, fixed at connect time."""
    role: str
    cafe_id: int
    participant_id: int | None = None


# sid -> Identity, for connections to this process (sticky sessions keep a client on one process).
_connections: dict[str, Identity] = {}


def identity() -> Identity | None:
    """The identity of the connection sending the current event."""
    return _connections.get(request.sid)


def _failure(code: str, params: dict | None = None) -> dict:
    return {"ok": False, "error": code, "message": error_message(code, params)}


def _refusal(exc: Exception, where: str) -> dict:
    """The friendly ack for an exception raised by handler `where`; nothing it began is kept."""
    db.session.rollback()
    if isinstance(exc, Invalid):
        return _failure(exc.code, exc.params) | {"field": exc.field}
    if isinstance(exc, services.Refused):
        return _failure(exc.code, exc.params)
    if isinstance(exc, OperationalError):
        log.error("database busy in %s", where, exc_info=exc)
        return _failure("busy")
    log.error("unexpected error in %s", where, exc_info=exc)
    return _failure("internal")


def answered(handler):
    """Turn refusals and bad input into a friendly ack; never let an exception reach a phone."""
    @functools.wraps(handler)
    def wrapped(*args):
        try:
            return handler(*args)
        except Exception as exc:
            return _refusal(exc, handler.__name__)
    return wrapped


def without_request_context(event: str):
    """Declare handler(sid, data) for `event` on python-socketio itself, answered as by `answered`.

    Flask-SocketIO pushes a Flask request context (request, cookie session) for every event. On
    the note path, the busiest of a café, that was a fifth of the server's time for each note
    (docs/LOAD.md). Such a handler runs in the app context alone (the database and the config),
    knows its connection by `sid`, and must not touch `request`. A refusal is worded inside a
    request context pushed then, since the sender's language comes from their request.
    """
    def decorator(handler):
        def on_event(sid, data=None):
            environ = socketio.server.get_environ(sid)
            if not environ:     # not (or no longer) connected to this process
                return None
            app = environ["flask.app"]
            try:
                with app.app_context():
                    return handler(sid, data)
            except Exception as exc:
                with app.request_context(environ):
                    return _refusal(exc, handler.__name__)
        # Read by every init_app, like the handlers of socketio.on (see register_extensions).
        socketio.handlers.append((event, on_event, "/"))
        return handler
    return decorator


def facilitator_only(handler):
    """Refuse the event unless the connection was opened with facilitator rights."""
    @functools.wraps(handler)
    def wrapped(*args):
        who = identity()
        if who is None or who.role != FACILITATOR:
            return _failure("not_allowed")
        return handler(who, *args)
    return wrapped


def participant_only(handler):
    """Run the handler with the participant this connection's seat cookie belongs to."""
    @functools.wraps(handler)
    def wrapped(*args):
        who = identity()
        if who is None or who.role != PARTICIPANT:
            return _failure("not_allowed")
        person = db.session.get(Participant, who.participant_id)
        if person is None:
            return _failure("not_joined")
        return handler(person, *args)
    return wrapped


# --- connecting ---------------------------------------------------------------------------------

@socketio.on("connect")
def on_connect(auth):
    """Any client connects with auth {"cafe": id, "role": "participant"|"facilitator"|"projector"}.

    The server checks the credentials (seat cookie or facilitator session), puts the connection in
    its rooms and sends it a full `snapshot`. A refused connection gets a connect_error.
    """
    auth = auth if isinstance(auth, dict) else {}
    cafe_id, role = auth.get("cafe"), auth.get("role")
    if isinstance(cafe_id, bool) or not isinstance(cafe_id, int):
        return False
    cafe = db.session.get(Cafe, cafe_id)
    if cafe is None:
        return False
    if role in (FACILITATOR, PROJECTOR):
        if not is_facilitator():
            return False
        _connections[request.sid] = Identity(role, cafe.id)
    elif role == PARTICIPANT:
        person = current_participant(cafe.id)
        if person is None:
            return False
        _connections[request.sid] = Identity(PARTICIPANT, cafe.id, person.id)
    else:
        return False
    emit("snapshot", _snapshot_and_rooms())
    return True


@socketio.on("disconnect")
def on_disconnect(*_):
    """Forget the connection (a phone that locks its screen is not leaving the café)."""
    _connections.pop(request.sid, None)


def _snapshot_and_rooms() -> dict:
    """Build this connection's snapshot and make its rooms match it."""
    who = identity()
    cafe = db.session.get(Cafe, who.cafe_id)
    join_room(cafe_room(cafe.id))
    if who.role == PARTICIPANT:
        person = db.session.get(Participant, who.participant_id)
        snap = services.participant_snapshot(person)
        join_room(participant_room(person.id))
        join_room(phones_room(cafe.id))
        snap["harvest"] = harvest.harvest_view(cafe, person=person)
        return snap
    join_room(staff_room(cafe.id))
    snap = services.staff_snapshot(cafe, join_url=join_url(cafe))
    snap["role"] = who.role
    snap["note_counts"] = services.note_counts(cafe)
    snap["harvest"] = harvest.harvest_view(cafe, staff=True)
    return snap


@socketio.on("sync")
@answered
def on_sync(*_):
    """Any client asks for a fresh snapshot (after a reconnect or a seating change); ack: {ok, snapshot}."""
    if identity() is None:
        return _failure("not_joined")
    return {"ok": True, "snapshot": _snapshot_and_rooms()}


@socketio.on("clock_sync")
@answered
def on_clock_sync(data=None):
    """Any client sends {"t": its clock in ms}; ack {ok, t, server_now} lets it measure its offset."""
    data = payload(data)
    t = data.get("t")
    if isinstance(t, bool) or not isinstance(t, (int, float)):
        raise Invalid("wrong_type", "t")
    return {"ok": True, "t": t, "server_now": services.now()}


# --- participants -------------------------------------------------------------------------------

@without_request_context("submit_note")
def on_submit_note(sid, data=None):
    """A participant sends {"id": phone-made id, "text": str, "round": int}.

    Ack {ok, note} only after the note is committed; a resend gets the same ack. The note goes
    (`note_added`) to the phones of those seated at its table and to the staff.
    """
    who = _connections.get(sid)
    if who is None or who.role != PARTICIPANT:
        raise services.Refused("not_allowed")
    data = payload(data)
    # The busiest event: the author is known from the connection, no need to load them.
    note, created = services.submit_note(services.Author(who.participant_id, who.cafe_id),
                                         data.get("id"), data.get("text"), data.get("round"))
    positions = {note.table_id: note.position}
    if created:
        # The author's phone learns of it from the ack (with its own id), not from the broadcast.
        _emit_to_people("note_added", services.note_view(note, positions), note.table_mates,
                        skip_sid=sid)
        socketio.emit("note_added", services.note_view(note, positions, staff=True),
                      to=staff_room(note.cafe_id))
    return {"ok": True, "note": services.note_view(note, positions, viewer_id=note.participant_id)}


def _emit_to_people(event: str, data: dict, people, skip_sid=None) -> None:
    """Send to the phones of these people (everyone seated at a table).

    Addressed person by person rather than through a room per table, so a rotation moves nobody
    between rooms: each phone reads its new table from `seating_changed` and needs no re-sync.
    """
    rooms = [participant_room(pid) for pid in people]
    if rooms:       # an empty list would mean "everyone" to python-socketio
        socketio.emit(event, data, to=rooms, skip_sid=skip_sid)


@socketio.on("leave_cafe")
@answered
@participant_only
def on_leave_cafe(person, *_):
    """A participant leaves: they are taken out of the coming rotations. Staff get `person_left`."""
    services.leave_cafe(person)
    socketio.emit("person_left", {"id": person.id}, to=staff_room(person.cafe_id))
    return {"ok": True}


# --- facilitator --------------------------------------------------------------------------------

def _broadcast_state(cafe: Cafe) -> dict:
    """Send everyone `cafe_changed`; returns the state sent, for the facilitator's ack."""
    state = services.cafe_state(cafe)
    socketio.emit("cafe_changed", state, to=cafe_room(cafe.id))
    return state


def _broadcast_seating(cafe: Cafe) -> None:
    seats = services.seating(cafe.id, cafe.round_no)
    socketio.emit("seating_changed",
                  {"round": cafe.round_no, "seats": {str(k): v for k, v in seats.items()},
                   "hosts": [t.host_id for t in cafe.tables]},
                  to=cafe_room(cafe.id))


def _transition_handler(action, *, seating_changes: bool = False):
    """A facilitator event {"version": int, ...} that changes the café's phase or clock."""
    @answered
    @facilitator_only
    def handler(who, data=None):
        data = payload(data)
        extra = {"minutes": data.get("minutes")} if action is services.add_minutes else {}
        if action is services.end_round:      # plans the next seating: CPU work, off the loop
            extra = {"run": _cpu_runner()}
        cafe = action(who.cafe_id, data.get("version"), **extra)
        state = _broadcast_state(cafe)
        if seating_changes:
            _broadcast_seating(cafe)
        return {"ok": True, "cafe": state}
    handler.__name__ = f"on_{action.__name__}"
    handler.__doc__ = (f"The facilitator sends {{version}}: {action.__doc__} "
                       "Everyone gets `cafe_changed`; a stale version gets 'already_advanced'.")
    return handler


socketio.on_event("open_cafe", _transition_handler(services.open_cafe))
socketio.on_event("start_round", _transition_handler(services.start_round))
socketio.on_event("pause_round", _transition_handler(services.pause_round))
socketio.on_event("resume_round", _transition_handler(services.resume_round))
socketio.on_event("add_minutes", _transition_handler(services.add_minutes))
socketio.on_event("end_round", _transition_handler(services.end_round))
socketio.on_event("rotate", _transition_handler(services.rotate, seating_changes=True))


@socketio.on("move_person")
@answered
@facilitator_only
def on_move_person(who, data=None):
    """The facilitator sends {"person": id, "table": index} before a round starts; everyone gets `seating_changed`."""
    data = payload(data)
    cafe = services.move_person(who.cafe_id, data.get("person"), data.get("table"))
    _broadcast_seating(cafe)
    return {"ok": True}


@socketio.on("set_host")
@answered
@facilitator_only
def on_set_host(who, data=None):
    """The facilitator sends {"table": index, "person": id or null}; everyone gets `seating_changed`."""
    data = payload(data)
    cafe = services.set_host(who.cafe_id, data.get("table"), data.get("person"))
    _broadcast_seating(cafe)
    return {"ok": True}


@socketio.on("hide_note")
@answered
@facilitator_only
def on_hide_note(who, data=None):
    """The facilitator sends {"note": id, "hidden": bool}; every screen gets `note_hidden`."""
    data = payload(data)
    note = services.hide_note(who.cafe_id, data.get("note"), data.get("hidden"))
    cafe = db.session.get(Cafe, who.cafe_id)
    positions = services.table_positions(cafe)
    socketio.emit("note_hidden", {"id": note.id, "hidden": note.hidden}, to=cafe_room(cafe.id))
    if not note.hidden:     # shown again: the table's phones need its text back
        _emit_to_people("note_added", services.note_view(note, positions),
                        services.seated_at(note.table_id, cafe.round_no))
    if cafe.harvest_state != NO_HARVEST:     # it may be a theme's representative on every phone
        _broadcast_themes(cafe)
    return {"ok": True}


def notify_person_joined(person: Participant) -> None:
    """Tell the staff screens about a newcomer (called by the join page after the commit)."""
    cafe = db.session.get(Cafe, person.cafe_id)
    seat = services.seating(cafe.id, cafe.round_no).get(person.id)
    socketio.emit("person_joined", services.person_view(person, seat), to=staff_room(cafe.id))


# --- harvest: themes, curating, voting, priorities ---------------------------------------------

def _cpu_runner():
    """How CPU-heavy work is called (CPU_RUNNER: eventlet's thread pool under wsgi.py)."""
    return current_app.config["CPU_RUNNER"]


def _broadcast_themes(cafe: Cafe) -> tuple[dict, dict]:
    """`themes_changed`: phones get labels and representative notes, staff get everything."""
    public, staff = harvest.harvest_views(cafe)
    socketio.emit("themes_changed", public, to=phones_room(cafe.id))
    socketio.emit("themes_changed", staff, to=staff_room(cafe.id))
    return public, staff


def _broadcast_tallies(cafe: Cafe, *, phones: bool) -> None:
    """`tallies_changed` to the staff; to the phones too if `phones`, with counts only when shown."""
    counts = harvest.tallies(cafe) | {"visible": cafe.show_tallies}
    socketio.emit("tallies_changed", counts, to=staff_room(cafe.id))
    if phones:
        socketio.emit("tallies_changed", counts if cafe.show_tallies
                      else {"visible": False, "tallies": None, "voters": None},
                      to=phones_room(cafe.id))


@socketio.on("run_harvest")
@answered
@facilitator_only
def on_run_harvest(who, data=None):
    """The facilitator sends {version} between rounds or after the last: every visible note is
    clustered into themes (off the event loop). Everyone gets `cafe_changed` and `themes_changed`."""
    data = payload(data)
    cafe = harvest.run_harvest(who.cafe_id, data.get("version"), run=_cpu_runner())
    state = _broadcast_state(cafe)
    _broadcast_themes(cafe)
    return {"ok": True, "cafe": state}


def _curate(change):
    """Run one curating change, then tell every screen (`themes_changed`)."""
    @answered
    @facilitator_only
    def handler(who, data=None):
        change(who.cafe_id, payload(data))
        _broadcast_themes(services.get_cafe(who.cafe_id))
        return {"ok": True}
    handler.__name__ = f"on_{change.__name__}"
    handler.__doc__ = change.__doc__
    return handler


def rename_theme(cafe_id, data):
    """The facilitator sends {"theme": id, "label": 1-80 chars}; everyone gets `themes_changed`."""
    harvest.rename_theme(cafe_id, data.get("theme"), data.get("label"))


def merge_themes(cafe_id, data):
    """The facilitator sends {"theme": id, "into": id}: the first theme's notes join the second."""
    harvest.merge_themes(cafe_id, data.get("theme"), data.get("into"))


def move_note(cafe_id, data):
    """The facilitator sends {"note": id, "theme": id or null}; everyone gets `themes_changed`."""
    harvest.move_note(cafe_id, data.get("note"), data.get("theme"))


def split_theme(cafe_id, data):
    """The facilitator sends {"notes": [ids], "label": optional}: those notes become a new theme."""
    harvest.split_theme(cafe_id, data.get("notes"), data.get("label"), run=_cpu_runner())


def hide_theme(cafe_id, data):
    """The facilitator sends {"theme": id, "hidden": bool}: a hidden theme is not voted on."""
    harvest.hide_theme(cafe_id, data.get("theme"), data.get("hidden"))


for _change in (rename_theme, merge_themes, move_note, split_theme, hide_theme):
    socketio.on_event(_change.__name__, _curate(_change))


@socketio.on("open_voting")
@answered
@facilitator_only
def on_open_voting(who, data=None):
    """The facilitator sends {version, dots: 1-10} after the last round: phones show the themes
    to vote on. Everyone gets `cafe_changed` and `themes_changed`."""
    data = payload(data)
    cafe = harvest.open_voting(who.cafe_id, data.get("version"), data.get("dots"))
    state = _broadcast_state(cafe)
    _broadcast_themes(cafe)
    return {"ok": True, "cafe": state}


@socketio.on("close_voting")
@answered
@facilitator_only
def on_close_voting(who, data=None):
    """The facilitator sends {version}: voting closes. Everyone gets `cafe_changed`,
    `themes_changed` and `priorities_ready` (staff's also ranks by stakeholder group)."""
    data = payload(data)
    cafe = harvest.close_voting(who.cafe_id, data.get("version"))
    state = _broadcast_state(cafe)
    public, staff = _broadcast_themes(cafe)
    socketio.emit("priorities_ready", {"priorities": public["priorities"]},
                  to=phones_room(cafe.id))
    socketio.emit("priorities_ready",
                  {"priorities": staff["priorities"], "by_group": staff["by_group"]},
                  to=staff_room(cafe.id))
    return {"ok": True, "cafe": state}


@socketio.on("set_tallies_visible")
@answered
@facilitator_only
def on_set_tallies_visible(who, data=None):
    """The facilitator sends {"visible": bool}: live tallies for everyone, or for staff only.
    Everyone gets `tallies_changed` (phones without counts while hidden)."""
    data = payload(data)
    cafe = harvest.set_tallies_visible(who.cafe_id, data.get("visible"))
    _broadcast_tallies(cafe, phones=True)
    return {"ok": True}


@socketio.on("cast_votes")
@answered
@participant_only
def on_cast_votes(person, data=None):
    """A participant sends {"votes": {theme id: dots}}, replacing their earlier dots (total at most
    the café's dots). Ack {ok, my_votes}; staff (and phones, if shown) get `tallies_changed`."""
    data = payload(data)
    ballot = harvest.cast_votes(person, data.get("votes"))
    cafe = services.get_cafe(person.cafe_id)
    _broadcast_tallies(cafe, phones=cafe.show_tallies)
    return {"ok": True, "my_votes": {str(k): v for k, v in ballot.items()}}
