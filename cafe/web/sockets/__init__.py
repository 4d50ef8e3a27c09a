"""Socket.IO event handlers, grouped by who sends them; see docs/PROTOCOL.md for every event.

`connection` (any client), `phones` (participants and shared table devices), `facilitator`
(running the rounds), `without_phones` (seating and writing for people without one),
`companions` (people kept together), `harvest`
(themes and voting); `broadcast` builds what the server sends, `guards` says who a
connection is, and `bare_handlers` fences the note path's registration without a request context.
Importing this package declares every handler: the factory does it before the first init_app.
"""
from cafe.web.sockets import (  # noqa: F401  (declares them)
    companions,
    connection,
    facilitator,
    harvest,
    phones,
    without_phones,
)
from cafe.web.sockets.broadcast import notify_party_changed, notify_person_changed, notify_person_joined

__all__ = ["notify_party_changed", "notify_person_changed", "notify_person_joined"]
