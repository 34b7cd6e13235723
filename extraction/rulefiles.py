"""Loading of the project's rule data files (``extraction/rules/*.json``) through schemas.

Every file has a header (``schema``, ``schema_version``, ``source``) and one or more lists of
rules; every rule has a stable ``id`` and a ``source``. Files are validated with pydantic models
that forbid unknown keys, rule ids must be unique within a file, and regular expressions are
compiled at load time, so a broken file fails loudly when the pipeline is built, never silently
while a note is read.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from extraction.errors import DuplicateRuleIdError, RuleFileError, RulePatternError

RULES_DIR = Path(__file__).resolve().parent / "rules"

M = TypeVar("M", bound=BaseModel)

STRICT = ConfigDict(frozen=True, extra="forbid")


class RuleBase(BaseModel):
    """Fields every rule carries."""

    model_config = STRICT

    id: str
    source: str


class RuleFileModel(BaseModel):
    """Header fields of every rule file; subclasses add the rule lists."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    schema_name: str = Field(alias="schema")
    schema_version: int = Field(ge=1)
    source: str


def read_json(name: str) -> tuple[Path, object]:
    """Read ``extraction/rules/<name>`` as JSON.

    Raises:
        RuleFileError: when the file is missing or is not valid JSON.
    """
    path = RULES_DIR / name
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise RuleFileError(path, "file not found") from exc
    except json.JSONDecodeError as exc:
        raise RuleFileError(path, f"not valid JSON: {exc}") from exc
    return path, raw


def load_file(name: str, model: type[M]) -> M:
    """Validate ``extraction/rules/<name>`` against ``model`` and check that rule ids are unique.

    Args:
        name: file name inside ``extraction/rules``.
        model: the pydantic model of the whole file.

    Returns:
        The validated file.

    Raises:
        RuleFileError: the file is missing, not JSON, or does not match the schema.
        DuplicateRuleIdError: two rules share an id.
    """
    path, raw = read_json(name)
    try:
        parsed = model.model_validate(raw)
    except ValidationError as exc:
        raise RuleFileError(path, exc) from exc
    seen: set[str] = set()
    for rule_id in iter_rule_ids(parsed):
        if rule_id in seen:
            raise DuplicateRuleIdError(path, rule_id)
        seen.add(rule_id)
    return parsed


def iter_rule_ids(parsed: BaseModel) -> list[str]:
    """Every ``id`` of every rule (list items that are :class:`RuleBase`) in a parsed file."""
    ids: list[str] = []
    for field in type(parsed).model_fields:
        value = getattr(parsed, field)
        if isinstance(value, tuple | list):
            ids.extend(item.id for item in value if isinstance(item, RuleBase))
    return ids


def compile_pattern(path_name: str, rule_id: str, pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile one regular expression of a rule file.

    Raises:
        RulePatternError: the expression does not compile.
    """
    try:
        return _compile(pattern, flags)
    except re.error as exc:
        raise RulePatternError(RULES_DIR / path_name, rule_id, str(exc)) from exc


@cache
def _compile(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)
