"""Work off the GUI thread, results delivered on it.

Following MusicBrainz Picard's rule: worker threads never touch widgets. They run plain
functions over core objects and hand results back through queued signals; a newer request on
the same channel makes older results stale, so a fast reader never sees an old note appear.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


def settled(fn: Callable[[], Any], attempts: int = 3) -> Callable[[], Any]:
    """`fn`, retried when the vault changed under it (live reload applies changes on the GUI
    thread while a worker walks the vault's dictionaries)."""

    def run() -> Any:
        for attempt in range(attempts):
            try:
                return fn()
            except RuntimeError as error:
                if "changed size during iteration" not in str(error) or attempt == attempts - 1:
                    raise
        return None

    return run


class _Relay(QObject):
    finished = Signal(str, int, object, object)  # channel, token, result, error text


class _Task(QRunnable):
    def __init__(self, relay: _Relay, channel: str, token: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._relay, self._channel, self._token, self._fn = relay, channel, token, fn
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result, error = self._fn(), None
        except InterruptedError:  # cancelled on purpose (the window is closing): no report
            result, error = None, "cancelled"
        except Exception as exc:  # a worker must never take the app down: report it
            log.error("background task %s failed:\n%s", self._channel, traceback.format_exc())
            result, error = None, f"{type(exc).__name__}: {exc}"
        self._relay.finished.emit(self._channel, self._token, result, error)


class Background(QObject):
    """Run callables in a small thread pool; the latest request per channel wins."""

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver)
        self._counter = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[str], None] | None]] = {}

    def run(
        self,
        channel: str,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None] | None = None,
    ) -> int:
        token = next(self._counter)
        self._latest[channel] = token
        self._callbacks[token] = (on_done, on_error)
        self._pool.start(_Task(self._relay, channel, token, fn))
        return token

    def cancel(self, channel: str) -> None:
        """Results still running on `channel` will be dropped."""
        self._latest.pop(channel, None)

    def busy(self, channel: str) -> bool:
        return channel in self._latest

    def wait(self, msecs: int = 5000) -> bool:
        return self._pool.waitForDone(msecs)

    @Slot(str, int, object, object)
    def _deliver(self, channel: str, token: int, result: Any, error: str | None) -> None:
        on_done, on_error = self._callbacks.pop(token, (None, None))
        if self._latest.get(channel) != token:
            return  # superseded by a newer request
        del self._latest[channel]
        if error is not None:
            if on_error is not None:
                on_error(error)
            return
        if on_done is not None:
            on_done(result)
