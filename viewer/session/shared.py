"""One rule for every reader of a vault: nobody sees it mid-change.

Background readers (rendering, backlinks, the switcher, trees) and the GUI thread read the
vault while live reload applies file changes to it. Every access goes through a `SharedVault`:
reads share it, a change waits until no read is running and holds it alone; reads that start
meanwhile wait for the change to finish, which takes milliseconds (changes are applied in
O(change); whatever depends on the vault's size is rebuilt by readers afterwards). Reads are
preferred, so a pending change never stalls the GUI thread behind a long background read.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from ..core.vault import Vault


class SharedVault:
    """A vault behind a readers-writer lock. `generation` counts the changes applied."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._condition = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writer: int | None = None
        self.generation = 0

    @property
    def root(self):
        return self._vault.root  # immutable: safe without the lock

    @contextlib.contextmanager
    def read(self) -> Iterator[Vault]:
        """The vault, unchanged for as long as the block runs (reads may nest)."""
        with self._condition:
            if self._writer == threading.get_ident():
                raise RuntimeError("a change cannot read the vault through read(): use its own")
            while self._writing:
                self._condition.wait()
            self._readers += 1
        try:
            yield self._vault
        finally:
            with self._condition:
                self._readers -= 1
                if not self._readers:
                    self._condition.notify_all()

    @contextlib.contextmanager
    def write(self) -> Iterator[Vault]:
        """The vault, for applying a change, once no read is running; alone meanwhile."""
        with self._condition:
            while self._writing or self._readers:
                self._condition.wait()
            self._writing = True
            self._writer = threading.get_ident()
        try:
            yield self._vault
        finally:
            with self._condition:
                self._writing = False
                self._writer = None
                self.generation += 1
                self._condition.notify_all()
