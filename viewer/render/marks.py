"""Anchor marks: invisible tokens that carry anchor names through Python-Markdown.

Python-Markdown keeps no source positions, so the line preprocessor writes a mark such as
``\\ue000L12\\ue001`` at the start of each source line's content (and ``^id`` for block ids).
Marks are private-use characters with no markdown meaning, so they ride along inside the
text of whatever block the line ends up in; the sanitizer turns each one into
``<a name="L12"></a>`` where it lands, and removes them from attribute values. Notes cannot
forge marks: `scrub` removes every mark character from every input first.

A "<" that cannot start a tag is carried as LT so no HTML parser ever scans from it for the
tag's end; `restore` (the sanitizer) shows it as "<" again.

A context snippet brackets the mention it shows with MENTION_OPEN and MENTION_CLOSE; the
sanitizer turns them into ``<span class="mention">`` around whatever the mention became
(the link element, or plain words).
"""

from __future__ import annotations

import re

OPEN = "\ue000"
CLOSE = "\ue001"
MENTION_OPEN = "\ue002"
MENTION_CLOSE = "\ue003"
LT = "\ue004"  # a "<" that starts no tag (see source.NeutralTags); shown as "<" again
_ALL = (OPEN, CLOSE, MENTION_OPEN, MENTION_CLOSE, LT)
_SCRUB = re.compile("[\ue000-\ue004]")

PATTERN = re.compile(f"{OPEN}([^{OPEN}{CLOSE}]*){CLOSE}")
LEADING = re.compile(f"^(?:{OPEN}[^{OPEN}{CLOSE}]*{CLOSE})+")


def make(name: str) -> str:
    return f"{OPEN}{name}{CLOSE}"


def scrub(text: str) -> str:
    """Remove mark characters from untrusted text."""
    if any(mark in text for mark in _ALL):
        return _SCRUB.sub("", text)
    return text


def restore(text: str) -> str:
    """`text` with its neutral "<" shown as "<" again."""
    return text.replace(LT, "<") if LT in text else text


def strip(text: str) -> str:
    """Text without its marks (for ids, titles and comparisons)."""
    return PATTERN.sub("", text) if OPEN in text else text


def split_leading(text: str) -> tuple[str, str]:
    """(leading marks, rest) of `text`."""
    match = LEADING.match(text)
    return (match.group(), text[match.end() :]) if match else ("", text)


def names(text: str) -> list[str]:
    return PATTERN.findall(text)
