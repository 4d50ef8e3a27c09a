"""Dates and numbers on pages in the reader's language ("30 de noviembre de 2026", "1.500"),
never ISO strings.

Template filters (registered in create_app): `local_date` for a date, a datetime or an ISO date
string as the action plan stores it; `local_datetime` for when something happened;
`local_number` for a count.
"""
from __future__ import annotations

from datetime import date, datetime

from flask_babel import format_date, format_decimal, format_time, get_locale


def _as_date(value) -> date | datetime | None:
    if isinstance(value, (date, datetime)):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def local_date(value) -> str:
    """A date as the reader's language writes it in full; text that is no date stays as it is."""
    found = _as_date(value)
    if found is None:
        return "" if value is None else str(value)
    return format_date(found, format="long")


def local_datetime(value) -> str:
    """A moment as the reader's language writes it: the long date and the time, in its order."""
    if not isinstance(value, datetime):
        return local_date(value)
    # The locale's own pattern joins them ("{1}, {0}", "{1} 'a' 'las' {0}", ...).
    pattern = get_locale().datetime_formats["medium"]
    return pattern.format(format_time(value, format="short"), format_date(value, format="long"))


def local_number(value) -> str:
    """A number as the reader's language groups and points it."""
    return format_decimal(value) if isinstance(value, (int, float)) else str(value)
