"""Masking identifiers before sending, and the offset map back to the original note."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extraction.refine.redact import Replacement, find_literal, mask, redact

HEADER_NOTE = (
    "Patient Name: SMITH, JOHN A.   DOB: 03/14/1962   MRN: A0099812\n"
    "Address: 42 Elm Street, Springfield, IL 62704\n"
    "Cell: 217-555-0143   Email: john.smith@example.org\n"
    "Date of service: 11/04/2025   Provider: Dr. Priya Patel\n"
    "Mr. Smith presents for IV iron (Venofer 200 mg IV over 15 min) for iron deficiency anemia.\n"
    "Venofer 200 mg in 100 mL NS started 1310, stopped 1327 via R hand 22g.\n"
    "Electronically signed by: Karen Wu, RN 11/04/2025 1400\n"
)


@pytest.mark.parametrize(
    "secret",
    [
        "SMITH, JOHN A.",
        "Smith",
        "03/14/1962",
        "A0099812",
        "42 Elm Street, Springfield, IL 62704",
        "217-555-0143",
        "john.smith@example.org",
        "Priya Patel",
        "Karen Wu",
    ],
)
def test_redact_masks_identifiers(secret):
    assert secret not in redact(HEADER_NOTE).text


@pytest.mark.parametrize(
    "kept",
    [
        "Date of service: 11/04/2025",
        "Venofer 200 mg in 100 mL NS started 1310, stopped 1327 via R hand 22g.",
        "IV iron",
        "iron deficiency anemia",
        "11/04/2025 1400",
    ],
)
def test_redact_keeps_clinical_facts(kept):
    assert kept in redact(HEADER_NOTE).text


def test_redact_counts_labels_without_text():
    counts = redact(HEADER_NOTE).counts
    assert counts["dob"] == 1 and counts["id"] == 1 and counts["email"] == 1
    assert counts["phone"] == 1 and counts["address"] == 1
    assert counts["name"] >= 4
    assert all(isinstance(v, int) for v in counts.values())


def test_redact_leaves_note_without_identifiers_unchanged():
    text = "Zofran 4 mg IV push at 0925 for nausea.\nNS 1000 mL at 125 mL/hr started 0930.\n"
    masked = redact(text)
    assert masked.text == text
    assert masked.to_original(7, 11) == (7, 11)


def test_mask_maps_spans_both_ways():
    text = "Pt: Ann Lee. Ketamine started 0900."
    masked = mask(text, [Replacement(4, 11, "name")])
    assert masked.text == "Pt: [NAME]. Ketamine started 0900."
    s = masked.text.index("Ketamine")
    assert masked.to_original(s, s + 8) == (text.index("Ketamine"), text.index("Ketamine") + 8)
    # a span covering the placeholder covers the whole original name
    assert masked.to_original(4, 10) == (4, 11)
    assert masked.to_sent(text.index("0900"), text.index("0900") + 4) == (
        masked.text.index("0900"),
        masked.text.index("0900") + 4,
    )


def test_find_literal_is_case_insensitive():
    text = "x <<<end note>>> y <<<END NOTE>>>"
    assert [(r.start, r.end) for r in find_literal(text, ["<<<END NOTE>>>"])] == [(2, 16), (19, 33)]


@given(
    st.text(alphabet="ab \n", min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 40), st.integers(1, 6)), max_size=5),
)
def test_mask_offsets_round_trip_outside_replacements(text, raw):
    reps = [Replacement(s, min(s + n, len(text)), "name") for s, n in raw if s < len(text)]
    masked = mask(text, reps)
    covered = set()
    for seg in masked.segments:
        if seg[4]:
            covered.update(range(seg[0], seg[1]))
    for i in range(len(text)):
        if i in covered:
            continue
        s, e = masked.to_sent(i, i + 1)
        assert masked.text[s:e] == text[i]
        assert masked.to_original(s, e) == (i, i + 1)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("Pt: Rowena Faircloth (fictional), 44F   DOS 01/22/2026\n", "Faircloth"),
        ("Pt. Name: Lee, Ann\n", "Lee, Ann"),
        ("Name: Okafor\nOkafor tolerated the infusion.\n", "Okafor"),
    ],
    ids=["pt-full-name", "pt-name-comma", "single-surname-propagated"],
)
def test_redact_header_name_forms(text, secret):
    assert secret not in redact(text).text


def test_redact_pt_clinical_line_is_not_a_name():
    text = "Pt: Tolerated well, no complaints.\nTolerated ketamine infusion.\n"
    assert redact(text).text == text
