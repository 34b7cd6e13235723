"""Input formats of a batch: every note once, in order, with its id, text and context."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest
from batch_helpers import note_text
from hypothesis import given, settings
from hypothesis import strategies as st

from extraction.models import Note
from infusion_coder.readers import (
    MAX_NOTE_BYTES,
    MAX_RECORD_BYTES,
    InputFormatError,
    InputProblem,
    ReadOptions,
    ReadStats,
    check_inputs,
    detect_format,
    iter_csv_records,
    iter_inputs,
    parse_billed,
    walk_files,
)


def items(*paths: Path, **options: str) -> list:
    return list(iter_inputs(list(paths), ReadOptions(**options)))


def by_id(found: list) -> dict:
    return {item.note_id: item for item in found}


# --------------------------------------------------------------------------------- txt and gz


def test_folder_recursive_order_matches_sorted_rglob_and_skips_hidden(tmp_path):
    for rel in ("b/2.txt", "b.txt", "a/z/1.txt", "a.txt", ".git/x.txt", "c/.hidden.txt"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(note_text(len(rel)), encoding="utf-8")
    walked = list(walk_files(tmp_path))
    expected = sorted(
        p
        for p in tmp_path.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(tmp_path).parts)
    )
    assert walked == expected
    assert [i.note_id for i in items(tmp_path)] == ["1", "a", "2", "b"]


def test_gzip_text_note_reads_transparently_and_keeps_crlf(tmp_path):
    text = note_text(1).replace("\n", "\r\n")
    (tmp_path / "visit-7.txt.gz").write_bytes(gzip.compress(text.encode("utf-8")))
    (item,) = items(tmp_path)
    assert isinstance(item, Note)
    assert item.note_id == "visit-7"
    assert item.text == text


def test_utf16_export_with_bom_is_decoded(tmp_path):
    text = note_text(2)
    (tmp_path / "win.txt").write_bytes(text.encode("utf-16"))
    (item,) = items(tmp_path)
    assert isinstance(item, Note) and item.text == text


@pytest.mark.parametrize(
    ("name", "payload", "error_type"),
    [
        ("huge.txt", b"Zofran 4 mg IVP at 0925. " * (MAX_NOTE_BYTES // 20), "note_too_large"),
        ("scan.txt", b"%PDF-1.7\x00\x01\x02" * 50, "binary_file"),
        ("broken.txt.gz", b"\x1f\x8b\x08\x00garbage", "read_error"),
        ("huge.txt.gz", gzip.compress(b"x" * (MAX_NOTE_BYTES + 10)), "note_too_large"),
    ],
    ids=["too-large", "binary", "corrupt-gzip", "gzip-bomb"],
)
def test_bad_text_files_become_problems_next_to_good_ones(tmp_path, name, payload, error_type):
    (tmp_path / name).write_bytes(payload)
    (tmp_path / "zz_good.txt").write_text(note_text(0), encoding="utf-8")
    found = items(tmp_path)
    assert len(found) == 2
    assert isinstance(found[0], InputProblem) and found[0].error_type == error_type
    assert isinstance(found[1], Note)


# ------------------------------------------------------------------------------------- jsonl


def test_jsonl_gz_with_oversized_line_reports_it_by_id_and_reads_on(tmp_path):
    rows = [
        {"id": "n1", "text": note_text(1), "payer": "Medicare"},
        {"id": "big", "text": "x" * (MAX_RECORD_BYTES + 100)},
        {"id": "n3", "text": note_text(3), "billed": "96365x1;J2405x4"},
    ]
    path = tmp_path / "day.jsonl.gz"
    path.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode()))
    found = items(path)
    assert [i.note_id for i in found] == ["n1", "big", "n3"]
    assert found[0].payer == "medicare"
    assert isinstance(found[1], InputProblem) and found[1].error_type == "note_too_large"
    assert [(b.code, b.units) for b in found[2].billed] == [("96365", 1), ("J2405", 4)]


# --------------------------------------------------------------------------------------- csv


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return path


def test_csv_multiline_quoted_notes_and_optional_columns(tmp_path):
    tricky = 'Pt says "I feel dizzy", BP 90/60;\nZofran 4 mg IVP at 0925\n\nNS 1 L IV 13:05-14:20'
    path = write_csv(
        tmp_path / "export.csv",
        [
            ["NoteID", "Body", "POS", "Insurer", "DOS", "Billed"],
            ["a-1", tricky, "Facility", "Medicare", "03/14/2026", "96365x1;96375;J2405x4"],
            ["a-2", note_text(2), "", "", "2026-03-15T09:30:00", ""],
            ["a-3", note_text(3), "office", "medicaid", "", "J2405-JZx2"],
        ],
    )
    found = items(
        path,
        id_col="NoteID",
        text_col="Body",
        setting_col="POS",
        payer_col="Insurer",
        dos_col="DOS",
        billed_col="Billed",
    )
    assert [i.note_id for i in found] == ["a-1", "a-2", "a-3"]
    first = found[0]
    assert first.text == tricky  # embedded newlines and quotes kept as they are
    assert (first.setting, first.payer, first.date_of_service) == (
        "facility",
        "medicare",
        dt.date(2026, 3, 14),
    )
    assert [(b.code, b.units) for b in first.billed] == [("96365", 1), ("96375", 1), ("J2405", 4)]
    assert found[1].date_of_service == dt.date(2026, 3, 15)
    assert found[1].setting is None and found[1].billed is None
    assert found[2].billed[0].modifiers == ("JZ",)


@pytest.mark.parametrize("delimiter", [";", "\t", "|"], ids=["semicolon", "tab", "pipe"])
def test_csv_delimiter_is_sniffed(tmp_path, delimiter):
    path = write_csv(
        tmp_path / "x.csv",
        [["id", "text"], ["1", "Zofran 4 mg IVP, then NS; at 0925"], ["2", note_text(5)]],
        delimiter,
    )
    found = items(path)
    assert [i.note_id for i in found] == ["1", "2"]
    assert found[0].text == "Zofran 4 mg IVP, then NS; at 0925"


def test_csv_without_id_column_numbers_rows_and_bad_rows_are_records(tmp_path):
    path = write_csv(
        tmp_path / "notes.csv",
        [
            ["text", "date_of_service"],
            [note_text(1), "2026-03-14"],
            ["   ", ""],
            [note_text(2), "14.03.2026"],
            [note_text(3), ""],
        ],
    )
    found = items(path)
    assert [i.note_id for i in found] == ["notes:1", "notes:2", "notes:3", "notes:4"]
    assert [type(i).__name__ for i in found] == ["Note", "InputProblem", "InputProblem", "Note"]
    assert found[1].error_type == "empty_note"
    assert found[2].error_type == "invalid_record"


def test_csv_row_not_utf8_is_one_error(tmp_path):
    good = b"id,text\r\n1,Zofran 4 mg IVP\r\n"
    bad = "2,caf\u00e9 au lait\r\n".encode("latin-1")
    (tmp_path / "mixed.csv").write_bytes(good + bad + b"3,Toradol 30 mg IVP\r\n")
    found = items(tmp_path / "mixed.csv")
    assert [i.note_id for i in found] == ["1", "2", "3"]
    assert isinstance(found[1], InputProblem) and found[1].error_type == "decode_error"


def test_csv_named_column_missing_fails_before_the_run(tmp_path):
    path = write_csv(tmp_path / "x.csv", [["id", "note"], ["1", "x"]])
    with pytest.raises(InputFormatError, match="Body"):
        check_inputs([path], ReadOptions(text_col="Body"))
    check_inputs([path], ReadOptions())  # "note" is a default text column


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.lists(
            st.text(alphabet=st.sampled_from('ab ,;"\n\r\u00e9'), max_size=12),
            min_size=2,
            max_size=2,
        ),
        min_size=1,
        max_size=8,
    ),
    chunk=st.integers(1, 5),
)
def test_csv_record_splitter_agrees_with_the_csv_module(rows, chunk):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([["id", "text"], *rows])
    data = buffer.getvalue().encode("utf-8")

    class Chunked(io.BytesIO):
        def read(self, size: int = -1) -> bytes:  # tiny reads cross every boundary
            return super().read(chunk)

    records = [r for _, r, _ in iter_csv_records(Chunked(data), 1 << 20)]
    parsed = [next(csv.reader([r.decode("utf-8")])) for r in records]
    assert parsed == list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("96365x1;96375;J2405x4", [("96365", 1, ()), ("96375", 1, ()), ("J2405", 4, ())]),
        ("j2405-jzX2, 96372-xs", [("J2405", 2, ("JZ",)), ("96372", 1, ("XS",))]),
        ("  ", None),
    ],
    ids=["semicolons", "modifiers", "empty"],
)
def test_billed_cell_parsing(cell, expected):
    got = parse_billed(cell)
    assert (None if got is None else [(b.code, b.units, b.modifiers) for b in got]) == expected


def test_billed_cell_with_garbage_is_rejected():
    with pytest.raises(ValueError, match="CODE"):
        parse_billed("96365 x one")


# -------------------------------------------------------------------------------------- FHIR


def docref(rid: str, attachment: dict, **extra: object) -> dict:
    return {
        "resourceType": "DocumentReference",
        "id": rid,
        "status": "current",
        "content": [{"attachment": attachment}],
        **extra,
    }


def b64(text: str, encoding: str = "utf-8") -> str:
    return base64.b64encode(text.encode(encoding)).decode()


def test_fhir_bundle_base64_url_binary_and_refusals(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "n2.txt").write_text(note_text(2), encoding="utf-8")
    latin = "Pt caf\u00e9. " + note_text(4)
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "fullUrl": "urn:uuid:enc-1",
                "resource": {
                    "resourceType": "Encounter",
                    "id": "enc-1",
                    "class": {
                        "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                        "code": "AMB",
                    },
                    "period": {"start": "2026-03-14T09:00:00-05:00"},
                },
            },
            {"resource": {"resourceType": "Encounter", "id": "enc-2", "class": {"code": "HOSP"}}},
            {
                "resource": docref(
                    "doc-1",
                    {"contentType": "text/plain", "data": b64(note_text(1))},
                    context={"encounter": [{"reference": "urn:uuid:enc-1"}]},
                )
            },
            {
                "resource": docref(
                    "doc-2",
                    {"contentType": "text/plain", "url": "docs/n2.txt"},
                    context={
                        "encounter": [{"reference": "Encounter/enc-2"}],
                        "period": {"start": "2026-03-16"},
                    },
                    date="2026-03-20T10:00:00Z",
                )
            },
            {
                "resource": docref(
                    "doc-3", {"contentType": "text/plain", "url": "https://ehr.example.org/notes/3"}
                )
            },
            {
                "resource": {
                    "resourceType": "Binary",
                    "id": "bin-4",
                    "contentType": "text/plain; charset=ISO-8859-1",
                    "data": b64(latin, "latin-1"),
                }
            },
            {
                "resource": docref(
                    "doc-4",
                    {"contentType": "text/plain", "url": "Binary/bin-4"},
                    date="2026-03-18T23:30:00-05:00",
                )
            },
            {"resource": docref("doc-5", {"contentType": "application/pdf", "data": "JVBERg=="})},
            {"resource": docref("doc-6", {"contentType": "text/plain", "url": "docs/missing.txt"})},
            {"resource": {**docref("doc-7", {"data": b64("x")}), "status": "entered-in-error"}},
            {"resource": {"resourceType": "Patient", "id": "p1"}},
        ],
    }
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    stats = ReadStats()
    found = list(iter_inputs([path], ReadOptions(), stats))
    assert [i.note_id for i in found] == [f"doc-{n}" for n in range(1, 8)]
    notes = by_id(found)
    assert notes["doc-1"].text == note_text(1)
    assert notes["doc-1"].setting == "office"
    assert notes["doc-1"].date_of_service == dt.date(2026, 3, 14)
    assert notes["doc-2"].text == note_text(2)
    assert notes["doc-2"].setting == "facility"
    assert notes["doc-2"].date_of_service == dt.date(2026, 3, 16)  # the visit, not the document
    assert notes["doc-3"].error_type == "remote_attachment"
    assert "never fetched" in notes["doc-3"].message
    assert notes["doc-4"].text == latin
    assert notes["doc-4"].date_of_service == dt.date(2026, 3, 18)  # as written, no UTC shift
    assert notes["doc-5"].error_type == "unsupported_content_type"
    assert notes["doc-6"].error_type == "attachment_not_found"
    assert notes["doc-7"].error_type == "entered_in_error"
    assert stats.skipped_resources == {"Encounter": 2, "Binary": 1, "Patient": 1}


def test_fhir_ndjson_bulk_export_gz_reads_docrefs_and_skips_the_rest(tmp_path):
    lines = [
        {"resourceType": "Patient", "id": "p1"},
        docref(
            "d1",
            {"contentType": "text/plain; charset=utf-8", "data": b64(note_text(1))},
            context={
                "facilityType": {
                    "coding": [
                        {
                            "system": "https://www.cms.gov/Medicare/Coding/place-of-service-codes/"
                            "Place_of_Service_Code_Set",
                            "code": "22",
                        }
                    ]
                }
            },
        ),
        docref("d2", {"contentType": "text/plain", "data": "@@not base64@@"}),
        {
            "resourceType": "DocumentReference",
            "content": [{"attachment": {"data": b64("hi")}}],
            "identifier": [{"value": "MRN-DOC-9"}],
        },
    ]
    path = tmp_path / "DocumentReference.ndjson.gz"
    path.write_bytes(gzip.compress("\n".join(json.dumps(x) for x in lines).encode()))
    assert detect_format(path) == "ndjson"
    stats = ReadStats()
    found = list(iter_inputs([path], ReadOptions(), stats))
    assert [i.note_id for i in found] == ["d1", "d2", "MRN-DOC-9"]
    assert found[0].setting == "facility"
    assert found[1].error_type == "invalid_attachment"
    assert found[2].text == "hi"
    assert stats.skipped_resources == {"Patient": 1}


def test_format_override_and_content_sniffing(tmp_path):
    noext = tmp_path / "export_2026_03_14"
    noext.write_text(json.dumps({"id": "j1", "text": note_text(1)}) + "\n", encoding="utf-8")
    assert detect_format(noext) == "jsonl"
    odd = tmp_path / "notes.dat"
    odd.write_text("id,text\n1,Zofran 4 mg IVP\n", encoding="utf-8")
    assert [i.note_id for i in items(odd)] == ["notes"]  # read as one text note
    assert [i.note_id for i in items(odd, format="csv")] == ["1"]


@pytest.mark.parametrize("kind", ["csv", "fhir-json"])
def test_gzip_csv_and_fhir_json_read_like_the_plain_files(tmp_path, kind):
    if kind == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows([["id", "text"], ["c1", note_text(1)], ["c2", note_text(2)]])
        plain, name = buffer.getvalue().encode(), "export.csv"
    else:
        bundle = {
            "resourceType": "Bundle",
            "entry": [{"resource": docref(f"c{n}", {"data": b64(note_text(n))})} for n in (1, 2)],
        }
        plain, name = json.dumps(bundle).encode(), "bundle.json"
    (tmp_path / name).write_bytes(plain)
    (tmp_path / f"{name}.gz").write_bytes(gzip.compress(plain))
    expected = [("c1", note_text(1)), ("c2", note_text(2))]
    for path in (tmp_path / name, tmp_path / f"{name}.gz"):
        assert [(i.note_id, i.text) for i in items(path)] == expected
