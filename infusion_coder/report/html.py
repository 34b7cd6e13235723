"""A tiny HTML builder that escapes by default.

Every string handed to :func:`el` is escaped unless it is :class:`Safe` (already-built markup).
Note text, note ids, drug names and messages are therefore inert wherever they are placed: a
``<script>`` in a note renders as the characters ``<script>``. Opting out of escaping needs an
explicit :class:`Safe`, which only this package's builders create.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable, Mapping

_ATTR_NAME = re.compile(r"^[a-zA-Z][a-zA-Z0-9-]*$")
_TAG_NAME = re.compile(r"^[a-z][a-z0-9]*$")
# Relative links the report makes itself: folders, file names of [A-Za-z0-9._-], an optional
# fragment of the same characters. Nothing else (no scheme, no query, no note text).
_SEGMENT = r"[A-Za-z0-9_-][A-Za-z0-9._-]*"  # never "." or ".." (a segment cannot start with ".")
_SAFE_HREF = re.compile(rf"^(?:\.\./)*(?:{_SEGMENT}/)*(?:{_SEGMENT})?(?:#[A-Za-z0-9_-]+)?$")

AttrValue = str | int | float | bool | None


class Safe(str):
    """A string of markup that is already escaped (made only by this module's builders)."""

    __slots__ = ()

    def __add__(self, other: object) -> Safe:  # type: ignore[override]
        return Safe(str.__add__(self, esc(other)))

    def __radd__(self, other: object) -> Safe:
        return Safe(str.__add__(esc(other), self))


DOCTYPE = Safe("<!doctype html>\n")


def esc(value: object) -> Safe:
    """Escape ``value`` for HTML text or a quoted attribute (``Safe`` passes through)."""
    if isinstance(value, Safe):
        return value
    if isinstance(value, int):  # bool included: no markup characters possible
        return Safe(str(value))
    text = str(value)
    # a page escapes thousands of short strings; most need nothing
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return Safe(html.escape(text, quote=True))
    return Safe(text)


def join(parts: Iterable[object], sep: str = "") -> Safe:
    """Concatenate ``parts``, escaping every part that is not already :class:`Safe`."""
    return Safe(esc(sep).join([esc(p) for p in parts]))


def safe_href(href: str) -> str:
    """Return ``href`` if it is a relative link the report itself made, else raise.

    Raises:
        ValueError: for anything with a scheme, a query, spaces or other characters.
    """
    if not href or not _SAFE_HREF.match(href):
        raise ValueError(f"refusing unsafe link {href!r}")
    return href


def attrs(values: Mapping[str, AttrValue]) -> Safe:
    """Render attributes: ``None``/``False`` are left out, ``True`` is a bare attribute."""
    out: list[str] = []
    for key, value in values.items():
        name = _attr_name(key)
        if value is None or value is False:
            continue
        if value is True:
            out.append(f" {name}")
            continue
        text = str(value)
        if name in ("href", "src"):
            text = safe_href(text)
        out.append(f' {name}="{esc(text)}"')
    return Safe("".join(out))


@functools.cache
def _attr_name(key: str) -> str:
    name = key.rstrip("_").replace("_", "-")
    if not _ATTR_NAME.match(name):
        raise ValueError(f"bad attribute name {name!r}")
    return name


@functools.cache
def _tag(tag: str) -> str:
    if not _TAG_NAME.match(tag):
        raise ValueError(f"bad tag name {tag!r}")
    return tag


def el(tag: str, attributes: Mapping[str, AttrValue] | None = None, *children: object) -> Safe:
    """Build ``<tag attrs>children</tag>``; children are escaped unless :class:`Safe`.

    Args:
        tag: the element name (a literal from this package, never data).
        attributes: attribute names to values; ``class_`` may be used for ``class``.
        *children: text or markup; ``None`` children are skipped.

    Returns:
        The element as :class:`Safe` markup.
    """
    _tag(tag)
    inner = "".join([esc(c) for c in children if c is not None])
    return Safe(f"<{tag}{attrs(attributes) if attributes else ''}>{inner}</{tag}>")


def void(tag: str, attributes: Mapping[str, AttrValue] | None = None) -> Safe:
    """Build a void element (``<meta>``, ``<link>``, ``<input>``)."""
    _tag(tag)
    return Safe(f"<{tag}{attrs(attributes) if attributes else ''}>")


def classes(*names: str | None) -> str | None:
    """Join the truthy class names (``None`` when there are none)."""
    joined = " ".join(n for n in names if n)
    return joined or None
