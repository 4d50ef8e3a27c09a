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
from cafe.domain.limits import PRIVACY_THRESHOLD
from cafe.domain.report.privacy import SUPPRESSED
from cafe.domain.report.words import Words

MAX_QUOTES_PER_ITEM = 5  # a summary report, not the notes: the CSV has them all
PAGE_SIZES = {"a4": "A4", "letter": "Letter"}

MARGIN_MM = 18  # fits A4 (210 x 297 mm) and Letter (216 x 279 mm) printers alike
BODY_PT = 10
LINE_MM = 5.2


_NOT_GIVEN = object()


def _count_text(value: object, words: Words) -> str:
    if value is _NOT_GIVEN:
        return "\u2014"
    return words("suppressed") if value is SUPPRESSED else str(value)


def _spread_text(priority: Mapping, words: Words) -> str:
    """'12 votes · raised at 7 of 8 tables, 3 of 3 rounds' (parts the data lacks are left out)."""
    votes = words("votes", priority.get("votes", 0))
    if priority.get("paper_votes"):
        votes = words("paper_votes", priority["paper_votes"], votes=votes)
    parts = [votes]
    spread = []
    if priority.get("table_total"):
        spread.append(words("of_tables", priority["table_total"], count=priority.get("tables", 0)))
    if priority.get("round_total"):
        spread.append(words("of_rounds", priority["round_total"], count=priority.get("rounds", 0)))
    if spread:
        parts.append(words("raised_at", where=", ".join(spread)))
    return " \u00b7 ".join(parts)


class _ReportDocument:
    """An FPDF document with the report's fonts, margins and a few layout helpers."""

    def __init__(self, title: str, page_size: str, fallback_fonts: Sequence[str | os.PathLike], chars: set[int],
                 words: Words | None = None, lang: str = "en"):
        from fpdf import FPDF

        outer = self
        self.words = words or Words()

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
        pdf.set_lang(lang)
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

    def versions(self, translations: Iterable[Mapping] | None, *, size: float = BODY_PT,
                 indent: float = 0, after: float = 0.5) -> None:
        """A text's versions in the café's other languages, each under it, named and set apart."""
        for version in translations or ():
            text = self.text(version.get("text")).strip()
            if text:
                line = self.words("in_language", language=self.text(version.get("name")), text=text)
                self.paragraph(line, style="I", size=size, indent=indent, colour=85,
                               line=size * 0.5, after=after)

    def quotes(self, quotes: Iterable[object]) -> None:
        for quote in list(quotes or ())[:MAX_QUOTES_PER_ITEM]:
            text = self.text(quote).strip()
            if text:
                self.paragraph(f"\u201c{text}\u201d", style="I", size=9.5, indent=6, colour=60, after=1)

    def table(self, rows: Sequence[Sequence[str]], col_widths: Sequence[float],
              align: Sequence[str] | None = None, quiet_rows: frozenset[int] = frozenset()) -> None:
        """A table with a repeated bold header row; cells wrap and rows split across pages.

        Rows whose index is in `quiet_rows` are set in grey italics (a version in another language).
        """
        from fpdf.fonts import FontFace

        self.font("", 9.5)
        self.pdf.set_text_color(34)
        self.pdf.set_draw_color(170)
        self.pdf.set_line_width(0.2)
        heading = FontFace(emphasis="BOLD", fill_color=(230, 238, 245))
        with self.pdf.table(col_widths=tuple(col_widths), text_align=tuple(align or ["LEFT"] * len(col_widths)),
                            headings_style=heading, line_height=LINE_MM, padding=1.2,
                            width=self.width) as table:
            quiet = FontFace(emphasis="ITALICS", color=85)
            for index, row in enumerate(rows):
                cells = table.row()
                for value in row:
                    cells.cell(value, style=quiet if index in quiet_rows else None)
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
            self.paragraph(self.words("unreadable_picture", caption=caption), style="I", colour=90)
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

    The report's own words come from ``report["words"]`` (keys of ``words.REPORT_WORDS``, English
    for any missing) and ``report["lang"]`` names their language; ``date`` and ``due`` are
    already written out in it. A text the facilitator typed may carry ``translations``: its
    versions in the café's other languages, ``[{"lang", "name", "text"}]``, printed under it.
    """
    size = PAGE_SIZES.get(str(page_size).lower())
    if size is None:
        raise ValueError(f"page_size must be 'A4' or 'Letter', got {page_size!r}")
    candidates = DEFAULT_FALLBACK_FONTS if fallback_fonts is None else fallback_fonts
    words = Words(report.get("words"))
    title = report.get("title") or words("default_title")
    doc = _ReportDocument(title, size, candidates, _report_chars(report, set()), words,
                          str(report.get("lang") or "en"))

    _title_block(doc, report, title)
    _participation_section(doc, report.get("participation") or {})
    _priorities_section(doc, report.get("priorities") or [], report.get("voting"))
    _pictures_section(doc, report)
    _highlights_section(doc, report.get("table_highlights") or [])
    _actions_section(doc, report.get("actions") or [])
    return doc.output()


def _question(value: object) -> tuple[str, list]:
    """A question as (typed text, its translations); a plain string has none."""
    if isinstance(value, Mapping):
        return str(value.get("text") or ""), list(value.get("translations") or [])
    return str(value or ""), []


def _title_block(doc: _ReportDocument, report: Mapping, title: str) -> None:
    words = doc.words
    doc.paragraph(doc.text(title), style="B", size=22, line=10, colour=0, after=1)
    doc.versions(report.get("title_translations"), size=14, after=1)
    doc.paragraph(words("subtitle") + (f" \u00b7 {doc.text(report['date'])}" if report.get("date") else ""),
                  size=11, colour=90, after=4)
    questions = [(doc.text(q).strip(), versions)
                 for q, versions in map(_question, report.get("questions") or [])]
    questions = [(q, versions) for q, versions in questions if q]
    if questions:
        doc.paragraph(words("questions_heading", len(questions)), style="B", size=11, after=1)
        for number, (question, versions) in enumerate(questions, 1):
            prefix = f"{number}. " if len(questions) > 1 else ""
            doc.paragraph(prefix + question, size=11, indent=4, after=1)
            doc.versions(versions, size=10, indent=4 + (5 if prefix else 0), after=1)


def _with_versions(doc: _ReportDocument, text: object, translations: Iterable[Mapping] | None) -> str:
    """A table cell: the typed text, then each version in another language on its own line."""
    lines = [doc.text(text)]
    for version in translations or ():
        if str(version.get("text") or "").strip():
            lines.append(doc.words("in_language", language=doc.text(version.get("name")),
                                   text=doc.text(version["text"]).strip()))
    return "\n".join(lines)


def _participation_section(doc: _ReportDocument, participation: Mapping) -> None:
    words = doc.words
    doc.heading(words("participation"))
    groups = participation.get("by_group") or []
    if not participation:
        doc.paragraph(words("no_participation"), style="I", colour=90)
        return
    keys = ("people", "tables", "rounds", "notes")
    doc.table(
        [tuple(words(key) for key in keys),
         tuple(_count_text(participation.get(key, _NOT_GIVEN), words) for key in keys)],
        (1, 1, 1, 1), align=("CENTER",) * 4,
    )
    if groups:
        rows = [(words("group"), words("people"), words("notes"))]
        rows += [(_with_versions(doc, g.get("group", ""), g.get("translations")),
                  _count_text(g.get("people", _NOT_GIVEN), words),
                  _count_text(g.get("notes", _NOT_GIVEN), words)) for g in groups]
        doc.table(rows, (3, 1, 1), align=("LEFT", "RIGHT", "RIGHT"))
    shown = [participation.get(k, _NOT_GIVEN) for k in ("people", "notes")]
    shown += [g.get(k, _NOT_GIVEN) for g in groups for k in ("people", "notes")]
    if any(value is SUPPRESSED for value in shown):
        doc.paragraph(words("privacy_note", num=PRIVACY_THRESHOLD), style="I", size=8.5, colour=90,
                      after=2)


def _voting_text(voting: Mapping, words: Words) -> str:
    """'31 people voted, 6 of them on paper; 18 of the 93 dots came from paper ballots.'"""
    phone, paper = voting.get("phone_voters", 0), voting.get("paper_voters", 0)
    if not paper:
        return words("people_voted", phone + paper)
    return words("people_voted_paper", phone + paper, paper=paper,
                 paper_dots=voting.get("paper_dots", 0),
                 dots=words("dots", voting.get("all_dots", 0)))


def _priorities_section(doc: _ReportDocument, priorities: Sequence[Mapping],
                        voting: Mapping | None = None) -> None:
    words = doc.words
    doc.heading(words("priorities"))
    if not priorities:
        doc.paragraph(words("no_priorities"), style="I", colour=90)
        return
    if voting:
        doc.paragraph(_voting_text(voting, words), size=9.5, colour=80, after=2)
    ordered = sorted(priorities, key=lambda p: (p.get("rank") is None, p.get("rank") or 0))
    for priority in ordered:
        doc.keep(22)
        rank = priority.get("rank")
        label = doc.text(priority.get("label", ""))
        doc.paragraph(f"{rank}. {label}" if rank is not None else label, style="B", size=12, line=6)
        doc.versions(priority.get("translations"), size=10.5, indent=5 if rank is not None else 0)
        doc.paragraph(_spread_text(priority, words), size=9.5, colour=80, after=1.5)
        doc.quotes(priority.get("quotes") or [])
        doc.pdf.ln(3)


def _pictures_section(doc: _ReportDocument, report: Mapping) -> None:
    if not (report.get("wordcloud_png") or report.get("votes_chart_png")):
        return
    words = doc.words
    first = doc.image_size(report.get("votes_chart_png") or report.get("wordcloud_png"))
    doc.heading(words("in_pictures"), keep_with_next=(first[1] + 10) if first else 10)
    doc.image(report.get("votes_chart_png"), words("votes_chart"))
    doc.image(report.get("wordcloud_png"), words("wordcloud"))


def _highlights_section(doc: _ReportDocument, highlights: Sequence[Mapping]) -> None:
    if not highlights:
        return
    doc.heading(doc.words("highlights"))
    for highlight in highlights:
        doc.keep(18)
        doc.paragraph(doc.text(highlight.get("table", "")), style="B", size=11, line=6, after=1)
        doc.versions(highlight.get("translations"), size=9.5, after=1)
        if any(str(q or "").strip() for q in highlight.get("quotes") or []):
            doc.quotes(highlight.get("quotes") or [])
        else:
            doc.paragraph(doc.words("no_highlights"), style="I", size=9.5, indent=6, colour=90)
        doc.pdf.ln(2)


ACTION_FIELDS = ("priority", "next_steps", "partner")


def _actions_section(doc: _ReportDocument, actions: Sequence[Mapping]) -> None:
    """The action plan as a table; each item's versions in other languages in a grey row under it."""
    words = doc.words
    doc.heading(words("action_plan"))
    if not actions:
        doc.paragraph(words("no_actions"), style="I", colour=90)
        return
    rows = [(words("priority"), words("next_steps"), words("partner"), words("due"))]
    quiet = set()
    for action in actions:
        rows.append(tuple(doc.text(action.get(key) or "") for key in (*ACTION_FIELDS, "due")))
        for version in action.get("translations") or ():
            cells = [doc.text(version.get(key) or "").strip() for key in ACTION_FIELDS]
            if not any(cells):
                continue
            name = doc.text(version.get("name"))
            cells[0] = words("in_language", language=name, text=cells[0]) if cells[0] else name
            quiet.add(len(rows))
            rows.append((*cells, ""))
    doc.table(rows, (3, 5, 2.6, 1.9), quiet_rows=frozenset(quiet))
