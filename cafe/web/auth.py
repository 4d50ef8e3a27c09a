"""Who is asking: the facilitator (secret link or password) or a participant (seat cookie)."""
from __future__ import annotations

import functools
import hmac

from flask import abort, current_app, request, session

from cafe import services
from cafe.services import phoneless

SEAT_COOKIE = "cafe_seat_{cafe_id}"
DEVICE_COOKIE = "cafe_table_{cafe_id}"
SEAT_MAX_AGE = 3 * 24 * 3600


def check_facilitator_token(token) -> bool:
    """True when `token` is the facilitator token printed at start-up."""
    expected = current_app.config["FACILITATOR_TOKEN"]
    return isinstance(token, str) and hmac.compare_digest(token.encode(), expected.encode())


def check_facilitator_password(password) -> bool:
    """True when a facilitator password is configured and this is it."""
    expected = current_app.config.get("FACILITATOR_PASSWORD")
    return bool(expected) and isinstance(password, str) and hmac.compare_digest(
        password.encode(), expected.encode())


def grant_facilitator() -> None:
    """Remember in the signed session cookie that this browser is the facilitator's."""
    session.clear()
    session.permanent = True
    session["facilitator"] = True


def is_facilitator() -> bool:
    """Whether the current request (or socket connection) carries facilitator rights."""
    return session.get("facilitator") is True


def facilitator_required(view):
    """Refuse a page to anyone without facilitator rights."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not is_facilitator():
            abort(403)
        return view(*args, **kwargs)
    return wrapped


def cookie_secure() -> bool:
    """Mark cookies Secure when this page came over https (behind a trusted proxy: its word)."""
    return request.is_secure


def seat_cookie_name(cafe_id: int) -> str:
    """The cookie holding a participant's seat token for one café."""
    return SEAT_COOKIE.format(cafe_id=cafe_id)


def current_participant(cafe_id: int):
    """The participant whose seat cookie this browser holds for the café, if any."""
    person = services.participant_by_token(request.cookies.get(seat_cookie_name(cafe_id)))
    return person if person is not None and person.cafe_id == cafe_id else None


def device_cookie_name(cafe_id: int) -> str:
    """The cookie holding a shared table device's table code for one café."""
    return DEVICE_COOKIE.format(cafe_id=cafe_id)


def current_device_table(cafe_id: int):
    """The table this browser is the shared device of, for the café, if any."""
    return phoneless.device_table(cafe_id, request.cookies.get(device_cookie_name(cafe_id)))


def public_base_url() -> str:
    """The address phones use: configured, else the LAN address found at start-up, else this request's."""
    return (current_app.config.get("PUBLIC_URL") or current_app.config.get("LAN_URL")
            or request.host_url).rstrip("/")
