"""The phone pages, the projector and their scripts speak Spanish completely, from the catalogue a fresh clone ships."""
from __future__ import annotations

import gettext
import html
import io
import json
import re
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from cafe import services
from cafe.web.messages import COLOUR_NAMES, GROUP_NAMES, js_catalogue

TRANSLATIONS = Path(__file__).resolve().parents[2] / "cafe" / "translations"
SPANISH_PO = TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po"
SPANISH_MO = TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.mo"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")

# js_catalogue() keys whose English and Spanish are rightly the same word: none today.
SAME_IN_BOTH: set[str] = set()


def spanish_catalog():
    """The Spanish .po as Babel reads it."""
    with SPANISH_PO.open("rb") as po:
        return read_po(po, locale="es")


def spanish(msgid: str) -> str:
    """The Spanish for `msgid`, read from the .po (so tests follow the translators, not a guess)."""
    message = spanish_catalog().get(msgid)
    assert message is not None and message.string, f"{msgid!r} is not in the Spanish catalogue"
    return message.string


def catalogue_in_page(page: str) -> dict:
    """The JSON catalogue base.html embeds for the page's scripts."""
    found = re.search(r'<script id="catalogue" type="application/json">(.*?)</script>', page, re.DOTALL)
    assert found, "the page has no catalogue for its scripts"
    return json.loads(html.unescape(found.group(1)))


def flatten(catalogue: dict, prefix: str = "") -> dict[str, str]:
    """Nested catalogue keys as dotted paths, e.g. 'colours.blue'."""
    flat = {}
    for key, value in catalogue.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def test_every_message_has_a_settled_spanish_translation_with_the_same_placeholders():
    problems = []
    for message in spanish_catalog():
        if not message.id:
            continue
        # A plural has a tuple of forms on each side; every form keeps the placeholders.
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        if not all(strings):
            problems.append(f"untranslated: {message.id!r}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif any(sorted(PLACEHOLDER.findall(form)) != wanted for form in strings):
            problems.append(f"placeholders differ: {message.id!r} -> {message.string!r}")
    assert not problems, "\n".join(problems)


def test_committed_mo_matches_the_po():
    catalog = spanish_catalog()
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    expected = gettext.GNUTranslations(compiled)
    with SPANISH_MO.open("rb") as mo:
        committed = gettext.GNUTranslations(mo)
    stale = [message.id for message in catalog
             if message.id and committed.gettext(message.id) != expected.gettext(message.id)]
    assert not stale, f"run `pybabel compile -d cafe/translations`; stale in the .mo: {stale}"
    # Every msgid -> msgstr, but not the header (msgid ""): it names the Babel release that wrote
    # the file, which changes with the tool, not with the translations.
    assert translations(committed) == translations(expected)


def translations(catalogue: gettext.GNUTranslations) -> dict:
    """What a reader sees: each message and its translation, without the catalogue's header."""
    return {msgid: msgstr for msgid, msgstr in catalogue._catalog.items() if msgid != ""}


def test_default_groups_are_marked_for_translation():
    assert tuple(str(name) for name in GROUP_NAMES) == services.DEFAULT_GROUPS
    for group in services.DEFAULT_GROUPS:
        assert spanish(group) != group


@pytest.mark.parametrize("how", ["cookie", "accept_language"])
def test_phone_with_spanish_sees_the_join_page_in_spanish(app, cafe, how):
    phone = app.test_client()
    headers = {}
    if how == "cookie":
        phone.set_cookie("cafe_lang", "es")
        headers["Accept-Language"] = "en"
    else:
        headers["Accept-Language"] = "es-MX,es;q=0.9,en;q=0.5"

    page = phone.get(f"/j/{cafe.code}", headers=headers).get_data(as_text=True)

    assert '<html lang="es">' in page
    assert html.escape(spanish("Join")) in page
    assert html.escape(spanish("Join the café")) in page
    for group in services.DEFAULT_GROUPS:
        assert html.escape(spanish(group)) in page
    scripts = catalogue_in_page(page)
    assert scripts["colours"]["blue"] == spanish("Blue") == "Azul"
    assert scripts["table"] == spanish("Table %(table)s")


def test_the_projector_speaks_spanish_to_the_room(app, facilitator, cafe):
    # Residents read the projector on the wall: a laptop set to Spanish shows it in Spanish.
    page = facilitator.get(f"/facilitator/cafes/{cafe.id}/projector",
                           headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<html lang="es">' in page
    assert html.escape(spanish("or go to")) in page and "or go to" not in page
    assert html.escape(spanish("QR code to join the café")) in page
    scripts = catalogue_in_page(page)
    # Counted words are real plurals (ngettext), both forms handed to the scripts.
    assert scripts["joined"] == {"one": "Se unió %(num)s persona", "other": "Se unieron %(num)s personas"}
    assert scripts["votes"] == {"one": "%(num)s voto", "other": "%(num)s votos"}
    assert scripts["table_count"] == spanish("People: %(people)s · Notes: %(notes)s")


def test_unknown_code_is_explained_in_spanish(client):
    client.set_cookie("cafe_lang", "es")
    response = client.get("/j/NOSUCHCODE")
    assert response.status_code == 404
    unknown = "We couldn't find an open café with that code. Check the code on the screen and try again."
    assert html.escape(spanish(unknown)) in response.get_data(as_text=True)


def test_missing_page_is_explained_in_spanish(client):
    response = client.get("/no/such/page", headers={"Accept-Language": "es"})
    assert response.status_code == 404
    assert html.escape(spanish("Page not found")) in response.get_data(as_text=True)


def test_cookie_beats_the_browser_language(app, cafe):
    phone = app.test_client()
    phone.set_cookie("cafe_lang", "en")
    page = phone.get(f"/j/{cafe.code}", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Join the café" in page
    assert catalogue_in_page(page)["colours"]["blue"] == "Blue"


def test_counted_messages_are_real_plurals_in_both_languages(app):
    for language, one, many in (("en", "1 note waiting to be sent", "2 notes waiting to be sent"),
                                ("es", "1 nota esperando para enviarse", "2 notas esperando para enviarse")):
        with app.test_request_context(headers={"Accept-Language": language}):
            forms = js_catalogue()["queued"]
        assert forms["one"].replace("%(num)s", "1") == one
        assert forms["other"].replace("%(num)s", "2") == many
    with app.test_request_context(headers={"Accept-Language": "es"}):
        from cafe.web.messages import error_message
        assert error_message("stale_harvest", {"count": 1}).startswith("1 nota no está")
        assert error_message("stale_harvest", {"count": 3}).startswith("3 notas no están")


def test_every_script_string_is_translated(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        english = flatten(js_catalogue())
    with app.test_request_context(headers={"Accept-Language": "es"}):
        spanish_strings = flatten(js_catalogue())
    assert english.keys() == spanish_strings.keys()
    assert {key for key in english if key.startswith("colours.")} == {
        f"colours.{key}" for key in COLOUR_NAMES}
    same = {key for key in english if english[key] == spanish_strings[key]}
    assert same == SAME_IN_BOTH
