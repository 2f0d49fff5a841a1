"""The owner of vault sessions: the open one, and those still winding down.

Opening another vault closes the current session at once (it never blocks the GUI thread)
and keeps it until its threads and child processes have ended, so each has exactly one owner
from start to join; `shutdown` ends them all within a deadline."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from .vault_session import VaultSession


class VaultHost(QObject):
    """Emits `opened(VaultSession)` when a session starts (connect its signals then)."""

    opened = Signal(object)

    def __init__(self, parent: QObject | None = None, *, use_cache: bool = True) -> None:
        super().__init__(parent)
        self.use_cache = use_cache
        self.current: VaultSession | None = None
        self._retiring: list[VaultSession] = []

    def open(
        self,
        root: Path,
        tree_mode: str,
        first_choices: tuple[str | None, ...] = (),
        *,
        allow_outside: bool = False,
    ) -> VaultSession:
        """Start a session on `root`; `first_choices` are the notes to show first, best first,
        while it indexes (see `core.preview`): the one asked for, then any, then the one read
        last; `allow_outside` follows symlinks out of it."""
        self.close_current()
        session = VaultSession(
            root,
            use_cache=self.use_cache,
            tree_mode=tree_mode,
            first_choices=first_choices,
            allow_outside=allow_outside,
            parent=self,
        )
        self.current = session
        self.opened.emit(session)
        session.start()
        return session

    def close_current(self) -> None:
        session, self.current = self.current, None
        if session is None:
            return
        self._retiring.append(session)
        session.stopped.connect(lambda: self._ended(session))
        session.close()

    def _ended(self, session: VaultSession) -> None:
        if session in self._retiring:
            self._retiring.remove(session)
            session.deleteLater()

    def retiring(self) -> int:
        """Sessions closed but not yet ended (their threads or children still stopping)."""
        return len(self._retiring)

    def shutdown(self, seconds: float) -> bool:
        """Close every session and wait for them, within `seconds` in all."""
        deadline = time.monotonic() + seconds
        self.close_current()
        return all([session.shutdown(deadline) for session in list(self._retiring)])
