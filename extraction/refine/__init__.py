"""Optional LLM refinement: a grounded second reader for what the rules left open.

Off unless ``--llm`` is given. Modules: :mod:`.schema` (response models), :mod:`.prompting`
(versioned prompt files), :mod:`.client` (the only ``openai`` import), :mod:`.verify`
(grounding), :mod:`.cache` (SQLite), :mod:`.redact` (identifier masking), :mod:`.refiner`.
"""

from __future__ import annotations

from extraction.refine.refiner import (
    FALLBACK,
    GAP_RULES,
    Question,
    RefineOutcome,
    Refiner,
    find_questions,
    tally,
)

__all__ = [
    "FALLBACK",
    "GAP_RULES",
    "Question",
    "RefineOutcome",
    "Refiner",
    "find_questions",
    "tally",
]
