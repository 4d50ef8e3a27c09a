"""The report in the reader's language: its words filled in, counted phrases, versions of texts."""
from __future__ import annotations

import io

import pytest

from cafe.domain.report import REPORT_WORDS, Words, build_report_pdf

pypdf = pytest.importorskip("pypdf")

SPANISH = {"subtitle": "Informe de prioridades", "priorities": "Prioridades",
           "votes": {"one": "%(num)s voto", "other": "%(num)s votos"},
           "in_language": "%(language)s: %(text)s", "action_plan": "Plan de acción"}


def text_of(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return "\n".join(" ".join(line.split()) for p in pages for line in p.extract_text().splitlines())


def test_words_fill_counts_and_fall_back_to_english():
    words = Words(SPANISH)
    assert words("votes", 1) == "1 voto" and words("votes", 7) == "7 votos"
    assert words("participation") == "Participation"                 # not given: English
    assert Words()("of_tables", 8, count=7) == "7 of 8 tables"
    broken = Words({"raised_at": "surgió en %(dónde)s", "dots": {"one": "%(num)s punto"}})
    assert broken("raised_at", where="2 mesas") == "raised at 2 mesas"  # a broken phrase: English
    assert broken("dots", 3) == "3 dots"                               # a missing form: English
    assert all(isinstance(v, (str, dict)) for v in REPORT_WORDS.values())


def test_a_report_prints_its_words_and_each_text_with_its_versions():
    report = {
        "lang": "es", "words": SPANISH, "title": "Health café", "date": "30 de noviembre de 2026",
        "title_translations": [{"lang": "es", "name": "Español", "text": "Café de salud"}],
        "questions": [{"text": "What keeps us well?", "translations": [
            {"lang": "es", "name": "Español", "text": "¿Qué nos mantiene sanos?"}]}],
        "participation": {"people": 12, "tables": 2, "rounds": 1, "notes": 30, "by_group": []},
        "priorities": [{"rank": 1, "label": "Housing", "votes": 9, "quotes": [],
                        "translations": [{"lang": "es", "name": "Español", "text": "Vivienda"}]}],
        "actions": [{"priority": "Housing", "next_steps": "Meet the council", "partner": "", "due": "",
                     "translations": [{"lang": "es", "name": "Español", "priority": "Vivienda",
                                       "next_steps": "Reunirse con el ayuntamiento"}]}],
    }
    text = text_of(build_report_pdf(report, fallback_fonts=()))
    assert "Informe de prioridades · 30 de noviembre de 2026" in text
    assert "Health café" in text and "Español: Café de salud" in text
    assert "Español: ¿Qué nos mantiene sanos?" in text
    assert "1. Housing" in text and "Español: Vivienda" in text and "9 votos" in text
    assert "Plan de acción" in text and "Reunirse con el ayuntamiento" in text
    assert text.index("Meet the council") < text.index("Reunirse con el ayuntamiento")


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
@pytest.mark.parametrize("count", [1, 2, 3])
def test_a_table_card_stays_one_page_with_long_questions_in_two_languages(page_size, count):
    from cafe.domain.report.printed import build_table_cards_pdf
    from cafe.domain.report.words import PRINT_WORDS
    question = ("What would make the streets of our neighbourhood safer, healthier and more "
                "welcoming for children, older people and everyone who walks or cycles?")
    spanish = ("¿Qué haría que las calles de nuestro barrio fueran más seguras, saludables y "
               "acogedoras para niños, personas mayores y todos los que caminan o van en bici?")
    table = {"name": "1", "label": "Table 1", "colour": "#0072b2", "text_colour": "#ffffff",
             "colour_name": "Blue", "versions": ["Uno"]}
    data = {"title": "Café", "join_url": "http://cafe.test/j/ABCDEFGH",
            "join_page": "http://cafe.test/join", "join_code": "ABCDEFGH",
            "questions": [f"{question} ({n})" for n in range(count)],
            "question_versions": [[spanish]] * count, "tables": [table, table],
            "words": [PRINT_WORDS, PRINT_WORDS | {"scan_to_join": "Escanea para unirte"}]}
    pdf = build_table_cards_pdf(data, page_size=page_size, fallback_fonts=())
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 2                                  # one card per table
    assert all("Escanea para unirte" in page.extract_text() for page in pages)
