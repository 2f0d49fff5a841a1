"""The trees the left pane shows, built from the vault (plain core data)."""

from __future__ import annotations

from ..core.tree import TreeNode, build_tree, topics_section
from ..core.vault import Vault


def vault_trees(vault: Vault | None, titles: dict[str, str] | None = None) -> TreeNode:
    """Folder tree of the vault's notes, with the 'Mentioned, no note' section at the end.

    Before indexing finishes, `titles` (file names) stand in for the notes' titles."""
    if vault is not None:
        titles = {path: note.title for path, note in vault.notes.items()}
    root = build_tree(titles or {})
    if vault is not None:
        topics = vault.topics()
        if topics:
            root.add(topics_section((topic.name, topic.mentions) for topic in topics))
    return root
