"""Context snippets: the sentence or list item around a link or citation, as plain text.

Computed on demand from the note's text (never stored for every link): a 20,000-note vault has
hundreds of thousands of links, and a reader only looks at the snippets of one note at a time.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from .names import file_name

MAX_SNIPPET = 240
# Characters of a line looked at on each side of the link: many times what a snippet shows,
# yet bounded, so each snippet from a multi-megabyte single line costs what a short one does.
WINDOW = 2000

# One class for the indent and quote markers before a list marker: `[ \t]*(?:>[ \t]?)*[ \t]*`
# could split a run of spaces in quadratically many ways before failing.
_LIST_ITEM = re.compile(r"[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\[[ xX]\])?[ \t]+")
_QUOTE_OR_CALLOUT = re.compile(r"[ \t]*(?:>[ \t]?)+(?:\[![^\]]*\][-+]?[ \t]*)?")
_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]+")
_WIKILINK = re.compile(r"!?\[\[([^\[\]\n|#]*)(?:#([^\[\]\n|]*))?(?:\|([^\[\]\n]*))?\]\]")
_MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)")
_TAG = re.compile(r"<[^<>]*>")
# The emphasised text never crosses its own delimiter, so each opening is scanned only up
# to the next one (`.+?` scanned from every `**` to the end of the line: quadratic).
_EMPHASIS = re.compile(r"(\*\*|__|==|~~)(?=\S)((?:(?!\1).)+?)(?<=\S)\1")
_COMMENT = re.compile(r"%%.*?%%")
# Sentence ends: terminal punctuation (and closing quotes/brackets) followed by a space.
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+")
# Constructs whose inner punctuation must not end a sentence.
_OPAQUE = re.compile(r"\[\[[^\[\]\n]*\]\]|<[^<>\n]*>|\]\([^()\n]*\)")
# A citation a generator wrapped in brackets, `[<a ...>[01:14:01]</a>]`, reads "[[01:14:01]]"
# once its markup is gone: that looks like a wikilink, and one pair of brackets says it all.
_BRACKETED_TIME = re.compile(r"\[\s*(\[[\d:]+\])\s*\]")


def _wikilink_text(match: re.Match, title_of: TitleOf | None) -> str:
    target, heading, alias = match.group(1), match.group(2), match.group(3)
    if alias and alias.strip():
        return alias.strip()
    target = target.strip()
    title = title_of(target) if title_of and target else None
    text = title or file_name(target) or (heading or "").strip().lstrip("^")
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
            # Closing quotes and brackets stay with it: 'asked "why?"' keeps its last quote.
            end = match.start() + len(match.group().rstrip())
            break
    return sentence_start, end


def segment_bounds(line: str, column: int) -> tuple[int, int]:
    """(start, end) offsets in `line` of the sentence or list item containing `column`: what
    a link there is said in (the citation that closes the sentence included)."""
    return _segment(line, max(0, min(column, len(line))))


def snippet(
    line: str, column: int = 0, limit: int = MAX_SNIPPET, title_of: TitleOf | None = None
) -> str:
    """Plain-text context of the link at `column` in `line`, at most `limit` characters."""
    column = max(0, min(column, len(line)))
    if len(line) > 2 * WINDOW:
        low = max(0, column - WINDOW)
        line, column = line[low : column + WINDOW], column - low
    start, end = _segment(line, column)
    if not start <= column <= end:
        start, end = 0, len(line)
    before = plain(line[start:column], title_of)
    after = plain(line[column:end], title_of)
    # A space where the line has one (or a tag): `[<a ...>` must not read "[ [01:02]".
    joint = line[max(column - 1, 0) : column + 1]
    space = " " if joint[:1] == ">" or any(char.isspace() for char in joint) else ""
    joined = f"{before}{space}{after}".strip() if before and after else (before or after)
    joined = _BRACKETED_TIME.sub(r"\1", joined)
    if len(joined) <= limit:
        return joined
    # Keep the link in view: a third of the room before it, the rest after.
    room_before = limit // 3
    if len(after) < limit - room_before:
        room_before = limit - len(after) - 2
    if len(before) > room_before:
        cut = before[len(before) - room_before :]
        before = "…" + cut[cut.find(" ") + 1 :] if " " in cut else "…" + cut
    text = f"{before}{space}{after}".strip() if before else after
    if len(text) > limit:
        cut = text[: limit - 1]
        text = (cut[: cut.rfind(" ")] if " " in cut[limit // 2 :] else cut) + "…"
    return _BRACKETED_TIME.sub(r"\1", text)
