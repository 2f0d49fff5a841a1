"""Deterministic link resolution: which note (or attachment) a link target means.

Order of evidence: a vault-relative path; the file name (case-insensitive, NFC, invisible
characters ignored); an alias; a frontmatter title; a slug. Several candidates at one step are
ranked by exact case, then the linking note's own folder, then the longest shared folder
prefix, then the shortest path, then alphabetically. Generated wikis reuse one file name in many
channel folders, and this ranking is what keeps a link inside its own channel.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterable

from .names import clean, file_name, fold, parent_of, slug, stem_of, strip_note_suffix

ATTACHMENT_SUFFIXES = frozenset(
    [
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "webp",
        "bmp",
        "avif",
        "ico",
        "tif",
        "tiff",
        "pdf",
        "mp3",
        "wav",
        "ogg",
        "m4a",
        "flac",
        "webm",
        "mp4",
        "mov",
        "mkv",
        "ogv",
        "csv",
        "txt",
        "json",
        "canvas",
        "excalidraw",
        "zip",
    ]
)


def attachment_suffix(target: str) -> str | None:
    """The file extension of a target that names an attachment (`image.png`), else None."""
    name = file_name(target)
    if "." not in name:
        return None
    suffix = name.rsplit(".", 1)[1].lower()
    return suffix if suffix in ATTACHMENT_SUFFIXES else None


class KeyTable:
    """key -> the paths with that key (for one kind of evidence, or which notes link by which
    key). Most keys name one file, so
    one path is kept as the bare string and only two or more as a set (a set per key cost a
    100,000-note vault about 60 MB)."""

    __slots__ = ("by_key",)

    def __init__(self) -> None:
        self.by_key: dict[str, str | set[str]] = {}

    def add(self, key: str, path: str) -> None:
        if not key:
            return
        held = self.by_key.get(key)
        if held is None:
            self.by_key[key] = path
        elif isinstance(held, str):
            if held != path:
                self.by_key[key] = {held, path}
        else:
            held.add(path)

    def discard(self, key: str, path: str) -> None:
        held = self.by_key.get(key)
        if held is None:
            return
        if isinstance(held, str):
            if held == path:
                del self.by_key[key]
            return
        held.discard(path)
        if len(held) == 1:
            self.by_key[key] = next(iter(held))
        elif not held:
            del self.by_key[key]

    def get(self, key: str) -> Collection[str]:
        """The paths with `key` (empty when none)."""
        held = self.by_key.get(key)
        if held is None:
            return ()
        return (held,) if isinstance(held, str) else held


_Step = tuple[tuple[str, ...], frozenset[str]]
_NO_STEP: _Step = ((), frozenset())


def _step(candidates: Collection[str], name_of: Callable[[str], str], want: str) -> _Step:
    if len(candidates) == 1:  # one candidate wins whatever its case: skip the comparison
        return tuple(candidates), frozenset()
    ordered = tuple(sorted(candidates))
    return ordered, frozenset(p for p in ordered if clean(name_of(p)) == want)


class NoteNames:
    """The names a note answers to, as the resolver needs them."""

    __slots__ = ("aliases", "path", "title")

    def __init__(self, path: str, title: str | None, aliases: Iterable[str]) -> None:
        self.path = path
        self.title = title  # the frontmatter title only: file names are matched separately
        self.aliases = tuple(aliases)


class Resolver:
    """Name tables over the vault's notes and attachments, with memoised lookups."""

    def __init__(self) -> None:
        # The window resolves links while rendering in a worker thread, and applies live
        # changes in the GUI thread: one lock keeps the tables and memos consistent.
        self._lock = threading.RLock()
        self._names: dict[str, NoteNames] = {}
        self._path = KeyTable()  # fold(path without .md)
        self._stem = KeyTable()
        self._alias = KeyTable()
        self._title = KeyTable()
        self._slug = KeyTable()
        self._attachment_path: dict[str, str] = {}  # fold(path) -> path
        self._attachment_name = KeyTable()  # fold(file name)
        # Per linking folder: {target: path}; markdown targets are keyed with a NUL prefix.
        self._memo: dict[str, dict[str, str | None]] = {}
        self._steps: dict[str, _Step] = {}  # per target, independent of the linking folder
        # While notes arrive in batches: memo key -> name key of each target decided before
        # every alias and title was known (see `expect_notes`); None otherwise.
        self._pending: dict[str, str] | None = None

    # -- maintenance -------------------------------------------------------------------------

    def _forget(self) -> None:
        # New dicts rather than clear(): a loop holding the old memo keeps a consistent one.
        self._memo = {}
        self._steps = {}

    def add_note(self, names: NoteNames) -> None:
        with self._lock:
            self._add_note(names)

    def add_notes(self, notes: Iterable[NoteNames]) -> None:
        """Add many notes at once (a vault's name tables built in one go)."""
        with self._lock:
            for names in notes:
                self._remove_note(names.path)
                self._add_file(names.path)
                self._add_names(names)
            self._forget()

    def _add_note(self, names: NoteNames) -> None:
        self._remove_note(names.path)
        self._add_file(names.path)
        self._add_names(names)
        self._forget()

    def _add_file(self, path: str) -> None:
        """The names a note's file gives it: its path and file name (and their slug)."""
        stem = stem_of(path)
        self._path.add(fold(strip_note_suffix(path)), path)
        self._stem.add(fold(stem), path)
        self._slug.add(slug(stem), path)

    def _add_names(self, names: NoteNames) -> None:
        """The names a note's text gives it: aliases and a frontmatter title."""
        path = names.path
        self._names[path] = names
        for alias in names.aliases:
            self._alias.add(fold(alias), path)
        if names.title:
            self._title.add(fold(names.title), path)

    # -- building in batches -------------------------------------------------------------------

    def expect_notes(self, paths: Iterable[str], attachments: Iterable[str]) -> None:
        """Start a vault whose notes arrive in batches while they are parsed: file names are
        known now, aliases and titles only as each batch comes (`add_batch`). Until
        `notes_complete`, a target that no path or file name matches is decided from file
        names alone and remembered, so linking need not wait for the last batch."""
        with self._lock:
            for path in paths:
                self._add_file(path)
            for path in attachments:
                self._add_attachment(path)
            self._forget()
            self._pending = {}

    def add_batch(self, batch: Iterable[NoteNames]) -> None:
        with self._lock:
            for names in batch:
                self._add_names(names)

    def notes_complete(self) -> set[str]:
        """End of the batches: the targets (memo keys, see `resolve`) that an alias or title
        now decides differently from what was decided without them; memos are reset then."""
        with self._lock:
            pending, self._pending = self._pending or {}, None
            alias, title = self._alias.by_key, self._title.by_key
            changed = {target for target, key in pending.items() if key in alias or key in title}
            if changed:
                self._forget()
            return changed

    def remove_note(self, path: str) -> None:
        with self._lock:
            self._remove_note(path)

    def _remove_note(self, path: str) -> None:
        names = self._names.pop(path, None)
        if names is None:
            return
        stem = stem_of(path)
        self._path.discard(fold(strip_note_suffix(path)), path)
        self._stem.discard(fold(stem), path)
        self._slug.discard(slug(stem), path)
        for alias in names.aliases:
            self._alias.discard(fold(alias), path)
        if names.title:
            self._title.discard(fold(names.title), path)
        self._forget()

    def add_attachment(self, path: str) -> None:
        with self._lock:
            self._add_attachment(path)

    def _add_attachment(self, path: str) -> None:
        self._attachment_path[fold(path)] = path
        self._attachment_name.add(fold(file_name(path)), path)
        self._forget()

    def remove_attachment(self, path: str) -> None:
        with self._lock:
            self._remove_attachment(path)

    def _remove_attachment(self, path: str) -> None:
        self._attachment_path.pop(fold(path), None)
        self._attachment_name.discard(fold(file_name(path)), path)
        self._forget()

    def keys_of(self, path: str) -> set[str]:
        """Every folded name and slug a note answers to: links with these keys may change
        meaning when the note appears, changes or goes."""
        names = self._names.get(path)
        keys = {fold(stem_of(path)), slug(stem_of(path)), fold(strip_note_suffix(path))}
        if names is not None:
            keys.update(fold(alias) for alias in names.aliases)
            keys.update(slug(alias) for alias in names.aliases)
            if names.title:
                keys.update((fold(names.title), slug(names.title)))
        keys.discard("")
        return keys

    @staticmethod
    def target_keys(target: str) -> set[str]:
        """The keys under which a link target could find a note (see `keys_of`)."""
        bare = strip_note_suffix(target)
        name = file_name(bare)
        keys = {fold(bare), fold(name), slug(bare), slug(name)}
        keys.discard("")
        return keys

    # -- lookup ------------------------------------------------------------------------------

    def resolve(self, target: str, source: str, *, markdown: bool = False) -> str | None:
        """Vault-relative path of the note or attachment `target` means when linked from the
        note at `source`, or None when nothing matches."""
        source_dir = parent_of(source)
        memo = self.folder_memo(source_dir)
        key = "\0" + target if markdown else target
        try:
            return memo[key]
        except KeyError:
            found = memo[key] = self.lookup(target, source_dir, markdown)
            return found

    def folder_memo(self, source_dir: str) -> dict[str, str | None]:
        """Memo of resolutions from notes in `source_dir`, for tight loops (see `resolve`)."""
        memo = self._memo.get(source_dir)
        if memo is None:
            memo = self._memo[source_dir] = {}
        return memo

    def lookup(self, target: str, source_dir: str, markdown: bool) -> str | None:
        """Uncached resolution from a folder (use `resolve` or `folder_memo` normally)."""
        with self._lock:
            return self._resolve(target, source_dir, markdown)

    def _resolve(self, target: str, source_dir: str, markdown: bool) -> str | None:
        if "." in target and attachment_suffix(target):
            return self._resolve_attachment(clean(target), source_dir)
        key = "\0" + target if markdown else target
        step = self._steps.get(key)
        if step is None:
            step = self._steps[key] = self._deciding_step(clean(target), markdown, key)
        candidates, exact = step
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        return self._pick(candidates, source_dir, exact)

    def _deciding_step(self, target: str, markdown: bool, memo_key: str = "") -> _Step:
        """Candidates at the first step of evidence that has any, and which of them match the
        target's exact case. Independent of the linking folder, so computed once per target."""
        if not target:
            return _NO_STEP
        bare = strip_note_suffix(target)
        if "/" in bare or markdown:
            want = fold(bare)
            exact_paths = self._path.get(want)
            if exact_paths:
                return _step(exact_paths, strip_note_suffix, clean(bare))
            name = file_name(bare)
            if "/" in bare:  # a partial path: `reading/Reading List` matches a/reading/...
                suffix = "/" + want.lstrip("/")
                stems = self._stem.get(fold(name))
                tails = {p for p in stems if fold(strip_note_suffix(p)).endswith(suffix)}
                if tails:
                    return _step(tails, strip_note_suffix, clean(bare))
            bare = name
        # Steps in order, each probed only when the ones before found nothing (the slug is a
        # regex pass: most targets never need it).
        key = fold(bare)
        candidates = self._stem.get(key)
        if candidates:
            return _step(candidates, stem_of, clean(bare))
        if self._pending is not None and memo_key:
            # Aliases and titles are still arriving: decide by the slug for now, and say so.
            self._pending[memo_key] = key
            candidates = self._slug.get(slug(bare))
            return _step(candidates, stem_of, clean(bare)) if candidates else _NO_STEP
        candidates = self._alias.get(key)
        if candidates:  # exact when any of the note's aliases matches exactly
            if len(candidates) == 1:
                return tuple(candidates), frozenset()
            want = clean(bare)
            exact = {p for p in candidates if want in map(clean, self._names[p].aliases)}
            return tuple(sorted(candidates)), frozenset(exact)
        candidates = self._title.get(key)
        if candidates:
            return _step(candidates, self._title_of, clean(bare))
        candidates = self._slug.get(slug(bare))
        if candidates:
            return _step(candidates, stem_of, clean(bare))
        return _NO_STEP

    def _title_of(self, path: str) -> str:
        return self._names[path].title or ""

    def _resolve_attachment(self, target: str, source_dir: str) -> str | None:
        found = self._attachment_path.get(fold(target))
        if found:
            return found
        if source_dir:  # relative to the linking note, as markdown images are written
            found = self._attachment_path.get(fold(f"{source_dir}/{target}"))
            if found:
                return found
        name = file_name(target)
        candidates = self._attachment_name.get(fold(name))
        if not candidates:
            return None
        exact = frozenset(p for p in candidates if clean(file_name(p)) == name)
        return self._pick(candidates, source_dir, exact)

    @staticmethod
    def _pick(candidates: Iterable[str], source_dir: str, exact: frozenset[str]) -> str:
        source_parts = source_dir.split("/") if source_dir else []

        def rank(path: str) -> tuple:
            folder = parent_of(path)
            parts = folder.split("/") if folder else []
            shared = 0
            for mine, theirs in zip(parts, source_parts, strict=False):
                if mine != theirs:
                    break
                shared += 1
            return (path not in exact, folder != source_dir, -shared, len(parts), len(path), path)

        return min(candidates, key=rank)

    def candidates(self, target: str) -> list[str]:
        """Every note the target could mean at its deciding step (for 'ambiguous' reports)."""
        with self._lock:
            return list(self._deciding_step(clean(target), False)[0])
