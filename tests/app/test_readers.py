"""Input readers: every input note yields exactly one item, in order, problems included."""

from __future__ import annotations

import json

import pytest

from extraction.models import Note
from infusion_coder.readers import (
    InputPathError,
    InputProblem,
    check_paths,
    iter_inputs,
    note_from_mapping,
)

TEXT = "Zofran 4 mg IVP at 0925 via PIV L AC.\r\nDx: nausea (R11.0)\r\n"


def test_text_file_keeps_crlf_and_id_is_stem(tmp_path):
    path = tmp_path / "visit-0001.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    (item,) = list(iter_inputs([path]))
    assert isinstance(item, Note)
    assert item.note_id == "visit-0001"
    assert item.text == TEXT  # never stripped or newline-translated: offsets depend on it


def test_folder_is_read_recursively_in_path_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Toradol 30 mg IVP at 1010", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Zofran 4 mg IVP at 0925", encoding="utf-8")
    ids = [item.note_id for item in iter_inputs([tmp_path])]
    assert ids == ["a", "2"]


@pytest.mark.parametrize(
    ("obj", "error_type"),
    [
        ({"id": "x"}, "missing_text"),
        ({"id": "x", "text": 12}, "missing_text"),
        ({"id": "x", "text": "  "}, "empty_note"),
        ({"id": "x", "text": "ok", "setting": "hospital"}, "invalid_record"),
        ({"id": "x", "text": "ok", "date_of_service": "03/14/2026"}, "invalid_record"),
        (["not", "an", "object"], "invalid_record"),
    ],
    ids=["no-text", "text-not-string", "blank-text", "bad-setting", "bad-date", "not-object"],
)
def test_bad_records_become_problems(obj, error_type):
    item = note_from_mapping(obj, "file:1", "file.jsonl:1")
    assert isinstance(item, InputProblem)
    assert item.error_type == error_type


def test_record_context_and_billed_lines_are_read():
    item = note_from_mapping(
        {
            "id": 7,
            "text": "Ketamine infusion",
            "setting": "Facility",
            "payer": "Medicare",
            "date_of_service": "2026-03-14",
            "billed": [{"code": "96365", "units": 1}, {"code": "j3490", "modifiers": ["jz"]}],
            "mrn": "ignored",
        },
        "f:1",
        "f.jsonl:1",
    )
    assert isinstance(item, Note)
    assert (item.note_id, item.setting, item.payer) == ("7", "facility", "medicare")
    assert item.date_of_service.isoformat() == "2026-03-14"
    assert [(b.code, b.units, b.modifiers) for b in item.billed] == [
        ("96365", 1, ()),
        ("J3490", 1, ("JZ",)),
    ]


def test_jsonl_line_numbers_name_unreadable_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "x"}) + "\n\n" + "{oops\n", encoding="utf-8")
    items = list(iter_inputs([path]))
    assert [i.note_id for i in items] == ["a", "batch:3"]
    assert isinstance(items[1], InputProblem) and items[1].error_type == "invalid_json"


def test_missing_paths_are_named(tmp_path):
    with pytest.raises(InputPathError, match=r"gone\.txt"):
        check_paths([tmp_path / "gone.txt"])
