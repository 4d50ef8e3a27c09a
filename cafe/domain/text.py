"""Words of short notes in any script: stop words, tokens and plural folding (shared by themes and word clouds)."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

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
