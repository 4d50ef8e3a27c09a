"""Words people read: error messages by code, and the catalogue the phone's JavaScript uses.

Everything is wrapped for Flask-Babel, so translations/ holds one catalogue for pages and scripts.
"""
from babel import Locale, UnknownLocaleError
from flask import current_app
from flask_babel import get_locale, get_translations, gettext, ngettext
from flask_babel import lazy_gettext as _l

from cafe.domain.texts import Localized
from cafe.web.locales import plural_samples

ERRORS = {
    "empty": _l("Please write something first."),
    "too_long": _l("That is too long: at most %(max)s characters."),
    "wrong_type": _l("Something in that request was not understood."),
    "control_characters": _l("That text contains characters that can't be shown."),
    "bad_encoding": _l("That text contains a broken character that can't be saved. Please retype it."),
    "bad_id": _l("That note could not be saved. Please try again."),
    "out_of_range": _l("Please choose a number from %(low)s to %(high)s."),
    "too_many": _l("Too many entries: at most %(max)s."),
    "bad_groups": _l("Each stakeholder group needs a different name (at most 12)."),
    "bad_date": _l("Please give the date as YYYY-MM-DD."),
    "unknown_group": _l("Please choose one of the groups offered."),
    "unknown_language": _l("Please choose one of the languages offered."),
    "unknown_code": _l("We couldn't find an open café with that code. Check the code on the screen and try again."),
    "not_found": _l("That no longer exists. The page will refresh."),
    "already_advanced": _l("Already done: someone else clicked first. The screen shows the latest state."),
    "wrong_phase": _l("That can't be done at this point of the café."),
    "wrong_round": _l("That note belongs to a round you were not seated in."),
    "person_left": _l("That person has left the café."),
    "not_allowed": _l("Only the facilitator can do that."),
    "not_joined": _l("Your seat was not found. Please join again."),
    "busy": _l("The server is busy. Your note is kept and will be sent again."),
    "internal": _l("Something went wrong on our side. Nothing was lost; please try again."),
    "too_many_dots": _l("You have %(dots)s dots: take one off another theme first."),
    "voting_closed": _l("Voting is not open right now."),
    "same_theme": _l("Choose two different themes."),
    "no_themes": _l("There are no themes to vote on yet."),
    "rate_limited": _l("That was a lot at once. Your note is kept and sent in %(retry_after)s s."),
    "unknown_event": _l("The app did not understand that request. Please reload the page."),
    "joining_closed": _l("The facilitator has closed joining for now. Please ask them to open it."),
    "cafe_full": _l("This café is full. Please ask the facilitator to make room."),
    "unknown_backend": _l("Please choose how to group the notes: by shared words or by meaning."),
    "semantic_unavailable": _l("Grouping by meaning is not installed on this computer: the themes use shared words."),
    "unknown_table_code": _l("We couldn't find a table with that code. Check the code on the facilitator's screen."),
    "not_host": _l("Only this table's host can type notes for others."),
    "not_at_table": _l("That person is not seated at this table in that round."),
    "negative_count": _l("A count can't be negative."),
    "duplicate": _l("Each theme and group can be counted once."),
    "too_many_paper_dots": _l("%(voters)s paper voters had %(dots)s dots in all: the counts add up to more. Check the numbers."),
    "wrong_language": _l("%(person)s needs a table that speaks %(language)s, and table %(table)s does not. Seat them there anyway?"),
    # People kept together (a resident and their interpreter or carer).
    "companion_link_expired": _l("This “Join with me” code is too old. Ask the person to show it on their phone again."),
    "companion_left": _l("The person you came to sit with has left the café. You can still join on your own."),
    "party_full": _l("That person's party is full: at most %(max)s people can be kept together. You can still join on your own."),
    "party_too_big": _l("At most %(max)s people can be kept together."),
    "hosts_apart": _l("They host different tables, so they can't sit together. Change a host first."),
    "no_shared_language": _l("No table speaks every language they need, so they can't sit together."),
    "same_person": _l("Choose two different people."),
}

# Errors whose words depend on a count: code -> function of the count, worded by ngettext.
PLURAL_ERRORS = {
    "stale_harvest": lambda count: ngettext(
        "%(num)s note is in no theme, so it would be left out of the vote. Harvest again, "
        "or confirm to open voting without it.",
        "%(num)s notes are in no theme, so they would be left out of the vote. Harvest "
        "again, or confirm to open voting without them.", count),
}

COLOUR_NAMES = {
    "blue": _l("Blue"), "orange": _l("Orange"), "green": _l("Green"), "yellow": _l("Yellow"),
    "sky": _l("Sky blue"), "red": _l("Red"), "pink": _l("Pink"), "grey": _l("Grey"),
    "brown": _l("Brown"), "navy": _l("Navy"), "teal": _l("Teal"), "lime": _l("Lime"),
}


# The default stakeholder groups (services.DEFAULT_GROUPS), marked here so extraction finds them:
# join.html shows each group through group_label(), so custom group names stay as typed.
_GROUP_BY_NAME = {
    "Resident": _l("Resident"), "Community organization": _l("Community organization"),
    "Health or social service staff": _l("Health or social service staff"),
    "Other / prefer not to say": _l("Other / prefer not to say"),
}
GROUP_NAMES = tuple(_GROUP_BY_NAME.values())


def group_label(group: str) -> str:
    """A stakeholder group as people read it: the default groups translated, others as typed.

    Returned as plain text, so templates escape it (`_()` in a template would mark a
    facilitator's group name as safe HTML).
    """
    return str(_GROUP_BY_NAME[group]) if group in _GROUP_BY_NAME else group


def group_text(cafe, group: str) -> Localized:
    """A café's stakeholder group for the page's reader: the facilitator's translation in the
    page's language, else (the default groups of a café with none) the catalogue's, else as typed."""
    lang = str(get_locale() or "en")
    version = cafe.group_in(group, lang)
    if version.lang == lang or group not in _GROUP_BY_NAME:
        return version
    label = group_label(group)
    return Localized(label, lang) if label != group else version


def language_name(code: str, *, own: bool = False) -> str:
    """A language's name in the reader's language ("Spanish"), or with `own` in itself ("Español")."""
    try:
        name = Locale.parse(code).get_display_name(code if own else str(get_locale() or "en"))
    except (ValueError, TypeError, UnknownLocaleError):
        return str(code)
    if not name:
        return str(code)
    return name[:1].upper() + name[1:] if own else name


def error_message(code: str, params: dict | None = None) -> str:
    """The person-facing text for an error code, in the current language."""
    if code in PLURAL_ERRORS and isinstance((params or {}).get("count"), int):
        return PLURAL_ERRORS[code](params["count"])
    if isinstance((params or {}).get("language"), str):     # a code: say the language's name
        params = {**params, "language": language_name(params["language"])}
    message = ERRORS.get(code, ERRORS["internal"])
    try:
        return str(message) % (params or {}) if params else str(message)
    except (KeyError, TypeError, ValueError):
        return str(message)


def plural_forms(singular: str, plural: str) -> dict[str, str]:
    """Every form of a counted message for the scripts, by CLDR plural category, placeholders kept.

    English and Spanish get {"one", "other"}; Arabic {"zero", "one", "two", "few", "many",
    "other"}. Each is the catalogue's form for an example count of that category
    (locales.plural_samples); common.js picks the category with Intl.PluralRules for the page's
    language. The catalogue holds them as real plurals (extracted with `-k plural_forms:1,2`,
    see babel.cfg).
    """
    translations = get_translations()
    return {category: translations.ngettext(singular, plural, count)
            for category, count in plural_samples(str(get_locale() or "en")).items()}


def js_catalogue() -> dict:
    """Strings the phone and projector scripts show, in the current language."""
    return {
        "go_to_table": gettext("Go to table %(table)s"),
        "your_table": gettext("Your table"),
        "table": gettext("Table %(table)s"),
        "round_of": gettext("Round %(round)s of %(rounds)s"),
        "time_up": gettext("Time is up"),
        "paused": gettext("Paused"),
        "waiting_start": gettext("Waiting for the facilitator to start the round"),
        "round_over": gettext("This round is over. Your next table will appear here."),
        "moving": gettext("Please move to your new table. The next round starts soon."),
        "finished": gettext("The conversation rounds are over. Thank you!"),
        "draft": gettext("This café has not opened yet."),
        "sending": gettext("Sending…"),
        "saved": gettext("Saved"),
        "offline": gettext("Offline: your notes are kept on this phone and sent when you reconnect."),
        "reconnecting": gettext("Reconnecting…"),
        "connected": gettext("Connected"),
        "queued": plural_forms("%(num)s note waiting to be sent", "%(num)s notes waiting to be sent"),
        "no_notes": gettext("No notes yet. Add the first one!"),
        "earlier_round": gettext("Round %(round)s"),
        "you_host": gettext("You are this table's host: stay here and welcome newcomers."),
        "stay_table": gettext("Stay at table %(table)s"),
        "host_table": gettext("You host table %(table)s"),
        "staying": gettext("Stay where you are: your table is the same. The next round starts soon."),
        "host_staying": gettext("Stay at your table and welcome the newcomers. The next round starts soon."),
        "new_note": gettext("New note: %(text)s"),
        "notes_closed": gettext("Voting has opened, so notes are closed. This note was not added; you can copy it from here:"),
        "record_closed": gettext("The conversation rounds are over, so no more notes are taken."),
        "results_link": gettext("Keep the priorities: open the results page"),
        "chars_left": gettext("%(count)s characters left"),
        "left": gettext("You have left the café. Thank you for taking part."),
        "confirm_leave": gettext("Leave the café? You will not be seated in the next rounds."),
        "mine": gettext("your note"),
        "themes_so_far": gettext("Themes so far"),
        "vote_title": gettext("Vote for the priorities"),
        "vote_help": gettext("Place your %(dots)s dots on the themes that matter most to you. You may put more than one dot on the same theme."),
        "dots_left": plural_forms("%(num)s dot left", "%(num)s dots left"),
        "your_dots": plural_forms("Your dots here: %(num)s", "Your dots here: %(num)s"),
        "add_dot": gettext("Add a dot to: %(theme)s"),
        "remove_dot": gettext("Take a dot off: %(theme)s"),
        "dots_saved": gettext("Your dots are saved."),
        "votes": plural_forms("%(num)s vote", "%(num)s votes"),
        "priorities_title": gettext("Community priorities"),
        "priorities_help": gettext("Voting has closed. The themes most voted for come first."),
        "vote_on_phone": gettext("Vote on your phone"),
        "raised_at": gettext("raised at %(tables)s of %(total)s tables"),
        "joined": plural_forms("%(num)s person joined", "%(num)s people joined"),
        "table_count": gettext("People: %(people)s · Notes: %(notes)s"),
        "note_by_me": gettext("My own note"),
        "note_by_someone": gettext("Someone at this table"),
        "no_phone": gettext("no phone"),
        "vote_on_phone_or_paper": gettext("Vote on your phone or on paper"),
        # The facilitator's dashboard counts things too.
        "harvest_again_new": plural_forms("Harvest again (%(num)s new note)",
                                          "Harvest again (%(num)s new notes)"),
        "confirm_missed": plural_forms(
            "%(num)s note is in no theme and would be left out of the vote. Open voting anyway?",
            "%(num)s notes are in no theme and would be left out of the vote. Open voting anyway?"),
        "new_since_harvest": plural_forms("%(num)s note was written after this harvest.",
                                          "%(num)s notes were written after this harvest."),
        "voted": plural_forms("%(num)s person has voted.", "%(num)s people have voted."),
        "notes_n": plural_forms("%(num)s note", "%(num)s notes"),
        "people_n": plural_forms("%(num)s person", "%(num)s people"),
        "new_people": plural_forms("%(num)s new person", "%(num)s new people"),
        "pairs_again": plural_forms("%(num)s pair meets again", "%(num)s pairs meet again"),
        # Issue 17: a theme's label in the café's other languages (dashboard).
        "label_in": gettext("Label in %(language)s"),
        # Seating by language (the dashboard).
        "speaks": gettext("Speaks %(languages)s"),
        "needs_language": gettext("Needs %(language)s"),
        "needs_label": gettext("Language %(name)s needs at the table"),
        "any_language": gettext("Any language"),
        "plan_language_ok": gettext("everyone at a table in their language"),
        "plan_language_off": plural_forms("%(num)s person not at a table in their language",
                                          "%(num)s people not at a table in their language"),
        "language_warning": gettext("Not everyone can sit at a table in their language."),
        "language_review": gettext("Before you rotate: not everyone will sit at a table in their language."),
        "affected_line": gettext("%(name)s needs %(language)s, but is seated at %(table)s, which does not speak it."),
        "affected_planned": gettext("%(name)s needs %(language)s, but would sit at %(table)s, which does not speak it."),
        "lacking_line": plural_forms(
            "%(language)s: %(num)s person who needs it will sit at a table that does not speak it in the coming rounds, because tables stay about the same size. Who needs it: %(names)s.",
            "%(language)s: %(num)s people who need it will sit at a table that does not speak it in the coming rounds, because tables stay about the same size. Who needs it: %(names)s."),
        "unspoken_line": gettext("No table speaks %(language)s: anyone who needs it will sit at a table in another language."),
        "moved_for_language": gettext("%(name)s was seated again at a table that speaks %(language)s."),
        "language_names": {code: language_name(code) for code in current_app.config["LANGUAGES"]},
        # People kept together: the phone's "Join with me" card and the dashboard.
        "sit_with": gettext("You sit with %(names)s in every round."),
        "kept_with": gettext("with %(names)s"),
        "keep_together": gettext("Keep together"),
        "unlink": gettext("Unlink"),
        "unlink_person": gettext("Unlink %(name)s: they may sit apart from the next rotation"),
        "no_parties": gettext("Nobody is kept together yet."),
        "linked": gettext("Kept together from the coming round on: they sit at the same table in every round."),
        "unlinked": gettext("Unlinked: they may sit apart from the next rotation."),
        "choose_person": gettext("Choose someone"),
        "colours": {key: str(name) for key, name in COLOUR_NAMES.items()},
        "errors": {code: str(message) for code, message in ERRORS.items()},
    }
