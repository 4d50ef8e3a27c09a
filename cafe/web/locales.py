"""How each language the app offers is written: its direction and its plural categories.

Everything here follows from the language's code (config LANGUAGES) through Babel's CLDR data,
so a new language needs no code: Arabic is right-to-left with six plural categories, English
left-to-right with two, and both come from the same two functions.
"""
from __future__ import annotations

import functools
import os

from babel import Locale, UnknownLocaleError
from flask import request

# Counts probed to find an example of each plural category. Every category a count of people,
# notes or dots can fall in has an example below 1000 in CLDR (Arabic's "other" starts at 100);
# the categories only decimals or millions reach are left to "other" (see plural_samples).
_PROBED_COUNTS = range(0, 1000)


@functools.lru_cache(maxsize=64)
def _locale(lang: str) -> Locale | None:
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def text_direction(lang: str | None) -> str:
    """'rtl' for a right-to-left language (Arabic, Hebrew, Persian...), else 'ltr'."""
    locale = _locale(str(lang)) if lang else None
    return "rtl" if locale is not None and locale.text_direction == "rtl" else "ltr"


@functools.lru_cache(maxsize=64)
def plural_samples(lang: str | None) -> dict[str, int]:
    """{CLDR plural category: the smallest whole count in it}, e.g. Arabic's zero 0, one 1, two 2,
    few 3, many 11, other 100; English's one 1, other 0.

    The scripts pick a category with the browser's Intl.PluralRules and the page's `lang`;
    the catalogue's form for that category is its form for the sample count. A category no whole
    count below 1000 reaches (Spanish "many": a million) is absent, and the scripts use "other",
    which is what gettext's Plural-Forms gives such a count in those languages.
    """
    locale = _locale(str(lang)) if lang else None
    if locale is None:
        return {"one": 1, "other": 0}
    samples: dict[str, int] = {}
    for count in _PROBED_COUNTS:
        samples.setdefault(locale.plural_form(count), count)
    return samples


@functools.lru_cache(maxsize=8)
def template_messages(folder: str) -> frozenset[str]:
    """The strings marked for translation in the templates under `folder` (as pybabel finds them)."""
    from babel.messages.extract import extract_from_dir
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            folder, method_map=[("**.html", "jinja2")]):
        found.add(message if isinstance(message, str) else message[0])
    return frozenset(found)


@functools.lru_cache(maxsize=64)
def catalogue_covers(lang: str, folder: str, translations: str) -> bool:
    """Whether `lang`'s catalogue (under `translations`) translates at least half of the strings
    of the templates under `folder`: a catalogue of the phone and projector strings only (the
    Arabic one) leaves the facilitator's pages in the default language, not in a mix."""
    from babel.support import Translations
    messages = template_messages(folder)
    catalogue = Translations.load(translations, [lang])
    translated = sum(1 for message in messages if catalogue.gettext(message) != message)
    return bool(messages) and translated * 2 >= len(messages)


def staff_request() -> bool:
    """Whether the current request is the facilitator's: one of their pages (the projector is the
    room's, so it is not) or an event from their dashboard's socket."""
    from cafe.web.sockets.guards import FACILITATOR, connections    # guards -> messages -> here
    sid = getattr(request, "sid", None)
    if sid is not None:
        who = connections.get(sid)
        return who is not None and who.role == FACILITATOR
    return request.path.startswith("/facilitator") and not request.path.endswith("/projector")


def staff_languages(app, languages) -> list[str]:
    """The languages the facilitator's pages can be shown in: the default one, and each whose
    catalogue covers the facilitator's templates."""
    default = app.config["BABEL_DEFAULT_LOCALE"]
    folder = os.path.join(app.template_folder if os.path.isabs(app.template_folder)
                          else os.path.join(app.root_path, app.template_folder), "facilitator")
    translations = os.path.join(app.root_path, "translations")
    return [lang for lang in languages
            if lang == default or catalogue_covers(lang, os.path.normpath(folder), translations)]
