"""The café's texts in each of its languages, as the report, the exports and the printed
materials carry them; and the language a report is made in (its words, dates and names).

Service layer: reads models, returns plain values. The words themselves come from the web layer
(cafe/web/report_words.py), which reads the catalogues; dates are written out with Babel in the
report's locale.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from cafe.domain import texts
from cafe.domain.report.words import Words
from cafe.models import Cafe, CafeTable


@dataclass(frozen=True)
class ReportLanguage:
    """The language a report is made in: its code, its words and the names it gives things."""

    code: str = "en"
    words: dict = field(default_factory=dict)           # keys of domain.report.words.REPORT_WORDS
    language_names: dict = field(default_factory=dict)  # {"es": "Español"}: labels the versions
    colour_names: dict = field(default_factory=dict)    # {"green": "Green"}: table colours

    def name(self, lang: str) -> str:
        return self.language_names.get(lang) or lang

    def table_label(self, table: CafeTable) -> str:
        """'Table 3 (Green)' in the report's language."""
        colour = self.colour_names.get(table.colour_name, table.colour_name)
        return Words(self.words)("table", name=table.name, colour=colour)


def written_date(iso: str, lang: str, style: str = "long") -> str:
    """A YYYY-MM-DD date written out in `lang` ('30 de noviembre de 2026'); as given if odd.

    Babel loads a locale's data the first time it is used: the report calls this where its
    pictures are made, off the event loop."""
    try:
        return format_date(datetime.date.fromisoformat(iso), format=style, locale=Locale.parse(lang))
    except (UnknownLocaleError, ValueError, TypeError):
        return iso or ""


def versions(found: dict[str, str], languages, names: ReportLanguage) -> list[dict]:
    """[{"lang", "name", "text"}] of a text's own versions in `languages`, in their order."""
    return [{"lang": lang, "name": names.name(lang), "text": found[lang]}
            for lang in languages if found.get(lang)]


def report_questions(cafe: Cafe, reading: ReportLanguage) -> list[dict]:
    """Each different question as typed, with its versions in the café's other languages."""
    out, seen = [], set()
    for round_no, question in enumerate(cafe.questions, start=1):
        if question in seen:
            continue
        seen.add(question)
        out.append({"text": question, "translations": versions(
            cafe.question_versions(round_no), cafe.language_list[1:], reading)})
    return out


def report_participation(cafe: Cafe, figures: dict, reading: ReportLanguage,
                         not_given: str = "Not given") -> dict:
    """The participation figures with each group's versions, "Not given" in the report's words."""
    others = cafe.language_list[1:]
    rows = []
    for row in figures.get("by_group") or []:
        if row["group"] == not_given and not_given not in (cafe.groups or []):
            rows.append(row | {"group": Words(reading.words)("not_given")})
        else:
            rows.append(row | {"translations": versions(cafe.group_versions(row["group"]), others,
                                                        reading)})
    return figures | {"by_group": rows}


def all_typed_texts(cafe: Cafe) -> list[str]:
    """The title and questions in every language (kept out of the report's word cloud)."""
    found = [cafe.title, *cafe.questions, *cafe.title_versions().values()]
    for round_no in range(1, len(cafe.questions) + 1):
        found += list(cafe.question_versions(round_no).values())
    return found


# --- the exports -------------------------------------------------------------------------------

def cafe_translations(cafe: Cafe) -> dict:
    """{lang: {"title", "questions", "groups"}} for each of the café's other languages: what was
    typed in it, "" where nothing was (lists in the order of the typed ones)."""
    out = {}
    for lang in cafe.language_list[1:]:
        out[lang] = {
            "title": cafe.title_versions().get(lang, ""),
            "questions": [cafe.question_versions(n).get(lang, "")
                          for n in range(1, len(cafe.questions) + 1)],
            "groups": [cafe.group_versions(g).get(lang, "") for g in cafe.groups or []],
        }
    return out


def csv_columns(cafe: Cafe) -> tuple[str, ...]:
    """The notes CSV's columns in the café's other languages: question_es, table_es, theme_es,
    group_es, ... (after the usual ones, which never change)."""
    return tuple(f"{column}_{lang}" for lang in cafe.language_list[1:]
                 for column in ("question", "table", "theme", "group"))


def csv_values(cafe: Cafe, *, round_no: int, table: CafeTable, theme: dict | None,
               group: str, theme_labels: dict[int, dict[str, str]]) -> dict:
    """One note's cells in the café's other languages: what a reader of each language sees
    (its version, or the typed text when there is none); blank where the typed cell is."""
    typed = cafe.typed_language
    out = {}
    for lang in cafe.language_list[1:]:
        label = ""
        if theme:
            label = texts.pick(theme["label"], theme_labels.get(theme["id"], {}), lang, typed).text
        out |= {f"question_{lang}": cafe.question_in(round_no, lang).text,
                f"table_{lang}": table.name_in(lang, typed).text,
                f"theme_{lang}": label,
                f"group_{lang}": cafe.group_in(group, lang).text if group else ""}
    return out
