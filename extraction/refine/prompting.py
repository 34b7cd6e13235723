"""Versioned prompt files: load, check and render them.

A prompt lives in ``prompts/<id>.v<N>.md``: a header of ``key: value`` lines, a ``---`` line, then
a ``[system]`` part and a ``[user]`` part written as :class:`string.Template` text. Rendering uses
``substitute()``, so a missing variable raises instead of sending a half-filled prompt. A released
version is never edited (the cache refuses a changed text under the same id and version, see
:mod:`extraction.refine.cache`); a behaviour change is a new file with a new version.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from string import Template
from typing import Any

from pydantic import BaseModel

from extraction.refine.errors import PromptFileError
from extraction.refine.schema import resolve_response_model

REQUIRED_HEADER = ("id", "version", "purpose", "response_model", "output_schema")
_NAME_RE = re.compile(r"^(?P<id>[a-z][a-z0-9_]*)\.v(?P<version>[1-9][0-9]*)\.md$")
_PART_RE = re.compile(r"^\[(system|user)\]\s*$", re.M)


@dataclass(frozen=True)
class RenderedPrompt:
    """The chat messages of one request and the hashes that identify them."""

    messages: tuple[dict[str, str], ...]
    system_sha256: str
    sha256: str  # of every message, in order


@dataclass(frozen=True)
class PromptTemplate:
    """One prompt file, parsed and checked.

    Attributes:
        id: prompt id (the file name before ``.v<N>``).
        version: the released version number.
        header: every header key, as text.
        system: the system-message template.
        user: the user-message template.
        template_sha256: sha256 of the whole file, recorded with every result that used it.
    """

    id: str
    version: int
    header: dict[str, str]
    system: Template
    user: Template
    template_sha256: str
    variables: frozenset[str] = field(default_factory=frozenset)

    @property
    def ref(self) -> str:
        """``<id>@v<version>``, as written in ``source`` of every fact this prompt produced."""
        return f"{self.id}@v{self.version}"

    @property
    def response_model(self) -> type[BaseModel]:
        return resolve_response_model(self.header["response_model"])

    def param(self, key: str, default: Any = None) -> Any:
        """A numeric header value (``temperature``, ``max_tokens``) or ``default``."""
        raw = self.header.get(key)
        if raw is None:
            return default
        return float(raw) if "." in raw else int(raw)

    def render(self, **values: str) -> RenderedPrompt:
        """Fill the templates.

        Raises:
            PromptFileError: a placeholder has no value.
        """
        try:
            system = self.system.substitute(values)
            user = self.user.substitute(values)
        except KeyError as exc:
            raise PromptFileError(f"{self.ref}: no value for placeholder ${exc.args[0]}") from None
        except ValueError as exc:
            raise PromptFileError(f"{self.ref}: invalid placeholder ({exc})") from None
        messages = ({"role": "system", "content": system}, {"role": "user", "content": user})
        digest = hashlib.sha256()
        for message in messages:
            digest.update(message["role"].encode() + b"\0" + message["content"].encode() + b"\0")
        return RenderedPrompt(
            messages=messages,
            system_sha256=hashlib.sha256(system.encode()).hexdigest(),
            sha256=digest.hexdigest(),
        )


def parse_prompt(name: str, raw: str) -> PromptTemplate:
    """Parse the text of a prompt file called ``name``.

    Raises:
        PromptFileError: bad file name, header, response model or template.
    """
    m = _NAME_RE.match(name)
    if m is None:
        raise PromptFileError(f"{name}: prompt files are named <id>.v<N>.md")
    head, sep, body = raw.partition("\n---\n")
    if not sep:
        raise PromptFileError(f"{name}: no '---' line after the header")
    header: dict[str, str] = {}
    for number, line in enumerate(head.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        if not colon or not key.strip():
            raise PromptFileError(f"{name}:{number}: header lines are 'key: value'")
        header[key.strip()] = value.strip()
    missing = [k for k in REQUIRED_HEADER if not header.get(k)]
    if missing:
        raise PromptFileError(f"{name}: header lacks {', '.join(missing)}")
    if header["id"] != m["id"] or header["version"] != m["version"]:
        raise PromptFileError(f"{name}: header id/version differ from the file name")
    try:
        resolve_response_model(header["response_model"])
    except KeyError:
        raise PromptFileError(
            f"{name}: unknown response_model {header['response_model']!r}"
        ) from None
    parts = _PART_RE.split(body)
    # parts: [preamble, "system", text, "user", text]
    if len(parts) != 5 or parts[1] != "system" or parts[3] != "user" or parts[0].strip():
        raise PromptFileError(f"{name}: the body must be a [system] part then a [user] part")
    system, user = Template(parts[2].strip("\n")), Template(parts[4].strip("\n"))
    for part in (system, user):
        if not part.is_valid():
            raise PromptFileError(f"{name}: invalid $ placeholder (write $$ for a dollar sign)")
    variables = frozenset(system.get_identifiers()) | frozenset(user.get_identifiers())
    return PromptTemplate(
        id=header["id"],
        version=int(header["version"]),
        header=header,
        system=system,
        user=user,
        template_sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
        variables=variables,
    )


def available_prompts() -> dict[str, list[int]]:
    """Every prompt id shipped in the ``prompts`` package with its versions, ascending."""
    found: dict[str, list[int]] = {}
    for entry in resources.files("prompts").iterdir():
        m = _NAME_RE.match(entry.name)
        if m:
            found.setdefault(m["id"], []).append(int(m["version"]))
    return {key: sorted(versions) for key, versions in sorted(found.items())}


@cache
def load_prompt(prompt_id: str, version: int | None = None) -> PromptTemplate:
    """Load ``prompts/<prompt_id>.v<version>.md`` (the newest version when ``version`` is None).

    Raises:
        PromptFileError: no such prompt or version, or the file is invalid.
    """
    versions = available_prompts().get(prompt_id)
    if not versions:
        raise PromptFileError(f"no prompt named {prompt_id!r} in the prompts package")
    if version is None:
        version = versions[-1]
    if version not in versions:
        raise PromptFileError(f"prompt {prompt_id!r} has no version {version} (has {versions})")
    name = f"{prompt_id}.v{version}.md"
    raw = resources.files("prompts").joinpath(name).read_text(encoding="utf-8")
    return parse_prompt(name, raw)
