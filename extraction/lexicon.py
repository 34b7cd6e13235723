"""The drug lexicon: what each drug is called in notes, its tier, and its HCPCS supply codes.

The data lives in ``extraction/rules/drugs.json`` (provenance in ``rules/PROVENANCE.md``). This
module validates it strictly (unknown keys, duplicate ids, a surface form claimed by two entries,
malformed codes, ambiguous code options all raise :class:`LexiconError`) and offers lookups::

    lexicon = load_drug_lexicon()
    entry = lexicon.by_name("Zofran")          # -> ondansetron
    option = entry.options_for(payer="medicare", on=date(2025, 6, 1), dose=4)[0]
    option.billing_units(4)                    # -> 4 (J2405 is per 1 mg)

Surface forms are matched case-insensitively with whitespace collapsed
(:func:`normalize_surface_form`); hyphenated and unhyphenated spellings ("Solu-Medrol",
"Solumedrol") are listed separately in the data.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

__all__ = [
    "SCHEMA_NAME",
    "SCHEMA_VERSION",
    "DrugEntry",
    "DrugLexicon",
    "HcpcsOption",
    "LexiconError",
    "load_drug_lexicon",
    "normalize_surface_form",
]

SCHEMA_NAME = "infusion_coder.drug_lexicon"
SCHEMA_VERSION = 1

_FROZEN = ConfigDict(frozen=True, extra="forbid")
_CODE_RE = re.compile(r"^[A-Z]\d{4}$")
_ID_RE = re.compile(r"^DRUG-\d{4}$")
_WS_RE = re.compile(r"\s+")

Unit = Literal["mg", "mcg", "g", "mL", "meq", "units"]
Payer = Literal["medicare", "medicaid", "commercial"]
Kind = Literal["drug", "fluid"]
Tier = Literal["chemo", "therapeutic", "fluid"]


class LexiconError(ValueError):
    """The lexicon file is malformed; the message names the file, entry index, id and field."""


def normalize_surface_form(text: str) -> str:
    """Normalise a surface form for lookup: case-folded, whitespace collapsed and stripped.

    Args:
        text: A drug name as written.

    Returns:
        The lookup key, e.g. ``"  Invega\\nSustenna "`` -> ``"invega sustenna"``.
    """
    return _WS_RE.sub(" ", text).strip().casefold()


class HcpcsOption(BaseModel):
    """One HCPCS Level II code a drug can be billed with, and when it applies.

    ``amount`` + ``unit`` is the billing unit from the CMS long description ("per 1 mg" ->
    ``1, "mg"``; "up to 50 mg" -> ``50, "mg", up_to=True``; "1000 cc" -> ``1000, "mL"``). Both
    are ``None`` for codes billed once per administration or session whatever the dose
    (J3490 unclassified drug, G2082/G2083 esketamine visits, Q9991/Q9992 Sublocade).

    Applicability (all conditions must hold; ``None`` means "no restriction"):

    * ``payers``: the option applies only to these payers.
    * ``effective_from`` / ``effective_to``: inclusive date-of-service window.
    * ``min_dose`` / ``max_dose``: the option applies when ``min_dose < dose <= max_dose``
      (**exclusive** lower bound, **inclusive** upper bound). Bounds are expressed in the
      option's ``unit`` (a fluid's bag volume in mL for J7030/J7040/J7050), or in mg when
      ``unit`` is ``None`` (G2082 ``max_dose=56``: total dose <= 56 mg; G2083 ``min_dose=56``:
      total dose > 56 mg).

    The options of one :class:`DrugEntry` never overlap: for any payer, date and dose at most one
    option applies (checked when the entry is built).
    """

    model_config = _FROZEN

    code: str
    amount: float | None = Field(default=None, gt=0)
    unit: Unit | None = None
    up_to: bool = False
    payers: tuple[Payer, ...] | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    min_dose: float | None = Field(default=None, ge=0)
    max_dose: float | None = Field(default=None, gt=0)
    note: str | None = None

    @field_validator("code")
    @classmethod
    def _code_format(cls, value: str) -> str:
        if not _CODE_RE.match(value):
            raise ValueError(f"malformed HCPCS code {value!r} (expected e.g. 'J2405')")
        return value

    @field_validator("payers")
    @classmethod
    def _payers_nonempty(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is not None and (not value or len(set(value)) != len(value)):
            raise ValueError("payers must be null or a non-empty list without repeats")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> HcpcsOption:
        if (self.amount is None) != (self.unit is None):
            raise ValueError("amount and unit must be given together (or both null)")
        if self.up_to and self.amount is None:
            raise ValueError("up_to needs an amount and unit")
        if self.code == "J3490" and self.amount is not None:
            raise ValueError("J3490 (unclassified drug) has no billing unit")
        if (
            self.min_dose is not None
            and self.max_dose is not None
            and self.min_dose >= self.max_dose
        ):
            raise ValueError("min_dose must be below max_dose")
        if (
            self.effective_from is not None
            and self.effective_to is not None
            and self.effective_from > self.effective_to
        ):
            raise ValueError("effective_from is after effective_to")
        return self

    def applies_to(
        self,
        payer: str | None = None,
        on: dt.date | None = None,
        dose: float | None = None,
    ) -> bool:
        """Whether this option applies to a payer, date of service and dose.

        An argument left ``None`` (unknown) does not exclude the option.

        Args:
            payer: "medicare", "medicaid" or "commercial".
            on: The date of service.
            dose: The dose, in this option's ``unit`` (mg when the unit is ``None``).

        Returns:
            True unless a known argument falls outside the option's restrictions.
        """
        if payer is not None and self.payers is not None and payer not in self.payers:
            return False
        if on is not None:
            if self.effective_from is not None and on < self.effective_from:
                return False
            if self.effective_to is not None and on > self.effective_to:
                return False
        if dose is not None:
            if self.min_dose is not None and not dose > self.min_dose:
                return False
            if self.max_dose is not None and not dose <= self.max_dose:
                return False
        return True

    def billing_units(self, dose: float | None) -> int:
        """Units for one administration: ceil(dose / billing unit), at least 1.

        Exact decimal arithmetic (``0.75 / 0.25`` is 3, never 4). An option without a billing
        unit (J3490, G2082 ...) is 1 unit per administration.

        Args:
            dose: The dose in this option's ``unit``; ``None`` only for unit-less options.

        Returns:
            The number of billing units.

        Raises:
            ValueError: The option has a billing unit but no dose was given.
        """
        if self.amount is None:
            return 1
        if dose is None:
            raise ValueError(f"{self.code}: a dose is needed to compute billing units")
        units = math.ceil(Decimal(str(dose)) / Decimal(str(self.amount)))
        return max(1, units)


def _ranges_overlap(a: HcpcsOption, b: HcpcsOption) -> bool:
    """Whether some (payer, date, dose) makes both options apply."""
    if a.payers is not None and b.payers is not None and not set(a.payers) & set(b.payers):
        return False
    lo_a = a.effective_from or dt.date.min
    hi_a = a.effective_to or dt.date.max
    lo_b = b.effective_from or dt.date.min
    hi_b = b.effective_to or dt.date.max
    if max(lo_a, lo_b) > min(hi_a, hi_b):
        return False
    low = max(
        a.min_dose if a.min_dose is not None else -math.inf,
        b.min_dose if b.min_dose is not None else -math.inf,
    )
    high = min(
        a.max_dose if a.max_dose is not None else math.inf,
        b.max_dose if b.max_dose is not None else math.inf,
    )
    return low < high


class DrugEntry(BaseModel):
    """One drug (or one product of a drug with product-specific codes) or IV fluid.

    Attributes:
        id: ``DRUG-NNNN``, unique and stable.
        name: Canonical lowercase generic name; products with their own codes are keyed by
            product, e.g. ``"paliperidone palmitate (invega trinza)"``.
        synonyms: Other generic spellings and common misspellings as written in notes.
        brands: Brand names.
        abbreviations: Unambiguous abbreviations ("NS", "KCl"); never a word or clinical
            abbreviation with another common meaning ("MS", "NAD").
        kind: ``"drug"`` or ``"fluid"`` (pre-packaged IV solution).
        tier: ``"chemo"`` (antineoplastics; monoclonal antibodies / biologic response
            modifiers by IV infusion), ``"therapeutic"`` or ``"fluid"`` (coding-policy §2).
        drug_class: Free-text pharmacological class.
        single_dose: True for single-dose-container drugs subject to JZ/JW
            (docs/policy-interpretation.md); ``None`` = not flagged (no JZ/JW logic).
        wellness: Vitamin/nutrient "wellness" product (finding ``payer_policy_review``).
        hcpcs: Billing options; empty only for a fluid without a HCPCS code.
        source: Where the codes come from.
    """

    model_config = _FROZEN

    id: str
    name: str
    synonyms: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    kind: Kind
    tier: Tier
    drug_class: str
    single_dose: bool | None = None
    wellness: bool = False
    hcpcs: tuple[HcpcsOption, ...]
    source: str = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id_format(cls, value: str) -> str:
        if not _ID_RE.match(value):
            raise ValueError(f"malformed id {value!r} (expected DRUG-NNNN)")
        return value

    @field_validator("name")
    @classmethod
    def _name_canonical(cls, value: str) -> str:
        if not value or value != value.strip() or value != value.lower() or "  " in value:
            raise ValueError(f"name {value!r} must be lowercase, trimmed, single-spaced")
        return value

    @field_validator("synonyms", "brands", "abbreviations")
    @classmethod
    def _forms_clean(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for form in value:
            if not form.strip() or form != form.strip():
                raise ValueError(f"surface form {form!r} is empty or has outer whitespace")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> DrugEntry:
        if (self.kind == "fluid") != (self.tier == "fluid"):
            raise ValueError("kind 'fluid' and tier 'fluid' go together")
        if self.kind == "fluid" and (self.wellness or self.single_dose):
            raise ValueError("a fluid is neither wellness nor single_dose")
        if not self.hcpcs and self.kind != "fluid":
            raise ValueError("hcpcs: a drug needs at least one option (J3490 if no code)")
        seen: dict[str, str] = {}
        for form in self.surface_form_list:
            key = normalize_surface_form(form)
            if key in seen:
                raise ValueError(f"surface form {form!r} repeats {seen[key]!r} in this entry")
            seen[key] = form
        for i, a in enumerate(self.hcpcs):
            for b in self.hcpcs[i + 1 :]:
                if _ranges_overlap(a, b):
                    raise ValueError(
                        f"hcpcs: options {a.code} and {b.code} overlap (payers, dates and "
                        "dose ranges must make at most one option apply)"
                    )
        return self

    @property
    def surface_form_list(self) -> tuple[str, ...]:
        """Every surface form of the entry as written: name, synonyms, brands, abbreviations."""
        return (self.name, *self.synonyms, *self.brands, *self.abbreviations)

    @property
    def codes(self) -> tuple[str, ...]:
        """The HCPCS codes of the entry's options, in file order."""
        return tuple(option.code for option in self.hcpcs)

    def options_for(
        self,
        payer: str | None = None,
        on: dt.date | None = None,
        dose: float | None = None,
    ) -> tuple[HcpcsOption, ...]:
        """The options that apply (see :meth:`HcpcsOption.applies_to`).

        With payer, date and dose all known this is at most one option.

        Args:
            payer: "medicare", "medicaid" or "commercial".
            on: The date of service.
            dose: The dose in the options' unit (mg for unit-less options).

        Returns:
            The applicable options, in file order.
        """
        return tuple(o for o in self.hcpcs if o.applies_to(payer=payer, on=on, dose=dose))


class DrugLexicon:
    """The validated set of drug entries with lookups by id and by surface form."""

    def __init__(self, entries: Iterable[DrugEntry], source: str = "<memory>") -> None:
        """Index the entries, rejecting duplicate ids and surface forms shared by two entries.

        Args:
            entries: The drug entries, in file order.
            source: Name of the file they came from, for error messages.

        Raises:
            LexiconError: Duplicate id or a surface form claimed by two entries.
        """
        self.entries: tuple[DrugEntry, ...] = tuple(entries)
        self.source = source
        self._by_id: dict[str, DrugEntry] = {}
        self._by_form: dict[str, DrugEntry] = {}
        index_of: dict[str, int] = {}
        for index, entry in enumerate(self.entries):
            if entry.id in self._by_id:
                raise LexiconError(
                    f"{source}: drugs[{index}] (id={entry.id}): field 'id': duplicate id, "
                    f"already used by drugs[{index_of[entry.id]}]"
                )
            self._by_id[entry.id] = entry
            index_of[entry.id] = index
            for form in entry.surface_form_list:
                key = normalize_surface_form(form)
                other = self._by_form.get(key)
                if other is not None and other.id != entry.id:
                    raise LexiconError(
                        f"{source}: drugs[{index}] (id={entry.id}): surface form {form!r} is "
                        f"already claimed by drugs[{index_of[other.id]}] (id={other.id}, "
                        f"{other.name!r})"
                    )
                self._by_form[key] = entry
        self._forms: list[tuple[str, DrugEntry]] = sorted(
            ((form, entry) for entry in self.entries for form in entry.surface_form_list),
            key=lambda pair: (-len(pair[0]), normalize_surface_form(pair[0]), pair[0]),
        )

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[DrugEntry]:
        return iter(self.entries)

    def by_id(self, drug_id: str) -> DrugEntry:
        """The entry with this id.

        Args:
            drug_id: ``DRUG-NNNN``.

        Returns:
            The entry.

        Raises:
            KeyError: No entry has this id.
        """
        try:
            return self._by_id[drug_id]
        except KeyError:
            raise KeyError(f"no drug lexicon entry with id {drug_id!r}") from None

    def by_name(self, name: str) -> DrugEntry | None:
        """The entry whose canonical name or any surface form equals ``name``.

        Args:
            name: A name as written; matched case-insensitively, whitespace-normalised.

        Returns:
            The entry, or None when no entry has this form.
        """
        return self._by_form.get(normalize_surface_form(name))

    def surface_forms(self) -> list[tuple[str, DrugEntry]]:
        """Every (surface form as written, entry), canonical names included, longest first.

        Ties are broken alphabetically so the order is deterministic.
        """
        return list(self._forms)


def _field_path(loc: Sequence[int | str]) -> str:
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + item)
    return "".join(parts) or "<entry>"


def _parse(raw: Any, source: str) -> DrugLexicon:
    if not isinstance(raw, dict):
        raise LexiconError(f"{source}: the top level must be a JSON object")
    expected = {"schema", "schema_version", "provenance", "drugs"}
    unknown = sorted(set(raw) - expected)
    missing = sorted(expected - set(raw))
    if unknown or missing:
        raise LexiconError(f"{source}: header: unknown keys {unknown}, missing keys {missing}")
    if raw["schema"] != SCHEMA_NAME:
        raise LexiconError(f"{source}: header: schema must be {SCHEMA_NAME!r}")
    if raw["schema_version"] != SCHEMA_VERSION:
        raise LexiconError(
            f"{source}: header: unsupported schema_version {raw['schema_version']!r} "
            f"(this code reads version {SCHEMA_VERSION})"
        )
    if not isinstance(raw["provenance"], str) or not raw["provenance"].strip():
        raise LexiconError(f"{source}: header: provenance must be a non-empty string")
    if not isinstance(raw["drugs"], list):
        raise LexiconError(f"{source}: header: drugs must be a list")
    entries: list[DrugEntry] = []
    for index, item in enumerate(raw["drugs"]):
        drug_id = item.get("id", "?") if isinstance(item, dict) else "?"
        try:
            entries.append(DrugEntry.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            more = f" (+{exc.error_count() - 1} more errors)" if exc.error_count() > 1 else ""
            raise LexiconError(
                f"{source}: drugs[{index}] (id={drug_id}): field "
                f"'{_field_path(first['loc'])}': {first['msg']}{more}"
            ) from exc
    return DrugLexicon(entries, source=source)


def _load_text(text: str, source: str) -> DrugLexicon:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LexiconError(f"{source}: not valid JSON: {exc}") from exc
    return _parse(raw, source)


@functools.lru_cache(maxsize=1)
def _load_default() -> DrugLexicon:
    resource = resources.files("extraction").joinpath("rules", "drugs.json")
    return _load_text(resource.read_text(encoding="utf-8"), "extraction/rules/drugs.json")


def load_drug_lexicon(path: Path | None = None) -> DrugLexicon:
    """Load and validate a drug lexicon.

    Args:
        path: A drugs.json file; ``None`` loads the packaged ``extraction/rules/drugs.json``
            (cached: every call returns the same object).

    Returns:
        The validated lexicon.

    Raises:
        LexiconError: The file is missing, not JSON, or violates the schema; the message names
            the file, the entry index, its id and the field.
    """
    if path is None:
        return _load_default()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read the drug lexicon: {exc}") from exc
    return _load_text(text, str(path))
