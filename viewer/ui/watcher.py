"""Live reload: watch the vault folder and report changed files, debounced.

watchdog delivers events on its own thread; they are only collected there. The GUI thread
takes the batch after a short quiet period (editors save in several steps) and re-reads just
those files. When the OS refuses more watches (inotify's limit on large trees), the watcher
falls back to periodic rescans of modification times.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.scan import is_hidden_path, scan

log = logging.getLogger(__name__)

DEBOUNCE_MS = 250
POLL_MS = 2000


class VaultWatcher(QObject):
    """Emits `changed(list[str])` with vault-relative paths that were added, modified,
    removed or renamed (both names of a rename). `mode` is 'events', 'polling' or 'off'."""

    changed = Signal(list)
    _poked = Signal()
    _polled = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root: Path | None = None
        self.mode = "off"
        self._observer = None
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._flush)
        self._poked.connect(self._debounce.start)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._rescan)
        self._snapshot: dict[str, int] = {}
        self._polling_thread: threading.Thread | None = None
        self._polled.connect(self._compare)

    def watch(self, root: Path) -> None:
        self.stop()
        self.root = Path(root)
        try:
            self._start_observer()
            self.mode = "events"
        except (OSError, RuntimeError, ImportError) as error:
            log.warning("file events unavailable for %s (%s); polling instead", root, error)
            self._start_polling()

    def stop(self) -> None:
        observer, self._observer = self._observer, None
        if observer is not None:
            # Unschedule first: stopping with a watch still live races watchdog's emitter
            # thread, which then logs an error about queueing events while inactive.
            observer.unschedule_all()
            observer.stop()
            observer.join(timeout=2)
        self._poll.stop()
        self._debounce.stop()
        self.mode = "off"

    # -- watchdog ------------------------------------------------------------------------------

    def _start_observer(self) -> None:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                if event.event_type in ("opened", "closed_no_write"):
                    return
                paths = [event.src_path, getattr(event, "dest_path", "")]
                watcher._collect([p for p in paths if p], event.is_directory)

        observer = Observer()
        observer.schedule(Handler(), str(self.root), recursive=True)
        observer.daemon = True
        observer.start()
        self._observer = observer

    def _collect(self, paths: list[str | bytes], is_directory: bool) -> None:
        """Runs on watchdog's thread: record paths, wake the GUI thread's debounce."""
        assert self.root is not None
        found = []
        for raw in paths:
            path = os.fsdecode(raw)
            try:
                rel = Path(path).relative_to(self.root).as_posix()
            except ValueError:
                continue
            if rel in (".", "") or is_hidden_path(rel):
                continue
            found.append(rel + ("/" if is_directory else ""))
        if found:
            with self._lock:
                self._pending.update(found)
            self._poked.emit()

    def _flush(self) -> None:
        with self._lock:
            paths, self._pending = sorted(self._pending), set()
        if paths:
            self.changed.emit(paths)

    # -- polling fallback --------------------------------------------------------------------

    def _start_polling(self) -> None:
        self.mode = "polling"
        self._snapshot = self._take_snapshot()
        self._poll.start()

    def _rescan(self) -> None:
        """Scan in a plain thread (a large vault takes a tenth of a second to list)."""
        if self._polling_thread is not None and self._polling_thread.is_alive():
            return
        self._polling_thread = threading.Thread(
            target=lambda: self._polled.emit(self._take_snapshot()), daemon=True
        )
        self._polling_thread.start()

    def _take_snapshot(self) -> dict[str, int]:
        if self.root is None:
            return {}
        try:
            listing = scan(self.root)
        except OSError:
            return {}
        return {e.path: e.mtime_ns for e in listing.notes + listing.attachments}

    def _compare(self, current: dict[str, int]) -> None:
        if self.mode != "polling":
            return
        old, self._snapshot = self._snapshot, current
        changed = [p for p in current.keys() | old.keys() if current.get(p) != old.get(p)]
        if changed:
            self.changed.emit(sorted(changed))
