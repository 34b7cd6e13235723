"""Coded exceptions of the validators (configuration and programmer faults only).

Odd facts in a note (no times, negative durations, unknown drugs) are never exceptions: the
validators turn them into findings. Exceptions here are raised at load time, as early as
possible, and carry a code in spaCy's ``E097`` style and the file and field involved.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import ValidationError


class ValidatorError(Exception):
    """Base class of every coded validators error."""

    code: ClassVar[str] = "VAL000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


def _describe(detail: str | ValidationError) -> tuple[str, str | None]:
    """A readable message and the dotted path of the first bad field of a validation error."""
    if isinstance(detail, ValidationError):
        first = detail.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "<top level>"
        more = f" (+{detail.error_count() - 1} more)" if detail.error_count() > 1 else ""
        return f"field '{field}': {first['msg']}{more}", field
    return detail, None


class ProfileError(ValidatorError):
    """A setting/payer profile file is missing, not JSON, or does not match its schema."""

    code: ClassVar[str] = "VAL101"

    def __init__(self, path: Path | str, detail: str | ValidationError) -> None:
        message, field = _describe(detail)
        self.path = Path(path)
        self.field = field
        super().__init__(f"profile {self.path}: {message}")


class TableError(ValidatorError):
    """A reference table (CPT rules, MUE, add-on, PTP, HCPCS) is missing or malformed."""

    code: ClassVar[str] = "VAL102"

    def __init__(self, path: Path | str, detail: str | ValidationError) -> None:
        message, field = _describe(detail)
        self.path = Path(path)
        self.field = field
        super().__init__(f"table {self.path}: {message}")


class DuplicateRuleError(ValidatorError):
    """Two validator rules (or a rule and a coding step) share an id."""

    code: ClassVar[str] = "VAL201"

    def __init__(self, rule_id: str, where: str) -> None:
        self.rule_id = rule_id
        super().__init__(f"duplicate rule id {rule_id!r} ({where})")
