"""One note shown before its vault is indexed.

Indexing a large vault takes seconds, and a reader reopening it wants the note they were on at
once. The folder listing arrives within a tenth of a second; with it, the note is parsed alone
and given a small vault of its own: the note, plus a stand-in for every note its links name by
file name or path (titled by its file name), so its links resolve and look as they will. The
window shows it, then again once the index has titles, aliases and backlinks.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from .names import fold, stem_of, strip_note_suffix
from .parse import ParsedNote, parse_file
from .scan import ScanResult
from .vault import Vault

# Notes that introduce a vault, by the names people give them, most specific first.
FRONT_PAGES = ("Welcome", "index", "README", "Home")


def first_in_listing(listing: ScanResult, choices: Iterable[str | None]) -> str | None:
    """The first of `choices` (vault-relative note paths, best first) that the listing holds,
    else a front page at the top of the vault, else the first note by path. Names that only
    the index can resolve (a title, an alias) are left to it."""
    present = {entry.path for entry in listing.notes}
    for choice in choices:
        if choice and choice in present:
            return choice
    top = {fold(stem_of(path)): path for path in present if "/" not in path}
    for name in FRONT_PAGES:
        if fold(name) in top:
            return top[fold(name)]
    return min(present, default=None)


def preview_vault(root: str | os.PathLike[str], listing: ScanResult, path: str) -> Vault:
    """A vault holding the note at `path` (parsed) and a stand-in for each note its links
    name by file name or path: enough to render the note as it will look."""
    note = parse_file(root, path)
    wanted: set[str] = set()
    for link in note.links:
        if link.target:
            target = fold(strip_note_suffix(link.target))
            wanted.update((target, target.rsplit("/", 1)[-1]))
    # Every listed file is weighed, 100,000 on a large vault, while the reader waits: first
    # by the last part of its name (an ASCII name folds by lower-casing), and only the few
    # that match go through the exact test below.
    last_parts = {name.rsplit("/", 1)[-1].strip() for name in wanted}
    stand_ins = [
        ParsedNote(path=entry.path, title=stem_of(entry.path))
        for entry in listing.notes
        if _last_part_key(entry.path) in last_parts
        and entry.path != path
        and (fold(stem_of(entry.path)) in wanted or fold(strip_note_suffix(entry.path)) in wanted)
    ]
    return Vault(root, [note, *stand_ins], listing.notes, listing.attachments)


def _last_part_key(path: str) -> str:
    """`fold(stem_of(path))`, quick for the ASCII names most vaults hold."""
    stem = strip_note_suffix(path[path.rfind("/") + 1 :])
    return stem.strip().lower() if stem.isascii() else fold(stem).strip()
