"""Builders for validator tests: Administration records anchored into realistic note text.

Every span is taken from the note with ``CharSpan.of`` after finding its text, so a typo in a
test fails loudly and ``text[s:e] == span.text`` always holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from extraction.lexicon import load_drug_lexicon
from extraction.models import (
    Administration,
    BilledLine,
    CharSpan,
    ClockTime,
    Diagnosis,
    Dose,
    Encounter,
    Extracted,
    ExtractionResult,
    FluidPurpose,
    Interruption,
    Rate,
    Route,
    Status,
    Technique,
)
from validators import code_encounter, load_profile
from validators.models import CodingResult, EncounterContext

Needle = str | tuple[str, int]  # text, or (text, nth occurrence within the scope)


class NoteBuilder:
    """Builds extraction records whose spans point into ``text``."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lexicon = load_drug_lexicon()

    # -- spans --------------------------------------------------------------------------
    def span(self, needle: Needle, scope: CharSpan | None = None) -> CharSpan:
        """The span of ``needle`` (optionally the nth occurrence) inside ``scope`` or the note."""
        text, nth = (needle, 0) if isinstance(needle, str) else needle
        lo = scope.start if scope is not None else 0
        hi = scope.end if scope is not None else len(self.text)
        start = lo - 1
        for _ in range(nth + 1):
            start = self.text.find(text, start + 1, hi)
            if start < 0:
                raise ValueError(f"{text!r} (occurrence {nth}) not found in scope {lo}:{hi}")
        return CharSpan.of(self.text, start, start + len(text))

    def ex(self, needle: Needle, value: Any, scope: CharSpan | None = None) -> Extracted[Any]:
        return Extracted(value=value, span=self.span(needle, scope))

    # -- records ------------------------------------------------------------------------
    def admin(
        self,
        admin_id: str,
        sentence: Needle,
        drug: Needle | None,
        *,
        name: str | None = None,
        kind: str | None = None,
        dose: tuple[Needle, float, str] | None = None,
        per_kg: bool = False,
        volume: tuple[Needle, float, str] | None = None,
        rate: tuple[Needle, float, str] | None = None,
        route: str | tuple[str, str] | None = None,  # needle == value, or (needle, value)
        technique: tuple[Needle, str] | None = None,
        site: Needle | None = None,
        start: Needle | None = None,
        stop: Needle | None = None,
        duration: tuple[Needle, int] | None = None,
        holds: Sequence[tuple[Needle, Needle | None, Needle | None]] = (),
        status: str = "given",
        status_text: Needle | None = None,
        purpose: tuple[Needle, str] | None = None,
        line_id: str | None = None,
        separate_encounter: Needle | None = None,
        separate_site: Needle | None = None,
        waste: tuple[Needle, float, str] | None = None,
        zero_waste: Needle | None = None,
        drug_id: str | None = "auto",
    ) -> Administration:
        """One administration; needles are searched within the sentence."""
        sent = self.span(sentence)
        drug_ex = None
        mention = None
        if drug is not None:
            canonical = name or (drug if isinstance(drug, str) else drug[0])
            entry = self.lexicon.by_name(canonical)
            drug_ex = Extracted(
                value=entry.name if entry is not None else canonical,
                span=self.span(drug, sent),
            )
            mention = drug_ex.span
            if drug_id == "auto":
                drug_id = entry.id if entry is not None else None
            if kind is None:
                kind = entry.kind if entry is not None else "drug"
        else:
            mention = self.span(name or sent.text.split()[0], sent)
            if drug_id == "auto":
                drug_id = None
        route_ex = None
        if route is not None:
            needle, value = route if isinstance(route, tuple) else (route, route)
            route_ex = Extracted(value=Route(value), span=self.span(needle, sent))
        return Administration(
            admin_id=admin_id,
            drug=drug_ex,
            mention=mention,
            drug_id=drug_id,
            kind=kind or "drug",
            dose=(
                Extracted(
                    value=Dose(value=dose[1], unit=dose[2], per_kg=per_kg),
                    span=self.span(dose[0], sent),
                )
                if dose
                else None
            ),
            volume=(
                Extracted(
                    value=Dose(value=volume[1], unit=volume[2]), span=self.span(volume[0], sent)
                )
                if volume
                else None
            ),
            rate=(
                Extracted(value=Rate(value=rate[1], unit=rate[2]), span=self.span(rate[0], sent))
                if rate
                else None
            ),
            route=route_ex,
            technique=(
                Extracted(value=Technique(technique[1]), span=self.span(technique[0], sent))
                if technique
                else None
            ),
            site=self.ex(site, site if isinstance(site, str) else site[0], sent) if site else None,
            start=self._time(start, sent),
            stop=self._time(stop, sent),
            duration_minutes=(
                Extracted(value=duration[1], span=self.span(duration[0], sent))
                if duration
                else None
            ),
            interruptions=tuple(
                Interruption(
                    span=self.span(h[0]),
                    start=self._time(h[1], self.span(h[0])),
                    stop=self._time(h[2], self.span(h[0])),
                )
                for h in holds
            ),
            status=Extracted(
                value=Status(status),
                span=self.span(status_text, sent) if status_text else (mention or sent),
            ),
            purpose=(
                Extracted(value=FluidPurpose(purpose[1]), span=self.span(purpose[0], sent))
                if purpose
                else None
            ),
            sentence=sent,
            line_id=line_id,
            separate_encounter=self.ex(separate_encounter, "separate encounter")
            if separate_encounter
            else None,
            separate_site=self.ex(separate_site, "separate site") if separate_site else None,
            waste=(
                Extracted(value=Dose(value=waste[1], unit=waste[2]), span=self.span(waste[0], sent))
                if waste
                else None
            ),
            zero_waste=self.span(zero_waste) if zero_waste else None,
        )

    def _time(self, needle: Needle | None, scope: CharSpan) -> Extracted[ClockTime] | None:
        if needle is None:
            return None
        span = self.span(needle, scope)
        return Extracted(value=ClockTime.parse(span.text), span=span)

    def encounter(
        self,
        *,
        diagnoses: Sequence[tuple[Needle, str | None]] = (),
        indications: Sequence[Needle] = (),
        dehydration: Sequence[Needle] = (),
        primary_reason: Needle | None = None,
        primary_reason_admin: str | None = None,
        primary_reason_kind: str | None = None,
        separate_encounter: Sequence[Needle] = (),
        separate_site: Sequence[Needle] = (),
        waste_statements: Sequence[Needle] = (),
        weight_kg: tuple[Needle, float] | None = None,
        rems: Needle | None = None,
        monitoring: Needle | None = None,
        assessment: Needle | None = None,
        first_line: Needle | None = None,
        date: tuple[Needle, dt.date] | None = None,
    ) -> Encounter:
        def texts(items: Sequence[Needle]) -> tuple[Extracted[str], ...]:
            return tuple(self.ex(i, self.span(i).text) for i in items)

        return Encounter(
            date_of_service=self.ex(date[0], date[1]) if date else None,
            primary_reason=self.ex(primary_reason, self.span(primary_reason).text)
            if primary_reason
            else None,
            primary_reason_admin=primary_reason_admin,
            primary_reason_kind=primary_reason_kind,
            diagnoses=tuple(
                Diagnosis(code=code, text=self.span(needle).text, span=self.span(needle))
                for needle, code in diagnoses
            ),
            indications=texts(indications),
            dehydration_evidence=texts(dehydration),
            separate_encounter=texts(separate_encounter),
            separate_site=texts(separate_site),
            waste_statements=texts(waste_statements),
            weight_kg=self.ex(weight_kg[0], weight_kg[1]) if weight_kg else None,
            rems=self.ex(rems, self.span(rems).text) if rems else None,
            monitoring=self.ex(monitoring, self.span(monitoring).text) if monitoring else None,
            assessment=self.span(assessment) if assessment else None,
            first_line=self.span(first_line) if first_line else None,
        )

    def result(
        self, *admins: Administration, encounter: Encounter | None = None
    ) -> ExtractionResult:
        res = ExtractionResult(administrations=tuple(admins), encounter=encounter or Encounter())
        res.check_spans(self.text)
        return res

    def code(
        self,
        extraction: ExtractionResult,
        setting: str = "office",
        payer: str = "commercial",
        date: dt.date | None = dt.date(2026, 3, 2),
        billed: Sequence[tuple[str, int] | tuple[str, int, tuple[str, ...]]] | None = None,
    ) -> CodingResult:
        context = EncounterContext(
            note_text=self.text,
            setting=setting,
            payer=payer,
            date_of_service=date,
            billed=tuple(
                BilledLine(code=b[0], units=b[1], modifiers=b[2] if len(b) > 2 else ())  # type: ignore[misc]
                for b in billed
            )
            if billed is not None
            else None,
        )
        return code_encounter(extraction, context, load_profile(setting, payer))


def lines_of(result: CodingResult, kinds: tuple[str, ...] = ("administration", "drug")) -> set[str]:
    """``{"96365", "96375", "J2405x4", "96372-XSx2"}``: code, modifiers, units (×1 omitted)."""
    out = set()
    for line in result.lines:
        if line.kind not in kinds:
            continue
        mods = "".join(f"-{m}" for m in line.modifiers)
        out.add(f"{line.code}{mods}" + (f"x{line.units}" if line.units != 1 else ""))
    return out


def categories(result: CodingResult) -> set[str]:
    return {str(f.category) for f in result.findings}


def rule_ids(result: CodingResult) -> set[str]:
    return {f.rule_id for f in result.findings}


@pytest.fixture(scope="session")
def lexicon() -> Any:
    return load_drug_lexicon()


@pytest.fixture(scope="session")
def nb() -> type[NoteBuilder]:
    """The note builder class: ``b = nb(NOTE_TEXT)``."""
    return NoteBuilder


@pytest.fixture(scope="session", name="lines_of")
def lines_of_fixture() -> Any:
    return lines_of


@pytest.fixture(scope="session", name="categories")
def categories_fixture() -> Any:
    return categories


@pytest.fixture(scope="session", name="rule_ids")
def rule_ids_fixture() -> Any:
    return rule_ids
