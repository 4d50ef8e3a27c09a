"""Unit tests of the pure input checks (no app)."""
import pytest

from cafe.domain.pseudonyms import pseudonym
from cafe.domain.palette import PALETTE, default_colour, text_colour
from cafe.domain.validation import (
    Invalid,
    clean_client_id,
    clean_int,
    clean_note,
    clean_text,
    payload,
)


@pytest.mark.parametrize("raw,clean", [
    ("  hello  ", "hello"),
    ("line one\r\nline two", "line one\nline two"),
    ("Cafe\u0301", "Café"),                      # NFC: one code point, as typed on another phone
    ("数据 ✓ مرحبا 🌳", "数据 ✓ مرحبا 🌳"),
    ("x" * 500, "x" * 500),
])
def test_clean_note_keeps_real_text(raw, clean):
    assert clean_note(raw) == clean


@pytest.mark.parametrize("raw,code", [
    ("", "empty"), (" \n\t ", "empty"), ("x" * 501, "too_long"), (None, "wrong_type"),
    (5, "wrong_type"), (b"bytes", "wrong_type"), ("a\x00b", "control_characters"),
    ("a\x1bb", "control_characters"), ("a\u202eb", "control_characters"),
])
def test_clean_note_refuses(raw, code):
    with pytest.raises(Invalid) as error:
        clean_note(raw)
    assert error.value.code == code


def test_single_line_fields_refuse_newlines():
    with pytest.raises(Invalid) as error:
        clean_text("two\nlines", field="name", max_len=40)
    assert error.value.code == "control_characters"


def test_optional_text_may_be_empty():
    assert clean_text("  ", field="name", max_len=40, required=False) == ""
    assert clean_text(None, field="name", max_len=40, required=False) == ""


@pytest.mark.parametrize("value,ok", [
    ("abcdefgh", True), ("a" * 64, True), ("0f3a-9b_Z", True), ("short", False), ("a" * 65, False),
    ("with space", False), ("dot.dot.dot", False), ("ümlautxx", False),
])
def test_client_ids(value, ok):
    if ok:
        assert clean_client_id(value) == value
    else:
        with pytest.raises(Invalid):
            clean_client_id(value)


@pytest.mark.parametrize("value,code", [(True, "wrong_type"), ("3", "wrong_type"), (3.0, "wrong_type"),
                                        (0, "out_of_range"), (11, "out_of_range")])
def test_clean_int_is_strict(value, code):
    with pytest.raises(Invalid) as error:
        clean_int(value, field="n", low=1, high=10)
    assert error.value.code == code
    assert clean_int(10, field="n", low=1, high=10) == 10


def test_payload_must_be_an_object():
    assert payload(None) == {}
    assert payload({"a": 1}) == {"a": 1}
    with pytest.raises(Invalid):
        payload([1])


def test_palette_colours_are_distinct_and_readable():
    assert len({hex_ for _, hex_, _ in PALETTE}) == len(PALETTE)
    assert default_colour(0) == "blue" and default_colour(len(PALETTE)) == "blue"
    for key, hex_, _ in PALETTE:
        r, g, b = (int(hex_[i:i + 2], 16) / 255 for i in (1, 3, 5))
        luminance = 0.2126 * r ** 2.2 + 0.7152 * g ** 2.2 + 0.0722 * b ** 2.2
        ink = 1.0 if text_colour(key) == "#ffffff" else 0.0
        contrast = (max(luminance, ink) + 0.05) / (min(luminance, ink) + 0.05)
        assert contrast >= 3.0, key        # large bold text on the table card (WCAG AA large)


def test_pseudonyms_look_like_names():
    names = {pseudonym() for _ in range(50)}
    assert len(names) > 10
    assert all(name.split()[1].isdigit() and name[0].isupper() for name in names)
