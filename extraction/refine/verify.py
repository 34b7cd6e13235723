"""Grounding: every proposed fact must be stated by the note, where the model says it is.

For each :class:`~extraction.refine.schema.Proposal`:

1. the quote is located in the text that was sent — exact match first, then ignoring case,
   runs of whitespace, typographic quotes/dashes and edge punctuation — and mapped back to a span
   of the ORIGINAL note (through the redaction map when ``--llm-redact`` is on). Several hits are
   resolved by the distance to the administration's drug mention;
2. a quote for an administration field must lie within ``max_distance`` characters of the
   sentence that administration was read from;
3. the value must agree with the quoted text: a time equal to a clock time in the quote (parsed
   with :func:`extraction.times.parse_clock`), a dose equal to an amount in the quote, a route,
   status or fluid purpose whose cue words are in the quote, a site/indication/reason written in
   the quote. The accepted span is the part of the quote that states the value.

Anything else becomes a :class:`Rejection` with a reason code; nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from extraction.models import (
    Administration,
    CharSpan,
    ClockTime,
    Dose,
    FluidPurpose,
    Route,
    Status,
)
from extraction.refine.redact import MaskedText
from extraction.refine.schema import ENCOUNTER_TARGET, Proposal, ProposalField
from extraction.times import find_times, parse_clock

DEFAULT_MAX_DISTANCE = 600

# Reason codes of a rejection (stable: they are written to results.jsonl).
REASONS = {
    "not_asked": "the rules did not leave this field missing or uncertain",
    "unknown_target": "no such administration (the refiner never creates one)",
    "duplicate": "a value for this field was already accepted",
    "quote_not_found": "the quote is not in the note",
    "quote_far_from_administration": "the quote is not near the administration's sentence",
    "quote_in_injected_text": "the quote is in a line addressed to the model (possible injection)",
    "value_unparseable": "the value is not a valid value for this field",
    "value_not_in_quote": "the quote does not state this value",
    "time_role_conflict": "the quote states this time as another event (a start for a stop ...)",
    "quote_states_other_status": "the quote also states a conflicting status",
    "drug_not_in_quote": "the quote does not name this administration's substance",
    "no_reason_cue": "the quote does not say what the visit was for",
}

# Lines that speak to a language model rather than record care: a quote from them is never
# evidence, whatever it says.
_INJECTION_RE = re.compile(
    r"\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|"
    r"earlier|preceding)\s+(?:instructions?|rules?|prompts?|directions?)|\bignore\s+the\s+rules\b"
    r"|\b(?:note|message|instructions?)\s+(?:to|for)\s+(?:the\s+)?(?:AI|LLM|model|assistant|"
    r"chatbot|GPT)\b|\bas\s+an\s+AI\b|\b(?:AI|LLM)\s+assistant\s*:|^\s*(?:system|assistant)\s*:",
    re.I | re.M,
)

_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})
_EDGE = " \t\r\n\"'.,;:…"


@dataclass(frozen=True)
class Grounded:
    """An accepted proposal: its typed value and where the note states it."""

    proposal: Proposal
    value: Any  # ClockTime | Dose | Route | Status | FluidPurpose | str
    span: CharSpan  # the part of the note that states the value (original offsets)
    quote_span: CharSpan  # the whole quote as located in the note


@dataclass(frozen=True)
class Rejection:
    """A proposal that was not applied, with the reason."""

    proposal: Proposal
    reason: str  # a key of REASONS
    quote_span: CharSpan | None = None

    @property
    def detail(self) -> str:
        return REASONS[self.reason]


# ----------------------------------------------------------------------------------------------
# Locating quotes


def _folded(text: str) -> tuple[str, list[int]]:
    """Lower-cased text with whitespace runs collapsed, and each character's original offset."""
    out: list[str] = []
    where: list[int] = []
    prev_space = False
    for i, ch in enumerate(text.translate(_FOLD)):
        if ch.isspace():
            if prev_space:
                continue
            prev_space = True
            out.append(" ")
            where.append(i)
            continue
        prev_space = False
        low = ch.lower()
        if len(low) != 1:  # e.g. "İ": keep one character so offsets stay one-to-one
            low = ch
        out.append(low)
        where.append(i)
    return "".join(out), where


def _occurrences(haystack: str, needle: str) -> list[int]:
    found: list[int] = []
    pos = haystack.find(needle)
    while pos >= 0:
        found.append(pos)
        pos = haystack.find(needle, pos + 1)
    return found


def _distance(span: tuple[int, int], anchor: tuple[int, int] | None) -> int:
    if anchor is None:
        return span[0]
    if span[1] <= anchor[0]:
        return anchor[0] - span[1]
    if anchor[1] <= span[0]:
        return span[0] - anchor[1]
    return 0


def locate_quote(
    quote: str, text: str, anchor: tuple[int, int] | None = None
) -> tuple[int, int] | None:
    """Half-open offsets of ``quote`` in ``text``, nearest to ``anchor``; None when absent.

    Exact match first; then a match that ignores case, whitespace runs, typographic quotes and
    dashes, and leading/trailing punctuation of the quote.

    >>> locate_quote("Stopped  at 1105", "Ketamine ... stopped at 1105.")
    (13, 28)
    """
    if quote and quote in text:
        hits = [(p, p + len(quote)) for p in _occurrences(text, quote)]
        return min(hits, key=lambda s: (_distance(s, anchor), s[0]))
    core = quote.translate(_FOLD).strip(_EDGE)
    if not core:
        return None
    folded_text, where = _folded(text)
    folded_quote, _ = _folded(core)
    hits = []
    for p in _occurrences(folded_text, folded_quote):
        start = where[p]
        end = where[p + len(folded_quote) - 1] + 1
        hits.append((start, end))
    if not hits:
        return None
    return min(hits, key=lambda s: (_distance(s, anchor), s[0]))


# ----------------------------------------------------------------------------------------------
# Values


_TIME_CANDIDATE_RE = re.compile(
    r"(?<![\w./:,])(?:@\s*)?"
    r"(?:\d{1,2}:\d{2}(?::\d{2})?|\d{1,2}\.\d{2}|\d{3,4}(?!\d)|\d{1,2}(?=\s?[ap]\.?m?\b)|noon|midnight)"
    r"(?:\s?(?:a\.m\.|p\.m\.|a\.m|p\.m|am|pm|a|p)(?!\w))?(?:\s?(?:hrs|hr|h)(?!\w)\.?)?",
    re.I,
)
_AMOUNT_AFTER_RE = re.compile(
    r"\s*(?:mL|ml|cc|mg|mcg|µg|ug|g|gm|grams?|units?|u|iu|meq|mmol|%|kg|lbs?|/|x\b)", re.I
)
_AMOUNT_RE = re.compile(
    r"(?<![\w.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)\s*"
    r"(?P<unit>mg/kg|mcg/kg|units?/kg|mg/m2|milligrams?|micrograms?|mg|mcg|µg|ug|grams?|gm|g|"
    r"milliliters?|ml|cc|liters?|litres?|l|units?|iu|u|meq|mmol)(?![a-z])",
    re.I,
)
_UNITS = {
    "mg": ("mg", 1.0), "milligram": ("mg", 1.0), "milligrams": ("mg", 1.0),
    "mcg": ("mg", 0.001), "µg": ("mg", 0.001), "ug": ("mg", 0.001),
    "microgram": ("mg", 0.001), "micrograms": ("mg", 0.001),
    "g": ("mg", 1000.0), "gm": ("mg", 1000.0), "gram": ("mg", 1000.0), "grams": ("mg", 1000.0),
    "ml": ("mL", 1.0), "cc": ("mL", 1.0), "milliliter": ("mL", 1.0), "milliliters": ("mL", 1.0),
    "l": ("mL", 1000.0), "liter": ("mL", 1000.0), "liters": ("mL", 1000.0),
    "litre": ("mL", 1000.0), "litres": ("mL", 1000.0),
    "unit": ("units", 1.0), "units": ("units", 1.0), "u": ("units", 1.0), "iu": ("units", 1.0),
    "meq": ("meq", 1.0), "mmol": ("mmol", 1.0),
    "mg/kg": ("mg/kg", 1.0), "mcg/kg": ("mg/kg", 0.001), "unit/kg": ("units/kg", 1.0),
    "units/kg": ("units/kg", 1.0), "mg/m2": ("mg/m2", 1.0),
}  # fmt: skip
# The unit written in the record (the extraction's normalised units).
_RECORD_UNIT = {
    "mg": "mg", "milligram": "mg", "milligrams": "mg", "mcg": "mcg", "µg": "mcg", "ug": "mcg",
    "microgram": "mcg", "micrograms": "mcg", "g": "g", "gm": "g", "gram": "g", "grams": "g",
    "ml": "mL", "cc": "mL", "milliliter": "mL", "milliliters": "mL", "l": "L", "liter": "L",
    "liters": "L", "litre": "L", "litres": "L", "unit": "units", "units": "units", "u": "units",
    "iu": "units", "meq": "meq", "mmol": "mmol", "mg/kg": "mg/kg", "mcg/kg": "mcg/kg",
    "unit/kg": "units/kg", "units/kg": "units/kg", "mg/m2": "mg/m2",
}  # fmt: skip

_ROUTE_CUES: dict[Route, str] = {
    Route.IV: r"\bIV\b|\bI\.V\.|\bIVP\b|\bIVPB\b|\bintravenous(?:ly)?\b|\bPIV\b|\bPICC\b|\bport\b",
    Route.IM: r"\bIM\b|\bI\.M\.|\bintramuscular(?:ly)?\b",
    Route.SC: r"\bSC\b|\bSQ\b|\bsub-?q\b|\bsub\s?cut\b|\bsubcut(?:aneous(?:ly)?)?\b|\bs\.c\.",
    Route.INTRANASAL: r"\bintranasal(?:ly)?\b|\bnasal\s+spray\b|\bnasal(?:ly)?\b",
    Route.PO: r"\bPO\b|\bP\.O\.|\bby\s+mouth\b|\boral(?:ly)?\b",
    Route.SUBLINGUAL: r"\bSL\b|\bsublingual(?:ly)?\b",
    Route.TOPICAL: r"\btopical(?:ly)?\b",
    Route.INHALED: r"\binhal(?:ed|ation)\b|\bnebuli[sz]ed\b|\bnebs?\b",
    Route.INTRA_ARTERIAL: r"\bintra-?arterial(?:ly)?\b",
}
_ROUTE_WORDS = {
    "intravenous": Route.IV, "iv push": Route.IV, "ivp": Route.IV, "intramuscular": Route.IM,
    "subcutaneous": Route.SC, "sq": Route.SC, "subq": Route.SC, "nasal": Route.INTRANASAL,
    "oral": Route.PO, "by mouth": Route.PO, "sublingual": Route.SUBLINGUAL,
    "inhalation": Route.INHALED, "intra-arterial": Route.INTRA_ARTERIAL,
}  # fmt: skip

_PURPOSE_CUES: dict[FluidPurpose, str] = {
    FluidPurpose.HYDRATION: r"\b(?:re)?hydrat\w*|\bdehydrat\w*|\bvolume\s+(?:depletion|repletion)"
    r"|\bfluid\s+(?:bolus|resuscitation|replacement)|\bbolus\b|\bpoor\s+(?:po|oral)\s+intake",
    FluidPurpose.KVO: r"\bKVO\b|\bTKO\b|\bkeep\s+(?:the\s+)?veins?\s+open\b|\bto\s+keep\s+open\b",
    FluidPurpose.VEHICLE: r"\bdilut\w*|\bmixed\s+(?:in|with)\b|\bcarrier\b|\bpiggyback\b|\bIVPB\b"
    r"|\badmix\w*|\bin\s+\d+\s*(?:mL|cc)\b|\bwith\s+\d+\s*(?:mL|cc)\b|\bvehicle\b",
    FluidPurpose.FLUSH: r"\bflush\w*",
}
_STATUS_CUES: dict[Status, str] = {
    Status.GIVEN: r"\b(?:given|gave|administered|admin'd|infused|infusing|pushed|injected|"
    r"started|initiated|hung|completed|received|tolerated|ran|running|instilled|sprayed)\b",
    Status.DECLINED: r"\b(?:declin\w*|refus\w*)",
    Status.HELD: r"\b(?:held|hold|holding|deferred)\b",
    Status.PLANNED: r"\b(?:plan\w*|will|scheduled|next\s+(?:visit|week|session)|to\s+be\s+given|"
    r"discuss\w*|consider\w*)\b",
    Status.ORDERED: r"\b(?:order\w*|prescribed)\b",
    Status.HISTORICAL: r"\b(?:last\s+(?:week|month|time|visit)|previous(?:ly)?|prior|"
    r"history\s+of|in\s+the\s+past)\b",
    Status.HYPOTHETICAL: r"\b(?:if|prn|as\s+needed|should)\b",
    Status.NEGATED: r"\b(?:not\s+(?:given|administered|started|infused|done)|did\s+not|didn't|"
    r"was\s+not|wasn't|never\s+(?:given|received|started))\b",
}
# A model may upgrade a status to "given" only when the quote states nothing contrary.
_GIVEN_CONFLICTS = (
    Status.DECLINED,
    Status.HELD,
    Status.PLANNED,
    Status.HYPOTHETICAL,
    Status.NEGATED,
    Status.ORDERED,
)
_REASON_CUE_RE = re.compile(
    r"\b(?:here\s+(?:today\s+)?for|present(?:s|ed|ing)?\s+(?:today\s+)?for|"
    r"reason\s+for\s+(?:the\s+)?(?:visit|encounter|referral)|RFV|chief\s+complaint|CC\s*:|"
    r"scheduled\s+for|arrived?\s+for|arrives\s+for|comes?\s+in\s+for|came\s+in\s+for|"
    r"visit\s+for|referred\s+for|seen\s+(?:today\s+)?for|in\s+clinic\s+for|for\s+(?:his|her|"
    r"their|a|an|the)\s+(?:\w+\s+){0,3}(?:infusion|injection|hydration|treatment|session|dose))",
    re.I,
)
_HYDRATION_NAME_RE = re.compile(
    r"\b(?:hydration|fluids?|IVF|normal\s+saline|saline|NS|LR|lactated\s+ringer'?s?|D5\w*)\b", re.I
)


def parse_dose(text: str) -> tuple[float, str, bool] | None:
    """``(value, unit, per_kg)`` of a whole string such as "4 mg", "0.5 mg/kg" or "1,000 mL".

    >>> parse_dose("0.5 mg/kg"), parse_dose("4mg"), parse_dose("four")
    ((0.5, 'mg/kg', True), (4.0, 'mg', False), None)
    """
    m = _AMOUNT_RE.fullmatch(text.strip())
    if m is None:
        return None
    value = float(m["num"].replace(",", ""))
    if value <= 0:
        return None
    unit = _RECORD_UNIT[m["unit"].lower()]
    return value, unit, unit.endswith("/kg")


def _base(value: float, unit: str) -> tuple[float, str]:
    base_unit, factor = _UNITS[unit.lower()]
    return value * factor, base_unit


def _find_time(quote: str, minute: int) -> tuple[int, int] | None:
    for m in _TIME_CANDIDATE_RE.finditer(quote):
        if _AMOUNT_AFTER_RE.match(quote, m.end()):
            continue
        if parse_clock(m.group()) == minute:
            return m.span()
    return None


def _time_role(quote: str, span: tuple[int, int]) -> str | None:
    """The role the note's time cues give the time at ``span`` of the quote, if any."""
    for mention in find_times(quote):
        if mention.start < span[1] and span[0] < mention.end:
            return mention.role
    return None


# Roles that contradict a proposed start or stop time.
_ROLE_CONFLICTS = {
    ProposalField.START: frozenset({"stop", "hold", "resume"}),
    ProposalField.STOP: frozenset({"start", "hold", "resume"}),
}


def _find_dose(quote: str, dose: tuple[float, str, bool]) -> tuple[int, int] | None:
    want = _base(dose[0], dose[1])
    for m in _AMOUNT_RE.finditer(quote):
        got = _base(float(m["num"].replace(",", "")), m["unit"])
        if got[1] == want[1] and abs(got[0] - want[0]) <= 1e-9 * max(1.0, abs(want[0])):
            return m.span()
    return None


def _find_text(quote: str, value: str) -> tuple[int, int] | None:
    return locate_quote(value, quote)


def _cue(pattern: str, quote: str) -> tuple[int, int] | None:
    m = re.search(pattern, quote, re.I)
    return None if m is None else m.span()


def parse_route(value: str) -> Route | None:
    """A route from its enum value, name or a common word ("intravenous" → IV)."""
    key = value.strip().lower()
    for route in Route:
        if key in (route.value.lower(), route.name.lower()):
            return route
    return _ROUTE_WORDS.get(key)


def _enum(enum: Any, value: str) -> Any:
    key = value.strip().lower().replace(" ", "_")
    for member in enum:
        if key in (member.value.lower(), member.name.lower()):
            return member
    return None


def _names_of(adm: Administration) -> list[str]:
    names = [adm.mention.text]
    if adm.drug is not None:
        names.append(adm.drug.value)
        names.append(adm.drug.span.text)
    return [n for n in names if n.strip()]


# ----------------------------------------------------------------------------------------------
# Verification


def _check_value(
    proposal: Proposal, quote: str, adm: Administration | None
) -> tuple[Any, tuple[int, int]] | str:
    """(typed value, span within the quote) or a reason code."""
    field, value = proposal.field, proposal.value
    if field in (ProposalField.START, ProposalField.STOP):
        minute = parse_clock(value)
        if minute is None:
            return "value_unparseable"
        span = _find_time(quote, minute)
        if span is None:
            return "value_not_in_quote"
        if _time_role(quote, span) in _ROLE_CONFLICTS[field]:
            return "time_role_conflict"
        return ClockTime(minute_of_day=minute), span
    if field is ProposalField.DOSE:
        dose = parse_dose(value)
        if dose is None:
            return "value_unparseable"
        span = _find_dose(quote, dose)
        if span is None:
            return "value_not_in_quote"
        written = parse_dose(quote[span[0] : span[1]])
        assert written is not None  # the same pattern matched it
        return Dose(value=written[0], unit=written[1], per_kg=written[2]), span
    if field is ProposalField.ROUTE:
        route = parse_route(value)
        if route is None or route is Route.OTHER:
            return "value_unparseable"
        span = _cue(_ROUTE_CUES[route], quote)
        return "value_not_in_quote" if span is None else (route, span)
    if field is ProposalField.PURPOSE:
        purpose = _enum(FluidPurpose, value)
        if purpose is None:
            return "value_unparseable"
        span = _cue(_PURPOSE_CUES[purpose], quote)
        return "value_not_in_quote" if span is None else (purpose, span)
    if field is ProposalField.STATUS:
        status = _enum(Status, value)
        if status is None:
            return "value_unparseable"
        span = _cue(_STATUS_CUES[status], quote)
        if span is None:
            return "value_not_in_quote"
        if status is Status.GIVEN and any(
            _cue(_STATUS_CUES[other], quote) for other in _GIVEN_CONFLICTS
        ):
            return "quote_states_other_status"
        return status, span
    if field is ProposalField.SITE:
        span = _find_text(quote, value)
        return "value_not_in_quote" if span is None else (quote[span[0] : span[1]], span)
    if field is ProposalField.INDICATION:
        span = _find_text(quote, value)
        return "value_not_in_quote" if span is None else (quote[span[0] : span[1]], span)
    if field is ProposalField.PRIMARY_REASON:
        if _REASON_CUE_RE.search(quote) is None:
            return "no_reason_cue"
        if adm is not None:
            names = _names_of(adm)
            named = any(locate_quote(n, quote) for n in names)
            if not named and adm.kind == "fluid":
                named = _HYDRATION_NAME_RE.search(quote) is not None
            if not named:
                return "drug_not_in_quote"
        elif _find_text(quote, value) is None:
            return "value_not_in_quote"
        return quote, (0, len(quote))
    return "value_unparseable"  # pragma: no cover - every ProposalField is handled above


def verify_proposal(
    proposal: Proposal,
    sent: MaskedText,
    adm: Administration | None,
    *,
    max_distance: int = DEFAULT_MAX_DISTANCE,
) -> Grounded | Rejection:
    """Ground one proposal (already known to be asked about ``adm`` or the encounter).

    Args:
        proposal: the model's proposal.
        sent: the text that was sent, with its map back to the original note.
        adm: the administration the proposal targets; None for the encounter.
        max_distance: how far (characters) an administration's quote may lie from its sentence.

    Returns:
        The grounded fact, or the rejection with its reason.
    """
    original = sent.original
    anchor = None
    if adm is not None:
        anchor = sent.to_sent(adm.mention.start, adm.mention.end)
    located = locate_quote(proposal.quote, sent.text, anchor)
    if located is None:
        return Rejection(proposal, "quote_not_found")
    start, end = sent.to_original(*located)
    quote_span = CharSpan.of(original, start, end)
    line_start = original.rfind("\n", 0, start) + 1
    line_end = original.find("\n", end)
    lines = original[line_start : len(original) if line_end < 0 else line_end]
    if _INJECTION_RE.search(lines):
        return Rejection(proposal, "quote_in_injected_text", quote_span)
    if adm is not None and proposal.target != ENCOUNTER_TARGET:
        gap = _distance((start, end), (adm.sentence.start, adm.sentence.end))
        if gap > max_distance:
            return Rejection(proposal, "quote_far_from_administration", quote_span)
    checked = _check_value(proposal, quote_span.text, adm)
    if isinstance(checked, str):
        return Rejection(proposal, checked, quote_span)
    value, (s, e) = checked
    return Grounded(proposal, value, CharSpan.of(original, start + s, start + e), quote_span)
