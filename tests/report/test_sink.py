"""ReportSink: one page per note as it arrives, index at close, bounded memory, safe names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from infusion_coder.models import NoteResult
from infusion_coder.report.sink import ReportSink, note_file_name
from infusion_coder.writers import Summary

SAFE_NAME = re.compile(r"^[0-9]{6,}-[A-Za-z0-9_-]+\.html$")


@pytest.mark.parametrize(
    ("seq", "note_id", "expected"),
    [
        (1, "KET-2025-1103-004", "000001-KET-2025-1103-004.html"),
        (2, "../../etc/passwd", "000002-etc-passwd.html"),
        (3, "<script>alert(1)</script>", "000003-script-alert-1-script.html"),
        (4, "", "000004-note.html"),
        (5, "CON", "000005-CON.html"),
        (6, "visit 7 (Mrs. Doe's note)", "000006-visit-7-Mrs-Doe-s-note.html"),
        (7, ".hidden", "000007-hidden.html"),
        (1234567, "x" * 200, "1234567-" + "x" * 40 + ".html"),
    ],
    ids=["plain", "traversal", "script", "empty", "reserved", "spaces", "dotfile", "long"],
)
def test_note_file_names_are_safe_and_unique_by_position(seq, note_id, expected):
    name = note_file_name(seq, note_id)
    assert name == expected
    assert SAFE_NAME.match(name)


def _rows(review: Path) -> list[dict]:
    rows: list[dict] = []
    for chunk in sorted((review / "data").glob("notes-*.js")):
        body = chunk.read_text(encoding="utf-8")
        payload = body[body.index("(") + 1 : body.rindex(")")]
        rows.extend(json.loads(payload))
    return rows


@pytest.fixture
def run(tmp_path, make_ketamine, make_hostile):
    sink = ReportSink(tmp_path, chunk_size=2)
    results = [
        make_ketamine(),
        make_hostile(),
        NoteResult.failed("N-3", "decode_error", "not UTF-8 at byte 112"),
        make_ketamine(note_id="KET-2025-1103-004"),  # a duplicate id
        make_ketamine(note_id="../../etc/passwd"),
    ]
    for r in results:
        sink.add(r)
    sink.close(Summary(seconds=2.0))
    return tmp_path / "review", results, sink


def test_every_note_gets_its_own_page_and_index_row(run):
    review, results, _ = run
    pages = sorted(p.name for p in (review / "notes").iterdir())
    assert len(pages) == len(results)
    assert all(SAFE_NAME.match(p) for p in pages)
    rows = _rows(review)
    assert [r["i"] for r in rows] == [r.note_id for r in results]
    assert len({r["h"] for r in rows}) == len(results)  # duplicate ids, distinct pages
    for row in rows:
        assert (review / row["h"]).is_file()


def test_index_rows_hold_counts_and_codes_but_no_note_text(run):
    review, _results, _ = run
    rows = _rows(review)
    ket = rows[0]
    assert ket["c"] == ["96365", "96375", "96361", "J2405", "J3490"]
    assert ket["u"] == "96365, 96375, 96361, J2405 ×4, J3490"
    assert ket["v"] == [0, 2, 1] and ket["l"] == 5
    assert rows[2]["s"] == "error" and rows[2]["x"] == "decode_error: not UTF-8 at byte 112"
    data = "".join(p.read_text(encoding="utf-8") for p in (review / "data").iterdir())
    for fragment in ("Ondansetron 4 mg", "window.__pwned", "OUTPATIENT INFUSION", "R forearm"):
        assert fragment not in data


def test_rows_are_flushed_in_chunks_not_kept(run):
    review, _, sink = run
    assert len(list((review / "data").glob("notes-*.js"))) == 3  # 5 notes, 2 per file
    assert sink._rows == []


def test_index_links_assets_and_every_data_file(run):
    review, _, _ = run
    html = (review / "index.html").read_text(encoding="utf-8")
    for name in ("notes-000001.js", "notes-000002.js", "notes-000003.js"):
        assert f'<script src="data/{name}"></script>' in html
    assert (review / "assets" / "report.js").is_file()
    assert (review / "assets" / "report.css").is_file()
    assert "http://" not in html and "https://" not in html


def test_index_counts_lines_findings_and_errors(run):
    review, _, _ = run
    html = (review / "index.html").read_text(encoding="utf-8")
    found = re.findall(r'tile-value">([^<]+)</div><div class="tile-label">([^<]+)<', html)
    assert {label: value for value, label in found} == {
        "Notes": "5",
        "Coded": "4",
        "Errors": "1",
        "Claim lines": "16",
        "Findings": "10",
        "Notes / second": "2.5",
    }
    assert 'data-filter="status" data-value="error"' in html
    assert "decode_error" in html
    assert '<option value="unlisted_drug_code">unlisted drug code</option>' in html


def test_no_note_text_in_any_file_name_or_link(run):
    review, results, _ = run
    names = [p.relative_to(review).as_posix() for p in review.rglob("*")]
    links = [
        h
        for p in review.rglob("*.html")
        for h in re.findall(r'(?:href|src)="([^"]*)"', p.read_text(encoding="utf-8"))
    ]
    for result in results:
        if result.text is None:
            continue
        words = {w for w in re.findall(r"[A-Za-z]{5,}", result.text)}
        for target in names + links:
            assert not words & set(re.findall(r"[A-Za-z]{5,}", target)) - {
                "notes",
                "index",
                "report",
                "assets",
                "passwd",
            }, target


def test_a_second_run_in_the_same_folder_removes_the_first_runs_pages(tmp_path, make_ketamine):
    first = ReportSink(tmp_path)
    for i in range(3):
        first.add(make_ketamine(note_id=f"old-{i}"))
    first.close(Summary())
    second = ReportSink(tmp_path)
    second.add(make_ketamine(note_id="new"))
    second.close(Summary())
    assert [p.name for p in (tmp_path / "review" / "notes").iterdir()] == ["000001-new.html"]
    assert [r["i"] for r in _rows(tmp_path / "review")] == ["new"]


def test_close_is_idempotent_and_add_after_close_is_an_error(tmp_path, make_ketamine):
    sink = ReportSink(tmp_path)
    sink.add(make_ketamine())
    sink.close(Summary())
    sink.close(Summary())
    with pytest.raises(RuntimeError):
        sink.add(make_ketamine())


def test_a_page_that_cannot_be_built_is_counted_and_replaced(tmp_path, make_ketamine, monkeypatch):
    import infusion_coder.report.sink as sink_module

    def broken(result, **_):
        raise KeyError("Ketamine 41 mg")  # an exception whose text quotes the note

    monkeypatch.setattr(sink_module, "render_note_page", broken)
    sink = ReportSink(tmp_path)
    sink.add(make_ketamine())
    sink.close(Summary())
    page = next((tmp_path / "review" / "notes").iterdir()).read_text(encoding="utf-8")
    assert "could not be built (KeyError)" in page and "Ketamine 41 mg" not in page
    assert "1 note page(s) could not be built" in (tmp_path / "review" / "index.html").read_text()


def test_resumed_run_keeps_the_earlier_pages_and_indexes_every_note(tmp_path, make_ketamine):
    first = [make_ketamine(note_id=f"KET-{i}") for i in range(4)]
    interrupted = ReportSink(tmp_path)
    for result in first[:3]:
        interrupted.add(result)
    interrupted.abort()  # Ctrl-C after three notes; results.jsonl holds the first two
    notes = tmp_path / "review" / "notes"
    before = {p.name: p.read_bytes() for p in notes.iterdir()}
    assert not (tmp_path / "review" / "index.html").exists()

    resumed = ReportSink(tmp_path)
    for result in first[:2]:
        resumed.add_record(result.to_json())
    for result in first[2:]:
        resumed.add(result)
    resumed.close(Summary())
    after = {p.name: p.read_bytes() for p in notes.iterdir()}
    assert sorted(after) == [note_file_name(i + 1, f"KET-{i}") for i in range(4)]
    for name in sorted(before)[:2]:  # the kept notes' pages are the earlier run's, unchanged
        assert after[name] == before[name]
        assert b'class="hl k-drug' in after[name]  # highlighted text, not a rebuilt page
    assert not (tmp_path / "review" / "notes.previous").exists()
    assert [r["i"] for r in _rows(tmp_path / "review")] == [f"KET-{i}" for i in range(4)]
    assert '>4</div><div class="tile-label">Notes<' in (
        tmp_path / "review" / "index.html"
    ).read_text(encoding="utf-8")


def test_resumed_note_whose_page_is_gone_is_rebuilt_from_its_record(tmp_path, make_ketamine):
    result = make_ketamine()
    record = result.to_json()
    sink = ReportSink(tmp_path)
    sink.add_record(record)
    sink.close(Summary())
    page = (tmp_path / "review" / "notes" / note_file_name(1, result.note_id)).read_text(
        encoding="utf-8"
    )
    assert "coded by an earlier run of this batch (resumed)" in page
    for expected in ("96365", "DA-CODE-010", "96374: 37 min &gt; 15, not a push", "J2405"):
        assert expected in page
    assert "Please confirm the prior authorization number" in page
    assert "The note text is not available" in page
    assert sink.report_errors == 0
    rows = _rows(tmp_path / "review")
    assert rows[0]["u"] == "96365, 96375, 96361, J2405 ×4, J3490"


def test_resumed_error_record_is_listed_with_its_error(tmp_path):
    record = NoteResult.failed("N-9", "invalid_json", "line 9: expecting ','").to_json()
    sink = ReportSink(tmp_path)
    sink.add_record(record)
    sink.close(Summary())
    (row,) = _rows(tmp_path / "review")
    assert (row["s"], row["x"]) == ("error", "invalid_json: line 9: expecting ','")
