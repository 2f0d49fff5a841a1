"""Navigation trees as plain data: folders and notes, unresolved topics, filtered views.

Folders and notes are naturally sorted and labelled by title; a folder note
(`lexfridman/lexfridman.md`) is its folder's own page rather than a child, the way channel
indexes are meant to be read. The Qt model adapts these nodes without copying them.
"""

from __future__ import annotations

import weakref
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import NamedTuple

from .names import file_name, fold, natural_key, parent_of, stem_of, strip_note_suffix

FOLDER, NOTE, TOPIC, SECTION = "folder", "note", "topic", "section"
# Kinds of the other tree modes: a channel folder, a video's episode, a (nested) tag.
CHANNEL, EPISODE, TAG = "channel", "episode", "tag"
TOPICS_SECTION_KEY = "\0topics"  # never a vault path


class TreeNode:
    """One row of a navigation tree. A node knows its parent through a weak reference: a
    tree is then free of reference cycles, so a dropped tree is freed at once by reference
    counting (even one the garbage collector was told to ignore), never kept alive until a
    full collection walks it. The root's holder keeps the whole tree alive."""

    __slots__ = (
        "__weakref__",
        "_parent",
        "children",
        "count",
        "key",
        "kind",
        "label",
        "note",
        "row",
    )

    def __init__(
        self,
        label: str,
        kind: str,  # FOLDER, NOTE, TOPIC, SECTION (and other kinds for other tree modes)
        key: str,  # folder path ('' for the root), note path, topic name, ...
        note: str | None = None,  # the page this node opens: the note itself, or a folder note
        count: int = 0,  # mentions of a topic, notes under a tag, ...
        parent: TreeNode | None = None,
        children: list[TreeNode] | None = None,
        row: int = 0,  # index in the parent's children, kept for O(1) model lookups
    ) -> None:
        self.label = label
        self.kind = kind
        self.key = key
        self.note = note
        self.count = count
        # (Not through the `parent` setter: one call fewer for each of 100,000 notes.)
        self._parent: weakref.ref[TreeNode] | None = None if parent is None else weakref.ref(parent)
        self.children: list[TreeNode] = [] if children is None else children
        self.row = row

    @property
    def parent(self) -> TreeNode | None:
        reference = self._parent
        return reference() if reference is not None else None

    @parent.setter
    def parent(self, node: TreeNode | None) -> None:
        self._parent = weakref.ref(node) if node is not None else None

    def __repr__(self) -> str:
        return (
            f"TreeNode({self.label!r}, {self.kind!r}, {self.key!r}, children={len(self.children)})"
        )

    @property
    def is_folder(self) -> bool:
        return self.kind in (FOLDER, SECTION) or bool(self.children)

    @property
    def path(self) -> str:
        return self.key

    def add(self, child: TreeNode) -> TreeNode:
        child.parent = self
        child.row = len(self.children)
        self.children.append(child)
        return child

    def walk(self) -> Iterator[TreeNode]:
        yield self
        for child in self.children:
            yield from child.walk()

    def ancestors(self) -> Iterator[TreeNode]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


def is_folder_note(path: str) -> bool:
    """`a/b/b.md` is the page of folder `a/b`."""
    folder = parent_of(path)
    return bool(folder) and fold(stem_of(path)) == fold(file_name(folder))


def parent_page(notes: Collection[str], path: str) -> str | None:
    """The page above the note at `path`: the nearest folder note of an enclosing folder
    (a topic note's channel index), skipping the note's own folder when it is that folder's
    note. None at the top."""
    folder = parent_of(path)
    if is_folder_note(path):
        folder = parent_of(folder)
    while folder:
        found = next((p for p in notes if parent_of(p) == folder and is_folder_note(p)), None)
        if found and found != path:
            return found
        folder = parent_of(folder)
    return None


def build_tree(titles: dict[str, str], order: Sequence[str] | None = None) -> TreeNode:
    """Folder tree of the notes given as {path: title}. `order`: the same notes in the order
    an earlier tree of these very titles listed them (`reading_order`), which spares sorting;
    ignored unless it holds exactly the notes of `titles`."""
    root = TreeNode(label="", kind=FOLDER, key="")
    folders: dict[str, TreeNode] = {"": root}
    presorted = (
        order is not None and len(order) == len(titles) and all(map(titles.__contains__, order))
    )
    # The folded name of each folder, the file name of its folder note: computed once per
    # folder rather than once per note (a 100,000-note vault has a few hundred folders).
    folder_names: dict[str, str] = {}
    items = titles.items() if order is None or not presorted else ((p, titles[p]) for p in order)
    for path, title in items:
        cut = path.rfind("/")
        parent_path = path[:cut] if cut >= 0 else ""
        parent = folders.get(parent_path) or _folder(folders, parent_path)
        if cut >= 0:
            name = folder_names.get(parent_path)
            if name is None:
                name = folder_names[parent_path] = fold(file_name(parent_path))
            stem = strip_note_suffix(path[cut + 1 :])
            # `a/b/b.md` is the page of folder `a/b` (lengths first: folding is the cost, and
            # only non-ASCII or blank-edged names can fold to another length).
            maybe = len(stem) == len(name) or not stem.isascii() or stem != stem.strip()
            if maybe and fold(stem) == name:
                parent.note = path
                continue
        # The parent is set once, when the folder is sorted (see `renumber`).
        parent.children.append(TreeNode(title or stem_of(path), NOTE, path, path))
    _INDEXES[root] = FolderTreeIndex(root, folders)
    if presorted:
        # In reading order, each folder is made when its first note comes, after the
        # folders sorted before it and before the notes beside it: already in order.
        for folder in folders.values():
            renumber(folder)
    else:
        sort_tree(root)
    return root


def reading_order(root: TreeNode) -> list[str]:
    """The notes of a folder tree (`build_tree`) in the order it lists them, a folder's own
    page where its folder stands: what `build_tree` takes as `order`."""
    order: list[str] = []
    stack = list(reversed(root.children))
    while stack:
        node = stack.pop()
        if node.kind == NOTE:
            order.append(node.key)
        elif node.kind == FOLDER:
            if node.note is not None:
                order.append(node.note)
            stack.extend(reversed(node.children))
    return order


def _folder(folders: dict[str, TreeNode], path: str) -> TreeNode:
    """The folder node for `path`, made with its ancestors as needed. (Not a closure: a
    recursive closure refers to itself, a cycle that would keep every folder alive.)"""
    node = folders.get(path)
    if node is None:
        parent = _folder(folders, parent_of(path))
        node = TreeNode(label=file_name(path), kind=FOLDER, key=path, parent=parent)
        parent.children.append(node)
        folders[path] = node
    return node


def sort_tree(node: TreeNode) -> None:
    """Folders first, then natural order of labels; fixes every node's `row`."""
    node.children.sort(key=_sort_key)
    renumber(node)
    for child in node.children:
        if child.children:
            sort_tree(child)


def _sort_key(child: TreeNode) -> tuple:
    return (child.kind != FOLDER, natural_key(child.label), child.key)


def renumber(node: TreeNode) -> None:
    parent = weakref.ref(node)
    for row, child in enumerate(node.children):
        child.row = row
        child._parent = parent  # one weak reference shared by the siblings


def topics_section(
    topics: Iterable[tuple[str, int]], label: str = "Mentioned, no note"
) -> TreeNode:
    """A section listing unresolved topics as (name, mentions), in the order given."""
    section = TreeNode(label=label, kind=SECTION, key=TOPICS_SECTION_KEY)
    for name, mentions in topics:
        section.add(TreeNode(label=name, kind=TOPIC, key=name, count=mentions))
    section.count = len(section.children)
    return section


# The rows that stand for the page they open (a topic's or a tag's row only names it).
ROWS_OPENING_A_NOTE = (NOTE, FOLDER, CHANNEL)


def find_node(root: TreeNode, note_path: str) -> TreeNode | None:
    """The node that opens `note_path` (a note, or the folder or channel whose page it is)."""
    for node in root.walk():
        if node.note == note_path and node.kind in ROWS_OPENING_A_NOTE:
            return node
    return None


def find_key(root: TreeNode, kind: str, key: str) -> TreeNode | None:
    for node in root.walk():
        if node.kind == kind and node.key == key:
            return node
    return None


class NodeIndex:
    """The nodes of one tree by the note they open and by (kind, key), as `find_node` and
    `find_key` find them: built in one pass, then every reveal is a lookup. Walking 40,000
    rows on each note switch cost the GUI thread about 40 ms. Get one with `node_index`."""

    def __init__(self, root: TreeNode) -> None:
        self._by_note: dict[str, TreeNode] = {}
        self._by_key: dict[tuple[str, str], TreeNode] = {}
        by_note, by_key = self._by_note, self._by_key
        # The root itself stays out: `node_index` keeps an index while its root lives, and an
        # index holding its root would keep every tree ever built (the root is no row anyway).
        stack = list(reversed(root.children))
        while stack:  # depth first, in the tree's order: the first match wins, as in a walk
            node = stack.pop()
            if node.note is not None and node.kind in ROWS_OPENING_A_NOTE:
                by_note.setdefault(node.note, node)
            by_key.setdefault((node.kind, node.key), node)
            stack.extend(reversed(node.children))

    def node_for_note(self, note_path: str) -> TreeNode | None:
        return self._by_note.get(note_path)

    def node_for_key(self, kind: str, key: str) -> TreeNode | None:
        return self._by_key.get((kind, key))


class FolderTreeIndex(NodeIndex):
    """The index of a folder tree (`build_tree`), which knows where each node sits: a note's
    row is among its folder's children, a folder note's row is its folder, a topic's row in
    the topics section. Rows are found per folder when first asked for, so no walk of the
    whole tree is needed (0.15 s of a 100,000-note reopen); the answers are `NodeIndex`'s."""

    def __init__(self, root: TreeNode, folders: dict[str, TreeNode]) -> None:
        # Not the root itself, as for `NodeIndex`: an index holding its root would keep
        # every tree ever built.
        self._root = weakref.ref(root)
        self._folders = {path: node for path, node in folders.items() if node is not root}
        self._rows: dict[str, dict[str, TreeNode]] = {}  # {folder path: {key: child}}
        self._other: NodeIndex | None = None

    def _child(self, parent_key: str, kind: str, key: str) -> TreeNode | None:
        """The child of `kind` and `key` under the folder (or section) `parent_key`; its
        parent's rows are mapped by key when first asked for."""
        rows = self._rows.get(parent_key)
        if rows is None:
            if parent_key == TOPICS_SECTION_KEY:
                parent = self._child("", SECTION, TOPICS_SECTION_KEY)
            else:
                parent = self._folders.get(parent_key) if parent_key else self._root()
            rows = {} if parent is None else {child.key: child for child in parent.children}
            self._rows[parent_key] = rows
        node = rows.get(key)
        return node if node is not None and node.kind == kind else None

    def node_for_note(self, note_path: str) -> TreeNode | None:
        folder = self._folders.get(parent_of(note_path))
        if folder is not None and folder.note == note_path:
            return folder
        return self.node_for_key(NOTE, note_path)

    def node_for_key(self, kind: str, key: str) -> TreeNode | None:
        if kind == FOLDER:
            return self._folders.get(key)
        if kind == NOTE:
            return self._child(parent_of(key), NOTE, key)
        if kind == SECTION:
            return self._child("", SECTION, key)
        if kind == TOPIC:
            return self._child(TOPICS_SECTION_KEY, TOPIC, key)
        root = self._root()  # a kind folder trees do not have: whatever a walk finds
        if root is None:
            return None
        if self._other is None:
            self._other = NodeIndex(root)
        return self._other.node_for_key(kind, key)


# One index per tree, made where the tree is made (a worker) and kept while the tree lives.
_INDEXES: weakref.WeakKeyDictionary[TreeNode, NodeIndex] = weakref.WeakKeyDictionary()


def node_index(root: TreeNode) -> NodeIndex:
    """The index of the tree under `root`, made on first use (call it where the tree is built,
    off the GUI thread, and the GUI thread only looks it up)."""
    index = _INDEXES.get(root)
    if index is None:
        index = _INDEXES[root] = NodeIndex(root)
    return index


class Filtered(NamedTuple):
    """A filtered tree: its root, how many nodes matched, and the first of them in reading
    order (the row the view scrolls to)."""

    root: TreeNode
    matches: int
    first: TreeNode | None


def filter_tree(root: TreeNode, query: str) -> Filtered:
    """A copy of `root` keeping nodes whose label or key contains every word of `query`
    (case-insensitive), with their ancestors. A section counts what it keeps (its label's
    number follows the filter).

    Done in plain Python rather than a Qt proxy model: one pass over 21,000 labels takes
    milliseconds, while a proxy calls back into Python for every row and column.
    """
    words = fold(query).split()
    matches = 0
    hits: list[TreeNode] = []

    def keep(node: TreeNode) -> TreeNode | None:
        nonlocal matches
        haystack = f"{fold(node.label)} {fold(node.key)}"
        hit = node.kind != SECTION and bool(words) and all(word in haystack for word in words)
        copy = TreeNode(node.label, node.kind, node.key, node.note, node.count)
        if hit and not hits:
            hits.append(copy)  # made before its children: the first match in reading order
        kept = [child for child in (keep(c) for c in node.children) if child is not None]
        if not hit and not kept:
            return None
        matches += hit
        for child in kept:
            copy.add(child)
        if node.kind == SECTION:
            copy.count = len(kept)
        return copy

    filtered = keep(root) or TreeNode(label="", kind=root.kind, key=root.key)
    if root.parent is None:
        filtered.label, filtered.kind, filtered.key = root.label, root.kind, root.key
    return Filtered(filtered, matches, hits[0] if hits else None)


# One fingerprint per tree, made on first use (trees are not changed once built).
_FINGERPRINTS: weakref.WeakKeyDictionary[TreeNode, int] = weakref.WeakKeyDictionary()


def tree_fingerprint(root: TreeNode) -> int:
    """A hash of everything a tree shows (each row's kind, key, label, page and count, in
    order): equal fingerprints mean a view need not be rebuilt. Kept while the tree lives:
    a tree is compared with the next one, and hashing 100,000 rows takes 0.2 s."""
    found = _FINGERPRINTS.get(root)
    if found is None:
        found = _FINGERPRINTS[root] = hash(
            tuple((n.kind, n.key, n.label, n.note, n.count, len(n.children)) for n in root.walk())
        )
    return found
