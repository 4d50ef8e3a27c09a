"""A third language is a file away (issue 17): the Arabic catalogue covers every phone and
projector string, right-to-left pages, plurals for any language, one line of configuration."""
from __future__ import annotations

import gettext
import html
import io
import re
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from test_i18n import catalogue_in_page, flatten

from cafe import create_app
from cafe.web.locales import plural_samples, text_direction
from cafe.web.messages import js_catalogue

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "cafe" / "translations"
ARABIC_MO = TRANSLATIONS / "ar" / "LC_MESSAGES" / "messages.mo"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# Where the strings phones and the projector show come from: their templates, the page frame and
# error page, and cafe/web/messages.py (error messages, colours, groups, the scripts' catalogue).
PHONE_AND_PROJECTOR = sorted([*ROOT.glob("templates/participant/*.html"),
                              *ROOT.glob("templates/projector/*.html"),
                              ROOT / "templates" / "base.html", ROOT / "templates" / "error.html"])
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "plural_forms": (1, 2)}      # as babel.cfg's extract command


def catalog(lang: str):
    """A shipped catalogue (.po) as Babel reads it."""
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return read_po(po, locale=lang)


def arabic_catalog():
    return catalog("ar")


def phone_and_projector_messages() -> set:
    """Every msgid (a string, or a (singular, plural) pair) the phone and projector can show."""
    found = set()
    for path in PHONE_AND_PROJECTOR:
        for _line, message, _comments, _context in extract_from_file("jinja2", str(path)):
            found.add(message)
    messages_py = ROOT / "cafe" / "web" / "messages.py"
    for _line, message, _comments, _context in extract_from_file("python", str(messages_py),
                                                                 keywords=KEYWORDS):
        found.add(message)
    return found


def single_count_forms(catalogue) -> set[int]:
    """The plural forms that hold one count only (Arabic's 0, 1 and 2; English's 1): those may
    say it in words ("ملاحظتان", two notes) and leave the number out."""
    plural = gettext.c2py(catalogue.plural_expr)
    counts: dict[int, int] = {}
    for count in range(1001):
        counts[plural(count)] = counts.get(plural(count), 0) + 1
    return {form for form, how_many in counts.items() if how_many == 1}


def coverage_problems(catalogue, wanted) -> list[str]:
    """What `catalogue` lacks of the msgids `wanted`: missing, fuzzy, too few plural forms, or a
    placeholder lost or made up."""
    single = single_count_forms(catalogue)
    problems = []
    for msgid in sorted(wanted, key=str):
        message = catalogue.get(msgid if isinstance(msgid, str) else msgid[0])
        strings = () if message is None else \
            message.string if isinstance(message.string, tuple) else (message.string,)
        if message is None or not all(strings):
            problems.append(f"missing: {msgid!r}")
            continue
        if message.fuzzy:
            problems.append(f"fuzzy: {msgid!r}")
        if isinstance(msgid, tuple) and len(strings) != catalogue.num_plurals:
            problems.append(f"not all {catalogue.num_plurals} plural forms: {msgid!r}")
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted_names = set(PLACEHOLDER.findall(ids[-1]))
        for index, form in enumerate(strings):
            names = set(PLACEHOLDER.findall(form))
            may_omit = {"num"} if isinstance(msgid, tuple) and index in single else set()
            if not names <= wanted_names or not wanted_names - may_omit <= names:
                problems.append(f"placeholders differ: {msgid!r} -> {form!r}")
    return problems


SHIPPED = sorted(p.name for p in TRANSLATIONS.iterdir() if (p / "LC_MESSAGES" / "messages.po").exists())


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_catalogue_has_every_phone_and_projector_string_with_its_placeholders(lang):
    wanted = phone_and_projector_messages()
    assert len(wanted) > 150            # the extraction found the real thing
    problems = coverage_problems(catalog(lang), wanted)
    assert not problems, f"cafe/translations/{lang}/LC_MESSAGES/messages.po needs:\n" + "\n".join(problems)


def test_arabic_has_six_plural_forms_and_only_the_phone_and_projector_strings():
    arabic = arabic_catalog()
    assert arabic.num_plurals == len(Locale.parse("ar").plural_form.rules) + 1 == 6   # + "other"
    assert single_count_forms(arabic) == {0, 1, 2}
    counted = [m for m in arabic if isinstance(m.id, tuple) and any(m.string)]
    assert counted and all(len(m.string) == 6 and all(m.string) for m in counted)
    # Nothing more is translated (an update may add other strings, empty): the facilitator's
    # pages stay in English (README, "Adding a language").
    phone = {m if isinstance(m, str) else m[0] for m in phone_and_projector_messages()}
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in arabic
                  if m.id and any(m.string if isinstance(m.string, tuple) else [m.string])}
    assert translated <= phone


def test_the_arabic_plural_forms_are_in_cldr_order():
    """The .po's forms follow its Plural-Forms line, which numbers CLDR's categories in order:
    form 0 is for zero, 1 for one, 2 for two, 3 for 3-10, 4 for 11-99, 5 for 100 and more."""
    catalog = arabic_catalog()
    plural = gettext.c2py(catalog.plural_expr)
    samples = plural_samples("ar")
    assert [plural(samples[c]) for c in ("zero", "one", "two", "few", "many", "other")] == list(range(6))


def test_the_committed_arabic_mo_matches_the_po():
    catalog = arabic_catalog()
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    expected = gettext.GNUTranslations(compiled)
    with ARABIC_MO.open("rb") as mo:
        committed = gettext.GNUTranslations(mo)
    strip = lambda c: {k: v for k, v in c._catalog.items() if k != ""}   # noqa: E731  (no header)
    assert strip(committed) == strip(expected), "run `pybabel compile -d cafe/translations`"


def test_scripts_and_server_agree_on_every_count_in_every_language(app):
    """The scripts pick a form by CLDR category (Intl.PluralRules), the server by the catalogue's
    Plural-Forms: for every count up to 1000 both land on the same form, in every language."""
    for lang in app.config["LANGUAGES"]:
        locale = Locale.parse(lang)        # a configured language Babel does not know fails here
        po = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
        if not po.exists():
            assert lang == app.config["BABEL_DEFAULT_LOCALE"]    # the app is written in it
            continue
        with po.open("rb") as file:
            plural = gettext.c2py(read_po(file, locale=lang).plural_expr)
        samples = plural_samples(lang)
        for count in range(1001):
            assert plural(count) == plural(samples[locale.plural_form(count)]), (lang, count)


def test_an_arabic_phone_gets_a_right_to_left_page_in_arabic(app, cafe):
    page = app.test_client().get(f"/j/{cafe.code}", headers={"Accept-Language": "ar-EG,ar;q=0.9"})
    text = page.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in text
    assert "انضم إلى المقهى" in text and "Join the café" not in text
    assert html.escape("من سكان المنطقة") in text            # a default group, in Arabic
    scripts = catalogue_in_page(text)
    # Every counted message hands the scripts Arabic's six forms.
    assert scripts["joined"].keys() == {"zero", "one", "two", "few", "many", "other"}
    assert scripts["dots_left"]["few"] == "بقيت لديك %(num)s نقاط"
    assert scripts["dots_left"]["two"] == "بقيت لديك نقطتان"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_left_to_right_pages_are_unchanged(app, cafe, lang):
    text = app.test_client().get(f"/j/{cafe.code}", headers={"Accept-Language": lang}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in text            # no dir attribute: exactly as before
    assert catalogue_in_page(text)["votes"].keys() == {"one", "other"}


def test_every_script_string_is_arabic(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        english = flatten(js_catalogue())
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        arabic = flatten(js_catalogue())
    # Plural keys differ by language (one/other, or six): compare the "other" forms.
    english = {k: v for k, v in english.items() if not k.endswith(".one")}
    arabic = {k: v for k, v in arabic.items() if k.rsplit(".", 1)[-1] not in ("zero", "one", "two", "few", "many")}
    assert english.keys() == arabic.keys()
    assert not {k for k in english if english[k] == arabic[k]}
    assert not [v for v in arabic.values() if re.search(r"[A-Za-z]{3,}", PLACEHOLDER.sub("", v))
                and "QR" not in v and "YYYY" not in v]


def test_the_projector_speaks_arabic_right_to_left_and_the_dashboard_stays_english(facilitator, cafe):
    arabic = {"Accept-Language": "ar"}
    projector = facilitator.get(f"/facilitator/cafes/{cafe.id}/projector", headers=arabic)
    text = projector.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in text
    assert "أو افتحوا" in text and "or go to" not in text
    # The Arabic catalogue has no facilitator strings: the dashboard is English, left to right,
    # not English words on a mirrored page that says it is Arabic.
    dashboard = facilitator.get(f"/facilitator/cafes/{cafe.id}", headers=arabic).get_data(as_text=True)
    assert '<html lang="en">' in dashboard


def test_a_refusal_reaches_an_arabic_phone_in_arabic(app, cafe):
    phone = app.test_client()
    phone.set_cookie("cafe_lang", "ar")
    response = phone.get("/j/NOSUCHCODE")
    assert response.status_code == 404
    assert "لم نجد مقهى مفتوحًا بهذا الرمز" in response.get_data(as_text=True)


def test_a_language_is_one_line_of_configuration(tmp_path):
    """French, say, with no catalogue yet: offered at join and in the switch, chosen by the
    browser, `lang` set, two plural categories, left to right; the words fall back to English."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "FACILITATOR_TOKEN": "x" * 32,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'c.sqlite3'}",
                      "ASYNC_MODE": "threading", "MESSAGE_QUEUE": None,
                      "LANGUAGES": {"en": "English", "fr": "Français"}})
    text = app.test_client().get("/join", headers={"Accept-Language": "fr-CA"}).get_data(as_text=True)
    assert '<html lang="fr">' in text
    assert 'lang="en">English</button>' in text and "Español" not in text
    assert catalogue_in_page(text)["votes"].keys() == {"one", "other"}
    assert text_direction("fr") == "ltr" and text_direction("ar") == text_direction("he") == "rtl"
