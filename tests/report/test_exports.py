"""CSV exports: one row per claim line / finding, streamed, renamed into place at close."""

from __future__ import annotations

import csv

import pytest

from infusion_coder.exports import (
    CLAIM_LINE_COLUMNS,
    FINDING_COLUMNS,
    ClaimLinesCsvSink,
    FindingsCsvSink,
    cell,
)
from infusion_coder.models import NoteResult
from infusion_coder.writers import Summary


def _read(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def exported(tmp_path, make_ketamine, make_hostile):
    lines = ClaimLinesCsvSink(tmp_path / "claim_lines.csv")
    findings = FindingsCsvSink(tmp_path / "findings.csv")
    results = [
        make_ketamine(),
        NoteResult.failed("N-2", "empty_note", "the note is empty"),
        make_hostile(note_id='=HYPERLINK("http://x")'),
    ]
    for r in results:
        lines.add(r)
        findings.add(r)
    assert not (tmp_path / "claim_lines.csv").exists()  # only the .tmp until close
    lines.close(Summary())
    findings.close(Summary())
    return tmp_path, results


def test_claim_lines_csv_has_one_row_per_line_with_evidence(exported):
    folder, results = exported
    rows = _read(folder / "claim_lines.csv")
    assert list(rows[0]) == list(CLAIM_LINE_COLUMNS)
    assert [r["code"] for r in rows] == ["96365", "96375", "96361", "J2405", "J3490", "96374"]
    first = rows[0]
    assert first["note_id"] == "KET-2025-1103-004"
    assert first["date_of_service"] == "2025-11-03"
    assert (first["units"], first["minutes"], first["rule"]) == ("1", "37", "DA-CODE-010")
    assert first["drugs"] == "ketamine" and first["administrations"] == "A3"
    assert first["evidence_labels"] == "drug; start; stop; interruption"
    assert first["evidence_text"] == "Ketamine | 0930 | 1012 | held for BP 168/94; resumed 0950"
    text = results[0].text
    for pair in first["evidence_offsets"].split("; "):
        start, end = map(int, pair.split(":"))
        assert text[start:end] in first["evidence_text"]
    assert "96374: 37 min > 15, not a push" in first["rejected"]
    j2405 = rows[3]
    assert (j2405["units"], j2405["kind"], j2405["modifiers"]) == ("4", "drug", "")


def test_findings_csv_has_severity_message_query_and_offsets(exported):
    folder, _ = exported
    rows = _read(folder / "findings.csv")
    assert list(rows[0]) == list(FINDING_COLUMNS)
    assert [r["category"] for r in rows] == [
        "unlisted_drug_code",
        "hydration_not_separately_billable",
        "payer_policy_review",
        "missing_site",
    ]
    policy = rows[2]
    assert policy["severity"] == "warning"
    assert policy["query"].startswith("Please confirm the prior authorization")
    assert policy["evidence_labels"] == "drug; diagnosis"


def test_error_records_produce_no_rows(exported):
    folder, _ = exported
    for name in ("claim_lines.csv", "findings.csv"):
        assert "N-2" not in {r["note_id"] for r in _read(folder / name)}


def test_formula_like_cells_are_neutralised_for_spreadsheets(exported):
    folder, _ = exported
    hostile = next(r for r in _read(folder / "claim_lines.csv") if r["code"] == "96374")
    assert hostile["note_id"] == '\'=HYPERLINK("http://x")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2 mg", "'-2 mg"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Ketamine", "Ketamine"),
        (None, ""),
        (37, "37"),
    ],
)
def test_cell(value, expected):
    assert cell(value) == expected


def test_an_aborted_export_leaves_no_file(tmp_path, make_ketamine):
    sink = ClaimLinesCsvSink(tmp_path / "claim_lines.csv")
    sink.add(make_ketamine())
    sink.abort()
    assert list(tmp_path.iterdir()) == []


def test_resumed_records_give_the_same_rows_as_fresh_results(tmp_path, make_ketamine):
    fresh = ClaimLinesCsvSink(tmp_path / "fresh.csv")
    resumed = ClaimLinesCsvSink(tmp_path / "resumed.csv")
    result = make_ketamine()
    fresh.add(result)
    resumed.add_record(result.to_json())
    fresh.close(Summary())
    resumed.close(Summary())
    assert (tmp_path / "fresh.csv").read_bytes() == (tmp_path / "resumed.csv").read_bytes()
    assert len(_read(tmp_path / "fresh.csv")) == 5
