"""Input checks shared by pages and socket events: plain values in, clean values or Invalid out."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from cafe.domain.errors import Invalid
from cafe.domain.limits import (  # noqa: F401  (the text limits, for callers that check fields)
    CLIENT_ID_MAX,
    CLIENT_ID_MIN,
    GROUP_MAX,
    NAME_MAX,
    NOTE_MAX,
    QUESTION_MAX,
    TABLE_NAME_MAX,
    TITLE_MAX,
)

CLIENT_ID = re.compile(rf"^[A-Za-z0-9_-]{{{CLIENT_ID_MIN},{CLIENT_ID_MAX}}}$")
# Format characters that can reorder or hide text on screen (bidi overrides, isolates).
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters that draw nothing although they are not spaces: a text made only of these (and
# spaces) looks blank on every screen, so it counts as empty. Format characters (zero-width
# space and joiners, word joiner, BOM...) are found by category; these draw nothing as well.
_BLANK_LOOKING = set("\u034f\u115f\u1160\u17b4\u17b5\u180e\u2800\u3164\uffa0")
# A WebSocket message (JSON) may carry half of a UTF-16 pair, which no database can store.
_SURROGATES = re.compile("[\ud800-\udfff]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def clean_text(value, *, field: str, max_len: int, required: bool = True,
               multiline: bool = False) -> str:
    """Return `value` trimmed and NFC-normalised, or raise Invalid for wrong type, blank, control characters or length."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise Invalid("wrong_type", field)
    if _SURROGATES.search(value):
        raise Invalid("bad_encoding", field)
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n")).strip()
    allowed = "\n\t" if multiline else ""
    for ch in text:
        if (unicodedata.category(ch) == "Cc" and ch not in allowed) or ch in _BIDI_CONTROLS:
            raise Invalid("control_characters", field)
    if not text or looks_blank(text):
        if required:
            raise Invalid("empty", field)
        return ""
    if len(text) > max_len:
        raise Invalid("too_long", field, max=max_len)
    return text


def looks_blank(text: str) -> bool:
    """True when `text` would show as nothing: only spaces, format and other invisible characters."""
    return all(ch.isspace() or ch in _BLANK_LOOKING or unicodedata.category(ch) == "Cf"
               for ch in text)


def clean_date(value, *, field: str) -> str:
    """An optional calendar date as YYYY-MM-DD (a real date: no month 13, no 30 February)."""
    text = clean_text(value, field=field, max_len=10, required=False)
    if not text:
        return ""
    try:
        return date.fromisoformat(text).isoformat() if _DATE.match(text) else _bad_date(field)
    except ValueError:
        return _bad_date(field)


def _bad_date(field: str):
    raise Invalid("bad_date", field)


def clean_note(value) -> str:
    """A note's text: 1 to 500 characters, newlines allowed."""
    return clean_text(value, field="text", max_len=NOTE_MAX, multiline=True)


def clean_client_id(value) -> str:
    """The id a phone made for a note: 8-64 letters, digits, '-' or '_'."""
    if not isinstance(value, str):
        raise Invalid("wrong_type", "id")
    if not CLIENT_ID.match(value):
        raise Invalid("bad_id", "id")
    return value


def clean_int(value, *, field: str, low: int, high: int) -> int:
    """An integer within [low, high]; booleans and numeric strings are refused (as a JSON client would send them by mistake)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid("wrong_type", field)
    if not low <= value <= high:
        raise Invalid("out_of_range", field, low=low, high=high)
    return value



def clean_languages(value, *, field: str, known=None, required: bool = True) -> list[str]:
    """A list of distinct language codes (e.g. ["en", "es"]), each one of `known` when given."""
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise Invalid("wrong_type", field)
    if required and not value:
        raise Invalid("empty", field)
    if len(set(value)) != len(value) or any(known is not None and v not in known for v in value):
        raise Invalid("unknown_language", field)
    return list(value)


def clean_versions(value, *, field: str, max_len: int, languages) -> dict[str, str]:
    """{lang: text} of one text in other languages, each checked like the text (empty: none
    given) and each lang one of `languages`; a problem names the field `<field>_<lang>`."""
    if not isinstance(value, dict):
        raise Invalid("wrong_type", field)
    if any(lang not in languages for lang in value):
        raise Invalid("unknown_language", field)
    return {lang: clean_text(text, field=f"{field}_{lang}", max_len=max_len, required=False)
            for lang, text in value.items()}


def clean_bool(value, *, field: str) -> bool:
    """A real boolean."""
    if not isinstance(value, bool):
        raise Invalid("wrong_type", field)
    return value


def payload(data) -> dict:
    """A socket payload must be a JSON object (or absent)."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise Invalid("wrong_type", "payload")
    return data
