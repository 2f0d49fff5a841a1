"""Quick-switcher matching: find a note by title, alias, file name, or an unresolved topic.

Ranking in tiers a reader expects: exact name, then names starting with the query, then names
where every word of the query starts a word, then substrings, then letters in order ("ftrw"
finds "future of work"). Each tier is a lazy C-speed filter over the candidates (shortest
first, so it stops once the list is full), and a query that extends the previous one starts
from its matches, so typing stays well under a frame with 41,000 entries. A similarity
library (rapidfuzz's WRatio over the same 41,000 keys) measured a hundred times slower per
keystroke and ranks by edit distance, not by these tiers, so it is not used.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from .courtesy import paced
from .names import file_name, fold, stem_of
from .vault import Vault
from .wording import plural

NOTE, ALIAS, FILE, TOPIC = "note", "alias", "file", "topic"
COMMON_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True, slots=True)
class Entry:
    label: str  # what the list shows: a note's title, a topic's name, a command
    kind: str  # NOTE, ALIAS, FILE (a note found by its file name) or TOPIC
    target: str  # the note's path, or the topic's name
    detail: str  # a second line: the path, "alias …", "no note · 6 mentions"
    match: str = ""  # the name matched when it is not the label (an alias, a file name)

    @property
    def name(self) -> str:
        return self.match or self.label


def entries_for(vault: Vault) -> list[Entry]:
    entries: list[Entry] = []
    for path, note in paced(vault.notes.items()):
        entries.append(Entry(note.title, NOTE, path, path))
        stem = stem_of(path)
        if _normalise(stem) != _normalise(note.title):
            entries.append(Entry(note.title, FILE, path, f"file {file_name(path)} · {path}", stem))
        for alias in note.aliases:
            entries.append(Entry(note.title, ALIAS, path, f"alias “{alias}” · {path}", alias))
    for topic in paced(vault.topics()):
        entries.append(
            Entry(topic.name, TOPIC, topic.name, f"no note · {plural(topic.mentions, 'mention')}")
        )
    return entries


def _normalise(text: str) -> str:
    """Keys ignore case and treat `_` and `-` as spaces (file names are slugs)."""
    return " ".join(fold(text).replace("_", " ").replace("-", " ").split())


class SwitcherIndex:
    def __init__(self, entries: Iterable[Entry]) -> None:
        # Entries are kept shortest name first: every tier then finds its best candidates
        # first and can stop as soon as the list is full. Equal names are ordered by what they
        # open, never by the order notes happened to be indexed (live changes append).
        # Sorted a name length at a time: one sort of 145,000 entries compares in C for 0.3 s
        # without letting go of the interpreter lock, a stall for the window that builds this
        # in a worker (each length's sort is a few milliseconds; the order is the same).
        by_length: dict[int, list[tuple[str, Entry]]] = {}
        for entry in paced(entries):
            key = _normalise(entry.name)
            by_length.setdefault(len(key), []).append((key, entry))
        keyed: list[tuple[str, Entry]] = []
        for length in sorted(by_length):
            bucket = by_length[length]
            bucket.sort(key=lambda p: (p[0], p[1].target, p[1].kind, p[1].label))
            keyed.extend(bucket)
        self.entries = [entry for _, entry in keyed]
        self._keys = [key for key, _ in keyed]
        self._padded = [" " + key for key in self._keys]
        # One int object per entry, shared by every list of entry numbers below: the letter
        # pools hold two million of them on 100,000 notes, and numbers from `enumerate` are
        # each a new 28-byte object (77 MB of pools; 17 MB shared).
        self._numbers = list(range(len(self._keys)))
        self._exact: dict[str, list[int]] = {}
        for index, key in zip(self._numbers, self._keys, strict=True):
            self._exact.setdefault(key, []).append(index)
        self._last_query = ""
        self._last_pool: list[int] | None = None
        # What an empty query lists (recent notes) is looked up, not gathered from every
        # entry: the picker asks as soon as the index arrives (180 ms on 100,000 notes).
        self._note_entries = {e.target: e for e in self.entries if e.kind == NOTE}
        # Entries holding each letter (shortest first): the first keystroke of a query is a
        # lookup instead of a pass over every entry. Made for the common letters up front.
        self._with_letter: dict[str, list[int]] = {}
        for letter in COMMON_LETTERS:
            self._letter_pool(letter)

    @classmethod
    def from_vault(cls, vault: Vault) -> SwitcherIndex:
        return cls(entries_for(vault))

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, query: str, limit: int = 50, recent: Iterable[str] = ()) -> list[Entry]:
        """Best entries for `query`, one per note or topic; `recent` note paths (most recent
        first) are the answer to an empty query and win ties otherwise."""
        recent = list(recent)
        q = _normalise(query)
        if not q:
            self._last_query, self._last_pool = "", None
            by_path = self._note_entries
            return [by_path[p] for p in recent if p in by_path][:limit]
        pool = self._pool(q)
        ranked = self._rank(q, pool, limit * 3)
        if recent:
            order = {path: rank for rank, path in enumerate(recent)}
            ranked = _recent_first_within_tiers(ranked, self.entries, order)
        found: list[Entry] = []
        seen: set[tuple[str, str]] = set()
        for _tier, index in ranked:
            entry = self.entries[index]
            key = (TOPIC if entry.kind == TOPIC else NOTE, entry.target)
            if key in seen:
                continue
            seen.add(key)
            found.append(entry)
            if len(found) >= limit:
                break
        return found

    def _letter_pool(self, letter: str) -> list[int]:
        pool = self._with_letter.get(letter)
        if pool is None:
            pool = self._with_letter[letter] = [
                i for i, key in zip(self._numbers, self._keys, strict=True) if letter in key
            ]
        return pool

    def _pool(self, q: str) -> list[int]:
        """Candidates holding every letter of the query (in any order): a superset of every
        tier, found with one C-speed pass per letter (the first from `_with_letter`), and
        narrowed from the previous query's pool while the user keeps typing."""
        reuse = self._last_pool is not None and q.startswith(self._last_query)
        keys = self._keys
        pool = self._last_pool if reuse else None
        for letter in dict.fromkeys(q.replace(" ", "")):
            if pool is None:
                pool = self._letter_pool(letter)
            elif letter not in self._last_query or not reuse:
                pool = [i for i in pool if letter in keys[i]]
        pool = pool if pool is not None else self._numbers
        self._last_query, self._last_pool = q, pool
        return pool

    def _rank(self, q: str, pool: list[int], wanted: int) -> list[tuple[int, int]]:
        keys, padded = self._keys, self._padded
        words = q.split()
        ranked: list[tuple[int, int]] = []
        taken: set[int] = set()

        def take(tier: int, found: Iterable[int]) -> bool:
            """Add a tier (already shortest first); True when enough is found."""
            fresh = list(islice((i for i in found if i not in taken), wanted - len(ranked)))
            taken.update(fresh)
            ranked.extend((tier, i) for i in fresh)
            return len(ranked) >= wanted

        # Every tier is a lazy chain of filters over the pool (shortest first), so it stops as
        # soon as the list is full: a common query costs a few hundred tests, not 40,000.
        exact = self._exact.get(q, ())
        if take(0, exact) or take(1, (i for i in pool if keys[i].startswith(q))):
            return ranked
        starts: Iterable[int] = pool
        for word in words:
            starts = _containing(starts, padded, " " + word)
        if take(2, starts):
            return ranked
        substring: Iterable[int] = pool
        for word in sorted(words, key=len, reverse=True):
            substring = _containing(substring, keys, word)
        if take(3, substring):
            return ranked
        in_order = _in_order_pattern(q.replace(" ", "")).match
        take(4, (i for i in pool if in_order(keys[i])))
        return ranked


def _containing(indexes: Iterable[int], texts: list[str], needle: str) -> Iterator[int]:
    """The indexes whose text holds `needle`, lazily (a function, so each filter in a chain
    keeps its own needle)."""
    return (i for i in indexes if needle in texts[i])


def _in_order_pattern(letters: str) -> re.Pattern[str]:
    """A pattern that `match`es text holding `letters` in order, with anything between them.
    Written with negated classes (`[^f]*f[^t]*t[^r]*r`) and anchored at the start, it takes
    each letter's first occurrence after the previous one: a miss costs one linear scan (a
    `search` would scan again from every position: quadratic on a long key)."""
    first = re.escape(letters[0])
    parts = [f"[^{first}]*{first}"]
    for letter in letters[1:]:
        escaped = re.escape(letter)
        parts.append(f"[^{escaped}]*{escaped}")
    return re.compile("".join(parts))


def _recent_first_within_tiers(
    ranked: list[tuple[int, int]], entries: list[Entry], order: dict[str, int]
) -> list[tuple[int, int]]:
    far = len(order) + 1
    return sorted(
        ranked,
        key=lambda item: (item[0], order.get(entries[item[1]].target, far)),
    )
