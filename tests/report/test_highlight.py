"""Highlight segments from overlapping, nested and adjacent spans."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infusion_coder.report.highlight import Mark, Segment, kind_of, segment

TEXT = "0930 Ketamine 41 mg IV infusion started"


def at(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def pieces(segments: list[Segment]) -> list[tuple[str, set[str], set[str]]]:
    return [(TEXT[s.start : s.end], set(s.kinds), set(s.refs)) for s in segments]


def test_unmarked_text_is_one_plain_segment():
    (only,) = segment(len(TEXT), [])
    assert (only.start, only.end, only.plain) == (0, len(TEXT), True)


def test_nested_span_splits_the_outer_one_in_three():
    outer = Mark(*at("Ketamine 41 mg IV"), "status", "status", "a0")
    inner = Mark(*at("41 mg"), "dose", "dose", "a0")
    got = [p for p in pieces(segment(len(TEXT), [outer, inner])) if p[1]]
    assert got == [
        ("Ketamine ", {"status"}, {"a0"}),
        ("41 mg", {"status", "dose"}, {"a0"}),
        (" IV", {"status"}, {"a0"}),
    ]


def test_partly_overlapping_spans_share_only_their_overlap():
    left = Mark(*at("Ketamine 41"), "drug", "drug", "a0")
    right = Mark(*at("41 mg"), "dose", "dose", "l1")
    got = [p for p in pieces(segment(len(TEXT), [right, left])) if p[1]]
    assert got == [
        ("Ketamine ", {"drug"}, {"a0"}),
        ("41", {"drug", "dose"}, {"a0", "l1"}),
        (" mg", {"dose"}, {"l1"}),
    ]


def test_spans_meeting_at_the_same_character_stay_separate():
    time = Mark(*at("0930"), "start", "time", "a0")
    space_drug = Mark(at("0930")[1], at("Ketamine")[1], "drug", "drug", "a0")
    got = [p for p in pieces(segment(len(TEXT), [time, space_drug])) if p[1]]
    assert got == [("0930", {"time"}, {"a0"}), (" Ketamine", {"drug"}, {"a0"})]


def test_identical_spans_from_a_fact_a_line_and_a_finding_merge_into_one_piece():
    drug = at("Ketamine")
    marks = [
        Mark(*drug, "drug", "drug", "a0"),
        Mark(*drug, "drug", None, "l0"),
        Mark(*drug, "drug", None, "f2", flag="fx-warning"),
    ]
    (hit,) = [s for s in segment(len(TEXT), marks) if not s.plain]
    assert TEXT[hit.start : hit.end] == "Ketamine"
    assert hit.refs == {"a0", "l0", "f2"}
    assert hit.kinds == {"drug"}
    assert hit.flags == {"fx-warning"}


def test_adjacent_pieces_covered_alike_are_merged():
    a = Mark(0, 4, "start", "time", "a0")
    b = Mark(4, 8, "start", "time", "a0")
    segs = segment(len(TEXT), [a, b])
    assert (segs[0].start, segs[0].end) == (0, 8)


def test_marks_outside_the_text_are_clipped_or_dropped():
    segs = segment(
        10, [Mark(-3, 4, "drug", "drug"), Mark(8, 50, "dose", "dose"), Mark(12, 20, "x")]
    )
    assert [(s.start, s.end, set(s.kinds)) for s in segs] == [
        (0, 4, {"drug"}),
        (4, 8, set()),
        (8, 10, {"dose"}),
    ]


def test_muted_only_when_every_covering_administration_was_not_given():
    planned = Mark(0, 10, "drug (planned)", "drug", "a1", muted=True)
    given_ = Mark(5, 15, "start", "time", "a0")
    line = Mark(0, 3, "drug", None, "l0")
    segs = {(s.start, s.end): s.muted for s in segment(20, [planned, given_, line])}
    assert segs[(0, 3)] is True  # a line reference alone does not un-mute
    assert segs[(5, 10)] is False  # shared with a given administration
    assert segs[(10, 15)] is False


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("drug", "drug"),
        ("mention", "drug"),
        ("start", "time"),
        ("stop", "time"),
        ("start_time", "time"),
        ("volume", "dose"),
        ("technique", "route"),
        ("interruption", "hold"),
        ("purpose", "indication"),
        ("diagnosis", "diagnosis"),
        ("administration", "context"),
    ],
)
def test_kind_of_label(label, kind):
    assert kind_of(label) == kind


_marks = st.lists(
    st.builds(
        Mark,
        start=st.integers(0, 40),
        end=st.integers(0, 45),
        label=st.sampled_from(["drug", "start", "dose"]),
        kind=st.sampled_from(["drug", "time", "dose", None]),
        ref=st.sampled_from(["a0", "a1", "l0", "f0", None]),
    ),
    max_size=12,
)


@given(st.integers(1, 40), _marks)
def test_segments_tile_the_text_and_report_exactly_the_covering_marks(length, marks):
    segs = segment(length, marks)
    assert segs[0].start == 0 and segs[-1].end == length
    for a, b in itertools.pairwise(segs):
        assert a.end == b.start and a.start < a.end
    for seg in segs:
        for pos in range(seg.start, seg.end):
            covering = [m for m in marks if m.start <= pos < m.end]
            assert seg.kinds == {m.kind for m in covering if m.kind is not None}
            assert seg.refs == {m.ref for m in covering if m.ref is not None}
