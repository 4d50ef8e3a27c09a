"""The café's use cases: the only code that combines the models with the domain.

Nothing here touches `request` or emits events; every function returns what happened and the
caller tells the clients. State changes are compare-and-set on `Cafe.version`, so two clicks on
the same button make one transition; other writes run inside `locked_cafe`, which owns a café's
lock, commit and rollback.

Modules: `cafes` (creating, finding), `seating`, `joining`, `transitions` (phase and clock),
`note_store` (the note path in hand-written SQL), `moderation`, `snapshots` (what screens show),
`transaction` (the lock); beside them `harvest` (with `voting`), `clouds` (word clouds, cached),
`phoneless` (people without phones, notes typed for them, shared table devices), `exports` and
`demo`.
"""
from cafe.domain.errors import Invalid, Refused
from cafe.services.cafes import (
    CODE_ALPHABET,
    CODE_LENGTH,
    DEFAULT_GROUPS,
    TableSpec,
    create_cafe,
    find_cafe,
    find_joinable_cafe,
    get_cafe,
    list_cafes,
    new_join_code,
    normalise_code,
    participant_by_token,
)
from cafe.services.joining import join_cafe, leave_cafe
from cafe.services.moderation import hide_note
from cafe.services.note_store import Author, PostedNote, submit_note
from cafe.services.seating import planned_figures, seating
from cafe.services.snapshots import (
    cafe_state,
    note_counts,
    note_view,
    participant_snapshot,
    person_view,
    seated_at,
    staff_snapshot,
    table_positions,
)
from cafe.services.transaction import lock_cafe, locked_cafe
from cafe.services.transitions import (
    add_minutes,
    end_round,
    move_person,
    now,
    open_cafe,
    pause_round,
    resume_round,
    rotate,
    set_host,
    start_round,
    transition,
)

__all__ = [
    "CODE_ALPHABET", "CODE_LENGTH", "DEFAULT_GROUPS", "Author", "Invalid", "PostedNote",
    "Refused", "TableSpec", "add_minutes", "cafe_state", "create_cafe", "end_round", "find_cafe",
    "find_joinable_cafe", "get_cafe", "hide_note", "join_cafe", "leave_cafe", "list_cafes",
    "lock_cafe", "locked_cafe", "move_person", "new_join_code", "normalise_code", "note_counts",
    "note_view", "now", "open_cafe", "participant_by_token", "participant_snapshot",
    "pause_round", "person_view", "planned_figures", "resume_round", "rotate", "seated_at",
    "seating", "set_host", "staff_snapshot", "start_round", "submit_note", "table_positions",
    "transition",
]
