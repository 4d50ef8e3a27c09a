"""The harvest's choices: grouping by meaning (the optional model) and the words to ignore.

Service layer: it reads the café and calls the domain's embeddings; the web layer calls
`embed_note` in the background as each note arrives, so a harvest by meaning is fast.
"""
from __future__ import annotations

from cafe.config import run_inline
from cafe.domain.limits import IGNORE_WORDS_MAX, MAX_IGNORE_WORDS
from cafe.domain.text import names_in, without_names
from cafe.domain.themes import embeddings
from cafe.domain.validation import Invalid, clean_text
from cafe.extensions import db
from cafe.models import Cafe


def clean_backend(value, default: str = "tfidf") -> str:
    """'tfidf' or 'semantic' (None: the default); Invalid for anything else or an absent model."""
    backend = default if value is None else value
    if backend not in embeddings.BACKENDS:
        raise Invalid("unknown_backend", "backend")
    if backend == "semantic" and not embeddings.available():
        raise Invalid("semantic_unavailable", "backend")
    return backend


def clean_ignore_words(value) -> list[str]:
    """The facilitator's words to ignore, from a comma- or space-separated text (or a list)."""
    if isinstance(value, list):
        if not all(isinstance(v, str) for v in value):
            raise Invalid("wrong_type", "ignore_words")
        value = ", ".join(value)
    text = clean_text(value, field="ignore_words", max_len=IGNORE_WORDS_MAX, required=False)
    words = []
    for word in text.replace(",", " ").replace(";", " ").split():
        word = word.strip(".!?\"'()").lower()
        if word and word not in words:
            words.append(word[:40])
    if len(words) > MAX_IGNORE_WORDS:
        raise Invalid("too_many", "ignore_words", max=MAX_IGNORE_WORDS)
    return words


def ignore_texts(cafe: Cafe) -> list[str]:
    """Texts whose words say nothing about a theme: the café's title and questions."""
    return [cafe.title, *cafe.questions]


def embedded_texts(texts, ignore) -> list[str]:
    """The notes as embedded for grouping by meaning: without the names of the title and questions."""
    names = names_in(ignore)
    return [without_names(t, names) for t in texts]


def embed_note(cafe_id: int, text: str, *, run=run_inline) -> None:
    """Embed one new note (as `run_harvest` will want it) so a harvest by meaning is fast."""
    cafe = db.session.get(Cafe, cafe_id)
    if cafe is None:
        return
    ignore = ignore_texts(cafe)
    db.session.commit()           # end the read before the CPU work
    embeddings.embed(embedded_texts([text], ignore), run=run)
