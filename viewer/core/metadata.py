"""Frontmatter: split it off a note and read it without trusting it.

Most generated notes carry two plain `key: value` lines, so a tiny line reader handles them
without paying for a YAML parser; anything it does not fully understand goes to YAML (through
python-frontmatter's handler, which uses the C loader when present). Malformed, non-mapping and
unclosed frontmatter never stop indexing: they become problems and the note is still read.
"""

from __future__ import annotations

import re
from typing import Any

_OPEN = re.compile(r"---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
# A line the fast path understands: `key: plain value` or `key:` (a list may follow).
# Values run to the end of the line and lose trailing blanks in code: a lazy `(.*?)` before
# `[ \t]*` tried the blank run from every position (quadratic on a long value).
_SIMPLE_LINE = re.compile(r"([A-Za-z_][\w\-]*):(?:[ \t]+(.*))?")
_LIST_ITEM = re.compile(r"[ \t]*-[ \t]+(.*)")
# Characters that give a YAML scalar a meaning beyond plain text when they start it; `-`, `?`
# and `:` only do so when a space follows (`videoId: -j0tc0Y1CIE` is plain text).
_YAML_SPECIAL_START = frozenset("[]{}&*!|>'\"%@`#,")
_YAML_SPACE_INDICATORS = frozenset("-?:")


def split(text: str) -> tuple[str | None, int, str | None]:
    """Return (frontmatter_text, body_offset, problem).

    The body is returned as an offset, not a copy: notes can be megabytes and the scanners can
    start anywhere in a string.
    """
    if not text.startswith("---"):
        return None, 0, None
    opening = _OPEN.match(text)
    if not opening:
        return None, 0, None
    closing = _CLOSE.search(text, opening.end())
    if not closing:
        return None, 0, "unclosed frontmatter fence: the note is read as plain text"
    body_start = text.find("\n", closing.end())
    return (
        text[opening.end() : closing.start()],
        len(text) if body_start < 0 else body_start + 1,
        None,
    )


def _plain(value: str) -> bool:
    first = value[:1]
    if first in _YAML_SPACE_INDICATORS and value[1:2] in ("", " ", "\t"):
        return False
    return (
        first not in _YAML_SPECIAL_START
        and ": " not in value
        and " #" not in value
        and not value.endswith(":")
    )


def _scalar(value: str) -> str | None:
    """Plain or simply quoted scalar as text; None when only YAML can say what it means."""
    if value[:1] == '"':
        inner = value[1:-1]
        if len(value) > 1 and value.endswith('"') and '"' not in inner and "\\" not in inner:
            return inner
        return None
    if value[:1] == "'":
        inner = value[1:-1].replace("''", "'")
        if len(value) > 1 and value.endswith("'") and "'" not in value[1:-1].replace("''", ""):
            return inner
        return None
    return value if _plain(value) else None


def _fast_parse(fm_text: str) -> dict[str, Any] | None:
    """Parse the common simple shape; None means 'ask YAML'."""
    data: dict[str, Any] = {}
    list_key: str | None = None
    for line in fm_text.split("\n"):
        if not line.strip():
            continue
        if list_key is not None:
            item = _LIST_ITEM.fullmatch(line)
            if item:
                text = item.group(1).rstrip(" \t")
                value = _scalar(text) if text else None
                if value is None:
                    return None
                data[list_key].append(value)
                continue
        match = _SIMPLE_LINE.fullmatch(line)
        if not match or match.group(1) in data:
            return None
        key, value = match.group(1), (match.group(2) or "").rstrip(" \t")
        if value:
            value = _scalar(value)
            if value is None:
                return None
            data[key] = value
            list_key = None
        else:
            data[key] = []
            list_key = key
    for key, value in data.items():
        if value == []:
            data[key] = None  # `key:` with nothing under it is YAML null
    return data


def parse(fm_text: str) -> tuple[dict[str, Any], str | None]:
    """Return (mapping, problem). The mapping is empty when the frontmatter is unusable."""
    data = _fast_parse(fm_text)
    if data is not None:
        return data, None
    import yaml  # deferred: most vaults never need it, and it costs start-up time
    from frontmatter.default_handlers import YAMLHandler

    try:
        loaded = YAMLHandler().load(fm_text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (frontmatter line {mark.line + 1})" if mark is not None else ""
        reason = getattr(error, "problem", None) or type(error).__name__
        return {}, f"malformed YAML frontmatter{where}: {reason}"
    except (ValueError, TypeError, RecursionError) as error:
        return {}, f"unreadable frontmatter: {error}"
    if loaded is None:
        return {}, None
    if not isinstance(loaded, dict):
        return {}, f"frontmatter is a {type(loaded).__name__}, not a mapping of keys"
    return loaded, None


def as_text(value: Any) -> str | None:
    """A scalar frontmatter value as text (YAML may have turned it into a number or date)."""
    if value is None or isinstance(value, (dict, list, tuple, set)):
        return None
    if isinstance(value, bool):
        return None
    text = str(value).strip()
    return text or None


def as_list(value: Any, *, comma_separated: bool = True) -> list[str]:
    """A list-ish frontmatter value (`[a, b]`, `- a`, or `"a, b"`) as a list of strings."""
    if value is None:
        return []
    if isinstance(value, (list, tuple, set)):
        items = [as_text(v) for v in value]
    elif comma_separated and isinstance(value, str):
        items = [v.strip() for v in value.split(",")]
    else:
        items = [as_text(value)]
    return [item for item in items if item]
