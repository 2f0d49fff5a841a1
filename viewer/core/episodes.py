"""Channels and episodes: the video structure of a podcast wiki, read from the index.

A generated wiki keeps one folder per channel and many topic notes per video, each naming its
video in `videoId` frontmatter; grouping notes by that id gives the episodes. Topic notes do
not carry the episode's title, so it is harvested from markdown links to the video anywhere in
the vault (a channel index writes `### [Title](https://www.youtube.com/watch?v=ID)`).

Grouping, titles and ordering read only the notes' summaries (video id, video links, first
cited second), so the whole structure of a 20,000-note vault costs milliseconds; only the
timeline unpacks citations, and only those of one episode's notes.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .context import WINDOW, plain, segment_bounds
from .names import natural_key, parent_of
from .stopping import until_unwanted
from .timestamps import format_time
from .tree import CHANNEL, EPISODE, FOLDER, NOTE, TreeNode, is_folder_note

if TYPE_CHECKING:
    from .vault import Vault

TOP_LEVEL_LABEL = "Top level"  # the channel of videos cited by notes outside any folder

# A citation's visible text in a sentence ("... the job exists [00:06:40]."): beside the time
# it is read at, it says nothing new.
# (It starts at the first space of a run only: `\s*` tried from every space is quadratic.)
_WRITTEN_TIME = re.compile(r"(?<!\s)\s*\[\d{1,2}(?::\d{1,2}){1,3}\]")


@dataclass(frozen=True, slots=True)
class Episode:
    """One video and the topic notes citing it, in the order the video reaches them."""

    video_id: str
    title: str  # harvested from links to the video; the id itself when none names it
    channel: str  # the channel's folder path ('' for the vault's top level)
    channel_note: str | None  # the channel index (the folder's own note), if any
    notes: tuple[str, ...]  # by first cited second; notes without a valid citation last

    @property
    def titled(self) -> bool:
        """Whether a link named the video (False: `title` is only the id)."""
        return self.title != self.video_id


@dataclass(frozen=True, slots=True)
class Citation:
    """One valid citation of a video in a note, with the sentence around it."""

    seconds: int
    label: str  # format_time(seconds): "1:18:18", "41:50"
    path: str
    title: str  # the citing note's title
    line: int  # 1-based line in the note
    column: int  # 0-based offset of the citation in its line
    context: str  # the sentence or list item around it (vault.context), times written
    # in it as "[01:18:18]" dropped: the citation's own time is shown beside it anyway
    video_id: str | None = None  # the citing note's video (rows from many notes differ)


# -- grouping ----------------------------------------------------------------------------------


def folder_notes(vault: Vault) -> dict[str, str]:
    """{folder: its folder note} (`lexfridman` -> `lexfridman/lexfridman.md`)."""
    found: dict[str, str] = {}
    for path in vault.notes:
        if is_folder_note(path):
            folder = parent_of(path)
            if folder not in found or natural_key(path) < natural_key(found[folder]):
                found[folder] = path
    return found


def channel_of(path: str, indexes: dict[str, str]) -> str:
    """The channel folder of a note: the nearest folder with a folder note (a channel index),
    so topic notes filed in sub-folders still belong to their channel; else its own folder."""
    folder = parent_of(path)
    while folder:
        if folder in indexes:
            return folder
        folder = parent_of(folder)
    return parent_of(path)


def _groups(vault: Vault) -> dict[str, list[str]]:
    """{video id: paths of the notes whose videoId it is}."""
    groups: dict[str, list[str]] = defaultdict(list)
    for path, note in vault.notes.items():
        if note.video_id:
            groups[note.video_id].append(path)
    return groups


def _channels(groups: dict[str, list[str]], indexes: dict[str, str]) -> dict[str, str]:
    """{video id: channel}: the channel most of its notes are in (natural order on a tie)."""
    channels = {}
    for video_id, paths in groups.items():
        counts = Counter(channel_of(path, indexes) for path in paths)
        channels[video_id] = min(counts, key=lambda c: (-counts[c], natural_key(c), c))
    return channels


def _usable_title(text: str, video_id: str) -> str | None:
    """Link text that names a video, as plain text; None for empty text, the bare id or a
    pasted URL (`[https://youtu.be/ID](https://youtu.be/ID)` names nothing)."""
    title = plain(text)
    lowered = title.lower()
    if not title or title == video_id or lowered.startswith(("http://", "https://", "www.")):
        return None
    return title


def _inside(path: str, folder: str) -> bool:
    return not folder or path.startswith(folder + "/")


def _titles(vault: Vault, channels: dict[str, str]) -> dict[str, str]:
    """{video id: title} from every markdown link to a video, ranked: a link in the video's
    own channel (the channel index first) beats one elsewhere (a directory, a reading list),
    then the first in natural path order, then the first in the note."""
    best: dict[str, tuple[tuple, str]] = {}
    for path, note in vault.notes.items():
        if not note.video_links:
            continue
        folder_note = is_folder_note(path)
        path_key = natural_key(path)
        for video_id, text, line in note.video_links:
            title = _usable_title(text, video_id)
            if title is None:
                continue
            channel = channels.get(video_id)
            own = channel is not None and _inside(path, channel)
            rank = (not own, not folder_note, path_key, path, line)
            known = best.get(video_id)
            if known is None or rank < known[0]:
                best[video_id] = (rank, title)
    return {video_id: title for video_id, (_rank, title) in best.items()}


def episode_titles(vault: Vault) -> dict[str, str]:
    """{video id: title} for every video some markdown link names (also videos no note cites),
    preferring a title written in the video's own channel folder, such as its channel index.
    Titles are kept as written (" | Show #123" included): that is how the channel names them."""
    indexes = folder_notes(vault)
    return _titles(vault, _channels(_groups(vault), indexes))


def _note_order(vault: Vault, path: str) -> tuple:
    note = vault.notes[path]
    first = note.stamps_first
    return (first is None, first or 0, natural_key(note.title), path)


def episodes(vault: Vault) -> dict[str, Episode]:
    """Every video some note cites by `videoId`, as {video id: Episode}, in reading order:
    channels in natural order (the top level last); within a channel, the order its index
    lists the videos (those it does not list follow, by title)."""
    indexes = folder_notes(vault)
    groups = _groups(vault)
    channels = _channels(groups, indexes)
    titles = _titles(vault, channels)
    listed: dict[str, dict[str, int]] = {}  # channel -> {video id: position in its index}
    for channel in set(channels.values()):
        index = indexes.get(channel)
        order: dict[str, int] = {}
        if index is not None:
            for video_id, _text, _line in vault.notes[index].video_links:
                order.setdefault(video_id, len(order))
        listed[channel] = order

    def episode_order(video_id: str) -> tuple:
        channel = channels[video_id]
        position = listed[channel].get(video_id)
        title = titles.get(video_id, video_id)
        within = (0, position, ()) if position is not None else (1, 0, natural_key(title))
        # Videos cited from outside any folder are strays: their "channel" goes last.
        return (not channel, natural_key(channel), channel, within, video_id)

    found: dict[str, Episode] = {}
    for video_id in sorted(groups, key=episode_order):
        channel = channels[video_id]
        paths = sorted(groups[video_id], key=lambda path: _note_order(vault, path))
        found[video_id] = Episode(
            video_id=video_id,
            title=titles.get(video_id, video_id),
            channel=channel,
            channel_note=indexes.get(channel),
            notes=tuple(paths),
        )
    return found


# -- citations ---------------------------------------------------------------------------------


def _citation(vault: Vault, path: str, seconds: int, line: int, column: int) -> Citation:
    note = vault.notes[path]
    context = _WRITTEN_TIME.sub("", vault.context(path, line, column)).strip()
    return Citation(
        seconds, format_time(seconds), path, note.title, line, column, context, note.video_id
    )


def _citations(
    vault: Vault, path: str, cancelled: Callable[[], bool] = lambda: False
) -> list[Citation]:
    """Raises InterruptedError once `cancelled()` (see `until_unwanted`)."""
    note = vault.notes[path]
    if not note.stamps_valid:
        return []  # nothing to unpack
    return [
        _citation(vault, path, stamp.seconds, stamp.line, stamp.column)
        for stamp in until_unwanted(note.timestamps, cancelled, "citations")
        if stamp.seconds is not None
    ]


def note_citations(
    vault: Vault, path: str, cancelled: Callable[[], bool] = lambda: False
) -> list[Citation]:
    """The valid citations of one note in time order (the timestamps panel's rows)."""
    if path not in vault.notes:
        return []
    found = _citations(vault, path, cancelled)
    return sorted(found, key=lambda c: (c.seconds, c.line, c.column))


def timeline(vault: Vault, video_id: str) -> list[Citation]:
    """Every valid citation of `video_id` from all notes whose videoId it is, merged in time
    order (then path, then line); invalid citations are left out, as they cannot be opened."""
    found: list[Citation] = []
    for path, note in vault.notes.items():
        if note.video_id == video_id:
            found.extend(_citations(vault, path))
    found.sort(key=lambda c: (c.seconds, c.path, c.line, c.column))
    return found


def topic_citations(vault: Vault, name: str) -> list[Citation]:
    """The valid citations in the sentences that mention the unresolved topic `name` (what
    its page shows as pills), in the order the page lists the mentions: note by note, down
    each note. They come from many notes, so each carries its own note's video."""
    found: list[Citation] = []
    seen: set[tuple[str, int, int]] = set()
    for mention in vault.topic_mentions(name):
        path, number = mention.source, mention.line
        note = vault.notes.get(path)
        if note is None or not note.stamps_valid:
            continue
        stamps = [s for s in note.timestamps if s.line == number and s.seconds is not None]
        if not stamps:
            continue
        start, end = _sentence(vault.line_of(path, number), mention.column)
        for stamp in stamps:
            key = (path, number, stamp.column)
            if start <= stamp.column < end and key not in seen and stamp.seconds is not None:
                seen.add(key)
                found.append(_citation(vault, path, stamp.seconds, number, stamp.column))
    return found


def _sentence(line: str, column: int) -> tuple[int, int]:
    """Bounds of the sentence around `column`, looked for near it only (a huge single line
    costs what a short one does)."""
    offset = max(0, column - WINDOW) if len(line) > 2 * WINDOW else 0
    piece = line[offset : column + WINDOW] if offset or len(line) > 2 * WINDOW else line
    start, end = segment_bounds(piece, column - offset)
    return start + offset, end + offset


def episode_report(vault: Vault, video_id: str) -> dict[str, Any] | None:
    """The episode as JSON-ready data (the `episode` command), or None when no note cites it."""
    episode = episodes(vault).get(video_id)
    if episode is None:
        return None
    return {
        "video_id": episode.video_id,
        "title": episode.title,
        "channel": episode.channel,
        "topics": [
            {
                "path": path,
                "title": vault.title_of(path),
                "first_seconds": vault.notes[path].stamps_first,
            }
            for path in episode.notes
        ],
        "timeline": [
            {"seconds": c.seconds, "path": c.path, "context": c.context}
            for c in timeline(vault, video_id)
        ],
    }


# -- the Videos tree -----------------------------------------------------------------------------


def channel_label(channel: str) -> str:
    """A channel as the tree names it: its folder path (unique, unlike a nested folder's
    name), or TOP_LEVEL_LABEL for notes outside any folder."""
    return channel or TOP_LEVEL_LABEL


def videos_tree(vault: Vault, found: dict[str, Episode] | None = None) -> TreeNode:
    """Channel -> episode -> topic notes. Channel nodes (kind CHANNEL, key the folder) open
    the channel index and count their episodes; episode nodes (kind EPISODE, key the video id)
    count their topic notes; notes without a videoId are not in this tree."""
    root = TreeNode(label="", kind=FOLDER, key="")
    channels: dict[str, TreeNode] = {}
    for episode in (episodes(vault) if found is None else found).values():
        channel = channels.get(episode.channel)
        if channel is None:
            channel = channels[episode.channel] = root.add(
                TreeNode(
                    label=channel_label(episode.channel),
                    kind=CHANNEL,
                    key=episode.channel,
                    note=episode.channel_note,
                )
            )
        node = channel.add(
            TreeNode(
                label=episode.title, kind=EPISODE, key=episode.video_id, count=len(episode.notes)
            )
        )
        for path in episode.notes:
            node.add(TreeNode(label=vault.title_of(path), kind=NOTE, key=path, note=path))
    for channel in channels.values():
        channel.count = len(channel.children)
    return root
