"""The "Texts and translations" page: correct a café's texts, or add them in its other languages,
at any point; every screen shows the new texts at once."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from cafe.domain.validation import Invalid
from cafe.services import cafe_texts
from cafe.web.auth import facilitator_required
from cafe.web.lookups import cafe_or_404
from cafe.web.messages import error_message
from cafe.web.sockets.broadcast import broadcast_state

bp = Blueprint("texts", __name__, url_prefix="/facilitator")


def _texts_from_form(form, cafe) -> cafe_texts.CafeTexts:
    """The form's fields as the café's texts: one field per text and language."""
    others = cafe.language_list[1:]
    count = {"question": len(cafe.questions), "group": len(cafe.groups or []),
             "table_name": len(cafe.tables)}

    def each(kind, lang=None):
        suffix = f"_{lang}" if lang else ""
        return [form.get(f"{kind}_{i}{suffix}", "") for i in range(count[kind])]

    tables = [{lang: form.get(f"table_name_{i}_{lang}", "") for lang in others}
              for i in range(count["table_name"])]
    return cafe_texts.CafeTexts(
        title=form.get("title", ""), questions=each("question"), groups=each("group"),
        table_names=each("table_name"), table_translations=tables,
        translations={lang: {"title": form.get(f"title_{lang}", ""),
                             "questions": each("question", lang),
                             "groups": each("group", lang)} for lang in others})


def _field(exc: Invalid) -> str:
    """The form input a problem belongs to (two groups of one name: the first group's box)."""
    return {"groups": "group_0"}.get(exc.field, exc.field)


@bp.route("/cafes/<int:cafe_id>/texts", methods=["GET", "POST"])
@facilitator_required
def edit(cafe_id):
    """Edit the café's title, questions, table names and group names, in each of its languages."""
    cafe = cafe_or_404(cafe_id)
    errors = {}
    if request.method == "POST":
        try:
            cafe = cafe_texts.update_texts(cafe.id, _texts_from_form(request.form, cafe))
        except Invalid as exc:
            errors[_field(exc)] = error_message(exc.code, exc.params)
        else:
            broadcast_state(cafe)           # phones and the projector show the new texts now
            return redirect(url_for(".edit", cafe_id=cafe.id, saved=1))
    texts = cafe_texts.texts_of(cafe)
    names = current_app.config["LANGUAGES"]
    return render_template("facilitator/texts.html", cafe=cafe, texts=texts, errors=errors,
                           form=request.form if errors else None,
                           others=[(lang, names.get(lang, lang))
                                   for lang in cafe.language_list[1:]],
                           typed_name=names.get(cafe.typed_language, cafe.typed_language),
                           saved=request.args.get("saved") == "1"), (400 if errors else 200)
