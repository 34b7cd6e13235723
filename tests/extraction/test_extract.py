"""The public API: build_nlp() once, extract() per note; never raises on odd text."""

from __future__ import annotations

import pytest

from extraction import ExtractionResult, build_nlp, extract


def test_extract_returns_result_with_checked_spans(nlp) -> None:
    text = (
        "INFUSION NOTE\nDOS: 03/14/2026\nDx: F33.2 Major depressive disorder.\n"
        "PIV L AC 22g. Ondansetron 4 mg IV push at 0925. Denies SI.\n"
        "Ketamine 35 mg in 100 mL NS IV infusion started 0932, stopped 1014. No waste.\n"
    )
    result = extract(text, nlp)
    assert isinstance(result, ExtractionResult)
    result.check_spans(text)
    assert [a.admin_id for a in result.administrations] == ["A1", "A2"]
    assert [a.drug.value for a in result.administrations] == ["ondansetron", "ketamine"]


def test_extract_builds_and_caches_default_pipeline() -> None:
    first = extract("Zofran 4 mg IVP at 0925.")
    second = extract("Zofran 4 mg IVP at 0925.")
    assert first == second
    assert build_nlp is not None


@pytest.mark.parametrize(
    "text",
    [
        " ",
        "\n\n\n",
        "0930",
        "|||",
        "@@@@ 9999 99:99 ketamine",
        "Ketamine 35 mg IV started 2500 stopped 9:75",
        "\x00 ketamine \u200b 35 mg",
        "Ketamine 0 mg IV at 0930",
        "Ketamine 35 mg in 0 mL NS at 0 mL/hr started 0900",
        "Start Time: | Stop Time: |",
        "(((ketamine IV",
        "é" * 3000,
    ],
    ids=lambda t: repr(t[:20]),
)
def test_extract_never_raises_on_odd_text(nlp, text: str) -> None:
    extract(text, nlp).check_spans(text)
