"""A note's outgoing links, grouped, and the names of other notes it mentions without a link.

The outgoing-links panel shows where a note leads: notes, unresolved topics (with how often the
whole vault mentions them), external URLs and attachments, each with the lines that link it.
"Unlinked outgoing" lists titles and aliases of existing notes written in the note as plain
text: candidates for links. With 21,000 titles, one regex per title (or one alternation of all
of them) would be far too slow, so names are looked up by their first word in a dictionary of
folded word sequences, which takes time linear in the note's length.
"""

from __future__ import annotations

import re
import threading
import weakref
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from . import metadata
from .courtesy import paced
from .indexer import gc_paused
from .names import clean, file_name, fold
from .parse import _WIKILINK, _code_ranges, _inside, _markdown_links
from .stopping import until_unwanted
from .vault import Topic, Vault

NOTE, TOPIC, URL, ATTACHMENT = "note", "topic", "url", "attachment"

# An address in running text; parentheses inside are allowed in balanced pairs (Wikipedia).
# Character classes after the literal scheme are disjoint from `(`/`)`: linear on any input.
_BARE_URL = re.compile(
    r"(?:https?|ftp)://[^\s<>\"'()\[\]]+(?:\([^\s<>\"'()\[\]]*\)[^\s<>\"'()\[\]]*)*"
    r"|mailto:[^\s<>\"'()\[\]]+"
)
_URL_SCHEME = re.compile(r"(?:https?|ftp)://|mailto:", re.IGNORECASE)
_TRAILING = ".,;:!?*_~"  # prose punctuation after an address is not part of it
# HTML tags hide attribute values (class="yt-timestamp") from name matching; a tag never
# spans a `<`, so a line of many `<` stays linear.
_TAG = re.compile(r"<[^<>\n]*>")
# Names and text are compared as sequences of words and single punctuation marks, ignoring
# case, whitespace, `_` and `-` ("sleep_and_memory" reads as "sleep and memory"). Combining
# accents belong to their word (`\w` leaves them out), so "Cafe\u0301" folds to "café".
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# A word is read in pieces of at most 200 characters: one match over a 1 MB "word" (a hostile
# frontmatter value) held the interpreter lock, and so the window, for a tenth of a second.
_NAME_TOKEN = re.compile(rf"(?:[^\W_]|[{_MARKS}]){{1,200}}|[^\w\s\-{_MARKS}]")
MIN_NAME_CHARS = 3  # shorter names ("AI", "Go") would match everywhere
MAX_NAME_TOKENS = 12


@dataclass(frozen=True, slots=True)
class OutgoingTarget:
    """Where links of a note lead: a NOTE (`target` its path), a TOPIC (its name), a URL, or
    an ATTACHMENT (its path, or the name as written when `missing`). `lines` holds the line of
    every link to it, in reading order; `mentions` how often the whole vault links a topic."""

    kind: str
    target: str
    label: str
    lines: tuple[int, ...]
    mentions: int = 0
    missing: bool = False

    @property
    def line(self) -> int:
        return self.lines[0]


@dataclass(frozen=True, slots=True)
class OutgoingLinks:
    """A note's links, grouped; each group in order of first appearance."""

    notes: tuple[OutgoingTarget, ...] = ()
    topics: tuple[OutgoingTarget, ...] = ()
    urls: tuple[OutgoingTarget, ...] = ()
    attachments: tuple[OutgoingTarget, ...] = ()

    def __len__(self) -> int:
        return len(self.notes) + len(self.topics) + len(self.urls) + len(self.attachments)


def outgoing_links(vault: Vault, path: str) -> OutgoingLinks:
    """The outgoing links of the note at `path` (which must be in the vault). Links into the
    note itself (`[[#Heading]]`) are left out: they are its outline, not where it leads."""
    found: dict[tuple[str, str], list[int]] = {}
    labels: dict[tuple[str, str], str] = {}
    topics: dict[str, Topic | None] = {}  # by topic key: a topic is looked up once
    mentions: dict[tuple[str, str], int] = {}
    for link, target in vault.resolved_links(path):
        if target == path or not link.target:
            continue
        if target in vault.notes:
            key = (NOTE, target)
            labels.setdefault(key, vault.title_of(target))
        elif target is not None:
            key = (ATTACHMENT, target)
            labels.setdefault(key, file_name(target))
        elif (topic_key := vault.link_topic_key(link)) is None:
            key = (ATTACHMENT, link.target)  # a missing image or file
            labels.setdefault(key, link.target)
        else:
            if topic_key not in topics:
                topics[topic_key] = vault.topic(topic_key)
            topic = topics[topic_key]
            key = (TOPIC, topic.name if topic is not None else link.target)
            labels.setdefault(key, key[1])
            mentions[key] = topic.mentions if topic is not None else 0
        found.setdefault(key, []).append(link.line)
    for line, url, label in _urls(vault.read_text(path)):
        key = (URL, url)
        labels.setdefault(key, label or url)
        found.setdefault(key, []).append(line)
    groups: dict[str, list[OutgoingTarget]] = {NOTE: [], TOPIC: [], URL: [], ATTACHMENT: []}
    for (kind, target), lines in found.items():
        key = (kind, target)
        missing = kind == ATTACHMENT and target not in vault.attachments
        entry = OutgoingTarget(
            kind, target, labels[key], tuple(lines), mentions.get(key, 0), missing
        )
        groups[kind].append(entry)
    return OutgoingLinks(*(tuple(groups[kind]) for kind in (NOTE, TOPIC, URL, ATTACHMENT)))


def _urls(text: str) -> list[tuple[int, str, str]]:
    """(line, address, link text) of each external address in the note's body, outside code:
    markdown links `[text](https://...)`, autolinks `<https://...>` and bare addresses."""
    if "://" not in text and "mailto:" not in text:
        return []
    _, begin, _ = metadata.split(text)
    code = _code_ranges(text, begin)
    lines = _LineIndex(text)
    found: list[tuple[int, str, str]] = []  # (offset, address, link text)
    seen: set[tuple[int, str]] = set()
    for start, label, href in _markdown_links(text, begin):
        href = href.strip("<>")
        if _URL_SCHEME.match(href) and not _inside(code, start):
            found.append((start, href, label.strip()))
            seen.add((lines.line_of(start), href))
    for match in _BARE_URL.finditer(text, begin):
        url = match.group().rstrip(_TRAILING)
        if _inside(code, match.start()):
            continue
        line = lines.line_of(match.start())
        if (line, url) not in seen:  # the address of a markdown link, found again
            seen.add((line, url))
            found.append((match.start(), url, ""))
    found.sort(key=lambda item: item[0])
    return [(lines.line_of(offset), url, label) for offset, url, label in found]


class _LineIndex:
    """Line numbers of offsets, by bisection over the line starts (counted once)."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def line_of(self, offset: int) -> int:
        return bisect_right(self._starts, offset)


# -- unlinked outgoing -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnlinkedName:
    """A note named (by its title or an alias) in the text without being linked: `matched`
    as first written, on `line`, `count` times in all."""

    path: str
    title: str
    matched: str
    line: int
    count: int


def name_tokens(text: str) -> tuple[str, ...]:
    """The folded words and punctuation marks that names are compared by (each folded on its
    own, as the words of a note's text are)."""
    if text.isascii():  # folding ASCII is lowering, and keeps every offset where it was
        return tuple(_NAME_TOKEN.findall(text.lower()))
    return tuple(fold(token) for token in _NAME_TOKEN.findall(clean(text)))


_END = ""  # key of a trie node that ends a name (never a token: tokens are not empty)


class NameIndex:
    """Every note's title and aliases as a trie of folded tokens: finding all names in a note
    walks it once, a few steps per token whatever the number of names. Built once per vault
    generation (see `name_index`)."""

    def __init__(self, vault: Vault) -> None:
        self.generation = vault.generation
        self._paths: dict[tuple[str, ...], list[str]] = {}
        self._spellings: dict[tuple[str, ...], str] = {}
        self._trie: dict[str, Any] = {}
        for path, note in paced(vault.notes.items()):
            for name in (note.title, *note.aliases):
                tokens = name_tokens(name)
                if not 0 < len(tokens) <= MAX_NAME_TOKENS:
                    continue
                if len("".join(tokens)) < MIN_NAME_CHARS:
                    continue
                holders = self._paths.get(tokens)
                if holders is None:
                    holders = self._paths[tokens] = []
                    self._spellings[tokens] = name
                    node = self._trie
                    for token in tokens:
                        node = node.setdefault(token, {})
                    node[_END] = tokens
                if path not in holders:
                    holders.append(path)

    def __len__(self) -> int:
        return len(self._paths)

    def find(
        self, text: str, begin: int = 0, cancelled: Callable[[], bool] = lambda: False
    ) -> list[tuple[tuple[str, ...], int, int]]:
        """(name tokens, start, end) of every name in `text` from `begin`, longest first at
        each place, never overlapping, never across a line break, a link or an HTML tag.
        Raises InterruptedError once `cancelled()` (asked between readable spans)."""
        ascii_text = text.isascii()
        source = text.lower() if ascii_text else text
        found: list[tuple[tuple[str, ...], int, int]] = []
        # A span at a time: no name crosses one, and the tokens of a whole 1 MB note, listed
        # at once, were 25-34 MB of a worker's memory.
        for start, end in until_unwanted(_readable_spans(text, begin), cancelled, "names"):
            matches = list(_NAME_TOKEN.finditer(source, start, end))
            if matches:
                keys = [m.group() if ascii_text else fold(m.group()) for m in matches]
                self._names_in(keys, matches, found)
        return found

    def _names_in(
        self,
        keys: list[str],
        matches: list[re.Match[str]],
        found: list[tuple[tuple[str, ...], int, int]],
    ) -> None:
        """Add the names the tokens `keys` of one span spell (longest first at each token)."""
        trie = self._trie
        index, count = 0, len(keys)
        while index < count:
            node = trie.get(keys[index])
            name, last, position = None, index, index
            while node is not None:  # at most MAX_NAME_TOKENS steps
                if _END in node:
                    name, last = node[_END], position
                position += 1
                node = node.get(keys[position]) if position < count else None
            if name is None:
                index += 1
            else:
                found.append((name, matches[index].start(), matches[last].end()))
                index = last + 1

    def notes_named(self, tokens: tuple[str, ...]) -> list[str]:
        return self._paths.get(tokens, [])

    def spelling(self, tokens: tuple[str, ...]) -> str:
        return self._spellings[tokens]


_indexes: weakref.WeakKeyDictionary[Vault, NameIndex] = weakref.WeakKeyDictionary()
_indexes_lock = threading.Lock()


_build_lock = threading.Lock()


def name_index(vault: Vault) -> NameIndex:
    """The vault's name index, rebuilt when the vault has changed since it was built. One
    build at a time: callers that arrive meanwhile wait for it and share it (on 100,000
    notes, three note switches after a reopen built three tries at once, 2.7 s and a few
    hundred MB each)."""
    index = _current(vault)
    if index is None:
        with _build_lock:
            index = _current(vault)
            if index is None:
                # A trie of plain dicts and tuples (no cycles) that lives until the vault
                # changes: built without collections and exempted from them (see gc_paused).
                with gc_paused(freeze=True):
                    index = NameIndex(vault)
                with _indexes_lock:
                    _indexes[vault] = index
    return index


def built_name_index(vault: Vault) -> NameIndex | None:
    """The vault's name index if it is built and current, else None (never builds)."""
    return _current(vault)


def _current(vault: Vault) -> NameIndex | None:
    with _indexes_lock:
        index = _indexes.get(vault)
    return index if index is not None and index.generation == vault.generation else None


# Characters of a note read for names it does not link, at most: a hostile 10 MB note kept a
# worker (and through the interpreter the window) busy for seconds; real notes are far shorter.
UNLINKED_SCAN_CHARS = 1_000_000


def unlinked_outgoing(
    vault: Vault,
    path: str,
    index: NameIndex | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[UnlinkedName]:
    """Notes the note at `path` names in its first UNLINKED_SCAN_CHARS characters but never
    links to (itself excluded), in order of first mention. A name several notes share goes
    where a link would resolve."""
    text = vault.read_text(path)[:UNLINKED_SCAN_CHARS]
    if not text:
        return []
    index = index or name_index(vault)
    linked = {target for target, _ in vault.outgoing_targets(path) if target is not None}
    _, begin, _ = metadata.split(text)
    lines = _LineIndex(text)
    found: dict[str, UnlinkedName] = {}
    named = index.find(text, begin, cancelled)
    for tokens, start, end in until_unwanted(named, cancelled, "unlinked names"):
        candidates = index.notes_named(tokens)
        target = candidates[0]
        if len(candidates) > 1:
            resolved = vault.resolver.resolve(index.spelling(tokens), path)
            target = resolved if resolved in candidates else target
        if target == path or target in linked:
            continue
        known = found.get(target)
        if known is None:
            title = vault.title_of(target)
            found[target] = UnlinkedName(target, title, text[start:end], lines.line_of(start), 1)
        else:
            found[target] = replace(known, count=known.count + 1)
    return list(found.values())


def _readable_spans(text: str, begin: int) -> list[tuple[int, int]]:
    """The parts of the text from `begin` that are prose: lines, minus code, wikilinks,
    markdown links and HTML tags (names there are linked already, or not shown)."""
    hidden = list(_code_ranges(text, begin))
    if "[[" in text:
        hidden += [(m.start(), m.end()) for m in _WIKILINK.finditer(text, begin)]
    if "](" in text:
        for start, label, href in _markdown_links(text, begin):
            close = text.find(")", start + len(label) + 3 + len(href))
            hidden.append((start, close + 1 if close >= 0 else start + len(label) + 2))
    if "<" in text:
        hidden += [(m.start(), m.end()) for m in _TAG.finditer(text, begin)]
    hidden.sort()
    spans: list[tuple[int, int]] = []
    position = begin
    for start, end in [*hidden, (len(text), len(text))]:
        if start > position:
            line_start = position
            while line_start < start:  # cut at line breaks too
                newline = text.find("\n", line_start, start)
                line_end = start if newline < 0 else newline
                if line_end > line_start:
                    spans.append((line_start, line_end))
                line_start = line_end + 1
        position = max(position, end)
    return spans
