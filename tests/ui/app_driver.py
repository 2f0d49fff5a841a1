"""Run the real app (`viewer.app.main`) on a vault and leave it at a chosen moment, by a chosen
way out; used by the shutdown tests, which watch it from outside as a user's system would.

    python -m tests.ui.app_driver VAULT MOMENT WAY [--no-cache]

MOMENT: "indexing" (worker processes are parsing the cold index), "search" (the search index
is being built in its child process), "idle". WAY: "close", "ctrl-q", "exit", "raise-in-close"
(the layout cannot be saved while closing), or "signal" (this process prints the line
`MOMENT <pids>` and waits: the test sends SIGINT or SIGTERM). Every other way prints the same
line just before it acts. <pids> are this process's descendants at that moment.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import psutil

from viewer import app as app_module

GRACE_SECONDS = 0.3  # how long the moment must have lasted before acting


def _reached(window, moment: str, since: list[float]) -> bool:
    session = window.session
    if session is None:
        return False
    if moment == "indexed":  # the index has just arrived: its cache is being written
        return session.shared is not None
    if moment == "indexing":
        busy = session.shared is None and len(psutil.Process().children(recursive=True)) >= 2
    elif moment == "search":
        busy = session.search is not None and not session.search_ready
    else:
        busy = window.shown is not None and window.shown.kind == "note"
    if not busy:
        since.clear()
        return False
    if not since:
        since.append(time.monotonic())
    return time.monotonic() - since[0] >= GRACE_SECONDS


def _act(window, way: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    if way == "close":
        window.close()
    elif way == "ctrl-q":
        QTest.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    elif way == "exit":
        QApplication.exit(0)
    elif way == "raise-in-close":

        def broken(*_args):
            raise OSError("the settings file cannot be written")

        window.settings.save_window_state = broken
        window.close()


def main() -> int:
    vault, moment, way = sys.argv[1:4]
    extra = sys.argv[4:]
    original = app_module.create_window

    def create_window(*args, **kwargs):
        from PySide6.QtCore import QTimer

        window = original(*args, **kwargs)
        timer = QTimer(window)
        timer.setInterval(20)
        since: list[float] = []

        def check() -> None:
            if not _reached(window, moment, since):
                return
            timer.stop()
            pids = [child.pid for child in psutil.Process().children(recursive=True)]
            print("MOMENT", *pids, flush=True)
            if way != "signal":
                _act(window, way)

        timer.timeout.connect(check)
        timer.start()
        return window

    app_module.create_window = create_window
    return app_module.main([vault, *extra])


if __name__ == "__main__":
    sys.exit(main())
