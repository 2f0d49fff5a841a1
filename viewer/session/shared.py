"""One rule for every reader of a vault: nobody sees it mid-change.

Background readers (rendering, backlinks, the switcher, trees) and the GUI thread read the
vault while live reload applies file changes to it. Every access goes through a `SharedVault`:
reads share it, a change waits until no read is running and holds it alone; reads that start
meanwhile wait for the change to finish, which takes milliseconds (changes are applied in
O(change); whatever depends on the vault's size is rebuilt by readers afterwards). Reads are
preferred, so a pending change never stalls the GUI thread behind a long background read.
Many changes at once (a vault changed wholesale since the last session) are applied a few
milliseconds at a time (`apply_all`), letting waiting reads in between.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator, Sequence

from ..core.vault import Change, Vault

# The longest a batch of changes holds the vault alone. A vault whose 2,249 notes had all
# changed since the last session was applied in one 18 s hold: every read waited, the GUI
# thread's among them (the window froze), and quitting waited for it too.
WRITE_HOLD_SECONDS = 0.02


class SharedVault:
    """A vault behind a readers-writer lock. `generation` counts the changes applied."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault
        self._condition = threading.Condition()
        self._readers = 0
        self._waiting_readers = 0  # reads waiting for a change to end: they go before the next
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
            self._waiting_readers += 1
            try:
                while self._writing:
                    self._condition.wait()
            finally:
                self._waiting_readers -= 1
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
            while self._writing or self._readers or self._waiting_readers:
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

    def apply_all(self, changes: Sequence[Change], check: Callable[[], None]) -> list[Change]:
        """Apply `changes` in holds of at most WRITE_HOLD_SECONDS, reads waiting meanwhile
        going in between; those that changed the vault. `check()` runs before each hold and
        raises to stop (the owner closes: the rest is not applied)."""
        applied: list[Change] = []
        position = 0
        while position < len(changes):
            check()
            with self.write() as vault:
                until = time.monotonic() + WRITE_HOLD_SECONDS
                while position < len(changes):
                    change = changes[position]
                    position += 1
                    if vault.apply(change) != "ignored":
                        applied.append(change)
                    if time.monotonic() >= until:
                        break
        return applied
