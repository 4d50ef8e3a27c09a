"""Theme labels: the most distinctive words and word pairs of a theme's notes, in their commonest surface form."""
from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence

from cafe.domain.text import _normalise, content_words


def _ngrams(tokens: Sequence[str]) -> list[str]:
    """Unigrams and adjacent-pair bigrams of content tokens, for labels."""
    return [*tokens, *(f"{a} {b}" for a, b in itertools.pairwise(tokens) if a != b)]


def _note_terms(norm: Sequence[str], surface: Sequence[str]) -> dict[str, str]:
    """Each distinct term (unigram or bigram) of one note, with the form it is written in."""
    seen: dict[str, str] = {}
    for term, form in zip(_ngrams(norm), _ngrams(surface)):
        seen.setdefault(term, form)
    return seen


def _term_counts(notes: Sequence[dict[str, str]]) -> tuple[Counter, dict[str, Counter]]:
    """How many notes use each term, and the written forms each term takes."""
    counts: Counter = Counter()
    forms: dict[str, Counter] = {}
    for seen in notes:
        counts.update(seen.keys())
        for term, form in seen.items():
            forms.setdefault(term, Counter())[form] += 1
    return counts, forms


def _distinctive_terms(inside: Counter, n_inside: int, overall: Counter | None, n_overall: int, max_terms: int) -> list[str]:
    """The most distinctive terms: p(t|theme) * log(p(t|theme) / p(t)), a bigram over its words."""
    min_count = 2 if n_inside >= 4 else 1
    scored = []
    for term, count in inside.items():
        if count < min_count:
            continue
        p_in = count / n_inside
        if overall is not None and n_overall > n_inside:
            p_all = max(overall[term], count) / n_overall
            score = p_in * math.log(p_in / p_all)
        else:
            score = 0.0
        # Ties (no background, or a theme that is every note) fall back to plain frequency.
        scored.append((-score, -count, -term.count(" "), term))
    scored.sort()
    chosen: list[str] = []
    for *_, term in scored:
        words = term.split(" ")
        if any(term in c.split(" ") for c in chosen):
            continue
        # A bigram replaces the unigrams it contains, so "bus" and "bus stop" don't both appear.
        chosen = [c for c in chosen if not (len(words) > 1 and c in words)]
        chosen.append(term)
        if len(chosen) >= max_terms:
            break
    return chosen


def _label(inside: Counter, forms: dict[str, Counter], n_inside: int, overall: Counter | None, n_overall: int, max_terms: int = 3) -> str:
    """Join the distinctive terms, each in its most common written form."""
    terms = _distinctive_terms(inside, n_inside, overall, n_overall, max_terms)
    return ", ".join(forms[t].most_common(1)[0][0] for t in terms)


def label_for(
    texts: Sequence[str], background: Sequence[str] | None = None, *, max_terms: int = 3, ignore: Sequence[str] = ()
) -> str:
    """A short label for any set of notes from its most distinctive words ("" if it has none).

    With ``background`` (for example every note of the café) words are ranked by how much more
    often they occur in ``texts`` than in the background; without it, by how many notes use them.
    Words of the ``ignore`` texts (the café question) never appear in the label.
    """
    texts = list(texts)
    background = list(background) if background is not None else None
    surface = [_ignored(content_words(t), ignore) for t in [*texts, *(background or [])]]
    norm = _normalise(surface)
    notes = [_note_terms(n, f) for n, f in zip(norm, surface)]
    inside, forms = _term_counts(notes[: len(texts)])
    overall = _term_counts(notes[len(texts) :])[0] if background is not None else None
    return _label(inside, forms, len(texts), overall, len(background or ()), max_terms)


def _ignored(words: list[str], ignore: Sequence[str]) -> list[str]:
    """Words without those of the ignore texts, singular or plural."""
    if not ignore:
        return words
    drop = {w for text in ignore for w in content_words(text)}
    drop |= {w + "s" for w in drop} | {w + "es" for w in drop}
    return [w for w in words if w not in drop]

