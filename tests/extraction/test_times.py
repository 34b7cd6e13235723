"""Clinical clock times: formats, ranges, roles, and numbers that must never become times."""

from __future__ import annotations

import pytest

from extraction.times import find_times, parse_clock


@pytest.mark.parametrize(
    ("raw", "minute"),
    [
        ("0932", 572),
        ("09:32", 572),
        ("9:32 AM", 572),
        ("9:32a", 572),
        ("9:32 PM", 1292),
        ("9.32", 572),
        ("1530 hrs", 930),
        ("@1015", 615),
        ("at 1015", 615),
        ("2400", 0),
        ("24:00", 0),
        ("12:00 AM", 0),
        ("12 PM", 720),
        ("noon", 720),
        ("midnight", 0),
        ("Glucose 1234", None),
        ("25:10", None),
        ("0960", None),
        ("", None),
    ],
    ids=lambda v: repr(v),
)
def test_parse_clock_normalises_formats(raw: str, minute: int | None) -> None:
    assert parse_clock(raw) == minute


def _found(text: str) -> list[tuple[str, int, str | None]]:
    return [(text[t.start : t.end], t.minute_of_day, t.role) for t in find_times(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Start Time: 0932 | Stop Time: 1014",
         [("0932", 572, "start"), ("1014", 614, "stop")]),
        ("03/14/2026 09:32 Ketamine 35 mg IV Started",
         [("09:32", 572, "start")]),
        ("10:14 Ketamine Stopped", [("10:14", 614, "stop")]),
        ("infused IV 0930-1015 without reaction", [("0930", 570, "start"), ("1015", 615, "stop")]),
        ("was infused IV from 9:30 to 10:15 without reaction",
         [("9:30", 570, "start"), ("10:15", 615, "stop")]),
        ("started 0930, stopped 1012", [("0930", 570, "start"), ("1012", 612, "stop")]),
        ("Ondansetron 4 mg IV push at 0925.", [("0925", 565, "point")]),
        ("Started ketamine 35 mg IV at 0932", [("0932", 572, "start")]),
        ("Ketamine paused at 0950 for BP, resumed at 1000.",
         [("0950", 590, "hold"), ("1000", 600, "resume")]),
        ("held 0950-1000 for BP", [("0950", 590, "hold"), ("1000", 600, "resume")]),
        ("infusion 9:30-10:15 PM", [("9:30", 1290, "start"), ("10:15 PM", 1335, "stop")]),
        ("between 0930 and 1015", [("0930", 570, "start"), ("1015", 615, "stop")]),
        ("NS bolus started 2330, completed 0030", [("2330", 1410, "start"), ("0030", 30, "stop")]),
        ("| 14:20 | NS bolus completed | 1000 mL in |", [("14:20", 860, "stop")]),
        ("| Drug | Start | Stop |\n|---|---|---|\n| Ketamine | 0932 | 1014 |",
         [("0932", 572, "start"), ("1014", 614, "stop")]),
        ("Iron sucrose 200 mg IVPB - Start 14:02 / Stop 14:17.",
         [("14:02", 842, "start"), ("14:17", 857, "stop")]),
    ],
    ids=[
        "template-fields", "mar-start", "mar-stop", "dash-range", "from-to", "started-stopped",
        "push-at", "clause-verb", "hold-resume", "hold-range", "pm-borrowed", "between-and",
        "midnight-rollover", "table-row-action", "table-column-header", "slash-separated",
    ],
)  # fmt: skip
def test_find_times_reads_clinical_time_expressions(text: str, expected: list) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Glucose 1234 mg/dL",
        "NS 1500 mL bolus",
        "BP 128/82, HR 74",
        "pain 8/10",
        "Ketamine 1000 mg in 250 mL",
        "x1000",
        "MRN 4471",
        "Epinephrine 1:10,000",
        "Pt had 6 infusions in 2024.",
        "DOB 1948 and 2026-03-14",
        "Temp 38.5 C. Weight 72.5 kg",
        "stage IV, 1200 kcal diet",
    ],
)
def test_find_times_ignores_amounts_vitals_labs_and_ids(text: str) -> None:
    assert find_times(text) == []


def test_find_times_offsets_point_into_the_text() -> None:
    text = "Note\r\n  Start: 0932\r\n  Stop: 1014\r\n"
    for t in find_times(text):
        assert parse_clock(text[t.start : t.end]) == t.minute_of_day
    assert len(find_times(text)) == 2
