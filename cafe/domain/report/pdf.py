"""What organizers download after a café: suppressed counts, an Excel-safe CSV, the votes chart
and the priority summary report as PDF.

Pure domain: plain data in, bytes out. No Flask, no database, no settings read from anywhere.

Fonts: the PDF embeds DejaVu Sans from matplotlib's package data (Latin with accents, Greek,
Cyrillic, Arabic, Hebrew, Armenian, Georgian and many symbols), shaped with HarfBuzz so Arabic
letters join and right-to-left text runs the right way. Scripts DejaVu lacks (CJK, Devanagari,
Thai, ...) are drawn with the first font from ``fallback_fonts`` that has them, by default
Debian's Noto/Droid/WenQuanYi fonts when they are installed. A character no font has, such as
most emoji, is drawn as ``□`` instead: never a crash, never mojibake.
"""

from __future__ import annotations

import csv
import functools
import glob
import io
import os
import re
import textwrap
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

SUPPRESSED = None
SUPPRESSED_TEXT = "suppressed"
MISSING_GLYPH = "\u25a1"  # □, drawn where no available font has the character
MAX_QUOTES_PER_ITEM = 5  # a summary report, not the notes: the CSV has them all
PAGE_SIZES = {"a4": "A4", "letter": "Letter"}

# Tried in order for characters DejaVu Sans lacks; paths of Debian's font packages
# (fonts-noto-cjk, fonts-droid-fallback, fonts-wqy-microhei, fonts-wqy-zenhei, fonts-noto-core).
DEFAULT_FALLBACK_FONTS: tuple[str, ...] = (
    # Shipped with cafe (cafe/fonts/README.md), so these scripts print with no system font package.
    str(Path(__file__).resolve().parent / "fonts" / "DroidSansFallbackFull.ttf"),
    str(Path(__file__).resolve().parent / "fonts" / "NotoSans*-Regular.ttf"),
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/noto/NotoSans*-Regular.ttf",
)

# Okabe & Ito's palette, distinguishable with every common colour-vision deficiency.
BAR_COLOUR = "#0072B2"
TEXT_COLOUR = "#222222"


# ---------------------------------------------------------------------------------------------
# Suppression of small counts
# ---------------------------------------------------------------------------------------------


def suppress_small_counts(
    counts: Mapping[str, int], *, threshold: int = 5, total: int | None = None
) -> dict[str, int | None]:
    """Replace counts under ``threshold`` by ``SUPPRESSED``, plus one more if a lone one could be
    worked out by subtracting the others from a published ``total``.

    Pass ``total`` whenever the total is shown anywhere (for the breakdown of people by group,
    the number of people). Zero counts are small counts too: "nobody from group X came" can
    identify the one person who says they went. Order of the keys is kept.
    """
    for key, count in counts.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise ValueError(f"count for {key!r} must be a non-negative int, got {count!r}")
    suppressed = {key for key, count in counts.items() if count < threshold}
    if len(suppressed) == 1 and total is not None:
        # The smallest remaining cell gives the least away; ties go to the first in order.
        others = [(count, i, key) for i, (key, count) in enumerate(counts.items()) if key not in suppressed]
        if others:
            suppressed.add(min(others)[2])
    return {key: SUPPRESSED if key in suppressed else count for key, count in counts.items()}


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SURROGATES = re.compile("[\ud800-\udfff]")
_CSV_DROPPED_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def csv_cell(value: object) -> object:
    """One cell as it must be written for Excel: numbers stay numbers, text can't be a formula."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal, Fraction)) and not isinstance(value, bool):
        return value
    text = _SURROGATES.sub("\ufffd", str(value))
    # Control characters other than tab, CR and LF have no place in a note and trip up readers.
    text = _CSV_DROPPED_CONTROLS.sub("", text)
    if text.startswith(_FORMULA_STARTS):
        text = "'" + text
    return text


def notes_csv(rows: Iterable[Mapping[str, object]], columns: Sequence[str]) -> bytes:
    """The rows as a UTF-8 CSV with a BOM, safe to open in Excel; ``columns`` is the header
    and the order, keys a row lacks are left empty and keys not in ``columns`` are never written.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([csv_cell(column) for column in columns])
    for row in rows:
        writer.writerow([csv_cell(row.get(column)) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")


# ---------------------------------------------------------------------------------------------
# Fonts and text cleaning
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Votes chart
# ---------------------------------------------------------------------------------------------


def _wrap_label(label: str, width: int = 28, max_lines: int = 3) -> str:
    lines = textwrap.wrap(label, width=width, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: width - 1].rstrip() + "\u2026"
    return "\n".join(lines)


@functools.lru_cache(maxsize=64)
def _matplotlib_family(path: str) -> str:
    """Register a font file with matplotlib once; its family name."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def _chart_fonts(text: str, fallback_fonts: Iterable[str | os.PathLike]) -> tuple[list[str], frozenset[int]]:
    """Font families for matplotlib (DejaVu, then fallbacks ``text`` needs) and what they cover."""
    families = ["DejaVu Sans"]
    base = _font_coverage(_dejavu_paths()[""])
    covered = set(base)
    # matplotlib reads only single fonts reliably, not collections (.ttc)
    singles = [p for p in _expand_font_paths(fallback_fonts) if not p.lower().endswith(".ttc")]
    for path, coverage in _choose_fallback_fonts(set(map(ord, text)), base, singles):
        try:
            families.append(_matplotlib_family(path))
        except Exception:
            continue
        covered |= coverage
    return families, frozenset(covered)


def votes_chart_png(
    priorities: Sequence[Mapping],
    *,
    width_px: int = 1200,
    fallback_fonts: Sequence[str | os.PathLike] | None = None,
) -> bytes:
    """Horizontal bar chart of votes per priority as PNG, highest rank on top.

    Uses matplotlib's Agg canvas directly (no pyplot, no global backend), one colour-blind-safe
    colour and the count written at the end of each bar so colour carries no meaning.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    candidates = DEFAULT_FALLBACK_FONTS if fallback_fonts is None else fallback_fonts
    ordered = sorted(priorities, key=lambda p: (p.get("rank") is None, p.get("rank") or 0))
    families, covered = _chart_fonts("".join(str(p.get("label", "")) for p in ordered), candidates)
    labels = [
        _wrap_label(clean_text(p.get("label", "") if p.get("rank") is None else f"{p['rank']}. {p.get('label', '')}",
                               covered))
        for p in ordered
    ]
    votes = [max(int(p.get("votes") or 0), 0) for p in ordered]

    # A fixed 8-inch figure keeps text the same size relative to the bars at any resolution,
    # readable both as a download and scaled to a page's width in the PDF.
    width_in = 8.0
    dpi = max(width_px, 200) / width_in
    line_count = sum(label.count("\n") + 1 for label in labels)
    height_in = max(2.0, 0.8 + 0.2 * line_count + 0.16 * len(labels))
    figure = Figure(figsize=(width_in, height_in), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    font = {"family": families, "size": 11, "color": TEXT_COLOUR}
    if not ordered:
        axes.axis("off")
        axes.text(0.5, 0.5, "No votes yet", ha="center", va="center", fontdict=font)
    else:
        positions = list(range(len(ordered)))
        bars = axes.barh(positions, votes, color=BAR_COLOUR, height=0.65)
        axes.set_yticks(positions, labels, fontfamily=families, fontsize=10, color=TEXT_COLOUR)
        axes.invert_yaxis()
        axes.bar_label(bars, labels=[str(v) for v in votes], padding=3, fontsize=10, color=TEXT_COLOUR)
        axes.set_xlabel("Votes", fontdict=font)
        axes.set_xlim(0, max(max(votes), 1) * 1.12)
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.spines[["top", "right"]].set_visible(False)
        axes.tick_params(axis="x", labelsize=9, colors=TEXT_COLOUR)
        axes.grid(axis="x", color="#DDDDDD", linewidth=0.8)
        axes.set_axisbelow(True)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white", metadata={"Software": None})
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# PDF report
# ---------------------------------------------------------------------------------------------

MARGIN_MM = 18  # fits A4 (210 x 297 mm) and Letter (216 x 279 mm) printers alike
BODY_PT = 10
LINE_MM = 5.2


def _plural(count: object, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


_NOT_GIVEN = object()


def _count_text(value: object) -> str:
    if value is _NOT_GIVEN:
        return "\u2014"
    return SUPPRESSED_TEXT if value is SUPPRESSED else str(value)


def _spread_text(priority: Mapping) -> str:
    """'12 votes · raised at 7 of 8 tables, 3 of 3 rounds' (parts the data lacks are left out)."""
    parts = [_plural(priority.get("votes", 0), "vote")]
    spread = []
    if priority.get("table_total"):
        spread.append(f"{priority.get('tables', 0)} of {_plural(priority['table_total'], 'table')}")
    if priority.get("round_total"):
        spread.append(f"{priority.get('rounds', 0)} of {_plural(priority['round_total'], 'round')}")
    if spread:
        parts.append("raised at " + ", ".join(spread))
    return " \u00b7 ".join(parts)


class _ReportDocument:
    """An FPDF document with the report's fonts, margins and a few layout helpers."""

    def __init__(self, title: str, page_size: str, fallback_fonts: Sequence[str | os.PathLike], chars: set[int]):
        from fpdf import FPDF

        outer = self

        class _PDF(FPDF):
            def multi_cell(self, w, h=None, text="", *args, **kwargs):
                # Shaping costs most of the build time, and only some scripts need it; turning it
                # on afresh also keeps one paragraph's direction from leaking into the next.
                self.set_text_shaping(needs_shaping(text))
                return super().multi_cell(w, h, text, *args, **kwargs)

            def footer(self) -> None:
                self.set_text_shaping(needs_shaping(outer.footer_title))
                self.set_y(-MARGIN_MM + 6)
                outer.font("", 8)
                self.set_text_color(110)
                self.cell(0, 4, f"{outer.footer_title}   {self.page_no()}", align="C")

        paths = _dejavu_paths()
        covered = set(_font_coverage(paths[""]))
        fallbacks = _choose_fallback_fonts(chars, frozenset(covered), fallback_fonts)
        self.pdf = pdf = _PDF(format=page_size, unit="mm")
        for style, path in paths.items():
            pdf.add_font("DejaVu", style, path)
        # Oblique DejaVu lacks Arabic and some symbols: such runs fall back to the upright face.
        names = ["DejaVu"]
        for i, (path, coverage) in enumerate(fallbacks):
            name = f"Fallback{i}"
            try:
                pdf.add_font(name, "", path)
            except Exception:  # a font fpdf2 can't embed: its characters become □ instead
                continue
            names.append(name)
            covered |= coverage
        pdf.set_fallback_fonts(names, exact_match=False)
        pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        pdf.set_auto_page_break(True, margin=MARGIN_MM)
        self.covered = frozenset(covered)
        self.footer_title = _wrap_label(self.text(title), width=70, max_lines=1)
        pdf.set_title(self.text(title))
        pdf.set_creator("cafe")
        pdf.add_page()

    @property
    def width(self) -> float:
        return self.pdf.epw

    def text(self, value: object) -> str:
        return clean_text(value, self.covered)

    def font(self, style: str = "", size: float = BODY_PT) -> None:
        self.pdf.set_font("DejaVu", style, size)

    def room_left(self) -> float:
        return self.pdf.page_break_trigger - self.pdf.get_y()

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one (no orphaned headings)."""
        if self.room_left() < height:
            self.pdf.add_page()

    def paragraph(self, text: str, *, style: str = "", size: float = BODY_PT, indent: float = 0,
                  colour: int = 34, line: float = LINE_MM, after: float = 0.0) -> None:
        self.font(style, size)
        self.pdf.set_text_color(colour)
        self.pdf.set_x(self.pdf.l_margin + indent)
        self.pdf.multi_cell(self.width - indent, line, text, align="L", new_x="LMARGIN", new_y="NEXT")
        if after:
            self.pdf.ln(after)

    def heading(self, text: str, keep_with_next: float = 18) -> None:
        self.keep(14 + keep_with_next)
        self.pdf.ln(3)
        self.paragraph(text, style="B", size=14, line=7, colour=0)
        self.pdf.set_draw_color(0, 114, 178)
        self.pdf.set_line_width(0.5)
        y = self.pdf.get_y() + 0.5
        self.pdf.line(self.pdf.l_margin, y, self.pdf.l_margin + self.width, y)
        self.pdf.ln(3)

    def quotes(self, quotes: Iterable[object]) -> None:
        for quote in list(quotes or ())[:MAX_QUOTES_PER_ITEM]:
            text = self.text(quote).strip()
            if text:
                self.paragraph(f"\u201c{text}\u201d", style="I", size=9.5, indent=6, colour=60, after=1)

    def table(self, rows: Sequence[Sequence[str]], col_widths: Sequence[float],
              align: Sequence[str] | None = None) -> None:
        """A table with a repeated bold header row; cells wrap and rows split across pages."""
        from fpdf.fonts import FontFace

        self.font("", 9.5)
        self.pdf.set_text_color(34)
        self.pdf.set_draw_color(170)
        self.pdf.set_line_width(0.2)
        heading = FontFace(emphasis="BOLD", fill_color=(230, 238, 245))
        with self.pdf.table(col_widths=tuple(col_widths), text_align=tuple(align or ["LEFT"] * len(col_widths)),
                            headings_style=heading, line_height=LINE_MM, padding=1.2,
                            width=self.width) as table:
            for row in rows:
                cells = table.row()
                for value in row:
                    cells.cell(value)
        self.pdf.ln(2)

    def image_size(self, png: bytes | None) -> tuple[float, float] | None:
        """Width and height in mm a PNG takes: the text width, or less to fit on one page."""
        if not png:
            return None
        try:
            from PIL import Image

            with Image.open(io.BytesIO(png)) as picture:
                picture.verify()
                width_px, height_px = picture.size
        except Exception:
            return None
        width = self.width
        height = width * height_px / max(width_px, 1)
        max_height = self.pdf.page_break_trigger - self.pdf.t_margin - 12
        if height > max_height:
            width, height = width * max_height / height, max_height
        return width, height

    def image(self, png: bytes | None, caption: str) -> None:
        """A captioned PNG, or a note if it can't be read."""
        if not png:
            return
        size = self.image_size(png)
        if size is None:
            self.paragraph(f"({caption}: the picture could not be read.)", style="I", colour=90)
            return
        width, height = size
        self.keep(height + 10)
        self.paragraph(caption, style="B", size=10.5)
        self.pdf.ln(1)
        self.pdf.image(io.BytesIO(png), x=self.pdf.l_margin + (self.width - width) / 2, w=width, h=height,
                       alt_text=caption)
        self.pdf.ln(4)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


def build_report_pdf(
    report: Mapping,
    *,
    page_size: str = "A4",
    fallback_fonts: Sequence[str | os.PathLike] | None = None,
) -> bytes:
    """The priority summary report as PDF; ``page_size`` 'A4' or 'Letter'.

    ``report`` is plain data (see tests/test_report.py for a full example). Counts already
    suppressed by ``suppress_small_counts`` (``None``) print as "suppressed". Each priority and
    each table shows at most ``MAX_QUOTES_PER_ITEM`` quotes. ``fallback_fonts`` lists font files
    (glob patterns allowed) for scripts DejaVu Sans lacks; ``None`` means
    ``DEFAULT_FALLBACK_FONTS``, ``()`` means DejaVu only.
    """
    size = PAGE_SIZES.get(str(page_size).lower())
    if size is None:
        raise ValueError(f"page_size must be 'A4' or 'Letter', got {page_size!r}")
    candidates = DEFAULT_FALLBACK_FONTS if fallback_fonts is None else fallback_fonts
    title = report.get("title") or "World Café"
    doc = _ReportDocument(title, size, candidates, _report_chars(report, set()))

    _title_block(doc, report, title)
    _participation_section(doc, report.get("participation") or {})
    _priorities_section(doc, report.get("priorities") or [])
    _pictures_section(doc, report)
    _highlights_section(doc, report.get("table_highlights") or [])
    _actions_section(doc, report.get("actions") or [])
    return doc.output()


def _title_block(doc: _ReportDocument, report: Mapping, title: str) -> None:
    doc.paragraph(doc.text(title), style="B", size=22, line=10, colour=0, after=1)
    doc.paragraph("Priority summary report" + (f" \u00b7 {doc.text(report['date'])}" if report.get("date") else ""),
                  size=11, colour=90, after=4)
    questions = [doc.text(q).strip() for q in report.get("questions") or []]
    questions = [q for q in questions if q]
    if questions:
        doc.paragraph("The question" + ("s" if len(questions) > 1 else "") + " we explored",
                      style="B", size=11, after=1)
        for number, question in enumerate(questions, 1):
            prefix = f"{number}. " if len(questions) > 1 else ""
            doc.paragraph(prefix + question, size=11, indent=4, after=1)


def _participation_section(doc: _ReportDocument, participation: Mapping) -> None:
    doc.heading("Participation")
    groups = participation.get("by_group") or []
    if not participation:
        doc.paragraph("No participation figures were recorded.", style="I", colour=90)
        return
    doc.table(
        [("People", "Tables", "Rounds", "Notes"),
         tuple(_count_text(participation.get(key, _NOT_GIVEN)) for key in ("people", "tables", "rounds", "notes"))],
        (1, 1, 1, 1), align=("CENTER",) * 4,
    )
    if groups:
        rows = [("Stakeholder group", "People", "Notes")]
        rows += [(doc.text(g.get("group", "")), _count_text(g.get("people", _NOT_GIVEN)),
                  _count_text(g.get("notes", _NOT_GIVEN))) for g in groups]
        doc.table(rows, (3, 1, 1), align=("LEFT", "RIGHT", "RIGHT"))
    shown = [participation.get(k, _NOT_GIVEN) for k in ("people", "notes")]
    shown += [g.get(k, _NOT_GIVEN) for g in groups for k in ("people", "notes")]
    if any(value is SUPPRESSED for value in shown):
        doc.paragraph("To protect privacy, counts under 5 are suppressed, and so is any count that could "
                      "be worked out from the others.", style="I", size=8.5, colour=90, after=2)


def _priorities_section(doc: _ReportDocument, priorities: Sequence[Mapping]) -> None:
    doc.heading("Priorities")
    if not priorities:
        doc.paragraph("No priorities were set.", style="I", colour=90)
        return
    ordered = sorted(priorities, key=lambda p: (p.get("rank") is None, p.get("rank") or 0))
    for priority in ordered:
        doc.keep(22)
        rank = priority.get("rank")
        label = doc.text(priority.get("label", ""))
        doc.paragraph(f"{rank}. {label}" if rank is not None else label, style="B", size=12, line=6)
        doc.paragraph(_spread_text(priority), size=9.5, colour=80, after=1.5)
        doc.quotes(priority.get("quotes") or [])
        doc.pdf.ln(3)


def _pictures_section(doc: _ReportDocument, report: Mapping) -> None:
    if not (report.get("wordcloud_png") or report.get("votes_chart_png")):
        return
    first = doc.image_size(report.get("votes_chart_png") or report.get("wordcloud_png"))
    doc.heading("In pictures", keep_with_next=(first[1] + 10) if first else 10)
    doc.image(report.get("votes_chart_png"), "Votes per priority")
    doc.image(report.get("wordcloud_png"), "Words residents used most")


def _highlights_section(doc: _ReportDocument, highlights: Sequence[Mapping]) -> None:
    if not highlights:
        return
    doc.heading("Highlights from each table")
    for highlight in highlights:
        doc.keep(18)
        doc.paragraph(doc.text(highlight.get("table", "")), style="B", size=11, line=6, after=1)
        if any(str(q or "").strip() for q in highlight.get("quotes") or []):
            doc.quotes(highlight.get("quotes") or [])
        else:
            doc.paragraph("No notes to highlight.", style="I", size=9.5, indent=6, colour=90)
        doc.pdf.ln(2)


def _actions_section(doc: _ReportDocument, actions: Sequence[Mapping]) -> None:
    doc.heading("Action plan")
    if not actions:
        doc.paragraph("No next steps have been recorded yet.", style="I", colour=90)
        return
    rows = [("Priority", "Next steps", "Partner", "Due")]
    rows += [tuple(doc.text(action.get(key) or "") for key in ("priority", "next_steps", "partner", "due"))
             for action in actions]
    doc.table(rows, (3, 5, 2.6, 1.9))
