"""Deterministic link resolution: which note (or attachment) a link target means.

Order of evidence: a vault-relative path; the file name (case-insensitive, NFC, invisible
characters ignored); an alias; a frontmatter title; a slug. Several candidates at one step are
ranked by exact case, then the linking note's own folder, then the longest shared folder
prefix, then the shortest path, then alphabetically. Generated wikis reuse one file name in many
channel folders, and this ranking is what keeps a link inside its own channel.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .names import clean, fold, parent_of, slug, stem_of

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
    name = target.rsplit("/", 1)[-1]
    if "." not in name:
        return None
    suffix = name.rsplit(".", 1)[1].lower()
    return suffix if suffix in ATTACHMENT_SUFFIXES else None


def strip_md(target: str) -> str:
    return target[:-3] if target.lower().endswith(".md") else target


class _Table:
    """key -> set of paths, for one kind of evidence."""

    __slots__ = ("by_key",)

    def __init__(self) -> None:
        self.by_key: dict[str, set[str]] = defaultdict(set)

    def add(self, key: str, path: str) -> None:
        if key:
            self.by_key[key].add(path)

    def discard(self, key: str, path: str) -> None:
        paths = self.by_key.get(key)
        if paths is not None:
            paths.discard(path)
            if not paths:
                del self.by_key[key]

    def get(self, key: str) -> set[str]:
        return self.by_key.get(key) or set()


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
        self._names: dict[str, NoteNames] = {}
        self._path = _Table()  # fold(path without .md)
        self._stem = _Table()
        self._alias = _Table()
        self._title = _Table()
        self._slug = _Table()
        self._attachment_path: dict[str, str] = {}  # fold(path) -> path
        self._attachment_name = _Table()  # fold(file name)
        self._memo: dict[tuple[str, str, bool], str | None] = {}

    # -- maintenance -------------------------------------------------------------------------

    def add_note(self, names: NoteNames) -> None:
        self.remove_note(names.path)
        path = names.path
        self._names[path] = names
        stem = stem_of(path)
        self._path.add(fold(strip_md(path)), path)
        self._stem.add(fold(stem), path)
        self._slug.add(slug(stem), path)
        for alias in names.aliases:
            self._alias.add(fold(alias), path)
        if names.title:
            self._title.add(fold(names.title), path)
        self._memo.clear()

    def remove_note(self, path: str) -> None:
        names = self._names.pop(path, None)
        if names is None:
            return
        stem = stem_of(path)
        self._path.discard(fold(strip_md(path)), path)
        self._stem.discard(fold(stem), path)
        self._slug.discard(slug(stem), path)
        for alias in names.aliases:
            self._alias.discard(fold(alias), path)
        if names.title:
            self._title.discard(fold(names.title), path)
        self._memo.clear()

    def add_attachment(self, path: str) -> None:
        self._attachment_path[fold(path)] = path
        self._attachment_name.add(fold(path.rsplit("/", 1)[-1]), path)
        self._memo.clear()

    def remove_attachment(self, path: str) -> None:
        self._attachment_path.pop(fold(path), None)
        self._attachment_name.discard(fold(path.rsplit("/", 1)[-1]), path)
        self._memo.clear()

    def keys_of(self, path: str) -> set[str]:
        """Every folded name and slug a note answers to: links with these keys may change
        meaning when the note appears, changes or goes."""
        names = self._names.get(path)
        keys = {fold(stem_of(path)), slug(stem_of(path)), fold(strip_md(path))}
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
        bare = strip_md(target)
        name = bare.rsplit("/", 1)[-1]
        keys = {fold(bare), fold(name), slug(bare), slug(name)}
        keys.discard("")
        return keys

    # -- lookup ------------------------------------------------------------------------------

    def resolve(self, target: str, source: str, *, markdown: bool = False) -> str | None:
        """Vault-relative path of the note or attachment `target` means when linked from the
        note at `source`, or None when nothing matches."""
        source_dir = parent_of(source)
        memo_key = (target, source_dir, markdown)
        try:
            return self._memo[memo_key]
        except KeyError:
            pass
        found = self._resolve(target, source_dir, markdown)
        self._memo[memo_key] = found
        return found

    def _resolve(self, target: str, source_dir: str, markdown: bool) -> str | None:
        target = clean(target)
        if not target:
            return None
        if attachment_suffix(target):
            return self._resolve_attachment(target, source_dir)
        bare = strip_md(target)
        want = clean(bare)
        if "/" in bare or markdown:
            found = self._pick(self._path.get(fold(bare)), source_dir, lambda p: strip_md(p), want)
            if found:
                return found
            suffix = "/" + fold(bare).lstrip("/")
            if "/" in bare:
                tails = {
                    p for key, ps in self._path.by_key.items() if key.endswith(suffix) for p in ps
                }
                found = self._pick(tails, source_dir, lambda p: strip_md(p), want)
                if found:
                    return found
            bare = bare.rsplit("/", 1)[-1]
            want = clean(bare)
        key = fold(bare)
        steps = (
            (self._stem.get(key), stem_of),
            (self._alias.get(key), None),
            (self._title.get(key), lambda p: self._names[p].title or ""),
            (self._slug.get(slug(bare)), stem_of),
        )
        for candidates, name_of in steps:
            if not candidates:
                continue
            if name_of is None:  # aliases: exact case if any alias matches exactly
                return self._pick(
                    candidates,
                    source_dir,
                    None,
                    want,
                    exact=lambda p: any(clean(a) == want for a in self._names[p].aliases),
                )
            return self._pick(candidates, source_dir, name_of, want)
        return None

    def _resolve_attachment(self, target: str, source_dir: str) -> str | None:
        found = self._attachment_path.get(fold(target))
        if found:
            return found
        if source_dir:  # relative to the linking note, as markdown images are written
            found = self._attachment_path.get(fold(f"{source_dir}/{target}"))
            if found:
                return found
        name = target.rsplit("/", 1)[-1]
        return self._pick(
            self._attachment_name.get(fold(name)),
            source_dir,
            lambda p: p.rsplit("/", 1)[-1],
            name,
        )

    @staticmethod
    def _pick(candidates, source_dir: str, name_of, want: str, exact=None) -> str | None:
        if not candidates:
            return None
        if len(candidates) == 1:
            return next(iter(candidates))
        source_parts = source_dir.split("/") if source_dir else []

        def rank(path: str) -> tuple:
            folder = parent_of(path)
            parts = folder.split("/") if folder else []
            shared = 0
            for mine, theirs in zip(parts, source_parts, strict=False):
                if mine != theirs:
                    break
                shared += 1
            is_exact = exact(path) if exact else clean(name_of(path)) == want
            return (not is_exact, folder != source_dir, -shared, len(parts), len(path), path)

        return min(candidates, key=rank)

    def candidates(self, target: str) -> list[str]:
        """Every note the target could mean at its deciding step (for 'ambiguous' reports)."""
        bare = strip_md(clean(target)).rsplit("/", 1)[-1]
        key = fold(bare)
        for table, lookup in (
            (self._stem, key),
            (self._alias, key),
            (self._title, key),
            (self._slug, slug(bare)),
        ):
            found = table.get(lookup)
            if found:
                return sorted(found)
        return []
