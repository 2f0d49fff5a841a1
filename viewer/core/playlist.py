"""Play every moment: the queue of cited moments of a note, a topic or an episode.

A topic's notes cite the moments where it comes up, scattered over many episodes; played one
after another, a few seconds each, they are the topic's supercut. The queue is plain data here
(no Qt, no player), written out for mpv (EDL), for VLC and other players (m3u with start and
stop per entry) and for tools (JSON); the window plays the same queue in its mpv.

Which moments a target has:
- a note with citations: its own valid citations;
- a note without citations, or an unresolved topic (`[[Elon Musk]]` with no note): for every
  link to it, the citations in the linking sentence; else the next citation on that line (the
  generators cite at the end of a paragraph); else the last one before the link on the line;
- a video id that notes cite (an episode): every citation of it, from all its notes.

Clips run `window` seconds from each cited second, in episode order (as the Videos tree lists
episodes), by time within an episode. A clip is cut where the next one in the same video
starts, so overlapping moments play straight through instead of repeating; a second cited
twice plays once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .context import segment_bounds
from .episodes import episodes
from .timestamps import format_time, video_url

if TYPE_CHECKING:
    from .timestamps import Timestamp
    from .vault import Mention, Vault

DEFAULT_WINDOW = 30
MAX_WINDOW = 3600
EDL_HEADER = "# mpv EDL v0"
FORMATS = ("m3u", "edl", "json")

NOTE_TARGET, TOPIC_TARGET, EPISODE_TARGET = "note", "topic", "episode"


class LocalFiles(Protocol):
    """Anything that knows local copies by video id (`media.MediaLibrary` does)."""

    def local_file(self, video_id: str) -> Path | None: ...


@dataclass(frozen=True, slots=True)
class Clip:
    """One moment of the queue: `video_id` from `start` to `end` seconds, cited at `line` of
    the note at `path`; `local_file` is the downloaded copy to play, if there is one."""

    video_id: str
    start: int
    end: int
    path: str
    line: int
    title: str  # the citing note's title (for a playlist's entry names)
    local_file: str | None = None

    @property
    def length(self) -> int:
        return self.end - self.start

    def source(self) -> str:
        """What a player opens: the local file, else the video's YouTube address."""
        return self.local_file or video_url(self.video_id)


@dataclass(frozen=True, slots=True)
class Queue:
    """The clips of `target`, in playing order; `kind` says what the target was read as."""

    target: str
    kind: str
    clips: tuple[Clip, ...]


@dataclass(frozen=True, slots=True)
class _Moment:
    video_id: str
    seconds: int
    path: str
    line: int
    column: int


def _valid(stamps: Iterable[Timestamp]) -> list[tuple[int, Timestamp]]:
    """(seconds, stamp) of the citations that can be opened."""
    return [(stamp.seconds, stamp) for stamp in stamps if stamp.seconds is not None]


def _note_moments(vault: Vault, path: str) -> list[_Moment]:
    note = vault.notes[path]
    if not note.video_id or not note.stamps_valid:
        return []
    return [
        _Moment(note.video_id, seconds, path, stamp.line, stamp.column)
        for seconds, stamp in _valid(note.timestamps)
    ]


def _mention_moments(vault: Vault, mentions: Iterable[Mention]) -> list[_Moment]:
    """The moments where each mention is said (see the module's rule)."""
    found: dict[tuple[str, int, int], _Moment] = {}
    for mention in mentions:
        note = vault.notes.get(mention.source)
        if note is None or not note.video_id or not note.stamps_valid:
            continue
        on_line = [item for item in _valid(note.timestamps) if item[1].line == mention.line]
        if not on_line:
            continue
        start, end = segment_bounds(vault.line_of(mention.source, mention.line), mention.column)
        chosen = [item for item in on_line if start <= item[1].column <= end]
        if not chosen:
            after = [item for item in on_line if item[1].column >= mention.column]
            chosen = after[:1] or on_line[-1:]
        for seconds, stamp in chosen:
            key = (mention.source, stamp.line, stamp.column)
            found.setdefault(
                key, _Moment(note.video_id, seconds, mention.source, stamp.line, stamp.column)
            )
    return list(found.values())


def _episode_moments(vault: Vault, video_id: str) -> list[_Moment]:
    return [
        moment
        for path, note in vault.notes.items()
        if note.video_id == video_id
        for moment in _note_moments(vault, path)
    ]


def cited_moments(vault: Vault, target: str) -> tuple[str, list[_Moment]] | None:
    """(kind of target, its moments in no particular order); None when `target` names no note,
    topic or cited video. Read like the `show` command reads a name, then as a video id."""
    path = vault.find(target)
    if path is not None:
        moments = _note_moments(vault, path)
        if not moments:  # a person or concept note: where the notes linking to it cite
            moments = _mention_moments(vault, vault.backlinks(path))
        return NOTE_TARGET, moments
    if vault.topic(target) is not None:
        return TOPIC_TARGET, _mention_moments(vault, vault.topic_mentions(target))
    video_id = target.strip()
    if any(note.video_id == video_id for note in vault.notes.values()):
        return EPISODE_TARGET, _episode_moments(vault, video_id)
    return None


def build_queue(
    vault: Vault,
    target: str,
    window: int = DEFAULT_WINDOW,
    media: LocalFiles | None = None,
) -> Queue | None:
    """The queue of every cited moment of `target` (None when it names nothing), each clip
    `window` seconds long at most, local copies from `media` where it has them."""
    window = int(window)
    if not 0 < window <= MAX_WINDOW:
        raise ValueError(f"The clip length must be 1 to {MAX_WINDOW} seconds, not {window}.")
    found = cited_moments(vault, target)
    if found is None:
        return None
    kind, moments = found
    order = {video_id: index for index, video_id in enumerate(episodes(vault))}
    moments.sort(
        key=lambda m: (order.get(m.video_id, len(order)), m.video_id, m.seconds, m.path, m.line)
    )
    unique: list[_Moment] = []
    for moment in moments:
        last = unique[-1] if unique else None
        if last is None or (last.video_id, last.seconds) != (moment.video_id, moment.seconds):
            unique.append(moment)  # the same second cited again plays once
    clips: list[Clip] = []
    for index, moment in enumerate(unique):
        end = moment.seconds + window
        following = unique[index + 1] if index + 1 < len(unique) else None
        if following is not None and following.video_id == moment.video_id:
            end = min(end, following.seconds)
        local = media.local_file(moment.video_id) if media is not None else None
        clips.append(
            Clip(
                moment.video_id,
                moment.seconds,
                end,
                moment.path,
                moment.line,
                vault.title_of(moment.path),
                str(local) if local is not None else None,
            )
        )
    return Queue(target, kind, tuple(clips))


# -- writers -------------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    """Text from a note on one line of a playlist: a newline in a title could otherwise add a
    player option (`#EXTVLCOPT:...`) of the note's choosing."""
    return " ".join("".join(char if ord(char) >= 32 else " " for char in text).split())


def to_json(queue: Queue) -> dict[str, Any]:
    return {
        "target": queue.target,
        "entries": [
            {
                "video_id": clip.video_id,
                "start": clip.start,
                "end": clip.end,
                "path": clip.path,
                "line": clip.line,
                "local_file": clip.local_file,
            }
            for clip in queue.clips
        ],
    }


def _edl_segment(clip: Clip) -> str:
    # %bytes% before a name lets it hold commas, semicolons and any other character.
    source = clip.source()
    return f"%{len(source.encode('utf-8'))}%{source},{clip.start},{clip.length}"


def to_edl(queue: Queue) -> str:
    """mpv's EDL: every clip one segment of one continuous file. mpv opens YouTube addresses
    inside an EDL without its youtube-dl hook, so an EDL plays local copies; the window's
    Play All loads online videos through mpv's playlist instead."""
    return "\n".join([EDL_HEADER, *(_edl_segment(clip) for clip in queue.clips)]) + "\n"


def edl_url(clips: Iterable[Clip]) -> str:
    """The clips as one `edl://` address, for mpv's loadfile."""
    return "edl://" + ";".join(_edl_segment(clip) for clip in clips)


def to_m3u(queue: Queue) -> str:
    """An extended m3u: each entry named by note and time, with VLC's start and stop options
    (other players play the whole video)."""
    lines = ["#EXTM3U"]
    for clip in queue.clips:
        name = _one_line(f"{clip.title} — {format_time(clip.start)}")
        source = Path(clip.local_file).as_uri() if clip.local_file else video_url(clip.video_id)
        lines += [
            f"#EXTINF:{clip.length},{name}",
            f"#EXTVLCOPT:start-time={clip.start}",
            f"#EXTVLCOPT:stop-time={clip.end}",
            source,
        ]
    return "\n".join(lines) + "\n"


def write_queue(queue: Queue, form: str) -> str:
    """The queue as text in `form` (one of FORMATS)."""
    if form == "json":
        return json.dumps(to_json(queue), ensure_ascii=False, indent=2) + "\n"
    if form == "edl":
        return to_edl(queue)
    if form == "m3u":
        return to_m3u(queue)
    raise ValueError(f"Unknown playlist format {form!r}: use one of {', '.join(FORMATS)}.")
