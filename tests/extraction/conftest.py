"""Fixtures of the extraction tests: one pipeline per session (building it takes ~1 s)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extraction import build_nlp
from extraction.assemble import assemble_administrations
from extraction.models import Administration


def pytest_configure(config: pytest.Config) -> None:
    # medspaCy calls an empty token Matcher for phrase/regex-only rule sets (spaCy W036)
    config.addinivalue_line("filterwarnings", r"ignore:\[W036\]:UserWarning")


@pytest.fixture(scope="session")
def nlp() -> Language:
    return build_nlp()


@pytest.fixture(scope="session")
def admins(nlp: Language):
    """``admins(text)`` -> the administrations assembled from ``text``, spans checked."""

    def run(text: str) -> list[Administration]:
        out = assemble_administrations(nlp(text))
        for adm in out:
            adm.mention.check(text)
            adm.sentence.check(text)
            for _, span in adm.spans():
                span.check(text)
        return out

    return run
