"""The drug tagger: medspaCy's TargetMatcher loaded with every surface form of the drug lexicon.

Spans go to ``doc.spans["ic_drug"]`` with label ``DRUG`` or ``FLUID`` (named substances, metadata
``drug_id``) or ``UNNAMED_DRUG`` / ``UNNAMED_FLUID`` ("antiemetic 4 mg IVP", "IV fluids"), so that
an administration whose substance is not named can still be reported.
"""

from __future__ import annotations

from medspacy.target_matcher import TargetMatcher, TargetRule
from spacy.language import Language
from spacy.tokens import Doc

from extraction.components.attributes import load_attribute_rules
from extraction.lexicon import DrugLexicon, load_drug_lexicon

DRUG_GROUP = "ic_drug"

LABEL_BY_KIND = {"drug": "DRUG", "fluid": "FLUID"}
UNNAMED_LABEL_BY_KIND = {"drug": "UNNAMED_DRUG", "fluid": "UNNAMED_FLUID"}


def build_target_rules(lexicon: DrugLexicon) -> list[TargetRule]:
    """One literal TargetRule per lexicon surface form, plus the unnamed-substance patterns.

    Args:
        lexicon: the drug lexicon.

    Returns:
        TargetRules whose ``metadata`` holds ``drug_id`` (None for unnamed) and ``rule_id``.
    """
    rules: list[TargetRule] = []
    seen: set[str] = set()
    for form, entry in lexicon.surface_forms():
        key = form.lower()
        if key in seen:
            continue
        seen.add(key)
        rules.append(
            TargetRule(
                literal=form,
                category=LABEL_BY_KIND[entry.kind],
                metadata={"drug_id": entry.id, "rule_id": entry.id},
            )
        )
    for rule in load_attribute_rules().rules.unnamed_substances:
        rules.append(
            TargetRule(
                literal=rule.id,
                category=UNNAMED_LABEL_BY_KIND[rule.kind],
                pattern=rf"(?<![\w])(?:{rule.pattern})(?![\w])",
                metadata={"drug_id": None, "rule_id": rule.id},
            )
        )
    return rules


class DrugTagger:
    """spaCy component: tag drug and fluid mentions into ``doc.spans["ic_drug"]``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon = load_drug_lexicon()
        self.matcher = TargetMatcher(
            nlp, name=f"{name}_target_matcher", result_type="group", span_group_name=DRUG_GROUP
        )
        self.matcher.add(build_target_rules(self.lexicon))

    def __call__(self, doc: Doc) -> Doc:
        return self.matcher(doc)


# spaCy resolves factory signatures at runtime; under postponed annotations a typed ``nlp``
# parameter is an unresolvable ForwardRef, so the factory functions are left unannotated.
@Language.factory("ic_drugs", assigns=["doc.spans"])
def make_drug_tagger(nlp, name):
    """Create the ``DrugTagger`` component."""
    return DrugTagger(nlp, name)
