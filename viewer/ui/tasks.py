"""Work off the GUI thread, results delivered on it, with one owner that can stop it all.

Following MusicBrainz Picard's rule: worker threads never touch widgets or shared mutable
state. They run plain functions and hand results back through a queued signal; a newer request
on the same channel makes older results stale, so a fast reader never sees an old note appear.
Each `Tasks` belongs to one owner (a vault's session, the window): `cancel()` raises its token,
so long jobs that check it stop, and `shutdown()` waits for what still runs, within a deadline.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised by work that noticed its owner's token: never reported as a failure."""


class Token:
    """A cancellation flag shared by an owner and its workers (thread-safe)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def __call__(self) -> bool:
        """The flag as a `cancelled()` callable, for core functions that poll one."""
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def _done() -> None:
    """What a finished task holds instead of its work."""


def _os_error_text(error: OSError) -> str:
    """An OS error as a reader reads it: "No space left on device: '/x.pdf'", not its class."""
    if error.strerror:
        return f"{error.strerror}: {error.filename!r}" if error.filename else error.strerror
    return str(error)


class _Relay(QObject):
    finished = Signal(str, int, object, object)  # channel, token, result, error text
    item = Signal(str, int, object)  # channel, token, one item of a stream


_running = threading.local()  # in a worker: `wanted()` of the task it runs


def superseded() -> bool:
    """In a task's work: whether a newer task on its channel (or the owner's cancel) made
    its result unwanted, so a long loop can stop early (pass it as a `cancelled` callable;
    the work then raises InterruptedError). False outside a task."""
    wanted = getattr(_running, "wanted", None)
    return wanted is not None and not wanted()


class _Task(QRunnable):
    def __init__(
        self,
        relay: _Relay,
        channel: str,
        number: int,
        fn: Callable[[], Any],
        wanted: Callable[[], bool],
    ) -> None:
        super().__init__()
        self._relay, self._channel, self._number, self._fn = relay, channel, number, fn
        self._wanted = wanted
        self.setAutoDelete(True)

    def run(self) -> None:
        # The work lets go of what it captured as soon as it has run: PySide may keep a
        # finished runnable's wrapper alive, and with it a whole vault.
        fn, self._fn = self._fn, _done
        wanted, self._wanted = self._wanted, _stale
        _running.wanted = wanted
        error: object = None
        try:
            result = fn()
        except (Cancelled, InterruptedError):  # stopped on purpose: no report
            result, error = None, Cancelled
        except OSError as exc:  # the disk or a device said no: the owner tells the reader
            log.warning("background task %s: %s", self._channel, exc)
            result, error = None, _os_error_text(exc)
        except Exception as exc:  # a worker must never take the app down: report it
            log.error("background task %s failed:\n%s", self._channel, traceback.format_exc())
            result, error = None, f"{type(exc).__name__}: {exc}"
        finally:
            _running.wanted = None
        # The result travels in a box the GUI thread empties: whatever the timing, its last
        # reference is dropped there (a result may hold Qt objects, which live there).
        box = [result]
        del result
        self._relay.finished.emit(self._channel, self._number, box, error)


class _Stream(QRunnable):
    """Runs a generator, handing each item to the GUI thread as it comes; stops early when a
    newer task on its channel (or the owner's cancel) made it stale. With `first_taken`, it
    waits after the first item until the GUI thread has taken it."""

    def __init__(
        self,
        relay: _Relay,
        current: Callable[[], bool],
        channel: str,
        number: int,
        items: Callable[[], Iterator[Any]],
        first_taken: threading.Event | None = None,
    ) -> None:
        super().__init__()
        self._relay, self._current = relay, current
        self._channel, self._number, self._items = channel, number, items
        self._first_taken = first_taken
        self.setAutoDelete(True)

    def run(self) -> None:
        items, self._items = self._items, _nothing
        relay = self._relay
        error: object = None
        try:
            for item in items():
                if not self._current():
                    raise Cancelled()
                relay.item.emit(self._channel, self._number, item)
                taken, self._first_taken = self._first_taken, None
                if taken is not None:
                    wait_until(taken.wait, self._unwanted)
                    if self._unwanted():
                        raise Cancelled()
        except (Cancelled, InterruptedError):
            error = Cancelled
        except Exception as exc:
            log.error("background stream %s failed:\n%s", self._channel, traceback.format_exc())
            error = f"{type(exc).__name__}: {exc}"
        self._current = _stale  # let go of the owner as soon as it has run
        relay.finished.emit(self._channel, self._number, None, error)

    def _unwanted(self) -> bool:
        return not self._current()


def _stale() -> bool:
    return False


def _nothing() -> Iterator[Any]:
    return iter(())


GATE_POLL_SECONDS = 0.05  # how often a thread waiting for `vault_wide` looks whether to give up


def wait_until(ready: Callable[[float], bool], given_up: Callable[[], bool]) -> bool:
    """For a thread the pools do not run (the index thread, the watch's starter): call
    `ready(timeout)` (a lock's `acquire`, an event's `wait`) every GATE_POLL_SECONDS until it
    is True, looking in between whether to stop waiting; False once `given_up()`: a closing
    owner never waits for it."""
    while not ready(GATE_POLL_SECONDS):
        if given_up():
            return False
    return True


def wait_for_turn(gate: threading.Lock, given_up: Callable[[], bool]) -> bool:
    """Take `gate` (see `wait_until`); True when it was taken (the caller releases it)."""
    return wait_until(lambda timeout: gate.acquire(timeout=timeout), given_up)


class Tasks(QObject):
    """Run callables in a small thread pool; the latest request per channel wins. Work whose
    cost grows with the vault (`background=True`: the switcher, tables for live changes, the
    changes baseline) has a pool of its own, so a page asked for meanwhile never waits behind
    it (right after reopening 100,000 notes a note switch waited 3-6 s for a free thread).

    Vault-wide work also runs one job at a time, under `vault_wide` (work in the page pool
    that walks the whole vault takes it too). Each Python thread that wants the interpreter
    is one more the GUI thread queues behind: CPython hands the lock to any waiter, so with
    five builders busy after a reopen each Qt callback waited several turns, and the window
    stalled 300-700 ms. Serial, they finish no later (the lock runs one at a time anyway)."""

    def __init__(
        self, parent: QObject | None = None, threads: int = 2, background_threads: int = 1
    ) -> None:
        super().__init__(parent)
        self.token = Token()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._background = QThreadPool(self)
        self._background.setMaxThreadCount(background_threads)
        self.vault_wide = threading.Lock()
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver)
        self._relay.item.connect(self._deliver_item)
        self._on_item: dict[int, Callable[[Any], None]] = {}
        self._first_taken: dict[int, threading.Event] = {}  # streams waiting after one item
        self._counter = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[str], None] | None]] = {}

    def run(
        self,
        channel: str,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None] | None = None,
        *,
        background: bool = False,
        first: bool = False,
    ) -> int:
        """Run `fn` in the pool (the background one for vault-wide work; `first`: ahead of
        the work waiting there); `on_done(result)` or `on_error(text)` follow on the GUI
        thread unless a newer task on `channel` was started, or the owner cancelled (then
        nothing)."""
        number = next(self._counter)
        if self.token.cancelled:
            return number
        self._latest[channel] = number
        self._callbacks[number] = (on_done, on_error)
        wanted = lambda: self.current(channel, number)  # noqa: E731
        if background:
            gated = self._one_at_a_time(fn)
            self._background.start(
                _Task(self._relay, channel, number, gated, wanted), 1 if first else 0
            )
        else:
            self._pool.start(_Task(self._relay, channel, number, fn, wanted))
        return number

    def _one_at_a_time(self, fn: Callable[[], Any]) -> Callable[[], Any]:
        token, gate = self.token, self.vault_wide

        def gated() -> Any:
            with gate:
                token.check()  # the owner may have quit while this waited
                return fn()

        return gated

    def stream(
        self,
        channel: str,
        items: Callable[[], Iterator[Any]],
        on_item: Callable[[Any], None],
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None] | None = None,
        first_alone: bool = False,
    ) -> int:
        """Run the generator `items()` in the pool; `on_item(item)` follows on the GUI thread
        for each item as it comes, then `on_done(None)` (or `on_error(text)`). A newer task on
        `channel` stops it between items. With `first_alone`, the generator goes on only once
        `on_item` has returned for the first item: a page's first screen is painted without
        the rest of it being rendered at the same time, each Python call the GUI thread
        makes meanwhile waiting for the interpreter (a note switch: 20 ms, 15 ms alone)."""
        number = next(self._counter)
        if self.token.cancelled:
            return number
        self._latest[channel] = number
        self._callbacks[number] = (on_done, on_error)
        self._on_item[number] = on_item
        taken = threading.Event() if first_alone else None
        if taken is not None:
            self._first_taken[number] = taken
        current = lambda: self.current(channel, number)  # noqa: E731
        self._pool.start(_Stream(self._relay, current, channel, number, items, taken))
        return number

    def current(self, channel: str, number: int) -> bool:
        """Whether task `number` is still the one wanted on `channel` (any thread)."""
        return not self.token.cancelled and self._latest.get(channel) == number

    def forget(self, channel: str) -> None:
        """Results still running on `channel` will be dropped."""
        self._latest.pop(channel, None)

    def busy(self, channel: str) -> bool:
        return channel in self._latest

    def idle(self) -> bool:
        """No task is running or waiting, superseded ones included (tests and benchmarks
        measure what opening a page costs until everything it started is done)."""
        return (
            not self._latest
            and self._pool.activeThreadCount() == 0
            and self._background.activeThreadCount() == 0
        )

    def cancel(self) -> None:
        """Raise the token and drop every result still to come; does not wait."""
        self.token.cancel()
        self._latest.clear()
        self._callbacks.clear()
        self._on_item.clear()
        for taken in self._first_taken.values():
            taken.set()
        self._first_taken.clear()

    def shutdown(self, msecs: int) -> bool:
        """Cancel, then wait up to `msecs` for running work; True when none is left."""
        self.cancel()
        deadline = time.monotonic() + max(0, msecs) / 1000
        for pool in (self._pool, self._background):
            pool.clear()  # queued work never starts
        return all(
            pool.waitForDone(max(0, round((deadline - time.monotonic()) * 1000)))
            for pool in (self._pool, self._background)
        )

    @Slot(str, int, object)
    def _deliver_item(self, channel: str, number: int, item: Any) -> None:
        on_item = self._on_item.get(number)
        try:
            if on_item is not None and self._latest.get(channel) == number:
                on_item(item)
        finally:
            taken = self._first_taken.pop(number, None)
            if taken is not None:
                taken.set()

    @Slot(str, int, object, object)
    def _deliver(self, channel: str, number: int, box: Any, error: Any) -> None:
        result = box.pop() if isinstance(box, list) and box else None
        on_done, on_error = self._callbacks.pop(number, (None, None))
        self._on_item.pop(number, None)
        self._first_taken.pop(number, None)
        if self._latest.get(channel) != number:
            return  # superseded by a newer request, or cancelled
        del self._latest[channel]
        if error is Cancelled:
            return
        if error is not None:
            if on_error is not None:
                on_error(error)
            return
        if on_done is not None:
            on_done(result)
