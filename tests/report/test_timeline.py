"""The SVG timeline: bars, markers, holds, thresholds, overlap, midnight."""

from __future__ import annotations

import re

import pytest

from extraction.models import (
    Administration,
    CharSpan,
    ClockTime,
    Encounter,
    Extracted,
    ExtractionResult,
    Interruption,
    Route,
    Status,
    Technique,
)
from infusion_coder.report.timeline import build_rows, hhmm, render_svg, running_to_clock
from validators.models import AdministrationDecision


def _ex(value, text: str, needle: str, after: str = "") -> Extracted:
    start = text.index(needle, text.index(after) if after else 0)
    return Extracted(value=value, span=CharSpan.of(text, start, start + len(needle)))


def _infusion(text, admin_id, drug, start, stop, *, status=Status.GIVEN, kind="drug", holds=()):
    def hm(token: str) -> ClockTime:
        return ClockTime.parse(f"{token[:2]}:{token[2:]}")

    anchor = text.index(drug)
    return Administration(
        admin_id=admin_id,
        drug=_ex(drug.lower(), text, drug),
        mention=CharSpan.of(text, anchor, anchor + len(drug)),
        kind=kind,
        route=_ex(Route.IV, text, "IV", drug),
        technique=_ex(Technique.INFUSION, text, "infusion" if kind == "drug" else "bolus", drug),
        start=None if start is None else _ex(hm(start), text, start, drug),
        stop=None if stop is None else _ex(hm(stop), text, stop, drug),
        interruptions=tuple(
            Interruption(
                span=_ex(0, text, f"held {a}").span,
                start=_ex(hm(a), text, a, "held"),
                stop=_ex(hm(b), text, b, "held"),
            )
            for a, b in holds
        ),
        status=Extracted(value=status, span=CharSpan.of(text, anchor, anchor + len(drug))),
        sentence=CharSpan.of(text, anchor, len(text)),
    )


def _result(*admins: Administration) -> ExtractionResult:
    return ExtractionResult(administrations=admins, encounter=Encounter())


def test_rows_for_the_ketamine_note(ketamine):
    rows = build_rows(ketamine.extraction, ketamine.coding.decisions)
    by_id = {r.admin_id: r for r in rows}
    assert [r.shape for r in rows] == ["bar", "marker", "bar", "none"]
    ket = by_id["A3"]
    assert (hhmm(ket.start), hhmm(ket.stop), ket.minutes) == ("09:30", "10:12", 37)
    assert [(hhmm(a), hhmm(b)) for a, b in ket.holds] == [("09:45", "09:50")]
    ns = by_id["A1"]
    assert ns.hydration and [(hhmm(a), hhmm(b)) for a, b in ns.overlaps] == [("09:30", "10:12")]
    assert not by_id["A4"].given and by_id["A4"].status == "negated"


def test_svg_has_a_bar_per_infusion_piece_and_a_marker_per_push(ketamine):
    svg = render_svg(build_rows(ketamine.extraction, ketamine.coding.decisions))
    assert len(re.findall(r'<g class="tl-row', svg)) == 4
    # the hydration bar, and the ketamine bar cut in two by its hold
    assert len(re.findall(r'<rect class="tl-bar"', svg)) == 3
    assert svg.count('class="tl-marker"') == 1
    assert svg.count('class="tl-hold"') == 1 and "hold 5 min" in svg
    assert "overlap 42 min" in svg
    assert "negated · not coded" in svg


@pytest.mark.parametrize(
    ("start", "running", "holds", "expected"),
    [
        (570, 15, (), 585),
        (570, 15, ((580, 590),), 595),  # 10 min run, 10 min hold, 5 more
        (570, 15, ((585, 590),), 585),  # reached exactly when the hold starts
        (570, 90, ((560, 575),), 665),  # a hold before the bar's start is already over at 575
    ],
    ids=["no-hold", "hold-inside", "hold-at-threshold", "hold-overlapping-start"],
)
def test_running_minutes_skip_holds(start, running, holds, expected):
    assert running_to_clock(start, running, holds) == expected


def test_threshold_ticks_reached_and_a_near_missed_one():
    text = "Ketamine 35 mg IV infusion 0930 to 1045."
    rows = build_rows(_result(_infusion(text, "A1", "Ketamine", "0930", "1045")))
    svg = render_svg(rows)
    assert re.search(r'class="tl-threshold"><line[^>]*/><text[^>]*>15′', svg)
    # 90 running minutes fall at 11:00, 15 min after the stop: drawn faint, axis widened
    assert re.search(r'class="tl-threshold tl-threshold-missed"><line[^>]*/><text[^>]*>90′', svg)
    assert "150′" not in svg
    assert rows[0].minutes == 75


def test_a_far_missed_threshold_does_not_stretch_the_axis():
    text = "Ketamine 35 mg IV infusion 0930 to 1012."
    svg = render_svg(build_rows(_result(_infusion(text, "A1", "Ketamine", "0930", "1012"))))
    assert "15′" in svg and "90′" not in svg


def test_infusion_crossing_midnight_runs_into_the_next_day():
    text = "Ketamine 35 mg IV infusion 2340 to 0025."
    (row,) = build_rows(_result(_infusion(text, "A1", "Ketamine", "2340", "0025")))
    assert row.stop - row.start == 45 and row.minutes == 45
    svg = render_svg([row])
    assert "midnight" in svg and ">00:00<" in svg


def test_later_administration_after_midnight_stays_after_the_earlier_one():
    text = "NS 1000 mL IV bolus 2300 to 2350. Ketamine 35 mg IV infusion 0010 to 0055."
    rows = build_rows(
        _result(
            _infusion(text, "A1", "NS", "2300", "2350", kind="fluid"),
            _infusion(text, "A2", "Ketamine", "0010", "0055"),
        )
    )
    assert rows[1].start > rows[0].stop


def test_open_ended_infusion_and_planned_drug_are_drawn_differently():
    text = "Ketamine 35 mg IV infusion 0930. Esketamine IV infusion planned 1000 1030."
    rows = build_rows(
        _result(
            _infusion(text, "A1", "Ketamine", "0930", None),
            _infusion(text, "A2", "Esketamine", "1000", "1030", status=Status.PLANNED),
        )
    )
    assert rows[0].shape == "open_stop"
    svg = render_svg(rows)
    assert "stop not documented" in svg
    assert 'class="tl-row tl-drug tl-ng"' in svg


def test_decision_technique_wins_a_short_infusion_is_still_drawn_as_its_bar():
    text = "Ondansetron 4 mg IV infusion 0925 to 0935."
    adm = _infusion(text, "A1", "Ondansetron", "0925", "0935")
    dec = AdministrationDecision(admin_id="A1", tier="therapeutic", technique="push", minutes=10)
    (row,) = build_rows(_result(adm), [dec])
    assert row.shape == "bar" and row.minutes == 10 and "push" in row.detail


def test_drug_label_from_note_is_escaped_in_svg():
    text = "<b>antiemetic</b> IV infusion 0925 to 0945."
    adm = _infusion(text, "A1", "<b>antiemetic</b>", "0925", "0945")
    svg = render_svg(build_rows(_result(adm)))
    assert "<b>" not in svg and "&lt;b&gt;antiemetic" in svg


def test_no_administrations_draws_a_sentence_not_an_empty_chart():
    assert "No administrations" in render_svg([])
