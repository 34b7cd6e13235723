"""Highlight segments: overlapping, nested and adjacent spans → non-overlapping segments.

Evidence spans overlap freely (a dose inside a status phrase, a line's evidence equal to an
administration's drug span, two findings on the same time). The note text is cut at every span
boundary; each piece gets the set of kinds, labels and references covering it, so the page can
colour it by kind and the script can find every piece of one line's or finding's evidence.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extraction.models import CharSpan

# Highlight kinds in legend order, with the legend wording.
KINDS: dict[str, str] = {
    "drug": "Drug",
    "time": "Time (start / stop)",
    "dose": "Dose / volume / rate",
    "route": "Route / technique",
    "site": "Site",
    "hold": "Hold / interruption",
    "status": "Status wording",
    "diagnosis": "Diagnosis",
    "indication": "Indication / purpose",
    "context": "Other context",
}

_KIND_OF_LABEL: dict[str, str] = {
    "drug": "drug",
    "mention": "drug",
    "dose": "dose",
    "volume": "dose",
    "rate": "dose",
    "waste": "dose",
    "zero_waste": "dose",
    "weight": "dose",
    "route": "route",
    "technique": "route",
    "site": "site",
    "start": "time",
    "stop": "time",
    "duration": "time",
    "time": "time",
    "date_of_service": "time",
    "interruption": "hold",
    "hold_start": "time",
    "hold_stop": "time",
    "hold": "hold",
    "status": "status",
    "diagnosis": "diagnosis",
    "indication": "indication",
    "purpose": "indication",
    "dehydration": "indication",
    "primary_reason": "indication",
}


def kind_of(label: str) -> str:
    """The highlight kind of an evidence label (``"start_time"`` → ``"time"``)."""
    key = label.lower()
    if key in _KIND_OF_LABEL:
        return _KIND_OF_LABEL[key]
    head = key.split("_", 1)[0]
    return _KIND_OF_LABEL.get(head, "context")


@dataclass(frozen=True, slots=True)
class Mark:
    """One span to highlight.

    Attributes:
        start: first character (inclusive).
        end: last character (exclusive).
        label: the evidence label (``"drug"``, ``"stop"``), shown on hover.
        kind: the highlight kind (colour), or ``None`` for a mark that only carries a reference.
        ref: the reference the page selects by (``"a0"`` administration, ``"l1"`` line,
            ``"f2"`` finding), or ``None``.
        muted: the mark belongs to an administration that was not given.
        flag: an extra class for the piece (``"fx-error"``: evidence of an error finding).
    """

    start: int
    end: int
    label: str
    kind: str | None = None
    ref: str | None = None
    muted: bool = False
    flag: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of the note text and everything covering it (all empty: plain text)."""

    start: int
    end: int
    kinds: frozenset[str] = frozenset()
    labels: frozenset[str] = frozenset()
    refs: frozenset[str] = frozenset()
    flags: frozenset[str] = frozenset()
    muted: bool = False

    @property
    def plain(self) -> bool:
        return not (self.kinds or self.refs or self.flags)


def span_matches(text: str, span: CharSpan) -> bool:
    """Whether ``span`` lies inside ``text`` and its stored text equals the text there."""
    return 0 <= span.start < span.end <= len(text) and text[span.start : span.end] == span.text


def segment(length: int, marks: Iterable[Mark]) -> list[Segment]:
    """Cut ``[0, length)`` into consecutive segments at every mark boundary.

    Marks are clipped to the text; empty marks are ignored. Neighbouring pieces covered by the
    same marks' kinds, labels, references and flags are merged, so the result is the shortest
    list of segments that tells every piece apart. A segment is ``muted`` when it is covered by
    administration marks (references ``a…``) and every one of them is muted.

    Args:
        length: the length of the note text.
        marks: the spans to highlight, in any order, overlapping or not.

    Returns:
        Segments covering ``[0, length)`` exactly, in order, with no gaps and no overlaps.
    """
    events: dict[int, list[tuple[int, Mark]]] = {}
    for mark in marks:
        start, end = max(0, mark.start), min(length, mark.end)
        if start >= end:
            continue
        events.setdefault(start, []).append((1, mark))
        events.setdefault(end, []).append((-1, mark))
    cuts = sorted({0, length, *events})
    active: Counter[Mark] = Counter()
    out: list[Segment] = []
    for left, right in itertools.pairwise(cuts):
        for delta, mark in events.get(left, ()):
            active[mark] += delta
            if active[mark] == 0:
                del active[mark]
        if left >= right:
            continue
        piece = _piece(left, right, active)
        last = out[-1] if out else None
        if last is not None and _same_cover(last, piece):
            out[-1] = Segment(
                last.start, right, last.kinds, last.labels, last.refs, last.flags, last.muted
            )
        else:
            out.append(piece)
    return out


def _piece(start: int, end: int, active: Counter[Mark]) -> Segment:
    if not active:
        return Segment(start, end)
    admin = [m for m in active if m.ref is not None and m.ref.startswith("a")]
    return Segment(
        start=start,
        end=end,
        kinds=frozenset(m.kind for m in active if m.kind is not None),
        labels=frozenset(m.label for m in active if m.kind is not None),
        refs=frozenset(m.ref for m in active if m.ref is not None),
        flags=frozenset(m.flag for m in active if m.flag is not None),
        muted=bool(admin) and all(m.muted for m in admin),
    )


def _same_cover(a: Segment, b: Segment) -> bool:
    return (a.kinds, a.labels, a.refs, a.flags, a.muted) == (
        b.kinds,
        b.labels,
        b.refs,
        b.flags,
        b.muted,
    )


def ordered_kinds(kinds: Sequence[str] | frozenset[str]) -> list[str]:
    """Kinds in legend order (unknown kinds last, alphabetically)."""
    order = list(KINDS)
    return sorted(kinds, key=lambda k: (order.index(k) if k in order else len(order), k))
