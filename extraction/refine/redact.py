"""Mask identifiers before a note leaves the machine, and map spans back to the original.

:func:`find_phi` finds names (from ``Patient:``/``Name:``-style header lines, honorifics such as
"Mr. Smith", signatures such as "Jane Doe, RN" — and every later use of a name found that way),
dates of birth, record numbers and other identifiers, phone numbers, e-mail addresses and street
addresses. :func:`mask` replaces spans with placeholders (``[NAME]``, ``[DOB]`` ...) and returns a
:class:`MaskedText` whose offset map converts a span of the sent text back to a span of the
original note, so that quotes from the model are grounded in the original text. Dates of service,
times, doses and drug names are never masked: the model needs them.

This is pattern-based de-identification. It catches what the patterns describe and nothing else
(a name written without a header, honorific or credential — "pt's husband Bob" — goes through);
the README says so.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}"
    r"|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4})"
)
_NAME_HEADER_RE = re.compile(
    r"(?im)^[ \t]*(?P<key>patient(?:'s)?(?:\s+(?:full\s+)?name)?|pt\.?(?:\s+name)?|name|client|"
    r"guardian|parent|mother|father|spouse|emergency\s+contact|contact|caregiver|nurse|rn|"
    r"provider|physician|attending|prescriber|clinician|referring(?:\s+(?:provider|physician))?|"
    r"(?:electronically\s+)?signed(?:\s+by)?|co-?signed(?:\s+by)?|author|entered\s+by)"
    r"[ \t]*[:#][ \t]*"
)
_NAME_TOKEN_RE = re.compile(r"[A-Z][A-Za-z'’-]*\.?,?|[A-Z]\.")
_TITLES = frozenset(
    "mr mrs ms miss mx dr prof rn md do np pa pa-c lpn crna pharmd aprn fnp dnp phd".split()
)
# Words that may follow a name on a header line and are not part of it.
_STOP_WORDS = frozenset(
    "dob mrn age sex dos date male female m f y/o yo id acct account phone tel room rm bed "
    "visit encounter".split()
)
_HONORIFIC_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+(?P<name>[A-Z][a-z'’-]+(?:[ \t]+[A-Z][a-z'’-]+)?)"
)
_SIGNATURE_RE = re.compile(
    r"(?P<name>\b[A-Z][a-z'’-]+(?:[ \t]+[A-Z]\.)?[ \t]+[A-Z][a-z'’-]+),?[ \t]+"
    r"(?:RN|MD|DO|NP|PA-C|PA|LPN|CRNA|PharmD|APRN|FNP|DNP)\b"
)
_DOB_RE = re.compile(
    r"(?i:\b(?:DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?))"
    r"[ \t]*[:#]?[ \t]*(?P<v>" + _DATE + r")"
)
_ID_RE = re.compile(
    r"(?i:\b(?:MRN|MR\s*#|medical\s+record(?:\s+(?:number|no\.?|#))?|acct(?:ount)?"
    r"(?:\s+(?:number|no\.?|#))?|patient\s+id|pt\s+id|member\s+id|subscriber\s+id|"
    r"policy(?:\s+(?:number|no\.?|#))?|ssn|csn|fin|encounter\s+(?:number|no\.?|#|id)|id\s*#))"
    r"[ \t]*[:#]?[ \t]*(?P<v>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{3,})\b"
)
_SSN_RE = re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")
_PHONE_RE = re.compile(
    r"(?<![\d/.-])(?:\+?1[ .-]?)?(?:\(\d{3}\)[ \t]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\d/-])"
)
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ADDRESS_HEADER_RE = re.compile(
    r"(?im)^[ \t]*(?:home\s+)?(?:address|addr)[ \t]*[:#][ \t]*(?P<v>[^\n]*\S)"
)
_STREET_RE = re.compile(
    r"\b\d{1,6}[ \t]+(?:[NSEW]\.?[ \t]+)?(?:[A-Z][A-Za-z]+[ \t]+){1,3}"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|"
    r"Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy)\b\.?"
    r"(?:,?[ \t]+(?:Apt|Unit|Suite|Ste|#)\.?[ \t]*\w+)?"
    r"(?:,[ \t]*[A-Z][A-Za-z]+(?:[ \t]+[A-Z][A-Za-z]+)*)?(?:,?[ \t]+[A-Z]{2})?"
    r"(?:[ \t]+\d{5}(?:-\d{4})?)?"
)
_CITY_ZIP_RE = re.compile(
    r"\b[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)*,[ \t]*[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?\b"
)

PLACEHOLDERS = {
    "name": "[NAME]",
    "dob": "[DOB]",
    "id": "[ID]",
    "phone": "[PHONE]",
    "email": "[EMAIL]",
    "address": "[ADDRESS]",
    "delimiter": "[removed]",
}


@dataclass(frozen=True, slots=True)
class Replacement:
    """Replace ``original[start:end]`` by the placeholder of ``label``."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class MaskedText:
    """A text as sent, with the map back to the original.

    Attributes:
        original: the note text.
        text: the text after masking (what is sent).
        segments: ``(orig_start, orig_end, sent_start, sent_end, replaced)`` covering both texts
            in order; unreplaced segments have equal lengths.
        counts: how many spans of each label were masked (no text).
    """

    original: str
    text: str
    segments: tuple[tuple[int, int, int, int, bool], ...]
    counts: dict[str, int]

    def _segment(self, pos: int, *, sent: bool) -> tuple[int, int, int, int, bool]:
        starts = [s[2] if sent else s[0] for s in self.segments]
        i = max(0, bisect.bisect_right(starts, pos) - 1)
        return self.segments[i]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of :attr:`text` to the original (a placeholder maps to the whole
        span it replaced)."""
        if not self.segments:
            return start, end
        os_, _, ss, _, replaced = self._segment(start, sent=True)
        new_start = os_ if replaced else os_ + (start - ss)
        os2, oe2, ss2, _, replaced2 = self._segment(max(start, end - 1), sent=True)
        new_end = oe2 if replaced2 else os2 + (end - ss2)
        return new_start, new_end

    def to_sent(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the original to :attr:`text`."""
        if not self.segments:
            return start, end
        os_, _, ss, _, replaced = self._segment(start, sent=False)
        new_start = ss if replaced else ss + (start - os_)
        os2, _, ss2, se2, replaced2 = self._segment(max(start, end - 1), sent=False)
        new_end = se2 if replaced2 else ss2 + (end - os2)
        return new_start, new_end


def mask(text: str, replacements: Iterable[Replacement]) -> MaskedText:
    """Apply non-overlapping replacements (overlaps keep the earlier, then the longer one)."""
    chosen: list[Replacement] = []
    for rep in sorted(replacements, key=lambda r: (r.start, -(r.end - r.start))):
        if rep.end <= rep.start:
            continue
        if chosen and rep.start < chosen[-1].end:
            continue
        prev = chosen[-1] if chosen else None
        gap = text[prev.end : rep.start] if prev is not None else "x"
        if prev is not None and prev.label == rep.label and gap.strip(" \t") == "":
            # "[NAME] [NAME]" would tell the model where a first and last name were; and a
            # quote spanning both must map back to one span
            chosen[-1] = Replacement(prev.start, rep.end, rep.label)
            continue
        chosen.append(rep)
    pieces: list[str] = []
    segments: list[tuple[int, int, int, int, bool]] = []
    orig = sent = 0
    for rep in chosen:
        if rep.start > orig:
            n = rep.start - orig
            segments.append((orig, rep.start, sent, sent + n, False))
            pieces.append(text[orig : rep.start])
            sent += n
        holder = PLACEHOLDERS[rep.label]
        segments.append((rep.start, rep.end, sent, sent + len(holder), True))
        pieces.append(holder)
        sent += len(holder)
        orig = rep.end
    if orig < len(text) or not segments:
        segments.append((orig, len(text), sent, sent + len(text) - orig, False))
        pieces.append(text[orig:])
    return MaskedText(
        original=text,
        text="".join(pieces),
        segments=tuple(segments),
        counts=dict(Counter(rep.label for rep in chosen)),
    )


def _header_names(text: str) -> list[tuple[int, int]]:
    """Spans of the name after each ``Patient:``-style header key."""
    spans: list[tuple[int, int]] = []
    for m in _NAME_HEADER_RE.finditer(text):
        pos = m.end()
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        first = last = None
        words = 0
        while pos < line_end:
            while pos < line_end and text[pos] in " \t":
                pos += 1
            tok = _NAME_TOKEN_RE.match(text, pos, line_end)
            if tok is None:
                break
            word = tok.group().rstrip(".,").lower()
            if word in _STOP_WORDS:
                break
            if word not in _TITLES:
                if first is None:
                    first = tok.start()
                last = tok.start() + len(tok.group().rstrip(","))
                words += 1
            pos = tok.end()
            if tok.group().endswith(",") and first is not None and last is not None:
                # "SMITH, JOHN" goes on; "John Smith, DOB ..." stops at the stop word.
                continue
        # "Pt:" also heads clinical lines ("Pt: Tolerated well"): only a full name counts there
        if m["key"].lower().startswith("pt") and words < 2:
            continue
        if first is not None and last is not None and last > first:
            spans.append((first, last))
    return spans


def find_phi(text: str) -> list[Replacement]:
    """Every identifier span the patterns find in ``text`` (offsets into ``text``)."""
    found: list[Replacement] = []
    names: set[str] = set()

    def add_name(start: int, end: int) -> None:
        found.append(Replacement(start, end, "name"))
        for word in re.findall(r"[A-Za-z][A-Za-z'’-]+", text[start:end]):
            if len(word) >= 2 and word.lower() not in _TITLES:
                names.add(word)

    for start, end in _header_names(text):
        add_name(start, end)
    for m in _HONORIFIC_RE.finditer(text):
        add_name(*m.span("name"))
    for m in _SIGNATURE_RE.finditer(text):
        add_name(*m.span("name"))
    full_names = {text[r.start : r.end] for r in found}
    for full in sorted(full_names, key=len, reverse=True):
        for m in re.finditer(r"\b" + re.escape(full) + r"\b", text):
            found.append(Replacement(m.start(), m.end(), "name"))
    for name in sorted(names, key=len, reverse=True):
        variants = {re.escape(name), re.escape(name.upper())}
        for m in re.finditer(r"\b(?:" + "|".join(sorted(variants)) + r")\b", text):
            found.append(Replacement(m.start(), m.end(), "name"))
    for m in _DOB_RE.finditer(text):
        found.append(Replacement(*m.span("v"), "dob"))
    for m in _ID_RE.finditer(text):
        found.append(Replacement(*m.span("v"), "id"))
    for m in _SSN_RE.finditer(text):
        found.append(Replacement(*m.span(), "id"))
    for m in _EMAIL_RE.finditer(text):
        found.append(Replacement(*m.span(), "email"))
    for m in _PHONE_RE.finditer(text):
        found.append(Replacement(*m.span(), "phone"))
    for m in _ADDRESS_HEADER_RE.finditer(text):
        found.append(Replacement(*m.span("v"), "address"))
    for pattern in (_STREET_RE, _CITY_ZIP_RE):
        for m in pattern.finditer(text):
            found.append(Replacement(*m.span(), "address"))
    return found


def find_literal(text: str, needles: Iterable[str], label: str = "delimiter") -> list[Replacement]:
    """Every occurrence of each needle (case-insensitive), e.g. the prompt's note delimiters."""
    out: list[Replacement] = []
    for needle in needles:
        for m in re.finditer(re.escape(needle), text, re.I):
            out.append(Replacement(m.start(), m.end(), label))
    return out


def redact(text: str) -> MaskedText:
    """``mask(text, find_phi(text))``."""
    return mask(text, find_phi(text))
