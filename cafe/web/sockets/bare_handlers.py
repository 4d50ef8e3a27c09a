"""Handlers declared on python-socketio itself, without Flask's request context: the fence.

Flask-SocketIO pushes a Flask request context (request, cookie session) for every event. On the
note path, the busiest of a café, that was a fifth of the server's time for each note
(docs/LOAD.md). A handler declared here runs in the app context alone (the database and the
config), knows its connection by `sid`, and must not touch `request`. It is appended to
Flask-SocketIO's `handlers` list, which every `init_app` reads; one declared after the first
`init_app` would reach no server, so that raises instead of registering nothing.
"""
from __future__ import annotations

from cafe.extensions import socketio
from cafe.web.sockets.guards import refusal


class LateRegistration(RuntimeError):
    """A bare handler declared after a server was bound: it would silently never run."""


def without_request_context(event: str):
    """Declare handler(sid, data) for `event` on python-socketio itself, answered as by `answered`.

    A refusal is worded inside a request context pushed then, since the sender's language comes
    from their request.
    """
    def decorator(handler):
        if socketio.server is not None:
            raise LateRegistration(f"{event!r} declared after socketio.init_app: import "
                                   "cafe.web.sockets before the first app is built")

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
                    return refusal(exc, handler.__name__)
        # Read by every init_app, like the handlers of socketio.on (see register_extensions).
        socketio.handlers.append((event, on_event, "/"))
        return handler
    return decorator
