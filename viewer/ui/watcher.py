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


class _StopRace(logging.Filter):
    """watchdog's inotify emitter logs an error when it is stopped while blocked in a read
    (a race inside watchdog, harmless: the observer is going away). Only that is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "called when the thread is inactive" not in record.getMessage()


logging.getLogger("watchdog.observers.inotify").addFilter(_StopRace())

DEBOUNCE_MS = 250
POLL_MS = 2000


class VaultWatcher(QObject):
    """Emits `changed(list[str])` with vault-relative paths that were added, modified,
    removed or renamed (both names of a rename). `mode` is 'events', 'polling' or 'off'."""

    changed = Signal(list)
    watching = Signal(str)  # the mode once a watch is running: "events" or "polling"
    _poked = Signal()
    _polled = Signal(object)
    _started = Signal(object, int)  # observer, generation
    _failed = Signal(str, int)

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
        self._snapshot: dict[str, int] | None = None
        self._polling_thread: threading.Thread | None = None
        self._polled.connect(self._compare)
        self._generation = 0
        self._started.connect(self._observer_started)
        self._failed.connect(self._observer_failed)

    def watch(self, root: Path) -> None:
        """Start watching `root`. Setting up a recursive watch walks the whole tree (a tenth
        of a second on a large vault), so it happens in a thread; `watching` says when."""
        self.stop()
        self.root = Path(root)
        self.mode = "starting"
        generation = self._generation
        threading.Thread(
            target=self._start_in_thread, args=(generation,), name="vault-watch", daemon=True
        ).start()

    def _start_in_thread(self, generation: int) -> None:
        try:
            observer = self._make_observer()
        except (OSError, RuntimeError, ImportError) as error:
            self._failed.emit(str(error), generation)
            return
        self._started.emit(observer, generation)

    def _observer_started(self, observer, generation: int) -> None:
        if generation != self._generation:  # stopped or re-aimed meanwhile
            _stop_observer(observer)
            return
        self._observer = observer
        self.mode = "events"
        self.watching.emit(self.mode)

    def _observer_failed(self, error: str, generation: int) -> None:
        if generation != self._generation:
            return
        log.warning("file events unavailable for %s (%s); polling instead", self.root, error)
        self._start_polling()
        self.watching.emit(self.mode)

    def stop(self) -> None:
        self._generation += 1
        observer, self._observer = self._observer, None
        if observer is not None:
            _stop_observer(observer)
        self._poll.stop()
        self._debounce.stop()
        self.mode = "off"

    # -- watchdog ------------------------------------------------------------------------------

    def _make_observer(self):
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
        return observer

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
        self._snapshot = None  # taken by the first rescan, off the GUI thread
        self._poll.start()
        self._rescan()

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
        if old is None:
            return
        changed = [p for p in current.keys() | old.keys() if current.get(p) != old.get(p)]
        if changed:
            self.changed.emit(sorted(changed))


def _stop_observer(observer) -> None:
    observer.unschedule_all()
    observer.stop()
    observer.join(timeout=2)
