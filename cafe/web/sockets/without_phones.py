"""Events the facilitator sends so that nobody needs a phone: adding someone without one, typing
a note on someone's behalf, and showing the codes shared table devices join with.

(A host's `submit_note_for` and a table device's `submit_table_note` are in `phones`.)
"""
from __future__ import annotations

from cafe import services
from cafe.domain.validation import payload
from cafe.extensions import db, socketio
from cafe.models import Cafe
from cafe.services import phoneless
from cafe.web.auth import public_base_url
from cafe.web.sockets.broadcast import (
    broadcast_note,
    broadcast_seating,
    notify_person_joined,
)
from cafe.web.sockets.guards import answered, facilitator_only
from cafe.web.sockets.phones import embed_later


@socketio.on("add_person")
@answered
@facilitator_only
def on_add_person(who, data=None):
    """The facilitator sends {"name": optional, "group": optional, "can_host": bool,
    "needs_language": optional, one of the café's languages}: someone taking part without a
    phone, seated like a newcomer. Ack {ok, person}; staff get `person_joined`, everyone
    `seating_changed`."""
    data = payload(data)
    person = phoneless.add_person(who.cafe_id, name=data.get("name", ""),
                                  group=data.get("group", ""),
                                  can_host=data.get("can_host", False),
                                  needs_language=data.get("needs_language"))
    notify_person_joined(person)
    cafe = db.session.get(Cafe, who.cafe_id)
    broadcast_seating(cafe)        # hosts' phones refresh the list of people at their table
    seat = services.seating(cafe.id, cafe.round_no).get(person.id)
    return {"ok": True, "person": services.person_view(person, seat)}


@socketio.on("add_note_for")
@answered
@facilitator_only
def on_add_note_for(who, data=None):
    """The facilitator sends {"id", "text", "round", "table": index, "person": id or null}: a
    note typed for someone at that table. Ack {ok, note}; `note_added` as for any note."""
    data = payload(data)
    note, created = phoneless.submit_note_for_facilitator(
        who.cafe_id, data.get("id"), data.get("text"), data.get("round"), data.get("table"),
        data.get("person"))
    if created:
        broadcast_note(note)
        embed_later(note.cafe_id, note.text)
    return {"ok": True, "note": services.note_view(note, {note.table_id: note.position},
                                                   staff=True)}


@socketio.on("show_table_codes")
@answered
@facilitator_only
def on_show_table_codes(who, data=None):
    """The facilitator asks for each table's device code; ack {ok, codes: [{table, name, colour,
    code}], url}. Only the asking dashboard hears them (never the projector)."""
    cafe = services.get_cafe(who.cafe_id)
    return {"ok": True, "codes": phoneless.table_device_codes(cafe),
            "url": f"{public_base_url()}/t"}
