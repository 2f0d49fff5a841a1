"""Preprocessors that work on the note's source lines before Python-Markdown parses them.

- `DepthGuard`: quotes, callouts and lists nested deeper than a reader can follow (and than
  Qt can lay out: each quote level is a nested table, and its layout cost doubles per level;
  Python-Markdown recurses per level too) are drawn at the deepest allowed level, with a
  small marker saying how deep they really are.
- `LineMarks`: puts an anchor mark (see `marks`) after the structural prefix of every line
  (quote markers, list marker, ``#``s, a table's leading pipe) so each block starts with the
  anchor of its source line, and turns ``^block-id`` suffixes into anchors at their block's
  start. Until it has run, lines stay one-to-one with the source, which is how it knows
  their numbers; after it, processors may add or drop lines freely.
- `Comments`: removes ``%%comments%%``, inline or across lines, but not inside code spans.
- `InlineFootnotes`: Obsidian's ``^[inline footnote]`` becomes a reference to a footnote
  defined at the end, which Python-Markdown's footnotes extension then numbers and lists.
- `NeutralTags`: a "<" that cannot start a tag (no ">" before the next "<", or not shaped
  like a tag) becomes `marks.LT`, so Python-Markdown's HTML parsing never scans the rest
  of the note from it: a line of ``<a <a <a`` was quadratic there.
- `BlockSpacing`: bridges Python-Markdown's strictness to what Obsidian (CommonMark) users
  write: a list or table right after a paragraph line starts a new block, two-space nested
  lists nest, and stashed blocks (code) stand in their own paragraph.
"""

from __future__ import annotations

import re

from markdown.preprocessors import HtmlBlockPreprocessor, Preprocessor
from markdown.util import STX

from viewer.core import metadata
from viewer.core.parse import markdown_wrapper

from . import marks
from .hrefs import block_anchor, line_anchor

_QUOTE = re.compile(r"(?:[ ]{0,3}>[ ]?)+")
MAX_NESTING = 4  # quote or callout levels drawn as frames; deeper ones are drawn at this one
MAX_LIST_LEVEL = 7  # nested list levels below the first; deeper items are drawn at this one
MAX_PREFIX = 8  # quote and list markers at the start of one line (`- > - > 1. x`)
_PREFIX = re.compile(r"(?:[ ]{0,3}(?:>|[*+-](?=[ ])|\d{1,9}[.)](?=[ ]))[ ]*)+")
_PREFIX_TOKEN = re.compile(r">|[*+-]|\d{1,9}[.)]")
_STRUCTURE = re.compile(
    r"[ ]*(?:"
    r"(?:[*+-]|\d{1,9}[.)])(?:[ ]+|$)"  # list item
    r"|\#{1,6}(?:[ ]+|$)"  # ATX heading
    r"|\[\^[^\]\s]+\]:[ ]*"  # footnote definition
    r"|\|[ ]*"  # table row with a leading pipe
    r")"
)
_LIST_ITEM = re.compile(r"([ ]*)(?:[*+-]|\d{1,9}[.)])(?:[ ]+|$)")
_HEADING = re.compile(r"[ ]{0,3}#{1,6}(?:[ ]|$)")
_RULE = re.compile(r"[ ]{0,3}(?:(?:\*[ ]*){3,}|(?:-[ ]*){3,}|(?:_[ ]*){3,}|=+[ ]*)")
_TABLE_RULE = re.compile(r"[ |:]*-[ |:\-]*")  # the first "-" fixed: no quadratic retry on failure
_REFERENCE = re.compile(r"[ ]{0,3}\[[^\]^][^\]]*\]:\s")
_HTML_BLOCK_START = re.compile(r"[ ]{0,3}<(?:!--|/?([A-Za-z][A-Za-z0-9]*))")
_BLOCK_ID = re.compile(r"(?:^|(?<=\s))\^([A-Za-z0-9\-]+)[ ]*$")
_COMMENT_OR_CODE = re.compile(r"(`+)|%%")
_BACKTICK_RUN = re.compile(r"`+")
_BRACKET_OR_ESCAPE = re.compile(r"\\.|[\[\]]")
INLINE_FOOTNOTE_ID = "inline.{}"
_BLOCK_HTML_LINE = re.compile(r"^[ ]{0,3}<(?:[!?]|/?([A-Za-z][A-Za-z0-9\-]*))", re.MULTILINE)
# What may stand between "<" and ">" for the "<" to be kept: a tag, an autolink, an address.
_TAG_SHAPE = re.compile(
    r"<(?:/?[A-Za-z][A-Za-z0-9\-]*"
    r"""(?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?)*\s*/?"""
    r"|[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>]*"
    r"|[^\s<>@]+@[^\s<>@]+)>"
)  # a dot: no id a note is likely to write itself


def body_source(text: str) -> tuple[str, int]:
    """(markdown body, its first line's 1-based number in the file) of a note's text.

    Frontmatter is cut off; a ```markdown fence wrapping the whole body (core:
    `markdown_wrapper`) loses its fence lines but keeps their line breaks, so line numbers
    still match the file. Forged anchor marks are removed."""
    text = marks.scrub(text)
    _, body_start, _ = metadata.split(text)
    wrapper = markdown_wrapper(text, body_start)
    if wrapper is not None:
        open_start, close_end = wrapper
        open_end = text.find("\n", open_start)
        open_end = len(text) if open_end < 0 else open_end
        close_start = text.rfind("\n", 0, close_end) + 1
        closing = text[close_start:close_end].strip()
        if close_start <= open_end or closing[:1] not in ("`", "~") or closing.strip(closing[0]):
            close_start = close_end  # unclosed: the fence runs to the end
        text = text[:open_start] + text[open_end:close_start] + text[close_end:]
    return text[body_start:], text.count("\n", 0, body_start) + 1


def depth_marker(depth: int) -> str:
    """Inline HTML that says how deep a flattened quote or list really is."""
    return f'<span class="depth" title="Nested {depth} levels deep">»{depth}</span> '


class DepthGuard(Preprocessor):
    """Deep quotes and line prefixes, flattened (see the module docstring)."""

    def run(self, lines: list[str]) -> list[str]:
        previous_depth = 0
        for index, line in enumerate(lines):
            if ">" not in line[:8] and not _deep_prefix_possible(line):
                previous_depth = 0 if not line.strip() else previous_depth
                continue
            prefix = _PREFIX.match(line)
            if prefix is None:
                previous_depth = 0 if not line.strip() else previous_depth
                continue
            tokens = _PREFIX_TOKEN.findall(prefix.group())
            depth = tokens.count(">")
            if depth > MAX_NESTING:
                rest = _QUOTE.match(line)
                content = line[rest.end() :] if rest else line
                marker = depth_marker(depth) if depth != previous_depth else ""
                lines[index] = "> " * MAX_NESTING + marker + content
                previous_depth = depth
                continue
            previous_depth = depth
            if len(tokens) > MAX_PREFIX and not _RULE.fullmatch(line):
                kept = _PREFIX.match(" ".join(tokens[:MAX_PREFIX]) + " ")
                content = line[prefix.end() :]
                lines[index] = (kept.group() if kept else "") + depth_marker(len(tokens)) + content
        return lines


def _deep_prefix_possible(line: str) -> bool:
    """Cheap test before the prefix regex: a line that starts with several markers."""
    head = line[:12].lstrip(" ")
    return len(head) > 3 and head[0] in "*+-0123456789" and head[2:3] in "*+-0123456789>"


def _quote_prefix(line: str) -> tuple[str, str]:
    match = _QUOTE.match(line)
    return (match.group(), line[match.end() :]) if match else ("", line)


class LineMarks(Preprocessor):
    """Anchor marks for source lines and block ids (see the module docstring)."""

    def run(self, lines: list[str]) -> list[str]:
        ctx = self.md.vv  # type: ignore[attr-defined]
        first = ctx.first_line
        is_block = self.md.is_block_level
        found: list[list[str]] = [[] for _ in lines]
        insert_at: list[int | None] = [None] * len(lines)
        block_start: int | None = None
        previous_start: int | None = None
        for index, line in enumerate(lines):
            quote, content = _quote_prefix(line)
            stripped = content.strip()
            if not stripped:
                if block_start is not None:
                    previous_start = block_start
                block_start = None
                continue
            if stripped.startswith("^") and _BLOCK_ID.fullmatch(stripped):
                # `^id` alone on a line names the block above it.
                target = previous_start if block_start is None else block_start
                if target is not None and ctx.block_anchors_left > 0:
                    ctx.block_anchors_left -= 1
                    found[target].append(block_anchor(stripped[1:].strip()))
                lines[index] = quote
                continue
            position = _mark_position(content, is_block)
            if position is None:
                continue
            structure = position > len(content) - len(content.lstrip(" "))
            if block_start is None or structure:
                block_start = index
            insert_at[index] = len(quote) + position
            if first is not None and first + index - ctx.last_anchor >= ctx.line_stride:
                found[index].append(line_anchor(first + index))
                ctx.last_anchor = first + index
            block_id = _BLOCK_ID.search(content) if "^" in content else None
            if block_id:
                if ctx.block_anchors_left > 0:
                    ctx.block_anchors_left -= 1
                    found[block_start].append(block_anchor(block_id.group(1)))
                lines[index] = line[: len(quote) + block_id.start()].rstrip()
        for index, names in enumerate(found):
            at = insert_at[index]
            if names and at is not None and first is not None:
                line = lines[index]
                lines[index] = line[:at] + "".join(marks.make(n) for n in names) + line[at:]
        return lines


def _mark_position(content: str, is_block) -> int | None:
    """Where a mark may go in a line (after its structural prefix), or None where a mark
    would change what the line means (rules, table rules, references, HTML blocks)."""
    if content.lstrip(" ").startswith(STX):
        return None  # a stashed block (code): it carries its own anchor
    if _RULE.fullmatch(content) or (
        "-" in content and ("|" in content or ":" in content) and _TABLE_RULE.fullmatch(content)
    ):
        return None
    if content.lstrip(" ").startswith("[") and _REFERENCE.match(content):
        return None
    if content.lstrip(" ").startswith("<"):
        html = _HTML_BLOCK_START.match(content)
        if html and (html.group(1) is None or is_block(html.group(1))):
            return None
    structure = _STRUCTURE.match(content)
    if structure and structure.end() > 0:
        return structure.end()
    return len(content) - len(content.lstrip(" "))


class Comments(Preprocessor):
    """Drop ``%%comments%%`` (an unclosed one runs to the end of the note, as in Obsidian)."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "%%" not in text:
            return lines
        kept: list[str] = []
        position = 0
        search = _COMMENT_OR_CODE.search
        match = search(text, position)
        while match:
            run = match.group(1)
            if run:  # a code span: skip it when it closes within its paragraph
                closing = text.find(run, match.end())
                gap = text.find("\n\n", match.end())
                closed = closing >= 0 and (gap < 0 or closing < gap)
                match = search(text, closing + len(run) if closed else match.end())
                continue
            kept.append(text[position : match.start()])
            close = text.find("%%", match.end())
            position = len(text) if close < 0 else close + 2
            match = search(text, position)
        kept.append(text[position:])
        return "".join(kept).split("\n")


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the inline code spans of one line or paragraph, in one pass: a run of
    n backticks opens a span that the next run of exactly n closes (CommonMark)."""
    runs = [(m.start(), m.end()) for m in _BACKTICK_RUN.finditer(text)]
    if len(runs) < 2:
        return []
    ahead: dict[int, list[int]] = {}  # run length -> indices of runs of that length, last first
    for index in range(len(runs) - 1, -1, -1):
        start, end = runs[index]
        ahead.setdefault(end - start, []).append(index)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        candidates = ahead[end - start]
        while candidates and candidates[-1] <= index:
            candidates.pop()
        if candidates:
            closing = candidates[-1]
            spans.append((start, runs[closing][1]))
            index = closing + 1
        else:
            index += 1
    return spans


def inline_footnotes(line: str) -> list[tuple[int, int]]:
    """(start, end) of each outermost ``^[...]`` in `line`, outside code spans; brackets are
    paired with one stack, so nesting and runs of openers cost one pass."""
    spans = code_spans(line) if "`" in line else []
    span_index = 0
    stack: list[tuple[int, bool]] = []  # (position of "[", opens a footnote)
    open_footnotes = 0
    escaped_until = -1
    found: list[tuple[int, int]] = []
    for match in _BRACKET_OR_ESCAPE.finditer(line):
        position = match.start()
        if match.group()[0] == "\\":
            escaped_until = match.end()
            continue
        while span_index < len(spans) and spans[span_index][1] <= position:
            span_index += 1
        if span_index < len(spans) and spans[span_index][0] <= position:
            continue  # inside a code span
        if match.group() == "[":
            footnote = position > 0 and line[position - 1] == "^" and escaped_until != position
            stack.append((position, footnote))
            open_footnotes += footnote
        elif stack:
            start, footnote = stack.pop()
            open_footnotes -= footnote
            if footnote and not open_footnotes and position > start + 1:
                found.append((start - 1, position + 1))
    return found


class InlineFootnotes(Preprocessor):
    """``text^[a note]`` -> ``text[^inline.1]``, the note defined as that footnote."""

    def run(self, lines: list[str]) -> list[str]:
        ctx = self.md.vv  # type: ignore[attr-defined]
        footnotes = self.md.vv_footnotes  # type: ignore[attr-defined]
        for index, line in enumerate(lines):
            indented_code = line.startswith(("\t", "    ")) and not _LIST_ITEM.match(line)
            if "^[" not in line or indented_code:
                continue
            found = inline_footnotes(line)
            if not found:
                continue
            pieces: list[str] = []
            position = 0
            for start, end in found:
                ctx.inline_notes += 1
                name = INLINE_FOOTNOTE_ID.format(ctx.inline_notes)
                text = line[start + 2 : end - 1].strip()
                footnotes.setFootnote(name, text)
                if ctx.footnotes is not None:
                    ctx.footnotes.definitions[name] = text
                pieces += [line[position:start], f"[^{name}]"]
                position = end
            lines[index] = "".join(pieces) + line[position:]
        return lines


def neutral_tags(text: str) -> str:
    """`text` with each "<" that starts no tag replaced by `marks.LT` (one pass: the next
    ">" is searched again only once the scan has passed it)."""
    first = text.find("<")
    if first < 0:
        return text
    comment_end = text.rfind("-->")
    pieces: list[str] = []
    copied = 0
    closing = -2  # position of the next ">" (-1: none left)
    position = first
    while position >= 0:
        following = text.find("<", position + 1)
        if closing != -1 and closing <= position:
            closing = text.find(">", position + 1)
        ends_here = closing > 0 and (following < 0 or closing < following)
        if text.startswith("<!--", position):
            keep = comment_end > position + 3
        elif ends_here and text[max(0, position - 3) : position].rstrip().endswith(("](", "]:")):
            keep = "\n" not in text[position:closing]  # a link destination: `[a](<b c.md>)`
        else:
            keep = ends_here and _TAG_SHAPE.fullmatch(text, position, closing + 1) is not None
        if not keep:
            pieces += [text[copied:position], marks.LT]
            copied = position + 1
        position = following
    pieces.append(text[copied:])
    return "".join(pieces)


class NeutralTags(Preprocessor):
    """See `neutral_tags` (after fenced code is stashed, before raw HTML is read)."""

    def run(self, lines: list[str]) -> list[str]:
        if not any("<" in line for line in lines):
            return lines
        return neutral_tags("\n".join(lines)).split("\n")


class HtmlBlocks(HtmlBlockPreprocessor):
    """Python-Markdown's raw-HTML block reader, run only when the note may hold a raw block:
    a comment, or a line that starts with a block-level tag or ``<!``/``<?``. Otherwise it
    would parse the whole note as HTML (every citation a tag) to change nothing."""

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "<!--" in text or any(
            match.group(1) is None or self.md.is_block_level(match.group(1).lower())
            for match in _BLOCK_HTML_LINE.finditer(text)
        ):
            return super().run(lines)
        return lines


class BlockSpacing(Preprocessor):
    """Blank lines where CommonMark needs none, and four-space nesting for nested lists."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        in_list = False
        indents: list[int] = []
        previous_depth = 0
        previous_blank = True
        previous_text = False  # the line before is paragraph text
        for index, line in enumerate(lines):
            quote, content = _quote_prefix(line)
            depth = quote.count(">")
            blank = not content.strip()
            if depth != previous_depth:
                in_list, previous_blank, previous_text = False, True, False
            previous_depth = depth
            if blank:
                out.append(line)
                previous_blank, previous_text = True, False
                continue
            bare = marks.strip(content)
            item = _LIST_ITEM.match(bare) if not _RULE.fullmatch(bare) else None
            stashed = content.lstrip(" ").startswith(STX)
            if item:
                if not in_list:
                    if previous_text:
                        out.append(quote.rstrip())
                    in_list, indents = True, []
                width = len(item.group(1))
                while indents and width < indents[-1]:
                    indents.pop()
                if not indents or width > indents[-1]:
                    indents.append(width)
                level = len(indents) - 1
                if level > MAX_LIST_LEVEL:  # drawn at the deepest level, with its real depth
                    body = content.lstrip(" ")
                    marker = _LIST_ITEM.match(body)
                    cut = marker.end() if marker else 0
                    content = body[:cut] + depth_marker(level + 1) + body[cut:]
                    level = MAX_LIST_LEVEL
                line = quote + "    " * level + content.lstrip(" ")
            elif in_list:
                width = len(bare) - len(bare.lstrip(" "))
                if width:
                    level = min(MAX_LIST_LEVEL + 1, sum(1 for i in indents if i < width))
                    line = quote + "    " * level + content.lstrip(" ")
                elif previous_blank or _HEADING.match(bare):
                    in_list = False
            table_start = previous_text and not in_list and "|" in bare
            if (stashed and not previous_blank) or (
                table_start and _is_table_rule(lines, index + 1, depth)
            ):
                out.append(quote.rstrip())
            out.append(line)
            if stashed:
                out.append(quote.rstrip())
            previous_blank = stashed
            previous_text = not (stashed or item or _HEADING.match(bare))
        return out


def _is_table_rule(lines: list[str], index: int, depth: int) -> bool:
    if index >= len(lines):
        return False
    quote, content = _quote_prefix(lines[index])
    content = marks.strip(content)
    return (
        quote.count(">") == depth
        and "-" in content
        and "|" in content
        and bool(_TABLE_RULE.fullmatch(content))
    )
