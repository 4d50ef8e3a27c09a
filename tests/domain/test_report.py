"""The downloads, read back as an organizer would: PDF text and pixels, CSV cells, counts shown."""

import csv
import io

import pytest

from cafe.domain.report import (
    MISSING_GLYPH,
    SUPPRESSED,
    build_report_pdf,
    clean_text,
    notes_csv,
    suppress_small_counts,
    votes_chart_png,
)

pypdf = pytest.importorskip("pypdf")
pdfium = pytest.importorskip("pypdfium2")

NO_FALLBACK_FONTS = ()  # DejaVu only, whatever fonts this machine has installed


def make_priority(rank, label, votes, quotes):
    return {"rank": rank, "label": label, "votes": votes, "tables": 7, "table_total": 8,
            "rounds": 3, "round_total": 3, "quotes": quotes}


@pytest.fixture
def report():
    priorities = [
        make_priority(1, "Safer crossings near the school", 42,
                      ["Les enfants traversent sans feu — c’est dangereux", "Нужен светофор у школы"]),
        make_priority(2, "Ανοιχτό καφέ την Κυριακή", 17,
                      ["Ασφαλείς διαβάσεις τώρα", "نريد مقهى مفتوح", "<b>not bold</b> & **not markdown**"]),
        make_priority(3, "Youth centre", 4, []),
    ]
    return {
        "title": "Bowling Green Café — Our streets",
        "date": "2026-11-23",
        "questions": ["What would make our streets safer?", "Où voulez-vous plus d’arbres ?"],
        "participation": {
            "people": 48, "tables": 8, "rounds": 3, "notes": 312,
            "by_group": [{"group": "Residents", "people": 40, "notes": 280},
                         {"group": "Businesses", "people": SUPPRESSED, "notes": SUPPRESSED}],
        },
        "priorities": priorities,
        "wordcloud_png": None,
        "votes_chart_png": votes_chart_png(priorities, fallback_fonts=NO_FALLBACK_FONTS),
        "table_highlights": [{"table": "Table 1 (Blue)", "quotes": ["Plus de bancs à l’ombre"]},
                             {"table": "Table 2 (Green)", "quotes": []}],
        "actions": [{"priority": "Safer crossings near the school", "next_steps": "Ask for a crossing survey",
                     "partner": "City traffic department", "due": "2026-12-31"}],
    }


def pdf_text(pdf: bytes, mode: str = "plain") -> str:
    """The text a reader would copy, one line per line, runs of spaces collapsed. pypdf's plain
    mode keeps Arabic words in reading order; its layout mode orders glyphs by where they are
    drawn, which is what shaped left-to-right text after a right-to-left paragraph needs."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text(extraction_mode=mode) for page in reader.pages)
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def page_sizes_pt(pdf: bytes) -> set[tuple[int, int]]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages}


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# --- suppression --------------------------------------------------------------------------------


def test_single_small_count_also_suppresses_the_next_smallest_when_total_is_published():
    counts = {"Residents": 30, "Businesses": 3, "Youth": 8, "Officials": 12}
    assert suppress_small_counts(counts, total=53) == {
        "Residents": 30, "Businesses": SUPPRESSED, "Youth": SUPPRESSED, "Officials": 12}


def test_single_small_count_alone_when_no_total_is_published():
    counts = {"Residents": 30, "Businesses": 3, "Youth": 8}
    assert suppress_small_counts(counts) == {"Residents": 30, "Businesses": SUPPRESSED, "Youth": 8}


def test_two_small_counts_need_no_complementary_suppression():
    counts = {"Residents": 30, "Businesses": 3, "Youth": 2, "Officials": 6}
    assert suppress_small_counts(counts, total=41) == {
        "Residents": 30, "Businesses": SUPPRESSED, "Youth": SUPPRESSED, "Officials": 6}


def test_zero_is_a_small_count():
    result = suppress_small_counts({"Residents": 30, "Businesses": 0, "Youth": 9}, total=39)
    assert result == {"Residents": 30, "Businesses": SUPPRESSED, "Youth": SUPPRESSED}


def test_all_big_counts_are_shown():
    counts = {"Residents": 30, "Businesses": 5, "Youth": 9}
    assert suppress_small_counts(counts, total=44) == counts


@pytest.mark.parametrize("count, shown", [(5, True), (4, False)])
def test_threshold_edge(count, shown):
    result = suppress_small_counts({"Residents": 30, "Youth": count, "Others": 20})
    assert (result["Youth"] == count) is shown
    assert (result["Youth"] is SUPPRESSED) is not shown


def test_ties_for_complementary_suppression_pick_the_first_and_keep_order():
    result = suppress_small_counts({"A": 9, "B": 2, "C": 9}, total=20)
    assert list(result) == ["A", "B", "C"]
    assert result == {"A": SUPPRESSED, "B": SUPPRESSED, "C": 9}


def test_custom_threshold_and_single_cell():
    assert suppress_small_counts({"Everyone": 9}, threshold=10, total=9) == {"Everyone": SUPPRESSED}
    assert suppress_small_counts({}, total=0) == {}


@pytest.mark.parametrize("bad", [-1, 2.5, "7", True])
def test_counts_must_be_non_negative_ints(bad):
    with pytest.raises(ValueError):
        suppress_small_counts({"Residents": bad})


# --- CSV -------------------------------------------------------------------------------------------


def test_csv_starts_with_a_bom_and_has_the_header():
    data = notes_csv([{"text": "Plus de bancs", "votes": 3}], ["text", "votes"])
    assert data.startswith(b"\xef\xbb\xbf")
    assert read_csv(data) == [["text", "votes"], ["Plus de bancs", "3"]]


@pytest.mark.parametrize("typed, written", [
    ("=SUM(1)", "'=SUM(1)"),
    ("+1", "'+1"),
    ("-1", "'-1"),
    ("@x", "'@x"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    ("=HYPERLINK(\"http://evil\",\"click\")", "'=HYPERLINK(\"http://evil\",\"click\")"),
    ("a=1", "a=1"),
    ("Fine text", "Fine text"),
])
def test_csv_neutralises_cells_excel_would_run(typed, written):
    rows = read_csv(notes_csv([{"text": typed}], ["text"]))
    assert rows[1] == [written]


def test_csv_header_is_neutralised_too():
    assert read_csv(notes_csv([], ["=cmd"]))[0] == ["'=cmd"]


def test_csv_keeps_real_numbers_as_numbers():
    rows = read_csv(notes_csv([{"votes": -1, "share": 2.5, "round": 3, "text": "-1"}],
                              ["votes", "share", "round", "text"]))
    assert rows[1] == ["-1", "2.5", "3", "'-1"]


@pytest.mark.parametrize("text", [
    'She said "yes, please", then left',
    "line one\nline two\r\nline three",
    "comma, comma, comma",
    "Ελληνικά, Русский, العربية, 中文, 😀",
])
def test_csv_round_trips_awkward_text(text):
    rows = read_csv(notes_csv([{"text": text, "table": "Table 1 (Blue)"}], ["table", "text"]))
    assert rows[1] == ["Table 1 (Blue)", text]


def test_csv_leaves_missing_values_empty_and_never_writes_other_keys():
    data = notes_csv([{"text": "ok", "device": "iPhone", "name": "Ana"}, {"votes": None}],
                     ["text", "votes"])
    assert read_csv(data) == [["text", "votes"], ["ok", ""], ["", ""]]
    assert b"iPhone" not in data and b"Ana" not in data


def test_csv_survives_control_characters_and_broken_unicode():
    rows = read_csv(notes_csv([{"text": "a\x00b\x07c \ud800"}], ["text"]))
    assert rows[1] == ["abc \ufffd"]


# --- votes chart -------------------------------------------------------------------------------


def png_size(png: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as picture:
        return picture.size


def test_votes_chart_is_a_png_of_the_asked_width(report):
    png = votes_chart_png(report["priorities"], width_px=900, fallback_fonts=NO_FALLBACK_FONTS)
    assert png.startswith(b"\x89PNG")
    assert png_size(png)[0] == 900


def test_votes_chart_without_priorities_still_draws():
    assert votes_chart_png([], fallback_fonts=NO_FALLBACK_FONTS).startswith(b"\x89PNG")


# --- PDF -------------------------------------------------------------------------------------------


def test_report_contains_what_was_said(report):
    text = pdf_text(build_report_pdf(report, fallback_fonts=NO_FALLBACK_FONTS))
    for expected in [
        "Bowling Green Café — Our streets", "2026-11-23", "What would make our streets safer?",
        "Où voulez-vous plus d’arbres ?",
        "1. Safer crossings near the school", "2. Ανοιχτό καφέ την Κυριακή", "3. Youth centre",
        "42 votes", "raised at 7 of 8 tables, 3 of 3 rounds",
        "Les enfants traversent sans feu — c’est dangereux", "Нужен светофор у школы",
        "Ασφαλείς διαβάσεις τώρα", "مقهى",
        "Table 1 (Blue)", "Plus de bancs à l’ombre",
        "Ask for a crossing survey", "City traffic department", "2026-12-31",
    ]:
        assert expected in text, expected


def test_report_prints_suppressed_counts_as_suppressed(report):
    text = pdf_text(build_report_pdf(report, fallback_fonts=NO_FALLBACK_FONTS))
    assert "Businesses suppressed suppressed" in text
    assert "None" not in text


def test_markup_typed_by_residents_is_printed_literally(report):
    text = pdf_text(build_report_pdf(report, fallback_fonts=NO_FALLBACK_FONTS), mode="layout")
    assert "<b>not bold</b> & **not markdown**" in text


@pytest.mark.parametrize("page_size, points", [("A4", (595, 842)), ("Letter", (612, 792)), ("letter", (612, 792))])
def test_page_sizes(report, page_size, points):
    pdf = build_report_pdf(report, page_size=page_size, fallback_fonts=NO_FALLBACK_FONTS)
    assert page_sizes_pt(pdf) == {points}


def test_unknown_page_size_is_refused(report):
    with pytest.raises(ValueError):
        build_report_pdf(report, page_size="A5")


def test_first_page_renders_with_ink_on_it(report):
    pdf = build_report_pdf(report, fallback_fonts=NO_FALLBACK_FONTS)
    document = pdfium.PdfDocument(pdf)
    try:
        picture = document[0].render(scale=0.5).to_pil().convert("L")
    finally:
        document.close()
    dark = sum(1 for value in picture.tobytes() if value < 128)
    assert dark > 0.005 * picture.width * picture.height


def test_emoji_and_control_characters_do_not_break_the_report(report):
    report["title"] = "Café 😀 \x00\x07 night\r\n🧑‍🤝‍🧑 🇫🇷 \ud800"
    report["priorities"][0]["quotes"].append("tab\there \x1b[31m red 👍🏽 \u202eevil")
    text = pdf_text(build_report_pdf(report, fallback_fonts=NO_FALLBACK_FONTS))
    assert "Café" in text and "night" in text
    assert MISSING_GLYPH in text


def test_script_without_a_font_is_boxed_not_dropped(report):
    report["priorities"][0]["label"] = "公园 parks"
    text = pdf_text(build_report_pdf(report, fallback_fonts=NO_FALLBACK_FONTS))
    assert f"{MISSING_GLYPH}{MISSING_GLYPH} parks" in text


def test_script_with_a_fallback_font_is_drawn(report):
    from cafe.domain.report.fonts import DEFAULT_FALLBACK_FONTS, _expand_font_paths, _font_coverage

    # cafe ships a CJK font, so this holds on a machine with no system fonts at all.
    shipped = _expand_font_paths(DEFAULT_FALLBACK_FONTS[:1])
    assert shipped and ord("公") in _font_coverage(shipped[0])
    report["priorities"][0]["label"] = "公园 parks"
    text = pdf_text(build_report_pdf(report))
    assert "公园 parks" in text


def test_bad_or_missing_pictures_are_skipped(report):
    report["wordcloud_png"] = b"not a png"
    report["votes_chart_png"] = None
    text = pdf_text(build_report_pdf(report, fallback_fonts=NO_FALLBACK_FONTS))
    assert "could not be read" in text


def test_a_bare_report_still_builds():
    text = pdf_text(build_report_pdf({"title": "Empty café"}, fallback_fonts=NO_FALLBACK_FONTS))
    assert "Empty café" in text and "No priorities were set." in text


def test_a_report_of_a_2000_note_cafe_builds(report):
    notes = [f"Note {i}: más árboles, безопасные улицы, {'long words ' * (i % 12)}" for i in range(2000)]
    report["priorities"] = [make_priority(rank, f"Priority {rank} " + "theme " * rank, 100 - rank,
                                          notes[rank * 50:rank * 50 + 8]) for rank in range(1, 21)]
    report["table_highlights"] = [{"table": f"Table {t}", "quotes": notes[t * 100:t * 100 + 5]}
                                  for t in range(1, 21)]
    report["actions"] = [{"priority": f"Priority {rank}", "next_steps": "Meet the partners. " * 8,
                          "partner": "Council", "due": "2026-12-31"} for rank in range(1, 21)]
    report["participation"]["by_group"] = [{"group": f"Group {g}", "people": 10 + g, "notes": 100}
                                           for g in range(12)]
    pdf = build_report_pdf(report, page_size="Letter", fallback_fonts=NO_FALLBACK_FONTS)
    text = pdf_text(pdf)
    assert "20. Priority 20" in text and "Table 20" in text and "Group 11" in text
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) > 2


# --- text cleaning -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed, shown", [
    ("Café", "Café"),
    ("e\u0301", "é"),
    ("👨\u200d👩\u200d👧 family", f"{MISSING_GLYPH} family"),
    ("🇫🇷", MISSING_GLYPH),
    ("👍🏽", MISSING_GLYPH),
    ("a\x00b\r\nc\td", "ab\nc d"),
])
def test_clean_text_boxes_each_undrawable_picture_once(typed, shown):
    covered = {ord(c) for c in "Caféabcdefilmy \u0301"}
    assert clean_text(typed, covered) == shown


def test_a_font_that_cannot_be_read_is_skipped(report, tmp_path):
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    report["priorities"][0]["label"] = "公园 parks"
    text = pdf_text(build_report_pdf(report, fallback_fonts=[broken, tmp_path / "missing.ttf"]))
    assert f"{MISSING_GLYPH}{MISSING_GLYPH} parks" in text


@pytest.mark.parametrize("text, shaped", [
    ("Plain English, français, Ελληνικά, Русский, 中文", False),
    ("مرحبا", True),
    ("שלום", True),
    ("नमस्ते", True),
    ("a\u0301", True),
])
def test_only_scripts_that_need_it_are_shaped(text, shaped):
    from cafe.domain.report import needs_shaping

    assert needs_shaping(text) is shaped


@pytest.mark.parametrize("text", ["पार्क में और पेड़ चाहिए", "สวนสาธารณะ", "தமிழ் பூங்கா", "更多公园"])
def test_shipped_fonts_draw_indic_thai_and_cjk_notes(report, text):
    """cafe ships fonts for these scripts, so no machine prints them as boxes."""
    report["priorities"][0]["label"] = text
    assert MISSING_GLYPH not in pdf_text(build_report_pdf(report))
