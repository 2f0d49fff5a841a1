"""Cyclic garbage is collected on the GUI thread only.

Python's collector runs in whichever thread happens to allocate past its threshold. When that
is a worker (a search, a render, the player's thread) and the garbage holds a Qt object, Qt
destroys that object in the wrong thread: a QFileSystemWatcher's socket notifier is then
disabled from another thread, and the heap is corrupted ("malloc(): mismatching next->
prev_size", an abort minutes later). So the automatic collector is switched off while the
application runs, and a timer on the GUI thread collects with the same generational
thresholds Python would have used. Garbage waits at most one interval longer; nothing else
changes (reference counting still frees everything that forms no cycle at once).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from ..core.indexer import gc_pauses_active

# Often enough that the young generation stays small: a worker allocating 100,000 objects
# between two collections every 500 ms had the GUI thread walk them all at once (63 ms).
COLLECT_INTERVAL_MS = 100


class GuiThreadCollector(QObject):
    """Owned by the application: `start()` takes over from Python's automatic collector,
    `stop()` hands back to it (the application's end, or a test)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = False
        self._timer = QTimer(self)
        self._timer.setInterval(COLLECT_INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)
        self.collections = [0, 0, 0]  # per generation, for tests and diagnostics
        self._long_lived = 0  # objects in the oldest generation after the last full collection

    def start(self) -> None:
        if self._timer.isActive():
            return
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer.start()

    def stop(self) -> None:
        if not self._timer.isActive():
            return
        self._timer.stop()
        if self._was_enabled:
            gc.enable()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def collect_due(self) -> int | None:
        """Collect the oldest generation whose threshold is passed, as Python would; the
        generation collected, or None when nothing was due."""
        counts = gc.get_count()
        if self._thresholds[0] <= 0 or counts[0] <= self._thresholds[0]:
            return None
        if gc_pauses_active():
            # A worker is building an index, a tree or the switcher (core.indexer.gc_paused):
            # collecting now would walk its fresh objects on the GUI thread, 50-400 ms on
            # 100,000 notes, for garbage that is not there. The next tick after it collects.
            return None
        generation = 0
        if counts[1] > self._thresholds[1]:
            generation = 1
            if counts[2] > self._thresholds[2] and self._full_collection_due():
                generation = 2
        gc.collect(generation)
        self.collections[generation] += 1
        if generation == 2:
            self._long_lived = len(gc.get_objects(generation=2))
        return generation

    def _full_collection_due(self) -> bool:
        """Python's own rule: a full collection only once the objects that reached the oldest
        generation since the last one are a quarter of those that were there then (a big
        unfrozen heap would otherwise be walked every minute or so, on the GUI thread)."""
        oldest = len(gc.get_objects(generation=2))
        return oldest - self._long_lived > self._long_lived // 4
