"""Socket event handlers, grouped by who sends them."""
from cafe.web.sockets.handlers import notify_person_joined  # noqa: F401
