"""Correcting a café's texts after it was made: the title, questions, table names and stakeholder
groups as typed, and their versions in the café's other languages (issue 17).

Only texts change: the café's languages, its number of questions, tables and groups, and
everything people did stay as they are. A renamed group is renamed for the people who chose it
too, so nobody loses their group. Every value is checked before anything is saved.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from cafe.domain.errors import Invalid
from cafe.domain.validation import GROUP_MAX, QUESTION_MAX, TABLE_NAME_MAX, TITLE_MAX, clean_text
from cafe.extensions import db
from cafe.models import Cafe, PaperTally, Participant
from cafe.services.cafes import clean_cafe_translations, get_cafe
from cafe.services.transaction import locked_cafe


@dataclass(frozen=True)
class CafeTexts:
    """Everything a facilitator typed, as the texts form sends it back."""
    title: str
    questions: list[str]
    groups: list[str]
    table_names: list[str]
    # {lang: {"title", "questions": [...], "groups": [...]}} in the café's other languages.
    translations: dict
    # One {lang: name} per table, in table order.
    table_translations: list[dict]


def texts_of(cafe: Cafe) -> CafeTexts:
    """A café's texts as they stand, for the form."""
    return CafeTexts(title=cafe.title, questions=list(cafe.questions), groups=list(cafe.groups),
                     table_names=[t.name for t in cafe.tables],
                     translations=dict(cafe.translations or {}),
                     table_translations=[dict(t.translations or {}) for t in cafe.tables])


def _same_count(values, count: int, field: str) -> list:
    """A list with one entry per existing text (the form cannot add or drop any)."""
    if not isinstance(values, list) or len(values) != count:
        raise Invalid("wrong_type", field)
    return values


def _checked(cafe: Cafe, texts: CafeTexts) -> tuple:
    """Every value of `texts` checked against the café, or Invalid naming the field."""
    others = cafe.language_list[1:]
    title = clean_text(texts.title, field="title", max_len=TITLE_MAX)
    questions = [clean_text(q, field=f"question_{i}", max_len=QUESTION_MAX) for i, q in
                 enumerate(_same_count(texts.questions, len(cafe.questions), "questions"))]
    groups = [clean_text(g, field=f"group_{i}", max_len=GROUP_MAX) for i, g in
              enumerate(_same_count(texts.groups, len(cafe.groups or []), "groups"))]
    if len(set(groups)) != len(groups):
        raise Invalid("bad_groups", "groups")
    names = [clean_text(n, field=f"table_name_{i}", max_len=TABLE_NAME_MAX, required=False)
             for i, n in enumerate(_same_count(texts.table_names, len(cafe.tables),
                                               "table_names"))]
    _check_entries(texts.translations, others)
    translations = clean_cafe_translations(texts.translations, others, len(questions),
                                           len(groups))
    table_versions = []
    for i, given in enumerate(_same_count(texts.table_translations, len(cafe.tables),
                                          "table_names")):
        if not isinstance(given, dict):
            raise Invalid("wrong_type", "table_names")
        versions = {lang: clean_text(given.get(lang), field=f"table_name_{i}_{lang}",
                                     max_len=TABLE_NAME_MAX, required=False) for lang in others}
        table_versions.append({k: v for k, v in versions.items() if v} or None)
    return title, questions, groups, names, translations, table_versions


def _check_entries(translations, others: list[str]) -> None:
    """Each translated question and group checked on its own, so a problem names its entry
    (`question_1_es`); clean_cafe_translations then checks the whole."""
    if not isinstance(translations, dict):
        return
    for lang in others:
        given = translations.get(lang)
        for key, kind, max_len in (("questions", "question", QUESTION_MAX),
                                   ("groups", "group", GROUP_MAX)):
            values = given.get(key) if isinstance(given, dict) else None
            for i, text in enumerate(values if isinstance(values, list) else []):
                clean_text(text, field=f"{kind}_{i}_{lang}", max_len=max_len, required=False)


def update_texts(cafe_id, texts: CafeTexts) -> Cafe:
    """Replace a café's texts and their translations; nothing else changes."""
    cafe = get_cafe(cafe_id)
    title, questions, groups, names, translations, table_versions = _checked(cafe, texts)
    with locked_cafe(cafe.id) as cafe:
        renamed = dict(zip(cafe.groups or [], groups))
        cafe.title, cafe.questions, cafe.translations = title, questions, translations
        cafe.groups = groups
        for table, name, versions in zip(cafe.tables, names, table_versions):
            table.name = name or str(table.position + 1)
            table.translations = versions
        if any(old != new for old, new in renamed.items()):
            for model in (Participant, PaperTally):
                for row in db.session.scalars(select(model).where(model.cafe_id == cafe.id,
                                                                  model.group.in_(renamed))):
                    row.group = renamed[row.group]
    return cafe
