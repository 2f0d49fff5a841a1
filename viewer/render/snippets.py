"""Context snippets as inline HTML for list rows and generated pages.

A backlink, mention, search hit or unlinked mention shows the sentence or list item around
it. The core's `snippet` gives that as plain text; here the same words (cut from the raw line
by the core's `segment_bounds`) are rendered as the note renders them: bold, italic, code and
links, citations as timestamp pills (``time:`` hrefs), the mention itself wrapped in
``<span class="mention">`` so a row can mark exactly the link, never the words beside it.

Everything is bounded: a multi-megabyte single line costs what a sentence does.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from viewer.core.context import MAX_SNIPPET, WINDOW, segment_bounds

from . import marks
from .context import RenderContext
from .engine import convert_inline
from .sanitize import sanitize
from .theme import palette

if TYPE_CHECKING:
    from viewer.core.vault import Vault

ELLIPSIS = "…"
# Constructs a cut must not fall inside: wikilinks, citations and other inline HTML, code
# spans, markdown links. Each class stops at the next opener, so every attempt ends there.
_OPAQUE = re.compile(
    r"!?\[\[[^\[\]\n]*\]\]"
    r"|<a\s[^<>]*>[^<]*</a\s*>"
    r"|<[^<>\n]*>"
    r"|`[^`\n]*`"
    r"|!?\[[^\[\]\n]*\]\([^()\n]*\)"
)
_WIKILINK_AT = re.compile(r"!?\[\[[^\[\]\n]*\]\]")
_MARKDOWN_LINK_AT = re.compile(r"!?\[[^\[\]\n]*\]\([^()\n]*\)")
_CITATION_AT = re.compile(r"<a\s[^<>]*>[^<]*</a\s*>", re.IGNORECASE)


def link_span(line: str, column: int) -> tuple[int, int] | None:
    """(start, end) of the link that starts at `column` of `line` (a wikilink or embed, a
    markdown link, a citation), as the core records a link's column; None when none does."""
    for pattern in (_WIKILINK_AT, _MARKDOWN_LINK_AT, _CITATION_AT):
        match = pattern.match(line, column)
        if match:
            return match.start(), match.end()
    return None


def link_around(line: str, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) of the link of `line` (wikilink or embed, markdown link, citation) that
    holds line[start:end], or None: a word found inside a link is marked as the whole link,
    so the mark never splits its markup."""
    for match in _OPAQUE.finditer(line):
        if match.start() <= start and end <= match.end():
            text = match.group()
            return match.span() if text[:1] in "[!" or text[:2].lower() == "<a" else None
        if match.start() > start:
            break
    return None


def snippet_html(
    vault: Vault | None,
    source: str,
    line: str,
    column: int = 0,
    mark: tuple[int, int] | None = None,
    limit: int = MAX_SNIPPET,
    theme: str = "light",
) -> str:
    """Inline HTML (safe; no block tags) of the sentence or list item of `line` (a raw line of
    the note `source`) around `column`, about `limit` characters long. `mark` is the span of
    `line` to wrap in ``<span class="mention">``: the link (see `link_span`) or the words an
    unlinked mention matched. Citations become pills linking ``time:`` at the note's video."""
    line = marks.scrub(line)
    column = max(0, min(column, len(line)))
    if mark is not None:
        mark = (max(0, min(mark[0], len(line))), max(0, min(mark[1], len(line))))
        if mark[0] >= mark[1]:
            mark = None
    offset = 0
    if len(line) > 2 * WINDOW:  # a huge single line: only the neighbourhood counts
        offset = max(0, column - WINDOW)
        line = line[offset : column + WINDOW]
        column -= offset
        if mark is not None:
            mark = (mark[0] - offset, mark[1] - offset)
            if mark[0] < 0 or mark[1] > len(line):
                mark = None
    start, end = segment_bounds(line, column)
    if not start <= column <= end:
        start, end = 0, len(line)
    if mark is not None:
        start, end = min(start, mark[0]), max(end, mark[1])
    start, end, cut_before, cut_after = _window(line, start, end, column, mark, limit)
    piece = _with_marks(line, start, end, mark)
    note = vault.notes.get(source) if vault is not None else None
    ctx = RenderContext(
        vault=vault,
        path=source,
        theme=theme,
        video_id=note.video_id if note is not None else None,
        title=None,
        first_line=None,
        snippet=True,
    )
    html = sanitize(convert_inline(piece.strip(), ctx), vault.root if vault else None)
    return f"{ELLIPSIS if cut_before else ''}{html}{ELLIPSIS if cut_after else ''}"


def _window(
    line: str,
    start: int,
    end: int,
    column: int,
    mark: tuple[int, int] | None,
    limit: int,
) -> tuple[int, int, bool, bool]:
    """(start, end, cut before, cut after): at most about `limit` visible characters of
    line[start:end] around the mention, cut at spaces outside links, code and citations."""
    budget = 2 * limit  # raw characters: markup takes room that does not show
    if end - start <= budget:
        return start, end, False, False
    focus_end = mark[1] if mark is not None else column
    low = max(start, min(column, focus_end) - budget // 3)
    high = min(end, max(low + budget, focus_end))
    opaque = [m.span() for m in _OPAQUE.finditer(line, low, high)]
    new_low = _space_after(line, low, opaque) if low > start else low
    new_high = _space_before(line, high, opaque) if high < end else high
    if new_low > min(column, focus_end):
        new_low = low
    if new_high < focus_end:
        new_high = high
    return new_low, new_high, new_low > start, new_high < end


def _space_after(line: str, position: int, opaque: list[tuple[int, int]]) -> int:
    """The first space at or after `position` that is outside every opaque construct."""
    for a, b in opaque:
        if a <= position < b:
            position = b
    space = line.find(" ", position)
    while space >= 0 and any(a <= space < b for a, b in opaque):
        space = line.find(" ", space + 1)
    return position if space < 0 else space + 1


def _space_before(line: str, position: int, opaque: list[tuple[int, int]]) -> int:
    """The last space before `position` that is outside every opaque construct."""
    for a, b in opaque:
        if a < position < b:
            position = a
    space = line.rfind(" ", 0, position)
    while space >= 0 and any(a <= space < b for a, b in opaque):
        space = line.rfind(" ", 0, space)
    return position if space < 0 else space


def _with_marks(line: str, start: int, end: int, mark: tuple[int, int] | None) -> str:
    if mark is None or not (start <= mark[0] and mark[1] <= end):
        return line[start:end]
    return (
        line[start : mark[0]]
        + marks.MENTION_OPEN
        + line[mark[0] : mark[1]]
        + marks.MENTION_CLOSE
        + line[mark[1] : end]
    )


def snippet_stylesheet(theme: str = "light") -> str:
    """CSS for a list row's document showing snippets (``QTextDocument.setDefaultStyleSheet``):
    pills, code, the mention mark, unresolved links, as the note pane draws them."""
    p = palette(theme)
    return (
        f"a {{ color: {p.link}; text-decoration: none; }}\n"
        f"a.unresolved {{ color: {p.unresolved}; }}\n"
        f"a.ts {{ color: {p.pill_text}; background-color: {p.pill}; }}\n"
        f"a.tag {{ color: {p.tag_text}; background-color: {p.tag}; }}\n"
        f"span.ts-plain, span.remote {{ color: {p.muted}; }}\n"
        f"code {{ background-color: {p.inline_code}; }}\n"
        f"span.hl {{ background-color: {p.highlight}; color: {p.highlight_text}; }}\n"
        f"span.mention {{ background-color: {p.highlight}; color: {p.highlight_text};"
        " font-weight: 600; }\n"
        f"span.mention a {{ color: {p.highlight_text}; }}\n"
    )
