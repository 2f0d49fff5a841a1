"""Mentions of a note without a link: its title or aliases written as plain text.

Found on demand (it reads every note), in a worker thread, for the backlinks panel.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import metadata
from .context import snippet
from .parse import decode, read_bytes
from .vault import Vault

MIN_NAME_LENGTH = 3
# Spans where a name does not count as unlinked: links, code and inline HTML.
_LINKED = re.compile(r"!?\[\[[^\[\]\n]*\]\]|\[[^\[\]\n]*\]\([^()\n]*\)|`[^`\n]*`|<[^<>\n]*>")


@dataclass(frozen=True, slots=True)
class UnlinkedMention:
    source: str
    title: str
    line: int
    column: int
    context: str
    matched: str


def names_of(vault: Vault, path: str) -> list[str]:
    note = vault.notes[path]
    names = {note.title, *note.aliases}
    return sorted((n for n in names if len(n.strip()) >= MIN_NAME_LENGTH), key=len, reverse=True)


def unlinked_mentions(
    vault: Vault,
    path: str,
    *,
    limit: int = 200,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[UnlinkedMention]:
    """Places where the note's title or an alias appears as plain text in other notes."""
    names = names_of(vault, path)
    if not names:
        return []
    pattern = re.compile(
        r"(?<![\w])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])", re.IGNORECASE
    )
    first_words = {n.split()[0].casefold() for n in names}
    found: list[UnlinkedMention] = []
    for source in sorted(vault.notes):
        if source == path or cancelled():
            continue
        try:
            text = decode(read_bytes(vault.root / source))[0]
        except OSError:
            continue
        if not text or not any(word in text.casefold() for word in first_words):
            continue
        _, body_start, _ = metadata.split(text)
        first_line = text.count("\n", 0, body_start) + 1
        for number, line in enumerate(text[body_start:].split("\n"), first_line):
            if not pattern.search(line):
                continue
            masked = _LINKED.sub(lambda m: "\0" * len(m.group()), line)
            match = pattern.search(masked)
            if match is None:
                continue
            found.append(
                UnlinkedMention(
                    source,
                    vault.title_of(source),
                    number,
                    match.start(),
                    snippet(line, match.start()),
                    match.group(1),
                )
            )
            if len(found) >= limit:
                return found
    return found
