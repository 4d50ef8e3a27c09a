"""The report's words from the catalogue match the layout's English defaults, key for key."""
from __future__ import annotations

from cafe.domain.report import REPORT_WORDS
from cafe.web.report_words import report_language


def test_every_report_word_comes_from_the_catalogue_and_english_is_the_default(app):
    with app.test_request_context():
        english = report_language("en").words
        spanish = report_language("es").words
    assert english == REPORT_WORDS
    assert spanish.keys() == REPORT_WORDS.keys()
    untranslated = [k for k, v in spanish.items() if v == REPORT_WORDS[k]
                    and k not in ("default_title", "in_language")]
    assert untranslated == []


def test_every_print_word_comes_from_the_catalogue(app):
    from cafe.domain.report.words import PRINT_WORDS
    from cafe.web.report_words import print_words
    with app.test_request_context():
        english, spanish = print_words(["en", "es"])
        assert print_words(["ar"]) == [english]          # no print words in Arabic: English
        assert print_words(["es", "en"])[0] == spanish   # the café's typed language leads
    assert english == PRINT_WORDS
    assert spanish.keys() == PRINT_WORDS.keys()
    assert [k for k, v in spanish.items() if v == PRINT_WORDS[k]] == []
