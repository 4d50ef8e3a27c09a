"""Phone pages: type a code, join a café, and the café page itself."""
from __future__ import annotations

import time

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale

from cafe import services
from cafe.extensions import csrf, limiter
from cafe.domain import phases, tokens
from cafe.domain.limits import COMPANION_LINK_MINUTES
from cafe.domain.validation import Invalid
from cafe.services import companions, joining, phoneless, seat_languages
from cafe.web.auth import (
    SEAT_MAX_AGE,
    cookie_secure,
    current_device_table,
    current_participant,
    device_cookie_name,
    public_base_url,
    seat_cookie_name,
)
from cafe.web.messages import error_message, language_name
from cafe.web.pages.facilitator import _qr_svg
from cafe.web.sockets import notify_party_changed, notify_person_changed, notify_person_joined

bp = Blueprint("participant", __name__)
# Phones hold no account and no session: a join needs no CSRF token (docs/SECURITY.md).
csrf.exempt(bp)


def _unknown_code_answer(response) -> bool:
    """Only wrong codes count against CODE_GUESS_RATE: a crowd scanning the QR code is never slowed."""
    return response.status_code == 404


# Checked before the view: once an address is over the limit, every code it tries, right or
# wrong, gets the same 429, so the throttle never tells a guesser which code was right.
guess_limit = limiter.shared_limit(lambda: current_app.config["CODE_GUESS_RATE"], scope="join-code",
                                   deduct_when=_unknown_code_answer)
join_limit = limiter.limit(lambda: current_app.config["JOIN_RATE"], methods=["POST"],
                           scope="join")

LANG_COOKIE = "cafe_lang"


@bp.route("/")
def index():
    """The app's front door is the join page: residents are most of its visitors."""
    return redirect(url_for(".join"))


@bp.route("/join", methods=["GET", "POST"])
@guess_limit
def join():
    """Type the short code shown on the projector."""
    code = (request.form.get("code") or request.args.get("code") or "").strip()
    if code:
        return redirect(url_for(".join_cafe", code=services.normalise_code(code)))
    return render_template("participant/join_code.html")


def _unknown_code():
    # Unknown, draft, finished and deleted cafés all get this same answer.
    return render_template("participant/join_code.html",
                           error=error_message("unknown_code")), 404


def _companion(cafe):
    """The person whose "Join with me" code (?with=) this newcomer scanned, None without one.

    Refused as companions.companion_to_join says, and 'unknown_code' for a forged or another
    café's code, 'companion_link_expired' for an old one (cafe/domain/tokens.py).
    """
    token = request.args.get("with")
    if token is None:
        return None
    person_id = tokens.companion_person_id(current_app.config["SECRET_KEY"], token, cafe.id,
                                           time.time(), COMPANION_LINK_MINUTES * 60)
    return companions.companion_to_join(cafe, person_id)


def _companion_refused(exc):
    """A "Join with me" code that can't be used: a wrong one reads like a wrong join code."""
    if exc.code == "unknown_code":
        return _unknown_code()
    return render_template("participant/join_code.html",
                           error=error_message(exc.code, exc.params)), 410


@bp.route("/j/<code>", methods=["GET", "POST"])
@guess_limit
@join_limit
def join_cafe(code):
    """Join a café from its QR code (or a person's "Join with me" code, ?with=, to sit with
    them); a browser that already has a seat goes straight back to it."""
    cafe = services.find_joinable_cafe(code)
    if cafe is None:
        return _unknown_code()
    if current_participant(cafe.id) is not None:
        return redirect(url_for(".cafe_page", code=cafe.join_code))
    try:
        companion = _companion(cafe)
    except services.Refused as exc:
        return _companion_refused(exc)
    languages = current_app.config["LANGUAGES"]
    error = None
    if request.method == "POST":
        language = request.form.get("language") or str(get_locale())
        try:
            person = services.join_cafe(
                code, name=request.form.get("name", ""), group=request.form.get("group", ""),
                can_host=request.form.get("can_host") == "yes", language=language,
                languages=languages, needs_language=request.form.get("needs_language", ""),
                companion_of=companion.id if companion else None)
        except services.Refused as exc:
            if exc.code == "unknown_code":
                return _unknown_code()
            # joining closed, café full; their companion left or their party filled meanwhile
            error = error_message(exc.code, exc.params)
        except Invalid as exc:
            error = error_message(exc.code, exc.params)
        else:
            notify_person_joined(person)
            if companion is not None:
                notify_party_changed(person)
            response = redirect(url_for(".cafe_page", code=cafe.join_code))
            response.set_cookie(seat_cookie_name(cafe.id), person.cookie_token,
                                max_age=SEAT_MAX_AGE, httponly=True, samesite="Lax",
                                secure=cookie_secure())
            response.set_cookie(LANG_COOKIE, person.language, max_age=SEAT_MAX_AGE,
                                samesite="Lax", secure=cookie_secure())
            return response
    return render_template("participant/join.html", cafe=cafe, languages=languages,
                           table_languages=_table_languages(cafe),
                           error=error, form=request.form,
                           companion=companion), (400 if error else 200)


def _table_languages(cafe) -> list[tuple[str, str]]:
    """(code, name in itself) of the languages a newcomer may need at their table: the café's,
    offered only when some table lists the languages it speaks (otherwise any table will do)."""
    if not seat_languages.tables_speak_languages(cafe):
        return []
    return [(code, language_name(code, own=True)) for code in cafe.language_list]


@bp.route("/c/<code>")
def cafe_page(code):
    """The participant's live page: table, question, clock and tablecloth."""
    cafe = services.find_cafe(code, phases.VISIBLE)
    if cafe is None:
        return _unknown_code()
    person = current_participant(cafe.id)
    if person is None:
        return redirect(url_for(".join_cafe", code=code))
    return render_template("participant/cafe.html", cafe=cafe, reader_lang=person.language)


@bp.route("/c/<code>/with-me.svg")
def with_me_qr_code(code):
    """The QR code a participant shows their interpreter or carer to join and sit with them.

    It carries a "Join with me" token (cafe/domain/tokens.py), never the seat token; made
    afresh each time it is shown, so it is never cached.
    """
    cafe = services.find_joinable_cafe(code)
    person = current_participant(cafe.id) if cafe is not None else None
    if person is None or person.left_at is not None:
        abort(404)
    token = tokens.companion_token(current_app.config["SECRET_KEY"], cafe.id, person.id,
                                   time.time())
    link = url_for(".join_cafe", code=cafe.join_code, **{"with": token})
    response = _qr_svg(f"{public_base_url()}{link}")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/t", methods=["GET", "POST"])
def join_table_device():
    """Make this tablet or laptop a table's shared device: type the table code from the dashboard."""
    error = None
    if request.method == "POST":
        table = phoneless.find_device_table(request.form.get("code"))
        if table is not None:
            response = redirect(url_for(".table_device_page", code=table.cafe.join_code))
            response.set_cookie(device_cookie_name(table.cafe_id), table.device_code,
                                max_age=SEAT_MAX_AGE, httponly=True, samesite="Lax")
            return response
        error = error_message("unknown_table_code")
    return render_template("participant/join_table.html", error=error), (404 if error else 200)


@bp.route("/c/<code>/table")
def table_device_page(code):
    """A shared table device's live page: its table, the question, the clock and the tablecloth."""
    cafe = services.find_cafe(code, phases.VISIBLE)
    if cafe is None:
        return _unknown_code()
    table = current_device_table(cafe.id)
    if table is None:
        return redirect(url_for(".join_table_device"))
    return render_template("participant/cafe.html", cafe=cafe, device_table=table)


@bp.route("/language/<lang>", methods=["POST"])
def set_language(lang):
    """Switch the phone pages' language and go back where the person was."""
    target = request.form.get("next") or url_for(".join")
    if not target.startswith("/") or target.startswith("//"):
        target = url_for(".join")
    response = redirect(target)
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie(LANG_COOKIE, lang, max_age=SEAT_MAX_AGE, samesite="Lax",
                            secure=cookie_secure())
        _follow_language(target, lang)
    return response


def _follow_language(target: str, lang: str) -> None:
    """Switching language on a café's page also switches the café's texts on that phone: the
    person's language is what their phone shows, and the projector shows every one in the room."""
    parts = target.split("?", 1)[0].strip("/").split("/")
    if len(parts) != 2 or parts[0] != "c":
        return
    cafe = services.find_cafe(parts[1], phases.VISIBLE)
    person = current_participant(cafe.id) if cafe is not None else None
    if person is not None and joining.set_screen_language(person, lang,
                                                          current_app.config["LANGUAGES"]):
        notify_person_changed(person)
