"""Read and parse many notes, on every core the machine has.

Parsing is CPU-bound pure Python, so threads would not help; worker processes each read and
parse a share of the files and send back compact results. Small vaults are parsed in-process,
where starting workers would cost more than it saves.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import multiprocessing.pool
import os
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence

from .parse import parse_file, read_bytes
from .record import NoteInfo, decode_many, encode_many, pack, read_note_info, summary
from .scan import FileEntry

# Below this many bytes, worker start-up and result transfer cost more than parsing saves.
PARALLEL_MIN_BYTES = 24 * 1024 * 1024
# Several chunks per worker: the caller links each as it arrives, so the last one, linked
# after parsing ends, is small.
CHUNKS_PER_WORKER = 8
# Notes parsed in-process between progress reports and cancellation checks.
IN_PROCESS_BATCH = 512
CANCEL_POLL_SECONDS = 0.05

Progress = Callable[[int, int], None]


def read_summary(root: str, path: str) -> tuple[tuple, bytes]:
    """(summary, packed parse) of one note for the index; never raises."""
    try:
        data = read_bytes(os.path.join(root, path))
    except OSError:
        note = parse_file(root, path)  # makes the note that says why it cannot be read
        return summary(note), pack(note)
    return read_note_info(path, data)


def _parse_chunk(root: str, paths: Sequence[str]) -> bytes:
    """Worker side: summarise and pack (marshal is far cheaper to send back than pickles)."""
    return encode_many([read_summary(root, path) for path in paths])


# How often a child checks that the process it works for is still alive (where the kernel
# cannot be asked to signal it on the parent's death).
OWNER_POLL_SECONDS = 0.5
# Index workers run nicer than the process they work for: on two cores, two workers left the
# window's GUI thread waiting for a core (stalls while indexing). Idle cores still go to them.
INDEX_NICENESS = 5
_PR_SET_PDEATHSIG = 1


def orphan_guard(owner: int) -> None:
    """Make this child process die with `owner` (the process it works for): a worker or the
    search indexer must never outlive a window that was killed.

    On Linux the kernel sends SIGKILL when the parent dies (prctl PR_SET_PDEATHSIG); a
    child started by a fork server has the server as its parent, not the owner, so a
    watchdog thread also polls the owner and exits when it is gone (everywhere else, the
    watchdog alone). Exiting takes the fork server and resource tracker along: they stop
    once no process holds their pipes."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if not _alive(owner):
        os._exit(1)  # the owner died before this line: the kernel will not tell us
    threading.Thread(target=_watch_owner, args=(owner,), name="owner-watch", daemon=True).start()


def _start_index_worker(owner: int) -> None:
    """A worker of `parse_batches`: dies with `owner`, and yields a core to it."""
    orphan_guard(owner)
    be_nicer(INDEX_NICENESS)


def be_nicer(increment: int) -> None:
    """Lower this process's priority by `increment` (where the system allows: not on
    Windows, where there is no `os.nice`)."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(increment)


def _alive(pid: int) -> bool:
    """True while `pid` runs (a killed process not yet reaped by its parent counts as gone)."""
    if pid == os.getppid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass  # exists, but not ours to signal
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True  # no /proc here: the signal test above is all there is


def _watch_owner(owner: int) -> None:
    while _alive(owner):
        time.sleep(OWNER_POLL_SECONDS)
    os._exit(1)


_pauses = 0  # gc_paused blocks running now, in any thread
_pauses_lock = threading.Lock()


def gc_pauses_active() -> bool:
    """Whether some thread is inside `gc_paused` (a collector that runs by hand, like the
    window's, waits: walking a build's fresh objects is what the pause avoids)."""
    return _pauses > 0


@contextlib.contextmanager
def gc_paused(*, freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects; with `freeze`, exempt
    what exists afterwards from later collections.

    Indexing allocates millions of small objects, and every automatic collection would walk
    all of them again (measured: 30-40 % of indexing time on 21,000 notes). Nothing built
    here forms reference cycles, so pausing loses nothing. An index lives as long as its
    vault, so the loader freezes it: otherwise the first full collection after indexing walks
    the whole index at once (0.2-0.9 s in whatever thread triggers it, often the GUI's).
    Freezing never leaks the index: it has no reference cycles, so dropping a vault frees it
    by reference counting, frozen or not. Shorter-lived builds (trees, switcher entries) only
    pause: freezing them would also exempt whatever else happened to be alive.
    """
    global _pauses
    was_enabled = gc.isenabled()
    gc.disable()
    with _pauses_lock:
        _pauses += 1
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        with _pauses_lock:
            _pauses -= 1
        if was_enabled:
            gc.enable()


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def parse_files(
    root: str | os.PathLike[str],
    entries: Sequence[FileEntry],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    start_method: str | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[NoteInfo]:
    """Parse `entries` (vault-relative) under `root`, in their order (see `parse_batches`)."""
    batches = parse_batches(
        root,
        entries,
        workers=workers,
        progress=progress,
        start_method=start_method,
        cancelled=cancelled,
    )
    return [note for batch in batches for note in batch]


def parse_batches(
    root: str | os.PathLike[str],
    entries: Sequence[FileEntry],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    start_method: str | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Generator[list[NoteInfo], None, None]:
    """Start parsing `entries` (vault-relative) under `root` and return the batches, in
    order, as they are ready: the caller links one batch while workers parse the next, and
    does its own set-up while the first is parsed (work is handed out before this returns).

    `start_method` picks how worker processes start; the default forks on Linux, which is
    fastest but only safe in a process without other threads (a GUI passes "forkserver").
    When `cancelled()` turns true, the batches end with InterruptedError within about a
    twentieth of a second; closing the generator early also ends the workers at once.
    """
    root = os.fspath(root)
    workers = default_workers() if workers is None else workers
    if workers <= 1 or sum(entry.size for entry in entries) < PARALLEL_MIN_BYTES:
        return _in_process(root, entries, progress, cancelled)
    chunks = _balanced_chunks(entries, workers * CHUNKS_PER_WORKER)
    if start_method is None and sys.platform.startswith("linux"):
        start_method = "fork"
    context = multiprocessing.get_context(start_method)
    # multiprocessing's Pool, not ProcessPoolExecutor: a cancelled index must end its workers
    # at once (`terminate`), where an executor's exit waits for every chunk still running.
    # Each worker ends itself if this process dies (`orphan_guard`), and runs nicer.
    pool = context.Pool(workers, initializer=_start_index_worker, initargs=(os.getpid(),))
    results = [pool.apply_async(_parse_chunk, (root, [e.path for e in c])) for c in chunks]
    return _collected(pool, results, len(entries), progress, cancelled)


def _in_process(
    root: str,
    entries: Sequence[FileEntry],
    progress: Progress | None,
    cancelled: Callable[[], bool],
) -> Generator[list[NoteInfo], None, None]:
    total = len(entries)
    for start in range(0, total, IN_PROCESS_BATCH):
        if cancelled():
            raise InterruptedError("indexing cancelled")
        batch = [
            NoteInfo(*read_summary(root, entry.path))
            for entry in entries[start : start + IN_PROCESS_BATCH]
        ]
        if progress:
            progress(start + len(batch), total)
        yield batch


def _collected(
    pool: multiprocessing.pool.Pool,
    results: list[multiprocessing.pool.AsyncResult],
    total: int,
    progress: Progress | None,
    cancelled: Callable[[], bool],
) -> Generator[list[NoteInfo], None, None]:
    done = 0
    finished = False
    try:
        for result in results:
            while True:
                if cancelled():
                    raise InterruptedError("indexing cancelled")
                try:
                    data = result.get(CANCEL_POLL_SECONDS)
                except multiprocessing.TimeoutError:
                    continue
                break
            batch = decode_many(data)
            done += len(batch)
            if progress:
                progress(done, total)
            yield batch
        finished = True
    finally:
        # Early exit (cancelled, or an error): the workers end now, nothing waits for them.
        if finished:
            pool.close()
        else:
            pool.terminate()
        pool.join()


def _balanced_chunks(entries: Sequence[FileEntry], count: int) -> list[list[FileEntry]]:
    """Contiguous chunks of about equal byte size (order is kept for deterministic results)."""
    total = sum(entry.size for entry in entries) or 1
    target = total / count
    chunks: list[list[FileEntry]] = [[]]
    size = 0
    for entry in entries:
        if size >= target and len(chunks) < count:
            chunks.append([])
            size = 0
        chunks[-1].append(entry)
        size += entry.size
    return [chunk for chunk in chunks if chunk]
