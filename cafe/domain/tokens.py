"""Secrets at rest: the database keeps a hash of each credential, never the credential itself.

A seat token (a phone's cookie) and a café's results link are bearer secrets. Whoever reads a
copy of the database (a backup, a stolen laptop) gets only their SHA-256 hashes, which open
nothing: the tokens are 256-bit random or keyed, so a fast hash is as strong as a slow one here.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

SEAT_TOKEN_BYTES = 32
_RESULTS_TOKEN = re.compile(r"^([1-9][0-9]{0,17})-([A-Za-z0-9_-]{32})$")


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
