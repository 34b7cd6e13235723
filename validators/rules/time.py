"""Time rules (coding-policy §3): start/stop times, derived stops, short infusions, holds,
hydration minutes."""

from __future__ import annotations

from collections.abc import Iterator

from validators.context import RuleContext
from validators.engine import hhmm
from validators.evidence import admin_anchor, admin_evidence, dedupe
from validators.models import Category, Evidence, Severity
from validators.registry import Hit, rule
from validators.rules._common import code_of, label, times


@rule(
    "DA-TIME-001",
    category=Category.MISSING_START_TIME,
    severity=Severity.ERROR,
    title="Infusion or hydration without a start time",
    template=(
        "{what} has no documented start time{stop}: without start and stop times it cannot "
        "support a time-based code ({codes})."
    ),
    query="Please document the start time of the {what}{stop}.",
)
def start_time_documented(ctx: RuleContext) -> Iterator[Hit]:
    """An infusion or hydration needs its documented start time to support a time-based code.

    A duration alone ("infused over 40 minutes") is not a start time; an IV administration
    documented neither as a push nor with times cannot be coded.
    Source: coding-policy §3; R-TIME-11; Palmetto A53778; Noridian post-payment reviews.
    """
    for f in ctx.given:
        if not f.missing_start:
            continue
        tier = f.tier or "therapeutic"
        codes = (
            f"{code_of(ctx, 'hydration', 'infusion', 'initial')}/"
            f"{code_of(ctx, 'hydration', 'infusion', 'secondary')}"
            if tier == "hydration"
            else f"{code_of(ctx, tier, 'infusion', 'initial')}/"
            f"{code_of(ctx, tier, 'push', 'initial')}"
        )
        stop = f" (stopped {hhmm(f.stop)})" if f.stop is not None else ""
        yield Hit(
            args={"what": label(f), "stop": stop, "codes": codes},
            evidence=admin_anchor(f.adm, ("stop", f.adm.stop.span if f.adm.stop else None)),
            admin_ids=(f.admin_id,),
        )


@rule(
    "DA-TIME-002",
    category=Category.MISSING_STOP_TIME,
    severity=Severity.ERROR,
    title="Infusion or hydration without a usable stop time",
    template=(
        "{what}{start} has {problem}: the running time cannot be computed, so no infusion or "
        "hydration code is supported for it."
    ),
    query="Please document the stop time of the {what}{start}.",
)
def stop_time_documented(ctx: RuleContext) -> Iterator[Hit]:
    """An infusion or hydration needs a stop time (or volume and rate to derive one).

    A stop earlier than the start that cannot be a midnight crossing is treated as missing.
    Source: coding-policy §3; CMS FAQ on stop times (R-TIME-12); RAC 0137.
    """
    for f in ctx.given:
        if not f.missing_stop:
            continue
        start = f" started at {hhmm(f.start)}" if f.start is not None else ""
        problem = "a stop time earlier than its start" if f.stop_before_start else "no stop time"
        if not f.stop_before_start and f.adm.duration_minutes is not None:
            problem += (
                f" (a duration of {f.adm.duration_minutes.value} min alone is not a stop time)"
            )
        yield Hit(
            args={"what": label(f), "start": start, "problem": problem},
            evidence=admin_anchor(
                f.adm,
                ("start", f.adm.start.span if f.adm.start else None),
                ("stop", f.adm.stop.span if f.adm.stop else None),
                ("duration", f.adm.duration_minutes.span if f.adm.duration_minutes else None),
            ),
            admin_ids=(f.admin_id,),
        )


@rule(
    "DA-TIME-003",
    category=Category.STOP_TIME_DERIVED,
    severity=Severity.INFO,
    title="Stop (or start) time derived from volume and rate",
    template=(
        "{what}: {which} time {derived} derived from {volume} at {rate}; the code uses "
        "{minutes} min. Confirm against the nursing record."
    ),
)
def stop_time_derived(ctx: RuleContext) -> Iterator[Hit]:
    """A stop time computed from volume and rate is acceptable but should be confirmed.

    Source: coding-policy §3 (stop = start + volume / rate); CMS FAQ via R-TIME-12.
    """
    for f in ctx.given:
        if not (f.stop_derived or f.start_derived) or f.adm.volume is None or f.adm.rate is None:
            continue
        which = "stop" if f.stop_derived else "start"
        derived = hhmm(f.stop if f.stop_derived else f.start)
        volume = f.adm.volume.value
        rate = f.adm.rate.value
        yield Hit(
            args={
                "what": label(f),
                "which": which,
                "derived": derived,
                "volume": f"{volume.value:g} {volume.unit}",
                "rate": f"{rate.value:g} {rate.unit}",
                "minutes": f.minutes if f.minutes is not None else "?",
            },
            evidence=dedupe(
                (
                    Evidence(label="volume", span=f.adm.volume.span),
                    Evidence(label="rate", span=f.adm.rate.span),
                    *admin_anchor(f.adm),
                )
            ),
            admin_ids=(f.admin_id,),
        )


@rule(
    "DA-TIME-004",
    category=Category.INFUSION_15_MIN_OR_LESS,
    severity=Severity.WARNING,
    title="Infusion of 15 minutes or less coded as a push",
    template=(
        "{name} infusion {times} ran {minutes} min: an infusion of {push_max} minutes or less "
        "is reported as an IV push ({push_codes}), not {infusion_code}."
    ),
)
def short_infusion(ctx: RuleContext) -> Iterator[Hit]:
    """An administration called an infusion that ran 15 minutes or less is a push.

    Source: coding-policy §2-§3; R-TIME-01, R-TIME-03 (CPT: infusion needs more than 15 min).
    """
    push_max = ctx.tables.threshold("push_max_minutes")
    for f in ctx.given:
        if not f.short_infusion:
            continue
        tier = f.tier or "therapeutic"
        yield Hit(
            args={
                "name": f.name,
                "times": times(f),
                "minutes": f.minutes,
                "push_max": push_max,
                "push_codes": f"{code_of(ctx, tier, 'push', 'initial')}/"
                f"{code_of(ctx, tier, 'push', 'sequential')}",
                "infusion_code": code_of(ctx, tier, "infusion", "initial"),
            },
            evidence=admin_evidence(f.adm),
            admin_ids=(f.admin_id,),
        )


@rule(
    "DA-TIME-005",
    category=Category.INTERRUPTION_TIMES_MISSING,
    severity=Severity.WARNING,
    title="Hold or pause documented without its times",
    template=(
        "{what}{times}: a hold/pause is documented without its stop and restart times, so the "
        "running time is unverifiable; the initial code uses clock time and no additional-hour "
        "units are claimed."
    ),
    query="Please document the times the {what} was held and restarted.",
)
def hold_times_documented(ctx: RuleContext) -> Iterator[Hit]:
    """Documented holds are subtracted from the running time, so they need their times.

    Source: coding-policy §3; R-TIME-17; drug-administration-rules §10 Ex 8.
    """
    for f in ctx.given:
        if not f.holds_untimed:
            continue
        holds = [
            Evidence(label="interruption", span=h.span)
            for h in f.adm.interruptions
            if h.start is None or h.stop is None
        ]
        yield Hit(
            args={"what": label(f), "times": f" {times(f)}" if times(f) else ""},
            evidence=dedupe((*holds, *admin_anchor(f.adm))),
            admin_ids=(f.admin_id,),
        )


@rule(
    "DA-TIME-006",
    category=Category.INTERRUPTION_TIMES_MISSING,
    severity=Severity.WARNING,
    title="Documented holds as long as the infusion itself",
    template=(
        "{what} {times}: the documented holds ({held} min) are not shorter than the clock time "
        "({clock} min); the hold times look wrong and no time-based code is supported."
    ),
    query="Please check the hold and restart times of the {what}.",
)
def hold_times_consistent(ctx: RuleContext) -> Iterator[Hit]:
    """Hold times that swallow the whole infusion are a documentation error, not zero minutes.

    Source: coding-policy §3 (running minutes = stop − start − holds).
    """
    for f in ctx.given:
        if not f.holds_exceed_run:
            continue
        yield Hit(
            args={
                "what": label(f),
                "times": times(f),
                "held": f.hold_minutes,
                "clock": f.clock_minutes,
            },
            evidence=dedupe(
                (
                    *(Evidence(label="interruption", span=h.span) for h in f.adm.interruptions),
                    *admin_anchor(f.adm),
                )
            ),
            admin_ids=(f.admin_id,),
        )


@rule(
    "DA-TIME-007",
    category=Category.HYDRATION_30_MIN_OR_LESS,
    severity=Severity.WARNING,
    title="Hydration of 30 minutes or less",
    template=(
        "Hydration {name} {times} counts {minutes} min{after}: hydration of {limit} minutes or "
        "less is never billable ({codes})."
    ),
)
def hydration_too_short(ctx: RuleContext) -> Iterator[Hit]:
    """Hydration must run more than 30 minutes (after subtracting drug-infusion overlap).

    Source: coding-policy §3; R-TIME-05; Noridian 96360 post-payment review.
    """
    limit = ctx.tables.threshold("hydration_min_minutes") - 1
    for f in ctx.given:
        if not f.hydration_too_short:
            continue
        after = (
            f" after subtracting {f.overlap_minutes} min of drug infusion"
            if f.overlap_minutes
            else ""
        )
        yield Hit(
            args={
                "name": f.name,
                "times": times(f),
                "minutes": f.countable_minutes,
                "after": after,
                "limit": limit,
                "codes": f"{code_of(ctx, 'hydration', 'infusion', 'initial')}/"
                f"{code_of(ctx, 'hydration', 'infusion', 'secondary')}",
            },
            evidence=admin_evidence(f.adm),
            admin_ids=(f.admin_id,),
        )


@rule(
    "DA-TIME-008",
    category=Category.HYDRATION_NOT_SEPARATELY_BILLABLE,
    severity=Severity.INFO,
    title="Hydration running during a drug infusion (overlap not billable)",
    template=(
        "Hydration {name} {times} ran {overlap} min at the same time as {drugs}: those minutes "
        "belong to the drug infusion and are not hydration time ({remaining} min counted)."
    ),
)
def hydration_overlap(ctx: RuleContext) -> Iterator[Hit]:
    """Hydration concurrent with a drug infusion on the same line is not separately billable.

    Source: coding-policy §3; R-TIME-14, R-HIER-08 (NCCI Ch XI).
    """
    by_id = {f.admin_id: f for f in ctx.facts}
    for f in ctx.given:
        if not f.overlap_minutes:
            continue
        drugs = [by_id[i] for i in f.overlap_with]
        names = ", ".join(f"{d.name} {times(d)}" for d in drugs)
        yield Hit(
            args={
                "name": f.name,
                "times": times(f),
                "overlap": f.overlap_minutes,
                "drugs": names,
                "remaining": f.countable_minutes,
            },
            evidence=dedupe(
                (
                    *admin_evidence(f.adm),
                    *(Evidence(label="overlapping_drug", span=d.adm.sentence) for d in drugs),
                )
            ),
            admin_ids=(f.admin_id, *f.overlap_with),
        )
