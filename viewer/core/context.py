"""Context snippets: the sentence or list item around a link or citation, as plain text.

Computed on demand from the note's text (never stored for every link): a 20,000-note vault has
hundreds of thousands of links, and a reader only looks at the snippets of one note at a time.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

MAX_SNIPPET = 240

_LIST_ITEM = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\[[ xX]\])?[ \t]+")
_QUOTE_OR_CALLOUT = re.compile(r"[ \t]*(?:>[ \t]?)+(?:\[![^\]]*\][-+]?[ \t]*)?")
_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]+")
_WIKILINK = re.compile(r"!?\[\[([^\[\]\n|#]*)(?:#([^\[\]\n|]*))?(?:\|([^\[\]\n]*))?\]\]")
_MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)")
_TAG = re.compile(r"<[^>]*>")
_EMPHASIS = re.compile(r"(\*\*|__|==|~~)(?=\S)(.+?)(?<=\S)\1")
_COMMENT = re.compile(r"%%.*?%%")
# Sentence ends: terminal punctuation (and closing quotes/brackets) followed by a space.
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+")
# Constructs whose inner punctuation must not end a sentence.
_OPAQUE = re.compile(r"\[\[[^\]\n]*\]\]|<[^>\n]*>|\]\([^)\n]*\)")


def _wikilink_text(match: re.Match, title_of: TitleOf | None) -> str:
    target, heading, alias = match.group(1), match.group(2), match.group(3)
    if alias and alias.strip():
        return alias.strip()
    target = target.strip()
    title = title_of(target) if title_of and target else None
    text = title or target.rsplit("/", 1)[-1] or (heading or "").strip().lstrip("^")
    if heading and target:
        text = f"{text} › {heading.strip()}"
    return text


TitleOf = Callable[[str], str | None]


def plain(markdown: str, title_of: TitleOf | None = None) -> str:
    """Markdown and inline HTML of one line as readable text. `title_of` names the note a bare
    [[target]] means (a reader knows `future_of_work` as "The Future of Work")."""
    text = _COMMENT.sub("", markdown)
    text = _WIKILINK.sub(lambda m: _wikilink_text(m, title_of), text)
    text = _MD_LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _EMPHASIS.sub(r"\2", text)
    text = text.replace("`", "")
    return " ".join(html.unescape(text).split())


def _segment(line: str, column: int) -> tuple[int, int]:
    """Bounds of the list item or sentence of `line` that contains `column`."""
    prefix = _LIST_ITEM.match(line) or _HEADING.match(line) or _QUOTE_OR_CALLOUT.match(line)
    start = prefix.end() if prefix else 0
    if _LIST_ITEM.match(line) or _HEADING.match(line):
        return start, len(line)
    masked = _OPAQUE.sub(lambda m: "x" * len(m.group()), line)
    sentence_start, end = start, len(line)
    for match in _SENTENCE_END.finditer(masked, start):
        if match.end() <= column:
            sentence_start = match.end()
        elif match.start() >= column:
            # A citation sits before its sentence's period: "... a fact <a>[1:02]</a>."
            end = match.start() + 1
            break
    return sentence_start, end


def snippet(
    line: str, column: int = 0, limit: int = MAX_SNIPPET, title_of: TitleOf | None = None
) -> str:
    """Plain-text context of the link at `column` in `line`, at most `limit` characters."""
    column = max(0, min(column, len(line)))
    start, end = _segment(line, column)
    if not start <= column <= end:
        start, end = 0, len(line)
    before = plain(line[start:column], title_of)
    after = plain(line[column:end], title_of)
    joined = f"{before} {after}".strip() if before and after else (before or after)
    if len(joined) <= limit:
        return joined
    # Keep the link in view: a third of the room before it, the rest after.
    room_before = limit // 3
    if len(after) < limit - room_before:
        room_before = limit - len(after) - 2
    if len(before) > room_before:
        cut = before[len(before) - room_before :]
        before = "…" + cut[cut.find(" ") + 1 :] if " " in cut else "…" + cut
    text = f"{before} {after}".strip() if before else after
    if len(text) > limit:
        cut = text[: limit - 1]
        text = (cut[: cut.rfind(" ")] if " " in cut[limit // 2 :] else cut) + "…"
    return text
