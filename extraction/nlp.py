"""Building the spaCy pipeline: ``spacy.blank("en")`` through medspaCy, with the project's
components, in this order:

1. the project's clinical tokenizer (``components/tokenizer.py``, one regular expression; it
   splits like medspaCy's tokenizer — "0930-1015", "mg/kg", "22g" — at ~8 x the speed of
   spaCy's affix rules, which were a third of the pipeline's time).
2. ``ic_sentences``: the project's clinical sentence splitter (lines, headers, lists, "p.o.",
   "SI.", "38.5 C.").
3. ``medspacy_sectionizer`` with the project's section rules (``rules/sections.json``).
4. ``ic_drugs``: medspaCy TargetMatcher with every lexicon surface form -> ``doc.spans["ic_drug"]``.
5. ``ic_attributes``: doses, volumes, rates, routes, techniques, sites, purposes, status cues.
6. ``ic_times``: clinical clock times with role hints.
7. ``ic_context``: medspaCy ConText with the administration-status rules, scoped to sentences
   that mention a drug.

No PyRuSH (slow, and it misses sentence ends after "SI."), no default ConText or section rules.
"""

from __future__ import annotations

import warnings

import medspacy
import spacy
from loguru import logger
from spacy.language import Language

import extraction.components  # registers the ic_* factories
import extraction.sentences  # noqa: F401  (registers ic_sentences)
from extraction.components.fastregex import use_fast_regex
from extraction.components.tokenizer import ClinicalTokenizer
from extraction.errors import PipelineConfigError
from extraction.sections import load_section_rules

#: medspaCy components enabled through ``medspacy.load`` (explicit: never "default").
MEDSPACY_ENABLE = ("medspacy_sectionizer",)

#: The full pipeline, in order (the tokenizer is not a pipe).
PIPE_NAMES = (
    "ic_sentences",
    "medspacy_sectionizer",
    "ic_drugs",
    "ic_attributes",
    "ic_times",
    "ic_context",
)

# medspaCy's matchers always call their token Matcher, which is empty for the project's
# phrase/regex rules: spaCy's W036 "no patterns" warning says nothing about a note.
warnings.filterwarnings("ignore", message=r"\[W036\]", category=UserWarning)

# medspaCy and PyRuSH log through loguru at import and per document; the project logs nothing
# of note text, so their output is switched off.
for _name in ("PyRuSH", "medspacy"):
    logger.disable(_name)


def build_nlp() -> Language:
    """Build the extraction pipeline (takes about a second; build once and reuse).

    Returns:
        A spaCy Language whose components are :data:`PIPE_NAMES`.

    Raises:
        PipelineConfigError: medspaCy did not set up the components asked for.
    """
    nlp = medspacy.load(spacy.blank("en"), medspacy_enable=list(MEDSPACY_ENABLE), load_rules=False)
    # before any rule is added: phrase rules are tokenized with nlp.tokenizer
    nlp.tokenizer = ClinicalTokenizer(nlp.vocab)
    if "medspacy_sectionizer" not in nlp.pipe_names:
        raise PipelineConfigError("medspacy.load did not add medspacy_sectionizer")
    sectionizer = nlp.get_pipe("medspacy_sectionizer")
    sectionizer.add(load_section_rules())
    use_fast_regex(sectionizer._Sectionizer__matcher)  # medspaCy 1.3.1 keeps it name-mangled
    nlp.add_pipe("ic_sentences", before="medspacy_sectionizer")
    nlp.add_pipe("ic_drugs")
    nlp.add_pipe("ic_attributes")
    nlp.add_pipe("ic_times")
    nlp.add_pipe("ic_context")
    use_fast_regex(nlp.get_pipe("ic_drugs").matcher._TargetMatcher__matcher)
    use_fast_regex(nlp.get_pipe("ic_context")._matcher)
    if tuple(nlp.pipe_names) != PIPE_NAMES:
        raise PipelineConfigError(f"unexpected pipeline {nlp.pipe_names}")
    return nlp
