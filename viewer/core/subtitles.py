"""Subtitles beside a local video: what is said around a cited second.

A citation's sentence is the wiki's summary; the subtitles are the speaker's own words, and a
reader deciding whether to play a moment wants those. WebVTT (`.vtt`, what yt-dlp writes) and
SubRip (`.srt`) are read line by line: one anchored, bounded pattern per cue timing, so a
broken or hostile file costs time linear in its size, and whatever cannot be read is skipped.

YouTube's automatic captions repeat each line in the next cue (the text scrolls up) and carry
per-word timing tags; both are flattened here into spoken lines, each said once.
"""

from __future__ import annotations

import bisect
import html
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .timestamps import format_time

MAX_BYTES = 16 * 1024 * 1024  # a subtitle file larger than this is not a subtitle file
MAX_LINE = 2000  # characters of one spoken line kept (a broken file may have megabyte lines)

_CLOCK = r"(?:(\d{1,9}):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})"
_TIMING = re.compile(rf"[ \t]*{_CLOCK}[ \t]*-->[ \t]*{_CLOCK}")
_TAG = re.compile(r"<[^<>\n]{0,200}>")


@dataclass(frozen=True, slots=True)
class SpokenLine:
    """One line of speech: from `start` to `end` seconds into the video."""

    start: float
    end: float
    text: str

    @property
    def label(self) -> str:
        return format_time(int(self.start))


@dataclass(frozen=True, slots=True)
class Excerpt:
    """Spoken lines around a second; `current` indexes the line being said at it (or the
    first said after it)."""

    lines: tuple[SpokenLine, ...]
    current: int

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def _seconds(hours: str | None, minutes: str, seconds: str, fraction: str) -> float | None:
    if int(minutes) >= 60 or int(seconds) >= 60:
        return None
    return (
        int(hours or 0) * 3600
        + int(minutes) * 60
        + int(seconds)
        + int(fraction.ljust(3, "0")) / 1000
    )


def _clean(text: str) -> str:
    text = _TAG.sub("", text[:MAX_LINE] if len(text) > MAX_LINE else text)
    return " ".join(html.unescape(text).split())


def parse_subtitles(text: str) -> list[SpokenLine]:
    """The spoken lines of a WebVTT or SubRip text, in time order, each line once.

    Cue numbers, WebVTT headers, NOTE/STYLE blocks, positioning settings and markup are
    dropped; a cue with a broken timing line is skipped with its text."""
    lines: list[SpokenLine] = []
    cue: tuple[float, float] | None = None
    # WebVTT ends a cue only at an empty line (automatic captions write lines of one space
    # inside cues); SubRip files often leave spaces on the lines between cues.
    webvtt = text.lstrip("\ufeff").startswith("WEBVTT")
    for raw in text.splitlines():
        if "-->" in raw:
            match = _TIMING.match(raw)
            cue = None
            if match:
                start, end = _seconds(*match.group(1, 2, 3, 4)), _seconds(*match.group(5, 6, 7, 8))
                if start is not None and end is not None:
                    cue = (start, max(start, end))
            continue
        if not raw.strip():
            if not raw or not webvtt:
                cue = None  # a blank line ends a cue
            continue
        if cue is None:
            continue  # headers, cue numbers, NOTE and STYLE blocks, text of broken cues
        spoken = _clean(raw)
        if not spoken:
            continue
        start, end = cue
        if lines and lines[-1].text == spoken:
            # The scrolling repeat of automatic captions: the line goes on being said.
            previous = lines[-1]
            lines[-1] = SpokenLine(previous.start, max(previous.end, end), spoken)
            continue
        lines.append(SpokenLine(start, end, spoken))
    lines.sort(key=lambda line: line.start)  # stable: equal starts keep their file order
    return lines


def read_subtitles(path: str | os.PathLike[str]) -> list[SpokenLine]:
    """The spoken lines of a subtitle file; [] for a missing, huge or unreadable one."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError:
        return []
    if len(data) > MAX_BYTES or b"\0" in data[:4096]:
        return []  # not subtitles: too large, or binary
    return parse_subtitles(data.decode("utf-8-sig", errors="replace"))


REACH = 30.0  # seconds: lines further than this from a cited second are not about it


def excerpt(
    lines: Sequence[SpokenLine],
    seconds: float,
    before: int = 2,
    after: int = 4,
    reach: float = REACH,
) -> Excerpt | None:
    """The line being said at `seconds` (else the next one), with up to `before` lines before
    it and `after` lines after, none further than `reach` seconds from it; None when no line
    is said within `reach` seconds of it (subtitles of another cut of the video, or a
    citation past their end)."""
    if not lines:
        return None
    starts = [line.start for line in lines]
    index = bisect.bisect_right(starts, seconds) - 1  # the last line begun by then
    if index < 0 or lines[index].end < seconds:
        index += 1  # between lines (or before the first): the next line that starts
    if index >= len(lines) or lines[index].start - seconds > reach:
        index -= 1  # nothing starts soon after: the line just before, if it is close enough
        if index < 0 or seconds - lines[index].end > reach:
            return None
    low = max(0, index - before)
    high = min(len(lines), index + after + 1)
    while low < index and seconds - lines[low].end > reach:
        low += 1  # said long before: not around this second (a sparse file, a long pause)
    while high - 1 > index and lines[high - 1].start - seconds > reach:
        high -= 1
    return Excerpt(tuple(lines[low:high]), index - low)


class SubtitleLibrary:
    """Parsed subtitle files kept by (path, modification time), for the preview of one
    timestamp after another. Thread-safe: workers and the GUI thread both ask."""

    def __init__(self, size: int = 16) -> None:
        self._size = size
        self._parsed: OrderedDict[tuple[str, int], list[SpokenLine]] = OrderedDict()
        self._lock = threading.Lock()

    def lines(self, path: str | os.PathLike[str]) -> list[SpokenLine]:
        try:
            key = (str(path), os.stat(path).st_mtime_ns)
        except OSError:
            return []
        with self._lock:
            if key in self._parsed:
                self._parsed.move_to_end(key)
                return self._parsed[key]
        parsed = read_subtitles(path)
        with self._lock:
            self._parsed[key] = parsed
            while len(self._parsed) > self._size:
                self._parsed.popitem(last=False)
        return parsed

    def excerpt(
        self, files: Sequence[Path], seconds: float, before: int = 2, after: int = 4
    ) -> Excerpt | None:
        """Lines around `seconds` from the first of `files` (best first) that says anything."""
        for path in files:
            found = excerpt(self.lines(path), seconds, before, after)
            if found is not None:
                return found
        return None
