"""Events the facilitator sends for the harvest: themes, curating them, opening and closing the vote.

(Phones' dot votes, `cast_votes`, are in `phones`.)
"""
from __future__ import annotations

from flask import current_app

from cafe import services
from cafe.domain.phases import RESULTS
from cafe.domain.validation import payload
from cafe.extensions import socketio
from cafe.services import harvest
from cafe.web.rooms import phones_room, staff_room
from cafe.web.sockets.broadcast import (
    broadcast_state,
    broadcast_tallies,
    broadcast_themes,
)
from cafe.web.sockets.guards import answered, cpu_runner, facilitator_only


@socketio.on("run_harvest")
@answered
@facilitator_only
def on_run_harvest(who, data=None):
    """The facilitator sends {version, backend?, ignore_words?, themes?} between rounds or after
    the last: every visible note is clustered into themes (off the event loop), by shared words
    ("tfidf") or by meaning ("semantic", when installed). Everyone gets `cafe_changed` and
    `themes_changed`."""
    data = payload(data)
    cafe = harvest.run_harvest(
        who.cafe_id, data.get("version"), backend=data.get("backend"),
        ignore_words=data.get("ignore_words"), themes=data.get("themes"),
        default_backend=current_app.config["THEMES_BACKEND"], run=cpu_runner())
    state = broadcast_state(cafe)
    broadcast_themes(cafe)
    return {"ok": True, "cafe": state}


def _curated(cafe_id: int) -> dict:
    """After a curating change: every screen gets `themes_changed`."""
    broadcast_themes(services.get_cafe(cafe_id))
    return {"ok": True}


@socketio.on("rename_theme")
@answered
@facilitator_only
def on_rename_theme(who, data=None):
    """The facilitator sends {"theme": id, "label"?: 1-80 chars, "translations"?: {lang: 0-80
    chars}} (the label in the café's other languages; empty removes one); everyone gets
    `themes_changed`."""
    data = payload(data)
    harvest.rename_theme(who.cafe_id, data.get("theme"), data.get("label"),
                         data.get("translations"))
    return _curated(who.cafe_id)


@socketio.on("merge_themes")
@answered
@facilitator_only
def on_merge_themes(who, data=None):
    """The facilitator sends {"theme": id, "into": id}: the first theme's notes join the second.
    Everyone gets `themes_changed`."""
    data = payload(data)
    harvest.merge_themes(who.cafe_id, data.get("theme"), data.get("into"))
    return _curated(who.cafe_id)


@socketio.on("move_note")
@answered
@facilitator_only
def on_move_note(who, data=None):
    """The facilitator sends {"note": id, "theme": id or null}; everyone gets `themes_changed`."""
    data = payload(data)
    harvest.move_note(who.cafe_id, data.get("note"), data.get("theme"))
    return _curated(who.cafe_id)


@socketio.on("split_theme")
@answered
@facilitator_only
def on_split_theme(who, data=None):
    """The facilitator sends {"notes": [ids], "label": optional}: those notes become a new theme.
    Everyone gets `themes_changed`."""
    data = payload(data)
    harvest.split_theme(who.cafe_id, data.get("notes"), data.get("label"), run=cpu_runner())
    return _curated(who.cafe_id)


@socketio.on("hide_theme")
@answered
@facilitator_only
def on_hide_theme(who, data=None):
    """The facilitator sends {"theme": id, "hidden": bool}: a hidden theme is not voted on.
    Everyone gets `themes_changed`."""
    data = payload(data)
    harvest.hide_theme(who.cafe_id, data.get("theme"), data.get("hidden"))
    return _curated(who.cafe_id)


@socketio.on("open_voting")
@answered
@facilitator_only
def on_open_voting(who, data=None):
    """The facilitator sends {version, dots: 1-10, confirm?: bool} after the last round: phones
    show the themes to vote on. Everyone gets `cafe_changed` and `themes_changed`. While visible
    notes are in no theme the answer is 'stale_harvest' with their `count`, unless confirm is true."""
    data = payload(data)
    cafe = harvest.open_voting(who.cafe_id, data.get("version"), data.get("dots"),
                               confirm=data.get("confirm", False))
    state = broadcast_state(cafe)
    broadcast_themes(cafe)
    return {"ok": True, "cafe": state}


@socketio.on("close_voting")
@answered
@facilitator_only
def on_close_voting(who, data=None):
    """The facilitator sends {version}: voting closes. Everyone gets `cafe_changed`,
    `themes_changed` and `priorities_ready` (staff's also ranks by stakeholder group)."""
    data = payload(data)
    cafe = harvest.close_voting(who.cafe_id, data.get("version"))
    state = broadcast_state(cafe)
    public, staff = broadcast_themes(cafe)
    socketio.emit("priorities_ready", {"priorities": public["priorities"]},
                  to=phones_room(cafe.id))
    socketio.emit("priorities_ready",
                  {"priorities": staff["priorities"], "by_group": staff["by_group"]},
                  to=staff_room(cafe.id))
    return {"ok": True, "cafe": state}


@socketio.on("set_paper_tallies")
@answered
@facilitator_only
def on_set_paper_tallies(who, data=None):
    """The facilitator sends {"voters": people who voted on paper, "tallies": [{"theme": id,
    "group": name or null, "count": dots}]}, replacing the paper counts. Staff get
    `themes_changed` and `tallies_changed` (phones too, when tallies are shown or results are out)."""
    data = payload(data)
    cafe = harvest.set_paper_tallies(who.cafe_id, data.get("voters"), data.get("tallies"))
    public, staff = broadcast_themes(cafe)
    broadcast_tallies(cafe, phones=cafe.show_tallies)
    if cafe.harvest_state == RESULTS:
        socketio.emit("priorities_ready", {"priorities": public["priorities"]},
                      to=phones_room(cafe.id))
        socketio.emit("priorities_ready",
                      {"priorities": staff["priorities"], "by_group": staff["by_group"]},
                      to=staff_room(cafe.id))
    return {"ok": True}


@socketio.on("set_tallies_visible")
@answered
@facilitator_only
def on_set_tallies_visible(who, data=None):
    """The facilitator sends {"visible": bool}: live tallies for everyone, or for staff only.
    Everyone gets `tallies_changed` (phones without counts while hidden)."""
    data = payload(data)
    cafe = harvest.set_tallies_visible(who.cafe_id, data.get("visible"))
    broadcast_tallies(cafe, phones=True)
    return {"ok": True}
