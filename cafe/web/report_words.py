"""The report's words in a chosen language, from the catalogue, for the pure report layout.

cafe/domain/report/words.py holds the same keys in English (the layout's defaults); a test keeps
the two in step. The report is made in a language of REPORT_LANGUAGES only: those whose
catalogue translates these words and whose script the report lays out (left to right). An Arabic
report would need its words translated and a right-to-left layout first (its letters already
print: DejaVu Sans has them and HarfBuzz shapes them).
"""
from __future__ import annotations

from babel import Locale, UnknownLocaleError
from flask import current_app
from flask_babel import force_locale, get_locale, gettext

from cafe.services.export_texts import ReportLanguage
from cafe.web.messages import COLOUR_NAMES, plural_forms

# The languages the report's and the printed materials' own words are translated into.
REPORT_LANGUAGES = ("en", "es")


def report_words() -> dict:
    """The report's headings, labels and counted phrases in the current locale."""
    return {
        "default_title": gettext("World Café"),
        "subtitle": gettext("Priority summary report"),
        "questions_heading": plural_forms("The question we explored", "The questions we explored"),
        "participation": gettext("Participation"),
        "no_participation": gettext("No participation figures were recorded."),
        "people": gettext("People"),
        "tables": gettext("Tables"),
        "rounds": gettext("Rounds"),
        "notes": gettext("Notes"),
        "group": gettext("Stakeholder group"),
        "not_given": gettext("Not given"),
        "suppressed": gettext("suppressed"),
        "privacy_note": gettext("To protect privacy, counts under %(num)s are suppressed, and so "
                                "is any count that could be worked out from the others."),
        "priorities": gettext("Priorities"),
        "no_priorities": gettext("No priorities were set."),
        "votes": plural_forms("%(num)s vote", "%(num)s votes"),
        "paper_votes": plural_forms("%(votes)s (%(num)s on paper)", "%(votes)s (%(num)s on paper)"),
        "of_tables": plural_forms("%(count)s of %(num)s table", "%(count)s of %(num)s tables"),
        "of_rounds": plural_forms("%(count)s of %(num)s round", "%(count)s of %(num)s rounds"),
        "raised_at": gettext("raised at %(where)s"),
        "people_voted": plural_forms("%(num)s person voted.", "%(num)s people voted."),
        "people_voted_paper": plural_forms(
            "%(num)s person voted, %(paper)s of them on paper; %(paper_dots)s of the %(dots)s "
            "came from paper ballots.",
            "%(num)s people voted, %(paper)s of them on paper; %(paper_dots)s of the %(dots)s "
            "came from paper ballots."),
        "dots": plural_forms("%(num)s dot", "%(num)s dots"),
        "in_pictures": gettext("In pictures"),
        "votes_chart": gettext("Votes per priority"),
        "votes_axis": gettext("Votes"),
        "no_votes": gettext("No votes yet"),
        "wordcloud": gettext("Words residents used most"),
        "unreadable_picture": gettext("(%(caption)s: the picture could not be read.)"),
        "highlights": gettext("Highlights from each table"),
        "no_highlights": gettext("No notes to highlight."),
        "table": gettext("Table %(name)s (%(colour)s)"),
        "action_plan": gettext("Action plan"),
        "no_actions": gettext("No next steps have been recorded yet."),
        "priority": gettext("Priority"),
        "next_steps": gettext("Next steps"),
        "partner": gettext("Partner"),
        "due": gettext("Due"),
        "in_language": gettext("%(language)s: %(text)s"),
    }


def default_report_language() -> str:
    """The report's language when none is asked for: the facilitator's own, if a report can be in it."""
    current = str(get_locale() or "en")
    return current if current in REPORT_LANGUAGES else "en"


def report_language(lang: str) -> ReportLanguage:
    """Everything the report needs to be written in `lang` (one of REPORT_LANGUAGES)."""
    with force_locale(lang):
        words = report_words()
        colours = {key: str(name) for key, name in COLOUR_NAMES.items()}
    names = {code: str(name) for code, name in current_app.config["LANGUAGES"].items()}
    return ReportLanguage(code=lang, words=words, language_names=names, colour_names=colours)


def language_name(lang: str) -> str:
    """A language's name in itself ('español', 'English'), as a link to a report in it reads."""
    try:
        return Locale.parse(lang).get_display_name(lang) or lang
    except (ValueError, UnknownLocaleError):
        return lang


def report_choices(languages) -> list[dict]:
    """The languages a report can be made in, of `languages`, each with its link texts written
    in that language: [{"lang", "a4", "letter"}]."""
    choices = []
    for lang in languages:
        if lang not in REPORT_LANGUAGES:
            continue
        with force_locale(lang):
            choices.append({"lang": lang,
                            "a4": gettext("Report (%(language)s), A4", language=language_name(lang)),
                            "letter": gettext("US Letter")})
    return choices


def _print_words_here() -> dict:
    """The printed materials' words (cafe/domain/report/words.PRINT_WORDS) in the current locale."""
    return {
        "our_question": plural_forms("Our question", "Our questions"),
        "scan_to_join": gettext("Scan to join from your phone"),
        "join_line": gettext("or go to %(page)s and type %(code)s"),
        "qr_alt": gettext("QR code to join the café"),
        "for_the_host": gettext("For the host"),
        "host_step_1": gettext("Stay at this table every round and welcome each new group."),
        "host_step_2": gettext("Ask the question above; make sure everyone gets a turn."),
        "host_step_3": gettext("Someone without a phone? Type their note on your phone: choose "
                               "their name under \u201cWhose note is this?\u201d."),
        "host_step_4": gettext("When the round ends, share a few ideas from earlier rounds with "
                               "the newcomers."),
        "join_conversation": gettext("Join the conversation"),
        "go_to_and_type": gettext("or go to %(page)s and type"),
        "no_phone": gettext("No phone? Just come in: we'll give you a seat and your host will "
                            "write your ideas down."),
        "paper_ballot": plural_forms(
            "Paper ballot: you have %(num)s dot. Tick a box for each dot; you may put more than "
            "one on the same theme.",
            "Paper ballot: you have %(num)s dots. Tick a box for each dot; you may put more than "
            "one on the same theme."),
        "which_group": gettext("Which group are you in? (optional)"),
    }


def print_words(languages) -> list[dict]:
    """The printed materials' words in each of `languages` they are translated into, in that
    order (a café's typed language first); English alone when none is."""
    out = []
    for lang in languages:
        if lang in REPORT_LANGUAGES:
            with force_locale(lang):
                out.append(_print_words_here())
    if not out:
        with force_locale("en"):
            out.append(_print_words_here())
    return out
