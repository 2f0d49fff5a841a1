"""Read and parse many notes, on every core the machine has.

Parsing is CPU-bound pure Python, so threads would not help; worker processes each read and
parse a share of the files and send back compact results. Small vaults are parsed in-process,
where starting workers would cost more than it saves.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence

from .parse import parse_file
from .record import NoteInfo, decode_many, encode_many, pack, read_note_info, summary
from .scan import FileEntry

# Below this many bytes, worker start-up and result transfer cost more than parsing saves.
PARALLEL_MIN_BYTES = 24 * 1024 * 1024
CHUNKS_PER_WORKER = 4
CANCEL_POLL_SECONDS = 0.05

Progress = Callable[[int, int], None]


def read_summary(root: str, path: str) -> tuple[tuple, bytes]:
    """(summary, packed parse) of one note for the index; never raises."""
    try:
        with open(os.path.join(root, path), "rb") as handle:
            data = handle.read()
    except OSError:
        note = parse_file(root, path)  # makes the note that says why it cannot be read
        return summary(note), pack(note)
    return read_note_info(path, data)


def _parse_chunk(root: str, paths: Sequence[str]) -> bytes:
    """Worker side: summarise and pack (marshal is far cheaper to send back than pickles)."""
    return encode_many([read_summary(root, path) for path in paths])


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building the index, then exempt the index.

    Indexing allocates millions of small acyclic objects; every automatic collection would walk
    all of them again (measured: 30-40 % of indexing time on 21,000 notes). Nothing built here
    forms reference cycles, so pausing loses nothing. Afterwards `gc.freeze()` moves what exists
    to the permanent generation: otherwise the first full collection after indexing walks the
    whole index at once, a multi-second pause in whatever thread triggers it (the GUI's).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
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
    """Parse `entries` (vault-relative) under `root`, in their order.

    `start_method` picks how worker processes start; the default forks on Linux, which is
    fastest but only safe in a process without other threads (a GUI passes "forkserver").
    When `cancelled()` turns true, raises InterruptedError within about a tenth of a second;
    chunks already running in workers are abandoned, not waited for.
    """
    root = os.fspath(root)
    total = len(entries)
    workers = default_workers() if workers is None else workers
    if workers <= 1 or sum(entry.size for entry in entries) < PARALLEL_MIN_BYTES:
        notes = []
        for done, entry in enumerate(entries, 1):
            notes.append(NoteInfo(*read_summary(root, entry.path)))
            if done % 256 == 0 or done == total:
                if cancelled():
                    raise InterruptedError("indexing cancelled")
                if progress:
                    progress(done, total)
        return notes
    chunks = _balanced_chunks(entries, workers * CHUNKS_PER_WORKER)
    if start_method is None and sys.platform.startswith("linux"):
        start_method = "fork"
    context = multiprocessing.get_context(start_method)
    notes_by_chunk: list[list[NoteInfo]] = []
    done = 0
    # multiprocessing's Pool, not ProcessPoolExecutor: a cancelled index must end its workers
    # at once (`terminate`), where an executor's exit waits for every chunk still running.
    pool = context.Pool(workers)
    try:
        pending = [pool.apply_async(_parse_chunk, (root, [e.path for e in c])) for c in chunks]
        for result in pending:
            while True:
                if cancelled():
                    raise InterruptedError("indexing cancelled")
                try:
                    data = result.get(CANCEL_POLL_SECONDS)
                except multiprocessing.TimeoutError:
                    continue
                break
            notes = decode_many(data)
            notes_by_chunk.append(notes)
            done += len(notes)
            if progress:
                progress(done, total)
    except BaseException:
        pool.terminate()
        pool.join()
        raise
    pool.close()
    pool.join()
    return [note for chunk in notes_by_chunk for note in chunk]


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
