"""Evidence helpers: the spans that support a line or locate a finding.

A finding about a missing element points at the administration it is missing from (its sentence
and drug mention); a finding about the encounter points at the assessment/plan, else the note's
first line, else the first run of non-space characters of the note text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from extraction.models import Administration, CharSpan, ExtractionResult
from validators.models import Evidence

_RUN_RE = re.compile(r"\S+")


def dedupe(items: Iterable[Evidence]) -> tuple[Evidence, ...]:
    """Evidence in first-seen order without repeats of the same label and offsets."""
    seen: set[tuple[str, int, int]] = set()
    out: list[Evidence] = []
    for item in items:
        key = (item.label, item.span.start, item.span.end)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return tuple(out)


def admin_evidence(adm: Administration) -> tuple[Evidence, ...]:
    """Every labelled span of an administration (drug, dose, route, times ...)."""
    return dedupe(Evidence(label=label, span=span) for label, span in adm.spans())


def admin_anchor(adm: Administration, *extra: tuple[str, CharSpan | None]) -> tuple[Evidence, ...]:
    """Where a missing element of ``adm`` should be: its sentence, its drug mention, extras."""
    items = [Evidence(label="administration", span=adm.sentence)]
    if adm.drug is not None:
        items.append(Evidence(label="drug", span=adm.drug.span))
    else:
        items.append(Evidence(label="mention", span=adm.mention))
    for label, span in extra:
        if span is not None:
            items.append(Evidence(label=label, span=span))
    return dedupe(items)


def encounter_anchor(extraction: ExtractionResult, note_text: str) -> tuple[Evidence, ...]:
    """Evidence for an encounter-level finding (missing diagnosis ...).

    Returns:
        The assessment/plan span, else the first line, else the first non-space run of the
        note; an empty tuple only for an empty note (then no finding can be anchored).
    """
    enc = extraction.encounter
    if enc.assessment is not None:
        return (Evidence(label="assessment", span=enc.assessment),)
    if enc.first_line is not None:
        return (Evidence(label="first_line", span=enc.first_line),)
    match = _RUN_RE.search(note_text)
    if match is not None:
        return (Evidence(label="note", span=CharSpan.of(note_text, match.start(), match.end())),)
    if note_text:
        return (Evidence(label="note", span=CharSpan.of(note_text, 0, len(note_text))),)
    return ()
