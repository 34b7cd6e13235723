"""The record types keep the offset invariant: ``note.text[start:end] == text``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from extraction.models import CharSpan, ClockTime, OffsetMismatch

NOTE = "Zofran 4 mg IVP at 0925. Ketamine 35 mg IV infusion started 0930, stopped 1012."


def test_charspan_of_anchors_text():
    start = NOTE.index("Ketamine")
    span = CharSpan.of(NOTE, start, start + len("Ketamine"))
    assert span.text == "Ketamine"
    span.check(NOTE)


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [(5, 5, ""), (9, 4, "x"), (0, 6, "Zofra")],
    ids=["empty", "reversed", "length-mismatch"],
)
def test_charspan_rejects_malformed_spans(start, end, text):
    with pytest.raises(ValidationError):
        CharSpan(start=start, end=end, text=text)


def test_charspan_check_detects_drift():
    span = CharSpan(start=0, end=6, text="Zofran")
    with pytest.raises(OffsetMismatch):
        span.check(" " + NOTE)


def test_charspan_is_frozen():
    span = CharSpan.of(NOTE, 0, 6)
    with pytest.raises(ValidationError):
        span.start = 1


@given(st.text(min_size=1, max_size=200), st.data())
def test_charspan_of_always_matches(text, data):
    start = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    end = data.draw(st.integers(min_value=start + 1, max_value=len(text)))
    span = CharSpan.of(text, start, end)
    assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(("hhmm", "minute"), [("00:00", 0), ("09:30", 570), ("23:59", 1439)])
def test_clock_time_round_trip(hhmm, minute):
    assert ClockTime.parse(hhmm).minute_of_day == minute
    assert ClockTime(minute_of_day=minute).hhmm == hhmm
