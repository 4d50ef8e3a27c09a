"""Events a participant's phone sends: a note (a host's also for someone at the table), leaving
the café, dot votes; and a shared table device's notes."""
from __future__ import annotations

import logging

from flask import current_app, request

from cafe import services
from cafe.domain.errors import Refused
from cafe.domain.themes import embeddings
from cafe.domain.validation import payload
from cafe.extensions import db, socketio
from cafe.services import harvest, meaning, phoneless
from cafe.web.rooms import staff_room
from cafe.web.sockets.bare_handlers import without_request_context
from cafe.web.sockets.broadcast import broadcast_note, broadcast_tallies
from cafe.web.sockets.guards import (
    PARTICIPANT,
    TABLE_DEVICE,
    answered,
    connections,
    cpu_runner,
    cut_off_if_ignoring,
    limits,
    participant_only,
)

log = logging.getLogger(__name__)


@without_request_context("submit_note")
def on_submit_note(sid, data=None):
    """A participant sends {"id": phone-made id, "text": str, "round": int}.

    Ack {ok, note} only after the note is committed; a resend gets the same ack. The note goes
    (`note_added`) to the phones of those seated at its table and to the staff.
    """
    who = connections.get(sid)
    if who is None or who.role != PARTICIPANT:
        raise Refused("not_allowed")
    # Counted per seat, before anything else: a flood costs the server a counter, not a write.
    wait = limits().note(who.participant_id)
    if wait is not None:
        cut_off_if_ignoring(sid)
        raise Refused("rate_limited", retry_after=wait)
    data = payload(data)
    # The busiest event: the author is known from the connection, no need to load them.
    note, created = services.submit_note(services.Author(who.participant_id, who.cafe_id),
                                         data.get("id"), data.get("text"), data.get("round"))
    positions = {note.table_id: note.position}
    if created:
        broadcast_note(note, skip_sid=sid)
        embed_later(note.cafe_id, note.text)
    return {"ok": True, "note": services.note_view(note, positions, viewer_id=note.participant_id)}


@socketio.on("submit_note_for")
@answered
@participant_only
def on_submit_note_for(host, data=None):
    """A table's host sends {"id", "text", "round", "person": id or null}: a note typed for
    someone at their table (null: "someone at this table"), counted for that person.

    Ack {ok, note}; refused ('not_host') from anyone who does not host that table. The note goes
    (`note_added`) to the table's phones and device and to the staff.
    """
    data = payload(data)
    note, created = phoneless.submit_note_for_host(
        host, data.get("id"), data.get("text"), data.get("round"), data.get("person"))
    if created:
        broadcast_note(note, skip_sid=request.sid)
        embed_later(note.cafe_id, note.text)
    # Its client id lets the host's phone clear its outbox; it is not the host's own note.
    view = services.note_view(note, {note.table_id: note.position})
    return {"ok": True, "note": view | {"client_id": note.client_id}}


@without_request_context("submit_table_note")
def on_submit_table_note(sid, data=None):
    """A shared table device sends {"id", "text", "round"}: a note counted for its table.

    Ack {ok, note}; the note goes (`note_added`) to the table's phones and the staff.
    """
    who = connections.get(sid)
    if who is None or who.role != TABLE_DEVICE:
        raise Refused("not_allowed")
    wait = limits().table_note(who.table_id)
    if wait is not None:
        raise Refused("rate_limited", retry_after=wait)
    data = payload(data)
    note, created = phoneless.submit_table_note(who.table_id, data.get("id"), data.get("text"),
                                                data.get("round"))
    if created:
        broadcast_note(note, skip_sid=sid)
        embed_later(note.cafe_id, note.text)
    view = services.note_view(note, {note.table_id: note.position})
    return {"ok": True, "note": view | {"client_id": note.client_id, "mine": True}}


def embed_later(cafe_id: int, text: str) -> None:
    """Embed a new note in the background (off the event loop), so a harvest by meaning is fast."""
    if not embeddings_wanted(current_app.config):
        return
    app, run = current_app._get_current_object(), cpu_runner()

    def task():
        with app.app_context():
            try:
                meaning.embed_note(cafe_id, text, run=run)
            except Exception:            # the harvest embeds whatever is missing anyway
                log.exception("embedding a note failed")
            finally:
                db.session.remove()

    socketio.start_background_task(task)


def embeddings_wanted(config) -> bool:
    """Whether notes are embedded as they arrive: EMBED_NOTES, or when unset, if installed."""
    wanted = config.get("EMBED_NOTES")
    return embeddings.available() if wanted is None else bool(wanted) and embeddings.available()


@socketio.on("leave_cafe")
@answered
@participant_only
def on_leave_cafe(person, *_):
    """A participant leaves: they are taken out of the coming rotations. Staff get `person_left`."""
    services.leave_cafe(person)
    socketio.emit("person_left", {"id": person.id}, to=staff_room(person.cafe_id))
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
    broadcast_tallies(cafe, phones=cafe.show_tallies)
    return {"ok": True, "my_votes": {str(k): v for k, v in ballot.items()}}
