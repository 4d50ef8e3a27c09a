"""Printed materials for a venue: table cards, a join poster, the seating plan of a round and
paper ballots with numbered themes.

Pure domain, like the report beside it, whose fonts and document helpers it reuses: plain data in, PDF
bytes out (A4 or Letter). No Flask, no database. Printing is never needed to run a café.

What a reader at a table or at the door needs is printed in each of the café's languages: the
typed texts with their versions (`versions`, `question_versions`, ...), and the print's own words
(`data["words"]`: one {key of PRINT_WORDS: phrase} per language, the first leading; English
when not given).
"""
from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence

import segno

from cafe.domain.report.fonts import DEFAULT_FALLBACK_FONTS, _report_chars
from cafe.domain.report.pdf import PAGE_SIZES, _ReportDocument
from cafe.domain.report.words import PRINT_WORDS, Words

HOST_STEPS = ("host_step_1", "host_step_2", "host_step_3", "host_step_4")   # keys of PRINT_WORDS
QR_PIXELS_PER_MODULE = 12      # a sharp code at any printed size
QR_CARD_MM = 66                # a table card's QR code, when the page has room for it
QR_MIN_MM = 40                 # ... and the smallest it gets to leave room for the rest


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


def _versions(doc: _ReportDocument, versions, *, size: float, indent: float = 0,
              line: float | None = None, after: float = 1, centred: bool = False) -> None:
    """A text's versions in the café's other languages, under it in grey italics."""
    for version in versions or ():
        text = doc.text(version).strip()
        if not text:
            continue
        if centred:
            _centred(doc, text, size, style="I", line=line or size * 0.5, colour=60)
        else:
            doc.paragraph(text, style="I", size=size, indent=indent, colour=60,
                          line=line or size * 0.5, after=after)


def _words(data: Mapping) -> list[Words]:
    """The print's words in each language it is printed in (`data["words"]`, a list of
    {key: phrase}; the first one leads), English when none are given."""
    return [Words(given, PRINT_WORDS) for given in data.get("words") or [{}]]


def _said(doc: _ReportDocument, words: list[Words], key: str, size: float, *, style: str = "B",
          line: float, colour: int = 0, count: int | None = None, centred: bool = True,
          **values) -> None:
    """One of the print's phrases in its first language, then in each other one (grey italics,
    a little smaller), each printed once."""
    seen = []
    for i, said in enumerate(words):
        text = said(key, count, **values)
        if text in seen:
            continue
        seen.append(text)
        font = (style, size, colour) if not i else ("I", size - 1.5, 70)
        if centred:
            _centred(doc, text, font[1], style=font[0], line=line, colour=font[2])
        else:
            doc.paragraph(text, style=font[0], size=font[1], colour=font[2], line=line, after=0.5)


QUESTION_SCALES = (1.0, 0.88, 0.76, 0.66)


def _questions(doc: _ReportDocument, questions, versions_of, scale: float, *,
               measure: bool = False) -> float:
    """Print a card's questions, each with its versions, with type `scale`d; with `measure`,
    print nothing and return the height (mm) they would take."""
    one = len(questions) == 1
    size, line = (17 if one else 14) * scale, (8 if one else 6.6) * scale
    size_v, line_v = (15 if one else 12.5) * scale, (7.2 if one else 6) * scale
    height = 0.0
    for question, versions in zip(questions, versions_of):
        after = 0.5 if versions else 2
        if measure:
            doc.font("B", size)
            height += line * len(doc.pdf.multi_cell(doc.width, line, doc.text(question),
                                                    dry_run=True, output="LINES")) + after
            doc.font("I", size_v)
            for version in versions or ():
                height += line_v * len(doc.pdf.multi_cell(doc.width, line_v, doc.text(version),
                                                          dry_run=True, output="LINES")) + 2
        else:
            doc.paragraph(doc.text(question), style="B", size=size, line=line, colour=0,
                          after=after)
            _versions(doc, versions, size=size_v, line=line_v, after=2)
    return height


def _below_qr_height(doc: _ReportDocument, words: list[Words], data: Mapping) -> float:
    """The height (mm) a table card needs under its QR code: join lines and host steps."""
    languages = len({w("scan_to_join") for w in words})
    height = 2 + languages * (6 + 5.5) + 3 + 6
    doc.font("", 10.5)
    for step in HOST_STEPS:
        lines = doc.pdf.multi_cell(doc.width - 2, 5.4, "\u2022 " + words[0](step), dry_run=True,
                                   output="LINES")
        height += 5.4 * max(1, len(lines))
    return height + 2


def build_table_cards_pdf(data: Mapping, *, page_size: str = "A4",
                          fallback_fonts: Sequence[str | os.PathLike] | None = None) -> bytes:
    """One card per table: its name and colour big, the question(s), a join QR code, host steps.

    `data`: title, join_url, join_page, join_code, questions [str], tables [{name, label,
    colour (#rrggbb), text_colour, versions [str]}]; question_versions [[str]] (each question's
    versions in the café's other languages, printed under it) and a table's `versions` (its
    name in them) are optional.
    """
    doc = _document(data["title"], page_size, data, fallback_fonts)
    words = _words(data)
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
        names = [doc.text(v).strip() for v in table.get("versions") or ()]
        pdf.cell(doc.width, 14, " \u00b7 ".join([n for n in names if n] + [doc.text(table["colour_name"])]),
                 align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(pdf.t_margin + band + 6)
        questions = data["questions"]
        heading = " \u00b7 ".join(dict.fromkeys(w("our_question", len(questions)) for w in words))
        doc.paragraph(heading, style="B", size=12, colour=90, after=1)
        versions_of = data.get("question_versions") or [[] for _ in questions]
        # Long questions in two languages: the QR code gives way first (down to a size phones
        # still read), then the questions' type, so each card stays one page.
        below = _below_qr_height(doc, words, data)
        room = pdf.page_break_trigger - pdf.get_y() - 2 - QR_MIN_MM - below
        scale = next((s for s in QUESTION_SCALES
                      if _questions(doc, questions, versions_of, s, measure=True) <= room),
                     QUESTION_SCALES[-1])
        _questions(doc, questions, versions_of, scale)
        pdf.ln(2)
        _qr(doc, data["join_url"], max(QR_MIN_MM, min(QR_CARD_MM, doc.room_left() - below)),
            words[0]("qr_alt"))
        _said(doc, words, "scan_to_join", 13, line=6)
        _said(doc, words, "join_line", 10.5, style="", line=5.5, colour=60,
              page=data["join_page"], code=data["join_code"])
        pdf.ln(3)
        # The host's steps in the first language only: a card has room for one set.
        doc.paragraph(words[0]("for_the_host"), style="B", size=11, colour=0, after=0.5)
        for step in HOST_STEPS:
            doc.paragraph("\u2022 " + words[0](step), size=10.5, indent=2, colour=40, line=5.4)
    return doc.output()


def build_poster_pdf(data: Mapping, *, page_size: str = "A4",
                     fallback_fonts: Sequence[str | os.PathLike] | None = None) -> bytes:
    """A poster for the door: the café's title, a big join QR code and the short code."""
    doc = _document(data["title"], page_size, data, fallback_fonts)
    words = _words(data)
    doc.pdf.ln(4)
    _centred(doc, data["title"], 26, style="B", line=12)
    _versions(doc, data.get("title_versions"), size=20, line=10, centred=True)
    doc.pdf.ln(4)
    _said(doc, words, "join_conversation", 20, style="", line=10, colour=60)
    doc.pdf.ln(6)
    _qr(doc, data["join_url"], min(doc.width, 130 if len(words) == 1 else 115), words[0]("qr_alt"))
    _said(doc, words, "go_to_and_type", 14, style="", line=7, colour=60, page=data["join_page"])
    _centred(doc, data["join_code"], 48, style="B", line=22)
    doc.pdf.ln(4)
    _said(doc, words, "no_phone", 12, style="", line=6.5, colour=60)
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

    `data`: title, dots, groups [str], themes [{number, label, versions [str]}]; a theme's
    `versions` (its label in the café's other languages), title_versions [str] and
    group_versions [[str]] are optional and printed under what they translate.
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
    _versions(doc, data.get("title_versions"), size=12, line=6)
    _said(doc, _words(data), "paper_ballot", 10.5, style="", line=5.2, colour=50,
          count=data["dots"], centred=False)
    pdf.ln(2.5)
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
                       f"{theme['number']}. {doc.text(theme['label'])}", align="L",
                       new_x="LMARGIN", new_y="NEXT")
        _versions(doc, theme.get("versions"), size=11, indent=left - pdf.l_margin, line=5.6,
                  after=0)
        pdf.set_y(max(pdf.get_y(), top + box + 1) + 2)
    if data.get("groups"):
        pdf.ln(2)
        _said(doc, _words(data), "which_group", 10.5, line=5.2, centred=False)
        pdf.ln(0.5)
        group_versions = data.get("group_versions") or [[] for _ in data["groups"]]
        for group, versions in zip(data["groups"], group_versions):
            doc.keep(7)
            top = pdf.get_y()
            pdf.set_draw_color(60)
            pdf.rect(pdf.l_margin, top + 0.5, 4.5, 4.5)
            names = [doc.text(group)] + [doc.text(v).strip() for v in versions or () if str(v).strip()]
            doc.paragraph(" / ".join(names), size=10, indent=8, colour=30, after=1.2)
