"""Events a participant's phone sends: a note, leaving the café, dot votes."""
from __future__ import annotations

import logging

from flask import current_app

from cafe import services
from cafe.domain.errors import Refused
from cafe.domain.themes import embeddings
from cafe.domain.validation import payload
from cafe.extensions import db, socketio
from cafe.services import harvest, meaning
from cafe.web.rooms import staff_room
from cafe.web.sockets.bare_handlers import without_request_context
from cafe.web.sockets.broadcast import broadcast_tallies, emit_to_people
from cafe.web.sockets.guards import PARTICIPANT, answered, connections, cpu_runner, participant_only

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
    data = payload(data)
    # The busiest event: the author is known from the connection, no need to load them.
    note, created = services.submit_note(services.Author(who.participant_id, who.cafe_id),
                                         data.get("id"), data.get("text"), data.get("round"))
    positions = {note.table_id: note.position}
    if created:
        # The author's phone learns of it from the ack (with its own id), not from the broadcast.
        emit_to_people("note_added", services.note_view(note, positions), note.table_mates,
                       skip_sid=sid)
        socketio.emit("note_added", services.note_view(note, positions, staff=True),
                      to=staff_room(note.cafe_id))
        embed_later(note.cafe_id, note.text)
    return {"ok": True, "note": services.note_view(note, positions, viewer_id=note.participant_id)}


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
