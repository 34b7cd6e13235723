"""The validators' entry point: one encounter's facts -> claim lines, findings, decisions."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import validators.rules  # noqa: F401  (registers every rule)
from extraction.models import ExtractionResult
from validators.context import RuleContext
from validators.engine import analyse
from validators.models import (
    AdministrationDecision,
    CodingResult,
    EncounterContext,
    Finding,
    Profile,
)
from validators.profile import load_profile
from validators.reference import Tables, load_tables
from validators.registry import run_rules


def default_lexicon() -> Any:
    """The packaged drug lexicon (``extraction/rules/drugs.json``), loaded once."""
    from extraction.lexicon import load_drug_lexicon

    return load_drug_lexicon()


def tables_for(profile: Profile) -> Tables:
    """The reference tables a profile names (its ``tables_dir``, else the packaged ones)."""
    return load_tables(Path(profile.tables_dir) if profile.tables_dir else None)


def _decisions(ctx: RuleContext) -> tuple[AdministrationDecision, ...]:
    coded = {a for line in ctx.lines for a in line.admin_ids}
    out = []
    for f in ctx.facts:
        minutes = f.countable_minutes if f.tier == "hydration" else f.minutes
        tier = f.tier if f.given and (f.kind == "drug" or f.tier == "hydration") else None
        reasons = list(dict.fromkeys(f.reasons))
        if f.role and f.given:
            reasons.append(f"coded as {f.role.replace('_', ' ')}")
        out.append(
            AdministrationDecision(
                admin_id=f.admin_id,
                tier=tier if f.adm.drug is not None else None,
                technique=f.technique,
                minutes=minutes,
                billable=f.admin_id in coded,
                reasons=tuple(reasons),
            )
        )
    return tuple(out)


def _finding_key(f: Finding) -> tuple[int, str, str]:
    return (f.evidence[0].span.start, f.rule_id, f.message)


def code_encounter(
    extraction: ExtractionResult,
    context: EncounterContext,
    profile: Profile | None = None,
    *,
    lexicon: Any | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> CodingResult:
    """Code one encounter: claim lines with traces, findings with evidence, decisions.

    Never raises on odd facts (missing times, negative durations, unknown drugs): they become
    findings or decision reasons.

    Args:
        extraction: What the extraction stage read from the note.
        context: The caller's note text, setting, payer, date of service and billed lines.
        profile: A loaded profile; None loads ``context.setting`` × ``context.payer``.
        lexicon: The drug lexicon (``by_id`` / ``by_name``); None = the packaged lexicon.
        select: Only run rules whose id starts with one of these prefixes.
        ignore: Skip rules whose id starts with one of these prefixes.

    Returns:
        The coding result.

    Raises:
        ProfileError: Only when ``profile`` is None and the context's profile is malformed.
    """
    if profile is None:
        profile = load_profile(context.setting, context.payer)
    if lexicon is None:
        lexicon = default_lexicon()
    tables = tables_for(profile)
    ctx = analyse(extraction, context, profile, tables, lexicon)
    findings = sorted(run_rules(ctx, select=select, ignore=ignore), key=_finding_key)
    return CodingResult(lines=tuple(ctx.lines), findings=tuple(findings), decisions=_decisions(ctx))
