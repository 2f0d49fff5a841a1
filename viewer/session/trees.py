"""The trees the left pane shows in each mode, built from the vault as plain core data (in a
worker thread: 20,000 nodes take a good part of a second to sort)."""

from __future__ import annotations

from ..core.episodes import videos_tree
from ..core.tags import tags_tree
from ..core.tree import FOLDER, TreeNode, build_tree, reading_order, topics_section
from ..core.vault import Vault

FOLDERS, VIDEOS, TAGS = "folders", "videos", "tags"
MODES = (FOLDERS, VIDEOS, TAGS)


def vault_trees(vault: Vault | None, titles: dict[str, str] | None = None) -> TreeNode:
    """Folder tree of the vault's notes, with the 'Mentioned, no note' section at the end.

    Before indexing finishes, `titles` (file names) stand in for the notes' titles."""
    order = None
    if vault is not None:
        generation = vault.generation  # before the titles: a change meanwhile makes it stale
        titles = {path: note.title for path, note in vault.notes.items()}
        order = vault.folder_order()
    root = build_tree(titles or {}, order)
    if vault is not None:
        if order is None:
            vault.keep_folder_order(generation, reading_order(root))
        topics = vault.topics()
        if topics:
            root.add(topics_section((topic.name, topic.mentions) for topic in topics))
    return root


def mode_tree(vault: Vault | None, mode: str, titles: dict[str, str] | None = None) -> TreeNode:
    """The tree to show in `mode`. Before indexing finishes (`vault` None) only folders are
    known, from `titles`; the other modes are empty until then. Plain data: safe to build in
    a worker thread."""
    if mode == VIDEOS:
        return videos_tree(vault) if vault is not None else TreeNode("", FOLDER, "")
    if mode == TAGS:
        return tags_tree(vault) if vault is not None else TreeNode("", FOLDER, "")
    return vault_trees(vault, titles)
