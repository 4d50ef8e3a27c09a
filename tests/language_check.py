"""What the Spanish-interface tests share: the catalogue as Babel builds it, English UI strings
found in a page's text, and the telltales of the formal "usted" register.

Used by tests/web/test_spanish_ui.py (pages rendered by the server) and
tests/e2e/test_browser_spanish.py (pages as the browser shows them, scripts included).
"""
from __future__ import annotations

import re
import shlex
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
BABEL_CFG = ROOT / "babel.cfg"
SPANISH_PO = ROOT / "cafe" / "translations" / "es" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def spanish_catalog():
    """The Spanish .po as Babel reads it."""
    with SPANISH_PO.open("rb") as po:
        return read_po(po, locale="es")


def extraction_keywords() -> dict:
    """The keywords of the extraction command written at the top of babel.cfg (-k ...)."""
    command = BABEL_CFG.read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    words = shlex.split(command)
    keywords = dict(DEFAULT_KEYWORDS)
    for flag, value in zip(words, words[1:]):
        if flag == "-k":
            name, _, spec = value.partition(":")
            keywords[name] = tuple(int(i) for i in spec.split(",")) if spec else None
    return keywords


def marked_strings() -> dict:
    """Every string marked for translation in cafe/ and templates/, extracted as babel.cfg says:
    {msgid: "file:line"} (a plural by its singular)."""
    with BABEL_CFG.open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(BABEL_CFG))
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=extraction_keywords()):
        msgid = message[0] if isinstance(message, (tuple, list)) else message
        if msgid:
            found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def _pattern(english: str) -> re.Pattern:
    """A msgid as a pattern: its words literally, each placeholder any short text."""
    parts = [re.escape(part) for part in PLACEHOLDER.split(english)[::2]]
    body = r".{1,80}?".join(parts)
    return re.compile(r"(?<![\w])" + body + r"(?![\w])", re.DOTALL)


@lru_cache(maxsize=1)
def english_ui_strings() -> tuple:
    """(English text, pattern) of every catalogue message whose Spanish is different words.

    A message that is its own translation ("Cafés", "%(what)s (PDF, A4)") can't give English
    away, and one with no letters outside its placeholders matches anything.
    """
    out = []
    for message in spanish_catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english in strings or not re.search(r"[A-Za-z]{2}", PLACEHOLDER.sub("", english)):
                continue
            out.append((english, _pattern(english)))
    return tuple(out)


def english_found(text: str, allowed=()) -> list[str]:
    """The English UI strings (catalogue msgids) that appear in `text` outside the `allowed` texts.

    Web addresses are left out: "/facilitator/" in a link is a path, not a word on the page.
    """
    text = re.sub(r"\S*://\S*", " ", text)
    for data in sorted(allowed, key=len, reverse=True):
        text = text.replace(data, "\n")
    return sorted({english for english, pattern in english_ui_strings() if pattern.search(text)})


class _Visible(HTMLParser):
    """The text a person meets on a page: text nodes and the attributes read out or shown.

    Text marked as another language than the page's (`lang="en"` on a Spanish page: a link to
    the English report, a text the facilitator left untranslated) is meant to be in that
    language, and left out.
    """

    SHOWN_ATTRIBUTES = ("aria-label", "alt", "placeholder", "title")
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip = 0
        self._page_lang = None
        self._foreign: list | None = None      # [tag, depth] of an element in another language

    def _other_language(self, attrs) -> bool:
        lang = dict(attrs).get("lang")
        return bool(lang and self._page_lang and
                    lang.split("-")[0].lower() != self._page_lang.split("-")[0].lower())

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self._page_lang = dict(attrs).get("lang")
        if self._foreign is not None:
            self._foreign[1] += tag == self._foreign[0]
            return
        if self._other_language(attrs):
            if tag not in self.VOID:
                self._foreign = [tag, 1]
            return
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in self.SHOWN_ATTRIBUTES and value:
                self.chunks.append(value)
            if tag == "input" and name == "value" and dict(attrs).get("type") in ("submit", "button"):
                self.chunks.append(value or "")

    def handle_endtag(self, tag):
        if self._foreign is not None:
            if tag == self._foreign[0]:
                self._foreign[1] -= 1
                if not self._foreign[1]:
                    self._foreign = None
            return
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and self._foreign is None and data.strip():
            self.chunks.append(data.strip())


def visible_chunks(page: str) -> list[str]:
    """A page's visible text, as separate pieces (text nodes and shown attributes)."""
    parser = _Visible()
    parser.feed(page)
    return parser.chunks


# --- the formal register ------------------------------------------------------------------------

# Imperatives and clitic forms of "usted" that a friendly "tú" interface never uses. A form that
# is also a subjunctive ("pídele que la vuelva a abrir") is only a telltale outside a "que" clause.
USTED_IMPERATIVES = (
    "escanee", "escriba", "vote", "elija", "pulse", "toque", "haga", "vaya", "vuelva", "espere",
    "intente", "cargue", "envíe", "pida", "revise", "agregue", "añada", "mire", "use", "abra",
    "cierre", "seleccione", "presione", "ingrese", "introduzca", "escoja", "marque", "guarde",
    "comparta", "descargue", "imprima", "borre", "elimine", "confirme", "cuente", "ponga",
    "quite", "deje", "salga", "regrese", "lea", "siga", "corrija", "abandone", "coloque",
    "inténtelo", "pídale", "escríbalo", "vuélvalo", "asegúrese", "quédese", "diríjase",
    "acérquese", "únase", "siéntese", "dígale", "espérelo", "cárguela", "envíelo",
)
_WORD = re.compile(r"[\wáéíóúüñÁÉÍÓÚÜÑ]+")
_SUBORDINATE = {"que", "cuando", "hasta", "si", "antes", "aunque", "mientras", "para"}


def usted_forms(english: str, spanish: str) -> list[str]:
    """The telltales of "usted" in a Spanish text (empty when it speaks "tú")."""
    found = []
    words = _WORD.findall(spanish)
    lower = [w.lower() for w in words]
    for i, word in enumerate(lower):
        if word in ("usted", "ustedes"):
            found.append(words[i])
        elif word in USTED_IMPERATIVES and not _SUBORDINATE & set(lower[max(0, i - 2):i]):
            found.append(words[i])
    # "su"/"sus" where the English speaks to the reader ("your") is "tu"/"tus" in tú; more of them
    # than the English has "their/his/her/its" means one of them stands for "your".
    theirs = len(re.findall(r"\b(their|his|her|its)\b", english, re.IGNORECASE))
    if re.search(r"\byour\b", english, re.IGNORECASE) and \
            sum(w in ("su", "sus") for w in lower) > theirs:
        found.append("su/sus for 'your'")
    return found
