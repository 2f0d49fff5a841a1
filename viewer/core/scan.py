"""Walk a vault folder: every note and attachment, with the stat data the cache keys on.

Dot-folders (`.obsidian`, `.git`, `.trash`, ...) are skipped. The vault's boundary holds: a
symlink whose target resolves outside the vault folder is not followed, file or folder
(each is reported as `outside-link`), unless the caller allows it; even then a link to the
file system's root or to a folder holding the vault is never walked. Symlinked folders are
followed once (a loop is detected by device and inode), and a dangling symlink or a FIFO is
reported rather than fatal: the viewer must open any folder a user points it at.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from sys import intern
from typing import NamedTuple

from .names import is_note_name


class FileEntry(NamedTuple):
    """A file in the vault. `path` is vault-relative with `/` separators."""

    path: str
    mtime_ns: int
    size: int


@dataclass
class ScanResult:
    notes: list[FileEntry] = field(default_factory=list)
    attachments: list[FileEntry] = field(default_factory=list)
    problems: list[tuple[str, str, str]] = field(default_factory=list)  # (path, kind, detail)
    # Set by the loader before it reports the listing: the index cache holds a snapshot of
    # exactly these files, so the whole index follows in moments (a window need not show
    # file names first).
    restorable: bool = False


_new_entry = tuple.__new__


def is_hidden_path(path: str) -> bool:
    """True when a vault-relative path is inside a dot-folder or is a dot-file."""
    return any(part.startswith(".") for part in path.split("/"))


def real_root(root: str | os.PathLike[str]) -> str:
    """The vault folder with every symlink resolved, as `inside` compares against."""
    return os.path.normcase(os.path.realpath(root))


def inside(real: str, boundary: str) -> bool:
    """True when the resolved path `real` is `boundary` or below it (both from realpath and
    normcase, so `..`, symlinks and a case-insensitive file system's spellings are settled)."""
    real, boundary = os.path.normcase(real), os.path.normcase(boundary)
    return real == boundary or real.startswith(boundary.rstrip(os.sep) + os.sep)


def outside_link(full_path: str, boundary: str) -> str | None:
    """Where a path leads when that is outside the vault (any symlink on the way counts),
    else None."""
    real = os.path.realpath(full_path)
    return None if inside(real, boundary) else real


def scan(root: str | os.PathLike[str], *, allow_outside: bool = False) -> ScanResult:
    """List the vault's notes and attachments, sorted by path. Raises OSError if `root` is
    not a readable folder. `allow_outside` follows symlinks out of the vault (still reported,
    and never into `/` or a folder that holds the vault)."""
    root = os.fspath(root)
    boundary = real_root(root)
    result = ScanResult()
    top = os.stat(root)
    visited = {(top.st_dev, top.st_ino)}
    stack = [("", root)]
    while stack:
        rel_dir, abs_dir = stack.pop()
        try:
            entries = list(os.scandir(abs_dir))
        except OSError as error:
            result.problems.append(
                (rel_dir or ".", "unreadable-folder", error.strerror or str(error))
            )
            continue
        notes, attachments = result.notes, result.attachments
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = f"{rel_dir}/{name}" if rel_dir else name
            try:
                if entry.is_file(follow_symlinks=False):
                    # A plain file, most of any vault: no symlink to weigh, no folder to walk.
                    info = entry.stat(follow_symlinks=False)
                    # tuple.__new__: the NamedTuple constructor's Python frame, 100,000 times,
                    # was a tenth of a large vault's scan. Interned: the index keeps each path
                    # in several tables, and the cache's snapshot (marshal) then stores and
                    # restores them as one shared string.
                    item = _new_entry(FileEntry, (intern(rel), info.st_mtime_ns, info.st_size))
                    (notes if is_note_name(name) else attachments).append(item)
                    continue
                if entry.is_symlink() and not _may_follow(
                    entry, rel, boundary, allow_outside, result
                ):
                    continue
                if entry.is_dir():
                    info = entry.stat()
                    if not info.st_ino:  # Windows fills inodes only through os.stat
                        info = os.stat(entry.path)
                    key = (info.st_dev, info.st_ino)
                    if key in visited:
                        result.problems.append((rel, "symlink-loop", "folder already visited"))
                        continue
                    visited.add(key)
                    stack.append((rel, entry.path))
                elif entry.is_file():  # through a symlink that may be followed
                    info = entry.stat()
                    item = _new_entry(FileEntry, (intern(rel), info.st_mtime_ns, info.st_size))
                    (notes if is_note_name(name) else attachments).append(item)
                elif is_note_name(name):
                    _special(entry, rel, result)
            except OSError as error:
                result.problems.append((rel, "unreadable", error.strerror or str(error)))
    result.notes.sort()
    result.attachments.sort()
    return result


def _may_follow(
    entry: os.DirEntry, rel: str, boundary: str, allow_outside: bool, result: ScanResult
) -> bool:
    """Whether the walk may go through the symlink `entry` (problems are reported here)."""
    try:
        os.stat(entry.path)
    except OSError:
        result.problems.append((rel, "dangling-symlink", "link target does not exist"))
        return False
    target = outside_link(entry.path, boundary)
    if target is None:
        return True
    if not allow_outside:
        result.problems.append(
            (rel, "outside-link", f"leads outside the vault ({target}); not read")
        )
        return False
    if entry.is_dir() and (target == os.path.dirname(target) or inside(boundary, target)):
        detail = f"leads to {target}, which holds the vault or everything; not walked"
        result.problems.append((rel, "outside-link", detail))
        return False
    result.problems.append((rel, "outside-link", f"leads outside the vault ({target}); read"))
    return True


def _special(entry: os.DirEntry, rel: str, result: ScanResult) -> None:
    """A note-named path that is neither file nor folder (a FIFO, socket or device): reported,
    never opened (opening a FIFO would wait forever for a writer)."""
    mode = entry.stat().st_mode
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    result.problems.append((rel, "not-a-file", f"{kind}, not a note; not read"))
