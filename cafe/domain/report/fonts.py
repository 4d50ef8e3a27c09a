"""Fonts for every script a note may be in, and text cleaned so that no font draws mojibake."""
from __future__ import annotations

import functools
import glob
import os
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

from cafe.domain.report.spreadsheet import _SURROGATES

MISSING_GLYPH = "\u25a1"  # □, drawn where no available font has the character
# Tried in order for characters DejaVu Sans lacks; paths of Debian's font packages
# (fonts-noto-cjk, fonts-droid-fallback, fonts-wqy-microhei, fonts-wqy-zenhei, fonts-noto-core).
DEFAULT_FALLBACK_FONTS: tuple[str, ...] = (
    # Shipped with cafe (fonts/README.md beside this module), so these scripts print with no system font package.
    str(Path(__file__).resolve().parent / "fonts" / "DroidSansFallbackFull.ttf"),
    str(Path(__file__).resolve().parent / "fonts" / "NotoSans*-Regular.ttf"),
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/noto/NotoSans*-Regular.ttf",
)



def _dejavu_paths() -> dict[str, str]:
    """DejaVu Sans in the styles the report uses, from matplotlib's package data."""
    import matplotlib

    folder = os.path.join(matplotlib.get_data_path(), "fonts", "ttf")
    return {
        "": os.path.join(folder, "DejaVuSans.ttf"),
        "B": os.path.join(folder, "DejaVuSans-Bold.ttf"),
        "I": os.path.join(folder, "DejaVuSans-Oblique.ttf"),
    }


@functools.lru_cache(maxsize=256)
def _font_coverage(path: str) -> frozenset[int]:
    """The code points a font file (first font of a collection) has glyphs for."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=0, lazy=True)
    try:
        return frozenset(font.getBestCmap() or ())
    finally:
        font.close()


def _expand_font_paths(paths: Iterable[str | os.PathLike]) -> list[str]:
    """Existing files for the given paths, glob patterns expanded in sorted order."""
    found: list[str] = []
    for path in paths:
        path = os.fspath(path)
        matches = sorted(glob.glob(path)) if glob.has_magic(path) else [path]
        found.extend(match for match in matches if os.path.isfile(match) and match not in found)
    return found


def _choose_fallback_fonts(
    chars: set[int], base: frozenset[int], candidates: Iterable[str | os.PathLike]
) -> list[tuple[str, frozenset[int]]]:
    """The fewest candidate fonts, in order, that cover characters the base font lacks."""
    missing = {cp for cp in chars if cp not in base and not _is_invisible(cp)}
    chosen = []
    for path in _expand_font_paths(candidates):
        if not missing:
            break
        try:
            coverage = _font_coverage(path)
        except Exception:  # an unreadable font is a font we don't have
            continue
        if missing & coverage:
            chosen.append((path, coverage))
            missing -= coverage
    return chosen


def _is_invisible(cp: int) -> bool:
    return unicodedata.category(chr(cp)) in ("Zs", "Zl", "Zp", "Cc", "Cf", "Cs")


# Parts of emoji sequences: joiners, variation selectors, skin tones, keycaps, tags.
_EMOJI_GLUE = (
    {0x200D, 0x20E3, 0xFE0E, 0xFE0F}
    | set(range(0x1F3FB, 0x1F400))
    | set(range(0xE0020, 0xE0080))
)
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)


def clean_text(text: object, covered: frozenset[int] | set[int] | None = None) -> str:
    """Text a person typed, made safe to draw: NFC, line breaks as ``\\n``, control characters
    dropped, and each character (or emoji sequence) that no font in ``covered`` has drawn as □.
    """
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", _SURROGATES.sub(MISSING_GLYPH, str(text)))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    out: list[str] = []
    after_box = False  # the last thing drawn is a □ standing for an emoji (sequence)
    joined = False  # ... and a joiner followed it, so the next picture belongs to it too
    open_flag = False  # ... and it was the first half of a flag
    for ch in text:
        cp = ord(ch)
        category = unicodedata.category(ch)
        if cp in _EMOJI_GLUE:
            if after_box:
                joined = joined or cp == 0x200D
            elif covered is None or cp in covered:
                out.append(ch)
            continue
        if covered is None or cp in covered or ch == "\n" or category == "Zs":
            if category != "Cc" or ch == "\n":
                out.append(ch)
            after_box = joined = open_flag = False
            continue
        if category in ("Cc", "Cf", "Mn", "Me", "Zl", "Zp"):
            continue  # invisible or combining: dropping it loses nothing a reader would see
        if after_box and (joined or (open_flag and cp in _REGIONAL_INDICATORS)):
            joined = open_flag = False
            continue
        out.append(MISSING_GLYPH)
        after_box, joined, open_flag = True, False, cp in _REGIONAL_INDICATORS
    return "".join(out)


_COMPLEX_SCRIPTS = (
    (0x0590, 0x08FF),  # Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic
    (0x0900, 0x0DFF),  # Indic scripts
    (0x0E00, 0x0FFF),  # Thai, Lao, Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x18AF),  # Khmer, Mongolian
    (0x1A00, 0x1CFF),  # Buginese, Tai Tham, Balinese, Sundanese, Batak, Lepcha, Vedic marks
    (0x200C, 0x200F),  # joiners and direction marks
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2066, 0x2069),  # bidi isolates
    (0xA800, 0xABFF),  # more Indic and South-East Asian scripts
    (0xFB1D, 0xFDFF),  # Hebrew and Arabic presentation forms
    (0xFE70, 0xFEFF),  # Arabic presentation forms B
    (0x10800, 0x10FFF),  # historic right-to-left scripts
    (0x11000, 0x11FFF),  # historic Brahmic scripts
    (0x1E800, 0x1EFFF),  # Adlam and other right-to-left scripts
)


def needs_shaping(text: str) -> bool:
    """Whether text needs HarfBuzz: right-to-left or joining scripts, or combining marks.

    Latin, Greek, Cyrillic and CJK look the same without it, and skip its cost (it is most of
    the time a report takes to build).
    """
    for ch in text:
        cp = ord(ch)
        if cp < 0x0300:
            continue
        if unicodedata.combining(ch) or any(low <= cp <= high for low, high in _COMPLEX_SCRIPTS):
            return True
    return False


def _report_chars(value: object, into: set[int]) -> set[int]:
    """Every code point in the strings of a nested report (bytes, like images, are skipped)."""
    if isinstance(value, str):
        into.update(map(ord, value))
    elif isinstance(value, Mapping):
        for item in value.values():
            _report_chars(item, into)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _report_chars(item, into)
    return into
