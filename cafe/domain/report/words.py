"""The report's own words (headings, labels, counted phrases), in English unless others are given.

The web layer hands the same keys over in the reader's language (cafe/web/report_words.py), so the
domain only fills them in and never reads a catalogue. A counted phrase is {"one", "other"}: the
form for 1 and for every other count, the rule of English and Spanish (a language with more plural
forms, such as Arabic, would need the other categories here too). A phrase whose placeholders a
translation broke falls back to the English one: a report is never lost to a typo.
"""
from __future__ import annotations

from collections.abc import Mapping

REPORT_WORDS: dict[str, object] = {
    "default_title": "World Café",
    "subtitle": "Priority summary report",
    "questions_heading": {"one": "The question we explored", "other": "The questions we explored"},
    "participation": "Participation",
    "no_participation": "No participation figures were recorded.",
    "people": "People",
    "tables": "Tables",
    "rounds": "Rounds",
    "notes": "Notes",
    "group": "Stakeholder group",
    "not_given": "Not given",
    "suppressed": "suppressed",
    "privacy_note": "To protect privacy, counts under %(num)s are suppressed, and so is any count "
                    "that could be worked out from the others.",
    "priorities": "Priorities",
    "no_priorities": "No priorities were set.",
    "votes": {"one": "%(num)s vote", "other": "%(num)s votes"},
    "paper_votes": {"one": "%(votes)s (%(num)s on paper)", "other": "%(votes)s (%(num)s on paper)"},
    "of_tables": {"one": "%(count)s of %(num)s table", "other": "%(count)s of %(num)s tables"},
    "of_rounds": {"one": "%(count)s of %(num)s round", "other": "%(count)s of %(num)s rounds"},
    "raised_at": "raised at %(where)s",
    "people_voted": {"one": "%(num)s person voted.", "other": "%(num)s people voted."},
    "people_voted_paper": {
        "one": "%(num)s person voted, %(paper)s of them on paper; %(paper_dots)s of the %(dots)s "
               "came from paper ballots.",
        "other": "%(num)s people voted, %(paper)s of them on paper; %(paper_dots)s of the "
                 "%(dots)s came from paper ballots."},
    "dots": {"one": "%(num)s dot", "other": "%(num)s dots"},
    "in_pictures": "In pictures",
    "votes_chart": "Votes per priority",
    "votes_axis": "Votes",
    "no_votes": "No votes yet",
    "wordcloud": "Words residents used most",
    "unreadable_picture": "(%(caption)s: the picture could not be read.)",
    "highlights": "Highlights from each table",
    "no_highlights": "No notes to highlight.",
    "table": "Table %(name)s (%(colour)s)",
    "action_plan": "Action plan",
    "no_actions": "No next steps have been recorded yet.",
    "priority": "Priority",
    "next_steps": "Next steps",
    "partner": "Partner",
    "due": "Due",
    # "Español: …" before a text's version in another language.
    "in_language": "%(language)s: %(text)s",
}


# The printed materials' own words (cafe/domain/report/printed.py): what a person at a table or
# at the door reads, printed in each of the café's languages that has them.
PRINT_WORDS: dict[str, object] = {
    "our_question": {"one": "Our question", "other": "Our questions"},
    "scan_to_join": "Scan to join from your phone",
    "join_line": "or go to %(page)s and type %(code)s",
    "qr_alt": "QR code to join the café",
    "for_the_host": "For the host",
    "host_step_1": "Stay at this table every round and welcome each new group.",
    "host_step_2": "Ask the question above; make sure everyone gets a turn.",
    "host_step_3": "Someone without a phone? Type their note on your phone: choose their name under "
                   "\u201cWhose note is this?\u201d.",
    "host_step_4": "When the round ends, share a few ideas from earlier rounds with the newcomers.",
    "join_conversation": "Join the conversation",
    "go_to_and_type": "or go to %(page)s and type",
    "no_phone": "No phone? Just come in: we'll give you a seat and your host will write your "
                "ideas down.",
    "paper_ballot": {
        "one": "Paper ballot: you have %(num)s dot. Tick a box for each dot; you may put more "
               "than one on the same theme.",
        "other": "Paper ballot: you have %(num)s dots. Tick a box for each dot; you may put more "
                 "than one on the same theme."},
    "which_group": "Which group are you in? (optional)",
}


class Words:
    """Words in one language (the report's by default), with English for any key or phrase
    that is missing."""

    def __init__(self, given: Mapping | None = None, defaults: Mapping = REPORT_WORDS):
        self.given = dict(given or {})
        self.defaults = defaults

    def _raw(self, key: str, count: int | None = None) -> tuple[str, str]:
        """(the given phrase, the English one) for `key`, the plural form for `count` if counted."""
        english = self.defaults[key]
        given = self.given.get(key, english)
        if count is None:
            return (given if isinstance(given, str) else str(english)), str(english)
        form = "one" if count == 1 else "other"
        if not isinstance(given, Mapping) or not isinstance(given.get(form), str):
            given = english
        return given[form], english[form]

    def __call__(self, key: str, num: int | None = None, /, **values) -> str:
        """The phrase `key` with its placeholders filled; a counted phrase takes its count as
        `num` (its form chosen by it, and its `%(num)s`)."""
        given, english = self._raw(key, num)
        if num is not None:
            values.setdefault("num", num)
        if not values:
            return given
        try:
            return given % values
        except (KeyError, ValueError, TypeError):
            return english % values
