"""What organizers download after a café: suppressed counts, an Excel-safe CSV, the votes chart
and the priority summary report as PDF.

Pure domain: plain data in, bytes out. No Flask, no database, no settings read from anywhere.

Fonts: the PDF embeds DejaVu Sans from matplotlib's package data (Latin with accents, Greek,
Cyrillic, Arabic, Hebrew, Armenian, Georgian and many symbols), shaped with HarfBuzz so Arabic
letters join and right-to-left text runs the right way. Scripts DejaVu lacks (CJK, Devanagari,
Thai, ...) are drawn with the first font from ``fallback_fonts`` that has them, by default
Debian's Noto/Droid/WenQuanYi fonts when they are installed. A character no font has, such as
most emoji, is drawn as ``□`` instead: never a crash, never mojibake.

Modules: `privacy` (small-count suppression), `spreadsheet` (CSV), `fonts`, `chart`, `pdf`,
`words` (the report's own words, in the reader's language when given), `printed`.
"""
from cafe.domain.report.chart import votes_chart_png
from cafe.domain.report.fonts import (
    DEFAULT_FALLBACK_FONTS,
    MISSING_GLYPH,
    clean_text,
    needs_shaping,
)
from cafe.domain.report.pdf import MAX_QUOTES_PER_ITEM, PAGE_SIZES, build_report_pdf
from cafe.domain.report.privacy import (
    SUPPRESSED,
    SUPPRESSED_TEXT,
    suppress_small_counts,
)
from cafe.domain.report.spreadsheet import csv_cell, notes_csv
from cafe.domain.report.words import REPORT_WORDS, Words

__all__ = [
    "DEFAULT_FALLBACK_FONTS", "MAX_QUOTES_PER_ITEM", "MISSING_GLYPH", "PAGE_SIZES", "REPORT_WORDS",
    "SUPPRESSED",
    "SUPPRESSED_TEXT", "build_report_pdf", "clean_text", "csv_cell", "needs_shaping", "notes_csv",
    "suppress_small_counts", "votes_chart_png", "Words",
]
