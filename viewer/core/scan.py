"""Walk a vault folder: every note and attachment, with the stat data the cache keys on.

Dot-folders (`.obsidian`, `.git`, `.trash`, ...) are skipped, symlinked folders are followed
once (a loop is detected by device and inode), and a dangling symlink is reported rather than
fatal: the viewer must open any folder a user points it at.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
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


def is_hidden_path(path: str) -> bool:
    """True when a vault-relative path is inside a dot-folder or is a dot-file."""
    return any(part.startswith(".") for part in path.split("/"))


def scan(root: str | os.PathLike[str]) -> ScanResult:
    """List the vault's notes and attachments, sorted by path. Raises OSError if `root` is
    not a readable folder."""
    root = os.fspath(root)
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
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            rel = f"{rel_dir}/{name}" if rel_dir else name
            try:
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
                elif entry.is_file():
                    info = entry.stat()
                    item = FileEntry(rel, info.st_mtime_ns, info.st_size)
                    (result.notes if is_note_name(name) else result.attachments).append(item)
                elif entry.is_symlink():
                    result.problems.append((rel, "dangling-symlink", "link target does not exist"))
            except OSError as error:
                result.problems.append((rel, "unreadable", error.strerror or str(error)))
    result.notes.sort()
    result.attachments.sort()
    return result
