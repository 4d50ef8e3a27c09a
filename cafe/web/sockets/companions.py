"""Events the facilitator sends to keep people together (a resident and their interpreter or
carer) or let them part; joining as someone's companion is the join page's ("Join with me")."""
from __future__ import annotations

from cafe.domain.validation import payload
from cafe.extensions import socketio
from cafe.services import companions
from cafe.web.sockets.broadcast import broadcast_seating, emit_to_people
from cafe.web.sockets.guards import answered, facilitator_only


@socketio.on("link_people")
@answered
@facilitator_only
def on_link_people(who, data=None):
    """The facilitator sends {"person": id, "with": id}: they (and anyone already kept with either)
    sit at the same table in every round from now on. Ack {ok, party: [ids]}; everyone gets
    `seating_changed`, the party's phones `party_changed`."""
    data = payload(data)
    cafe, party = companions.link_people(who.cafe_id, data.get("person"), data.get("with"))
    broadcast_seating(cafe)
    emit_to_people("party_changed", {}, party)
    return {"ok": True, "party": party}


@socketio.on("unlink_person")
@answered
@facilitator_only
def on_unlink_person(who, data=None):
    """The facilitator sends {"person": id}: they may sit apart from their party from the next
    plan on. Ack {ok}; everyone gets `seating_changed`, the former party's phones `party_changed`."""
    data = payload(data)
    cafe, former = companions.unlink_person(who.cafe_id, data.get("person"))
    broadcast_seating(cafe)
    emit_to_people("party_changed", {}, former)
    return {"ok": True}
