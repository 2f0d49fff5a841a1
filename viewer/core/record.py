"""What the index keeps per note: a small summary always, the full parse only on demand.

A 20,000-note vault holds hundreds of thousands of links, citations and headings. Turning all
of them into Python objects costs more than parsing in parallel saves, and a reader looks at one
note at a time. So each note is kept as a summary (names, link targets, counts) plus its full
parse packed with `marshal`; the packed form is also what worker processes send back and what
the index cache stores, so neither ever builds objects it does not need.
"""

from __future__ import annotations

import codecs
import marshal
import re
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import partial
from sys import intern
from typing import Any

from . import metadata
from .names import parent_of, stem_of
from .parse import (
    _CANONICAL_CITATION_SOURCE,
    _CANONICAL_TIME_SOURCE,
    _MEMO_LIMIT,
    _VIDEO_URL,
    _WIKILINK,
    _WIKILINK_MEMO,
    _WIKILINK_SOURCE,
    BINARY_SNIFF_BYTES,
    Heading,
    Link,
    ParsedNote,
    Problem,
    Timestamp,
    VideoLink,
    _apply_frontmatter,
    _code_ranges,
    _inside,
    _Lines,
    _link_text,
    _markdown_links,
    _markdown_target,
    _read_inline_tags,
    decode,
    parse_note,
    split_wikilink,
)
from .timestamps import resolve_seconds, seconds_summary

_link = partial(tuple.__new__, Link)
_stamp = partial(tuple.__new__, Timestamp)
_heading = partial(tuple.__new__, Heading)
_video = partial(tuple.__new__, VideoLink)
_problem = partial(tuple.__new__, Problem)

# One character per link: what resolution needs without unpacking the note.
WIKILINK, MARKDOWN_LINK = "w", "m"

# Notes whose full parse is unpacked at any one time, process-wide: enough for a window's worth
# of backlinks and embeds, bounded so that walking a whole vault never holds it all.
UNPACKED_LIMIT = 1024
_recently_unpacked: OrderedDict[int, NoteInfo] = OrderedDict()


def _remember(info: NoteInfo) -> None:
    _recently_unpacked[id(info)] = info
    _recently_unpacked.move_to_end(id(info))
    while len(_recently_unpacked) > UNPACKED_LIMIT:
        _, oldest = _recently_unpacked.popitem(last=False)
        oldest._detail = None


def pack(note: ParsedNote) -> bytes:
    """The full parse as compact bytes."""
    return marshal.dumps(
        (
            [tuple(h) for h in note.headings],
            note.block_ids,
            [tuple(link) for link in note.links],
            [tuple(t) for t in note.timestamps],
        )
    )


class NoteInfo:
    """Summary of one note, with the full parse (`links`, `timestamps`, ...) unpacked lazily."""

    __slots__ = (
        "_detail",
        "_packed",
        "_source",
        "_targets",
        "_targets_joined",
        "aliases",
        "has_frontmatter_title",
        "kinds",
        "link_flags",
        "path",
        "problems",
        "stamps_first",
        "stamps_total",
        "stamps_valid",
        "tags",
        "title",
        "video_id",
        "video_links",
    )

    def __init__(self, fields: tuple, packed: bytes) -> None:
        (
            self.path,
            self.title,
            aliases,
            tags,
            self.video_id,
            self.has_frontmatter_title,
            targets,
            self.kinds,
            problems,
            self.stamps_total,
            self.stamps_valid,
            self.stamps_first,
            video_links,
            link_flags,
        ) = fields
        # One string object per path across the index (see scan): a parse in a worker process
        # sends its own copy back.
        self.path = intern(self.path)
        # Most of these are empty for most notes: a warm reopen makes 20,000 of them, so the
        # empty ones share one tuple instead of converting an empty list each.
        self.aliases: tuple[str, ...] = tuple(aliases) if aliases else ()
        self.tags: tuple[str, ...] = tuple(tags) if tags else ()
        self._targets_joined: str = targets
        self._targets: list[str] | None = None  # split on first use (see `targets`)
        self.problems: Sequence[Problem] = tuple(map(_problem, problems)) if problems else ()
        self.video_links: Sequence[VideoLink] = (
            tuple(map(_video, video_links)) if video_links else ()
        )
        # (link index, embed, heading) of each link that embeds or points into a note: what
        # `doctor` checks, known without the full parse.
        self.link_flags: tuple[tuple[int, bool, str | None], ...] = (
            tuple(map(tuple, link_flags)) if link_flags else ()
        )
        self._packed = packed
        self._detail: tuple | None = None
        # Parses the note's file when its packed parse is empty (set by the vault).
        self._source: Callable[[str], ParsedNote | None] | None = None

    @classmethod
    def from_parsed(cls, note: ParsedNote) -> NoteInfo:
        info = cls(summary(note), pack(note))
        info._detail = (note.headings, note.block_ids, note.links, note.timestamps)
        _remember(info)
        return info

    def fields(self) -> tuple:
        """The summary as plain data (the inverse of the constructor), for caches. The note's
        own tuples where marshal takes them as they are: a snapshot of 100,000 notes made six
        new lists a note, 700,000 objects freed at once after the write (a 140 ms hold of
        the interpreter) and walked by the collector before that."""
        return (
            self.path,
            self.title,
            self.aliases,
            self.tags,
            self.video_id,
            self.has_frontmatter_title,
            self._targets_joined,
            self.kinds,
            [tuple(p) for p in self.problems] if self.problems else (),
            self.stamps_total,
            self.stamps_valid,
            self.stamps_first,
            [tuple(v) for v in self.video_links] if self.video_links else (),
            self.link_flags,
        )

    @property
    def targets(self) -> list[str]:
        """Link targets in order, one per link. Split lazily: a warm reopen takes resolved
        links from the cache and never needs the 300,000 target strings of a large vault."""
        targets = self._targets
        if targets is None:
            targets = self._targets = self.split_targets()
        return targets

    def split_targets(self) -> list[str]:
        """`targets`, without keeping them when they were not kept already: for passes over
        every note (linking, the link-key index, ranking topics), which kept 214,000 target
        strings alive on 21,273 notes (18 MB; 85 MB on 100,000) that no reader asked for."""
        targets = self._targets
        if targets is None:
            # One kind per link; split only when there are links: a lone [[#Heading]] has the
            # empty target "", which joins to "" exactly like no links at all.
            targets = self._targets_joined.split("\x1f") if self.kinds else []
        return targets

    @property
    def packed(self) -> bytes:
        return self._packed

    def _unpack(self) -> tuple:
        detail = self._detail
        if detail is None:
            packed = self._packed
            if not packed:  # indexed from its summary: parse the note now
                source = self._source
                note = source(self.path) if source is not None else None
                if note is None:
                    return ([], [], [], [])
                detail = self._detail = (note.headings, note.block_ids, note.links, note.timestamps)
                _remember(self)
                return detail
            headings, block_ids, links, stamps = marshal.loads(packed)
            detail = self._detail = (
                list(map(_heading, headings)),
                block_ids,
                list(map(_link, links)),
                list(map(_stamp, stamps)),
            )
            _remember(self)
        return detail

    @property
    def headings(self) -> list[Heading]:
        return self._unpack()[0]

    @property
    def block_ids(self) -> list[str]:
        return self._unpack()[1]

    @property
    def links(self) -> list[Link]:
        return self._unpack()[2]

    @property
    def timestamps(self) -> list[Timestamp]:
        return self._unpack()[3]

    def __repr__(self) -> str:
        return f"NoteInfo({self.path!r}, title={self.title!r}, links={len(self.targets)})"


def summary(note: ParsedNote) -> tuple[Any, ...]:
    """The always-loaded part of a note, as plain data (see NoteInfo.fields)."""
    seconds = [t.seconds for t in note.timestamps if t.seconds is not None]
    return _summary_fields(
        note,
        [link.target for link in note.links],
        "".join(MARKDOWN_LINK if link.markdown else WIKILINK for link in note.links),
        len(note.timestamps),
        len(seconds),
        min(seconds) if seconds else None,
        [
            (i, link.embed, link.heading)
            for i, link in enumerate(note.links)
            if link.embed or link.heading
        ],
    )


def _summary_fields(
    note: ParsedNote,
    targets: list[str],
    kinds: str,
    citations: int,
    valid: int,
    first: int | None,
    link_flags: list[tuple[int, bool, str | None]],
) -> tuple[Any, ...]:
    """The summary tuple, in the one order NoteInfo reads it (the full parse and the quick
    summary both build it here)."""
    return (
        note.path,
        note.title,
        note.aliases,
        note.tags,
        note.video_id,
        note.has_frontmatter_title,
        "\x1f".join(targets),
        kinds,
        [tuple(p) for p in note.problems],
        citations,
        valid,
        first,
        [tuple(v) for v in note.video_links],
        link_flags,
    )


# The quick summary scans the note's bytes: the same patterns as the full parse, but a regex
# over bytes skips ahead with memchr, several times faster than over text that holds one
# non-ASCII character (a curly quote makes the whole string two bytes a character).
_WIKILINK_BYTES = re.compile(_WIKILINK_SOURCE.encode())
_CANONICAL_CITATION_BYTES = re.compile(_CANONICAL_CITATION_SOURCE.encode())
_CANONICAL_TIME_BYTES = re.compile(_CANONICAL_TIME_SOURCE.encode())
# `#` then something that could start a tag: without one, the note has no inline tags.
_TAG_CANDIDATE = re.compile(rb"#[^#\s]")
_BYTES_WIKILINK_MEMO: dict[bytes, tuple[str, str | None, str | None] | None] = {}


def quick_summary(path: str, data: bytes) -> tuple[Any, ...] | None:
    """The summary of a note without its full parse, or None when only the full parse can
    give it exactly (code blocks or spans, markdown links, citations written unusually, text
    that is not plain UTF-8).

    Indexing needs link targets, citation counts, names and tags, not where each link sits:
    `findall` yields targets without a match object per link, and headings are not read at
    all. Positions, aliases and headings come from a full parse of the one note a reader
    opens (NoteInfo unpacks lazily). The targets are in exactly the order the full parse
    gives its links, so link indexes agree between the two (tests hold them to it).
    """
    if b"`" in data or (b"~" in data and b"~~~" in data) or b"](" in data or b"![[" in data:
        return None
    if b"\0" in data[:BINARY_SNIFF_BYTES]:
        return None
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None  # the full parse says where, and shows it with replacements
    if not text or text.isspace():
        return None
    note = ParsedNote(path=path, title=stem_of(path))
    fm_text, begin, fm_problem = metadata.split(text)
    if fm_problem:
        note.problems.append(Problem("frontmatter", fm_problem))
    if fm_text is not None:
        _apply_frontmatter(note, fm_text)
    start = begin if begin == 0 or text.isascii() else len(text[:begin].encode())
    targets: list[str] = []
    flags: list[tuple[int, bool, str | None]] = []
    if b"[[" in data:
        memo = _BYTES_WIKILINK_MEMO
        inners = _WIKILINK_BYTES.findall(data, start)
        found = list(map(memo.get, inners))  # C-level: most link texts repeat across notes
        if None in found:
            for index, parts in enumerate(found):
                if parts is None:
                    inner = inners[index]
                    parts = found[index] = split_wikilink(inner.decode())
                    if len(memo) < _MEMO_LIMIT:
                        memo[inner] = parts
        links = [parts for parts in found if parts is not None]
        targets = [parts[0] for parts in links]
        flags = [(i, False, parts[1]) for i, parts in enumerate(links) if parts[1]]
    total = valid = 0
    first = None
    if b"yt-timestamp" in data:
        data_ts = _CANONICAL_TIME_BYTES.findall(data, start)
        total = len(data_ts)
        if total != data.count(b"yt-timestamp", start):
            return None  # some citation needs the general reading
        times = seconds_summary(data_ts)
        if times is not None:
            valid, first = times
        else:  # a bad data-t: the link text may still give the time
            pairs = _CANONICAL_CITATION_BYTES.findall(data, start)
            resolved = [resolve_seconds(d.decode(), t.decode().strip()) for d, t in pairs]
            seconds = [s for s in resolved if s is not None]
            valid, first = len(seconds), min(seconds, default=None)
    if b"#" in data and _TAG_CANDIDATE.search(data, start):
        _read_inline_tags(note, text, begin, [])
    return _summary_fields(note, targets, WIKILINK * len(targets), total, valid, first, flags)


_CANONICAL_TIME = re.compile(_CANONICAL_TIME_SOURCE)
_CANONICAL_CITATION = re.compile(_CANONICAL_CITATION_SOURCE)


def code_aware_summary(path: str, data: bytes) -> tuple[Any, ...] | None:
    """The summary of a note with code, markdown links or embeds, without its full parse,
    or None when only the full parse can give it (citations written unusually, binary or
    empty notes).

    The full parse's own scanners, minus what only a reader of the note needs: no line and
    column per link and citation, no headings, no packed parse. Links and citations inside
    code are left out exactly as the full parse leaves them out (tests hold the two equal).
    """
    text, problems = decode(data)
    if text is None or not text.strip():
        return None
    note = ParsedNote(path=path, title=stem_of(path), problems=problems)
    fm_text, begin, fm_problem = metadata.split(text)
    if fm_problem:
        note.problems.append(Problem("frontmatter", fm_problem))
    if fm_text is not None:
        _apply_frontmatter(note, fm_text)
    total = valid = 0
    first = None
    code = _code_ranges(text, begin)
    if "yt-timestamp" in text:
        expected = text.count("yt-timestamp", begin)
        times = None
        if not code:
            data_ts = _CANONICAL_TIME.findall(text, begin)
            if len(data_ts) != expected:
                return None  # some citation needs the general reading
            total = len(data_ts)
            times = seconds_summary(data_ts)
        if times is not None:
            valid, first = times
        else:  # citations in code, or a bad data-t whose link text may still give the time
            matches = list(_CANONICAL_CITATION.finditer(text, begin))
            if len(matches) != expected:
                return None
            pairs = [m.group(1, 2) for m in matches if not (code and _inside(code, m.start()))]
            total = len(pairs)
            found = [resolve_seconds(data_t, label.strip()) for data_t, label in pairs]
            seconds = [s for s in found if s is not None]
            valid, first = len(seconds), min(seconds, default=None)
    # (offset, target, kind, embed, heading) of each link, in the full parse's order.
    links: list[tuple[int, str, str, bool, str | None]] = []
    if "[[" in text:
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
            embed = start > begin and text[start - 1] == "!"
            links.append((start - embed, parts[0], WIKILINK, embed, parts[1]))
    if "](" in text:
        wikilinks = len(links)
        note_dir = parent_of(path)
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
                links.append((start - embed, resolved[0], MARKDOWN_LINK, embed, resolved[1]))
        if 0 < wikilinks < len(links):
            links.sort()
    if "#" in text:
        _read_inline_tags(note, text, begin, code)
    flags = [(i, link[3], link[4]) for i, link in enumerate(links) if link[3] or link[4]]
    kinds = "".join(link[2] for link in links)
    targets = [link[1] for link in links]
    return _summary_fields(note, targets, kinds, total, valid, first, flags)


def read_note_info(path: str, data: bytes) -> tuple[tuple[Any, ...], bytes]:
    """(summary, packed parse) of a note for the index: a summary without the full parse when
    one applies, with an empty packed parse that the note fills from its file when first
    asked; else the full parse, packed."""
    found = quick_summary(path, data)
    if found is None:
        found = code_aware_summary(path, data)
    if found is not None:
        return found, b""
    note = parse_note(path, data)
    return summary(note), pack(note)


def encode_many(notes: list[tuple[tuple[Any, ...], bytes]]) -> bytes:
    """Notes (summary, packed parse) packed for transfer between processes."""
    return marshal.dumps(notes)


def decode_many(data: bytes) -> list[NoteInfo]:
    return [NoteInfo(fields, packed) for fields, packed in marshal.loads(data)]
