"""Moderation: the facilitator hides a note from every screen, or shows it again."""
from __future__ import annotations

from cafe.domain.errors import Invalid, Refused
from cafe.domain.limits import ID_MAX
from cafe.domain.validation import clean_int
from cafe.extensions import db
from cafe.models import Note
from cafe.services.cafes import get_cafe


def hide_note(cafe_id, note_id, hidden) -> Note:
    """Moderation: hide a note from every screen, or show it again."""
    cafe = get_cafe(cafe_id)
    note_id = clean_int(note_id, field="note", low=1, high=ID_MAX)
    if not isinstance(hidden, bool):
        raise Invalid("wrong_type", "hidden")
    note = db.session.get(Note, note_id)
    if note is None or note.cafe_id != cafe.id:
        raise Refused("not_found")
    note.hidden = hidden
    db.session.commit()
    return note
