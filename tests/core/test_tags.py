"""The Tags tree: nesting on `/`, counts of notes at or below a tag, case merged."""

from __future__ import annotations

from viewer.core.tags import tag_parts, tags_tree
from viewer.core.tree import FOLDER, NOTE, TAG, TreeNode
from viewer.core.vault import Vault


def shape(node: TreeNode) -> list:
    """(kind, label, key, count) of every node below `node`, nested."""
    return [(c.kind, c.label, c.key, c.count, shape(c)) for c in node.children]


def test_sample_vault_tags_nest(sample_vault):
    root = tags_tree(sample_vault)
    assert root.kind == FOLDER
    design = ("library/Design Notes.md", "Design Notes")
    welcome = ("Welcome.md", "Welcome")

    def notes(*pairs):
        return [(NOTE, title, path, 0, []) for path, title in pairs]

    assert shape(root) == [
        (
            TAG,
            "design",
            "design",
            1,
            [(TAG, "colour", "design/colour", 1, notes(design)), *notes(design)],
        ),
        (
            TAG,
            "guide",
            "guide",
            1,
            [(TAG, "getting-started", "guide/getting-started", 1, notes(welcome)), *notes(welcome)],
        ),
        (
            TAG,
            "reading",
            "reading",
            2,
            [
                (
                    TAG,
                    "queue",
                    "reading/queue",
                    1,
                    notes(("library/reading/Café Notes.md", "Café Notes")),
                ),
                *notes(("library/reading/2024/Reading List.md", "Reading List")),
            ],
        ),
        (TAG, "sample", "sample", 1, notes(welcome)),
    ]
    for node in root.walk():
        assert all(child.row == i and child.parent is node for i, child in enumerate(node.children))
        if node.kind == NOTE:
            assert node.note == node.key


def test_counts_are_distinct_notes_and_case_is_merged(make_vault):
    root = make_vault(
        {
            "a.md": "---\ntags: [Music/Jazz, music]\n---\ntext #music/jazz/bebop\n",
            "b.md": "---\ntags: music/jazz\n---\n",
            "c.md": "#Music/classical and #Music\n",
            "d.md": "#solo\n",
        }
    )
    vault = Vault.load(root, workers=1)
    tree = tags_tree(vault)
    music = tree.children[0]
    # Each level is spelled as most tags spell it; on a tie, with capitals (a proper name).
    assert (music.kind, music.label, music.key, music.count) == (TAG, "Music", "Music", 3)
    assert [c.key for c in music.children if c.kind == TAG] == ["Music/classical", "Music/jazz"]
    jazz = music.children[1]
    assert jazz.count == 2  # a (jazz and jazz/bebop) counts once
    assert [c.key for c in jazz.children if c.kind == NOTE] == ["a.md", "b.md"]
    bebop = jazz.children[0]
    assert (bebop.kind, bebop.key, bebop.count) == (TAG, "Music/jazz/bebop", 1)
    assert [c.key for c in music.children if c.kind == NOTE] == ["a.md", "c.md"]
    assert [c.label for c in tree.children] == [music.label, "solo"]


def test_tag_parts():
    assert tag_parts("#design//colour/") == ("design", "colour")
    assert tag_parts("a") == ("a",)


def test_vault_without_tags_has_an_empty_tree(make_vault):
    vault = Vault.load(make_vault({"a.md": "# A\n"}), workers=1)
    assert tags_tree(vault).children == []
