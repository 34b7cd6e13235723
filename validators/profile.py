"""Setting and payer profiles: data files merged into one :class:`~validators.models.Profile`.

A profile is two JSON files: ``setting-<setting>.json`` (how the initial service is chosen,
which MUE table applies) and ``payer-<payer>.json`` (modifier style, JZ/JW, payer-policy flags,
tier overrides, which lexicon payer class selects HCPCS options). The packaged files live in
``validators/profiles/``; a user adds a payer by dropping ``payer-<name>.json`` into a folder
passed as ``profile_dir`` (searched first). A malformed file raises
:class:`~validators.errors.ProfileError` naming the file and the field, when it is loaded.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from validators.errors import ProfileError, TableError
from validators.models import Profile, TierOverride
from validators.reference import load_tables

PROFILES_DIR = Path(__file__).parent / "profiles"

_STRICT = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


class SettingFile(BaseModel):
    """Schema of ``setting-<name>.json``."""

    model_config = _STRICT
    schema_name: Literal["infusion_coder.setting_profile"] = Field(alias="schema")
    schema_version: Literal[1]
    setting: str
    description: str = ""
    initial_service_rule: Literal["primary_reason", "hierarchy"]
    mue_service_type: Literal["Practitioner", "Outpatient Hospital"]
    source: str = Field(min_length=1)


class PayerFlags(BaseModel):
    model_config = _STRICT
    ketamine_psych_review: bool
    wellness_review: bool
    esketamine_review: bool


class TierOverrideEntry(BaseModel):
    model_config = _STRICT
    drug: str = Field(min_length=1)
    tier: Literal["chemo", "therapeutic"]
    source: str = Field(min_length=1)


class PayerFile(BaseModel):
    """Schema of ``payer-<name>.json``."""

    model_config = _STRICT
    schema_name: Literal["infusion_coder.payer_profile"] = Field(alias="schema")
    schema_version: Literal[1]
    payer: str
    description: str = ""
    lexicon_payer: Literal["medicare", "medicaid", "commercial"]
    modifier_style: Literal["X", "59"]
    sum_intervals: bool
    jz_jw: bool
    jz_jw_effective_from: dt.date = dt.date(2023, 7, 1)
    flags: PayerFlags
    tier_overrides: tuple[TierOverrideEntry, ...] = ()
    initial_service_rule_by_setting: dict[str, Literal["primary_reason", "hierarchy"]] = {}
    tables_dir: str | None = None
    source: str = Field(min_length=1)


def _find(kind: str, name: str, profile_dir: Path | None) -> Path:
    if not _NAME_RE.match(name):
        raise ProfileError(f"{kind}-{name}.json", f"field '{kind}': invalid name {name!r}")
    dirs = [profile_dir] if profile_dir is not None else []
    dirs.append(PROFILES_DIR)
    for directory in dirs:
        candidate = Path(directory) / f"{kind}-{name}.json"
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(d) for d in dirs)
    raise ProfileError(f"{kind}-{name}.json", f"no {kind} profile {name!r} (looked in {looked})")


def _read(path: Path, model: type[BaseModel]) -> Any:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(path, f"cannot read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise ProfileError(path, f"not valid JSON (line {exc.lineno}): {exc.msg}") from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise ProfileError(path, exc) from exc


def load_profile(setting: str, payer: str, profile_dir: Path | None = None) -> Profile:
    """Load and merge the setting and payer profiles.

    Args:
        setting: ``"office"`` or ``"facility"`` (or a custom setting file's name).
        payer: ``"medicare"``, ``"medicaid"``, ``"commercial"`` or a custom payer file's name.
        profile_dir: Optional folder searched before the packaged profiles.

    Returns:
        The merged profile; its reference tables have been loaded and validated too.

    Raises:
        ProfileError: A file is missing, not JSON, or has a bad field (file and field named).
    """
    setting_path = _find("setting", setting, profile_dir)
    payer_path = _find("payer", payer, profile_dir)
    s: SettingFile = _read(setting_path, SettingFile)
    p: PayerFile = _read(payer_path, PayerFile)
    if s.setting != setting:
        raise ProfileError(setting_path, f"field 'setting': {s.setting!r} differs from file name")
    if p.payer != payer:
        raise ProfileError(payer_path, f"field 'payer': {p.payer!r} differs from file name")
    tables_dir: str | None = None
    if p.tables_dir is not None:
        resolved = (payer_path.parent / p.tables_dir).resolve()
        try:
            load_tables(resolved)
        except TableError as exc:
            raise ProfileError(payer_path, f"field 'tables_dir': {exc}") from exc
        tables_dir = str(resolved)
    else:
        load_tables()
    return Profile(
        setting=s.setting,
        payer=p.payer,
        initial_service_rule=p.initial_service_rule_by_setting.get(
            s.setting, s.initial_service_rule
        ),
        mue_service_type=s.mue_service_type,
        modifier_style=p.modifier_style,
        sum_intervals=p.sum_intervals,
        jz_jw=p.jz_jw,
        jz_jw_effective_from=p.jz_jw_effective_from,
        lexicon_payer=p.lexicon_payer,
        ketamine_psych_review=p.flags.ketamine_psych_review,
        wellness_review=p.flags.wellness_review,
        esketamine_review=p.flags.esketamine_review,
        tier_overrides=tuple(
            TierOverride(drug=t.drug, tier=t.tier, source=t.source) for t in p.tier_overrides
        ),
        tables_dir=tables_dir,
        files=(str(setting_path), str(payer_path)),
    )


def check_profile_dir(profile_dir: Path) -> list[str]:
    """Validate every ``setting-*.json`` and ``payer-*.json`` in a folder (for start-up checks).

    Args:
        profile_dir: The user's profile folder.

    Returns:
        The names of the files checked.

    Raises:
        ProfileError: The first malformed file, with the field named.
    """
    checked = []
    for path in sorted(Path(profile_dir).glob("setting-*.json")):
        _read(path, SettingFile)
        checked.append(path.name)
    for path in sorted(Path(profile_dir).glob("payer-*.json")):
        _read(path, PayerFile)
        checked.append(path.name)
    return checked
