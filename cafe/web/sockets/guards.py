"""Who is sending: a connection's identity (fixed at connect), role guards, and friendly acks.

Every handler answers through the Socket.IO acknowledgement: {"ok": true, ...} or
{"ok": false, "error": code, "message": text in the sender's language}. The role and café of a
connection are fixed when it connects, from its credentials; payloads never grant authority.
"""
from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from flask import current_app, request
from sqlalchemy.exc import OperationalError

from cafe.domain.errors import Invalid, Refused
from cafe.extensions import db
from cafe.models import Participant
from cafe.web.messages import error_message

log = logging.getLogger("cafe.web.sockets")

FACILITATOR = "facilitator"
PROJECTOR = "projector"
PARTICIPANT = "participant"
TABLE_DEVICE = "table"      # a tablet or laptop shared by everyone at one table


@dataclass(frozen=True)
class Identity:
    """What a connection is allowed to be, fixed at connect time."""
    role: str
    cafe_id: int
    participant_id: int | None = None
    table_id: int | None = None          # a shared table device's own table


# sid -> Identity, for connections to this process (sticky sessions keep a client on one process).
connections: dict[str, Identity] = {}


def identity() -> Identity | None:
    """The identity of the connection sending the current event."""
    return connections.get(request.sid)


def failure(code: str, params: dict | None = None) -> dict:
    """The ack of a refused event, worded in the sender's language."""
    ack = {"ok": False, "error": code, "message": error_message(code, params)}
    if code == "rate_limited":
        ack["retry_after"] = params["retry_after"]
    return ack


def limits():
    """This app's socket rate limits (cafe/web/throttle.py)."""
    return current_app.extensions["cafe_limits"]


def limit_key(sid: str) -> str:
    """Whose count an event goes on: a participant's seat (all their connections), else the connection."""
    who = connections.get(sid)
    return f"seat-{who.participant_id}" if who is not None and who.participant_id else sid


def cut_off_if_ignoring(sid: str) -> None:
    """Count a refusal; disconnect a sender that keeps sending after being told to wait."""
    from cafe.extensions import socketio
    if limits().ignores_refusals(limit_key(sid)):
        log.warning("disconnecting %s: it keeps sending past its rate limit", sid)
        socketio.server.disconnect(sid)


def rate_limited(sid: str, wait: int) -> dict:
    """The `rate_limited` ack, with the seconds to wait."""
    cut_off_if_ignoring(sid)
    return failure("rate_limited", {"retry_after": wait})


def refusal(exc: Exception, where: str) -> dict:
    """The friendly ack for an exception raised by handler `where`; nothing it began is kept."""
    db.session.rollback()
    if isinstance(exc, Invalid):
        return failure(exc.code, exc.params) | {"field": exc.field}
    if isinstance(exc, Refused):
        # The numbers a refusal carries (say, stale_harvest's count) reach the client as fields.
        return exc.params | failure(exc.code, exc.params)
    if isinstance(exc, OperationalError):
        log.error("database busy in %s", where, exc_info=exc)
        return failure("busy")
    log.error("unexpected error in %s", where, exc_info=exc)
    return failure("internal")


def answered(handler):
    """Turn refusals and bad input into a friendly ack; never let an exception reach a phone.

    Each connection may send only so many events a minute (EVENT_RATE; a participant's
    connections count as one, their seat): past that, the event changes nothing and is
    answered `rate_limited` with `retry_after` seconds.
    """
    @functools.wraps(handler)
    def wrapped(*args):
        try:
            wait = limits().event(limit_key(request.sid))
            if wait is not None:
                return rate_limited(request.sid, wait)
            return handler(*args)
        except Exception as exc:
            return refusal(exc, handler.__name__)
    return wrapped


def facilitator_only(handler):
    """Refuse the event unless the connection was opened with facilitator rights."""
    @functools.wraps(handler)
    def wrapped(*args):
        who = identity()
        if who is None or who.role != FACILITATOR:
            return failure("not_allowed")
        return handler(who, *args)
    return wrapped


def participant_only(handler):
    """Run the handler with the participant this connection's seat cookie belongs to."""
    @functools.wraps(handler)
    def wrapped(*args):
        who = identity()
        if who is None or who.role != PARTICIPANT:
            return failure("not_allowed")
        person = db.session.get(Participant, who.participant_id)
        if person is None:
            return failure("not_joined")
        return handler(person, *args)
    return wrapped


def cpu_runner():
    """How CPU-heavy work is called (CPU_RUNNER: eventlet's thread pool under wsgi.py)."""
    return current_app.config["CPU_RUNNER"]
