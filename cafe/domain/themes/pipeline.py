"""cluster_notes: tokens, TF-IDF and LSA, k-means (k given or chosen), labels and representative notes."""
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

from cafe.domain.text import _normalise, content_words
from cafe.domain.themes.kmeans import _choose_k, _kmeans
from cafe.domain.themes.labels import _ignored, _label, _note_terms, _term_counts


@dataclass
class Theme:
    """One theme: a label, the indices of its notes and its 1-3 most central notes."""

    label: str
    notes: list[int]
    representatives: list[int]


@dataclass
class ThemeResult:
    """Themes ordered by size (largest first) and each input note's theme index or -1."""

    themes: list[Theme] = field(default_factory=list)
    assignment: list[int] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The JSON-ready shape printed by ``python -m cafe.domain.themes --json``."""
        return {
            "themes": [
                {"label": t.label, "notes": list(t.notes), "representatives": list(t.representatives)}
                for t in self.themes
            ],
            "assignment": list(self.assignment),
        }


MAX_AUTO_K = 30
_LSA_DIMS = 100
_N_INIT = 4
_NEAR_DUPLICATE = 0.7


def auto_k_range(n_notes: int) -> tuple[int, int]:
    """The range automatic k searches: 2 to round(sqrt(n/2)), capped at 30; (1, 1) for few notes.

    sqrt(n/2) is the classic rule of thumb for the number of clusters; it gives about 4 themes
    for 30 notes, 7 for 100 and 12 for 300, and lets thousands of notes reach 30.
    """
    upper = min(MAX_AUTO_K, round(math.sqrt(max(n_notes, 0) / 2)))
    return (1, 1) if upper < 2 else (2, upper)

def _embed(docs: list[list[str]], weights: list[float], seed: int) -> tuple[sp.csr_matrix, np.ndarray]:
    """Sublinear TF-IDF over words used in at least two notes, and its LSA; unit-length rows.

    A word in a single note cannot make two notes alike, it only dilutes that note's vector.
    Copies of a folded duplicate count as separate notes here.
    """
    df: Counter = Counter()
    for toks, wt in zip(docs, weights):
        for t in set(toks):
            df[t] += wt
    vocabulary = sorted(t for t, c in df.items() if c >= 2)
    if not vocabulary:
        return sp.csr_matrix((len(docs), 0)), np.zeros((len(docs), 0), dtype=np.float32)
    x = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, vocabulary=vocabulary).fit_transform(docs)
    dims = min(_LSA_DIMS, x.shape[1] - 1, x.shape[0] - 1)
    z = TruncatedSVD(dims, random_state=seed).fit_transform(x) if dims >= 2 else x.toarray()
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
    texts: Sequence[str], k: int | None = None, *, seed: int = 0, ignore: Sequence[str] = ()
) -> ThemeResult:
    """Cluster short notes into themes; k=None chooses the number automatically.

    ``ignore`` holds texts whose words say nothing about a note's theme, typically the café
    question: every answer to "How can we make Bowling Green better?" says "Bowling Green".

    Notes without content words (empty, "yes", "+1", stop words only) or sharing no word with
    any other note are unassigned (-1). Exact duplicates after normalisation always share a
    theme and count once per copy. The same texts, k and seed give the same result.
    """
    if k is not None and k < 1:
        raise ValueError("k must be at least 1")
    # One BLAS thread: a harvest must leave a core to the live café, and OpenBLAS threads
    # spinning against a busy server are slower than one thread anyway.
    with threadpool_limits(limits=1):
        return _cluster(list(texts), k, seed, ignore)


def _cluster(texts: list[str], k: int | None, seed: int, ignore: Sequence[str]) -> ThemeResult:
    """cluster_notes without the thread limit."""
    surface = [_ignored(content_words(t), ignore) for t in texts]
    tokens = _normalise(surface)

    # Fold duplicates (same content words, any order or punctuation) into one weighted point.
    unique: dict[tuple, int] = {}
    group_of = [-1] * len(texts)
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

    assignment = [-1] * len(texts)
    if not unique_docs:
        return ThemeResult([], assignment)
    x, z = _embed(unique_docs, weights, seed)
    # A note sharing no word with any other note has nothing to be clustered on.
    usable = np.flatnonzero(np.linalg.norm(z, axis=1) > 0)
    if usable.size == 0:
        return ThemeResult([], assignment)
    xu, zu, wu = x[usable], z[usable], np.asarray(weights, dtype=z.dtype)[usable]
    rng = np.random.default_rng(seed)
    if k is None:
        k_eff = _choose_k(xu, zu, wu, auto_k_range(int(wu.sum())), rng)
    else:
        k_eff = min(k, len(usable))
    labels = _kmeans(zu, wu, k_eff, rng, _N_INIT) if k_eff > 1 else np.zeros(len(usable), int)

    groups: dict[int, list[int]] = {}
    for pos, lab in enumerate(labels):
        groups.setdefault(int(lab), []).append(int(usable[pos]))
    theme_of_unique = {u: lab for lab, us in groups.items() for u in us}
    members: dict[int, list[int]] = {lab: [] for lab in groups}
    for i, u in enumerate(group_of):
        if u in theme_of_unique:
            members[theme_of_unique[u]].append(i)
    order = sorted(groups, key=lambda lab: (-len(members[lab]), members[lab][0]))

    note_terms = [_note_terms(n, f) for n, f in zip(tokens, surface)]
    overall, _ = _term_counts(note_terms)
    n_with_words = sum(1 for toks in tokens if toks)
    themes: list[Theme] = []
    for new, lab in enumerate(order):
        centre = (wu[labels == lab][:, None] * zu[labels == lab]).sum(axis=0)
        centre /= max(np.linalg.norm(centre), 1e-12)
        inside, forms = _term_counts([note_terms[i] for i in members[lab]])
        label = _label(inside, forms, len(members[lab]), overall, n_with_words)
        reps = _representatives(groups[lab], z, centre, first_index, tokens)
        themes.append(Theme(label, members[lab], reps))
        for i in members[lab]:
            assignment[i] = new
    return ThemeResult(themes, assignment)
