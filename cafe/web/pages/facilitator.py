"""Facilitator pages: sign in with the secret link, create cafés, run the dashboard and projector."""
from __future__ import annotations

import io

import segno
from flask_babel import force_locale, gettext
from werkzeug.datastructures import MultiDict
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from cafe import services
from cafe.services import clouds
from cafe.web.dashboard_messages import phase_names
from cafe.web.messages import COLOUR_NAMES, GROUP_NAMES, error_message
from cafe.domain.palette import PALETTE, default_colour
from cafe.domain.validation import Invalid
from cafe.domain import limits, tokens
from cafe.domain.texts import DEFAULT_LANGUAGES
from cafe.domain.themes import embeddings
from cafe.web.lookups import cafe_or_404
from cafe.web.auth import (
    check_facilitator_password,
    check_facilitator_token,
    facilitator_required,
    grant_facilitator,
    is_facilitator,
    public_base_url,
)

bp = Blueprint("facilitator", __name__, url_prefix="/facilitator")


@bp.route("/", methods=["GET"])
def home():
    """Café list; the secret link (?token=...) signs this browser in first."""
    token = request.args.get("token")
    if token is not None:
        if not check_facilitator_token(token):
            abort(403)
        grant_facilitator()
        return redirect(url_for(".home"))    # drop the token from the address bar and history
    if not is_facilitator():
        return redirect(url_for(".login"))
    return render_template("facilitator/home.html", cafes=services.list_cafes(),
                           phase_names=phase_names())


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in with the password from CAFE_FACILITATOR_PASSWORD, when one is set."""
    error = None
    if request.method == "POST":
        if check_facilitator_password(request.form.get("password")):
            grant_facilitator()
            return redirect(url_for(".home"))
        error = gettext("That password is not right.")
    return render_template("facilitator/login.html", error=error), (401 if error else 200)


@bp.route("/logout", methods=["POST"])
def logout():
    """Forget facilitator rights in this browser."""
    session.clear()
    return redirect(url_for(".login"))


def _form_tables(form, others: list[str]) -> list[services.TableSpec]:
    try:
        count = int(form.get("num_tables", ""))
    except ValueError:
        raise Invalid("wrong_type", "tables") from None
    if not 1 <= count <= limits.MAX_TABLES:
        raise Invalid("out_of_range", "tables", low=1, high=limits.MAX_TABLES)
    return [services.TableSpec(name=form.get(f"table_name_{i}", ""),
                               colour=form.get(f"table_colour_{i}", default_colour(i)),
                               translations={lang: form.get(f"table_name_{i}_{lang}", "")
                                             for lang in others},
                               languages=tuple(form.getlist(f"table_languages_{i}")))
            for i in range(count)]


def _form_lines(form, name: str) -> list[str]:
    """A textarea's lines, one text each; a blank line inside is a text left untranslated."""
    lines = [line.strip() for line in form.get(name, "").splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _form_languages(form) -> list[str]:
    """The café's languages from the form: the typed one first, the others in the app's order."""
    typed = form.get("typed_language", "en")
    chosen = form.getlist("languages")
    return [typed] + [lang for lang in current_app.config["LANGUAGES"]
                      if lang in chosen and lang != typed]


def _form_translations(form, others: list[str], groups: list[str]) -> dict:
    """{lang: {"title", "questions", "groups"}} from the form's fields for each other language.

    The other languages' group lines come pre-filled with the default groups' names; left as they
    came, they follow the groups typed (a default group removed or added there takes its name
    along), so editing the typed list alone never leaves the two lists out of step.
    """
    prefill = _default_group_versions()
    out = {}
    for lang in others:
        versions = _form_lines(form, f"groups_{lang}")
        if lang in prefill and versions == prefill[lang].splitlines():
            names = dict(zip(services.DEFAULT_GROUPS, versions))
            versions = [names.get(group.strip(), "") for group in groups]
        out[lang] = {"title": form.get(f"title_{lang}", ""),
                     "questions": _form_lines(form, f"questions_{lang}"), "groups": versions}
    return out


def _default_group_versions() -> dict[str, str]:
    """The default stakeholder groups in each of the app's languages (from the catalogue), one
    per line, to pre-fill the new-café form; none for a language the catalogue lacks."""
    versions = {}
    for lang in current_app.config["LANGUAGES"]:
        with force_locale(lang):
            names = [str(name) for name in GROUP_NAMES]
        if names != list(services.DEFAULT_GROUPS):
            versions[lang] = "\n".join(names)
    return versions


def _form_int(form, name, field=None):
    value = form.get(name, "").strip()
    if not (value.isascii() and value.lstrip("-").isdigit() and len(value) < 10):
        raise Invalid("wrong_type", field or name)
    return int(value)


# The new-café form's inputs, by the field name services report a problem with.
_NEW_CAFE_INPUTS = {"rounds": "num_rounds", "tables": "num_tables"}


@bp.route("/cafes/new", methods=["GET", "POST"])
@facilitator_required
def new_cafe():
    """The form that sets a café's languages, title, question(s), tables, rounds and groups, with
    the texts in the café's other languages and the languages spoken at each table."""
    form = request.form if request.method == "POST" else MultiDict()
    errors = {}
    if request.method == "POST":
        try:
            cap = form.get("max_participants", "").strip()
            languages = _form_languages(form)
            groups = [g for g in form.get("groups", "").splitlines() if g.strip()]
            cafe = services.create_cafe(
                title=form.get("title", ""),
                questions=[q for q in form.get("questions", "").splitlines() if q.strip()],
                tables=_form_tables(form, languages[1:]),
                round_minutes=_form_int(form, "round_minutes"),
                num_rounds=_form_int(form, "num_rounds", "rounds"),
                groups=groups,
                max_participants=_form_int(form, "max_participants") if cap else None,
                results_key=current_app.config["SECRET_KEY"],
                languages=languages, known_languages=current_app.config["LANGUAGES"],
                translations=_form_translations(form, languages[1:], groups))
            return redirect(url_for(".dashboard", cafe_id=cafe.id))
        except Invalid as exc:
            errors[_NEW_CAFE_INPUTS.get(exc.field, exc.field)] = error_message(exc.code, exc.params)
    defaults = {"title": "", "questions": "", "num_tables": "3", "round_minutes": "20",
                "num_rounds": "3", "groups": "\n".join(services.DEFAULT_GROUPS),
                "max_participants": "", "typed_language": "en"}
    values = {key: form.get(key, default) for key, default in defaults.items()}
    # Untouched, the form offers the default languages, each other one with the default groups'
    # names in it already.
    chosen = form.getlist("languages") if request.method == "POST" else list(DEFAULT_LANGUAGES)
    group_versions = {} if request.method == "POST" else _default_group_versions()
    for lang in current_app.config["LANGUAGES"]:
        values[f"title_{lang}"] = form.get(f"title_{lang}", "")
        values[f"questions_{lang}"] = form.get(f"questions_{lang}", "")
        values[f"groups_{lang}"] = form.get(f"groups_{lang}", group_versions.get(lang, ""))
    palette = [(key, hex_, str(COLOUR_NAMES[key])) for key, hex_, _ in PALETTE]
    return render_template("facilitator/new_cafe.html", values=values, form=form, errors=errors,
                           palette=palette, chosen=chosen,
                           typed_tables=_typed_tables(form)), (400 if errors else 200)


def _typed_tables(form) -> list[dict]:
    """What the form held for each table (names, their versions, languages), to show it again."""
    rows = []
    for i in range(limits.MAX_TABLES):
        if f"table_name_{i}" not in form:
            break
        rows.append({"name": form.get(f"table_name_{i}", ""),
                     "colour": form.get(f"table_colour_{i}", ""),
                     "languages": form.getlist(f"table_languages_{i}"),
                     "versions": {lang: form.get(f"table_name_{i}_{lang}", "")
                                  for lang in current_app.config["LANGUAGES"]}})
    return rows


@bp.route("/cafes/<int:cafe_id>")
@facilitator_required
def dashboard(cafe_id):
    """The facilitator's live control page for one café."""
    return render_template("facilitator/dashboard.html", cafe=cafe_or_404(cafe_id),
                           semantic_available=embeddings.available(),
                           themes_backend=current_app.config["THEMES_BACKEND"])


@bp.route("/cafes/<int:cafe_id>/projector")
@facilitator_required
def projector(cafe_id):
    """The big-screen view: clock, question, QR code and live counts."""
    return render_template("projector/projector.html", cafe=cafe_or_404(cafe_id))


@bp.route("/cafes/<int:cafe_id>/qr.svg")
@facilitator_required
def qr_code(cafe_id):
    """QR code of the café's join link, as SVG (made here: no internet needed)."""
    return _qr_svg(join_url(cafe_or_404(cafe_id)))


@bp.route("/cafes/<int:cafe_id>/results-qr.svg")
@facilitator_required
def results_qr_code(cafe_id):
    """QR code of the café's read-only results page, which the projector shows once voting closed."""
    return _qr_svg(results_url(cafe_or_404(cafe_id)))


def _qr_svg(url: str) -> Response:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=10, border=2,
                                    dark="#000", light="#fff")
    return Response(buffer.getvalue(), mimetype="image/svg+xml")


def join_url(cafe) -> str:
    """The link in a café's QR code."""
    return f"{public_base_url()}/j/{cafe.join_code}"


def results_url(cafe) -> str:
    """The read-only results page residents may keep: its token is made from the secret key
    (the database keeps only its hash), never the join code."""
    token = tokens.results_token(current_app.config["SECRET_KEY"], cafe.id)
    return f"{public_base_url()}{url_for('downloads.results', token=token)}"


def _optional_int_arg(name: str) -> int | None:
    """A whole-number query argument, None when absent; 400 when it is not a number."""
    value = request.args.get(name, "")
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) < 6):
        abort(400)
    return int(value)


@bp.route("/cafes/<int:cafe_id>/wordcloud.png")
@facilitator_required
def wordcloud(cafe_id):
    """The projector's word cloud of the whole café, or of ?round=N and/or ?table=index (cached)."""
    cafe = cafe_or_404(cafe_id)
    try:
        png = clouds.wordcloud_png(cafe, round_no=_optional_int_arg("round"),
                                   table=_optional_int_arg("table"),
                                   run=current_app.config["CPU_RUNNER"])
    except Invalid:
        abort(400)
    if png is None:
        abort(404)
    response = Response(png, mimetype="image/png")
    response.headers["Cache-Control"] = "no-store"      # new notes change it; the server caches
    return response
