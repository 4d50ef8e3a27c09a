"""Every rule number, named once; templates and JavaScript read them from `for_clients()`."""
from __future__ import annotations

# Text a person types.
NOTE_MAX = 500              # characters in one note
NAME_MAX = 40               # a participant's name
TITLE_MAX = 200             # a café's title
QUESTION_MAX = 500          # one question of a café
GROUP_MAX = 80              # a stakeholder group's name
TABLE_NAME_MAX = 60         # a table's name
THEME_LABEL_MAX = 80        # a theme's label (curating)
PARTNER_MAX = 200           # an action item's partner (report form)
JOIN_CODE_TYPED_MAX = 20    # what the join-code box accepts before normalising

# The shape of a café.
PEOPLE_PER_TABLE = 10       # a café's default cap on participants is this many per table
MAX_PARTICIPANTS = 5000     # the highest cap a facilitator may set
MAX_TABLES = 60
MAX_ROUNDS = 12
MAX_GROUPS = 12
MAX_ROUND_MINUTES = 180
ADD_MINUTES_LOW, ADD_MINUTES_HIGH = -30, 60   # one click of "add minutes" (negative takes back)

# People kept together (a resident and their interpreter or carer).
MAX_PARTY = 3               # people in one party: more would crowd a table and pin its mix
COMPANION_LINK_MINUTES = 60  # a "Join with me" QR code stays valid this long after it is shown

# Ids and counts that reach the server from clients.
CLIENT_ID_MIN, CLIENT_ID_MAX = 8, 64          # the id a phone makes for a note
SEAT_TOKEN_MIN, SEAT_TOKEN_MAX = 20, 64       # a seat cookie's token
ID_MAX = 2**62                                # any database id or version a client sends
SPLIT_MAX_NOTES = 500                         # notes split off into a new theme at once

# The wire.
MAX_MESSAGE_BYTES = 64 * 1024   # one Socket.IO message; a note (the largest) is under 3 KB

# The harvest.
MAX_DOTS = 10               # dots a facilitator may give each person to vote with
MAX_REPRESENTATIVES = 3     # notes shown under a theme
PRIVACY_THRESHOLD = 5       # counts under this are suppressed in the report and the CSV
MAX_ACTIONS = 30            # action items on the report form
MAX_THEMES = 30             # themes a facilitator may ask the harvest for ("More themes")
MAX_IGNORE_WORDS = 30       # words to ignore, set from the harvest panel
IGNORE_WORDS_MAX = 300      # characters in the harvest panel's "words to ignore" box


def for_clients() -> dict:
    """The numbers a page or its script enforces too (maxlength, max, counters)."""
    return {
        "note_max": NOTE_MAX, "name_max": NAME_MAX, "title_max": TITLE_MAX,
        "question_max": QUESTION_MAX, "group_max": GROUP_MAX, "table_name_max": TABLE_NAME_MAX,
        "theme_label_max": THEME_LABEL_MAX, "partner_max": PARTNER_MAX,
        "join_code_typed_max": JOIN_CODE_TYPED_MAX, "max_tables": MAX_TABLES,
        "max_rounds": MAX_ROUNDS, "max_round_minutes": MAX_ROUND_MINUTES, "max_dots": MAX_DOTS,
        "privacy_threshold": PRIVACY_THRESHOLD, "max_themes": MAX_THEMES,
        "ignore_words_max": IGNORE_WORDS_MAX, "people_per_table": PEOPLE_PER_TABLE,
        "max_participants": MAX_PARTICIPANTS, "max_party": MAX_PARTY,
    }
