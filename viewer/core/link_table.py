"""Who links to what, kept marshalled until someone asks.

A vault's backlinks are a table {target: {linking note: [link positions]}}: on 100,000 notes
a million small dicts and lists. A warm reopen restored them all from the index cache, 0.55 s
of the interpreter spent while the window was still building, for a table of which a reading
session looks at a few hundred rows. Restored rows now stay as the bytes the cache stored and
are unpacked on first read; the cache stores them back the same way, so rows nobody read are
never unpacked at all.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterator
from typing import TypeVar

from .courtesy import paced

T = TypeVar("T")
Sources = dict[str, list[int]]  # {linking note: positions of its links to the target}


class LinkTable:
    """{key: Sources}, some rows unpacked (`_open`), the others marshalled (`_packed`); a key
    is in one of the two, never both.

    Safe to read from several threads at once: the first reader of a packed row unpacks it
    and publishes it with one `setdefault`, so two readers racing get the same dict. Writers
    are serialised by the vault's owner, as for any of its tables.
    """

    __slots__ = ("_open", "_packed")

    def __init__(self, packed: dict[str, bytes] | None = None) -> None:
        self._open: dict[str, Sources] = {}
        self._packed: dict[str, bytes] = packed if packed is not None else {}

    def get(self, key: str, default: T = None) -> Sources | T:  # type: ignore[assignment]
        """The row of `key`, unpacked on first read; `default` when there is none."""
        found = self._open.get(key)
        if found is not None:
            return found
        blob = self._packed.get(key)
        if blob is None:  # none, or another thread unpacked it a moment ago
            return self._open.get(key, default)
        found = self._open.setdefault(key, marshal.loads(blob))
        self._packed.pop(key, None)
        return found

    def row(self, key: str) -> Sources:
        """The row of `key` to add to, made empty when there is none."""
        found = self._open.get(key)
        if found is None:
            found = self.get(key)
            if found is None:
                found = self._open.setdefault(key, {})
        return found

    def pop(self, key: str, default: T = None) -> Sources | T:  # type: ignore[assignment]
        found = self.get(key, default)
        self._open.pop(key, None)
        return found

    def __contains__(self, key: str) -> bool:
        return key in self._open or key in self._packed

    def __len__(self) -> int:
        return len(self._open) + len(self._packed)

    def keys(self) -> list[str]:
        return [*self._open, *self._packed]

    def items(self) -> Iterator[tuple[str, Sources]]:
        """Every row, unpacking those still packed (vault-wide work: off the GUI thread)."""
        for key in self.keys():
            found = self.get(key)
            if found is not None:
                yield key, found

    def plain(self) -> dict[str, Sources]:
        """Every row unpacked, as a plain dict (a copy of the table's shape, sharing rows)."""
        return dict(self.items())

    def packed(self) -> dict[str, bytes]:
        """Every row marshalled, for the index cache: rows never unpacked are stored as read."""
        rows = dict(self._packed)
        for key, sources in paced(list(self._open.items())):
            if sources:
                rows[key] = marshal.dumps(sources)
        return rows
