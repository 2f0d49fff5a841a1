"""The topic tree as plain data: folders and notes, naturally sorted, labelled by title.

A folder note (`lexfridman/lexfridman.md`) is its folder's own page rather than a child, the
way channel indexes are meant to be read. The Qt model adapts this structure without copying it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .names import fold, natural_key, parent_of, stem_of


@dataclass(eq=False, slots=True)
class TreeNode:
    label: str
    path: str  # folder path ('' for the root) or note path
    is_folder: bool
    note: str | None = None  # the page this node opens: the note itself, or a folder note
    parent: TreeNode | None = None
    children: list[TreeNode] = field(default_factory=list)
    row: int = 0  # index in the parent's children, kept for O(1) model lookups

    def walk(self) -> Iterable[TreeNode]:
        yield self
        for child in self.children:
            yield from child.walk()


def is_folder_note(path: str) -> bool:
    """`a/b/b.md` is the page of folder `a/b`."""
    folder = parent_of(path)
    return bool(folder) and fold(stem_of(path)) == fold(folder.rsplit("/", 1)[-1])


def build_tree(titles: dict[str, str]) -> TreeNode:
    """Tree of the notes given as {path: title}."""
    root = TreeNode(label="", path="", is_folder=True)
    folders: dict[str, TreeNode] = {"": root}

    def folder(path: str) -> TreeNode:
        node = folders.get(path)
        if node is None:
            parent = folder(parent_of(path))
            node = TreeNode(label=path.rsplit("/", 1)[-1], path=path, is_folder=True, parent=parent)
            parent.children.append(node)
            folders[path] = node
        return node

    for path, title in titles.items():
        parent_path = parent_of(path)
        if is_folder_note(path):
            folder(parent_path).note = path
            continue
        parent = folder(parent_path)
        parent.children.append(
            TreeNode(
                label=title or stem_of(path), path=path, is_folder=False, note=path, parent=parent
            )
        )
    _sort(root)
    return root


def _sort(node: TreeNode) -> None:
    node.children.sort(
        key=lambda child: (not child.is_folder, natural_key(child.label), child.path)
    )
    for row, child in enumerate(node.children):
        child.row = row
        if child.is_folder:
            _sort(child)


def find_node(root: TreeNode, note_path: str) -> TreeNode | None:
    """The node that opens `note_path` (a note, or the folder whose page it is)."""
    if is_folder_note(note_path):
        target_folder, want_folder = parent_of(note_path), True
    else:
        target_folder, want_folder = note_path, False
    node = root
    parts = target_folder.split("/")
    for depth in range(1, len(parts) + 1):
        prefix = "/".join(parts[:depth])
        last = depth == len(parts)
        for child in node.children:
            if child.path == prefix and (child.is_folder or (last and not want_folder)):
                node = child
                break
        else:
            return None
    return node
