"""One note in, one :class:`ExtractionResult` out: the pipeline, assembly and encounter facts."""

from __future__ import annotations

from spacy.language import Language

from extraction.assemble import assemble_administrations
from extraction.encounter import extract_encounter
from extraction.models import ExtractionResult
from extraction.nlp import build_nlp

_NLP: Language | None = None


def default_nlp() -> Language:
    """The process-wide pipeline, built on first use."""
    global _NLP
    if _NLP is None:
        _NLP = build_nlp()
    return _NLP


def extract(text: str, nlp: Language | None = None) -> ExtractionResult:
    """Read every drug administration and the encounter facts from one note.

    Args:
        text: the note text, exactly as read (offsets in the result point into it).
        nlp: a pipeline from :func:`extraction.build_nlp`; the cached default when None.

    Returns:
        The administrations (in note order, ``A1``...) and the encounter facts. Odd text
        (a note with no drug, a table, stray characters) gives an empty or partial result,
        never an exception.
    """
    doc = (nlp or default_nlp())(text)
    administrations = assemble_administrations(doc)
    encounter = extract_encounter(text, doc, administrations)
    return ExtractionResult(administrations=tuple(administrations), encounter=encounter)
