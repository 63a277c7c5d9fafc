"""Import dates: any day written as YYYY-MM-DD or DD/MM/YYYY reads back as that day, and
nothing else reads as a date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workforce.io.contracts import Invalid, Known, date


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_iso_and_uk_forms_of_a_day_read_as_that_day(ref, day):
    assert date(day.isoformat(), ref, Known()) == day
    assert date(day.strftime("%d/%m/%Y"), ref, Known()) == day
    assert date(f"{day.day}/{day.month}/{day.year}", ref, Known()) == day


@given(st.text(max_size=12).filter(lambda t: not any(
    c.isdigit() for c in t) or "T" in t or "W" in t))
def test_text_that_is_not_a_day_is_refused(ref, text):
    with pytest.raises(Invalid, match="is not a date"):
        date(text, ref, Known())
