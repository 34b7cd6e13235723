"""The rule registry: every documentation check is one small function with a stable id.

A rule is registered with :func:`rule`, which records its canonical category (coding-policy
§6), severity, title, message template (written for a coder) and optional query template (the
question to put to the provider). The function takes a :class:`~validators.context.RuleContext`
and yields :class:`Hit` objects; :func:`run_rules` renders them into
:class:`~validators.models.Finding` records. Ids have the form ``DA-<FAMILY>-<NNN>``, are never
reused, and a retired id stays in :data:`RETIRED`. Registering an id twice raises at import.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from validators.errors import DuplicateRuleError
from validators.models import Category, Evidence, Finding, Severity

if TYPE_CHECKING:
    from validators.context import RuleContext

_ID_RE = re.compile(r"^DA-[A-Z]+-\d{3}$")


@dataclass(frozen=True)
class Hit:
    """One occurrence of a rule: template arguments, evidence and the administrations concerned."""

    args: dict[str, object]
    evidence: tuple[Evidence, ...]
    admin_ids: tuple[str, ...] = ()


RuleFunc = Callable[["RuleContext"], Iterable[Hit]]


@dataclass(frozen=True)
class RuleSpec:
    """A registered rule: its id, what it reports and how the message reads."""

    id: str
    category: Category
    severity: Severity
    title: str
    template: str
    func: RuleFunc
    query: str | None = None
    rationale: str = ""
    source: str = ""
    family: str = field(default="")

    def render(self, hit: Hit) -> Finding:
        """Turn a hit into a finding (template arguments must all be supplied)."""
        return Finding(
            category=self.category,
            rule_id=self.id,
            severity=self.severity,
            message=self.template.format(**hit.args),
            admin_ids=hit.admin_ids,
            query=self.query.format(**hit.args) if self.query else None,
            evidence=hit.evidence,
        )


RULES: dict[str, RuleSpec] = {}

# Retired ids stay here forever so they are never reused: id -> why and when.
RETIRED: dict[str, str] = {}


def _docstring_parts(func: Callable[..., object]) -> tuple[str, str]:
    """Rationale (the docstring's first paragraph) and source (its ``Source:`` line)."""
    doc = (func.__doc__ or "").strip()
    rationale = " ".join(doc.split("\n\n")[0].split())
    source = ""
    for line in doc.splitlines():
        if line.strip().startswith("Source:"):
            source = line.strip()[len("Source:") :].strip()
    return rationale, source


def rule(
    rule_id: str,
    *,
    category: Category | str,
    severity: Severity | str,
    title: str,
    template: str,
    query: str | None = None,
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under a stable id.

    Args:
        rule_id: ``DA-<FAMILY>-<NNN>``; never reused (see :data:`RETIRED`).
        category: The canonical finding category (coding-policy §6).
        severity: ``error`` | ``warning`` | ``info``.
        title: One line saying what the rule checks.
        template: Message for a coder, ``str.format`` placeholders filled from the hit's args.
        query: Optional question to the provider, same placeholders.

    Returns:
        The decorator; the function is returned unchanged.

    Raises:
        DuplicateRuleError: The id is already registered or retired.
        ValueError: The id is malformed.
    """
    if not _ID_RE.match(rule_id):
        raise ValueError(f"malformed rule id {rule_id!r} (expected DA-FAMILY-NNN)")

    def decorator(func: RuleFunc) -> RuleFunc:
        if rule_id in RULES:
            raise DuplicateRuleError(rule_id, f"{func.__module__}.{func.__name__}")
        if rule_id in RETIRED:
            raise DuplicateRuleError(rule_id, f"retired: {RETIRED[rule_id]}")
        rationale, source = _docstring_parts(func)
        RULES[rule_id] = RuleSpec(
            id=rule_id,
            category=Category(category),
            severity=Severity(severity),
            title=title,
            template=template,
            func=func,
            query=query,
            rationale=rationale,
            source=source,
            family=rule_id.split("-")[1],
        )
        return func

    return decorator


def _selected(rule_id: str, select: Iterable[str] | None, ignore: Iterable[str] | None) -> bool:
    if select is not None and not any(rule_id.startswith(p) for p in select):
        return False
    return not (ignore is not None and any(rule_id.startswith(p) for p in ignore))


def run_rules(
    ctx: RuleContext,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> Iterator[Finding]:
    """Run every registered rule (optionally selected/ignored by id prefix) on a context.

    Args:
        ctx: The analysed encounter.
        select: Only ids starting with one of these prefixes (flake8 ``--select`` style).
        ignore: Skip ids starting with one of these prefixes.

    Yields:
        Findings, rule by rule in id order.
    """
    select = tuple(select) if select is not None else None
    ignore = tuple(ignore) if ignore is not None else None
    for rule_id in sorted(RULES):
        if not _selected(rule_id, select, ignore):
            continue
        spec = RULES[rule_id]
        for hit in spec.func(ctx):
            yield spec.render(hit)
