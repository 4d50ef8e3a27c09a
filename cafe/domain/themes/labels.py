"""Theme labels: the most distinctive words and word pairs of a theme's notes, in their commonest surface form."""
from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence

from cafe.domain.text import _analyse, _drop_set, _ignored, _normalise


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


def _languages(languages: Sequence[str | None]) -> list[str]:
    """Each note's language for labelling: notes too short to tell join the café's main one."""
    known = Counter(lang for lang in languages if lang)
    main = known.most_common(1)[0][0] if known else ""
    return [lang or main for lang in languages]


def _labels(
    members: Sequence[int],
    note_terms: Sequence[dict[str, str]],
    languages: Sequence[str],
    overall: dict[str, tuple[Counter, int]] | None,
    max_terms: int = 3,
) -> dict[str, str]:
    """A label per language present among the members, from that language's notes only.

    ``overall`` maps each language to its term counts and note count over the whole café, the
    background against which a term is distinctive. Languages come largest first.
    """
    by_language: dict[str, list[int]] = {}
    for i in members:
        by_language.setdefault(languages[i], []).append(i)
    labels: dict[str, str] = {}
    for lang, idx in sorted(by_language.items(), key=lambda item: (-len(item[1]), item[0])):
        inside, forms = _term_counts([note_terms[i] for i in idx])
        background, n_background = overall.get(lang, (None, 0)) if overall is not None else (None, 0)
        label = _label(inside, forms, len(idx), background, n_background, max_terms)
        if label:
            labels[lang] = label
    return labels


def _joined(labels: dict[str, str]) -> str:
    """One line naming a theme in every language it has a label in."""
    return " / ".join(labels.values())


def label_for(
    texts: Sequence[str], background: Sequence[str] | None = None, *, max_terms: int = 3,
    ignore: Sequence[str] = (), ignore_words: Sequence[str] = (),
) -> str:
    """A short label for any set of notes from its most distinctive words ("" if it has none).

    With ``background`` (for example every note of the café) words are ranked by how much more
    often they occur in ``texts`` than in the background; without it, by how many notes use them.
    Words of the ``ignore`` texts (the café question) and ``ignore_words`` never appear in the
    label. Notes in several languages get a label per language, joined by " / ".
    """
    texts = list(texts)
    background = list(background) if background is not None else None
    drop = _drop_set(ignore, ignore_words)
    analysed = [_analyse(t) for t in [*texts, *(background or [])]]
    surface = [_ignored(words, drop) for words, _ in analysed]
    languages = _languages([lang for _, lang in analysed])
    norm = _normalise(surface)
    notes = [_note_terms(n, f) for n, f in zip(norm, surface)]
    overall = None
    if background is not None:
        overall = _overall(range(len(texts), len(notes)), notes, languages)
    return _joined(_labels(range(len(texts)), notes, languages, overall, max_terms))


def _overall(indices: Sequence[int], notes: Sequence[dict[str, str]], languages: Sequence[str]) -> dict[str, tuple[Counter, int]]:
    """Term counts and note counts per language over these notes."""
    grouped: dict[str, list[int]] = {}
    for i in indices:
        grouped.setdefault(languages[i], []).append(i)
    return {lang: (_term_counts([notes[i] for i in idx])[0], len(idx)) for lang, idx in grouped.items()}
