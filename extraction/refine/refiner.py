"""The refiner: ask a model only what the rules left open, keep only what the note states.

:meth:`Refiner.refine` takes a note and its rules-only :class:`ExtractionResult` and

1. lists the questions the rules left open (:data:`GAP_RULES` — each rule says why it asks);
   with none, no request is made;
2. masks the note (the prompt's own delimiters always; identifiers with ``redact=True``) and
   renders the versioned prompt with the note and the questions;
3. answers from the cache, or asks the model (bounded by ``concurrency``) and stores the answer;
4. grounds every proposal in the original note (:mod:`extraction.refine.verify`), rejects
   proposals for questions that were not asked (the model cannot overwrite rule evidence, create
   an administration or say anything about codes), and applies the accepted facts to copies of
   the records with ``source="llm:<prompt id>@v<version>"``.

Any failure leaves the rules-only extraction unchanged and adds an ``("llm_fallback", message)``
notice; the batch goes on. Notices are plain ``(type, message)`` pairs because ``extraction``
knows nothing about the application's models; messages never contain note text.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from extraction.models import (
    Administration,
    CharSpan,
    ClockTime,
    Dose,
    Encounter,
    Extracted,
    ExtractionResult,
    FluidPurpose,
    Note,
    Route,
    Status,
    Technique,
)
from extraction.refine.cache import CachedResponse, ResponseCache, cache_key
from extraction.refine.client import ChatRequest, Completion, LLMClient, parse_json_answer
from extraction.refine.errors import LLMCacheMiss, LLMConfigError, LLMError, LLMRequestError
from extraction.refine.prompting import PromptTemplate, load_prompt
from extraction.refine.redact import MaskedText, Replacement, find_literal, find_phi, mask
from extraction.refine.schema import (
    ENCOUNTER_FIELDS,
    ENCOUNTER_TARGET,
    ProposalField,
    RefinementProposal,
    strip_descriptions,
    wire_schema,
)
from extraction.refine.verify import DEFAULT_MAX_DISTANCE, Grounded, Rejection, verify_proposal

log = logging.getLogger(__name__)

DEFAULT_PROMPT = "refine_administration"
FALLBACK = "llm_fallback"

Notice = tuple[str, str]


# ----------------------------------------------------------------------------------------------
# What the rules left missing or uncertain


@dataclass(frozen=True)
class Question:
    """One field the model is asked about, and the gap rule that asked it."""

    target: str  # admin_id or "encounter"
    field: ProposalField
    rule: str


_TIMED_TECHNIQUES = frozenset({Technique.INFUSION, Technique.SC_INFUSION, Technique.INTRA_ARTERIAL})
_UNTIMED_TECHNIQUES = frozenset({Technique.PUSH, Technique.INJECTION_SC_IM, Technique.OTHER_ROUTE})
# Statuses the assertion rules produce from wording that is often misread: an order or plan
# written next to what was then given, a "previous" that refers to earlier today. Declined, held
# and negated come from explicit words and are not second-guessed.
_UNCERTAIN_STATUSES = frozenset(
    {Status.PLANNED, Status.ORDERED, Status.HYPOTHETICAL, Status.HISTORICAL}
)
_PARENTERAL = frozenset({Route.IV, Route.IM, Route.SC, Route.INTRA_ARTERIAL})


def _given(adm: Administration) -> bool:
    return adm.status.value is Status.GIVEN


def _timed(adm: Administration) -> bool:
    """Whether codes for this administration depend on start and stop clock times."""
    technique = adm.technique.value if adm.technique is not None else None
    if technique in _UNTIMED_TECHNIQUES:
        return False
    if technique in _TIMED_TECHNIQUES:
        return True
    if adm.kind == "fluid":
        purpose = adm.purpose.value if adm.purpose is not None else None
        return purpose in (None, FluidPurpose.HYDRATION)
    # An IV administration documented neither as a push nor with times cannot be coded (§3).
    route = adm.route.value if adm.route is not None else None
    return route in (None, Route.IV)


GapRule = Callable[[Administration], bool]

GAP_RULES: dict[str, tuple[ProposalField, GapRule]] = {
    # An infusion or hydration without its start/stop supports no time-based code.
    "GAP-START": (ProposalField.START, lambda a: _given(a) and _timed(a) and a.start is None),
    "GAP-STOP": (ProposalField.STOP, lambda a: _given(a) and _timed(a) and a.stop is None),
    # Not given per the assertion rules, by wording that is often misread.
    "GAP-STATUS-NOT-GIVEN": (
        ProposalField.STATUS,
        lambda a: a.status.value in _UNCERTAIN_STATUSES,
    ),
    # "Given" only by default: no administration verb (the status span is the mention) and no
    # charted time. Fluids that are never coded (flush, KVO, vehicle) are not worth a question.
    "GAP-STATUS-NO-CUE": (
        ProposalField.STATUS,
        lambda a: (
            _given(a)
            and a.status.span == a.mention
            and a.start is None
            and (a.purpose is None or a.purpose.value is FluidPurpose.HYDRATION)
        ),
    ),
    # A drug line needs a dose.
    "GAP-DOSE": (
        ProposalField.DOSE,
        lambda a: _given(a) and a.kind == "drug" and a.drug is not None and a.dose is None,
    ),
    # A route not stated and not implied by the technique.
    "GAP-ROUTE": (
        ProposalField.ROUTE,
        lambda a: _given(a) and a.route is None and a.technique is None,
    ),
    # Parenteral access or injection site not documented.
    "GAP-SITE": (
        ProposalField.SITE,
        lambda a: (
            _given(a)
            and a.site is None
            and (a.route is None or a.route.value in _PARENTERAL)
            and (a.technique is None or a.technique.value is not Technique.OTHER_ROUTE)
        ),
    ),
    # Only hydration fluid is coded: a fluid of unknown purpose is neither coded nor excluded.
    "GAP-PURPOSE": (
        ProposalField.PURPOSE,
        lambda a: _given(a) and a.kind == "fluid" and a.purpose is None,
    ),
}


def find_questions(extraction: ExtractionResult) -> list[Question]:
    """Every question the rules leave open for this extraction, in record order.

    Encounter questions: the primary reason when two or more administrations were given (it then
    decides the office initial service) and the note has none; an indication when a drug was
    given and the note states neither an indication nor a diagnosis (medical necessity).
    """
    questions: list[Question] = []
    for adm in extraction.administrations:
        seen: set[ProposalField] = set()
        for rule_id, (fld, applies) in GAP_RULES.items():
            if fld not in seen and applies(adm):
                questions.append(Question(adm.admin_id, fld, rule_id))
                seen.add(fld)
    given = [a for a in extraction.administrations if _given(a)]
    enc = extraction.encounter
    if len(given) >= 2 and enc.primary_reason is None:
        questions.append(Question(ENCOUNTER_TARGET, ProposalField.PRIMARY_REASON, "GAP-REASON"))
    if any(a.kind == "drug" for a in given) and not enc.indications and not enc.diagnoses:
        questions.append(Question(ENCOUNTER_TARGET, ProposalField.INDICATION, "GAP-INDICATION"))
    return questions


# ----------------------------------------------------------------------------------------------
# Outcome


@dataclass(frozen=True)
class RefineOutcome:
    """What :meth:`Refiner.refine` returns.

    Attributes:
        extraction: the refined extraction (the input unchanged after a failure).
        record: audit record for ``results.jsonl``: prompt id/version, model, questions asked,
            accepted and rejected proposals, token usage, whether the cache answered.
        notices: ``(type, message)`` pairs, e.g. ``("llm_fallback", "...")``.
    """

    extraction: ExtractionResult
    record: dict[str, Any]
    notices: tuple[Notice, ...] = ()


@dataclass
class _Answer:
    parsed: RefinementProposal
    mode: str
    usage: dict[str, int]
    cached: bool


@dataclass
class Refiner:
    """Optional LLM second reader.

    Args:
        client: the model client; may be None only with ``replay=True``.
        prompt: the prompt template (default: newest ``refine_administration``).
        cache: response cache; a hit never calls the network.
        redact: mask identifiers before sending (:mod:`extraction.refine.redact`).
        concurrency: most requests in flight at once from this process.
        replay: answer only from the cache; a miss falls back to rules-only.
        max_distance: how far an administration's quote may lie from its sentence.
        price_per_mtok: (input, output) USD per million tokens, for the cost tally.
        model_name: the model whose cached answers to replay (only without a client).

    Raises:
        LLMConfigError: no client without replay, replay without a cache, concurrency < 1.
        CacheMismatchError: the cache was filled with another text of this prompt version.
    """

    client: LLMClient | None
    prompt: PromptTemplate | None = None
    cache: ResponseCache | None = None
    redact: bool = False
    concurrency: int = 1
    replay: bool = False
    max_distance: int = DEFAULT_MAX_DISTANCE
    price_per_mtok: tuple[float, float] | None = None
    model_name: str | None = None
    _slots: threading.BoundedSemaphore = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.prompt is None:
            self.prompt = load_prompt(DEFAULT_PROMPT)
        if self.concurrency < 1:
            raise LLMConfigError(f"--llm-concurrency must be at least 1, not {self.concurrency}")
        if self.replay and self.cache is None:
            raise LLMConfigError("--llm-replay needs --llm-cache")
        if self.client is None and not self.replay:
            raise LLMConfigError("no LLM client configured")
        if self.client is None and not self.model_name:
            raise LLMConfigError("--llm-replay needs the model name the cache was recorded with")
        if self.cache is not None:
            self.cache.check_prompt(
                self.prompt.id, self.prompt.version, self.prompt.template_sha256
            )
        self._slots = threading.BoundedSemaphore(self.concurrency)

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state.pop("_slots", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._slots = threading.BoundedSemaphore(self.concurrency)

    @property
    def model(self) -> str:
        if self.client is not None:
            return self.client.model
        assert self.model_name is not None
        return self.model_name

    @property
    def source(self) -> str:
        assert self.prompt is not None
        return f"llm:{self.prompt.ref}"

    # ------------------------------------------------------------------------------------------

    def refine(self, note: Note, extraction: ExtractionResult) -> RefineOutcome:
        """Refine one note; never raises for a request or grounding failure.

        Args:
            note: the note (its text is the ground truth for every quote).
            extraction: the rules-only extraction of ``note.text``.

        Returns:
            The outcome; ``outcome.extraction is extraction`` after a fallback.
        """
        assert self.prompt is not None
        began = time.perf_counter()
        questions = find_questions(extraction)
        record: dict[str, Any] = {
            "prompt_id": self.prompt.id,
            "prompt_version": self.prompt.version,
            "prompt_sha256": self.prompt.template_sha256,
            "model": self.model,
            "status": "nothing_to_ask",
            "asked": [
                {"target": q.target, "field": q.field.value, "rule": q.rule} for q in questions
            ],
            "accepted": [],
            "rejected": [],
            "tokens": _zero_usage(),
            "cached": False,
            "redacted": self.redact,
        }
        if not questions:
            return RefineOutcome(extraction, record)
        try:
            sent = self._sent_text(note.text, extraction)
            request, rendered_sha = self._request(sent, extraction, questions)
            record["system_prompt_sha256"] = rendered_sha
            if self.redact:
                record["redactions"] = {k: v for k, v in sent.counts.items() if k != "delimiter"}
            answer = self._answer(request)
            record["mode"] = answer.mode
            record["cached"] = answer.cached
            record["tokens"] = _usage_record(answer.usage)
            if self.price_per_mtok is not None:
                record["cost_usd"] = (
                    0.0 if answer.cached else _cost(answer.usage, self.price_per_mtok)
                )
            grounded, rejected = self._ground(answer.parsed, sent, extraction, questions)
            refined = self._apply(extraction, grounded)
            refined.check_spans(note.text)
        except LLMRequestError as exc:
            return self._fallback(extraction, record, exc.kind, exc, began)
        except LLMError as exc:
            return self._fallback(extraction, record, "error", exc, began)
        except Exception as exc:  # a bug must not stop the batch: rules-only, with a notice
            log.warning("LLM refinement failed: %s", type(exc).__name__)
            return self._fallback(extraction, record, "error", exc, began)
        record["status"] = "ok"
        record["accepted"] = [self._accepted_json(g) for g in grounded]
        record["rejected"] = [_rejected_json(r) for r in rejected]
        record["seconds"] = round(time.perf_counter() - began, 3)
        return RefineOutcome(refined, record)

    def refine_many(
        self, items: Iterable[tuple[Note, ExtractionResult]]
    ) -> Iterator[RefineOutcome]:
        """Refine several notes with up to ``concurrency`` requests in flight; input order kept."""
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            futures = [pool.submit(self.refine, note, ex) for note, ex in items]
            for future in futures:
                yield future.result()

    # ------------------------------------------------------------------------------------------

    def _fallback(
        self,
        extraction: ExtractionResult,
        record: dict[str, Any],
        kind: str,
        exc: Exception,
        began: float,
    ) -> RefineOutcome:
        code = getattr(exc, "code", None)
        record["status"] = "fallback"
        record["error"] = {"kind": kind, "type": type(exc).__name__, "code": code}
        record["seconds"] = round(time.perf_counter() - began, 3)
        # LLMError messages never contain note text; other exceptions are named, not quoted.
        detail = str(exc) if isinstance(exc, LLMError) else type(exc).__name__
        message = f"LLM refinement not applied ({kind}: {detail}); rules-only result used"
        return RefineOutcome(extraction, record, ((FALLBACK, message),))

    def _sent_text(self, text: str, extraction: ExtractionResult) -> MaskedText:
        assert self.prompt is not None
        delimiters = [
            self.prompt.header[k] for k in ("note_open", "note_close") if self.prompt.header.get(k)
        ]
        replacements: list[Replacement] = find_literal(text, delimiters)
        if self.redact:
            protected = [span for adm in extraction.administrations for _, span in adm.spans()]
            protected += [adm.mention for adm in extraction.administrations]
            for rep in find_phi(text):
                if not any(rep.start < p.end and p.start < rep.end for p in protected):
                    replacements.append(rep)
        return mask(text, replacements)

    def _request(
        self, sent: MaskedText, extraction: ExtractionResult, questions: list[Question]
    ) -> tuple[ChatRequest, str]:
        assert self.prompt is not None
        targets = {q.target for q in questions}
        fields = {q.field.value for q in questions}
        if any(q.field in ENCOUNTER_FIELDS for q in questions):
            # the primary reason names the administration the visit was for
            targets |= {a.admin_id for a in extraction.administrations}
        schema = wire_schema(
            targets, fields, max_items=len(questions), model=self.prompt.response_model
        )
        records = _questions_json(sent, extraction, questions)
        rendered = self.prompt.render(
            note_text=sent.text,
            records_json=json.dumps(records, ensure_ascii=False),
            # the prompt copy of the schema is guidance only (the request carries the full one):
            # without descriptions, which small models copy into their answers
            output_schema=json.dumps(strip_descriptions(schema), ensure_ascii=False),
        )
        request = ChatRequest(
            messages=rendered.messages,
            response_model=self.prompt.response_model,
            schema=schema,
            schema_name=self.prompt.id,
            temperature=float(self.prompt.param("temperature", 0.0)),
            max_tokens=int(self.prompt.param("max_tokens", 800)),
        )
        return request, rendered.system_sha256

    def _answer(self, request: ChatRequest) -> _Answer:
        assert self.prompt is not None
        key = cache_key(
            self.prompt.id,
            self.prompt.version,
            list(request.messages),
            self.model,
            request.params(),
        )
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                parsed = parse_json_answer(hit.content, request.response_model)
                assert isinstance(parsed, RefinementProposal)
                return _Answer(parsed, hit.mode, hit.usage, cached=True)
        if self.replay or self.client is None:
            raise LLMCacheMiss("--llm-replay: the request is not in the cache")
        with self._slots:
            completion: Completion = self.client.complete(request)
        parsed = completion.parsed
        assert isinstance(parsed, RefinementProposal)
        if self.cache is not None:
            self.cache.put(
                key,
                CachedResponse(
                    content=completion.content,
                    mode=completion.mode,
                    finish_reason=completion.finish_reason,
                    usage=completion.usage,
                ),
                prompt_id=self.prompt.id,
                version=self.prompt.version,
                model=self.model,
                request={"messages": list(request.messages), "params": request.params()},
            )
        return _Answer(parsed, completion.mode, completion.usage, cached=False)

    def _ground(
        self,
        answer: RefinementProposal,
        sent: MaskedText,
        extraction: ExtractionResult,
        questions: list[Question],
    ) -> tuple[list[Grounded], list[Rejection]]:
        by_id = {a.admin_id: a for a in extraction.administrations}
        asked = {(q.target, q.field) for q in questions}
        asked_encounter = {q.field for q in questions if q.target == ENCOUNTER_TARGET}
        grounded: list[Grounded] = []
        rejected: list[Rejection] = []
        done: set[tuple[str, ProposalField]] = set()
        for proposal in answer.proposals:
            target, fld = proposal.target, proposal.field
            if target != ENCOUNTER_TARGET and target not in by_id:
                rejected.append(Rejection(proposal, "unknown_target"))
                continue
            if fld in ENCOUNTER_FIELDS:
                ok = fld in asked_encounter
                slot = (ENCOUNTER_TARGET, fld)
            else:
                ok = (target, fld) in asked
                slot = (target, fld)
            if not ok:
                rejected.append(Rejection(proposal, "not_asked"))
                continue
            if slot in done:
                rejected.append(Rejection(proposal, "duplicate"))
                continue
            adm = by_id.get(target)
            result = verify_proposal(proposal, sent, adm, max_distance=self.max_distance)
            if isinstance(result, Rejection):
                rejected.append(result)
            else:
                grounded.append(result)
                done.add(slot)
        return grounded, rejected

    def _apply(self, extraction: ExtractionResult, grounded: list[Grounded]) -> ExtractionResult:
        if not grounded:
            return extraction
        source = self.source
        updates: dict[str, dict[str, Any]] = {}
        enc_update: dict[str, Any] = {}
        by_id = {a.admin_id: a for a in extraction.administrations}
        for g in grounded:
            fld, target = g.proposal.field, g.proposal.target
            if fld is ProposalField.PRIMARY_REASON:
                adm = by_id.get(target)
                enc_update["primary_reason"] = Extracted[str](
                    value=g.span.text, span=g.span, source=source
                )
                enc_update["primary_reason_admin"] = adm.admin_id if adm else None
                enc_update["primary_reason_kind"] = _reason_kind(adm)
            elif fld is ProposalField.INDICATION:
                enc_update["indications"] = (
                    *extraction.encounter.indications,
                    Extracted[str](value=g.span.text, span=g.span, source=source),
                )
            else:
                updates.setdefault(target, {})[fld.value] = _extracted(g, source)
        administrations = tuple(
            adm.model_copy(update=updates[adm.admin_id]) if adm.admin_id in updates else adm
            for adm in extraction.administrations
        )
        encounter: Encounter = extraction.encounter
        if enc_update:
            encounter = encounter.model_copy(update=enc_update)
        return extraction.model_copy(
            update={"administrations": administrations, "encounter": encounter}
        )

    def _accepted_json(self, g: Grounded) -> dict[str, Any]:
        return {
            "target": g.proposal.target,
            "field": g.proposal.field.value,
            "value": _value_json(g.value),
            "proposed": g.proposal.value,
            "quote": g.proposal.quote,
            "span": [g.span.start, g.span.end],
            "text": g.span.text,
            "quote_span": [g.quote_span.start, g.quote_span.end],
            "source": self.source,
        }


# ----------------------------------------------------------------------------------------------
# Helpers


def _questions_json(
    sent: MaskedText, extraction: ExtractionResult, questions: list[Question]
) -> dict[str, Any]:
    asks: dict[str, list[str]] = {}
    for q in questions:
        asks.setdefault(q.target, []).append(q.field.value)
    text = sent.text
    records = []
    for adm in extraction.administrations:
        s, e = sent.to_sent(adm.mention.start, adm.mention.end)
        known: dict[str, Any] = {"status": adm.status.value.value}
        for name in ("start", "stop"):
            item = getattr(adm, name)
            if item is not None:
                known[name] = item.value.hhmm
        if adm.dose is not None:
            known["dose"] = f"{adm.dose.value.value:g} {adm.dose.value.unit}"
        for name in ("route", "purpose"):
            item = getattr(adm, name)
            if item is not None:
                known[name] = item.value.value
        records.append(
            {
                "id": adm.admin_id,
                "substance": adm.drug.value if adm.drug is not None else None,
                "kind": adm.kind,
                "mention": text[s:e],
                "line": text.count("\n", 0, s) + 1,
                "known": known,
                "ask": asks.get(adm.admin_id, []),
            }
        )
    return {"administrations": records, "encounter": {"ask": asks.get(ENCOUNTER_TARGET, [])}}


def _extracted(g: Grounded, source: str) -> Extracted[Any]:
    value = g.value
    for kind in (ClockTime, Dose, Route, Status, FluidPurpose):
        if isinstance(value, kind):
            return Extracted[kind](value=value, span=g.span, source=source)  # type: ignore[valid-type]
    return Extracted[str](value=g.span.text, span=g.span, source=source)


def _reason_kind(adm: Administration | None) -> str | None:
    if adm is None:
        return None
    if adm.kind == "fluid":
        return "hydration"
    return adm.drug.value if adm.drug is not None else None


def _value_json(value: Any) -> Any:
    if isinstance(value, ClockTime):
        return value.hhmm
    if isinstance(value, Dose):
        return {"value": value.value, "unit": value.unit, "per_kg": value.per_kg}
    if hasattr(value, "value"):
        return value.value
    return value


def _rejected_json(r: Rejection) -> dict[str, Any]:
    span: CharSpan | None = r.quote_span
    return {
        "target": r.proposal.target,
        "field": r.proposal.field.value,
        "value": r.proposal.value,
        "quote": r.proposal.quote,
        "reason": r.reason,
        "detail": r.detail,
        "quote_span": [span.start, span.end] if span is not None else None,
    }


def _zero_usage() -> dict[str, int]:
    return {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0, "requests": 0}


def _usage_record(usage: dict[str, int]) -> dict[str, int]:
    out = _zero_usage()
    for key in out:
        out[key] = int(usage.get(key, 0))
    return out


def _cost(usage: dict[str, int], price: tuple[float, float]) -> float:
    return round(
        usage.get("prompt_tokens", 0) * price[0] / 1e6
        + usage.get("completion_tokens", 0) * price[1] / 1e6,
        6,
    )


def tally(records: Iterable[dict[str, Any] | None]) -> dict[str, Any]:
    """Batch summary of per-note ``llm`` records (for ``summary.json``).

    Tokens of cache hits are counted apart: they cost nothing on this run.

    Returns:
        ``{"notes", "requests_sent", "cache_hits", "fallbacks", "nothing_to_ask", "accepted",
        "rejected", "prompt_tokens", "completion_tokens", "total_tokens",
        "cached_total_tokens", "cost_usd"}`` (``cost_usd`` None when no price was configured).
    """
    out: dict[str, Any] = {
        "notes": 0,
        "requests_sent": 0,
        "cache_hits": 0,
        "fallbacks": 0,
        "nothing_to_ask": 0,
        "accepted": 0,
        "rejected": 0,
        "prompt_tokens": 0,
        "completion_tokens": 0,
        "total_tokens": 0,
        "cached_total_tokens": 0,
        "cost_usd": None,
    }
    for record in records:
        if not record:
            continue
        out["notes"] += 1
        status = record.get("status")
        out["fallbacks"] += status == "fallback"
        out["nothing_to_ask"] += status == "nothing_to_ask"
        out["accepted"] += len(record.get("accepted", ()))
        out["rejected"] += len(record.get("rejected", ()))
        tokens = record.get("tokens") or {}
        if record.get("cached"):
            out["cache_hits"] += 1
            out["cached_total_tokens"] += int(tokens.get("total_tokens", 0))
        else:
            out["requests_sent"] += int(tokens.get("requests", 0))
            for key in ("prompt_tokens", "completion_tokens", "total_tokens"):
                out[key] += int(tokens.get(key, 0))
        if record.get("cost_usd") is not None:
            out["cost_usd"] = round((out["cost_usd"] or 0.0) + record["cost_usd"], 6)
    return out
