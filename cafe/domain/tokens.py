"""Secrets at rest: the database keeps a hash of each credential, never the credential itself.

A seat token (a phone's cookie) and a café's results link are bearer secrets. Whoever reads a
copy of the database (a backup, a stolen laptop) gets only their SHA-256 hashes, which open
nothing: the tokens are 256-bit random or keyed, so a fast hash is as strong as a slow one here.
A "Join with me" token (the QR code a person shows their companion) is keyed too, and never
stored: it names the person and when it was made, and only joins someone to their party.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from cafe.domain.errors import Refused

SEAT_TOKEN_BYTES = 32
_RESULTS_TOKEN = re.compile(r"^([1-9][0-9]{0,17})-([A-Za-z0-9_-]{32})$")
_COMPANION_TOKEN = re.compile(r"^([1-9][0-9]{0,17})\.([0-9]{1,12})\.([A-Za-z0-9_-]{32})$")
CLOCK_SKEW = 300            # seconds a token may seem to come from the future (another clock)


def hash_token(token: str) -> str:
    """The SHA-256 of a token, as 64 hex digits (what the database stores)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def new_seat_token() -> tuple[str, str]:
    """A fresh seat token for a phone's cookie, and the hash to store."""
    token = secrets.token_urlsafe(SEAT_TOKEN_BYTES)
    return token, hash_token(token)


def _results_mac(secret_key: str, cafe_id: int) -> str:
    mac = hmac.new(secret_key.encode(), f"cafe-results:{cafe_id}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode()[:32]


def results_token(secret_key: str, cafe_id: int) -> str:
    """A café's results-link token: made from the server's secret key, so it is never stored."""
    return f"{cafe_id}-{_results_mac(secret_key, cafe_id)}"


def results_cafe_id(secret_key: str, token) -> int | None:
    """The café id a results token was made for with this secret key, else None."""
    match = _RESULTS_TOKEN.match(token) if isinstance(token, str) else None
    if match is None:
        return None
    cafe_id = int(match.group(1))
    return cafe_id if hmac.compare_digest(match.group(2), _results_mac(secret_key, cafe_id)) else None


def _companion_mac(secret_key: str, cafe_id: int, person_id: int, issued: int) -> str:
    message = f"cafe-companion:{cafe_id}:{person_id}:{issued}".encode()
    mac = hmac.new(secret_key.encode(), message, hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode()[:32]


def companion_token(secret_key: str, cafe_id: int, person_id: int, now: float) -> str:
    """A "Join with me" token: joins its bearer to this person's party, never to their seat."""
    issued = int(now)
    return f"{person_id}.{issued}.{_companion_mac(secret_key, cafe_id, person_id, issued)}"


def companion_person_id(secret_key: str, token, cafe_id: int, now: float,
                        max_age: float) -> int:
    """The person a "Join with me" token was made for in this café, with this secret key.

    Refused('unknown_code') for anything else (malformed, forged, another café's), the same
    answer as a wrong join code; Refused('companion_link_expired') when older than `max_age`.
    """
    match = _COMPANION_TOKEN.match(token) if isinstance(token, str) else None
    if match is None:
        raise Refused("unknown_code")
    person_id, issued = int(match.group(1)), int(match.group(2))
    if not hmac.compare_digest(match.group(3),
                               _companion_mac(secret_key, cafe_id, person_id, issued)):
        raise Refused("unknown_code")
    if not (now - max_age <= issued <= now + CLOCK_SKEW):
        raise Refused("companion_link_expired")
    return person_id
