"""The vault index: notes, resolved links, backlinks and unresolved topics, kept exact.

Everything a viewer asks ("what links here?", "where is Elon Musk mentioned?") is a dictionary
lookup. Changes to single files are applied incrementally: only the links whose meaning can
change are resolved again, so live reload on a 20,000-note vault costs milliseconds.
"""

from __future__ import annotations

import os
import stat
import threading
from collections import Counter, OrderedDict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import context as context_mod
from .courtesy import paced
from .link_table import LinkTable
from .names import (
    NOTE_SUFFIXES,
    file_name,
    fold,
    is_note_name,
    parent_of,
    stem_of,
    strip_note_suffix,
    topic_key,
)
from .parse import Link, ParsedNote, decode, parse_file, parse_text, read_bytes
from .record import MARKDOWN_LINK, NoteInfo
from .resolve import NoteNames, Resolver, attachment_suffix
from .scan import FileEntry, is_hidden_path, outside_link, real_root

LinkTables = tuple[
    dict[str, list[str | None]], dict[str, dict[str, list[int]]], dict[str, dict[str, list[int]]]
]

_UNSEEN: Any = object()  # memo sentinel: None is a valid (unresolved) answer

# Decoded texts kept for snippets: enough for one note's backlinks without re-reading files.
_TEXT_CACHE_NOTES = 64
# Linking notes parsed between two looks at whether the reader waits (`courteous` mentions).
MENTION_PACE = 2


@dataclass(frozen=True, slots=True)
class Mention:
    """A link from `source` (line, column) to a note or an unresolved topic."""

    source: str
    link: Link

    @property
    def line(self) -> int:
        return self.link.line

    @property
    def column(self) -> int:
        return self.link.column


@dataclass(frozen=True, slots=True)
class Topic:
    """A link target with no note: first-class, so a viewer can show every mention."""

    key: str
    name: str
    mentions: int
    sources: int


class NoteTexts:
    """Reads notes' text for snippets and lazy details, keeping the last few decoded.

    Its own object rather than the vault's methods: each note points here to parse itself
    on demand, and a note pointing at its vault would make every vault a reference cycle
    that only the cyclic garbage collector frees."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()
        self._lines_memo: tuple[str, list[str]] | None = None  # (text, its lines)

    def read(self, path: str) -> str:
        """The note's decoded text ('' when unreadable or binary)."""
        cache = self._cache
        with self._lock:  # renderers and snippet workers read from several threads
            if path in cache:
                cache.move_to_end(path)
                return cache[path]
        try:
            text = decode(read_bytes(self.root / path))[0] or ""
        except OSError:
            text = ""
        with self._lock:
            cache[path] = text
            if len(cache) > _TEXT_CACHE_NOTES:
                cache.popitem(last=False)
        return text

    def forget(self, path: str) -> None:
        with self._lock:
            self._cache.pop(path, None)

    def line(self, path: str, line: int) -> str:
        text = self.read(path)
        memo = self._lines_memo
        if memo is None or memo[0] is not text:
            # The last note's lines are kept, keyed by its text object (a re-read is a new
            # one): snippets come one note at a time, and splitting the text for each of a
            # big note's citations made `show` quadratic (minutes for 30,000 citations).
            memo = self._lines_memo = (text, text.split("\n"))
        lines = memo[1]
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def parse(self, path: str) -> ParsedNote:
        """The full parse of a note indexed from its summary, read when first needed. Read
        through the text cache: the backlinks that need a note's link positions read its
        sentences next."""
        note = ParsedNote(path=path, title=stem_of(path))
        text = self.read(path)
        if text.strip():
            parse_text(note, text)
        return note


class Vault:
    """An indexed vault. Build with `Vault.load(root)`, from parsed notes, or in batches
    while notes are parsed (`Vault.in_batches`)."""

    def __init__(
        self,
        root: str | os.PathLike[str],
        notes: Iterable[ParsedNote | NoteInfo],
        files: Iterable[FileEntry] = (),
        attachments: Iterable[FileEntry] = (),
        scan_problems: Iterable[tuple[str, str, str]] = (),
        *,
        links: tuple[dict[str, Any], ...] | None = None,
    ) -> None:
        """`links`: the tables of an earlier identical vault (see `snapshot_tables`), from the
        index cache; they spare resolving every link again on a warm reopen."""
        self.root = Path(root)
        self._texts = NoteTexts(self.root)
        self.notes: dict[str, NoteInfo] = {}
        for note in notes:
            info = note if isinstance(note, NoteInfo) else NoteInfo.from_parsed(note)
            info._source = self._texts.parse
            self.notes[info.path] = info
        self.files: dict[str, FileEntry] = {entry.path: entry for entry in files}
        self.attachments: dict[str, FileEntry] = {entry.path: entry for entry in attachments}
        self.scan_problems = list(scan_problems)
        # Whether symlinks out of the vault were followed (see scan); live changes keep to it.
        self.allow_outside = False
        self._resolver: Resolver | None = None
        self._resolver_lock = threading.Lock()
        self._resolved: dict[str, list[str | None]] = {}
        self._incoming = LinkTable()  # {note: {linking note: link positions}}
        self._topic_links = LinkTable()  # {topic key: {linking note: link positions}}
        self._key_index: LinkKeyIndex | None = None  # built on first incremental change
        # The paths a link can lead to as a note: the notes, or while notes arrive in batches,
        # every note file listed (a later batch's note is a note already).
        self._linkable: dict[str, Any] = self.notes
        self.generation = 0  # bumped by every change, so views can tell when to refresh
        self._topics_cache: tuple[int, list[Topic]] | None = None
        self._counts_cache: tuple[int, tuple[int, int]] | None = None
        self._folder_order: tuple[int, list[str]] | None = None  # see `folder_order`
        if links is not None:
            self.restore_tables(links)
        else:
            for path in self.notes:
                self._link_outgoing(path)

    @classmethod
    def in_batches(
        cls,
        root: str | os.PathLike[str],
        files: Iterable[FileEntry],
        attachments: Iterable[FileEntry] = (),
        scan_problems: Iterable[tuple[str, str, str]] = (),
    ) -> Vault:
        """An empty vault over the scanned `files` that takes its notes in batches
        (`add_batch`) as they are parsed, then `finish_batches`: linking each batch while the
        next is parsed leaves little to do when parsing ends. The result equals a vault built
        from all notes at once."""
        vault = cls(root, (), files, attachments, scan_problems, links=({}, {}, {}))
        resolver = Resolver()
        resolver.expect_notes(vault.files, vault.attachments)
        vault._resolver = resolver
        vault._linkable = vault.files
        return vault

    def add_batch(self, notes: Iterable[NoteInfo]) -> None:
        """Add and link parsed notes (see `in_batches`)."""
        batch = []
        for info in notes:
            info._source = self._texts.parse
            self.notes[info.path] = info
            batch.append(info)
        self.resolver.add_batch([_names(info) for info in batch])
        for info in batch:
            self._link_outgoing(info.path)

    def finish_batches(self) -> None:
        """Every note is in: relink the few notes whose links an alias or a title decides
        differently from the file names alone, and keep notes in path order."""
        self._linkable = self.notes
        changed = self.resolver.notes_complete()
        if changed:
            self._relink(
                sorted(
                    path
                    for path, note in self.notes.items()
                    if not changed.isdisjoint(_memo_keys(note))
                )
            )
        paths = list(self.notes)
        if paths != sorted(paths):
            self.notes = dict(sorted(self.notes.items()))
            self._linkable = self.notes

    @property
    def resolver(self) -> Resolver:
        """Name tables over the notes, built on first use: a warm reopen from the cache shows
        the tree and backlinks without them."""
        resolver = self._resolver
        if resolver is None:
            with self._resolver_lock:
                resolver = self._resolver
                if resolver is None:
                    resolver = Resolver()
                    # Not paced (`courtesy`): a render the reader waits for may be
                    # waiting on this lock.
                    resolver.add_notes(map(_names, self.notes.values()))
                    for entry in self.attachments.values():
                        resolver.add_attachment(entry.path)
                    self._resolver = resolver
        return resolver

    def link_tables(self) -> LinkTables:
        """Resolved links, backlinks and topic mentions as plain data (every row unpacked)."""
        return (self._resolved, self._incoming.plain(), self._topic_links.plain())

    def snapshot_tables(self) -> tuple[dict[str, Any], ...]:
        """The link tables and the ranked topics, as plain data for the index cache's
        snapshot (ranking 30,000 topics takes a warm reopen 0.45 s otherwise); backlinks and
        topic mentions as marshalled rows (see `LinkTable`)."""
        topics = {topic.key: (topic.name, topic.mentions, topic.sources) for topic in self.topics()}
        packed = (self._incoming.packed(), self._topic_links.packed())
        return (self._resolved, *packed, topics, dict.fromkeys(self.folder_order() or ()))

    def restore_tables(self, tables: tuple[dict[str, Any], ...]) -> None:
        """Take `snapshot_tables` of an identical vault: the links, and the topics and the
        folder tree's order when given."""
        resolved, incoming, topic_links, *rest = tables
        self._resolved = resolved
        self._incoming = LinkTable(incoming)
        self._topic_links = LinkTable(topic_links)
        if rest:
            ranked = [Topic(key, *row) for key, row in rest[0].items()]
            self._topics_cache = (self.generation, ranked)
        if len(rest) > 1 and rest[1]:
            self._folder_order = (self.generation, list(rest[1]))

    def folder_order(self) -> list[str] | None:
        """The notes in the order the folder tree lists them, when a tree was built for this
        generation of the vault (see `keep_folder_order`); None otherwise."""
        kept = self._folder_order
        return kept[1] if kept is not None and kept[0] == self.generation else None

    def keep_folder_order(self, generation: int, order: list[str]) -> None:
        """Remember the folder tree's order of the notes as they were at `generation`: the
        snapshot stores it, so a warm reopen builds the tree without sorting (natural sort
        keys for 100,000 titles took the index thread 0.3-0.5 s of a 3 s reopen)."""
        self._folder_order = (generation, order)

    # -- building ----------------------------------------------------------------------------

    @classmethod
    def load(
        cls,
        root: str | os.PathLike[str],
        *,
        workers: int | None = None,
        allow_outside: bool = False,
    ) -> Vault:
        """Scan and index the folder `root`, without the index cache (raises OSError when it
        is not a readable folder)."""
        from .loader import load_vault  # deferred: the loader imports this module

        return load_vault(root, use_cache=False, workers=workers, allow_outside=allow_outside).vault

    def _resolve(self, source: str, link: Link) -> str | None:
        if not link.target:
            return source  # [[#Heading]]: a place in the same note
        return self.resolver.resolve(link.target, source, markdown=link.markdown)

    def _link_outgoing(self, path: str) -> None:
        # The indexing hot loop (once per link in the vault): memo lookups per folder in a
        # comprehension, then one pass that files each link under its target.
        note = self.notes[path]
        targets, kinds = note.split_targets(), note.kinds
        source_dir = parent_of(path)
        memo = self.resolver.folder_memo(source_dir)
        if MARKDOWN_LINK in kinds:
            keys = [
                "\0" + t if k == MARKDOWN_LINK else t for t, k in zip(targets, kinds, strict=True)
            ]
        else:
            keys = targets
        get = memo.get
        resolved: list[str | None] = [get(key, _UNSEEN) for key in keys]
        if _UNSEEN in resolved:
            lookup = self.resolver.lookup
            for index, found in enumerate(resolved):
                if found is _UNSEEN:
                    target = targets[index]
                    if not target:
                        resolved[index] = path  # [[#Heading]]: a place in the same note
                        continue
                    markdown = kinds[index] == MARKDOWN_LINK
                    resolved[index] = memo[keys[index]] = lookup(target, source_dir, markdown)
        notes, incoming, topic_links = self._linkable, self._incoming, self._topic_links
        for index, found in enumerate(resolved):
            if found is not None:
                if found in notes:
                    incoming.row(found).setdefault(path, []).append(index)
                continue
            key = _topic_key(targets[index], kinds[index] == MARKDOWN_LINK)
            if key:
                topic_links.row(key).setdefault(path, []).append(index)
        self._resolved[path] = resolved
        if self._key_index is not None:
            self._key_index.add(path, _note_keys(targets))

    def _unlink_outgoing(self, path: str) -> None:
        note = self.notes[path]
        for index, target in enumerate(self._resolved.pop(path, ())):
            if target is not None:
                table, key = self._incoming, target
            else:
                markdown = note.kinds[index] == MARKDOWN_LINK
                table, topic = self._topic_links, _topic_key(note.targets[index], markdown)
                if topic is None:
                    continue
                key = topic
            sources = table.get(key)
            if sources and path in sources:
                del sources[path]
                if not sources:
                    table.pop(key)
        if self._key_index is not None:
            self._key_index.discard(path, _note_keys(note.split_targets()))

    @staticmethod
    def link_topic_key(link: Link) -> str | None:
        """Topic of an unresolved link; None for a missing attachment (not a topic)."""
        return _topic_key(link.target, link.markdown)

    @staticmethod
    def target_topic_key(target: str, markdown: bool) -> str | None:
        """`link_topic_key` from a link's target as written (no parse needed)."""
        return _topic_key(target, markdown)

    # -- incremental changes -----------------------------------------------------------------

    def prepare_for_changes(self) -> None:
        """Build what applying a change needs (the name tables and which notes link by which
        key), so the first change after opening costs what later ones do. Safe under the read
        lock: both are built once and only ever replaced whole."""
        self._link_key_index()

    def _link_key_index(self) -> LinkKeyIndex:
        index = self._key_index
        if index is None:
            self.resolver  # noqa: B018  (built on first use; `upsert` needs it too)
            index = LinkKeyIndex()
            add = index.add
            for path, note in paced(self.notes.items()):
                add(path, _note_keys(note.split_targets()))
            self._key_index = index
        return index

    def _sources_with_keys(self, keys: set[str]) -> set[str]:
        index = self._link_key_index()
        found: set[str] = set()
        for key in keys:
            found.update(index.get(key))
        return found

    def _relink(self, sources: Iterable[str]) -> None:
        for source in sources:
            if source in self.notes:
                self._unlink_outgoing(source)
                self._link_outgoing(source)

    def upsert(self, note: ParsedNote | NoteInfo, entry: FileEntry | None = None) -> None:
        """Add or replace one note, keeping resolution and backlinks exact."""
        if not isinstance(note, NoteInfo):
            note = NoteInfo.from_parsed(note)
        note._source = self._texts.parse
        path = note.path
        affected: set[str] = set()
        old = self.notes.get(path)
        if old is not None:
            old_names = _names(old)
            new_names = _names(note)
            if (old_names.title, old_names.aliases) != (new_names.title, new_names.aliases):
                affected |= set(self._incoming.get(path, {}))
            self._unlink_outgoing(path)
        self.notes[path] = note
        if entry is not None:
            self.files[path] = entry
        self.resolver.add_note(_names(note))
        affected |= self._sources_with_keys(self.resolver.keys_of(path))
        self._link_outgoing(path)
        affected.discard(path)
        self._relink(sorted(affected))
        self.generation += 1

    def remove(self, path: str) -> None:
        """Forget one note; links to it fall back to other candidates or become topics."""
        if path not in self.notes:
            return
        self._unlink_outgoing(path)
        linking = set(self._incoming.pop(path, {}))
        self.resolver.remove_note(path)
        del self.notes[path]
        self.files.pop(path, None)
        self._texts.forget(path)
        linking.discard(path)
        self._relink(sorted(linking))
        self.generation += 1

    def rename(self, old: str, note: ParsedNote | NoteInfo, entry: FileEntry | None = None) -> None:
        self.remove(old)
        self.upsert(note, entry)

    def add_attachment(self, entry: FileEntry) -> None:
        self.attachments[entry.path] = entry
        self.resolver.add_attachment(entry.path)
        name = fold(file_name(entry.path))
        self._relink(sorted(self._sources_with_keys({name})))
        self.generation += 1

    def remove_attachment(self, path: str) -> None:
        if self.attachments.pop(path, None) is None:
            return
        self.resolver.remove_attachment(path)
        name = fold(file_name(path))
        self._relink(sorted(self._sources_with_keys({name})))
        self.generation += 1

    def refresh_file(self, path: str) -> str:
        """Re-read one vault-relative file from disk and apply it: 'updated', 'removed' or
        'ignored'. The caller need not know whether the file is a note or an attachment."""
        return self.apply(read_change(self.root, path, allow_outside=self.allow_outside))

    def apply(self, change: Change) -> str:
        """Apply a change read by `read_change` (possibly in another thread)."""
        path = change.path
        self._texts.forget(path)
        if change.entry is None:  # gone, or never a vault file
            if path in self.notes:
                self.remove(path)
                return "removed"
            if path in self.attachments:
                self.remove_attachment(path)
                return "removed"
            return "ignored"
        if change.note is None:  # an attachment
            known = path in self.attachments
            self.attachments[path] = change.entry
            if known:
                return "ignored"
            self.add_attachment(change.entry)
            return "updated"
        self.upsert(change.note, change.entry)
        return "updated"

    # -- queries -----------------------------------------------------------------------------

    def title_of(self, path: str) -> str:
        note = self.notes.get(path)
        return note.title if note else stem_of(path)

    def resolved_targets(self, path: str) -> list[str | None]:
        """Where each of the note's links leads (a vault path or None), in link order,
        without parsing the note."""
        return self._resolved.get(path, [])

    def resolved_links(self, path: str) -> list[tuple[Link, str | None]]:
        """The note's links, each with the vault path it resolves to (or None)."""
        note = self.notes[path]
        return list(zip(note.links, self._resolved.get(path, ()), strict=False))

    def resolve_link(self, source: str, link: Link) -> str | None:
        return self._resolve(source, link)

    def backlinks(
        self, path: str, limit: int | None = None, *, courteous: bool = False
    ) -> list[Mention]:
        """Links into the note at `path` from other notes and from itself, in reading order;
        the first `limit` of them when given (a hostile note may link a million times).
        `courteous`: for work that follows the page (a panel), never for the page itself:
        each linking note is parsed, about 1 ms, so the loop steps aside while the reader
        waits on the window (see core.courtesy)."""
        sources = self._incoming.get(path, {})
        return self._mentions(sources, limit, courteous)

    def backlink_count(self, path: str) -> int:
        """How many links lead into the note (without listing them)."""
        return sum(map(len, self._incoming.get(path, {}).values()))

    def linking_notes(self, path: str) -> list[str]:
        return sorted(self._incoming.get(path, {}))

    # Link counts without unpacking any note: a graph of a note with thousands of backlinks
    # needs how many links there are, not where each one sits.

    def linking_count(self, path: str) -> int:
        """How many notes link to the note at `path`."""
        return len(self._incoming.get(path, ()))

    def incoming_counts(self, path: str) -> dict[str, int]:
        """{linking note: how many of its links lead to the note at `path`}."""
        return {source: len(links) for source, links in self._incoming.get(path, {}).items()}

    def topic_sources(self, name: str) -> dict[str, int]:
        """{note: how many of its links name the unresolved topic `name` (any spelling)}."""
        sources = self._topic_links.get(self.topic_key_for(name), {})
        return {source: len(links) for source, links in sources.items()}

    def outgoing_targets(self, path: str) -> list[tuple[str | None, str | None]]:
        """Per link of the note, in order: (the path it resolves to, None), or (None, the
        key of its unresolved topic; None for a missing attachment)."""
        note = self.notes[path]
        return [
            (found, None if found is not None else _topic_key(target, kind == MARKDOWN_LINK))
            for found, target, kind in zip(
                self._resolved.get(path, ()), note.targets, note.kinds, strict=False
            )
        ]

    def _mentions(
        self, sources: dict[str, list[int]], limit: int | None, courteous: bool = False
    ) -> list[Mention]:
        found: list[Mention] = []
        order = sorted(sources)
        for source in paced(order, every=MENTION_PACE) if courteous else order:
            links = self.notes[source].links
            # A note edited since indexing may have fewer links until live reload catches up.
            indexes = sources[source]
            if limit is not None:
                indexes = indexes[: limit - len(found)]
            found.extend(Mention(source, links[i]) for i in indexes if i < len(links))
            if limit is not None and len(found) >= limit:
                break
        return found

    def topic_key_for(self, name: str) -> str:
        return topic_key(strip_note_suffix(name))

    def topic(self, name: str) -> Topic | None:
        """The unresolved topic `name` (any spelling), or None."""
        key = self.topic_key_for(name)
        sources = self._topic_links.get(key)
        if not sources:
            return None
        return self._topic(key, sources)

    def _topic(
        self, key: str, sources: dict[str, list[int]], split: dict[str, list[str]] | None = None
    ) -> Topic:
        """`split`: the notes' targets split so far by a pass over every topic, shared."""
        spellings: Counter[str] = Counter()
        for source, indices in sources.items():
            if split is None:
                targets = self.notes[source].targets  # the summary: no note is unpacked
            elif source in split:
                targets = split[source]
            else:
                targets = split[source] = self.notes[source].split_targets()
            for index in indices:
                spellings[file_name(strip_note_suffix(targets[index]))] += 1
        # The most used spelling; among equals, one with capitals and spaces reads best.
        name = min(spellings, key=lambda s: (-spellings[s], s.islower(), "_" in s, s))
        return Topic(key, name, sum(spellings.values()), len(sources))

    def topic_count(self) -> int:
        """How many unresolved topics there are (without naming each, as `topics` does)."""
        return len(self._topic_links)

    def topics(self) -> list[Topic]:
        """Every unresolved topic, most mentioned first (computed once per generation)."""
        cached = self._topics_cache
        if cached is not None and cached[0] == self.generation:
            return list(cached[1])
        split: dict[str, list[str]] = {}  # dropped after the pass (see split_targets)
        found = [self._topic(key, sources, split) for key, sources in self._topic_links.items()]
        # The key breaks ties: [[a/x]] and [[b/x]] are two topics both named "x", and their
        # order must not depend on the order in which links happened to be indexed.
        found.sort(key=lambda topic: (-topic.mentions, fold(topic.name), topic.key))
        self._topics_cache = (self.generation, found)
        return list(found)

    def topic_mentions(
        self, name: str, limit: int | None = None, *, courteous: bool = False
    ) -> list[Mention]:
        """The links naming the unresolved topic `name`; `limit` and `courteous` as for
        `backlinks`."""
        sources = self._topic_links.get(self.topic_key_for(name), {})
        return self._mentions(sources, limit, courteous)

    def topic_mention_count(self, name: str) -> int:
        return sum(map(len, self._topic_links.get(self.topic_key_for(name), {}).values()))

    def find(self, name: str) -> str | None:
        """The note a user means by `name`: a vault-relative path (with or without `.md`) or
        anything a wikilink could use."""
        found = self.find_path(name)
        if found is None:
            found = self.resolver.resolve(name.strip().replace("\\", "/").lstrip("/"), "")
        return found if found in self.notes else None

    def find_path(self, name: str) -> str | None:
        """The note at the vault-relative path `name` (with or without `.md`), if any: what
        `find` tries before it asks the resolver (built over every note on first use)."""
        name = name.strip().replace("\\", "/").lstrip("/")
        for candidate in (name, *(name + suffix for suffix in NOTE_SUFFIXES)):
            if candidate in self.notes:
                return candidate
        return None

    # -- text and context --------------------------------------------------------------------

    def read_text(self, path: str) -> str:
        """The note's decoded text ('' when unreadable or binary)."""
        return self._texts.read(path)

    def line_of(self, path: str, line: int) -> str:
        return self._texts.line(path, line)

    def context(self, path: str, line: int, column: int = 0) -> str:
        """Plain-text sentence or list item around (line, column) of the note at `path`;
        bare [[links]] read as the titles of the notes they resolve to."""

        titles: dict[str, str | None] = {}  # a line may name one note hundreds of times

        def title_of(target: str) -> str | None:
            if target not in titles:
                found = self.resolver.resolve(target, path)
                note = self.notes.get(found) if found else None
                titles[target] = note.title if note is not None else None
            return titles[target]

        return context_mod.snippet(self.line_of(path, line), column, title_of=title_of)

    # -- health ------------------------------------------------------------------------------

    def link_counts(self) -> tuple[int, int]:
        """(total links, resolved links), computed once per generation."""
        cached = self._counts_cache
        if cached is not None and cached[0] == self.generation:
            return cached[1]
        total = resolved = 0
        for targets in self._resolved.values():
            total += len(targets)
            resolved += len(targets) - targets.count(None)
        self._counts_cache = (self.generation, (total, resolved))
        return total, resolved


class LinkKeyIndex:
    """Which notes link by which key (see `Resolver.target_keys`): what a change of names
    must relink. A note's keys are added and dropped all at once (each note is linked once
    and unlinked before it is linked again), so holders need no set: one note is kept as the
    bare path, more as a list (sets cost a 100,000-note vault 131 MB, lists about half)."""

    __slots__ = ("_by_key",)

    def __init__(self) -> None:
        self._by_key: dict[str, str | list[str]] = {}

    def add(self, path: str, keys: Iterable[str]) -> None:
        by_key = self._by_key
        for key in keys:
            held = by_key.get(key)
            if held is None:
                by_key[key] = path
            elif isinstance(held, str):
                by_key[key] = [held, path]
            else:
                held.append(path)

    def discard(self, path: str, keys: Iterable[str]) -> None:
        by_key = self._by_key
        for key in keys:
            held = by_key.get(key)
            if held is None:
                continue
            if isinstance(held, str):
                if held == path:
                    del by_key[key]
                continue
            if path in held:
                held.remove(path)
                if len(held) == 1:
                    by_key[key] = held[0]

    def get(self, key: str) -> Collection[str]:
        held = self._by_key.get(key)
        if held is None:
            return ()
        return (held,) if isinstance(held, str) else held


def _note_keys(targets: Iterable[str]) -> set[str]:
    """Every key a note's links could find a note by, once each."""
    keys: set[str] = set()
    for target in set(targets):
        keys |= _target_keys(target)
    return keys


@dataclass(frozen=True, slots=True)
class Change:
    """One file as it now is on disk: `entry` None when gone, `note` None for attachments."""

    path: str
    entry: FileEntry | None
    note: NoteInfo | None = None


def read_change(root: str | os.PathLike[str], path: str, *, allow_outside: bool = False) -> Change:
    """Read one vault-relative file for `Vault.apply`: I/O and parsing only, so a window can do
    it off the GUI thread and apply the result in a few microseconds. A file that is not a
    regular file inside the vault (a FIFO, a symlink out of the vault) counts as gone."""
    if is_hidden_path(path):
        return Change(path, None)
    full = Path(root) / path
    try:
        info = full.stat()
        if not stat.S_ISREG(info.st_mode):
            return Change(path, None)
        if not allow_outside and outside_link(os.fspath(full), real_root(root)) is not None:
            return Change(path, None)
    except OSError:
        return Change(path, None)
    entry = FileEntry(path, info.st_mtime_ns, info.st_size)
    if not is_note_name(path):
        return Change(path, entry)
    return Change(path, entry, NoteInfo.from_parsed(parse_file(root, path)))


def _names(note: NoteInfo) -> NoteNames:
    return NoteNames(note.path, note.title if note.has_frontmatter_title else None, note.aliases)


@lru_cache(maxsize=65536)
def _target_keys(target: str) -> frozenset[str]:
    return frozenset(Resolver.target_keys(target))


@lru_cache(maxsize=65536)
def _topic_key(target: str, markdown: bool) -> str | None:
    """Topic of an unresolved link target; None for a missing attachment (not a topic)."""
    if attachment_suffix(target):
        return None
    target = strip_note_suffix(target)
    if markdown:
        target = file_name(target)
    return topic_key(target) or None


def _memo_keys(note: NoteInfo) -> list[str]:
    """The note's link targets as the resolver's memos key them (markdown ones marked)."""
    if MARKDOWN_LINK not in note.kinds:
        return note.targets
    return [
        "\0" + t if k == MARKDOWN_LINK else t for t, k in zip(note.targets, note.kinds, strict=True)
    ]
