"""The time tagger: clinical clock times (``extraction.times``) as facts and ``doc.spans``."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extraction.components.facts import Fact, add_facts, doc_text, set_extensions, to_span_group
from extraction.times import find_times


class TimeTagger:
    """spaCy component: every clock time with its role hint into ``doc.spans["ic_time"]``."""

    def __init__(self, nlp: Language, name: str) -> None:
        set_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        facts = [
            Fact("time", t.start, t.end, t.minute_of_day, t.cue or "time", role=t.role,
                 group=t.range_id)
            for t in find_times(doc_text(doc))
        ]  # fmt: skip
        add_facts(doc, facts)
        to_span_group(doc, "ic_time", facts)
        return doc


# spaCy resolves factory signatures at runtime; under postponed annotations a typed ``nlp``
# parameter is an unresolvable ForwardRef, so the factory functions are left unannotated.
@Language.factory("ic_times", assigns=["doc.spans", "doc._.ic_facts"])
def make_time_tagger(nlp, name):
    """Create the ``TimeTagger`` component."""
    return TimeTagger(nlp, name)
