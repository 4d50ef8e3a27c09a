"""Which version of a facilitator's text each reader sees (cafe/domain/texts.py)."""
from cafe.domain.texts import DEFAULT_LANGUAGES, Localized, all_versions, cafe_languages, pick, translated

CAFE = {"es": {"title": "Café de salud", "questions": ["¿Qué nos mantiene sanos?", ""],
               "groups": ["Residente", "  "]},
        "fr": "not a dict"}


def test_a_cafe_without_languages_offers_the_defaults_typed_language_first():
    assert cafe_languages(None) == list(DEFAULT_LANGUAGES) == ["en", "es"]
    assert cafe_languages(["es", "en"]) == ["es", "en"]


def test_translated_keeps_only_real_texts():
    assert translated(CAFE, "title") == {"es": "Café de salud"}
    assert translated(CAFE, "questions", 0) == {"es": "¿Qué nos mantiene sanos?"}
    assert translated(CAFE, "questions", 1) == {}          # empty: no translation
    assert translated(CAFE, "questions", 5) == {}          # no such question
    assert translated(CAFE, "groups", 1) == {}             # blank
    assert translated({"es": "Mesa del río", "ar": ""}) == {"es": "Mesa del río"}
    assert translated(None) == {}


def test_a_reader_gets_their_language_or_the_typed_text_marked_with_its_language():
    versions = {"es": "Vivienda"}
    assert pick("Housing", versions, "es", "en") == Localized("Vivienda", "es")
    assert pick("Housing", versions, "en", "en") == Localized("Housing", "en")
    # no Arabic version: the English text, marked English so a screen reader says it as such
    assert pick("Housing", versions, "ar", "en") == Localized("Housing", "en")
    assert pick("Housing", versions, None, "en") == Localized("Housing", "en")


def test_all_versions_lists_each_text_once_in_the_cafes_order():
    assert all_versions("Housing", {"es": "Vivienda"}, ["en", "es"], "en") == [
        Localized("Housing", "en"), Localized("Vivienda", "es")]
    assert all_versions("Housing", {}, ["en", "es"], "en") == [Localized("Housing", "en")]
    assert all_versions("Housing", {"es": "Vivienda"}, ["es"], "en") == [Localized("Vivienda", "es")]
