"""Live reload's ears: watch the vault folder and report changed files in batches.

watchdog delivers events on its own threads, which never touch Qt: they append to a
thread-safe queue, and a timer on the GUI thread drains it, coalescing a burst (a `git pull`
of a regenerated wiki changes a thousand files at once) into one `changed` signal per quiet
moment. Only creates, writes, deletes, moves and permission changes are asked for, so a
program reading the vault never wakes the window; a folder's own "modified" event (a file in
it was saved) is not one of them either. When the system refuses more watches (inotify's
limit on large trees), watchdog's polling observer takes over. When the kernel's event queue
overflows, events were lost: the owner is told to rescan.
"""

from __future__ import annotations

import collections
import logging
import os
import threading
import time
import weakref
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ..core.scan import is_hidden_path
from .tasks import wait_for_turn

log = logging.getLogger(__name__)

DRAIN_MS = 100  # how often the GUI thread looks at the queue
QUIET_MS = 250  # a batch is sent once no event arrived for this long (editors save in steps)
MAX_BATCH_AGE_MS = 1000  # ... or once its oldest event is this old, during a long burst
ROOT_CHECK_MS = 1000  # how often the vault folder itself is looked for (a rename or an unmount
# of the watched folder is not always an event)
STOP_SECONDS = 2.0
POLL_SECONDS = 2.0
ROOT = ""  # the path reported when the vault folder itself was deleted or moved

_watchers: weakref.WeakSet[VaultWatcher] = weakref.WeakSet()


class _Overflow(logging.Filter):
    """watchdog tells nobody but its log that the kernel dropped events; this reads the log
    (on watchdog's thread) and marks every running watcher, which then asks for a rescan."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "overflow" in message.lower():
            for watcher in list(_watchers):
                watcher.events_lost()
        # watchdog's inotify emitter logs an error when it is stopped while blocked in a read
        # (a race inside watchdog, harmless: the observer is going away). Only that is dropped.
        return "called when the thread is inactive" not in message


for _name in ("watchdog.observers.inotify", "watchdog.observers.inotify_c"):
    logging.getLogger(_name).addFilter(_Overflow())


class VaultWatcher(QObject):
    """Emits `changed(list[str])` with vault-relative paths that were added, written, removed
    or renamed (both names of a rename; a folder that appeared, vanished or moved ends in `/`;
    the vault folder itself is `""`). `overflowed()` when events were lost. `mode` is "off",
    "starting", "events" or "polling"; `watching(mode)` says when a watch runs."""

    changed = Signal(list)
    overflowed = Signal()
    watching = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root: Path | None = None
        self.mode = "off"
        self._queue: collections.deque[str] = collections.deque()
        self._lost = threading.Event()
        self._lock = threading.Lock()  # guards the hand-over of a started observer
        self._observer: object | None = None
        self._started: tuple[object, str] | None = None  # (observer, mode) from the starter
        self._starter: threading.Thread | None = None
        self._generation = 0
        self._pending: set[str] = set()
        self._first_at = 0.0
        self._last_at = 0.0
        self._root_checked = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(DRAIN_MS)
        self._timer.timeout.connect(self._drain)
        _watchers.add(self)

    # -- life --------------------------------------------------------------------------------

    def watch(self, root: Path, gate: threading.Lock | None = None) -> None:
        """Start watching `root`. A recursive watch walks the whole tree (a tenth of a second
        on a large vault), so it is set up in a thread this watcher owns, under `gate` (the
        lock the owner's other vault-wide work takes: one such walk at a time); `watching`
        follows."""
        self.stop()
        self.root = Path(root)
        self.mode = "starting"
        self._generation += 1
        generation = self._generation
        self._starter = threading.Thread(
            target=self._start_observer,
            args=(self.root, generation, gate or threading.Lock()),
            name="vault-watch-start",
        )
        self._starter.daemon = True
        self._starter.start()
        self._timer.start()

    def stop(self) -> None:
        """Stop watching and wait (briefly) for watchdog's threads; nothing is reported after."""
        self._generation += 1
        self._timer.stop()
        starter, self._starter = self._starter, None
        if starter is not None:
            starter.join(STOP_SECONDS)
        with self._lock:
            started, self._started = self._started, None
        for observer in (self._observer, started[0] if started else None):
            if observer is not None:
                _stop_observer(observer)
        self._observer = None
        self._queue.clear()
        self._pending.clear()
        self._lost.clear()
        self.mode = "off"

    def _start_observer(self, root: Path, generation: int, gate: threading.Lock) -> None:
        """The starter thread: events if the system allows, else polling."""
        if not wait_for_turn(gate, lambda: generation != self._generation):
            return  # stopped while it waited: `stop` never waits for the gate
        try:
            observer, mode = self._any_observer(root)
        finally:
            gate.release()
        if observer is None:
            return
        with self._lock:
            if generation == self._generation:
                self._started = (observer, mode)
                return
        _stop_observer(observer)  # stopped or re-aimed meanwhile

    def _any_observer(self, root: Path) -> tuple[object | None, str]:
        """(a started observer of file events, or of polling when events are unavailable,
        or None when neither can watch `root`; its mode)."""
        try:
            return self._make_observer(root), "events"
        except (OSError, RuntimeError, ImportError) as error:
            log.warning("file events unavailable for %s (%s); polling instead", root, error)
        try:
            return self._make_polling_observer(root), "polling"
        except (OSError, RuntimeError) as failure:
            log.warning("cannot watch %s: %s", root, failure)
            return None, "off"

    def _schedule(self, observer, root: Path):
        from watchdog.events import (
            DirCreatedEvent,
            DirDeletedEvent,
            DirMovedEvent,
            FileAttribEvent,
            FileCreatedEvent,
            FileDeletedEvent,
            FileModifiedEvent,
            FileMovedEvent,
        )

        kinds = [
            FileCreatedEvent,
            FileModifiedEvent,
            FileAttribEvent,  # permissions taken away or given back: the note reads otherwise
            FileDeletedEvent,
            FileMovedEvent,
            DirCreatedEvent,
            DirDeletedEvent,
            DirMovedEvent,
        ]
        observer.schedule(
            _Handler(self._queue, root), str(root), recursive=True, event_filter=kinds
        )
        observer.daemon = True
        observer.start()
        return observer

    def _make_observer(self, root: Path):
        from watchdog.observers import Observer

        return self._schedule(Observer(), root)

    def _make_polling_observer(self, root: Path):
        from watchdog.observers.polling import PollingObserver

        return self._schedule(PollingObserver(timeout=POLL_SECONDS), root)

    # -- the GUI thread's side ------------------------------------------------------------------

    def events_lost(self) -> None:
        """Mark that the system dropped events (any thread): a rescan follows."""
        self._lost.set()

    def pending(self) -> bool:
        """Events have arrived that were not reported yet."""
        return bool(self._queue or self._pending)

    def _drain(self) -> None:
        with self._lock:
            started, self._started = self._started, None
        if started is not None:
            self._observer, self.mode = started
            self.watching.emit(self.mode)
        now = time.monotonic()
        queue = self._queue
        if self.root is not None and now - self._root_checked >= ROOT_CHECK_MS / 1000:
            self._root_checked = now
            if not self.root.is_dir():
                queue.append(ROOT)
        if queue:
            if not self._pending:
                self._first_at = now
            while queue:
                self._pending.add(queue.popleft())
            self._last_at = now
        if self._lost.is_set():
            self._lost.clear()
            self.overflowed.emit()
        if self._pending and (
            now - self._last_at >= QUIET_MS / 1000
            or now - self._first_at >= MAX_BATCH_AGE_MS / 1000
        ):
            paths, self._pending = sorted(self._pending), set()
            self.changed.emit(paths)


class _Handler:
    """Runs on watchdog's thread: turns events into vault-relative paths on the queue."""

    def __init__(self, queue: collections.deque[str], root: Path) -> None:
        self._queue = queue
        self._root = os.fspath(root)

    def dispatch(self, event) -> None:
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            path = os.fsdecode(raw)
            if path == self._root:
                self._queue.append(ROOT)
                continue
            try:
                rel = Path(path).relative_to(self._root).as_posix()
            except ValueError:
                continue
            if rel in (".", "") or is_hidden_path(rel):
                continue
            self._queue.append(rel + "/" if event.is_directory else rel)


def _stop_observer(observer) -> None:
    try:
        observer.unschedule_all()
        observer.stop()
        observer.join(timeout=STOP_SECONDS)
    except Exception as error:  # a watch that is already gone: nothing left to stop
        log.debug("stopping the watcher: %s", error)
