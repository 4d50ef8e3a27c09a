"""The priority summary report as PDF: participation, priorities, pictures, highlights and actions."""
from __future__ import annotations

import io
import os
from collections.abc import Iterable, Mapping, Sequence

from cafe.domain.report.chart import _wrap_label
from cafe.domain.report.fonts import (
    DEFAULT_FALLBACK_FONTS,
    _choose_fallback_fonts,
    _dejavu_paths,
    _font_coverage,
    _report_chars,
    clean_text,
    needs_shaping,
)
from cafe.domain.report.privacy import SUPPRESSED, SUPPRESSED_TEXT

MAX_QUOTES_PER_ITEM = 5  # a summary report, not the notes: the CSV has them all
PAGE_SIZES = {"a4": "A4", "letter": "Letter"}

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
    if priority.get("paper_votes"):
        parts[0] += f" ({priority['paper_votes']} on paper)"
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

    ``report`` is plain data (see tests/domain/test_report.py for a full example). Counts already
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
    _priorities_section(doc, report.get("priorities") or [], report.get("voting"))
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


def _voting_text(voting: Mapping) -> str:
    """'31 people voted, 6 of them on paper; 18 of the 93 dots came from paper ballots.'"""
    phone, paper = voting.get("phone_voters", 0), voting.get("paper_voters", 0)
    text = f"{_plural(phone + paper, 'person', 'people')} voted"
    if paper:
        text += (f", {paper} of them on paper; {voting.get('paper_dots', 0)} of the "
                 f"{_plural(voting.get('all_dots', 0), 'dot')} came from paper ballots")
    return text + "."


def _priorities_section(doc: _ReportDocument, priorities: Sequence[Mapping],
                        voting: Mapping | None = None) -> None:
    doc.heading("Priorities")
    if not priorities:
        doc.paragraph("No priorities were set.", style="I", colour=90)
        return
    if voting:
        doc.paragraph(_voting_text(voting), size=9.5, colour=80, after=2)
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
