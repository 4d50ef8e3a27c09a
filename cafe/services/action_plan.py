"""The action plan: each priority's next steps, partner and date, in every language of the café.

What the facilitator typed is kept in the item's own fields; its versions in the café's other
languages in `ActionItem.translations` ({"es": {"priority", "next_steps", "partner"}}). A
version left empty falls back to the typed text (cafe/domain/texts.py); the priority's label
falls back first to its theme's label in that language.
"""
from __future__ import annotations

from sqlalchemy import select

from cafe.domain import texts
from cafe.domain.limits import MAX_ACTIONS, PARTNER_MAX
from cafe.domain.validation import Invalid, clean_date, clean_text
from cafe.extensions import db
from cafe.models import ActionItem, Cafe, Theme

# The texts of an item that have a version per language (the date is the same in every one).
TRANSLATED_FIELDS = ("priority", "next_steps", "partner")
_LIMITS = {"priority": (200, False), "next_steps": (2000, True), "partner": (PARTNER_MAX, False)}


def _check_text(key: str, value, field: str) -> str:
    max_len, multiline = _LIMITS[key]
    return clean_text(value, field=field, max_len=max_len, required=False, multiline=multiline)


def _stored_translations(value, languages) -> dict[str, dict[str, str]]:
    """{lang: {field: text}} of a stored item, its non-empty texts in `languages` only."""
    out = {}
    for lang in languages:
        given = (value or {}).get(lang)
        fields = {key: given[key] for key in TRANSLATED_FIELDS
                  if isinstance(given, dict) and isinstance(given.get(key), str) and given[key]}
        if fields:
            out[lang] = fields
    return out


def actions(cafe: Cafe) -> list[dict]:
    """The action plan, in order; `translations` holds what was typed in the other languages."""
    items = db.session.scalars(select(ActionItem).where(ActionItem.cafe_id == cafe.id)
                               .order_by(ActionItem.position))
    others = cafe.language_list[1:]
    return [{"priority": a.priority, "theme_id": a.theme_id, "next_steps": a.next_steps,
             "partner": a.partner, "due": a.due,
             "translations": _stored_translations(a.translations, others)} for a in items]


def _checked_translations(row: dict, index: int, languages, errors: dict) -> dict:
    """The row's versions in `languages`, checked like the typed fields; problems into `errors`
    under the form's field names (`next_steps_es_2`)."""
    given = row.get("translations") or {}
    out = {}
    for lang in languages:
        fields = given.get(lang) if isinstance(given, dict) else None
        fields = fields if isinstance(fields, dict) else {}
        checked = {}
        for key in TRANSLATED_FIELDS:
            try:
                checked[key] = _check_text(key, fields.get(key, ""), f"{key}_{lang}_{index}")
            except Invalid as exc:
                errors[exc.field] = exc
        if any(checked.values()):
            out[lang] = {k: v for k, v in checked.items() if v}
    return out


def save_actions(cafe: Cafe, rows: list[dict]) -> list[dict]:
    """Replace the action plan with `rows` (priority, next_steps, partner, due, and
    `translations` {lang: {priority, next_steps, partner}}); blank rows are dropped.

    Every field is checked before anything is saved; the first problem is raised as Invalid
    whose field names the row (`due_2`, `partner_es_2`), so the form can show it beside that
    field, with every problem found in `params["errors"]` ({field: Invalid}). Versions in a
    language the café does not offer are ignored.
    """
    clean, errors = [], {}
    others = cafe.language_list[1:]
    for i, row in enumerate(rows[:MAX_ACTIONS]):
        checked = {}
        for key in TRANSLATED_FIELDS:
            try:
                checked[key] = _check_text(key, row.get(key, ""), f"{key}_{i}")
            except Invalid as exc:
                errors[exc.field] = exc
        try:
            checked["due"] = clean_date(row.get("due", ""), field=f"due_{i}")
        except Invalid as exc:
            errors[exc.field] = exc
        versions = _checked_translations(row, i, others, errors)
        written = [checked.get(k) for k in ("next_steps", "partner", "due")]
        written += [v.get(k) for v in versions.values() for k in ("next_steps", "partner")]
        if errors or not any(written):
            continue
        theme_id = row.get("theme_id")
        clean.append(ActionItem(cafe_id=cafe.id, position=len(clean), priority=checked["priority"],
                                theme_id=theme_id if isinstance(theme_id, int) else None,
                                next_steps=checked["next_steps"], partner=checked["partner"],
                                due=checked["due"], translations=versions or None))
    if errors:
        first = next(iter(errors.values()))
        raise Invalid(first.code, first.field, **first.params, errors=errors)
    db.session.query(ActionItem).filter(ActionItem.cafe_id == cafe.id).delete()
    db.session.add_all(clean)
    db.session.commit()
    return actions(cafe)


def theme_translations(cafe: Cafe) -> dict[int, dict[str, str]]:
    """theme id -> {lang: label} for the café's themes that have a label in another language."""
    rows = db.session.execute(select(Theme.id, Theme.translations).where(Theme.cafe_id == cafe.id))
    found = {theme_id: texts.translated(value) for theme_id, value in rows}
    return {theme_id: labels for theme_id, labels in found.items() if labels}


def action_versions(action: dict, languages, theme_labels: dict[int, dict[str, str]]) -> dict:
    """{lang: {field: text}} of an item's own versions in `languages` (nothing where it falls
    back to the typed text); the priority's label comes from its theme when not typed."""
    out = {}
    for lang in languages:
        fields = dict((action.get("translations") or {}).get(lang) or {})
        label = theme_labels.get(action.get("theme_id"), {}).get(lang)
        if not fields.get("priority") and label:
            fields["priority"] = label
        if fields:
            out[lang] = {key: fields[key] for key in TRANSLATED_FIELDS if fields.get(key)}
    return out
