"""Back/forward history of places in the vault (pure Python, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, replace

NOTE_PAGE, TOPIC_PAGE, TAG_PAGE, EPISODE_PAGE, WELCOME_PAGE, FOLDER_PAGE = (
    "note",
    "topic",
    "tag",
    "episode",
    "welcome",
    "folder",
)


@dataclass(frozen=True, slots=True)
class Location:
    """A place to show. `anchor`, `line` and `highlight` say where to look once it is shown;
    `scroll` remembers where the reader was when they left it."""

    kind: str
    key: str = ""
    anchor: str | None = None
    line: int | None = None
    highlight: str | None = None
    scroll: int | None = None

    def same_page(self, other: Location | None) -> bool:
        return other is not None and (self.kind, self.key) == (other.kind, other.key)


class History:
    LIMIT = 500

    def __init__(self) -> None:
        self._entries: list[Location] = []
        self._index = -1

    @property
    def current(self) -> Location | None:
        return self._entries[self._index] if self._index >= 0 else None

    def push(self, location: Location) -> None:
        """Visit a new place: drops the forward entries, as browsers do."""
        current = self.current
        if current is not None and current == location:
            return
        del self._entries[self._index + 1 :]
        self._entries.append(location)
        if len(self._entries) > self.LIMIT:
            del self._entries[0]
        self._index = len(self._entries) - 1

    def remember_scroll(self, scroll: int) -> None:
        if self._index >= 0:
            self._entries[self._index] = replace(self._entries[self._index], scroll=scroll)

    def replace_current(self, location: Location) -> None:
        if self._index >= 0:
            self._entries[self._index] = location
        else:
            self.push(location)

    def can_back(self) -> bool:
        return self._index > 0

    def can_forward(self) -> bool:
        return self._index < len(self._entries) - 1

    def back(self) -> Location | None:
        if not self.can_back():
            return None
        self._index -= 1
        return self.current

    def forward(self) -> Location | None:
        if not self.can_forward():
            return None
        self._index += 1
        return self.current

    def clear(self) -> None:
        self._entries.clear()
        self._index = -1

    def __len__(self) -> int:
        return len(self._entries)
