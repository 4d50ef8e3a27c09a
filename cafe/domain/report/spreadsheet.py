"""The notes as an Excel-safe CSV: formula-looking cells neutralised, control characters dropped."""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

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
