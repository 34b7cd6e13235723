"""Coded exceptions of the LLM refiner.

Configuration faults (no API key, a missing or edited prompt file) raise at start-up. Faults of a
single request (a timeout, a refusal, output cut off or not matching the schema) raise inside the
client and are turned by :class:`~extraction.refine.refiner.Refiner` into an ``llm_fallback``
notice: that note keeps its rules-only extraction and the batch goes on. No message here ever
contains note text; a raw model response is kept on the exception object, never in its message.
"""

from __future__ import annotations

from typing import Any, ClassVar

from extraction.errors import ExtractionError


class LLMError(ExtractionError):
    """Base class of every refiner error."""

    code: ClassVar[str] = "EXT300"


class LLMConfigError(LLMError):
    """The refiner cannot be configured (no API key for a remote API, a bad option)."""

    code: ClassVar[str] = "EXT301"


class PromptFileError(LLMError):
    """A prompt file is missing, has an invalid header, or its template does not render."""

    code: ClassVar[str] = "EXT302"


class CacheMismatchError(LLMError):
    """The cache holds entries made with another text of the same prompt id and version.

    A released prompt version is never edited; the cache refuses to mix the two.
    """

    code: ClassVar[str] = "EXT303"


class LLMRequestError(LLMError):
    """One request failed; the note falls back to the rules-only extraction.

    Attributes:
        raw: the last raw response text or object, when there was one (for debugging; may hold
            note text, so it is never logged or put in a message).
    """

    code: ClassVar[str] = "EXT310"
    kind: ClassVar[str] = "request_failed"

    def __init__(self, message: str, raw: Any = None) -> None:
        super().__init__(message)
        self.raw = raw


class LLMTransportError(LLMRequestError):
    """Rate limits, server errors or connection failures outlasted the bounded retries."""

    code: ClassVar[str] = "EXT311"
    kind: ClassVar[str] = "transport"


class LLMTimeout(LLMTransportError):
    """The server did not answer within the timeout, on every attempt."""

    code: ClassVar[str] = "EXT312"
    kind: ClassVar[str] = "timeout"


class LLMIncompleteOutput(LLMRequestError):
    """The answer was cut off (``finish_reason == "length"``)."""

    code: ClassVar[str] = "EXT313"
    kind: ClassVar[str] = "truncated"


class LLMRefusal(LLMRequestError):
    """The model refused (``message.refusal`` or a content-filter finish)."""

    code: ClassVar[str] = "EXT314"
    kind: ClassVar[str] = "refusal"


class LLMInvalidOutput(LLMRequestError):
    """The answer was not JSON matching the response model, even after one re-ask."""

    code: ClassVar[str] = "EXT315"
    kind: ClassVar[str] = "invalid_output"


class LLMUnsupportedServer(LLMRequestError):
    """The server rejected every structured-output mode, including plain prompting."""

    code: ClassVar[str] = "EXT316"
    kind: ClassVar[str] = "unsupported"


class LLMCacheMiss(LLMRequestError):
    """Replay mode: the request is not in the cache and the network may not be used."""

    code: ClassVar[str] = "EXT317"
    kind: ClassVar[str] = "cache_miss"
