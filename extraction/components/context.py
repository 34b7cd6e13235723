"""Administration status with medspaCy ConText, scoped to the sentences that mention a drug.

The rules (``rules/context.json``) extend ConText's categories for administration status: besides
``NEGATED_EXISTENCE``, ``HISTORICAL`` and ``HYPOTHETICAL`` there are ``DECLINED``, ``HELD``,
``PLANNED``, ``ORDERED`` and ``GIVEN`` (which ends the scope of forward cues), plus ``COMMA``,
``PSEUDO`` and ``TERMINATE`` helpers. Scoping is what makes it cheap: modifiers are only built in
sentences that contain a drug mention, and their scope is computed from precomputed sentence
bounds instead of ``Token.sent``; the modifier/target logic is medspaCy's own.
"""

from __future__ import annotations

import bisect
from functools import cache

from medspacy.context import ConText, ConTextRule
from medspacy.context.context_graph import ConTextGraph
from medspacy.context.context_modifier import ConTextModifier
from pydantic import field_validator
from spacy.language import Language
from spacy.tokens import Doc

from extraction.components.drugs import DRUG_GROUP
from extraction.rulefiles import RuleBase, RuleFileModel, load_file

CONTEXT_FILE = "context.json"

DIRECTIONS = ("FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO")


class ContextRuleSpec(RuleBase):
    """One ConText rule as stored in ``rules/context.json`` (medspaCy's keys plus id/source)."""

    literal: str
    category: str
    direction: str
    pattern: list[dict[str, object]] | str | None = None
    max_scope: int | None = None
    max_targets: int | None = None
    allowed_types: list[str] | None = None
    terminated_by: list[str] | None = None

    @field_validator("direction")
    @classmethod
    def _direction(cls, value: str) -> str:
        if value.upper() not in DIRECTIONS:
            raise ValueError(f"direction must be one of {DIRECTIONS}")
        return value.upper()


class ContextRulesFile(RuleFileModel):
    """Schema of ``rules/context.json``."""

    categories: dict[str, str]  # ConText category -> administration status
    rules: tuple[ContextRuleSpec, ...]


@cache
def load_context_rules() -> ContextRulesFile:
    """Load and validate ``rules/context.json`` (once per process)."""
    return load_file(CONTEXT_FILE, ContextRulesFile)


def to_context_rules(parsed: ContextRulesFile) -> list[ConTextRule]:
    """medspaCy ConTextRules with ``metadata["rule_id"]`` set to the project rule id."""
    out: list[ConTextRule] = []
    for spec in parsed.rules:
        out.append(
            ConTextRule(
                literal=spec.literal,
                category=spec.category,
                pattern=spec.pattern,
                direction=spec.direction,
                max_scope=spec.max_scope,
                max_targets=spec.max_targets,
                allowed_types=set(spec.allowed_types) if spec.allowed_types else None,
                terminated_by=set(spec.terminated_by) if spec.terminated_by else None,
                metadata={"rule_id": spec.id},
            )
        )
    return out


class ScopedConText(ConText):
    """medspaCy ConText over the drug span group, evaluated only in drug-mention sentences."""

    def __init__(self, nlp: Language, name: str, span_group: str) -> None:
        super().__init__(
            nlp,
            name=name,
            rules=None,
            span_attrs=None,
            input_span_type="group",
            span_group_name=span_group,
        )
        self.status_of = dict(load_context_rules().categories)
        self.add(to_context_rules(load_context_rules()))
        # medspaCy keeps its matcher name-mangled; the pinned medspacy 1.3.1 names it so.
        self._matcher = self._ConText__matcher  # type: ignore[attr-defined]

    def __call__(self, doc: Doc, targets: str | None = None) -> Doc:
        group = doc.spans[self.span_group_name] if self.span_group_name in doc.spans else ()
        spans = list(group)
        graph = ConTextGraph(prune_on_modifier_overlap=self.prune_on_target_overlap)
        doc._.context_graph = graph
        if not spans:
            return doc
        starts: list[int] = []
        ends: list[int] = []
        for sent in doc.sents:
            starts.append(sent.start)
            ends.append(sent.end)
        wanted: set[int] = set()
        for span in spans:
            wanted.add(bisect.bisect_right(starts, span.start) - 1)
        modifiers: list[ConTextModifier] = []
        strings = self.nlp.vocab.strings
        rule_map = self._matcher.rule_map
        for match_id, start, end in self._matcher(doc):
            index = bisect.bisect_right(starts, start) - 1
            if index not in wanted:
                continue
            rule = rule_map[strings[match_id]]
            s_lo, s_hi = starts[index], ends[index]
            scope_start, scope_end = _scope(rule, start, end, s_lo, s_hi)
            modifiers.append(
                ConTextModifier(rule, start, end, doc, scope_start=scope_start, scope_end=scope_end)
            )
        graph.targets = spans
        graph.modifiers = modifiers
        graph.update_scopes()
        graph.apply_modifiers()
        for target, modifier in graph.edges:
            target._.modifiers += (modifier,)
        return doc


def _scope(rule: ConTextRule, start: int, end: int, s_lo: int, s_hi: int) -> tuple[int, int]:
    """The token scope of a modifier inside its sentence, limited by the rule's max_scope."""
    direction = rule.direction.upper()
    limit = rule.max_scope
    if direction == "FORWARD":
        lo, hi = end, s_hi
    elif direction == "BACKWARD":
        lo, hi = s_lo, start
    else:
        lo, hi = s_lo, s_hi
    if limit is not None:
        if direction in ("FORWARD", "BIDIRECTIONAL"):
            hi = min(hi, end + limit)
        if direction in ("BACKWARD", "BIDIRECTIONAL"):
            lo = max(lo, start - limit)
    return lo, hi


# spaCy resolves factory signatures at runtime; under postponed annotations a typed ``nlp``
# parameter is an unresolvable ForwardRef, so the factory functions are left unannotated.
@Language.factory(
    "ic_context",
    default_config={"span_group": DRUG_GROUP},
    assigns=["span._.modifiers", "doc._.context_graph"],
)
def make_scoped_context(nlp, name, span_group):
    """Create the ``ScopedConText`` component."""
    return ScopedConText(nlp, name, span_group)
