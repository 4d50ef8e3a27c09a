"""Word clouds of a café's notes: made through the CPU runner, kept while the notes are the same.

Service layer: the projector asks for the whole café's cloud each time the café moves on, the
dashboard for one round's or one table's, the downloads for the whole café's; a cloud is made once
for a set of visible notes.
"""
from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from cafe.config import run_inline
from cafe.domain.validation import clean_int
from cafe.domain.wordclouds import render_wordcloud
from cafe.extensions import db
from cafe.models import Cafe
from cafe.services.harvest import visible_note_rows
from cafe.services.meaning import ignore_texts

CLOUD_SIZE = (1200, 600)
MAX_CACHED_CLOUDS = 64

_clouds: OrderedDict = OrderedDict()
_clouds_lock = threading.Lock()


def forget_clouds() -> None:
    """Drop every cached word cloud (a fresh app in tests starts with none)."""
    with _clouds_lock:
        _clouds.clear()


def wordcloud_png(cafe: Cafe, *, round_no=None, table=None, run=run_inline) -> bytes | None:
    """A word cloud of the visible notes (all, or one round's, or one table's), None without words.

    Cached in memory per café, round, table and the set of visible notes, so the projector asking
    again costs nothing until a note is added or hidden.
    """
    round_no = None if round_no is None else clean_int(round_no, field="round", low=1,
                                                       high=cafe.num_rounds)
    table = None if table is None else clean_int(table, field="table", low=0,
                                                 high=len(cafe.tables) - 1)
    table_id = None if table is None else cafe.tables[table].id
    notes = [n for n in visible_note_rows(cafe.id)
             if (round_no is None or n.round_no == round_no)
             and (table_id is None or n.table_id == table_id)]
    ignore, words = ignore_texts(cafe), list(cafe.ignore_words or [])
    digest = hashlib.sha1((",".join(str(n.id) for n in notes) + "|" + ",".join(words)).encode()).hexdigest()
    key = (cafe.id, round_no, table, digest)
    with _clouds_lock:
        if key in _clouds:
            _clouds.move_to_end(key)
            return _clouds[key]
    db.session.commit()          # end the read before the CPU work
    width, height = CLOUD_SIZE
    png = run(render_wordcloud, [n.text for n in notes], width=width, height=height, seed=cafe.id,
              ignore=ignore, ignore_words=words)
    with _clouds_lock:
        _clouds[key] = png
        while len(_clouds) > MAX_CACHED_CLOUDS:
            _clouds.popitem(last=False)
    return png
