"""The Tags tree: nested tags (`design/colour` under `design`) with the notes carrying them.

Obsidian treats tags case-insensitively and nests them on `/`; so does this tree. A note
written `#Design` and another `#design` share one node, spelled the way most notes spell it.
Only note summaries are read, so the tree of a large vault builds in milliseconds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from .names import fold, natural_key
from .tree import FOLDER, NOTE, TAG, TreeNode

if TYPE_CHECKING:
    from .vault import Vault


def tag_parts(tag: str) -> tuple[str, ...]:
    """The levels of a tag: `#design//colour/` -> ('design', 'colour')."""
    return tuple(part for part in tag.lstrip("#").split("/") if part)


def tags_tree(vault: Vault) -> TreeNode:
    """Tag nodes (kind TAG, key the full tag path as spelled in the tree, count the notes
    carrying the tag or any tag below it), each listing its sub-tags first, then the notes
    that carry exactly that tag."""
    spellings: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)  # level spellings
    under: dict[tuple[str, ...], set[str]] = defaultdict(set)  # notes at or below a tag
    direct: dict[tuple[str, ...], set[str]] = defaultdict(set)  # notes carrying exactly it
    for path, note in vault.notes.items():
        for tag in note.tags:
            parts = tag_parts(tag)
            folded = tuple(fold(part) for part in parts)
            for depth in range(1, len(parts) + 1):
                prefix = folded[:depth]
                spellings[prefix][parts[depth - 1]] += 1
                under[prefix].add(path)
            if folded:
                direct[folded].add(path)

    root = TreeNode(label="", kind=FOLDER, key="")
    nodes: dict[tuple[str, ...], TreeNode] = {(): root}
    # Parents before children: shorter prefixes first.
    for prefix in sorted(spellings, key=len):
        counts = spellings[prefix]
        # The most used spelling; among equals, the one with capitals (a proper name).
        label = min(counts, key=lambda s: (-counts[s], s.islower(), s))
        parent = nodes[prefix[:-1]]
        key = f"{parent.key}/{label}" if parent.key else label
        nodes[prefix] = TreeNode(label=label, kind=TAG, key=key, count=len(under[prefix]))
    children: dict[tuple[str, ...], list[TreeNode]] = defaultdict(list)
    for prefix, node in nodes.items():
        if prefix:
            children[prefix[:-1]].append(node)
    for prefix, node in nodes.items():
        for child in sorted(children[prefix], key=lambda n: (natural_key(n.label), n.key)):
            node.add(child)
        notes = sorted(direct.get(prefix, ()), key=lambda p: (natural_key(vault.title_of(p)), p))
        for path in notes:
            node.add(TreeNode(label=vault.title_of(path), kind=NOTE, key=path, note=path))
    return root


def notes_with_tag(vault: Vault, tag: str) -> list[tuple[str, str]]:
    """(title, path) of every note carrying `tag` or a tag nested under it, by title; tags
    match case-insensitively, as in Obsidian (`#Design` finds `#design/colour`)."""
    wanted = tuple(fold(part) for part in tag_parts(tag))
    if not wanted:
        return []
    depth = len(wanted)
    found = []
    for path, note in vault.notes.items():
        for carried in note.tags:
            if tuple(fold(part) for part in tag_parts(carried))[:depth] == wanted:
                found.append((note.title, path))
                break
    found.sort(key=lambda item: (natural_key(item[0]), item[1]))
    return found
