"""The chat-completions client: the ONLY module of the project that imports ``openai``.

Works with OpenAI and with OpenAI-compatible servers (llama.cpp server, vLLM, Ollama). Structured
output is requested in the best mode the server accepts, tried in this order and remembered once
a server has accepted one:

1. ``json_schema`` — ``response_format={"type": "json_schema", "json_schema": {..., "strict":
   true}}`` (OpenAI, vLLM, Ollama);
2. ``json_object`` with the schema — ``{"type": "json_object", "schema": {...}}`` (llama.cpp's
   server rejects mode 1 with HTTP 500 but constrains output to this schema by grammar);
3. ``prompt`` — no ``response_format``; the prompt carries the schema and the answer is parsed
   and validated like the others.

Every answer is validated with the pydantic response model; an answer that is not valid JSON for
it gets one re-ask that includes the validation error (instructor's idea). Rate limits (429),
server errors (5xx), timeouts and connection failures are retried a bounded number of times with
exponential backoff (``Retry-After`` honoured, capped). ``finish_reason == "length"`` raises
:class:`LLMIncompleteOutput` and a refusal :class:`LLMRefusal`. Nothing here logs message content.
"""

from __future__ import annotations

import json
import logging
import os
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import openai
from pydantic import BaseModel, ValidationError

from extraction.refine.errors import (
    LLMConfigError,
    LLMIncompleteOutput,
    LLMInvalidOutput,
    LLMRefusal,
    LLMRequestError,
    LLMTimeout,
    LLMTransportError,
    LLMUnsupportedServer,
)
from extraction.refine.schema import strict_schema

log = logging.getLogger(__name__)

MODES = ("json_schema", "json_object", "prompt")
DEFAULT_MODEL = "gpt-4o-mini"
DEFAULT_TIMEOUT = 60.0
LOCAL_API_KEY = "sk-local-no-key"  # OpenAI-compatible local servers ignore the key
_FORMAT_WORDS = re.compile(r"response_format|json_schema|json schema|schema|grammar", re.I)
_PROMPT_ONLY_SUFFIX = "\n\nAnswer with the JSON object only: no prose, no code fence."


@dataclass(frozen=True)
class ChatRequest:
    """One structured-output request.

    Attributes:
        messages: chat messages (system, user).
        response_model: pydantic model every answer must validate against.
        schema: JSON Schema sent to the server (full limits; narrowed to the request).
        schema_name: name of the schema for ``json_schema`` mode.
        temperature: sampling temperature (0 for reproducible answers).
        max_tokens: limit of generated tokens.
        seed: sampling seed, for servers that honour it.
    """

    messages: tuple[dict[str, str], ...]
    response_model: type[BaseModel]
    schema: dict[str, Any]
    schema_name: str = "response"
    temperature: float = 0.0
    max_tokens: int = 800
    seed: int | None = 0

    def params(self) -> dict[str, Any]:
        """Everything besides the messages and model that determines the answer (cache key)."""
        return {
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "seed": self.seed,
            "schema": self.schema,
        }


@dataclass(frozen=True)
class Completion:
    """A validated answer."""

    parsed: BaseModel
    content: str  # the model's text as received (it validated; kept raw for audit and replay)
    mode: str  # structured-output mode that produced it
    finish_reason: str | None
    usage: dict[str, int] = field(default_factory=dict)


class LLMClient(Protocol):
    """What the refiner needs from a model (tests may supply their own)."""

    model: str

    def complete(self, request: ChatRequest) -> Completion:
        """Answer ``request`` with a validated response, or raise an ``LLMRequestError``."""
        ...


class _ModeRejected(Exception):
    """The server rejected the request shape of the current mode."""


def resolve_connection(
    base_url: str | None = None, api_key: str | None = None
) -> tuple[str | None, str]:
    """Base URL and key from the arguments, else ``OPENAI_BASE_URL`` / ``OPENAI_API_KEY``.

    A local server needs no key; OpenAI itself does.

    Raises:
        LLMConfigError: no key and no base URL (the default endpoint is OpenAI's).
    """
    base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
    api_key = api_key or os.environ.get("OPENAI_API_KEY") or None
    if api_key is None:
        if base_url is None:
            raise LLMConfigError(
                "--llm needs OPENAI_API_KEY for OpenAI, or --llm-base-url / OPENAI_BASE_URL "
                "for an OpenAI-compatible local server"
            )
        api_key = LOCAL_API_KEY
    return base_url, api_key


def parse_json_answer(content: str, model: type[BaseModel]) -> BaseModel:
    """Validate a model's text as ``model``, tolerating a code fence or text around the object.

    Raises:
        ValueError: no JSON object in the text, or invalid JSON.
        ValidationError: the object does not match ``model``.
    """
    text = content.strip()
    fence = re.match(r"^```(?:json)?\s*(.*?)\s*```$", text, re.S)
    if fence:
        text = fence.group(1)
    if not text.startswith("{"):
        first, last = text.find("{"), text.rfind("}")
        if first < 0 or last <= first:
            raise ValueError("no JSON object in the answer")
        text = text[first : last + 1]
    data = json.loads(text)
    return model.model_validate(data)


def _error_summary(exc: Exception) -> str:
    """A validation problem in words, without echoing input values."""
    if isinstance(exc, ValidationError):
        parts = []
        for err in exc.errors(include_input=False, include_url=False)[:5]:
            loc = ".".join(str(p) for p in err["loc"]) or "(root)"
            parts.append(f"{loc}: {err['msg']}")
        return "; ".join(parts)
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON ({exc.msg} at character {exc.pos})"
    return str(exc)


class OpenAIChatClient:
    """``LLMClient`` over the ``openai`` package.

    Args:
        model: model name (``gpt-4o-mini``, a llama.cpp alias, an Ollama tag ...).
        base_url: API base URL (``http://127.0.0.1:8080/v1``); None = OpenAI or
            ``OPENAI_BASE_URL``.
        api_key: key; None = ``OPENAI_API_KEY`` (not needed for a local server).
        timeout: seconds per HTTP request.
        max_retries: extra attempts after a 429/5xx/timeout/connection failure.
        backoff: first wait in seconds; doubles per attempt, with jitter.
        backoff_max: longest wait, also the cap on ``Retry-After``.
        modes: structured-output modes to try, in order.
        reasks: re-asks after an answer that does not validate.
        sleep: the sleep function (tests pass a recorder).

    Raises:
        LLMConfigError: no key for OpenAI, or an unknown mode.
    """

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        backoff: float = 0.5,
        backoff_max: float = 8.0,
        modes: tuple[str, ...] = MODES,
        reasks: int = 1,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        unknown = [m for m in modes if m not in MODES]
        if unknown or not modes:
            raise LLMConfigError(f"unknown structured-output mode(s) {unknown}; known: {MODES}")
        self.model = model
        self.base_url, self._api_key = resolve_connection(base_url, api_key)
        self.timeout = timeout
        self.max_retries = max(0, max_retries)
        self.backoff = backoff
        self.backoff_max = backoff_max
        self.modes = tuple(modes)
        self.reasks = max(0, reasks)
        self._sleep = sleep
        self._lock = threading.Lock()
        self._client: openai.OpenAI | None = None
        self._mode_index = 0
        self.accepted_mode: str | None = None  # the mode this server has accepted

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_client"] = None
        state["_lock"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    @property
    def mode(self) -> str:
        """The mode the next request will use."""
        return self.accepted_mode or self.modes[self._mode_index]

    def _openai(self) -> openai.OpenAI:
        with self._lock:
            if self._client is None:
                self._client = openai.OpenAI(
                    base_url=self.base_url,
                    api_key=self._api_key,
                    timeout=self.timeout,
                    max_retries=0,  # retries are ours: bounded, logged, and counted
                )
            return self._client

    # ------------------------------------------------------------------------------------------

    def complete(self, request: ChatRequest) -> Completion:
        """Send ``request`` and return a validated answer.

        Raises:
            LLMTimeout, LLMTransportError: retries exhausted.
            LLMIncompleteOutput: the answer was cut off at ``max_tokens``.
            LLMRefusal: the model refused.
            LLMInvalidOutput: no valid answer after the re-ask.
            LLMUnsupportedServer: every mode was rejected.
            LLMRequestError: any other HTTP error (401, 404 ...).
        """
        usage = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0, "requests": 0}
        while True:
            mode = self.mode
            try:
                completion = self._complete_in_mode(request, mode, usage)
            except _ModeRejected:
                with self._lock:
                    if self.accepted_mode is None and self.modes[self._mode_index] == mode:
                        if self._mode_index + 1 >= len(self.modes):
                            raise LLMUnsupportedServer(
                                "the server rejected every structured-output mode"
                            ) from None
                        self._mode_index += 1
                        log.info("server rejected %s output; trying %s", mode, self.mode)
                continue
            with self._lock:
                if self.accepted_mode is None:
                    self.accepted_mode = mode
            return completion

    def _kwargs(self, request: ChatRequest, mode: str) -> dict[str, Any]:
        messages = [dict(m) for m in request.messages]
        kwargs: dict[str, Any] = {
            "model": self.model,
            "temperature": request.temperature,
            "max_tokens": request.max_tokens,
        }
        if request.seed is not None:
            kwargs["seed"] = request.seed
        if mode == "json_schema":
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {
                    "name": request.schema_name,
                    "schema": strict_schema(request.schema),
                    "strict": True,
                },
            }
        elif mode == "json_object":
            kwargs["response_format"] = {"type": "json_object", "schema": request.schema}
        else:
            messages[-1]["content"] += _PROMPT_ONLY_SUFFIX
        kwargs["messages"] = messages
        return kwargs

    def _complete_in_mode(
        self, request: ChatRequest, mode: str, usage: dict[str, int]
    ) -> Completion:
        kwargs = self._kwargs(request, mode)
        reasks_left = self.reasks
        while True:
            response = self._send(kwargs, mode)
            usage["requests"] += 1
            if response.usage is not None:
                usage["prompt_tokens"] += response.usage.prompt_tokens or 0
                usage["completion_tokens"] += response.usage.completion_tokens or 0
                usage["total_tokens"] += response.usage.total_tokens or 0
            if not response.choices:
                raise LLMInvalidOutput("the response has no choices", raw=response)
            choice = response.choices[0]
            message = choice.message
            content = message.content or ""
            if getattr(message, "refusal", None) or choice.finish_reason == "content_filter":
                raise LLMRefusal("the model refused to answer", raw=response)
            if choice.finish_reason == "length":
                raise LLMIncompleteOutput(
                    f"the answer was cut off at max_tokens={request.max_tokens}", raw=content
                )
            try:
                parsed = parse_json_answer(content, request.response_model)
            except (ValueError, ValidationError) as exc:
                if reasks_left <= 0:
                    raise LLMInvalidOutput(
                        f"the answer is not valid {request.response_model.__name__} JSON "
                        f"({type(exc).__name__})",
                        raw=content,
                    ) from None
                reasks_left -= 1
                kwargs["messages"] = [
                    *kwargs["messages"],
                    {"role": "assistant", "content": content[:4000]},
                    {
                        "role": "user",
                        "content": f"That answer is not valid: {_error_summary(exc)}. Answer "
                        "again with one JSON object that matches the schema.",
                    },
                ]
                continue
            return Completion(
                parsed=parsed,
                content=content,
                mode=mode,
                finish_reason=choice.finish_reason,
                usage=dict(usage),
            )

    def _send(self, kwargs: dict[str, Any], mode: str) -> Any:
        client = self._openai()
        last: Exception | None = None
        for attempt in range(self.max_retries + 1):
            retry_after: float | None = None
            try:
                return client.chat.completions.create(**kwargs)
            except openai.APITimeoutError as exc:
                last = exc
            except openai.APIConnectionError as exc:
                last = exc
            except openai.RateLimitError as exc:
                last = exc
                retry_after = _retry_after(exc)
            except openai.APIStatusError as exc:
                if self._rejects_mode(exc, mode):
                    raise _ModeRejected() from None
                if exc.status_code < 500:
                    raise LLMRequestError(
                        f"the server answered HTTP {exc.status_code} ({type(exc).__name__})"
                    ) from None
                last = exc
            if attempt < self.max_retries:
                wait = min(self.backoff_max, self.backoff * (2**attempt))
                wait = wait * (0.75 + 0.5 * random.random())
                if retry_after is not None:
                    wait = min(self.backoff_max, max(wait, retry_after))
                log.info(
                    "LLM request failed (%s); retry %d in %.2fs", _kind(last), attempt + 1, wait
                )
                self._sleep(wait)
        assert last is not None
        attempts = self.max_retries + 1
        if isinstance(last, openai.APITimeoutError):
            raise LLMTimeout(f"no answer within {self.timeout:g}s ({attempts} attempts)")
        raise LLMTransportError(f"{_kind(last)} after {attempts} attempts")

    def _rejects_mode(self, exc: openai.APIStatusError, mode: str) -> bool:
        """Whether an HTTP error means "this server does not take this request shape".

        Only before a mode has been accepted, never in plain-prompt mode, and only for a 400, 422
        or 5xx whose message talks about the response format or schema (llama.cpp answers
        ``json_schema`` with HTTP 500); any other error (an over-long note, a bad key) must not
        downgrade the mode for every later note.
        """
        if self.accepted_mode is not None or mode == "prompt":
            return False
        if exc.status_code in (400, 422) or exc.status_code >= 500:
            body = exc.body if isinstance(exc.body, str) else json.dumps(exc.body, default=str)
            return bool(_FORMAT_WORDS.search(f"{exc.message} {body}"))
        return False


def _retry_after(exc: openai.APIStatusError) -> float | None:
    try:
        raw = exc.response.headers.get("retry-after")
        return None if raw is None else max(0.0, float(raw))
    except (AttributeError, ValueError):
        return None


def _kind(exc: Exception | None) -> str:
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code}"
    return type(exc).__name__
