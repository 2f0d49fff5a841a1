"""A long note rendered in parts: successive block ranges, each valid HTML on its own.

A 3 MB note takes seconds to render and more for Qt to lay out; in parts, the window shows
the first part at once and appends the rest (see `NoteRenderer.render_parts`). Rendering in
parts also keeps every step linear: Python-Markdown's own cost grows faster than the text.

A part ends only where a new block can start cleanly: after a blank line, before a line of
plain words or a heading, or within a paragraph that outgrew a part (20,000 headings or
lines without a blank line between them made one part of 80 s to render, and Qt lays one
paragraph out at once), never inside a fence, a raw HTML block, a comment or display math,
and never before a list item, a quote or an indented line (those may continue what came
before). What crosses parts is carried in the
shared render context: heading ids, callout ids, the embed budget, footnotes (numbered in
reading order across parts and listed at the end of the last part) and reference-style link
definitions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .context import Footnotes, RenderContext

PART_CHARS = 60_000  # source characters a part aims at (it ends at the next clean boundary)
# A line (one paragraph) longer than this is cut short: no part can be smaller than its
# longest line, and Qt lays a paragraph out on the GUI thread (one 10 MB line: 12 s frozen).
MAX_LINE_CHARS = 20_000
SPLIT_PARTS = 2.5  # a note shorter than this many parts' worth renders as one part
REST_CHARS = 1_500  # after a short first part, what must follow for the note to split

_FENCE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_PART_START = re.compile(r"(?:[^\W\d_]|\d(?!\d{0,8}[.)](?:[ \t]|$))|#{1,6}(?:[ \t]|$))")
_BLOCK_TAG = re.compile(r"[ ]{0,3}<([A-Za-z][A-Za-z0-9\-]*)")
_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]:[ \t]?(.*)")
_REFERENCE = re.compile(
    r"[ ]{0,3}\[([^\]\[^][^\]\[]*)\]:[ \t]*<?([^\s<>]+)>?"
    r"""(?:[ \t]+(?:"([^"]*)"|'([^']*)'|\(([^()]*)\)))?[ \t]*"""
)


def cut_long_lines(body: str, limit: int = MAX_LINE_CHARS) -> str:
    """`body` with every line over `limit` characters cut at a space near it and ended by a
    sentence saying how much is left out (on the same line: line numbers stay)."""
    if len(body) <= limit:
        return body
    lines = body.split("\n")
    if max(map(len, lines)) <= limit:
        return body
    for index, line in enumerate(lines):
        if len(line) > limit:
            cut = line.rfind(" ", limit // 2, limit)
            cut = cut if cut > 0 else limit
            lines[index] = (
                f"{line[:cut]} … ({len(line) - cut:,} more characters of this line are not "
                "shown: it is too long to lay out)"
            )
    return "\n".join(lines)


def splits(length: int, part_chars: int, first_chars: int | None = None) -> bool:
    """Whether a body of `length` characters comes in parts: it holds SPLIT_PARTS parts'
    worth or, with a first part of `first_chars`, REST_CHARS follow that part."""
    if first_chars is not None and length >= first_chars + REST_CHARS:
        return True
    return length >= SPLIT_PARTS * part_chars


def split_lines(
    lines: list[str],
    is_block: object = None,
    part_chars: int = PART_CHARS,
    first_chars: int | None = None,
) -> list[int]:
    """Indices of the lines where parts start (0 first), about `part_chars` apart; the first
    part ends after about `first_chars` when given."""
    starts = [0]
    target = first_chars or part_chars
    fence: str | None = None
    html_tag: str | None = None
    comment = False
    math = False
    size = 0
    previous_blank = True
    previous_plain = False  # a paragraph line or a heading: a part may start after it
    for index, line in enumerate(lines):
        size += len(line) + 1
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            previous_blank = previous_plain = False
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
            previous_blank = previous_plain = False
            continue
        if (
            size >= target
            and (previous_blank or previous_plain)
            and not (html_tag or comment or math)
            and stripped
            and _PART_START.match(line)
        ):
            starts.append(index)
            size = len(line) + 1
            target = part_chars
        if "%%" in line and line.count("%%") % 2:
            comment = not comment
        if "$$" in line and line.count("$$") % 2:
            math = not math
        if html_tag is None:
            tag = _BLOCK_TAG.match(line)
            if tag and callable(is_block) and is_block(tag.group(1).lower()):
                name = tag.group(1).lower()
                if f"</{name}" not in line.lower():
                    html_tag = name
        elif f"</{html_tag}" in line.lower():
            html_tag = None
        previous_blank = not stripped
        previous_plain = bool(_PART_START.match(line))
    return starts


def take_definitions(lines: list[str], ctx: RenderContext) -> None:
    """Move footnote definitions out of `lines` (blanked: line numbers stay) into a shared
    `Footnotes`, and read reference-link definitions into `ctx.references`, so every part
    sees the whole note's."""
    footnotes = Footnotes()
    fence: str | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = None
            index += 1
            continue
        opening = _FENCE.match(line)
        if opening:
            fence = opening.group(1)
        elif line.startswith("[^") and (definition := _FOOTNOTE.match(line)):
            text, index = _footnote_text(lines, index, definition.group(2))
            footnotes.definitions.setdefault(definition.group(1), text)
            continue
        elif "]:" in line and (reference := _REFERENCE.fullmatch(line)):
            title = next((g for g in reference.groups()[2:] if g is not None), "")
            ctx.references.setdefault(reference.group(1).strip().lower(), (reference[2], title))
        index += 1
    ctx.footnotes = footnotes


def _footnote_text(lines: list[str], index: int, first: str) -> tuple[str, int]:
    """(markdown of the definition starting at `index`, index after it); its lines blanked."""
    text = [first]
    lines[index] = ""
    index += 1
    while index < len(lines):
        line = lines[index]
        if line.strip() and not line.startswith(("    ", "\t")):
            if not text[-1].strip() or line.startswith("[^"):
                break  # a new block after a blank line, or the next definition
            text.append(line)  # a lazy continuation line
        elif line.strip():
            text.append(line[4:] if line.startswith("    ") else line[1:])
        else:
            nxt = next((later for later in lines[index + 1 :] if later.strip()), "")
            if not nxt.startswith(("    ", "\t")):
                break
            text.append("")
        lines[index] = ""
        index += 1
    return "\n".join(text).strip("\n"), index


def part_ranges(lines: list[str], starts: list[int]) -> Iterator[tuple[int, int]]:
    """(first, end) line index ranges of the parts."""
    for number, start in enumerate(starts):
        yield start, starts[number + 1] if number + 1 < len(starts) else len(lines)
