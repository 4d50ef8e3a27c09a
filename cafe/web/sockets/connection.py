"""Events any client sends: connecting, disconnecting, asking for a snapshot, measuring the clock."""
from __future__ import annotations

from flask import request
from flask_socketio import emit, join_room

from cafe import services
from cafe.domain.errors import Invalid
from cafe.domain.validation import payload
from cafe.extensions import db, socketio
from cafe.models import Cafe, Participant
from cafe.services import harvest
from cafe.web.auth import current_participant, is_facilitator
from cafe.web.pages.facilitator import join_url
from cafe.web.sockets.broadcast import with_results_url
from cafe.web.rooms import cafe_room, participant_room, phones_room, staff_room
from cafe.web.sockets.guards import (
    FACILITATOR,
    PARTICIPANT,
    PROJECTOR,
    Identity,
    answered,
    connections,
    failure,
    identity,
)


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
    who = _identity_from_credentials(cafe, role)
    if who is None:
        return False
    connections[request.sid] = who
    emit("snapshot", _snapshot_and_rooms())
    return True


def _identity_from_credentials(cafe: Cafe, role) -> Identity | None:
    """The identity this connection's credentials allow for `role`, or None."""
    if role in (FACILITATOR, PROJECTOR):
        return Identity(role, cafe.id) if is_facilitator() else None
    if role == PARTICIPANT:
        person = current_participant(cafe.id)
        return None if person is None else Identity(PARTICIPANT, cafe.id, person.id)
    return None


@socketio.on("disconnect")
def on_disconnect(*_):
    """Any client's connection closes: forget it (a phone that locks its screen is not leaving)."""
    connections.pop(request.sid, None)


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
        snap["harvest"] = with_results_url(cafe, harvest.harvest_view(cafe, person=person))
        return snap
    join_room(staff_room(cafe.id))
    snap = services.staff_snapshot(cafe, join_url=join_url(cafe))
    snap["role"] = who.role
    snap["note_counts"] = services.note_counts(cafe)
    snap["harvest"] = with_results_url(cafe, harvest.harvest_view(cafe, staff=True))
    return snap


@socketio.on("sync")
@answered
def on_sync(*_):
    """Any client asks for a fresh snapshot (after a reconnect or a seating change); ack: {ok, snapshot}."""
    if identity() is None:
        return failure("not_joined")
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
