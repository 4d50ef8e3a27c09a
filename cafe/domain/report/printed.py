"""Printed materials for a venue: table cards, a join poster, the seating plan of a round and
paper ballots with numbered themes.

Pure domain, like the report beside it, whose fonts and document helpers it reuses: plain data in, PDF
bytes out (A4 or Letter). No Flask, no database. Printing is never needed to run a café.
"""
from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence

import segno

from cafe.domain.report.fonts import DEFAULT_FALLBACK_FONTS, _report_chars
from cafe.domain.report.pdf import PAGE_SIZES, _ReportDocument

HOST_STEPS = (
    "Stay at this table every round and welcome each new group.",
    "Ask the question above; make sure everyone gets a turn.",
    ("Someone without a phone? Type their note on your phone: choose their name under "
     "\u201cWhose note is this?\u201d."),
    "When the round ends, share a few ideas from earlier rounds with the newcomers.",
)
QR_PIXELS_PER_MODULE = 12      # a sharp code at any printed size


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def qr_png(url: str) -> bytes:
    """A QR code of `url` as PNG, with a quiet zone, for printing."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=QR_PIXELS_PER_MODULE, border=4)
    return buffer.getvalue()


def _document(title: str, page_size: str, data: object,
              fallback_fonts: Sequence[str | os.PathLike] | None) -> _ReportDocument:
    size = PAGE_SIZES.get(str(page_size).lower())
    if size is None:
        raise ValueError(f"page_size must be 'A4' or 'Letter', got {page_size!r}")
    fonts = DEFAULT_FALLBACK_FONTS if fallback_fonts is None else fallback_fonts
    return _ReportDocument(title, size, fonts, _report_chars(data, set()))


def _centred(doc: _ReportDocument, text: str, size: float, *, style: str = "", line: float,
             colour: int = 0) -> None:
    doc.font(style, size)
    doc.pdf.set_text_color(colour)
    doc.pdf.multi_cell(doc.width, line, doc.text(text), align="C", new_x="LMARGIN", new_y="NEXT")


def _qr(doc: _ReportDocument, url: str, size_mm: float, alt: str) -> None:
    x = doc.pdf.l_margin + (doc.width - size_mm) / 2
    doc.pdf.image(io.BytesIO(qr_png(url)), x=x, y=doc.pdf.get_y(), w=size_mm, h=size_mm,
                  alt_text=alt)
    doc.pdf.set_y(doc.pdf.get_y() + size_mm + 2)


def _join_line(data: Mapping) -> str:
    return f"or go to {data['join_page']} and type {data['join_code']}"


def build_table_cards_pdf(data: Mapping, *, page_size: str = "A4",
                          fallback_fonts: Sequence[str | os.PathLike] | None = None) -> bytes:
    """One card per table: its name and colour big, the question(s), a join QR code, host steps.

    `data`: title, join_url, join_page, join_code, questions [str], tables [{name, label,
    colour (#rrggbb), text_colour}].
    """
    doc = _document(data["title"], page_size, data, fallback_fonts)
    for i, table in enumerate(data["tables"]):
        if i:
            doc.pdf.add_page()
        pdf = doc.pdf
        band = 62
        pdf.set_fill_color(*_rgb(table["colour"]))
        pdf.rect(pdf.l_margin, pdf.t_margin, doc.width, band, style="F")
        ink = _rgb(table["text_colour"])
        pdf.set_y(pdf.t_margin + 8)
        doc.font("B", 60)
        pdf.set_text_color(*ink)
        pdf.cell(doc.width, 26, doc.text(table["label"]), align="C", new_x="LMARGIN", new_y="NEXT")
        doc.font("", 26)
        pdf.set_text_color(*ink)
        pdf.cell(doc.width, 14, doc.text(table["colour_name"]), align="C",
                 new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(pdf.t_margin + band + 6)
        questions = data["questions"]
        doc.paragraph("Our question" + ("s" if len(questions) > 1 else ""), style="B", size=12,
                      colour=90, after=1)
        for question in questions:
            doc.paragraph(doc.text(question), style="B", size=17 if len(questions) == 1 else 14,
                          line=8 if len(questions) == 1 else 6.6, colour=0, after=2)
        pdf.ln(2)
        _qr(doc, data["join_url"], 66, "QR code to join the café")
        _centred(doc, "Scan to join from your phone", 13, style="B", line=6)
        _centred(doc, _join_line(data), 10.5, line=5.5, colour=60)
        pdf.ln(3)
        doc.paragraph("For the host", style="B", size=11, colour=0, after=0.5)
        for step in HOST_STEPS:
            doc.paragraph("\u2022 " + step, size=10.5, indent=2, colour=40, line=5.4)
    return doc.output()


def build_poster_pdf(data: Mapping, *, page_size: str = "A4",
                     fallback_fonts: Sequence[str | os.PathLike] | None = None) -> bytes:
    """A poster for the door: the café's title, a big join QR code and the short code."""
    doc = _document(data["title"], page_size, data, fallback_fonts)
    doc.pdf.ln(4)
    _centred(doc, data["title"], 26, style="B", line=12)
    doc.pdf.ln(4)
    _centred(doc, "Join the conversation", 20, line=10, colour=60)
    doc.pdf.ln(6)
    _qr(doc, data["join_url"], min(doc.width, 130), "QR code to join the café")
    _centred(doc, f"or go to {data['join_page']} and type", 14, line=8, colour=60)
    _centred(doc, data["join_code"], 48, style="B", line=22)
    doc.pdf.ln(4)
    _centred(doc, "No phone? Just come in: we'll give you a seat and your host will write "
             "your ideas down.", 12, line=6.5, colour=60)
    return doc.output()


def build_seating_pdf(data: Mapping, *, page_size: str = "A4",
                      fallback_fonts: Sequence[str | os.PathLike] | None = None) -> bytes:
    """Where everyone sits in one round: every table, its colour and its people (hosts marked).

    `data`: title, round, rounds, tables [{label, colour, text_colour, people [str]}].
    """
    doc = _document(data["title"], page_size, data, fallback_fonts)
    doc.paragraph(doc.text(data["title"]), style="B", size=18, line=8, colour=0)
    doc.paragraph(f"Seating plan \u00b7 round {data['round']} of {data['rounds']}", size=12,
                  colour=60, after=4)
    pdf = doc.pdf
    for table in data["tables"]:
        people = [doc.text(p) for p in table["people"]]
        doc.font("", 11)
        lines = max(1, len(pdf.multi_cell(doc.width - 58, 6, ", ".join(people) or "-",
                                          dry_run=True, output="LINES")))
        height = max(12, lines * 6 + 4)
        doc.keep(height + 3)
        top = pdf.get_y()
        pdf.set_fill_color(*_rgb(table["colour"]))
        pdf.rect(pdf.l_margin, top, 54, height, style="F")
        pdf.set_xy(pdf.l_margin + 2, top + 2)
        doc.font("B", 13)
        pdf.set_text_color(*_rgb(table["text_colour"]))
        pdf.multi_cell(50, 6, doc.text(table["label"]), align="L")
        pdf.set_xy(pdf.l_margin + 58, top + 2)
        doc.font("", 11)
        pdf.set_text_color(20)
        pdf.multi_cell(doc.width - 58, 6, ", ".join(people) or "-", align="L")
        pdf.set_y(top + height + 3)
    return doc.output()


def build_ballots_pdf(data: Mapping, *, page_size: str = "A4",
                      fallback_fonts: Sequence[str | os.PathLike] | None = None) -> bytes:
    """A paper ballot: the themes numbered as on the projector, a box per dot, and an optional
    stakeholder group, so paper dots can be counted into the priorities. Two to a page, with a
    line to cut along, when one fits in half a page.

    `data`: title, dots, groups [str], themes [{number, label}].
    """
    doc = _document(data["title"], page_size, data, fallback_fonts)
    pdf = doc.pdf
    _ballot(doc, data)
    half = pdf.h / 2
    if pdf.page == 1 and pdf.get_y() < half - 4:
        pdf.set_draw_color(150)
        pdf.set_line_width(0.2)
        pdf.set_dash_pattern(dash=2, gap=2)
        pdf.line(pdf.l_margin / 2, half, pdf.w - pdf.l_margin / 2, half)
        pdf.set_dash_pattern()
        pdf.set_y(half + 8)
        _ballot(doc, data)
    return doc.output()


def _ballot(doc: _ReportDocument, data: Mapping) -> None:
    pdf = doc.pdf
    doc.paragraph(doc.text(data["title"]), style="B", size=15, line=7, colour=0)
    doc.paragraph(f"Paper ballot: you have {data['dots']} dot{'s' if data['dots'] != 1 else ''}. "
                  "Tick a box for each dot; you may put more than one on the same theme.",
                  size=10.5, colour=50, after=3)
    box = 6
    for theme in data["themes"]:
        doc.keep(10)
        top = pdf.get_y()
        pdf.set_draw_color(60)
        pdf.set_line_width(0.35)
        for i in range(data["dots"]):
            pdf.rect(pdf.l_margin + i * (box + 2), top + 0.5, box, box)
        left = pdf.l_margin + data["dots"] * (box + 2) + 3
        pdf.set_xy(left, top)
        doc.font("B", 12)
        pdf.set_text_color(0)
        pdf.multi_cell(doc.width - (left - pdf.l_margin), 7,
                       f"{theme['number']}. {doc.text(theme['label'])}", align="L")
        pdf.set_y(max(pdf.get_y(), top + box + 1) + 2)
    if data.get("groups"):
        pdf.ln(2)
        doc.paragraph("Which group are you in? (optional)", style="B", size=10.5, colour=0,
                      after=1)
        for group in data["groups"]:
            doc.keep(7)
            top = pdf.get_y()
            pdf.set_draw_color(60)
            pdf.rect(pdf.l_margin, top + 0.5, 4.5, 4.5)
            doc.paragraph(doc.text(group), size=10, indent=8, colour=30, after=1.2)
