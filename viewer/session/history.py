"""Back and forward through the places a reader visited, as browsers do."""

from __future__ import annotations

from dataclasses import replace

from .location import Location, kind_of


class History:
    LIMIT = 500

    def __init__(self) -> None:
        self._entries: list[Location] = []
        self._index = -1

    @property
    def current(self) -> Location | None:
        return self._entries[self._index] if self._index >= 0 else None

    def push(self, location: Location) -> None:
        """Visit a new place: drops the forward entries. Pages that take no place in history
        (messages) and a repeat of the current place are not added."""
        if not kind_of(location).history or location == self.current:
            return
        del self._entries[self._index + 1 :]
        self._entries.append(location)
        if len(self._entries) > self.LIMIT:
            del self._entries[0]
        self._index = len(self._entries) - 1

    def remember_scroll(self, scroll: int) -> None:
        if self._index >= 0:
            self._entries[self._index] = replace(self._entries[self._index], scroll=scroll)

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

    def entries(self) -> tuple[list[Location], int]:
        """(every entry, the current index), for saving a tab's history."""
        return list(self._entries), self._index

    def restore(self, entries: list[Location], index: int) -> None:
        self._entries = [e for e in entries if kind_of(e).history][-self.LIMIT :]
        self._index = min(max(index, -1), len(self._entries) - 1)

    def __len__(self) -> int:
        return len(self._entries)
