"""What live reload re-reads after file events: O(change), never O(vault).

A watcher reports paths; a folder that was created, deleted or moved stands for the files
under it, but a folder that was merely "modified" (a file in it was saved) stands for nothing:
re-reading a 2,250-note folder because one note in it changed froze the window for a minute.
When events were lost (an overflowing event queue), a fresh listing is compared with what the
index knows instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from .scan import FileEntry, ScanResult, scan


def files_to_reread(
    root: str | os.PathLike[str], paths: Iterable[str], known: Iterable[str]
) -> list[str]:
    """Vault-relative files to re-read for reported `paths`. A path ending in `/` is a folder
    that appeared, vanished or moved: it stands for every file the index knows under it
    (`known`) and every file now in it. Order is kept, duplicates dropped."""
    files: list[str] = []
    folders = []
    for path in paths:
        if path.endswith("/"):
            folders.append(path)
        else:
            files.append(path)
    if folders:
        known = list(known)
        for folder in folders:
            files.extend(p for p in known if p.startswith(folder))
            full = Path(root) / folder.rstrip("/")
            if full.is_dir():
                try:
                    listing = scan(full)
                except OSError:
                    continue
                files.extend(folder + e.path for e in listing.notes + listing.attachments)
    return list(dict.fromkeys(files))


def changed_since(known: Mapping[str, FileEntry], listing: ScanResult) -> list[str]:
    """Paths whose presence, time or size differs between what the index knows and a fresh
    listing: what a lost batch of file events would have reported."""
    now = {entry.path: entry for entry in (*listing.notes, *listing.attachments)}
    changed = [path for path, entry in now.items() if known.get(path) != entry]
    changed += [path for path in known if path not in now]
    return sorted(changed)
