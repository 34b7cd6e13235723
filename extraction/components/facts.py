"""The raw facts the taggers find, and the one table of custom spaCy extensions they use.

Taggers write two views of what they find: ``doc.spans["ic_<kind>"]`` (spaCy spans, for display and
for other spaCy components) and ``doc._.ic_facts`` (the exact regex offsets and parsed values, which
are the evidence assembly uses: spaCy spans snap to token boundaries, evidence must not).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class Fact:
    """One attribute mention found in the note text.

    Attributes:
        kind: "dose", "volume", "rate", "duration", "weight", "route", "technique", "site",
            "purpose", "status", "waste", "zero_waste", "time".
        start: half-open start offset into the note text.
        end: half-open end offset.
        value: the parsed value (a number and unit, a route name, a minute of day ...).
        rule: id of the rule that found it.
        role: for times the role hint ("start", "stop", "point", "hold", "resume"); for routes
            the technique the route word implies ("push", "infusion"); else None.
        group: for times the range id; for sites a tuple of the parts present.
        extra: further parsed details (unit, per_kg ...).
    """

    kind: str
    start: int
    end: int
    value: object
    rule: str
    role: str | None = None
    group: object = None
    extra: dict[str, object] = field(default_factory=dict)


#: name -> default of every Doc extension the project sets (medspaCy's ``_extensions`` idea).
DOC_EXTENSIONS: dict[str, object] = {"ic_facts": None}


def set_extensions() -> None:
    """Declare the project's Doc extensions; safe to call any number of times."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per document (spaCy joins every token on each access)."""
    text = doc.user_data.get("ic_text")  # set by the clinical tokenizer
    if text is None:
        text = doc.text
        doc.user_data["ic_text"] = text
    return text


def add_facts(doc: Doc, facts: list[Fact]) -> None:
    """Append facts to ``doc._.ic_facts`` (creating the list on first use)."""
    current = doc._.ic_facts
    if current is None:
        doc._.ic_facts = list(facts)
    else:
        current.extend(facts)


def facts_of(doc: Doc) -> list[Fact]:
    """All facts the taggers stored on ``doc``, in text order."""
    current = doc._.ic_facts
    if not current:
        return []
    return sorted(current, key=lambda f: (f.start, -f.end))


def to_span_group(doc: Doc, name: str, facts: list[Fact]) -> None:
    """Store facts as ``doc.spans[name]`` (expanded to token boundaries, labelled by rule)."""
    spans = []
    for fact in facts:
        span = doc.char_span(fact.start, fact.end, label=fact.rule, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[name] = spans
