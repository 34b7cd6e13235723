"""The project's spaCy components; importing this package registers every ``ic_*`` factory."""

from __future__ import annotations

from extraction.components import attributes, context, drugs, facts, fastregex, times

__all__ = ["attributes", "context", "drugs", "facts", "fastregex", "times"]
