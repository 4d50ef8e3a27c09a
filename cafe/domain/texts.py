"""Texts the facilitator types, in every language a café offers: which version each reader sees.

A café lists its languages; the first is the one its texts were typed in. Every other language
may have a translation of each text (title, questions, table names, group names, theme labels,
action-plan items), stored as {language: text}. A reader gets the text in their language, or
the typed text when there is no translation, marked with the language it really is in, so a
page can set `lang` on it and a screen reader pronounces it right.

Pure functions of plain values: no Flask, no database.
"""
from __future__ import annotations

from dataclasses import dataclass

# The languages of a café made without choosing (and of cafés made before languages existed).
DEFAULT_LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Localized:
    """A text and the language it is written in."""

    text: str
    lang: str


def cafe_languages(languages) -> list[str]:
    """A café's languages, typed language first (the defaults when it has none recorded)."""
    return list(languages) if languages else list(DEFAULT_LANGUAGES)


def translated(translations, key: str | None = None, index: int | None = None) -> dict[str, str]:
    """{language: text} of the non-empty translations of one text.

    `translations` is a column's value: {lang: text} (a table name, a theme label), or
    {lang: {key: text}} / {lang: {key: [text, ...]}} (a café's title, questions, groups).
    Anything malformed counts as no translation.
    """
    found = {}
    for lang, value in (translations or {}).items():
        if key is not None:
            value = value.get(key) if isinstance(value, dict) else None
        if index is not None:
            value = value[index] if isinstance(value, list) and 0 <= index < len(value) else None
        if isinstance(value, str) and value.strip():
            found[lang] = value
    return found


def pick(typed: str, versions: dict[str, str], lang: str | None, typed_lang: str) -> Localized:
    """The text a reader of `lang` sees: its translation, else the typed text (in typed_lang)."""
    if lang and lang != typed_lang and versions.get(lang):
        return Localized(versions[lang], lang)
    return Localized(typed, typed_lang)


def all_versions(typed: str, versions: dict[str, str], languages, typed_lang: str) -> list[Localized]:
    """The text in each of `languages` that has its own version, typed text first when asked for.

    A language without a translation adds nothing (its readers get the typed text, already
    listed), so a projector showing "all versions" never shows the same words twice.
    """
    out: list[Localized] = []
    for lang in languages:
        version = pick(typed, versions, lang, typed_lang)
        if all(v.text != version.text for v in out):
            out.append(version)
    return out or [Localized(typed, typed_lang)]
