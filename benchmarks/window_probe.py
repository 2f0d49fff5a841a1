#!/usr/bin/env python3
"""The window's figures for `make bench`, measured in a child process running Qt offscreen.

    python benchmarks/window_probe.py PLAN.json

run.py writes the plan (vault, the note to open first, notes to switch through, the notes
that stress a viewer, the note to save) and sets VV_BENCH_LAUNCH to the wall-clock time at
which it started this process, so "launch to first note" includes interpreter start-up.

Only the window's stable seams are used: `create_window(path, note)`, its signals
`vaultLoaded(vault)`, `pageShown(location)` and `vaultChanged(paths)`, `open_note(path)` and
`close()`. A 10 ms QTimer is the stall probe: any gap between its ticks beyond 10 ms is time
the event loop could not run, attributed to the phase the script was in. A page counts as
shown when the note pane paints it (what the reader sees), not when the signal says it is
set. Switches are a reader's pace apart (PAUSE_MS), so each is timed from a settled window;
what the tree and panels do after the note is painted shows in the switching stall. Prints
one JSON object as its last line. Never collected by pytest.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

LAUNCH = float(os.environ.get("VV_BENCH_LAUNCH", time.time()))
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from viewer.app import import_qt_free_layers  # noqa: E402

import_qt_free_layers()  # as `python -m viewer` does, before Qt

from PySide6.QtCore import QElapsedTimer, QObject, QTimer  # noqa: E402

from viewer.app import _application, create_window  # noqa: E402
from viewer.ui.note_pane import NotePane  # noqa: E402

TICK_MS = 10
PAUSE_MS = 150  # between two note switches: a fast reader's pace
WAIT_S = 60.0  # give up on one page after this long (reported as None)


class Probe(QObject):
    """Runs the plan as a chain of steps, each started when the previous one's page shows."""

    def __init__(self, plan: dict) -> None:
        super().__init__()
        self.plan = plan
        self.app = _application()
        self.results: dict = {"stalls_ms": {}}
        self.phase = "start"
        self.clock = QElapsedTimer()
        self.clock.start()
        self.last_tick = self.clock.elapsed()
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.timeout.connect(self._tick)
        self.ticker.start()
        self.window = None
        self._waiting: tuple[str, Callable[[float], None]] | None = None
        self._wait_started = 0.0
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._gave_up)

    # -- the stall probe ---------------------------------------------------------------------

    def _tick(self) -> None:
        now = self.clock.elapsed()
        gap = now - self.last_tick - TICK_MS
        self.last_tick = now
        stalls = self.results["stalls_ms"]
        stalls[self.phase] = max(stalls.get(self.phase, 0), gap)

    def _enter(self, phase: str) -> None:
        """Start `phase`. The gap since the last tick belongs to the phase ending: a slot that
        enters a phase often runs right after a long stretch of the window's own work (the
        index arriving), which the next tick would otherwise charge to no phase at all."""
        now = self.clock.elapsed()
        gap = now - self.last_tick - TICK_MS
        stalls = self.results["stalls_ms"]
        stalls[self.phase] = max(stalls.get(self.phase, 0), gap)
        self.phase = phase
        self.last_tick = now

    # -- waiting for a page ------------------------------------------------------------------

    def _expect(self, key: str, then: Callable[[float | None], None]) -> None:
        self._waiting = (key, then)
        self._wait_started = time.perf_counter()
        self._deadline.start(int(WAIT_S * 1000))

    def _page_shown(self, location) -> None:
        if "first_page_s" not in self.results:
            self.results["first_page_s"] = time.time() - LAUNCH
        if self.window is not None and not self.window.note_pane.isVisible():
            self._painted()  # a hidden pane never paints: the page is as shown as it can be

    def _watch_paints(self) -> None:
        """Every note pane reports when it has painted (tabs restored from the last session
        replace the first pane, so no one widget can be watched)."""
        paint = NotePane.paintEvent
        probe = self

        def painted(pane: NotePane, event) -> None:
            paint(pane, event)
            if pane is probe.window.note_pane:
                probe._painted()

        NotePane.paintEvent = painted  # type: ignore[method-assign]

    def _painted(self) -> None:
        """The note pane paints: done if it shows the page waited for."""
        navigator = self.window.navigator if self.window is not None else None
        shown = navigator.shown if navigator is not None else None
        waiting = self._waiting
        if waiting is not None and shown is not None and shown.key == waiting[0] and navigator.page:
            self._arrived()

    def _arrived(self) -> None:
        if self._waiting is None:
            return
        _, then = self._waiting
        self._waiting = None
        self._deadline.stop()
        elapsed = time.perf_counter() - self._wait_started
        QTimer.singleShot(0, lambda: then(elapsed))

    def _gave_up(self) -> None:
        if self._waiting is not None:
            _, then = self._waiting
            self._waiting = None
            then(None)

    # -- the plan ----------------------------------------------------------------------------

    def start(self) -> None:
        plan = self.plan
        self._watch_paints()
        self.window = create_window(plan["vault"], plan["first"], use_cache=True)
        self.results["window_shown_s"] = time.time() - LAUNCH
        # Building the window is measured by window_shown_s; stalls count from here on.
        self.last_tick = self.clock.elapsed()
        self.window.pageShown.connect(self._page_shown)
        self.window.vaultLoaded.connect(self._loaded)
        self.window.vaultChanged.connect(self._changed)
        self._wait_started = time.perf_counter()
        self._waiting = (plan["first"], self._first_note)
        self._deadline.start(int(WAIT_S * 1000))

    def _first_note(self, _elapsed: float | None) -> None:
        self.results["first_note_s"] = time.time() - LAUNCH if _elapsed is not None else None
        if "vault_loaded_s" not in self.results:
            self._enter("indexing")

    def _loaded(self, _vault) -> None:
        if "vault_loaded_s" in self.results:
            return
        self.results["vault_loaded_s"] = time.time() - LAUNCH
        self._enter("search-build")
        QTimer.singleShot(int(self.plan["settle_s"] * 1000), self._switching)

    def _switching(self) -> None:
        self._enter("switching")
        self._switch_times: list[float] = []
        self._switch_queue = list(self.plan["switch"])
        self._next_switch()

    def _next_switch(self) -> None:
        if not self._switch_queue:
            times = sorted(self._switch_times)
            if times:
                self.results["switch_median_ms"] = statistics.median(times) * 1000
                self.results["switch_p99_ms"] = times[min(len(times) - 1, int(len(times) * 0.99))]
                self.results["switch_p99_ms"] *= 1000
                self.results["switch_max_ms"] = times[-1] * 1000
            self.results["switch_missed"] = len(self.plan["switch"]) - len(times)
            QTimer.singleShot(0, self._heavy_notes)
            return
        path = self._switch_queue.pop(0)

        def done(elapsed: float | None) -> None:
            if elapsed is not None:
                self._switch_times.append(elapsed)
            QTimer.singleShot(PAUSE_MS, self._next_switch)

        self._open(path, done)

    def _open(self, path: str, then: Callable[[float | None], None]) -> None:
        self._expect(path, then)
        self.window.open_note(path)

    def _heavy_notes(self) -> None:
        steps = [(name, self.plan["special"].get(name)) for name in ("huge", "big", "table")]
        steps = [(name, path) for name, path in steps if path]

        def run(index: int) -> None:
            if index == len(steps):
                QTimer.singleShot(0, self._save)
                return
            name, path = steps[index]
            self._enter(f"open-{name}")

            def shown(elapsed: float | None) -> None:
                self.results[f"{name}_note_s"] = elapsed
                # Keep probing while a progressive page fills in, then measure the next one.
                QTimer.singleShot(2000, lambda: run(index + 1))

            self._open(path, shown)

        run(0)

    def _save(self) -> None:
        path = self.plan.get("save")
        if not path:
            self._finish()
            return
        self._enter("live-reload")

        def opened(_elapsed: float | None) -> None:
            full = Path(self.plan["vault"]) / path
            self._saved_at = time.perf_counter()
            self._save_path = path
            with open(full, "a", encoding="utf-8") as handle:
                handle.write("\n\nA sentence added by the benchmark's save.\n")
            self._expect(path, self._reshown)

        self._open(path, opened)

    def _changed(self, paths) -> None:
        saved = getattr(self, "_save_path", None)
        if saved is not None and saved in paths and "save_changed_s" not in self.results:
            self.results["save_changed_s"] = time.perf_counter() - self._saved_at

    def _reshown(self, elapsed: float | None) -> None:
        self.results["save_visible_s"] = (
            time.perf_counter() - self._saved_at if elapsed is not None else None
        )
        QTimer.singleShot(500, self._finish)

    def _finish(self) -> None:
        self.results["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.ticker.stop()
        self.window.close()
        QTimer.singleShot(200, self.app.quit)


def main(argv: list[str]) -> int:
    plan = json.loads(Path(argv[0]).read_text("utf-8"))
    probe = Probe(plan)
    QTimer.singleShot(0, probe.start)
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(probe._finish)
    watchdog.start(int(plan.get("timeout_s", 600) * 1000))
    probe.app.exec()
    print(json.dumps(probe.results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
