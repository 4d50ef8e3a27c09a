"""Facilitator pages: sign in with the secret link, create cafés, run the dashboard and projector."""
from __future__ import annotations

import io

import segno
from flask_babel import gettext
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
from cafe.web.messages import COLOUR_NAMES, error_message
from cafe.domain.palette import PALETTE, default_colour
from cafe.domain.validation import Invalid
from cafe.domain import limits, tokens
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


def _form_tables(form) -> list[services.TableSpec]:
    try:
        count = int(form.get("num_tables", ""))
    except ValueError:
        raise Invalid("wrong_type", "tables") from None
    if not 1 <= count <= limits.MAX_TABLES:
        raise Invalid("out_of_range", "tables", low=1, high=limits.MAX_TABLES)
    return [services.TableSpec(name=form.get(f"table_name_{i}", ""),
                               colour=form.get(f"table_colour_{i}", default_colour(i)))
            for i in range(count)]


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
    """The form that sets a café's title, question(s), tables, rounds and groups."""
    form = request.form if request.method == "POST" else {}
    errors = {}
    if request.method == "POST":
        try:
            cap = form.get("max_participants", "").strip()
            cafe = services.create_cafe(
                title=form.get("title", ""),
                questions=[q for q in form.get("questions", "").splitlines() if q.strip()],
                tables=_form_tables(form),
                round_minutes=_form_int(form, "round_minutes"),
                num_rounds=_form_int(form, "num_rounds", "rounds"),
                groups=[g for g in form.get("groups", "").splitlines() if g.strip()],
                max_participants=_form_int(form, "max_participants") if cap else None,
                results_key=current_app.config["SECRET_KEY"])
            return redirect(url_for(".dashboard", cafe_id=cafe.id))
        except Invalid as exc:
            errors[_NEW_CAFE_INPUTS.get(exc.field, exc.field)] = error_message(exc.code, exc.params)
    defaults = {"title": "", "questions": "", "num_tables": "3", "round_minutes": "20",
                "num_rounds": "3", "groups": "\n".join(services.DEFAULT_GROUPS),
                "max_participants": ""}
    values = {key: form.get(key, default) for key, default in defaults.items()}
    palette = [(key, hex_, str(COLOUR_NAMES[key])) for key, hex_, _ in PALETTE]
    return render_template("facilitator/new_cafe.html", values=values, form=form, errors=errors,
                           palette=palette), (400 if errors else 200)


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
