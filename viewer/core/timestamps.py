"""Citation timestamps: from the text a generator wrote to an exact second of the video.

Generated wikis write times inconsistently (`01:18:18`, `41:50`, `00:12:30:15`, `HH:MM:SS`,
`N/A`, URLs). The rules here are the single source of truth for every view and the CLI:
2 parts are MM:SS (so `41:50` is 41 minutes, not 41 hours), 3 parts H:MM:SS, 4 parts drop the
trailing frame count; anything else is invalid and is reported, never turned into a link.
"""

from __future__ import annotations

import re
from typing import NamedTuple, cast
from urllib.parse import quote

# Parts are bounded: no real time has a ten-digit part, and int() refuses digit strings longer
# than 4,300 characters, which would stop indexing at one garbled citation.
_SHAPE = re.compile(r"\d{1,9}(?::\d{1,9}){1,3}")


def parse_time(text: str) -> int | None:
    """Seconds for a time written as MM:SS, H:MM:SS or HH:MM:SS:FF; None when invalid."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].lstrip()
    text = text.rstrip("]").rstrip().rstrip(":").rstrip()
    if not _SHAPE.fullmatch(text):
        return None
    parts = [int(p) for p in text.split(":")]
    if len(parts) == 4:
        parts = parts[:3]
    if len(parts) == 2:
        minutes, seconds = parts
        return minutes * 60 + seconds if seconds < 60 else None
    hours, minutes, seconds = parts
    if minutes >= 60 or seconds >= 60:
        return None
    return hours * 3600 + minutes * 60 + seconds


_MEMO: dict[tuple[str | None, str], int | None] = {}


def resolve_seconds(data_t: str | None, link_text: str) -> int | None:
    """Seconds of a citation: `data-t` first, the visible link text when `data-t` is bad.

    Memoised: a vault repeats the same few thousand times across hundreds of thousands of
    citations, and this sits on the indexing hot path.
    """
    key = (data_t, link_text)
    try:
        return _MEMO[key]
    except KeyError:
        pass
    seconds = parse_time(data_t) if data_t is not None else None
    if seconds is None:
        seconds = parse_time(link_text)
    if len(_MEMO) < 100_000:
        _MEMO[key] = seconds
    return seconds


# Sorts after any real time, so min() over a note's citations finds the earliest valid one.
_INVALID = 1 << 62
_DATA_T_MEMO: dict[bytes | str, int] = {}
_MEMO_LIMIT = 100_000


def seconds_summary(data_ts: list[bytes] | list[str]) -> tuple[int, int | None] | None:
    """(how many, earliest seconds) of citations given by their `data-t` as written (text, or
    UTF-8 bytes),
    or None when some `data-t` is not a valid time (its link text decides then: see
    `resolve_seconds`). The indexing hot path: a vault has hundreds of thousands of
    citations but few distinct times, so known ones are answered by a C-level `map`."""
    memo = _DATA_T_MEMO
    known = list(map(memo.get, data_ts))
    if None in known:
        for index, value in enumerate(known):
            if value is None:
                data_t = data_ts[index]
                seconds = parse_time(data_t if isinstance(data_t, str) else data_t.decode())
                filled = _INVALID if seconds is None else seconds
                known[index] = filled
                if len(memo) < _MEMO_LIMIT:
                    memo[data_t] = filled
    values = cast("list[int]", known)  # every None was filled above
    if _INVALID in values:
        return None
    return len(values), min(values, default=None)


def format_time(seconds: int) -> str:
    """Human form: `1:18:18` from an hour on, `41:50` below."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_hms(seconds: int) -> str:
    """Zero-padded `HH:MM:SS`, the form the vaults themselves cite."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def video_url(video_id: str, seconds: int | None = None) -> str:
    """YouTube watch URL, at `seconds` when given."""
    url = f"https://www.youtube.com/watch?v={quote(video_id, safe='-_')}"
    return url if seconds is None else f"{url}&t={seconds}s"


class Timestamp(NamedTuple):
    """One citation in a note. `seconds` is None when the written time is invalid."""

    text: str  # the visible link text, e.g. "[01:18:18]"
    data_t: str | None  # the raw data-t attribute
    seconds: int | None
    line: int  # 1-based line in the note
    column: int  # 0-based offset of the citation within its line

    @property
    def valid(self) -> bool:
        return self.seconds is not None

    @property
    def label(self) -> str:
        """What a reader should see: the normalised time, or the raw text when invalid."""
        if self.seconds is not None:
            return format_time(self.seconds)
        raw = self.data_t if self.data_t else self.text
        return raw.strip().strip("[]").strip() or "(empty)"
