"""Socket.IO event handlers, grouped by who sends them; see docs/PROTOCOL.md for every event.

`connection` (any client), `phones` (participants), `facilitator` (running the rounds),
`harvest` (themes and voting); `broadcast` builds what the server sends, `guards` says who a
connection is, and `bare_handlers` fences the note path's registration without a request context.
Importing this package declares every handler: the factory does it before the first init_app.
"""
from cafe.web.sockets import connection, facilitator, harvest, phones  # noqa: F401  (declares them)
from cafe.web.sockets.broadcast import notify_person_joined

__all__ = ["notify_person_joined"]
