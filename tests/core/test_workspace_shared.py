"""Graph, outgoing links and changes on the real 2,249-note wiki in ../shared (skipped when
absent). Nothing of its text is copied here: the tests check rules, counts and shapes only."""

from __future__ import annotations

import shutil

import pytest

from viewer.core.changes import Changes, ChangeTracker
from viewer.core.graph import MAX_NODES, NOTE, local_graph
from viewer.core.graph_layout import layout_graph
from viewer.core.outgoing import name_index, outgoing_links, unlinked_outgoing
from viewer.core.vault import Vault
from viewer.core.worddiff import DELETED, INSERTED

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def vault(shared_vault_path) -> Vault:
    return Vault.load(shared_vault_path)


def test_graph_of_the_most_linked_note_is_capped(vault):
    hub = max(vault.notes, key=lambda p: (vault.linking_count(p), p))
    backlinks = {p for p in vault.linking_notes(hub) if p != hub}
    assert len(backlinks) > 2000
    graph = local_graph(vault, NOTE, hub)
    assert len(graph.nodes) == MAX_NODES
    neighbours = {n.key for n in graph.nodes[1:] if n.kind == NOTE}
    assert graph.more_incoming == len(backlinks - neighbours)
    assert graph.more_incoming + graph.more_outgoing > 4000
    positions = layout_graph(graph)
    assert len(set(positions)) == MAX_NODES
    assert layout_graph(local_graph(vault, NOTE, hub)) == positions


def test_outgoing_links_point_at_real_lines(vault):
    for path in list(vault.notes)[::50]:
        lines = vault.read_text(path).count("\n") + 1
        links = outgoing_links(vault, path)
        for group in (links.notes, links.topics, links.urls, links.attachments):
            for target in group:
                assert all(1 <= line <= lines for line in target.lines), (path, target)
        for target in links.notes:
            assert target.target in vault.notes
        for topic in links.topics:
            assert topic.mentions >= len(topic.lines)


def test_unlinked_names_are_real_unlinked_notes(vault):
    index = name_index(vault)
    assert len(index) > 2000
    seen = 0
    for path in list(vault.notes)[::20]:
        linked = {target for target, _ in vault.outgoing_targets(path)}
        for name in unlinked_outgoing(vault, path, index):
            assert name.path in vault.notes and name.path != path
            assert name.path not in linked
            seen += 1
    assert seen > 0


def test_changes_on_a_copy(shared_vault_path, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(shared_vault_path, root)
    tracker = ChangeTracker(root, tmp_path / "changes.sqlite3")
    assert tracker.changes(Vault.load(root)).first_run
    note = sorted(p for p in (root / "lexfridman").iterdir() if p.suffix == ".md")[10]
    rel = note.relative_to(root).as_posix()
    old = note.read_text(encoding="utf-8")
    note.write_text(old.replace(" the ", " THE ", 1) + "\nA new closing line.\n", encoding="utf-8")
    (root / "a new note.md").write_text("New.\n", encoding="utf-8")
    vault = Vault.load(root)
    assert tracker.changes(vault) == Changes(added=("a new note.md",), changed=(rel,))
    segments = tracker.diff(vault, rel)
    assert segments is not None
    assert "".join(s.text for s in segments if s.kind != DELETED) == note.read_text(
        encoding="utf-8"
    )
    assert [s.text.strip() for s in segments if s.kind == DELETED] == ["the"]
    assert [s.text.strip() for s in segments if s.kind == INSERTED] == [
        "THE",
        "A new closing line.",
    ]
    tracker.mark_all_read(vault)
    assert tracker.changes(vault) == Changes()
