"""Downloads for facilitators and organizers, the action plan, deletion, and the public results page."""
from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, gettext

from cafe.domain import texts
from cafe.domain.phases import NO_HARVEST
from cafe.domain.validation import Invalid
from cafe.services import exports
from cafe.web.auth import facilitator_required, public_base_url
from cafe.web.lookups import cafe_or_404
from cafe.web.messages import COLOUR_NAMES, error_message
from cafe.web.pages.facilitator import join_url, results_url
from cafe.web.report_words import (
    REPORT_LANGUAGES,
    default_report_language,
    print_words,
    report_choices,
    report_language,
)

bp = Blueprint("downloads", __name__)


def _cpu_runner():
    """How CPU-heavy work is called (CPU_RUNNER: eventlet's thread pool under wsgi.py)."""
    return current_app.config["CPU_RUNNER"]


def _attachment(data: bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/facilitator/cafes/<int:cafe_id>/downloads")
@facilitator_required
def index(cafe_id):
    """The downloads page: report, data, pictures, action plan, results link, deletion."""
    cafe = cafe_or_404(cafe_id)
    return render_template("facilitator/downloads.html", cafe=cafe, results_url=_results_url(cafe),
                           priorities=exports.priorities_with_plan(cafe),
                           actions=exports.actions(cafe), saved=request.args.get("saved") == "1",
                           **_in_languages(cafe))


def _in_languages(cafe) -> dict:
    """What the downloads page needs for the café's languages: the report's language choices
    and, for the action plan's fields in the other languages, their names and theme labels."""
    names = current_app.config["LANGUAGES"]
    return {"report_choices": report_choices(cafe.language_list),
            "other_languages": [(lang, names.get(lang, lang)) for lang in cafe.language_list[1:]],
            "theme_labels": exports.theme_translations(cafe)}


def _results_url(cafe) -> str:
    """The café's results link (one helper makes it for every page and phone)."""
    return results_url(cafe)


@bp.route("/facilitator/cafes/<int:cafe_id>/downloads/report.pdf")
@facilitator_required
def report_pdf(cafe_id):
    """The priority summary report; ?size=letter for US Letter, A4 otherwise; ?lang=es for its
    headings, labels and dates in Spanish (the facilitator's language otherwise)."""
    cafe = cafe_or_404(cafe_id)
    size = "Letter" if request.args.get("size", "").lower() == "letter" else "A4"
    lang = request.args.get("lang") or default_report_language()
    if lang not in REPORT_LANGUAGES:
        abort(404)
    pdf = exports.report_pdf(cafe, size, language=report_language(lang), run=_cpu_runner())
    return _attachment(pdf, "application/pdf", f"cafe-{cafe.id}-report-{lang}-{size.lower()}.pdf")


def _page_size() -> str:
    return "Letter" if request.args.get("size", "").lower() == "letter" else "A4"


def _colour_names() -> dict[str, str]:
    return {key: str(name) for key, name in COLOUR_NAMES.items()}


def _join_links(cafe) -> dict:
    return {"join_url": join_url(cafe), "join_page": f"{public_base_url()}/join"}


@bp.route("/facilitator/cafes/<int:cafe_id>/print")
@facilitator_required
def print_page(cafe_id):
    """The Print page: table cards, a poster, the seating plan and paper ballots, as PDFs."""
    cafe = cafe_or_404(cafe_id)
    return render_template("facilitator/print.html", cafe=cafe,
                           seating_round=exports.seating_round(cafe),
                           has_ballots=cafe.harvest_state != NO_HARVEST)


@bp.route("/facilitator/cafes/<int:cafe_id>/print/<kind>.pdf")
@facilitator_required
def print_pdf(cafe_id, kind):
    """One printable PDF: table-cards, poster, seating (?round=N) or ballots; ?size=letter."""
    cafe = cafe_or_404(cafe_id)
    size = _page_size()
    words = print_words(cafe.language_list)
    if kind == "table-cards":
        pdf = exports.table_cards_pdf(cafe, colour_names=_colour_names(), page_size=size,
                                      words=words, **_join_links(cafe))
    elif kind == "poster":
        pdf = exports.poster_pdf(cafe, page_size=size, words=words, **_join_links(cafe))
    elif kind == "seating":
        round_arg = request.args.get("round", "")
        if round_arg and not (round_arg.isascii() and round_arg.isdigit() and len(round_arg) < 4):
            abort(400)
        try:
            pdf = exports.seating_pdf(cafe, colour_names=_colour_names(), page_size=size,
                                      round_no=int(round_arg) if round_arg else None)
        except Invalid:
            abort(404)
    elif kind == "ballots":
        pdf = exports.ballots_pdf(cafe, page_size=size, words=words)
    else:
        abort(404)
    if pdf is None:
        abort(404)
    return _attachment(pdf, "application/pdf", f"cafe-{cafe.id}-{kind}-{size.lower()}.pdf")


@bp.route("/facilitator/cafes/<int:cafe_id>/downloads/notes.csv")
@facilitator_required
def notes_csv(cafe_id):
    """Every visible note, anonymous, safe to open in Excel."""
    cafe = cafe_or_404(cafe_id)
    return _attachment(exports.notes_csv(cafe), "text/csv; charset=utf-8",
                       f"cafe-{cafe.id}-notes.csv")


@bp.route("/facilitator/cafes/<int:cafe_id>/downloads/cafe.json")
@facilitator_required
def cafe_json(cafe_id):
    """The whole café as JSON, for analysis or re-import."""
    cafe = cafe_or_404(cafe_id)
    data = json.dumps(exports.cafe_json(cafe), ensure_ascii=False, indent=2).encode("utf-8")
    return _attachment(data, "application/json", f"cafe-{cafe.id}.json")


@bp.route("/facilitator/cafes/<int:cafe_id>/downloads/<kind>.png")
@facilitator_required
def picture(cafe_id, kind):
    """The word cloud or the votes chart as PNG."""
    cafe = cafe_or_404(cafe_id)
    if kind == "wordcloud":
        png = exports.wordcloud_png(cafe, run=_cpu_runner())
    elif kind == "votes":
        png = exports.votes_png(cafe, run=_cpu_runner())
    else:
        abort(404)
    if png is None:
        abort(404)
    return _attachment(png, "image/png", f"cafe-{cafe.id}-{kind}.png")


@bp.route("/facilitator/cafes/<int:cafe_id>/actions", methods=["POST"])
@facilitator_required
def save_actions(cafe_id):
    """Save the action plan from the downloads page's form."""
    cafe = cafe_or_404(cafe_id)
    form = request.form
    rows = []
    for i in range(exports.MAX_ACTIONS):
        if f"priority_{i}" not in form:
            break
        theme = form.get(f"theme_{i}", "")
        rows.append({"priority": form.get(f"priority_{i}", ""),
                     "theme_id": int(theme) if theme.isdigit() else None,
                     "next_steps": form.get(f"next_steps_{i}", ""),
                     "partner": form.get(f"partner_{i}", ""), "due": form.get(f"due_{i}", ""),
                     "translations": {lang: {key: form.get(f"{key}_{lang}_{i}", "")
                                             for key in ("priority", "next_steps", "partner")}
                                      for lang in cafe.language_list[1:]}})
    try:
        exports.save_actions(cafe, rows)
    except Invalid as exc:
        problems = exc.params.get("errors") or {exc.field: exc}
        errors = {field: error_message(p.code, {k: v for k, v in p.params.items() if k != "errors"})
                  for field, p in problems.items()}
        # The rows as typed, so nothing is lost while the marked fields are corrected.
        typed = [{"label": row["priority"], "theme_id": row["theme_id"], "action": row}
                 for row in rows]
        return render_template("facilitator/downloads.html", cafe=cafe,
                               results_url=_results_url(cafe), priorities=typed, actions=rows,
                               errors=errors, **_in_languages(cafe),
                               error=gettext("The action plan was not saved: please correct "
                                             "the fields marked below.")), 400
    return redirect(url_for(".index", cafe_id=cafe.id, saved=1) + "#actions")


@bp.route("/facilitator/cafes/<int:cafe_id>/delete", methods=["POST"])
@facilitator_required
def delete(cafe_id):
    """Delete a café and all its notes for good, once its title is typed to confirm."""
    cafe = cafe_or_404(cafe_id)
    if request.form.get("confirm", "").strip() != cafe.title:
        return render_template("facilitator/downloads.html", cafe=cafe,
                               results_url=_results_url(cafe),
                               priorities=exports.priorities_with_plan(cafe),
                               actions=exports.actions(cafe), **_in_languages(cafe),
                               error=gettext("The café was not deleted: see below."),
                               errors={"confirm": gettext("To delete, type the café's title "
                                                          "exactly.")}), 400
    exports.delete_cafe(cafe.id)
    return redirect(url_for("facilitator.home"))


@bp.route("/r/<token>")
def results(token):
    """The read-only results page residents may open later on their phones."""
    cafe = exports.cafe_by_results_token(token, current_app.config["SECRET_KEY"])
    if cafe is None:
        abort(404)
    lang = str(get_locale() or cafe.typed_language)
    priorities = exports.priorities_with_plan(cafe)
    for priority in priorities:       # the action plan's words in the reader's language
        action = priority["action"]
        if action:
            action["in_reader_language"] = {
                key: texts.pick(action[key], texts.translated(action["translations"], key), lang,
                                cafe.typed_language) for key in ("next_steps", "partner")}
    return render_template("participant/results.html", cafe=cafe, priorities=priorities)
