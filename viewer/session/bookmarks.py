"""Bookmarks: an ordered, renamable list of places a reader wants to come back to.

A bookmark names a note, a heading in a note, an episode (by its video id) or a search (its
query). They are kept per vault in the config folder (never in the vault) as a small JSON file,
saved after every change, so a crash loses nothing and two windows see each other's lists on
reload. A damaged file is set aside as a backup and the list starts empty.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..core.userdirs import vault_state_dir
from ..render.hrefs import heading_anchor
from .location import EPISODE_PAGE, NOTE_PAGE, TAG_PAGE, TOPIC_PAGE, Location
from .state_files import keep_backup, load_json, save_json

NOTE, HEADING, EPISODE, SEARCH = "note", "heading", "episode", "search"
TOPIC, TAG = "topic", "tag"  # a topic page (an unresolved name), a tag page
KINDS = (NOTE, HEADING, EPISODE, SEARCH, TOPIC, TAG)
# The page kinds a bookmark can name, and the bookmark kind for each (the same words).
_PAGE_KINDS = {NOTE_PAGE: NOTE, EPISODE_PAGE: EPISODE, TOPIC_PAGE: TOPIC, TAG_PAGE: TAG}
FILE_NAME = "bookmarks.json"
FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class Bookmark:
    """`target` is a note path (NOTE, HEADING), a video id (EPISODE) or a query (SEARCH);
    `heading` the heading text of a HEADING bookmark; `title` what the list shows."""

    kind: str
    target: str
    heading: str | None = None
    title: str = ""

    @property
    def identity(self) -> tuple[str, str, str | None]:
        """What makes two bookmarks the same place, whatever they are called."""
        return (self.kind, self.target, self.heading)

    @property
    def label(self) -> str:
        return self.title or (f"{self.target} › {self.heading}" if self.heading else self.target)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "target": self.target, "title": self.title}
        if self.heading is not None:
            data["heading"] = self.heading
        return data

    @classmethod
    def from_json(cls, data: Any) -> Bookmark | None:
        """A bookmark from its stored form; None when the entry is not one. Kinds this version
        does not know are kept (a newer viewer may have written them)."""
        if not isinstance(data, dict):
            return None
        kind, target = data.get("kind"), data.get("target")
        heading, title = data.get("heading"), data.get("title", "")
        if not (isinstance(kind, str) and kind and isinstance(target, str) and target):
            return None
        if heading is not None and not isinstance(heading, str):
            return None
        return cls(kind, target, heading, title if isinstance(title, str) else "")


def bookmarks_path(vault_root: str | os.PathLike[str]) -> Path:
    return vault_state_dir(vault_root) / FILE_NAME


class Bookmarks:
    """The bookmark list of one vault. Every change is saved at once; `saved` tells whether
    the last save reached the disk (a read-only config folder keeps the list in memory)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._items: list[Bookmark] = []
        self.saved = True
        self.reload()

    @classmethod
    def for_vault(cls, vault_root: str | os.PathLike[str]) -> Bookmarks:
        return cls(bookmarks_path(vault_root))

    # -- reading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the file again (another window may have changed it)."""
        self._items = self._read()

    def _read(self) -> list[Bookmark]:
        data = load_json(self.path)
        if data is None:
            return []
        entries = data.get("bookmarks") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            keep_backup(self.path, "not a bookmark list")
            return []
        items: list[Bookmark] = []
        seen: set[tuple[str, str, str | None]] = set()
        for entry in entries:
            bookmark = Bookmark.from_json(entry)
            if bookmark is not None and bookmark.identity not in seen:
                seen.add(bookmark.identity)
                items.append(bookmark)
        version = data.get("version")
        if len(items) != len(entries) or version != FORMAT_VERSION:
            # Entries were dropped, or a newer viewer wrote it: the next save rewrites the
            # file in this version's form, so keep the original as it was.
            dropped = len(entries) - len(items)
            keep_backup(self.path, f"version {version!r}, {dropped} entries dropped", move=False)
        return items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Bookmark]:
        return iter(list(self._items))

    def __getitem__(self, index: int) -> Bookmark:
        return self._items[index]

    @property
    def items(self) -> list[Bookmark]:
        return list(self._items)

    def index_of(self, bookmark: Bookmark) -> int | None:
        """Position of the bookmark for the same place (whatever its title), or None."""
        for index, item in enumerate(self._items):
            if item.identity == bookmark.identity:
                return index
        return None

    def __contains__(self, bookmark: object) -> bool:
        return isinstance(bookmark, Bookmark) and self.index_of(bookmark) is not None

    # -- changing ----------------------------------------------------------------------------

    def add(self, bookmark: Bookmark, index: int | None = None) -> int:
        """Add a bookmark at `index` (the end by default) and return its position; a place
        already bookmarked is not added twice (its position is returned)."""
        known = self.index_of(bookmark)
        if known is not None:
            return known
        position = len(self._items) if index is None else max(0, min(index, len(self._items)))
        self._items.insert(position, bookmark)
        self.save()
        return position

    def toggle(self, bookmark: Bookmark) -> bool:
        """Bookmark the place, or remove its bookmark when it has one (Ctrl+D); True when the
        place is bookmarked afterwards."""
        known = self.index_of(bookmark)
        if known is None:
            self.add(bookmark)
            return True
        self.remove(known)
        return False

    def remove(self, index: int) -> Bookmark:
        bookmark = self._items.pop(index)
        self.save()
        return bookmark

    def move(self, index: int, to: int) -> None:
        """Move the bookmark at `index` so that it ends up at position `to` (clamped)."""
        bookmark = self._items.pop(index)
        self._items.insert(max(0, min(to, len(self._items))), bookmark)
        self.save()

    def rename(self, index: int, title: str) -> None:
        """Give a bookmark its own title; an empty one shows the target again."""
        self._items[index] = replace(self._items[index], title=title.strip())
        self.save()

    def save(self) -> bool:
        data = {"version": FORMAT_VERSION, "bookmarks": [b.to_json() for b in self._items]}
        self.saved = save_json(self.path, data)
        return self.saved


# -- places ------------------------------------------------------------------------------------


def bookmark_for(location: Location | None, title: str = "") -> Bookmark | None:
    """The bookmark of the page at `location` (a note, episode, topic or tag page); None for
    pages that are no place to come back to (messages, the welcome page)."""
    if location is None or location.kind not in _PAGE_KINDS or not location.key:
        return None
    return Bookmark(_PAGE_KINDS[location.kind], location.key, title=title)


def heading_bookmark(path: str, heading: str, title: str = "") -> Bookmark:
    """The bookmark of a heading (its text as the reader sees it) in the note at `path`."""
    return Bookmark(HEADING, path, heading, title)


def location_of(bookmark: Bookmark) -> Location | None:
    """The page a bookmark opens; None for a search (it opens in the search panel) and for
    kinds this version does not know."""
    if bookmark.kind == HEADING:
        return Location(NOTE_PAGE, bookmark.target, anchor=heading_anchor(bookmark.heading or ""))
    for page, kind in _PAGE_KINDS.items():
        if bookmark.kind == kind:
            return Location(page, bookmark.target)
    return None
