"""cluster_notes: words, vectors (TF-IDF and LSA, or sentence embeddings), k-means (k given or
chosen), catch-alls dissolved, labels per language and representative notes."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from threadpoolctl import threadpool_limits

from cafe.domain.text import _analyse, _drop_set, _ignored, _normalise, place_names
from cafe.domain.themes.catchall import _dissolve_catch_alls
from cafe.domain.themes.kmeans import _choose_k, _kmeans
from cafe.domain.themes.labels import _joined, _labels, _languages, _note_terms, _overall


@dataclass
class Theme:
    """One theme: a label, the indices of its notes and its 1-3 most central notes."""

    label: str
    notes: list[int]
    representatives: list[int]
    labels: dict[str, str] = field(default_factory=dict)   # language -> label from its notes


@dataclass
class ThemeResult:
    """Themes ordered by size (largest first) and each input note's theme index or -1."""

    themes: list[Theme] = field(default_factory=list)
    assignment: list[int] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The JSON-ready shape printed by ``python -m cafe.themes --json``."""
        return {
            "themes": [
                {"label": t.label, "labels": dict(t.labels), "notes": list(t.notes),
                 "representatives": list(t.representatives)}
                for t in self.themes
            ],
            "assignment": list(self.assignment),
        }


MAX_AUTO_K = 20

_LSA_DIMS = 100

_N_INIT = 4

_NEAR_DUPLICATE = 0.7

# A word in more than this share of the notes is what the whole café is about, not a theme.
_MAX_SHARE = 0.25

_MAX_SHARE_FROM = 40

# A language needs this many notes before its own mean is taken out of its embeddings.
_MIN_LANGUAGE_NOTES = 5
# k-means on embeddings stops once at most this share of the notes still change theme.
_MEANING_TOL = 0.002



def auto_k_range(n_notes: int) -> tuple[int, int]:
    """The range automatic k searches, fitting a café: (1, 1) for 4 notes or fewer.

    Up to 1.5 + 1.25 ln n themes (6 for 30 notes, 9 for 300, 11 for 2,000 and 14 for 20,000,
    never more than 20): people can read and vote on a dozen themes, not thirty, and the
    number grows with the notes only slowly. At least 3 themes from a dozen notes on, and at
    least 4 from 200 on, so a varied café is not lumped into two.
    """
    n = max(n_notes, 0)
    if n <= 4:
        return (1, 1)
    if n < 12:
        return (2, max(2, round(math.sqrt(n / 2))))
    lower = 3 if n < 200 else 4
    return (lower, max(lower, min(MAX_AUTO_K, round(1.5 + 1.25 * math.log(n)))))


def _embed(docs: list[list[str]], weights: list[float], seed: int) -> tuple[sp.csr_matrix, np.ndarray]:
    """Sublinear TF-IDF over words used in at least two notes, and its LSA; unit-length rows.

    A word in a single note cannot make two notes alike, it only dilutes that note's vector;
    a word in more than a quarter of a large café's notes is what the café is about, and
    would only glue unrelated notes together. Copies of a folded duplicate count as separate
    notes here. LSA reduces only a vocabulary larger than its 100 dimensions: a truncated SVD
    of a small vocabulary must drop a dimension, and notes sharing only that word ("bus")
    would lose everything they have in common.
    """
    df: Counter = Counter()
    for toks, wt in zip(docs, weights):
        for t in set(toks):
            df[t] += wt
    total = sum(weights)
    most = _MAX_SHARE * total if total >= _MAX_SHARE_FROM else math.inf
    vocabulary = sorted(t for t, c in df.items() if 2 <= c <= most)
    if not vocabulary:
        return sp.csr_matrix((len(docs), 0)), np.zeros((len(docs), 0), dtype=np.float32)
    x = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, vocabulary=vocabulary).fit_transform(docs)
    if min(x.shape) > _LSA_DIMS:
        z = TruncatedSVD(_LSA_DIMS, random_state=seed).fit_transform(x)
    else:
        z = x.toarray()
    z = z.astype(np.float32)  # plenty for cosines, and halves the k-means arithmetic
    norms = np.linalg.norm(z, axis=1, keepdims=True)
    return x, np.divide(z, norms, out=np.zeros_like(z), where=norms > 1e-6)


def _identity(tokens: list[str]) -> list[str]:
    """Analyzer for pre-tokenised notes."""
    return tokens


def _representatives(
    members: list[int], z: np.ndarray, centre: np.ndarray, first_index: list[int], tokens: Sequence[list[str]]
) -> list[int]:
    """Up to 3 most central notes of a theme, skipping near-duplicates of ones already chosen.

    Near-duplicate means the content words overlap by Jaccard >= 0.7, so the three notes shown
    to voters say different things.
    """
    order = sorted(members, key=lambda u: (-float(z[u] @ centre), first_index[u]))
    chosen: list[int] = []
    for u in order:
        words = set(tokens[first_index[u]])
        if all(len(words & set(tokens[first_index[c]])) < _NEAR_DUPLICATE * len(words | set(tokens[first_index[c]])) for c in chosen):
            chosen.append(u)
            if len(chosen) == 3:
                break
    return [first_index[u] for u in chosen]


def cluster_notes(
    texts: Sequence[str], k: int | None = None, *, seed: int = 0, ignore: Sequence[str] = (),
    ignore_words: Sequence[str] = (), vectors=None,
) -> ThemeResult:
    """Cluster short notes into themes; k=None chooses the number automatically.

    ``ignore`` holds texts whose words say nothing about a note's theme, typically the café
    question: every answer to "How can we make Bowling Green better?" says "Bowling Green".
    ``ignore_words`` are single words the facilitator wants ignored. Names that a tenth of the
    notes use (the place the café is about) are ignored too.

    ``vectors`` (one row per note, e.g. sentence embeddings) makes the themes group notes by
    meaning: k-means then runs on those vectors instead of the notes' TF-IDF. The words still
    decide which notes can be grouped at all and name the themes, in each note's language.

    Notes without content words (empty, "yes", "+1", stop words only), notes sharing no word
    with any other note (TF-IDF) and the notes of a catch-all theme that fit no other theme
    are unassigned (-1): the app shows them as "other". Exact duplicates after normalisation
    always share a theme and count once per copy. The same input and seed give the same result.
    """
    if k is not None and k < 1:
        raise ValueError("k must be at least 1")
    texts = list(texts)
    if vectors is not None:
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[0] != len(texts):
            raise ValueError("vectors must have one row per note")
    # One BLAS thread: a harvest must leave a core to the live café, and OpenBLAS threads
    # spinning against a busy server are slower than one thread anyway.
    with threadpool_limits(limits=1):
        return _cluster(texts, k, seed, ignore, ignore_words, vectors)


def _centred(rows: np.ndarray, w: np.ndarray, groups: Sequence[str]) -> np.ndarray:
    """Unit rows minus the weighted mean of their group (language), unit length again.

    Sentence embeddings of one café share a large common direction (the question, the place,
    the register), and notes in one language share another: removing each language's mean
    leaves what tells the notes apart, the topic, so "parks" and "parques" meet.
    """
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    unit = np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 1e-12)
    groups = np.asarray(groups, dtype=object)
    centred = unit - (w[:, None] * unit).sum(axis=0) / max(float(w.sum()), 1e-12)
    for group in set(groups.tolist()):
        mask = groups == group
        if w[mask].sum() >= _MIN_LANGUAGE_NOTES and w[~mask].sum() > 0:
            centred[mask] = unit[mask] - (w[mask, None] * unit[mask]).sum(axis=0) / float(w[mask].sum())
    norms = np.linalg.norm(centred, axis=1, keepdims=True)
    return np.divide(centred, norms, out=np.zeros_like(centred), where=norms > 1e-6).astype(np.float32)


def _fold_duplicates(tokens: list[list[str]]) -> tuple[list[int], list[int], list[float], list[list[str]]]:
    """Notes with the same content words (any order or punctuation) as one weighted point.

    Returns each note's point (-1 without words), each point's first note, weight and words.
    """
    unique: dict[tuple, int] = {}
    group_of = [-1] * len(tokens)
    first_index: list[int] = []
    weights: list[float] = []
    unique_docs: list[list[str]] = []
    for i, toks in enumerate(tokens):
        if not toks:
            continue
        key = tuple(sorted(Counter(toks).items()))
        u = unique.setdefault(key, len(first_index))
        if u == len(first_index):
            first_index.append(i)
            weights.append(0.0)
            unique_docs.append(toks)
        weights[u] += 1.0
        group_of[i] = u
    return group_of, first_index, weights, unique_docs


def _cluster(texts: list[str], k: int | None, seed: int, ignore: Sequence[str],
             ignore_words: Sequence[str], vectors: np.ndarray | None) -> ThemeResult:
    """cluster_notes without the thread limit."""
    drop = _drop_set(ignore, ignore_words) | place_names(texts)
    analysed = [_analyse(t) for t in texts]
    surface = [_ignored(words, drop) for words, _ in analysed]
    languages = _languages([lang for _, lang in analysed])
    tokens = _normalise(surface)
    group_of, first_index, weights, unique_docs = _fold_duplicates(tokens)

    if not unique_docs:
        return ThemeResult([], [-1] * len(texts))
    if vectors is None:
        x, z = _embed(unique_docs, weights, seed)
    else:
        z = _centred(vectors[first_index], np.asarray(weights, dtype=np.float32),
                     [languages[i] for i in first_index])
        x = z
    # A note sharing no word with any other note has nothing to be clustered on.
    usable = np.flatnonzero(np.linalg.norm(z, axis=1) > 0)
    if usable.size == 0:
        return ThemeResult([], [-1] * len(texts))
    xu, zu, wu = x[usable], z[usable], np.asarray(weights, dtype=z.dtype)[usable]
    rng = np.random.default_rng(seed)
    tol = 0.0 if vectors is None else _MEANING_TOL
    if k is None:
        k_eff = _choose_k(xu, zu, wu, auto_k_range(int(wu.sum())), rng, by_meaning=vectors is not None,
                          tol=tol)
    else:
        k_eff = min(k, len(usable))
    labels = _kmeans(zu, wu, k_eff, rng, _N_INIT, tol) if k_eff > 1 else np.zeros(len(usable), int)
    labels = _dissolve_catch_alls(zu, wu, labels, k_eff, rng)

    groups: dict[int, list[int]] = {}
    for pos, lab in enumerate(labels):
        if lab >= 0:
            groups.setdefault(int(lab), []).append(int(usable[pos]))
    note_terms = [_note_terms(n, f) for n, f in zip(tokens, surface)]
    overall = _overall([i for i, toks in enumerate(tokens) if toks], note_terms, languages)

    def describe(members: list[int], centre: np.ndarray, points: list[int]) -> Theme:
        labels_by_language = _labels(members, note_terms, languages, overall)
        reps = _representatives(points, z, centre, first_index, tokens)
        return Theme(_joined(labels_by_language), members, reps, labels_by_language)

    return _result(len(texts), groups, group_of, labels, zu, wu, describe)


def _result(n_texts: int, groups: dict[int, list[int]], group_of: list[int], labels: np.ndarray,
            zu: np.ndarray, wu: np.ndarray, describe) -> ThemeResult:
    """Themes largest first, described by ``describe(members, centre, points)``; the assignment."""
    theme_of_unique = {u: lab for lab, us in groups.items() for u in us}
    members: dict[int, list[int]] = {lab: [] for lab in groups}
    for i, u in enumerate(group_of):
        if u in theme_of_unique:
            members[theme_of_unique[u]].append(i)
    order = sorted(groups, key=lambda lab: (-len(members[lab]), members[lab][0]))
    assignment = [-1] * n_texts
    themes: list[Theme] = []
    for new, lab in enumerate(order):
        centre = (wu[labels == lab][:, None] * zu[labels == lab]).sum(axis=0)
        centre /= max(np.linalg.norm(centre), 1e-12)
        themes.append(describe(members[lab], centre, groups[lab]))
        for i in members[lab]:
            assignment[i] = new
    return ThemeResult(themes, assignment)
