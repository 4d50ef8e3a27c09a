"""The two ways a request fails: bad input (`Invalid`) and a well-formed step not allowed now (`Refused`).

The web layer turns either into a 4xx page or a socket ack in the sender's language.
"""
from __future__ import annotations


class Invalid(ValueError):
    """Bad input; `code` names the problem so the web layer can say it in the person's language."""

    def __init__(self, code: str, field: str | None = None, **params):
        super().__init__(code)
        self.code = code
        self.field = field
        self.params = params


class Refused(Exception):
    """A request that is well-formed but not allowed now; `code` says why."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params
