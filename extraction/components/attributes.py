"""The attribute tagger: doses, volumes, rates, durations, routes, techniques, sites, fluid
purposes, status cues and waste statements, found by the regular expressions in
``rules/attributes.json``.

One component (``ic_attributes``) runs every pattern over the note text once; results go to
``doc.spans["ic_<kind>"]`` and, with exact offsets and parsed values, to ``doc._.ic_facts``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from extraction.components.facts import Fact, add_facts, doc_text, set_extensions, to_span_group
from extraction.rulefiles import RuleBase, RuleFileModel, compile_pattern, load_file

ATTRIBUTES_FILE = "attributes.json"

ROUTE_VALUES = ("IV", "IM", "SC", "intranasal", "PO", "SL", "intra_arterial", "inhaled", "topical")
TECHNIQUE_WORDS = ("push", "infusion", "injection")
PURPOSES = ("kvo", "flush", "hydration")
STATUS_CUES = ("given", "hold", "resume", "repeat")
SITE_PARTS = ("device", "side", "location", "gauge")
AMOUNT_KINDS = ("rate", "dose", "volume", "duration", "weight")

# IV access locations need a side, device or gauge to count as a documented site ("L AC");
# injection sites ("deltoid", "abdomen") stand alone.
_IV_LOCATIONS = frozenset(
    {"ac", "acf", "antecubital", "antecubital fossa", "forearm", "fa", "hand", "dorsal hand",
     "wrist", "chest", "foot", "basilic", "cephalic", "subclavian",
     "jugular", "ij", "ej"}
)  # fmt: skip
_STRONG_DEVICES = re.compile(
    r"port|mediport|power\s*port|portacath|infusaport|picc|cvc|central|midline", re.I
)


class AmountRule(RuleBase):
    kind: str
    pattern: str


class RouteRule(RuleBase):
    route: str
    technique: str | None
    pattern: str
    case_sensitive: bool = False


class TechniqueRule(RuleBase):
    technique: str
    pattern: str


class SitePartRule(RuleBase):
    part: str
    pattern: str


class PurposeRule(RuleBase):
    purpose: str
    pattern: str


class PatternRule(RuleBase):
    pattern: str


class ValueRule(RuleBase):
    value: str
    pattern: str


class UnnamedRule(RuleBase):
    kind: str
    pattern: str


class AttributeRulesFile(RuleFileModel):
    """Schema of ``rules/attributes.json``."""

    amounts: tuple[AmountRule, ...]
    routes: tuple[RouteRule, ...]
    techniques: tuple[TechniqueRule, ...]
    site_parts: tuple[SitePartRule, ...]
    purposes: tuple[PurposeRule, ...]
    vehicle_leads: tuple[PatternRule, ...]
    vehicle_trails: tuple[PatternRule, ...]
    status_cues: tuple[ValueRule, ...]
    waste: tuple[ValueRule, ...]
    unnamed_substances: tuple[UnnamedRule, ...]
    negative_route_contexts: tuple[PatternRule, ...]


@dataclass(frozen=True)
class CompiledAttributes:
    """The attribute rules compiled into a few combined regular expressions."""

    rules: AttributeRulesFile
    amounts: re.Pattern[str]
    amount_ids: dict[str, AmountRule]
    routes: re.Pattern[str]
    route_ids: dict[str, RouteRule]
    techniques: re.Pattern[str]
    technique_ids: dict[str, TechniqueRule]
    site_parts: re.Pattern[str]
    site_ids: dict[str, SitePartRule]
    purposes: re.Pattern[str]
    purpose_ids: dict[str, PurposeRule]
    status: re.Pattern[str]
    status_ids: dict[str, ValueRule]
    waste: re.Pattern[str]
    waste_ids: dict[str, ValueRule]
    vehicle_leads: list[tuple[str, re.Pattern[str]]]
    vehicle_trails: list[tuple[str, re.Pattern[str]]]
    not_route: re.Pattern[str]


def _combine(rules: list[tuple[str, str, bool]], prefix: str) -> tuple[re.Pattern[str], list[str]]:
    """One alternation with a named group per rule, each bounded by non-word characters."""
    names: list[str] = []
    alts: list[str] = []
    for i, (rule_id, pattern, case_sensitive) in enumerate(rules):
        compile_pattern(ATTRIBUTES_FILE, rule_id, pattern)
        name = f"{prefix}{i}"
        names.append(name)
        flag = "-i" if case_sensitive else "i"
        alts.append(f"(?P<{name}>(?{flag}:{pattern}))")
    combined = r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])"
    return compile_pattern(ATTRIBUTES_FILE, prefix, combined), names


@cache
def load_attribute_rules() -> CompiledAttributes:
    """Load, validate and compile ``rules/attributes.json`` (once per process).

    Raises:
        RuleFileError: the file does not match its schema.
        DuplicateRuleIdError: two rules share an id.
        RulePatternError: a pattern does not compile.
    """
    parsed = load_file(ATTRIBUTES_FILE, AttributeRulesFile)
    _check_values(parsed)
    # Amount patterns carry their own named groups (num, unit): compile each separately instead.
    amount_alts = []
    for i, rule in enumerate(parsed.amounts):
        inner = rule.pattern.replace("(?P<num>", f"(?P<num{i}>").replace(
            "(?P<unit>", f"(?P<unit{i}>"
        )
        amount_alts.append(f"(?P<a{i}>{inner})")
    amounts = compile_pattern(
        ATTRIBUTES_FILE, "amounts", r"(?<![\w./])(?:" + "|".join(amount_alts) + ")", re.I
    )
    routes, route_names = _combine(
        [(r.id, r.pattern, r.case_sensitive) for r in parsed.routes], "r"
    )
    techniques, tech_names = _combine([(r.id, r.pattern, False) for r in parsed.techniques], "t")
    sites, site_names = _combine([(r.id, r.pattern, False) for r in parsed.site_parts], "s")
    purposes, purpose_names = _combine([(r.id, r.pattern, False) for r in parsed.purposes], "p")
    status, status_names = _combine([(r.id, r.pattern, False) for r in parsed.status_cues], "c")
    waste_alts = []
    for i, rule in enumerate(parsed.waste):
        compile_pattern(ATTRIBUTES_FILE, rule.id, rule.pattern, re.I)
        inner = rule.pattern.replace("(?P<num>", f"(?P<num{i}>")
        inner = inner.replace("(?P<unit>", f"(?P<unit{i}>")
        waste_alts.append(f"(?P<w{i}>{inner})")
    waste = compile_pattern(
        ATTRIBUTES_FILE, "waste", r"(?<![\w])(?:" + "|".join(waste_alts) + ")", re.I
    )
    leads = [
        (r.id, compile_pattern(ATTRIBUTES_FILE, r.id, r.pattern, re.I))
        for r in parsed.vehicle_leads
    ]
    trails = [
        (r.id, compile_pattern(ATTRIBUTES_FILE, r.id, r.pattern, re.I))
        for r in parsed.vehicle_trails
    ]
    not_route = compile_pattern(
        ATTRIBUTES_FILE,
        "negative_route_contexts",
        "|".join(f"(?:{r.pattern})" for r in parsed.negative_route_contexts),
        re.I,
    )
    return CompiledAttributes(
        rules=parsed,
        amounts=amounts,
        amount_ids={f"a{i}": r for i, r in enumerate(parsed.amounts)},
        routes=routes,
        route_ids=dict(zip(route_names, parsed.routes, strict=True)),
        techniques=techniques,
        technique_ids=dict(zip(tech_names, parsed.techniques, strict=True)),
        site_parts=sites,
        site_ids=dict(zip(site_names, parsed.site_parts, strict=True)),
        purposes=purposes,
        purpose_ids=dict(zip(purpose_names, parsed.purposes, strict=True)),
        status=status,
        status_ids=dict(zip(status_names, parsed.status_cues, strict=True)),
        waste=waste,
        waste_ids={f"w{i}": r for i, r in enumerate(parsed.waste)},
        vehicle_leads=leads,
        vehicle_trails=trails,
        not_route=not_route,
    )


def _check_values(parsed: AttributeRulesFile) -> None:
    checks: list[tuple[str, str, tuple[str, ...]]] = []
    checks += [(r.id, r.kind, AMOUNT_KINDS) for r in parsed.amounts]
    checks += [(r.id, r.route, ROUTE_VALUES) for r in parsed.routes]
    checks += [(r.id, r.technique or "push", TECHNIQUE_WORDS) for r in parsed.routes]
    checks += [(r.id, r.technique, TECHNIQUE_WORDS) for r in parsed.techniques]
    checks += [(r.id, r.part, SITE_PARTS) for r in parsed.site_parts]
    checks += [(r.id, r.purpose, PURPOSES) for r in parsed.purposes]
    checks += [(r.id, r.value, STATUS_CUES) for r in parsed.status_cues]
    checks += [(r.id, r.value, ("waste", "zero_waste")) for r in parsed.waste]
    checks += [(r.id, r.kind, ("drug", "fluid")) for r in parsed.unnamed_substances]
    for rule_id, value, allowed in checks:
        if value not in allowed:
            from extraction.errors import RuleFileError
            from extraction.rulefiles import RULES_DIR

            raise RuleFileError(
                RULES_DIR / ATTRIBUTES_FILE, f"rule {rule_id}: {value!r} is not one of {allowed}"
            )


# ----------------------------------------------------------------------------------------------
# Parsing of amounts


_DOSE_UNITS = {
    "mg": "mg", "milligram": "mg", "milligrams": "mg", "mcg": "mcg", "µg": "mcg", "ug": "mcg",
    "microgram": "mcg", "micrograms": "mcg", "g": "g", "gm": "g", "gram": "g", "grams": "g",
    "unit": "units", "units": "units", "u": "units", "iu": "units", "meq": "meq", "mmol": "mmol",
    "mg/kg": "mg/kg", "mcg/kg": "mcg/kg", "mg/m2": "mg/m2", "unit/kg": "units/kg",
    "units/kg": "units/kg",
}  # fmt: skip
_VOLUME_FACTORS = {
    "ml": 1.0, "cc": 1.0, "milliliter": 1.0, "milliliters": 1.0, "l": 1000.0, "liter": 1000.0,
    "liters": 1000.0, "litre": 1000.0, "litres": 1000.0,
}  # fmt: skip


def _number(raw: str) -> float | None:
    try:
        value = float(raw.replace(",", ""))
    except ValueError:
        return None
    return value if value > 0 else None


def parse_rate_unit(unit: str) -> tuple[str, float] | None:
    """Normalised rate unit and the factor to apply to the number ("mL/min" -> mL/h × 60)."""
    u = re.sub(r"\s+per\s+", "/", unit.strip().lower())
    u = u.replace("hour", "h").replace("hr", "h").replace("cc", "ml")
    u = u.replace("units/", "unit/")
    table = {
        "ml/h": ("mL/h", 1.0), "ml/min": ("mL/h", 60.0), "mg/kg/h": ("mg/kg/h", 1.0),
        "mcg/kg/min": ("mcg/kg/min", 1.0), "mcg/kg/h": ("mcg/kg/h", 1.0), "mg/h": ("mg/h", 1.0),
        "mcg/min": ("mcg/min", 1.0), "mcg/h": ("mcg/h", 1.0), "unit/h": ("units/h", 1.0),
        "gtt/min": ("gtt/min", 1.0), "drops/min": ("gtt/min", 1.0),
    }  # fmt: skip
    return table.get(u)


def _amount_fact(m: re.Match[str], index: int, rule: AmountRule) -> Fact | None:
    num = _number(m.group(f"num{index}"))
    unit_raw = m.group(f"unit{index}")
    if num is None or unit_raw is None:
        return None
    unit = unit_raw.lower()
    s, e = m.span()
    if rule.kind == "dose":
        norm = _DOSE_UNITS.get(unit)
        if norm is None:
            return None
        return Fact("dose", s, e, (num, norm), rule.id, extra={"per_kg": norm.endswith("/kg")})
    if rule.kind == "volume":
        factor = _VOLUME_FACTORS.get(unit)
        if factor is None:
            return None
        return Fact("volume", s, e, (num * factor, "mL"), rule.id)
    if rule.kind == "rate":
        parsed = parse_rate_unit(unit)
        if parsed is None:
            return None
        norm, factor = parsed
        return Fact("rate", s, e, (num * factor, norm), rule.id)
    if rule.kind == "duration":
        minutes = num * 60 if unit.startswith("h") else num
        return Fact("duration", s, e, round(minutes), rule.id)
    if rule.kind == "weight":
        kg = num * 0.45359237 if unit.startswith(("lb", "pound")) else num
        return Fact("weight", s, e, round(kg, 1), rule.id)
    return None


# ----------------------------------------------------------------------------------------------
# Tagging


def tag_attributes(
    text: str,
    rules: CompiledAttributes | None = None,
    windows: list[tuple[int, int]] | None = None,
) -> list[Fact]:
    """Every attribute fact in ``text`` (pure function; the component wraps it).

    Args:
        text: the note text.
        rules: compiled rules (default: the project's rule file).
        windows: where administration attributes (amounts, routes, techniques, purposes,
            status cues) can matter; None = everywhere. Sites are also read on every line that
            names a vascular access or injection site, and waste statements everywhere (both
            link at note level).

    Returns:
        Facts in text order.

    >>> [(f.kind, f.value) for f in tag_attributes("Zofran 4 mg IVP") if f.kind != "technique"]
    [('dose', (4.0, 'mg')), ('route', 'IV')]
    """
    rules = rules or load_attribute_rules()
    facts: list[Fact] = []
    spans = windows if windows is not None else [(0, len(text))]
    site_spans = spans if windows is None else _merge_spans(spans + _access_lines(text))
    sites = [f for lo, hi in site_spans for f in _tag_sites(text, rules, lo, hi)]
    gauges = [(s.start, s.end) for s in sites]
    for m in _scan(rules.amounts, text, spans):
        name = m.lastgroup or ""
        if not name.startswith("a") or name not in rules.amount_ids:
            continue
        fact = _amount_fact(m, int(name[1:]), rules.amount_ids[name])
        if fact is None:
            continue
        if fact.kind == "dose" and fact.value[1] == "g" and _inside(fact, gauges):  # type: ignore[index]
            continue  # "22g PIV" is a catheter gauge, not 22 grams
        if fact.kind == "volume" and (
            _OXYGEN_BEFORE.search(text, max(0, fact.start - 16), fact.start)
            or _OXYGEN_AFTER.match(text, fact.end)
        ):
            continue  # "O2 15 L", "2 L NC": oxygen flow, not a fluid volume
        facts.append(fact)
    for m in _scan(rules.routes, text, spans):
        rule = rules.route_ids[m.lastgroup or ""]
        if rule.route == "IV" and rule.technique is None:
            if rules.not_route.search(text[max(0, m.start() - 30) : m.start()]) is not None:
                continue  # "stage IV", "grade IV": a roman numeral, not the route
        facts.append(Fact("route", m.start(), m.end(), rule.route, rule.id, role=rule.technique))
    for m in _scan(rules.techniques, text, spans):
        rule = rules.technique_ids[m.lastgroup or ""]
        facts.append(Fact("technique", m.start(), m.end(), rule.technique, rule.id))
    facts.extend(sites)
    for m in _scan(rules.purposes, text, spans):
        rule = rules.purpose_ids[m.lastgroup or ""]
        facts.append(Fact("purpose", m.start(), m.end(), rule.purpose, rule.id))
    for m in _scan(rules.status, text, spans):
        rule = rules.status_ids[m.lastgroup or ""]
        facts.append(Fact("status", m.start(), m.end(), rule.value, rule.id))
    for m in rules.waste.finditer(text):
        name = m.lastgroup or ""
        rule = rules.waste_ids[name]
        if rule.value == "zero_waste":
            facts.append(Fact("zero_waste", m.start(), m.end(), True, rule.id))
            continue
        i = name[1:]
        num = _number(m.group(f"num{i}"))
        unit_raw = m.group(f"unit{i}").lower()
        unit = "mL" if unit_raw == "ml" else _DOSE_UNITS.get(unit_raw)
        if num is not None and unit is not None:
            facts.append(Fact("waste", m.start(), m.end(), (num, unit), rule.id))
    facts = _drop_waste_amounts(facts)
    facts.sort(key=lambda f: (f.start, -f.end))
    return facts


def _scan(
    pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]]
) -> Iterator[re.Match[str]]:
    for start, end in spans:
        yield from pattern.finditer(text, start, end)


_OXYGEN_BEFORE = re.compile(r"(?:O2|oxygen|NC|nasal\s+cannula|NRB|mask)\s*(?:at|@|of)?\s*\Z", re.I)
_OXYGEN_AFTER = re.compile(r"\s*(?:/\s*min|per\s+min|NC\b|nasal\s+cannula|O2\b|oxygen)", re.I)
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")


def administration_windows(text: str, mentions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Text where a drug mention's attributes can be: from the start of its line to the end of
    its paragraph (at most 1,500 characters), merged."""
    out: list[tuple[int, int]] = []
    for start, _end in sorted(mentions):
        lo = text.rfind("\n", 0, start) + 1
        para = _PARAGRAPH_END.search(text, start)
        hi = para.start() if para is not None else len(text)
        hi = min(hi, start + 1500)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _inside(fact: Fact, spans: list[tuple[int, int]]) -> bool:
    return any(s <= fact.start < e or fact.start <= s < fact.end for s, e in spans)


def _drop_waste_amounts(facts: list[Fact]) -> list[Fact]:
    """An amount inside a waste statement is the discarded amount, not a dose."""
    waste = [(f.start, f.end) for f in facts if f.kind in ("waste", "zero_waste")]
    if not waste:
        return facts
    return [
        f
        for f in facts
        if not (f.kind in ("dose", "volume") and any(s <= f.start and f.end <= e for s, e in waste))
    ]


_SITE_GAP = re.compile(
    r"(?:[ \t,/:-]{0,3}|[ \t,]*(?:in|to|of|at|@|on|x1|-|placed|inserted|established|started|"
    r"secured|accessed|flushed|patent|via)[ \t,:]*)\Z",
    re.I,
)


_ACCESS_LINE = re.compile(
    r"(?<![\w])(?:PIV|port|PICC|access|catheter|gauge|\d{2}\s*g|IV\s+(?:(?:L|R|Lt|Rt|left|"
    r"right)\.?\s+)?(?:placed|started|site|inserted|in|hand|forearm|AC|antecubital|arm|wrist)|"
    r"saline\s+lock|midline|deltoid|gluteal|ventrogluteal|thigh|abdomen)(?![\w])",
    re.I,
)


def _access_lines(text: str) -> list[tuple[int, int]]:
    """Lines that name an access device or site (a note-level IV site can be anywhere)."""
    out: list[tuple[int, int]] = []
    last_end = -1
    for m in _ACCESS_LINE.finditer(text):
        if m.start() < last_end:
            continue
        lo = text.rfind("\n", 0, m.start()) + 1
        hi = text.find("\n", m.end())
        hi = len(text) if hi < 0 else hi
        out.append((lo, hi))
        last_end = hi
    return out


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _tag_sites(
    text: str, rules: CompiledAttributes, lo: int = 0, hi: int | None = None
) -> list[Fact]:
    """Merge adjacent site parts ("PIV", "L", "AC", "22g") into site chunks."""
    parts: list[tuple[int, int, str, str]] = []
    for m in rules.site_parts.finditer(text, lo, len(text) if hi is None else hi):
        rule = rules.site_ids[m.lastgroup or ""]
        parts.append((m.start(), m.end(), rule.part, rule.id))
    out: list[Fact] = []
    i = 0
    while i < len(parts):
        j = i
        while j + 1 < len(parts) and _SITE_GAP.match(text, parts[j][1], parts[j + 1][0]):
            if parts[j + 1][0] - parts[j][1] > 14 or "\n" in text[parts[j][1] : parts[j + 1][0]]:
                break
            j += 1
        chunk = parts[i : j + 1]
        fact = _site_fact(text, chunk)
        if fact is not None:
            out.append(fact)
        i = j + 1
    return out


def _site_fact(text: str, chunk: list[tuple[int, int, str, str]]) -> Fact | None:
    kinds = {p[2] for p in chunk}
    # trim leading/trailing bare sides ("R" before a non-site word)
    devices = [text[s:e] for s, e, k, _ in chunk if k == "device"]
    locations = [text[s:e].lower() for s, e, k, _ in chunk if k == "location"]
    strong_device = any(_STRONG_DEVICES.search(d) for d in devices)
    real_device = any(d.strip().upper() != "IV" for d in devices)
    valid = False
    iv_like = False
    # a site needs a place: a side, a vein/limb location, or a port / PICC / central line;
    # "IV access obtained" or "22g PIV placed" alone documents no site (missing_site)
    if strong_device:
        valid, iv_like = True, True
    elif "gauge" in kinds and (locations or (devices and "side" in kinds)):
        valid, iv_like = True, True
    elif locations:
        iv_locs = [loc for loc in locations if loc in _IV_LOCATIONS]
        if iv_locs:
            if "side" in kinds or devices or "gauge" in kinds:
                valid, iv_like = True, True
        else:
            valid = True
            iv_like = bool(devices)
    elif real_device and "side" in kinds:
        valid, iv_like = True, True
    if not valid:
        return None
    # drop a trailing side letter that belongs to the next phrase
    while chunk and chunk[-1][2] == "side":
        chunk = chunk[:-1]
    while chunk and chunk[0][2] == "side" and len(chunk) > 1 and chunk[1][2] == "side":
        chunk = chunk[1:]
    if not chunk:
        return None
    s, e = chunk[0][0], chunk[-1][1]
    return Fact(
        "site",
        s,
        e,
        text[s:e],
        chunk[0][3],
        group=tuple(p[2] for p in chunk),
        extra={"iv_like": iv_like, "injection_site": bool(locations) and not iv_like},
    )


class AttributeTagger:
    """spaCy component: tag doses, routes, techniques, sites, purposes, status cues, waste."""

    GROUPS = (
        "dose", "volume", "rate", "duration", "weight", "route", "technique", "site", "purpose",
        "status", "waste", "zero_waste",
    )  # fmt: skip

    def __init__(self, nlp: Language, name: str) -> None:
        set_extensions()
        self.name = name
        self.rules = load_attribute_rules()

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        drugs = doc.spans["ic_drug"] if "ic_drug" in doc.spans else []
        windows = administration_windows(text, [(s.start_char, s.end_char) for s in drugs])
        facts = tag_attributes(text, self.rules, windows)
        add_facts(doc, facts)
        by_kind: dict[str, list[Fact]] = {k: [] for k in self.GROUPS}
        for fact in facts:
            by_kind[fact.kind].append(fact)
        for kind, group in by_kind.items():
            to_span_group(doc, f"ic_{kind}", group)
        return doc


# spaCy resolves factory signatures at runtime; under postponed annotations a typed ``nlp``
# parameter is an unresolvable ForwardRef, so the factory functions are left unannotated.
@Language.factory("ic_attributes", assigns=["doc.spans", "doc._.ic_facts"])
def make_attribute_tagger(nlp, name):
    """Create the ``AttributeTagger`` component."""
    return AttributeTagger(nlp, name)
