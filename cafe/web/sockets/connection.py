"""Events any client sends: connecting, disconnecting, asking for a snapshot, measuring the clock."""
from __future__ import annotations

from flask import request
from flask_socketio import emit, join_room

from cafe import services
from cafe.domain.errors import Invalid, Refused
from cafe.domain.validation import payload
from cafe.extensions import db, socketio
from cafe.models import Cafe, CafeTable, Participant
from cafe.services import harvest, joining, phoneless
from cafe.web.auth import current_device_table, current_participant, is_facilitator
from cafe.web.pages.facilitator import join_url
from cafe.web.rooms import (
    cafe_room,
    participant_room,
    phones_room,
    staff_room,
    table_device_room,
)
from cafe.web.sockets.broadcast import with_results_url
from cafe.web.sockets.guards import (
    FACILITATOR,
    PARTICIPANT,
    PROJECTOR,
    TABLE_DEVICE,
    Identity,
    answered,
    connections,
    failure,
    identity,
    limit_key,
    limits,
    rate_limited,
)


@socketio.on("connect")
def on_connect(auth):
    """Any client connects with auth {"cafe": id, "role": "participant"|"facilitator"|"projector"|"table"}.

    The server checks the credentials (seat cookie, table-device cookie or facilitator session),
    puts the connection in
    its rooms and sends it a full `snapshot`. A refused connection gets a connect_error.
    """
    auth = auth if isinstance(auth, dict) else {}
    cafe_id, role = auth.get("cafe"), auth.get("role")
    if isinstance(cafe_id, bool) or not isinstance(cafe_id, int):
        return False
    cafe = db.session.get(Cafe, cafe_id)
    if cafe is None:
        return False
    checked = _identity_from_credentials(cafe, role)
    if checked is None:
        return False
    who, holder = checked
    connections[request.sid] = who
    emit("snapshot", _snapshot_and_rooms(holder))
    return True


def _identity_from_credentials(cafe: Cafe, role) -> tuple[Identity, object] | None:
    """The identity this connection's credentials allow for `role`, or None.

    With it comes the participant or table the credential was checked against (None for staff),
    for the snapshot: the session holds what it loaded only while something refers to it, so
    dropping it here made every reconnect read the same row again.
    """
    if role in (FACILITATOR, PROJECTOR):
        return (Identity(role, cafe.id), None) if is_facilitator() else None
    if role == PARTICIPANT:
        person = current_participant(cafe.id)
        if person is None or limits().ignoring(f"seat-{person.id}"):
            return None     # no seat, or cut off a moment ago for flooding: no snapshot for it
        return Identity(PARTICIPANT, cafe.id, person.id), person
    if role == TABLE_DEVICE:
        table = current_device_table(cafe.id)
        return None if table is None else (Identity(TABLE_DEVICE, cafe.id, table_id=table.id), table)
    return None


@socketio.on("disconnect")
def on_disconnect(*_):
    """Any client's connection closes: forget it (a phone that locks its screen is not leaving)."""
    connections.pop(request.sid, None)
    # Its event counters are left to expire: a client can send an event named "disconnect",
    # and that must not reset its count.


def on_unknown_event(*args):
    """An event with no handler (a typo, an old or a hostile client): `unknown_event`.

    python-socketio calls a catch-all as (event, sid, *data), but an event literally named "*"
    as (sid, *data); so it is declared on python-socketio itself, and tells the two apart.
    """
    environ = socketio.server.get_environ(args[0]) if args else None
    if not environ:
        environ = socketio.server.get_environ(args[1]) if len(args) > 1 else None
        if not environ:             # not (or no longer) connected to this process
            return None
        sid = args[1]
    else:
        sid = args[0]
    with environ["flask.app"].request_context(environ):
        wait = limits().event(limit_key(sid))
        if wait is not None:
            return rate_limited(sid, wait)
        return failure("unknown_event")


socketio.handlers.append(("*", on_unknown_event, "/"))


def _snapshot_and_rooms(holder=None) -> dict:
    """Build this connection's snapshot and make its rooms match it (Refused if the café is gone).

    `holder` is the participant or table its credentials were just checked against, if any.
    """
    who = identity()
    cafe = db.session.get(Cafe, who.cafe_id)
    if cafe is None:                    # deleted since this connection opened
        raise Refused("not_found")
    join_room(cafe_room(cafe.id))
    if who.role == PARTICIPANT:
        person = holder if holder is not None else db.session.get(Participant, who.participant_id)
        if person is None:
            raise Refused("not_found")
        snap = services.participant_snapshot(person)
        join_room(participant_room(person.id))
        join_room(phones_room(cafe.id))
        snap["harvest"] = with_results_url(cafe, harvest.harvest_view(cafe, person=person))
        return snap
    if who.role == TABLE_DEVICE:
        table = holder if holder is not None else db.session.get(CafeTable, who.table_id)
        join_room(table_device_room(table.id))      # its table's notes, every round: it never moves
        return phoneless.device_snapshot(table)
    join_room(staff_room(cafe.id))
    snap = services.staff_snapshot(cafe, join_url=join_url(cafe))
    snap["role"] = who.role
    snap["note_counts"] = services.note_counts(cafe)
    snap["harvest"] = with_results_url(cafe, harvest.harvest_view(cafe, staff=True))
    snap["joining"] = joining.joining_view(cafe)
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
