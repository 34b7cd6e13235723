"""Builders shared by the refiner tests: hand-built extractions, notes, canned answers.

The extractions are built by hand (the refiner is tested without the rule extractor). Every span
is made with ``CharSpan.of`` from a substring of the note, so offsets check themselves.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from extraction.models import (
    Administration,
    CharSpan,
    ClockTime,
    Dose,
    Encounter,
    Extracted,
    ExtractionResult,
    FluidPurpose,
    Route,
    Status,
    Technique,
)

CHAT_PATH = "/v1/chat/completions"


# ----------------------------------------------------------------------------------------------
# Hand-built extraction records


def span(text: str, needle: str, occurrence: int = 0) -> CharSpan:
    """The span of the ``occurrence``-th exact ``needle`` in ``text``."""
    starts = [m.start() for m in re.finditer(re.escape(needle), text)]
    assert len(starts) > occurrence, f"{needle!r} not in the note"
    s = starts[occurrence]
    return CharSpan.of(text, s, s + len(needle))


def sentence_of(text: str, at: CharSpan) -> CharSpan:
    """The line containing ``at`` (the tests' notes have one statement per line)."""
    s = text.rfind("\n", 0, at.start) + 1
    e = text.find("\n", at.end)
    return CharSpan.of(text, s, len(text) if e < 0 else e)


def admin(
    text: str,
    admin_id: str,
    mention: str,
    *,
    drug: str | None = None,
    kind: str = "drug",
    status: Status = Status.GIVEN,
    status_cue: str | None = None,
    dose: tuple[str, float, str] | None = None,
    route: tuple[str, Route] | None = None,
    technique: tuple[str, Technique] | None = None,
    start: str | None = None,
    stop: str | None = None,
    site: str | None = None,
    purpose: tuple[str, FluidPurpose] | None = None,
    occurrence: int = 0,
) -> Administration:
    """An administration whose spans are the named substrings of ``text``.

    Times are given as the substring of the note; their value is parsed with parse_clock.
    """
    from extraction.times import parse_clock

    m = span(text, mention, occurrence)
    sentence = sentence_of(text, m)

    def near(needle: str) -> CharSpan:
        # the occurrence of needle closest to the mention
        hits = [mm.start() for mm in re.finditer(re.escape(needle), text)]
        assert hits, f"{needle!r} not in the note"
        s = min(hits, key=lambda h: abs(h - m.start))
        return CharSpan.of(text, s, s + len(needle))

    def clock(needle: str) -> Extracted[ClockTime]:
        sp = near(needle)
        minute = parse_clock(needle)
        assert minute is not None
        return Extracted[ClockTime](
            value=ClockTime(minute_of_day=minute), span=sp, source="rule:test"
        )

    fields: dict[str, Any] = {}
    if dose is not None:
        fields["dose"] = Extracted[Dose](
            value=Dose(value=dose[1], unit=dose[2]), span=near(dose[0]), source="rule:test"
        )
    if route is not None:
        fields["route"] = Extracted[Route](value=route[1], span=near(route[0]), source="rule:test")
    if technique is not None:
        fields["technique"] = Extracted[Technique](
            value=technique[1], span=near(technique[0]), source="rule:test"
        )
    if start is not None:
        fields["start"] = clock(start)
    if stop is not None:
        fields["stop"] = clock(stop)
    if site is not None:
        fields["site"] = Extracted[str](value=site, span=near(site), source="rule:test")
    if purpose is not None:
        fields["purpose"] = Extracted[FluidPurpose](
            value=purpose[1], span=near(purpose[0]), source="rule:test"
        )
    status_span = near(status_cue) if status_cue is not None else m
    return Administration(
        admin_id=admin_id,
        drug=Extracted[str](value=drug, span=m, source="rule:test") if drug else None,
        mention=m,
        kind=kind,
        status=Extracted[Status](value=status, span=status_span, source="rule:test"),
        sentence=sentence,
        **fields,
    )


def extraction(*administrations: Administration, **encounter: Any) -> ExtractionResult:
    return ExtractionResult(administrations=administrations, encounter=Encounter(**encounter))


# ----------------------------------------------------------------------------------------------
# Notes

KETAMINE_NOTE = (
    "Patient: Maria Gonzalez    DOB: 04/12/1979    MRN: 00482913\n"
    "Phone: (555) 201-3344\n"
    "Date of service: 11/03/2025\n"
    "Reason for visit: ketamine infusion #3 for treatment-resistant depression (F33.2).\n"
    "\n"
    "Infusion record:\n"
    "0905 PIV placed L antecubital, 22g, flushed with 10 mL NS.\n"
    "Ketamine 35 mg in 100 mL NS IV infusion started at 0915 via pump.\n"
    "Pt tolerated well. Vitals stable q15 min. Dissociation mild, resolved.\n"
    "Ketamine infusion completed at 1002; IV removed, site clean and dry.\n"
    "Ondansetron 4 mg IV push at 0950 for nausea.\n"
    "Discharged 1045 with driver. Maria Gonzalez to return in one week.\n"
    "Signed: Alan Reyes, RN\n"
)


def ketamine_extraction(text: str = KETAMINE_NOTE) -> ExtractionResult:
    """The rules found the start but missed the stop (it is in a later sentence)."""
    ketamine = admin(
        text,
        "A1",
        "Ketamine",
        drug="ketamine",
        status_cue="started",
        dose=("35 mg", 35.0, "mg"),
        route=("IV", Route.IV),
        technique=("infusion", Technique.INFUSION),
        start="0915",
        site="L antecubital",
    )
    ondansetron = admin(
        text,
        "A2",
        "Ondansetron",
        drug="ondansetron",
        status_cue="push",
        dose=("4 mg", 4.0, "mg"),
        route=("IV", Route.IV),
        technique=("push", Technique.PUSH),
        start="0950",
        site="L antecubital",
    )
    reason = span(text, "Reason for visit: ketamine infusion #3")
    indication = span(text, "treatment-resistant depression")
    return extraction(
        ketamine,
        ondansetron,
        primary_reason=Extracted[str](value=reason.text, span=reason, source="rule:test"),
        primary_reason_admin="A1",
        primary_reason_kind="ketamine",
        indications=(Extracted[str](value=indication.text, span=indication, source="rule:test"),),
    )


# ----------------------------------------------------------------------------------------------
# Fake OpenAI-compatible server


def chat_response(
    content: str | None,
    *,
    finish_reason: str = "stop",
    refusal: str | None = None,
    usage: tuple[int, int] = (120, 30),
) -> dict[str, Any]:
    """A chat.completion body as OpenAI returns it."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if refusal is not None:
        message["refusal"] = refusal
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1764000000,
        "model": "test-model",
        "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
        "usage": {
            "prompt_tokens": usage[0],
            "completion_tokens": usage[1],
            "total_tokens": usage[0] + usage[1],
        },
    }


def proposals(*items: tuple[str, str, str, str]) -> str:
    """The JSON a model answers with: (target, field, value, quote) tuples."""
    return json.dumps(
        {
            "proposals": [
                dict(zip(("target", "field", "value", "quote"), i, strict=True)) for i in items
            ]
        }
    )


def request_json(request: Request) -> dict[str, Any]:
    return json.loads(request.get_data(as_text=True))


def respond(llm_server: HTTPServer, handler: Callable[[Request], Response]) -> None:
    """Serve every chat request with ``handler``."""
    llm_server.expect_request(CHAT_PATH, method="POST").respond_with_handler(handler)


def json_response(body: dict[str, Any], status: int = 200, **headers: str) -> Response:
    return Response(
        json.dumps(body), status=status, headers=headers, content_type="application/json"
    )
