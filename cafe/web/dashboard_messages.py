"""Words on the facilitator's pages: phase names, and the catalogue the dashboard's script uses.

The dashboard embeds `dashboard_catalogue()` beside the phones' `js_catalogue()` (base.html), so
static/js/dashboard.js holds no English: every word it shows comes from here, in the language
of the facilitator's pages (the same /language/<lang> switch and cookie as the phones).
"""
from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from cafe.web.messages import group_label, plural_forms
from cafe.services import DEFAULT_GROUPS

# A café's phase as a facilitator would say it: the home page's list and the dashboard.
PHASE_NAMES = {
    "draft": _l("Not open yet"), "lobby": _l("People are joining"),
    "running": _l("Conversation under way"), "paused": _l("Paused"),
    "review": _l("Round over: check the next seating"),
    "break": _l("People are moving to their next table"), "finished": _l("All rounds done"),
}
# After the last round, the harvest says where the café is.
HARVEST_NAMES = {"voting": _l("Voting is open"), "results": _l("Priorities are in")}


def phase_names() -> dict[str, str]:
    """{phase: its name} in the current language."""
    return {phase: str(name) for phase, name in PHASE_NAMES.items()}


def dashboard_catalogue() -> dict:
    """Strings static/js/dashboard.js shows, in the current language."""
    return {
        "phases": phase_names(),
        "harvest_names": {state: str(name) for state, name in HARVEST_NAMES.items()},
        # The default stakeholder groups as the facilitator reads them; typed groups stay as typed.
        "groups": {group: group_label(group) for group in DEFAULT_GROUPS},
        "no_answer": gettext("No answer from the server; check the connection and try again."),
        # Joining
        "join_rate": gettext("%(recent)s joined in the last minute · %(joined)s of at most %(most)s"),
        "joining_open": gettext("Joining is open."),
        "joining_closed": gettext("Joining is closed: nobody new can join."),
        "close_joining": gettext("Close joining"),
        "reopen_joining": gettext("Reopen joining"),
        "saved": gettext("Saved."),
        # Round controls and the planned rotation
        "open_cafe": gettext("Open café"),
        "start_round": gettext("Start round %(round)s"),
        "pause": gettext("Pause"),
        "add_minutes": gettext("+%(minutes)s min"),
        "end_round": gettext("End round"),
        "resume": gettext("Resume"),
        "rotate_to": gettext("Rotate people to round %(round)s"),
        "plan": gettext("Next rotation: everyone meets at least %(new_people)s (average %(mean)s, "
                        "most possible %(bound)s); %(groups)s; %(pairs)s; table sizes %(sizes)s."),
        "groups_balanced": gettext("groups balanced"),
        "groups_unbalanced": gettext("groups not fully balanced"),
        # Tables, people and notes
        "person_left": gettext("%(name)s (left)"),
        "host_of": gettext("Host of %(table)s"),
        "no_host": gettext("No host"),
        "can_host": gettext("%(name)s (can host)"),
        "host": gettext("host"),
        "host_label": gettext("Host"),
        "show": gettext("Show"),
        "hide": gettext("Hide"),
        "next_round": gettext("Next round: %(names)s"),
        "notes_round": gettext("Notes, round %(round)s (%(count)s)"),
        "move_person": gettext("Move %(name)s"),
        "to_place": gettext("to %(place)s"),
        "current_round": gettext("Current round"),
        # The harvest
        "spread": gettext("raised at %(tables)s of %(table_total)s tables, in %(rounds)s of "
                          "%(round_total)s rounds"),
        "ignore_example": gettext("e.g. city, council"),
        "finding_themes": gettext("Finding themes…"),
        "themes_found": gettext("Themes found."),
        "harvest_themes": gettext("Harvest themes"),
        "harvest_again": gettext("Harvest again"),
        "fewer_themes": gettext("Fewer themes"),
        "more_themes": gettext("More themes"),
        "by_meaning": gettext("Group by meaning (any language)"),
        "words_to_ignore": gettext("Words to ignore"),
        "dots_each": gettext("Dots each"),
        "open_voting": gettext("Open voting"),
        "reopen_voting": gettext("Reopen voting"),
        "downloads_and_plan": gettext("Downloads and action plan"),
        "close_voting": gettext("Close voting"),
        "show_tallies": gettext("Show live tallies on the projector and phones"),
        "move_note": gettext("Move note to theme"),
        "no_theme": gettext("No theme"),
        "tick_for_split": gettext("Tick for a split"),
        "theme_label": gettext("Theme label"),
        "merge_theme": gettext("Merge %(theme)s into"),
        "merge_into": gettext("Merge into…"),
        "theme_notes": gettext("Notes (%(count)s)"),
        "hidden_from_voting": gettext("hidden from voting"),
        "on_paper": gettext("(%(num)s on paper)"),
        "priority_spread": gettext("%(tables)s of %(table_total)s tables, %(rounds)s of "
                                   "%(round_total)s rounds"),
        "no_group_ranking": gettext("No stakeholder group had 5 or more voters, so no ranking "
                                    "by group is shown."),
        "rank": gettext("Rank"),
        "ranking_by_group": gettext("Ranking by stakeholder group"),
        "status_none": gettext("Cluster every visible note into themes: between rounds for a "
                               "look at the themes so far, or after the last round."),
        "status_harvest": gettext("Themes from the notes up to round %(round)s. Rename, merge, "
                                  "move notes, split or hide themes; every screen updates."),
        "status_voting": plural_forms("Voting is open: %(num)s dot each.",
                                      "Voting is open: %(num)s dots each."),
        "status_results": gettext("Voting is closed."),
        "word_clouds": gettext("Word clouds:"),
        "whole_cafe": gettext("whole café"),
        "round_n": gettext("round %(round)s"),
        # Without a phone
        "group_not_given": gettext("Not given"),
        "name_no_phone": gettext("%(name)s (no phone)"),
        "added_seated": gettext("%(name)s added, seated at %(table)s."),
        "added_unseated": gettext("%(name)s added, not seated yet."),
        "note_added_to": gettext("Note added to %(table)s."),
        "device_help": gettext("On the table device, open %(address)s and type its table's code."),
        # Dots counted on paper
        "paper_dots_for": gettext("Paper dots for %(theme)s, %(group)s"),
        "paper_group_not_given": gettext("group not given"),
        "theme": gettext("Theme"),
        "paper_no_group": gettext("Group not given"),
        "whole_numbers": gettext("Please type whole numbers."),
        "paper_saved": plural_forms("Paper dots saved: %(dots)s dots from %(num)s person.",
                                    "Paper dots saved: %(dots)s dots from %(num)s people."),
        "tick_first": gettext("Tick the notes that should make the new theme first."),
    }
