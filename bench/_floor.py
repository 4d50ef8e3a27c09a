"""The floor for bench.load: a bare python-socketio server with the café's messaging and nothing else.

`python -m bench._floor --port P --mode eventlet|gevent|threading [--queue redis://...]`

It answers the events the simulated phones and facilitator send, with the same fan-out as the app
(a note goes to its table's room and to the staff room; a rotation goes to every screen), but with
no Flask, no database and no checks: the cost of Socket.IO itself in the same async mode. Whatever
the app measures above this is what the app adds.
"""
import argparse
import sys

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--mode", choices=("eventlet", "gevent", "threading"), default="eventlet")
parser.add_argument("--queue", default=None)
ARGS = parser.parse_args()

# As in wsgi.py: the async library patches the standard library before anything else is imported.
if ARGS.mode == "eventlet":
    import warnings
    warnings.filterwarnings("ignore", message="\nEventlet is deprecated")
    import eventlet
    eventlet.monkey_patch()
elif ARGS.mode == "gevent":
    from gevent import monkey
    monkey.patch_all()

import itertools  # noqa: E402  (after monkey-patching)
import time  # noqa: E402

import socketio  # noqa: E402

TRANSITIONS = ("open_cafe", "start_round", "pause_round", "resume_round", "add_minutes",
               "end_round", "rotate")

manager = socketio.RedisManager(ARGS.queue) if ARGS.queue else None
sio = socketio.Server(async_mode=ARGS.mode, client_manager=manager, ping_interval=10,
                      ping_timeout=20)
state = {"phase": "lobby", "version": 1, "round": 1}
who: dict[str, tuple[str, int | None]] = {}
notes: dict[str, dict] = {}
note_ids = itertools.count(1)


def cafe_state() -> dict:
    return dict(state, server_now=time.time(), ends_at=None, remaining=None)


def snapshot(sid) -> dict:
    role, table = who[sid]
    if role == "participant":
        return {"role": role, "cafe": cafe_state(), "me": {"table": table}, "notes": []}
    return {"role": "staff", "cafe": cafe_state(), "notes": list(notes.values())}


@sio.event
def connect(sid, environ, auth):
    """A phone says its table in auth (the app ignores that key and seats it itself)."""
    auth = auth or {}
    role, table = auth.get("role"), auth.get("table")
    who[sid] = (role, table)
    sio.enter_room(sid, "cafe")
    sio.enter_room(sid, f"table:{table}" if role == "participant" else "staff")
    sio.emit("snapshot", snapshot(sid), to=sid)


@sio.event
def disconnect(sid, *_):
    who.pop(sid, None)


@sio.event
def submit_note(sid, data):
    _, table = who[sid]
    note = notes.get(data["id"])
    if note is None:
        note = {"id": next(note_ids), "text": data["text"], "round": data["round"], "table": table}
        notes[data["id"]] = note
        sio.emit("note_added", note, to=f"table:{table}", skip_sid=sid)
        sio.emit("note_added", note, to="staff")
    return {"ok": True, "note": dict(note, client_id=data["id"], mine=True)}


@sio.event
def sync(sid, *_):
    return {"ok": True, "snapshot": snapshot(sid)}


@sio.event
def clock_sync(sid, data):
    return {"ok": True, "t": data["t"], "server_now": time.time()}


def transition(name):
    def handler(sid, data):
        if data.get("version") != state["version"]:
            return {"ok": False, "error": "already_advanced"}
        state["version"] += 1
        if name == "rotate":
            state["round"] += 1
        sio.emit("cafe_changed", cafe_state(), to="cafe")
        if name == "rotate":
            sio.emit("seating_changed", {"round": state["round"], "seats": {}, "hosts": []},
                     to="cafe")
        return {"ok": True, "cafe": cafe_state()}
    return handler


for _name in TRANSITIONS:
    sio.on(_name, transition(_name))


def main() -> None:
    app = socketio.WSGIApp(sio)
    if ARGS.mode == "eventlet":
        import eventlet.wsgi
        eventlet.wsgi.server(eventlet.listen(("127.0.0.1", ARGS.port)), app, log_output=False)
    elif ARGS.mode == "gevent":
        from gevent import pywsgi
        pywsgi.WSGIServer(("127.0.0.1", ARGS.port), app, log=None).serve_forever()
    else:
        from werkzeug.serving import run_simple
        run_simple("127.0.0.1", ARGS.port, app, threaded=True)


if __name__ == "__main__":
    sys.exit(main())
