"""Extraction: clinical note text -> drug administrations and encounter facts, with evidence spans.

Public API::

    from extraction import build_nlp, extract
    nlp = build_nlp()                 # once
    result = extract(note_text, nlp)  # per note -> ExtractionResult

The stage knows nothing about codes; ``validators`` turns its facts into claim lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from extraction.models import Administration, Encounter, ExtractionResult

if TYPE_CHECKING:
    from extraction.nlp import build_nlp
    from extraction.pipeline import extract


def __getattr__(name: str) -> Any:
    # spaCy/medspaCy load only when the NLP entry points are used, so that importing the record
    # types (as validators and the evaluation scorer do) stays cheap.
    if name == "build_nlp":
        from extraction.nlp import build_nlp

        return build_nlp
    if name == "extract":
        from extraction.pipeline import extract

        return extract
    raise AttributeError(f"module 'extraction' has no attribute {name!r}")


__all__ = ["Administration", "Encounter", "ExtractionResult", "build_nlp", "extract"]
