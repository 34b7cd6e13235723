"""Coded exceptions of the extraction stage (programmer and configuration faults only).

Problems in a note (a missing time, an ambiguous route) are never exceptions: they become
``None`` values or non-given statuses that the validators turn into findings. Exceptions here
are raised as early as possible, at load time, and carry a code in spaCy's ``E097`` style.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import ValidationError


class ExtractionError(Exception):
    """Base class of every coded extraction error."""

    code: ClassVar[str] = "EXT000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class RuleFileError(ExtractionError):
    """A rule data file is missing, is not JSON, or does not match its schema."""

    code: ClassVar[str] = "EXT101"

    def __init__(self, path: Path | str, detail: str | ValidationError) -> None:
        if isinstance(detail, ValidationError):
            first = detail.errors()[0]
            loc = ".".join(str(part) for part in first["loc"])
            detail = f"{detail.error_count()} invalid field(s); first at {loc}: {first['msg']}"
        self.path = Path(path)
        super().__init__(f"{self.path.name}: {detail}")


class DuplicateRuleIdError(ExtractionError):
    """Two rules in the rule files share an id (ids are stable and never reused)."""

    code: ClassVar[str] = "EXT102"

    def __init__(self, path: Path | str, rule_id: str) -> None:
        self.path = Path(path)
        self.rule_id = rule_id
        super().__init__(f"{self.path.name}: duplicate rule id {rule_id!r}")


class RulePatternError(ExtractionError):
    """A regular expression in a rule file does not compile."""

    code: ClassVar[str] = "EXT103"

    def __init__(self, path: Path | str, rule_id: str, message: str) -> None:
        self.path = Path(path)
        self.rule_id = rule_id
        super().__init__(f"{self.path.name}: rule {rule_id!r}: pattern does not compile: {message}")


class PipelineConfigError(ExtractionError):
    """The spaCy pipeline is missing a component the extractor needs."""

    code: ClassVar[str] = "EXT201"


class SpanAnchorError(ExtractionError):
    """An extracted span does not match the note text at its offsets (a programming error)."""

    code: ClassVar[str] = "EXT202"
