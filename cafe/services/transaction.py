"""The café's write lock, and one context manager owning a café's lock, commit and rollback."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import update

from cafe.extensions import db
from cafe.models import Cafe
from cafe.services.cafes import get_cafe


def lock_cafe(cafe_id: int) -> None:
    """Take the café's write lock first, so concurrent joins and transitions serialise.

    On SQLite this starts the write transaction; on PostgreSQL it locks the café's row.
    """
    db.session.execute(update(Cafe).where(Cafe.id == cafe_id).values(version=Cafe.version))


@contextmanager
def locked_cafe(cafe_id) -> Iterator[Cafe]:
    """The café with its write lock taken and its row freshly read; commit on leaving, rollback on any error.

    Raises Refused('not_found') for an unknown café (before anything is locked).
    """
    cafe = get_cafe(cafe_id)
    try:
        lock_cafe(cafe.id)
        db.session.refresh(cafe)
        yield cafe
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
