"""Response models of the LLM refiner: what a model may answer, and nothing more.

The shape is deliberately flat — one list of proposals, each naming a target, a field from a
closed list, a short value and the verbatim quote that supports it — with enums and length limits,
so that a small local model constrained by a grammar cannot ramble and a large one cannot smuggle
in anything else (``extra="forbid"``). The model never proposes codes: there is no field for one.

The JSON Schema sent to a server is derived from these models by :func:`wire_schema`, which
inlines ``$defs`` (some OpenAI-compatible servers do not resolve references) and narrows the
``target`` and ``field`` enums to what a particular request asked about.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

QUOTE_MAX = 200
VALUE_MAX = 60
MAX_PROPOSALS = 16
ENCOUNTER_TARGET = "encounter"


class ProposalField(StrEnum):
    """The facts the refiner may propose (never a code)."""

    STATUS = "status"  # was the drug given in this encounter (Status values)
    START = "start"  # clock time the infusion/hydration started ("09:30")
    STOP = "stop"  # clock time it stopped
    DOSE = "dose"  # amount with unit ("4 mg")
    ROUTE = "route"  # Route values (IV, IM, SC, ...)
    SITE = "site"  # access or injection site as written ("left antecubital")
    PURPOSE = "purpose"  # FluidPurpose values for a fluid
    PRIMARY_REASON = "primary_reason"  # the administration the visit was for
    INDICATION = "indication"  # the condition a drug was given for, as written


# Fields asked about an administration; the rest are asked about the encounter.
ADMINISTRATION_FIELDS = frozenset(
    {
        ProposalField.STATUS,
        ProposalField.START,
        ProposalField.STOP,
        ProposalField.DOSE,
        ProposalField.ROUTE,
        ProposalField.SITE,
        ProposalField.PURPOSE,
    }
)
ENCOUNTER_FIELDS = frozenset({ProposalField.PRIMARY_REASON, ProposalField.INDICATION})


class Proposal(BaseModel):
    """One proposed fact with its verbatim support from the note."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    target: str = Field(
        min_length=1,
        max_length=12,
        description='an administration id from the records ("A1") or "encounter"',
    )
    field: ProposalField
    value: str = Field(min_length=1, max_length=VALUE_MAX, description="the proposed value")
    quote: str = Field(
        min_length=1,
        max_length=QUOTE_MAX,
        description="the exact words of the note that state the value, copied verbatim",
    )


class RefinementProposal(BaseModel):
    """The whole answer: proposals only for the questions asked (possibly none)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    proposals: list[Proposal] = Field(default_factory=list, max_length=MAX_PROPOSALS)


RESPONSE_MODELS: dict[str, type[BaseModel]] = {
    "extraction.refine.schema:RefinementProposal": RefinementProposal,
}


def resolve_response_model(ref: str) -> type[BaseModel]:
    """The response model a prompt header names (``module:Class``).

    Raises:
        KeyError: the name is not a known response model.
    """
    return RESPONSE_MODELS[ref]


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            merged = {k: v for k, v in node.items() if k != "$ref"}
            return {**_inline_refs(copy.deepcopy(defs[name]), defs), **merged}
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema with every ``$ref`` inlined and every property required.

    All properties are listed in ``required`` and objects close with
    ``additionalProperties: false``, which OpenAI's strict mode demands and llama.cpp's grammar
    converter honours.
    """
    raw = model.model_json_schema()
    schema = _inline_refs(raw, raw.get("$defs", {}))
    _close_objects(schema)
    return schema


def _close_objects(node: Any) -> None:
    """Drop titles/defaults and close every object schema (``node`` is a schema, not a map)."""
    if isinstance(node, list):
        for value in node:
            _close_objects(value)
        return
    if not isinstance(node, dict):
        return
    node.pop("title", None)
    node.pop("default", None)
    if node.get("type") == "object" and "properties" in node:
        node["required"] = list(node["properties"])
        node["additionalProperties"] = False
    for key, value in node.items():
        if key == "properties":
            for sub in value.values():
                _close_objects(sub)
        elif key in ("items", "anyOf", "allOf", "oneOf"):
            _close_objects(value)


def wire_schema(
    targets: Iterable[str],
    fields: Iterable[str],
    *,
    max_items: int | None = None,
    model: type[BaseModel] = RefinementProposal,
) -> dict[str, Any]:
    """The schema for one request: ``target`` and ``field`` limited to what was asked.

    Args:
        targets: administration ids asked about, plus ``"encounter"`` when encounter facts are.
        fields: the field names asked about.
        max_items: most proposals (one per question asked); None keeps the model's limit.
        model: the response model (its ``proposals`` items must have ``target`` and ``field``).

    Returns:
        A JSON Schema dict (a fresh copy; safe to mutate).
    """
    schema = json_schema(model)
    item = schema["properties"]["proposals"]["items"]["properties"]
    item["target"] = {"type": "string", "enum": sorted(set(targets))}
    field_values = [f.value for f in ProposalField if f.value in set(fields)]
    item["field"] = {"type": "string", "enum": field_values}
    if max_items is not None:
        limit = schema["properties"]["proposals"].get("maxItems", max_items)
        schema["properties"]["proposals"]["maxItems"] = max(1, min(limit, max_items))
    return schema


def strict_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy without the string-length keywords OpenAI's strict mode rejects.

    The limits still apply: pydantic checks them on every response.
    """
    out = copy.deepcopy(schema)

    def strip(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("minLength", "maxLength"):
                node.pop(key, None)
            for value in node.values():
                strip(value)
        elif isinstance(node, list):
            for value in node:
                strip(value)

    strip(out)
    return out


def strip_descriptions(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy without ``description`` keys (for the copy of the schema shown in the prompt)."""

    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                k: (
                    {name: strip(sub) for name, sub in v.items()} if k == "properties" else strip(v)
                )
                for k, v in node.items()
                if k != "description"
            }
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    return strip(schema)
