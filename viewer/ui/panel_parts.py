"""Parts every side panel is built from: its muted heading, its column of widgets, with the
margins the panels share (so a new panel looks like the others without copying them), and
the slicer that fills its long lists a little per turn of the event loop."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


def panel_heading(panel: QWidget, text: str) -> QLabel:
    heading = QLabel(text, panel)
    heading.setObjectName("panelHeading")
    return heading


def stack(panel: QWidget, *widgets: QWidget) -> QVBoxLayout:
    """`widgets` one above the other in `panel`, with the side panels' margins."""
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(8, 8, 6, 6)
    layout.setSpacing(6)
    for widget in widgets:
        layout.addWidget(widget)
    return layout


def bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class Slices(QObject):
    """GUI-thread work spread over turns of the event loop, one job at a time. `start(step,
    budget, then)` calls `step(deadline)` once a turn, `deadline` being `budget` seconds on,
    until it returns True (done), then calls `then`. Starting another job, or `cancel`, drops
    the one in hand: a list being filled for a page that another page replaced.

    Why: a panel's thousand rows, or a page's thousand blocks, made in one go stalled the
    window 60-90 ms, because each Qt call may wait for the interpreter while workers run."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._step: Callable[[float], bool] | None = None
        self._then: Callable[[], None] | None = None
        self._budget = 0.0
        self._turn = QTimer(self)
        self._turn.setSingleShot(True)
        self._turn.setInterval(0)
        self._turn.timeout.connect(self._slice)

    def start(
        self, step: Callable[[float], bool], budget: float, then: Callable[[], None] | None = None
    ) -> None:
        """Run `step` now for `budget` seconds, then a slice a turn until it is done."""
        self._step, self._budget, self._then = step, budget, then
        self._slice()

    def cancel(self) -> None:
        self._step = self._then = None
        self._turn.stop()

    def busy(self) -> bool:
        return self._step is not None

    def _slice(self) -> None:
        step = self._step
        if step is None:
            return
        if not step(time.perf_counter() + self._budget):
            if step is self._step:  # not replaced or cancelled by the step itself
                self._turn.start()
            return
        if step is self._step:
            then = self._then
            self._step = self._then = None
            if then is not None:
                then()
