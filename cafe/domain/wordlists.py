"""Word lists for themes and word clouds, per language (pure domain code).

Every language the app's message catalogues offer (English and Spanish) has three lists:
stop words (function words), topicless words (what people say about any topic: "think",
"need", "people", "creo", "gente") and bare replies ("yes", "vale"). A note's language is
guessed from its own function words, and that language's lists are applied to it; a note too
short to tell gets every language's lists. Accents are folded when matching, so "está" and
"esta" both hit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

__all__ = ["LANGUAGES", "STOP_WORDS", "fold", "note_language", "words_to_drop"]

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



# Words that carry no topic in a café: opinions, needs, people, praise. They glue unrelated
# notes into a catch-all theme ("I think we need more ...") and fill word clouds.
_ENGLISH_TOPICLESS = """
think thinks thought feel feels felt believe believes need needs needed needing want wants
wanted like likes would should could must people person persons everybody everyone folks
thing things stuff lot lots really just also better good great best bad worse make makes
making made get gets getting got way ways able sure maybe perhaps idea ideas important new
let lets know see need seems really truly want wish hope hopefully please
"""

_SPANISH_TOPICLESS = """
creo cree creemos pienso piensa pensamos siento sentimos necesitamos necesita necesitan
necesito necesario necesaria necesarios falta faltan quiero quiere queremos quieren gente
persona personas todos todas mejor mejores bueno buena buenos buenas buen gran grande
importante deberia deberian debemos debe deben deberiamos podria podrian puede pueden poder
podemos tener tenemos ver idea ideas nuevo nueva nuevos nuevas cosa cosas manera forma
realmente simplemente favor ojala espero
"""


def fold(word: str) -> str:
    """Lower-case a word and strip Latin accents, for word-list matching only."""
    word = word.lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _folded(*words: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(w) for group in words for w in group)


_FUNCTION = {
    "en": _folded(ENGLISH_STOP_WORDS, _ENGLISH_EXTRA.split()),
    "es": _folded(_SPANISH.split()),
}
LANGUAGES: tuple[str, ...] = tuple(_FUNCTION)
# Function words of one language only: those tell the languages apart ("a", "no" do not).
_REPLY_WORDS = _folded(_REPLIES.split())
_TOPICLESS = {"en": _folded(_ENGLISH_TOPICLESS.split()), "es": _folded(_SPANISH_TOPICLESS.split())}
_OWN = {lang: _FUNCTION[lang] | _TOPICLESS[lang] for lang in _FUNCTION}
_MARKERS = {lang: words - frozenset().union(*(w for other, w in _OWN.items() if other != lang))
            for lang, words in _OWN.items()}
_DROP = {lang: _FUNCTION[lang] | _TOPICLESS[lang] | _REPLY_WORDS for lang in LANGUAGES}
_DROP_ANY = frozenset().union(*_DROP.values())

# Every language's function words and bare replies (not the topicless words): the old list.
STOP_WORDS: frozenset[str] = frozenset().union(*_FUNCTION.values()) | _REPLY_WORDS


def note_language(words: Iterable[str] | str) -> str | None:
    """The language whose own function words a note uses most, or None when it cannot tell.

    ``words`` are a note's lower-cased words, or its text.
    """
    if isinstance(words, str):
        words = words.lower().split()
    hits = {lang: 0 for lang in LANGUAGES}
    for word in words:
        folded = fold(word)
        for lang, markers in _MARKERS.items():
            if folded in markers:
                hits[lang] += 1
    ranked = sorted(hits.items(), key=lambda item: -item[1])
    if ranked[0][1] == 0 or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def words_to_drop(language: str | None) -> frozenset[str]:
    """Folded words that never define a theme in a note of this language (None: any language)."""
    return _DROP.get(language, _DROP_ANY)
