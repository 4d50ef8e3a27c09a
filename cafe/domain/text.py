"""Words of short notes in any script: tokens, each note's language and its word lists, names,
plural folding (shared by themes and word clouds)."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from cafe.domain.wordlists import STOP_WORDS, fold, note_language, words_to_drop

__all__ = ["STOP_WORDS", "content_words", "names_in", "place_names", "without_names"]


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



def _analyse(text: str) -> tuple[list[str], str | None]:
    """A note's content tokens and its language (None when its words cannot tell)."""
    raw: list[tuple[str, str]] = []
    for match in _TOKEN_RE.finditer(unicodedata.normalize("NFKC", text).lower()):
        raw.append((match.lastgroup, match.group()))
    language = note_language(tok for kind, tok in raw if kind == "word")
    drop = words_to_drop(language)
    tokens: list[str] = []
    for kind, tok in raw:
        if kind == "emoji":
            tokens.append(tok)
        elif kind == "nospace":
            tokens.extend([tok] if len(tok) == 1 else [tok[i : i + 2] for i in range(len(tok) - 1)])
        else:
            tok = tok.strip("_")
            if len(tok) < 2 or fold(tok) in drop:
                continue
            tokens.append(tok)
    return tokens, language


def content_words(text: str) -> list[str]:
    """The content tokens of one note: lower-cased words that can carry a topic.

    The note's language is guessed from its function words, and that language's stop words,
    topicless words ("think", "need", "gente") and bare replies are dropped (every language's,
    when the note is too short to tell). Runs of a script written without spaces become
    overlapping character bigrams, the usual word substitute for Chinese, Japanese or Thai;
    each emoji is a token of its own.
    """
    return _analyse(text)[0]


_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")

_SENTENCE_END = ".!?:;\n"



def _sentence_start(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins the text or a sentence (only blanks back to . ! ? : ;)."""
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i < 0 or text[i] in _SENTENCE_END


def place_names(texts: Sequence[str], *, min_share: float = 0.1, min_notes: int = 4) -> set[str]:
    """Folded words written as names (capitalised mid-sentence) in at least 10% of the notes.

    A name that a tenth of a café's notes use is where the café is held ("Bowling Green",
    "Warren County"): it says nothing about any one theme, yet would glue notes into one.
    """
    capitalised: Counter = Counter()
    lower: Counter = Counter()
    notes_with: Counter = Counter()
    for text in texts:
        seen = set()
        for match in _WORD_RE.finditer(text):
            word = match.group()
            folded = fold(word)
            seen.add(folded)
            if _sentence_start(text, match.start()):
                continue          # a sentence's first word is capitalised whatever it is
            if word[0].isupper():
                capitalised[folded] += 1
            else:
                lower[folded] += 1
        notes_with.update(seen)
    threshold = max(min_notes, min_share * len(texts))
    return {w for w, c in capitalised.items()
            if notes_with[w] >= threshold and c >= 0.8 * (c + lower[w]) and w not in STOP_WORDS}


def names_in(ignore: Sequence[str]) -> frozenset[str]:
    """Folded names in the café's title and questions: words capitalised mid-sentence.

    "What should change in Bowling Green/Warren County?" gives bowling, green, warren, county.
    """
    names = set()
    for text in ignore:
        for match in _WORD_RE.finditer(text):
            if not _sentence_start(text, match.start()) and match.group()[0].isupper():
                names.add(fold(match.group()))
    return frozenset(names - STOP_WORDS)


def without_names(text: str, names: frozenset[str]) -> str:
    """The text with these names taken out, as embedded for grouping by meaning.

    "Bowling Green needs an indoor sports complex" would otherwise sit near every other note
    that names the place, whatever it asks for.
    """
    if not names:
        return text
    kept = _WORD_RE.sub(lambda m: "" if fold(m.group()) in names else m.group(), text)
    return " ".join(kept.split())


def _drop_set(ignore: Sequence[str], ignore_words: Sequence[str] = ()) -> frozenset[str]:
    """Folded words never to use, from ignore texts and single words, with their plurals."""
    drop = {fold(w) for text in ignore for w in content_words(text)}
    drop |= {fold(w) for text in ignore_words for w in _WORD_RE.findall(text)}
    return frozenset(drop | {w + "s" for w in drop} | {w + "es" for w in drop})


def _ignored(words: list[str], drop: frozenset[str]) -> list[str]:
    """Words without the dropped ones (compared with accents folded)."""
    return [w for w in words if fold(w) not in drop] if drop else words


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
