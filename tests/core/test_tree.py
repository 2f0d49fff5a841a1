"""The folder tree: folders first, natural order, notes by title, folder notes as pages."""

from __future__ import annotations

from viewer.core.tree import (
    FOLDER,
    NOTE,
    TOPIC,
    TreeNode,
    build_tree,
    filter_tree,
    find_node,
    is_folder_note,
    reading_order,
    topics_section,
    tree_fingerprint,
)
from viewer.core.vault import Vault


def labels(node: TreeNode) -> list[str]:
    return [child.label for child in node.children]


def child(node: TreeNode, label: str) -> TreeNode:
    (found,) = [c for c in node.children if c.label == label]
    return found


def assert_consistent(root: TreeNode) -> None:
    for node in root.walk():
        for row, kid in enumerate(node.children):
            assert kid.row == row and kid.parent is node


def test_sample_vault_tree(sample_vault):
    root = build_tree({path: note.title for path, note in sample_vault.notes.items()})
    assert_consistent(root)
    assert labels(root) == [
        "deepcast",
        "field-signals",
        "library",
        "makers-hour",
        "Directory",
        "Welcome",
    ]
    deepcast = child(root, "deepcast")
    assert deepcast.kind == FOLDER
    assert deepcast.note == "deepcast/deepcast.md"  # the channel index is the folder's page
    assert "deepcast/deepcast.md" not in [c.key for c in deepcast.children]
    assert labels(deepcast) == [
        "Automation and Skill Formation",
        "Circadian Rhythms in Shift Work",
        "Grid-Scale Energy Storage",
        "Materials Discovery with Machine Learning",
        "Sleep and Memory Consolidation",
        "Sodium-Ion Batteries",
        "The Future of Work",
    ]
    library = child(root, "library")
    assert library.note is None
    assert labels(library) == ["reading", "Design Notes"]
    assert labels(child(library, "reading")) == ["2024", "Café Notes"]
    notes = [n for n in root.walk() if n.kind == NOTE]
    assert len(notes) == 29 - 3  # three channel indexes are folder pages
    assert find_node(root, "deepcast/deepcast.md") is deepcast
    assert find_node(root, "library/reading/2024/Reading List.md").label == "Reading List"
    assert find_node(root, "nope.md") is None


def test_natural_order_and_titles(make_vault):
    files = {
        "Episode 10.md": "",
        "Episode 2.md": "",
        "episode 1.md": "",
        "titled.md": "---\ntitle: Episode 3\n---\n",
        "Season 10/a.md": "",
        "Season 2/b.md": "",
        "season 1/c.md": "",
        "Zed.md": "",
        "alpha.md": "",
    }
    vault = Vault.load(make_vault(files), workers=1)
    root = build_tree({path: note.title for path, note in vault.notes.items()})
    assert labels(root) == [
        "season 1",
        "Season 2",
        "Season 10",
        "alpha",
        "episode 1",
        "Episode 2",
        "Episode 3",  # labelled by its title, sorted by it too
        "Episode 10",
        "Zed",
    ]
    assert child(root, "Episode 3").key == "titled.md"
    assert_consistent(root)


def test_folder_notes():
    assert is_folder_note("lexfridman/lexfridman.md")
    assert is_folder_note("a/Lexfridman/lexfridman.md")
    assert not is_folder_note("lexfridman.md")
    assert not is_folder_note("lexfridman/other.md")
    root = build_tree(
        {
            "lexfridman/lexfridman.md": "Lex Fridman Podcast",
            "lexfridman/topic.md": "A Topic",
            "only/only.md": "Only",
            "index.md": "",
        }
    )
    lex = child(root, "lexfridman")
    assert lex.note == "lexfridman/lexfridman.md"
    assert labels(lex) == ["A Topic"]
    only = child(root, "only")
    assert only.kind == FOLDER and only.is_folder and only.children == []
    assert only.note == "only/only.md"
    assert child(root, "index").note == "index.md"  # an empty title falls back to the name
    assert find_node(root, "only/only.md") is only


def test_filter_counts_what_a_section_keeps_and_names_the_first_match():
    root = build_tree({"a/a.md": "A", "a/kiln.md": "Kiln firing", "b/glaze.md": "Glaze kiln"})
    root.add(topics_section([("Kiln gods", 3), ("Mara", 2)]))
    result = filter_tree(root, "kiln")
    assert result.matches == 3
    assert (result.first.kind, result.first.key) == (NOTE, "a/kiln.md")  # in reading order
    section = result.root.children[-1]
    assert section.count == 1 and [c.key for c in section.children] == ["Kiln gods"]
    assert root.children[-1].count == 2  # the full tree keeps its own count
    nothing = filter_tree(root, "zzz")
    assert (nothing.matches, nothing.first, nothing.root.children) == (0, None, [])
    topic = filter_tree(root, "mara").first
    assert (topic.kind, topic.key) == (TOPIC, "Mara")


def test_a_tree_fingerprint_changes_with_what_the_tree_shows():
    from viewer.core.tree import build_tree, tree_fingerprint

    one = build_tree({"a/x.md": "X", "b/y.md": "Y"})
    assert tree_fingerprint(one) == tree_fingerprint(build_tree({"b/y.md": "Y", "a/x.md": "X"}))
    assert tree_fingerprint(one) != tree_fingerprint(build_tree({"a/x.md": "X2", "b/y.md": "Y"}))
    assert tree_fingerprint(one) != tree_fingerprint(build_tree({"a/x.md": "X", "c/y.md": "Y"}))


def test_the_node_index_finds_what_a_walk_finds(sample_vault):
    from viewer.core.tree import find_key, node_index

    tree = build_tree({p: n.title for p, n in sample_vault.notes.items()})
    index = node_index(tree)
    assert node_index(tree) is index  # made once per tree
    for node in tree.walk():
        if node is tree:
            continue  # the root is no row
        if node.note is not None:
            assert index.node_for_note(node.note) is find_node(tree, node.note)
        assert index.node_for_key(node.kind, node.key) is find_key(tree, node.kind, node.key)
    assert index.node_for_note("no/such.md") is None


def test_a_tree_and_its_index_are_freed_together():
    import gc
    import weakref

    from viewer.core.tree import node_index

    root = TreeNode("", FOLDER, "")
    root.add(TreeNode("a", NOTE, "a.md", note="a.md"))
    node_index(root)
    gone = weakref.ref(root)
    del root
    gc.collect()
    assert gone() is None
    folders = build_tree({"a/x.md": "X", "a/a.md": "A", "b/c/y.md": "Y"})  # indexed as built
    assert node_index(folders).node_for_note("a/x.md") is not None
    gone = weakref.ref(folders)
    del folders
    gc.collect()
    assert gone() is None


def test_a_tree_built_in_its_own_reading_order_is_the_same_tree():
    titles = {
        "b/Episode 10.md": "Episode 10",
        "b/Episode 2.md": "Episode 2",
        "b/b.md": "B channel",
        "b/deep/x.md": "X",
        "b/deep/deep.md": "Deep",
        "a/z.md": "Zed",
        "a/nested/more/m.md": "M",
        "top.md": "Top",
        "Ärger.md": "Ärger",
        "c/c.md": "Only a page",
    }
    sorted_tree = build_tree(titles)
    order = reading_order(sorted_tree)
    assert sorted(order) == sorted(titles)
    assert order.index("b/b.md") < order.index("b/deep/deep.md") < order.index("b/Episode 2.md")
    rebuilt = build_tree(titles, order)
    assert tree_fingerprint(rebuilt) == tree_fingerprint(sorted_tree)
    assert_consistent(rebuilt)


def test_an_order_that_is_not_the_titles_is_ignored():
    titles = {"b.md": "B", "a.md": "A", "c/d.md": "D"}
    for order in (["a.md"], ["a.md", "b.md", "x.md"], ["b.md", "a.md", "c/d.md", "c/d.md"]):
        assert labels(build_tree(titles, order)) == ["c", "A", "B"]


def test_a_folder_trees_index_answers_as_a_full_walk_does(sample_vault):
    from viewer.core.tree import NodeIndex, node_index
    from viewer.session.trees import vault_trees

    tree = vault_trees(sample_vault)  # folders, notes, folder notes and the topics section
    index, walked = node_index(tree), NodeIndex(tree)
    assert type(index) is not NodeIndex  # found where the build put each node, no walk
    kinds = {node.kind for node in tree.walk()}
    assert {FOLDER, NOTE, TOPIC} <= kinds
    for node in tree.walk():
        for kind in kinds:
            assert index.node_for_key(kind, node.key) is walked.node_for_key(kind, node.key)
        for path in (node.key, node.note or ""):
            assert index.node_for_note(path) is walked.node_for_note(path)
    for missing in ("no/such.md", "", "deepcast", "deepcast/nothing.md"):
        assert index.node_for_note(missing) is walked.node_for_note(missing)
        assert index.node_for_key(NOTE, missing) is walked.node_for_key(NOTE, missing)
    assert index.node_for_key("tag", "anything") is None
