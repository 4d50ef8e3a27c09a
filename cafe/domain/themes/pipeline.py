"""Cluster short café notes into labelled themes (pure domain code: no Flask, no database).

Method, in one paragraph (docs/THEMES.md has the details and the figures):
notes are tokenised in any script (character bigrams where a script writes no spaces),
English and Spanish stop words and bare replies ("yes", "+1", "ok") are removed, and exact
duplicates after that normalisation are folded into one weighted point. Words seen in a single
note cannot make two notes alike, so they are dropped; the rest are weighted with sublinear
TF-IDF, reduced with LSA (truncated SVD) and L2-normalised, then grouped by k-means with
several seeded greedy k-means++ starts. When k is not given it is chosen in
``[2, round(sqrt(n / 2))]`` (capped at 30) by cosine silhouette with the one-standard-error rule. Notes left without a
content word shared with any other note are unassigned (-1) rather than forced into a theme.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from threadpoolctl import threadpool_limits

__all__ = [
    "STOP_WORDS",
    "Theme",
    "ThemeResult",
    "auto_k_range",
    "cluster_notes",
    "content_words",
    "label_for",
]

# The sklearn English list plus contraction fragments ("don't" splits into "don" and "t").
_ENGLISH_EXTRA = """
aren couldn didn doesn don hadn hasn haven isn ll mustn needn shan shouldn ve wasn weren won
wouldn im ive id youre theyre thats dont doesnt didnt cant wont isnt arent
"""

# Common Spanish function words (accents folded when matching, so "está" and "esta" both hit).
_SPANISH = """
a al algo algunas algunos ante antes como con contra cual cuales cuando de del desde donde
durante e el ella ellas ellos en entre era erais eramos eran eras eres es esa esas ese eso esos
esta estaba estabais estabamos estaban estabas estad estada estadas estado estados estais
estamos estan estando estar estara estaran estaras estare estareis estaremos estaria estariais
estariamos estarian estarias estas este esteis estemos esten estes esto estos estoy estuve
estuviera estuvierais estuvieramos estuvieran estuvieras estuvieron estuviese estuvieseis
estuviesemos estuviesen estuvieses estuvimos estuviste estuvisteis estuvo fue fuera fuerais
fueramos fueran fueras fueron fuese fueseis fuesemos fuesen fueses fui fuimos fuiste fuisteis
ha habeis habia habiais habiamos habian habias han has hasta hay haya hayais hayamos hayan hayas
he hemos hube hubiera hubierais hubieramos hubieran hubieras hubieron hubiese hubieseis
hubiesemos hubiesen hubieses hubimos hubiste hubisteis hubo la las le les lo los me mi mia mias
mio mios mis mucho muchos muy mas nada ni no nos nosotras nosotros nuestra nuestras nuestro
nuestros o os otra otras otro otros para pero poco por porque que quien quienes se sea seais
seamos sean seas sera seran seras sere sereis seremos seria seriais seriamos serian serias si
sido siendo sin sobre sois somos son soy su sus suya suyas suyo suyos tambien tanto te tendra
tendran tendras tendre tendreis tendremos tendria tendriais tendriamos tendrian tendrias tened
teneis tenemos tenga tengais tengamos tengan tengas tengo tenia teniais teniamos tenian tenias
tenida tenidas tenido tenidos teniendo ti tiene tienen tienes todo todos tu tus tuve tuviera
tuvierais tuvieramos tuvieran tuvieras tuvieron tuviese tuvieseis tuviesemos tuviesen tuvieses
tuvimos tuviste tuvisteis tuvo tuya tuyas tuyo tuyos un una uno unos usted ustedes vosotras
vosotros vuestra vuestras vuestro vuestros y ya yo aqui alli asi aun cada casi cosa cosas hace
hacer hacia mientras mismo mismos pues segun solo tal tan toda todas unas vez
"""

# Bare replies carry agreement, not a topic: a note made only of these is a "short reply".
_REPLIES = """
yes yeah yep yup ok okay agree agreed disagree thanks thank lol true indeed exactly same
sí vale gracias claro acuerdo exacto igual
"""


def _fold(word: str) -> str:
    """Lower-case a word and strip Latin accents, for stop-word matching only."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


STOP_WORDS: frozenset[str] = frozenset(
    _fold(w) for w in (*ENGLISH_STOP_WORDS, *_ENGLISH_EXTRA.split(), *_SPANISH.split(), *_REPLIES.split())
)


def _char_class(predicate) -> str:
    """A regex character class body for every BMP code point that satisfies predicate."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x10000):
        if predicate(chr(cp)):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


# Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, kana, CJK ideographs.
_NO_SPACE = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
)
# Combining marks belong inside words (Devanagari vowel signs, Arabic harakat, ...): \w omits them.
_MARKS = _char_class(lambda ch: unicodedata.category(ch).startswith("M"))
_EMOJI = "\U0001f300-\U0001f3fa\U0001f400-\U0001faff\u2600-\u27bf"
_TOKEN_RE = re.compile(
    rf"(?P<nospace>[{_NO_SPACE}]+)"
    rf"|(?P<emoji>[{_EMOJI}])"
    rf"|(?P<word>(?:(?![{_NO_SPACE}])[\w{_MARKS}])+)"
)


def content_words(text: str) -> list[str]:
    """The content tokens of one note: lower-cased words without stop words or bare replies.

    Runs of a script written without spaces become overlapping character bigrams, the usual
    word substitute for Chinese, Japanese or Thai; each emoji is a token of its own.
    """
    tokens: list[str] = []
    for match in _TOKEN_RE.finditer(unicodedata.normalize("NFKC", text).lower()):
        kind, tok = match.lastgroup, match.group()
        if kind == "emoji":
            tokens.append(tok)
        elif kind == "nospace":
            tokens.extend([tok] if len(tok) == 1 else [tok[i : i + 2] for i in range(len(tok) - 1)])
        else:
            tok = tok.strip("_")
            if len(tok) < 2 or _fold(tok) in STOP_WORDS:
                continue
            tokens.append(tok)
    return tokens


def _plural_folds(vocabulary: set[str]) -> dict[str, str]:
    """Map Latin-script plurals to their singular when the singular also occurs in the notes.

    Short notes share few words, so "bus"/"buses" or "park"/"parks" must match; folding only
    towards a form that really occurs keeps this safe for any language that marks plurals
    with -s/-es (English, Spanish, French, ...) and harmless for the others.
    """
    folds: dict[str, str] = {}
    for word in vocabulary:
        if len(word) < 4 or not word.endswith("s") or not all("a" <= ch <= "z" or "\u00c0" <= ch < "\u0250" for ch in word):
            continue
        for base in (word[:-1], word[:-2] if word.endswith("es") else None, word[:-3] + "y" if word.endswith("ies") else None):
            if base and base in vocabulary:
                folds[word] = base
                break
    return folds


def _normalise(docs: Sequence[list[str]]) -> list[list[str]]:
    """Content tokens with plurals folded corpus-wide (see _plural_folds)."""
    folds = _plural_folds({t for toks in docs for t in toks})
    return [[folds.get(t, t) for t in toks] for toks in docs]


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
_SEARCH_N_INIT = 2
_SEARCH_SAMPLE = 1000
_MAX_ITER = 100
_NEAR_DUPLICATE = 0.7


def auto_k_range(n_notes: int) -> tuple[int, int]:
    """The range automatic k searches: 2 to round(sqrt(n/2)), capped at 30; (1, 1) for few notes.

    sqrt(n/2) is the classic rule of thumb for the number of clusters; it gives about 4 themes
    for 30 notes, 7 for 100 and 12 for 300, and lets thousands of notes reach 30.
    """
    upper = min(MAX_AUTO_K, round(math.sqrt(max(n_notes, 0) / 2)))
    return (1, 1) if upper < 2 else (2, upper)


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


def _kmeans_pp(z: np.ndarray, w: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Greedy weighted k-means++ seeding: of 2 + log k candidates, keep the one that helps most."""
    n = z.shape[0]
    trials = 2 + int(math.log(k))
    first = int(rng.choice(n, p=w / w.sum(dtype=np.float64)))
    centres = [first]
    # For unit vectors the squared Euclidean distance is 2 - 2 cos, so cosine is enough.
    dist = np.maximum(1.0 - z @ z[first], 0.0)
    for _ in range(1, k):
        mass = (w * dist).astype(np.float64)
        total = mass.sum()
        if total <= 1e-12:  # fewer distinct points than k: any point will do
            candidates = rng.integers(n, size=trials)
        else:
            candidates = rng.choice(n, size=trials, p=mass / total)
        trial_dist = np.minimum(dist[None, :], np.maximum(1.0 - z[candidates] @ z.T, 0.0))
        best = int(np.argmin(trial_dist @ w))
        centres.append(int(candidates[best]))
        dist = trial_dist[best]
    return z[centres].copy()


def _kmeans(z: np.ndarray, w: np.ndarray, k: int, rng: np.random.Generator, n_init: int) -> np.ndarray:
    """Weighted k-means on unit-length rows (LSA + k-means): best of n_init seeded starts."""
    n = z.shape[0]
    rows = np.arange(n)
    best_labels, best_sse = np.zeros(n, dtype=int), np.inf
    for _ in range(n_init):
        centres = _kmeans_pp(z, w, k, rng)
        labels = None
        for _ in range(_MAX_ITER):
            # argmin |z - c|^2 = argmax 2 z.c - |c|^2 for unit-length z
            score = 2.0 * (z @ centres.T) - (centres * centres).sum(axis=1)
            new = score.argmax(axis=1)
            if labels is not None and np.array_equal(new, labels):
                break
            labels = new
            onehot = np.zeros((k, n), dtype=z.dtype)
            onehot[labels, rows] = w
            mass = onehot.sum(axis=1)
            sums = onehot @ z
            empty = mass <= 0
            if empty.any():
                # Re-seed an empty theme with the notes worst served by their current centre.
                worst = np.argsort(score[rows, labels], kind="stable")[: int(empty.sum())]
                sums[empty], mass[empty] = z[worst], 1.0
            centres = sums / mass[:, None]
        sse = float(w @ ((z - centres[labels]) ** 2).sum(axis=1))
        if sse < best_sse - 1e-9:
            best_labels, best_sse = labels, sse
    return best_labels


def _silhouette(x, w: np.ndarray, labels: np.ndarray, k: int) -> tuple[float, float]:
    """Weighted mean cosine silhouette and its standard error, in O(n·k·d) for unit-length rows.

    ``x`` may be dense or sparse; the sum of cosine distances from a note to all notes of a
    theme is the theme's mass minus the note's dot product with the theme's summed rows.
    """
    n = x.shape[0]
    onehot = sp.csr_matrix((w, (labels, np.arange(n))), shape=(k, n))
    mass = np.asarray(onehot.sum(axis=1)).ravel()
    dots = x @ (onehot @ x).T
    dist_sums = mass[None, :] - (dots.toarray() if sp.issparse(dots) else dots)
    own_mass = mass[labels]
    own = dist_sums[np.arange(n), labels]
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(own_mass > 1, own / (own_mass - 1), 0.0)
        other = dist_sums / mass[None, :]
    other[np.arange(n), labels] = np.inf
    other[:, mass == 0] = np.inf
    b = other.min(axis=1)
    s = np.where(own_mass > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0)
    total = float(w.sum())
    mean = float((w * s).sum() / total)
    spread = float((w * (s - mean) ** 2).sum() / total)
    return mean, math.sqrt(spread / total)


def _choose_k(x, z: np.ndarray, w: np.ndarray, k_range: tuple[int, int], rng: np.random.Generator) -> int:
    """The k in k_range chosen by cosine silhouette with the one-standard-error rule.

    Partitions are found in the LSA space ``z`` but judged in the TF-IDF space ``x`` of the
    notes' own words: judged in the reduced space, the silhouette keeps creeping up with k.
    As with the gap statistic, the smallest k whose mean silhouette is within one standard
    error of the best one wins.
    """
    lo, hi = k_range
    hi = min(hi, z.shape[0])
    if hi <= lo:
        return max(1, hi)
    if z.shape[0] > _SEARCH_SAMPLE:
        # k is a property of the distribution, so a seeded sample chooses it as well as all notes.
        pick = np.sort(rng.choice(z.shape[0], _SEARCH_SAMPLE, replace=False))
        x, z, w = x[pick], z[pick], w[pick]
    curve = {k: _silhouette(x, w, _kmeans(z, w, k, rng, _SEARCH_N_INIT), k) for k in range(lo, hi + 1)}
    best_mean, best_se = max(curve.values())
    return min(k for k, (mean, _) in curve.items() if mean >= best_mean - best_se)


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


def _ignored(words: list[str], ignore: Sequence[str]) -> list[str]:
    """Words without those of the ignore texts, singular or plural."""
    if not ignore:
        return words
    drop = {w for text in ignore for w in content_words(text)}
    drop |= {w + "s" for w in drop} | {w + "es" for w in drop}
    return [w for w in words if w not in drop]


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


def _print_listing(result: ThemeResult, texts: Sequence[str], out) -> None:
    """A readable listing: each theme with its size and representative notes."""
    unassigned = result.assignment.count(-1)
    print(f"{len(result.themes)} themes from {len(texts)} notes ({unassigned} unassigned)", file=out)
    for number, theme in enumerate(result.themes, 1):
        print(f"\n{number}. {theme.label or '(no words)'}  ({len(theme.notes)} notes)", file=out)
        for i in theme.representatives:
            print(f"   - [{i}] {texts[i].strip()}", file=out)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: cluster the notes of FILE (one per line) and print the themes."""
    parser = argparse.ArgumentParser(prog="python -m cafe.domain.themes", description=main.__doc__)
    parser.add_argument("file", metavar="FILE", help="one note per line ('-' reads standard input)")
    parser.add_argument("--k", type=int, default=None, help="number of themes (default: automatic)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a listing")
    parser.add_argument("--ignore", action="append", default=[], metavar="TEXT",
                        help="text whose words to ignore, e.g. the café question (repeatable)")
    args = parser.parse_args(argv)
    if args.k is not None and args.k < 1:
        parser.error("--k must be at least 1")
    if args.file == "-":
        texts = sys.stdin.read().splitlines()
    else:
        with open(args.file, encoding="utf-8", errors="replace") as fh:
            texts = fh.read().splitlines()
    result = cluster_notes(texts, args.k, seed=args.seed, ignore=args.ignore)
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print_listing(result, texts, sys.stdout)
    return 0

