"""Read one note: metadata, headings, tags, links and citations, each with its line.

The parser is a pure function of (path, bytes) so it can run in worker processes and its result
can be cached by (path, mtime, size, PARSER_VERSION). It scans the whole text with a handful of
regular expressions instead of walking lines in Python, because indexing tens of thousands of
notes in about a second leaves no budget for per-line interpretation.
"""

from __future__ import annotations

import codecs
import errno
import html
import itertools
import os
import posixpath
import re
import stat
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import unquote

from . import metadata
from .names import clean, is_note_name, parent_of, stem_of
from .timestamps import Timestamp, resolve_seconds

# Bump when parse results change shape or meaning: cached results of older versions are dropped.
PARSER_VERSION = 3

BINARY_SNIFF_BYTES = 8192


class Link(NamedTuple):
    """One outgoing link as written. `target` is '' for a link into the same note."""

    target: str
    alias: str | None
    heading: str | None  # "Heading text" or "^blockid"
    line: int
    column: int
    embed: bool
    markdown: bool  # written as [text](path.md) rather than [[wikilink]]


class Heading(NamedTuple):
    level: int
    text: str
    line: int


class VideoLink(NamedTuple):
    """A markdown link to a video, e.g. a channel index's `### [Title](watch?v=ID)`."""

    video_id: str
    title: str
    line: int


class Problem(NamedTuple):
    kind: str
    detail: str


@dataclass(slots=True)
class ParsedNote:
    path: str
    title: str
    aliases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    video_id: str | None = None
    headings: list[Heading] = field(default_factory=list)
    block_ids: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    timestamps: list[Timestamp] = field(default_factory=list)
    video_links: list[VideoLink] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    has_frontmatter_title: bool = False


# Every pattern starts with a literal so the regex engine can skip ahead quickly; conditions on
# the character before a match (`!` for embeds, whitespace before a tag) are checked in Python.
_WIKILINK_SOURCE = r"\[\[([^\[\]\n]+)\]\]"
_WIKILINK = re.compile(_WIKILINK_SOURCE)
_MD_HREF = re.compile(
    r"\(\s*(<[^<>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\)"
)
# An anchor's opening tag and a closing tag, paired by `_anchors` (one regex for both
# backtracked to the end of the line from every unclosed `<a`: quadratic). Attributes stop at
# the next `<`, so each opening is scanned once.
_ANCHOR_OPEN = re.compile(r"<a\s([^<>]*)>", re.IGNORECASE)
_ANCHOR_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
# The form generators write; when it accounts for every citation the general path is skipped.
_CITATION_HEAD = r'<a class="yt-timestamp" data-t="([^"<>&]*)">'
_CANONICAL_CITATION_SOURCE = _CITATION_HEAD + r"([^<>&]*)</a>"
_CANONICAL_TIME_SOURCE = _CITATION_HEAD + r"[^<>&]*</a>"  # data-t only: no tuple per match
_CANONICAL_CITATION = re.compile(_CANONICAL_CITATION_SOURCE)
# Quoted values are bounded: an unclosed quote is scanned past once per `data-t`, not to the
# end of a long attribute list (no real time is 200 characters long).
_DATA_T = re.compile(
    r"""\bdata-t\s*=\s*(?:"([^"]{0,200})"|'([^']{0,200})'|([^\s"'>]+))""", re.IGNORECASE
)
_TAG_MARKUP = re.compile(r"<[^<>]*>")
_HEADING_BODY = r"(#{1,6})[ \t]+([^\n]*)"
_HEADING = re.compile("\n" + _HEADING_BODY)
_FIRST_HEADING = re.compile(_HEADING_BODY)
_TAG = re.compile(r"#([\w/\-]*[^\W\d][\w/\-]*)")
_BLOCK_ID = re.compile(r"\^([A-Za-z0-9\-]+)[ \t]*$", re.MULTILINE)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_VIDEO_URL = re.compile(
    r"https?://(?:www\.|m\.)?(?:youtube(?:-nocookie)?\.com/(?:watch\?(?:[^#\s]*&)?v=|embed/|shorts/|live/)"
    r"|youtu\.be/)([A-Za-z0-9_\-]{6,20})"
)
_FAR = 1 << 62  # sorts after any real end offset in _inside's bisect
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_new_tuple = tuple.__new__  # builds a NamedTuple without its Python-level __new__
_WIKILINK_MEMO: dict[str, tuple[str, str | None, str | None]] = {}
_MEMO_LIMIT = 200_000


class _Lines:
    """Line and column of increasing offsets, counting newlines once overall.

    The line start is carried forward too: searching back for it from every offset made a
    multi-megabyte single line with thousands of links quadratic.
    """

    __slots__ = ("_last_line", "_last_pos", "_line_start", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._last_pos = 0
        self._last_line = 1
        self._line_start = 0

    def at(self, pos: int) -> tuple[int, int]:
        newlines = self._text.count("\n", self._last_pos, pos)
        if newlines:
            self._last_line += newlines
            self._line_start = self._text.rfind("\n", self._last_pos, pos) + 1
        self._last_pos = pos
        return self._last_line, pos - self._line_start


def _runs(text: str, char: str, minimum: int, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each run of at least `minimum` `char`s in text[start:end].

    A find loop rather than a regex: `str.find` skips ahead at memchr speed in any text,
    while the regex engine steps through text with one non-Latin-1 character (a curly quote
    makes a whole note two bytes a character) one character at a time."""
    runs = []
    needle = char * minimum
    find = text.find
    pos = find(needle, start, end)
    while pos >= 0:
        stop = pos + minimum
        while stop < end and text[stop] == char:
            stop += 1
        runs.append((pos, stop))
        pos = find(needle, stop, end)
    return runs


def _fence_markers(text: str, start: int, end: int) -> list[tuple[int, int]]:
    markers = _runs(text, "`", 3, start, end) if "```" in text else []
    if "~~~" in text:
        markers = sorted(markers + _runs(text, "~", 3, start, end))
    return markers


def _fences(text: str, start: int, end: int | None = None) -> list[tuple[int, int, str]]:
    """(start, end, info string) of each fenced code block; an unclosed fence runs to the end,
    as in CommonMark."""
    fences: list[tuple[int, int, str]] = []
    open_at: int | None = None
    fence = info = ""
    end = len(text) if end is None else end
    for marker_start, marker_end in _fence_markers(text, start, end):
        # Walk back over the allowed prefix only: searching back to the line start from every
        # marker was quadratic on a long line full of backticks.
        line_start = marker_start
        while line_start and text[line_start - 1] in " \t>":
            line_start -= 1
        if line_start and text[line_start - 1] != "\n":
            continue  # not at the start of a line (allowing blockquote markers and indent)
        prefix = text[line_start:marker_start].replace(">", "").replace("\t", " ")
        if len(prefix) > 8:
            continue
        marker = text[marker_start:marker_end]
        line_end = text.find("\n", marker_end)
        rest = text[marker_end : len(text) if line_end < 0 else line_end].strip()
        if open_at is None:
            open_at, fence, info = line_start, marker, rest
        elif marker[0] == fence[0] and len(marker) >= len(fence) and not rest:
            fences.append((open_at, marker_end, info))
            open_at = None
    if open_at is not None:
        fences.append((open_at, end, info))
    return fences


def markdown_wrapper(text: str, start: int = 0) -> tuple[int, int] | None:
    """Offsets (start, end) of a ```markdown fence that wraps the rest of the note, else None.

    Some generators wrap a whole note in a ```markdown fence by mistake. Read literally, every
    link and citation in it would be dead code; its author meant markdown, so the indexer and
    the renderer both read through the wrapper.
    """
    if "```" not in text and "~~~" not in text:
        return None
    for fence_start, fence_end, info in _fences(text, start):
        if info.lower() in ("markdown", "md") and not text[fence_end:].strip():
            return fence_start, fence_end
    return None


def _fence_ranges(text: str, start: int) -> list[tuple[int, int]]:
    wrapper = markdown_wrapper(text, start)
    ranges = [(a, b) for a, b, _ in _fences(text, start) if (a, b) != wrapper]
    if wrapper is not None:  # fences nested inside the wrapper are still code
        content = text.find("\n", wrapper[0]) + 1
        ranges = [(a, b) for a, b in ranges if not wrapper[0] <= a < wrapper[1]] + [
            (a, b) for a, b, _ in _fences(text, content) if b <= wrapper[1] and (a, b) != wrapper
        ]
        # The wrapper's own fence lines are not content; left out, their backticks paired up
        # as one inline code span around a wrapped note that has no blank line.
        ranges.append((wrapper[0], content))
        closing = text.rfind("\n", content, wrapper[1]) + 1
        if closing and set(text[closing : wrapper[1]].strip(" \t>")) in ({"`"}, {"~"}):
            ranges.append((closing, wrapper[1]))  # (an unclosed wrapper has no closing line)
    return sorted(set(ranges))


def _code_ranges(text: str, start: int) -> list[tuple[int, int]]:
    """Offsets covered by fenced code blocks and inline code spans, sorted."""
    if "`" not in text and "~" not in text:  # single characters: far cheaper to look for
        return []
    ranges = _fence_ranges(text, start)
    if "`" not in text:
        return ranges
    runs = [run for run in _runs(text, "`", 1, start, len(text)) if not _inside(ranges, run[0])]
    # The next run of the same width after each run: a span closes there or nowhere, so
    # finding it is a lookup, not a walk over every later run (quadratic on hostile lines).
    next_same = [-1] * len(runs)
    seen: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        width = runs[index][1] - runs[index][0]
        next_same[index] = seen.get(width, -1)
        seen[width] = index
    spans: list[tuple[int, int]] = []
    # The first paragraph break after the current opening, carried forward (-1: none left).
    paragraph_end = -2
    index = 0
    while index < len(runs):
        opening_start, opening_end = runs[index]
        if paragraph_end != -1 and paragraph_end < opening_end:
            paragraph_end = text.find("\n\n", opening_end)
        close_index = next_same[index]
        # Code spans never cross a paragraph break.
        if close_index >= 0 and not 0 <= paragraph_end < runs[close_index][0]:
            spans.append((opening_start, runs[close_index][1]))
            index = close_index
        index += 1
    return sorted(ranges + spans)


def _inside(ranges: list[tuple[int, int]], pos: int) -> bool:
    if not ranges:
        return False
    index = bisect_right(ranges, (pos, _FAR)) - 1
    return index >= 0 and ranges[index][0] <= pos < ranges[index][1]


def _markdown_links(body: str, begin: int):
    """Yield (start, text, href) for each `[text](href)` after `begin`; `start` is the `[`.

    Linear even on a multi-megabyte single line: the line start is carried forward rather
    than searched for from every `](`, and the search back for an opening `[` jumps over `](`
    brackets already matched and stops where an earlier search failed (more `]` in between can
    only make a match there less possible).
    """
    matched: dict[int, int] = {}  # offset of a `](` on this line -> offset of its `[`
    floor = body.rfind("\n", 0, begin)  # the search for a `[` stays after this offset
    seen = begin
    pos = body.find("](", begin)
    while pos >= 0:
        newline = body.rfind("\n", seen, pos)
        if newline >= 0:
            floor = newline
            matched.clear()
        seen = pos
        start = body.rfind("[", floor + 1, pos)
        if start >= 0 and body.find("]", start + 1, pos) >= 0:
            start = _matching_bracket(body, floor, pos, matched)  # nested brackets in the text
        if start < 0:
            floor = pos - 1  # no later `](` on this line can match before this one
        else:
            matched[pos] = start
        href = _MD_HREF.match(body, pos + 1) if start >= 0 else None
        if href:
            yield start, body[start + 1 : pos], href.group(1)
            pos = body.find("](", href.end())
        else:
            pos = body.find("](", pos + 2)


def _matching_bracket(body: str, floor: int, close: int, matched: dict[int, int]) -> int:
    """Offset of the `[` that opens the `]` at `close`, searching back to just after `floor`;
    a `]` found in `matched` is skipped with everything back to its `[` (a balanced pair)."""
    depth = 0
    index = close - 1
    while index > floor:
        char = body[index]
        if char == "]":
            opening = matched.get(index)
            if opening is not None:
                index = opening - 1
                continue
            depth += 1
        elif char == "[":
            if depth == 0:
                return index
            depth -= 1
        index -= 1
    return -1


def split_wikilink(inner: str) -> tuple[str, str | None, str | None] | None:
    """`target#heading | alias` -> (target, heading, alias); None for an empty link."""
    alias = None
    if "|" in inner:
        inner, alias = inner.split("|", 1)
        inner = inner.rstrip("\\")  # `[[a\|b]]` inside tables
        alias = alias.strip() or None
    heading = None
    if "#" in inner:
        inner, heading = inner.split("#", 1)
        heading = heading.strip() or None
    target = inner.strip()
    if not target.isprintable():  # control characters never name a file; drop them
        target = _CONTROL.sub("", target)
    if not target and not heading:
        return None
    return target, heading, alias


def _markdown_target(href: str, note_dir: str) -> tuple[str, str | None] | None:
    """A vault-relative `.md` path (and heading) for a relative markdown link, else None."""
    if href.startswith("<") and href.endswith(">"):
        href = href[1:-1]
    if not href or href.startswith("#") or _SCHEME.match(href):
        return None
    href, _, heading = href.partition("#")
    href = unquote(href)
    if not is_note_name(href):
        return None
    if href.startswith("/"):
        href = href.lstrip("/")
    elif note_dir:
        href = posixpath.join(note_dir, href)
    return posixpath.normpath(href), unquote(heading) or None


def _link_text(markup: str) -> str:
    """Visible text of inline HTML/markdown link text."""
    if "<" in markup:
        markup = _TAG_MARKUP.sub("", markup)
    if "&" in markup:
        markup = html.unescape(markup)
    return markup.strip()


# Byte-order marks of the encodings a note may be saved in besides UTF-8 (UTF-32 first:
# its little-endian mark begins with UTF-16's). Their text is full of NUL bytes, so they are
# recognised before the binary check.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> tuple[str | None, list[Problem]]:
    """Text of a note (None for binary data), newlines normalised, BOM removed. UTF-8, or
    UTF-16 or UTF-32 when a byte-order mark says so."""
    problems: list[Problem] = []
    encoding = "utf-8"
    if data[:1] in (b"\xff", b"\xfe", b"\x00"):
        encoding = next((name for bom, name in _WIDE_BOMS if data.startswith(bom)), "utf-8")
    if encoding == "utf-8" and b"\0" in data[:BINARY_SNIFF_BYTES]:
        return None, [Problem("binary", "binary data in a .md file; not shown")]
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        text = data.decode(encoding, "replace")
        name = encoding.upper()
        problems.append(
            Problem("encoding", f"not valid {name} at byte {error.start}; shown with replacements")
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, problems


def parse_note(path: str, data: bytes) -> ParsedNote:
    """Parse the raw bytes of the note at vault-relative `path`."""
    text, problems = decode(data)
    note = ParsedNote(path=path, title=stem_of(path), problems=problems)
    if text is None:
        return note
    if not text.strip():
        note.problems.append(Problem("empty", "the note is empty"))
        return note
    parse_text(note, text)
    return note


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY_FLAG = getattr(os, "O_BINARY", 0)


def read_bytes(full_path: str | os.PathLike[str]) -> bytes:
    """The bytes of a regular file; OSError for anything else. Opened without blocking: a
    FIFO that replaced a note since the vault was listed must not wait forever for a writer."""
    descriptor = os.open(full_path, os.O_RDONLY | _NONBLOCK | _BINARY_FLAG)
    with open(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", os.fspath(full_path))
        return handle.read()


def parse_file(root: str | os.PathLike[str], path: str) -> ParsedNote:
    """Parse the note at vault-relative `path` under `root`; an unreadable file becomes a note
    with an "unreadable" problem, never an exception."""
    try:
        data = read_bytes(os.path.join(root, path))
    except OSError as error:
        note = parse_note(path, b"")
        note.problems[:] = [Problem("unreadable", error.strerror or str(error))]
        return note
    return parse_note(path, data)


def parse_text(note: ParsedNote, text: str) -> None:
    """Fill `note` from its decoded text.

    Scanners work on the whole text from the body's offset (no copy of the body), so line
    numbers count from the top of the file, as the user sees them.
    """
    fm_text, body_start, fm_problem = metadata.split(text)
    if fm_problem:
        note.problems.append(Problem("frontmatter", fm_problem))
    if fm_text is not None:
        _apply_frontmatter(note, fm_text)
    code = _code_ranges(text, body_start)
    if "[[" in text:
        _read_wikilinks(note, text, body_start, code)
    if "](" in text:
        _read_markdown_links(note, text, body_start, code)
    if "yt-timestamp" in text:
        _read_citations(note, text, body_start, code)
    if "#" in text:
        _read_headings(note, text, body_start, code)
        _read_inline_tags(note, text, body_start, code)
    if "^" in text:
        _read_block_ids(note, text, body_start, code)


_Ranges = list[tuple[int, int]]


def _read_wikilinks(note: ParsedNote, text: str, begin: int, code: _Ranges) -> None:
    # The hot loop of indexing: line counting is inlined and tuples are built without the
    # NamedTuple constructor's extra Python frame.
    append = note.links.append
    count, rfind = text.count, text.rfind
    line, last, line_start = 1, 0, 0
    memo = _WIKILINK_MEMO
    for match in _WIKILINK.finditer(text, begin):
        start = match.start()
        if code and _inside(code, start):
            continue
        inner = match.group(1)
        parts = memo.get(inner)
        if parts is None:
            parts = split_wikilink(inner)
            if parts is None:
                continue
            if len(memo) < _MEMO_LIMIT:
                memo[inner] = parts
        if start > begin and text[start - 1] == "!":
            start -= 1
            embed = True
        else:
            embed = False
        newlines = count("\n", last, start)
        if newlines:  # the line start is carried forward: linear on a huge single line
            line += newlines
            line_start = rfind("\n", last, start) + 1
        last = start
        target, heading, alias = parts
        append(_new_tuple(Link, (target, alias, heading, line, start - line_start, embed, False)))


def _read_markdown_links(note: ParsedNote, text: str, begin: int, code: _Ranges) -> None:
    wikilinks = len(note.links)
    note_dir = parent_of(note.path)
    lines = _Lines(text)
    for start, label, href in _markdown_links(text, begin):
        if code and _inside(code, start):
            continue
        embed = start > begin and text[start - 1] == "!"
        video = _VIDEO_URL.match(href)
        if video:
            if not embed:
                line, _ = lines.at(start)
                note.video_links.append(VideoLink(video.group(1), _link_text(label), line))
            continue
        resolved = _markdown_target(href, note_dir)
        if resolved is not None:
            line, column = lines.at(start - embed)
            alias = _link_text(label) or None
            note.links.append(Link(resolved[0], alias, resolved[1], line, column, embed, True))
    if 0 < wikilinks < len(note.links):
        note.links.sort(key=lambda link: (link.line, link.column))


def _read_citations(note: ParsedNote, text: str, begin: int, code: _Ranges) -> None:
    append = note.timestamps.append
    count, rfind = text.count, text.rfind
    line, last, line_start = 1, 0, 0
    found = 0
    for match in _CANONICAL_CITATION.finditer(text, begin):
        found += 1
        start = match.start()
        if code and _inside(code, start):
            continue
        data_t, label = match.group(1, 2)
        label = label.strip()
        newlines = count("\n", last, start)
        if newlines:  # the line start is carried forward: linear on a huge single line
            line += newlines
            line_start = rfind("\n", last, start) + 1
        last = start
        column = start - line_start
        seconds = resolve_seconds(data_t, label)
        append(_new_tuple(Timestamp, (label, data_t, seconds, line, column)))
    if found == text.count("yt-timestamp", begin):
        return
    # Some citation is written another way (attribute order, quotes, markup inside): read all
    # of them with the general pattern instead.
    note.timestamps.clear()
    lines = _Lines(text)
    for start, attributes, inner in _anchors(text, begin):
        if "yt-timestamp" not in attributes or (code and _inside(code, start)):
            continue
        data_t_match = _DATA_T.search(attributes)
        data_t = None
        if data_t_match:
            data_t = _link_text(data_t_match.group(data_t_match.lastindex or 1))
        label = _link_text(inner)
        line, column = lines.at(start)
        append(Timestamp(label, data_t, resolve_seconds(data_t, label), line, column))


def _anchors(text: str, begin: int) -> Iterator[tuple[int, str, str]]:
    """(start, attributes, inner text) of each `<a ...>...</a>` after `begin`, an anchor
    closing on the line it opens on; an opening without a closing is passed over.

    Linear: the next closing tag and the end of the line are carried forward rather than
    searched for again from every opening (50,000 unclosed anchors on one line took minutes).
    """
    close: re.Match | None = None
    line_end = -1
    pos = begin
    while True:
        opening = _ANCHOR_OPEN.search(text, pos)
        if opening is None:
            return
        end = opening.end()
        if end > line_end:
            line_end = text.find("\n", end)
            line_end = len(text) if line_end < 0 else line_end
        if close is None or close.start() < end:
            close = _ANCHOR_CLOSE.search(text, end)
            if close is None:
                return  # no closing tag anywhere after: no more anchors
        if close.start() <= line_end:
            yield opening.start(), opening.group(1), text[end : close.start()]
            pos = close.end()
        else:
            pos = opening.start() + 1


def _read_headings(note: ParsedNote, text: str, begin: int, code: _Ranges) -> None:
    append = note.headings.append
    count = text.count
    line, last = 1, 0
    matches = _HEADING.finditer(text, max(begin - 1, 0))
    if begin == 0:
        first = _FIRST_HEADING.match(text)
        if first:
            matches = itertools.chain((first,), matches)
    for match in matches:
        start = match.start(1)
        if code and _inside(code, start):
            continue
        line += count("\n", last, start)
        last = start
        hashes, title = match.group(1, 2)
        title = title.rstrip(" \t")
        if title.endswith("#"):
            stripped = title.rstrip("#")
            if not stripped or stripped[-1] in " \t":
                title = stripped.rstrip(" \t")  # closing sequence: `## Title ##`
        append(_new_tuple(Heading, (len(hashes), title, line)))


def _read_inline_tags(note: ParsedNote, text: str, begin: int, code: _Ranges) -> None:
    known = {tag.casefold() for tag in note.tags}
    for match in _TAG.finditer(text, begin):
        start = match.start()
        if start > begin and not text[start - 1].isspace():
            continue
        if not (code and _inside(code, start)):
            _add_tag(note, match.group(1), known)


def _read_block_ids(note: ParsedNote, text: str, begin: int, code: _Ranges) -> None:
    for match in _BLOCK_ID.finditer(text, begin):
        start = match.start()
        if start > begin and text[start - 1] not in " \t\n":
            continue
        if not (code and _inside(code, start)):
            note.block_ids.append(match.group(1))


def _apply_frontmatter(note: ParsedNote, fm_text: str) -> None:
    data, problem = metadata.parse(fm_text)
    if problem:
        note.problems.append(Problem("frontmatter", problem))
    if not data:
        return
    title = metadata.as_text(data.get("title"))
    if title:
        note.title = clean(title)
        note.has_frontmatter_title = True
    aliases = data.get("aliases", data.get("alias"))
    note.aliases = [clean(a) for a in metadata.as_list(aliases)]
    tags = data.get("tags", data.get("tag"))
    known = {tag.casefold() for tag in note.tags}
    for tag in metadata.as_list(tags):
        for part in tag.replace(",", " ").split():
            _add_tag(note, part.lstrip("#"), known)
    video_id = metadata.as_text(data.get("videoId", data.get("video_id")))
    if video_id:
        from_url = _VIDEO_URL.match(video_id)  # some generators store the whole URL
        note.video_id = from_url.group(1) if from_url else video_id


def _add_tag(note: ParsedNote, tag: str, known: set[str]) -> None:
    """Add a tag once, whatever its case (Obsidian treats #Design and #design as one);
    `known` holds the note's tags case-folded (a set: 50,000 distinct tags, each compared
    with every earlier one, took a minute)."""
    tag = tag.strip("/")
    key = tag.casefold()
    if tag and key not in known:
        known.add(key)
        note.tags.append(tag)
