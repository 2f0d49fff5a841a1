"""Local graph: neighbourhood contents, the cap and its "+N more", a deterministic layout."""

from __future__ import annotations

import math
from itertools import combinations

import pytest

from viewer.core.graph import NOTE, TOPIC, GraphNode, LocalGraph, local_graph
from viewer.core.graph_layout import force_layout, layout_graph
from viewer.core.parse import Link, ParsedNote
from viewer.core.vault import Vault

FUTURE = "deepcast/future_of_work.md"


def keys(graph: LocalGraph, depth: int | None = None) -> set[tuple[str, str]]:
    return {(n.kind, n.key) for n in graph.nodes if depth is None or n.depth == depth}


def edge_counts(graph: LocalGraph) -> dict[tuple[str, str], int]:
    return {(graph.nodes[e.source].key, graph.nodes[e.target].key): e.count for e in graph.edges}


def test_a_notes_neighbours_both_ways_with_topics_hollow(sample_vault):
    graph = local_graph(sample_vault, NOTE, FUTURE)
    assert graph is not None
    assert graph.center == GraphNode(
        NOTE, FUTURE, "The Future of Work", "deepcast", "p0Wz_7HnYtE", 0, 0
    )
    linking = {(NOTE, p) for p in sample_vault.linking_notes(FUTURE) if p != FUTURE}
    linked = {
        (NOTE, target)
        for _, target in sample_vault.resolved_links(FUTURE)
        if target in sample_vault.notes and target != FUTURE
    }
    assert keys(graph, 1) == linking | linked | {(TOPIC, "Tomas Reyes")}
    assert (NOTE, "Welcome.md") in linking - linked  # links here, is not linked back
    topic = graph.nodes[graph.index_of(TOPIC, "Tomas Reyes")]
    assert topic.hollow and topic.channel == "" and topic.episode is None
    welcome = graph.nodes[graph.index_of(NOTE, "Welcome.md")]
    assert (welcome.channel, welcome.episode, welcome.hollow) == ("", None, False)
    assert (graph.more_incoming, graph.more_outgoing, graph.more_second_ring) == (0, 0, 0)


def test_edges_join_nodes_of_the_graph_with_link_counts(sample_vault):
    graph = local_graph(sample_vault, NOTE, FUTURE)
    counts = edge_counts(graph)
    assert counts[(FUTURE, "deepcast/automation_and_skill_formation.md")] == 2
    assert counts[("Welcome.md", FUTURE)] == 1
    assert counts[(FUTURE, "Tomas Reyes")] == 1
    # Links between two neighbours are drawn too, never a link to itself.
    assert ("deepcast/deepcast.md", "deepcast/automation_and_skill_formation.md") in counts
    assert all(e.source != e.target for e in graph.edges)
    assert all(0 <= e.source < len(graph.nodes) > e.target >= 0 for e in graph.edges)


def test_most_linked_neighbours_come_first(sample_vault):
    graph = local_graph(sample_vault, NOTE, FUTURE)
    first_ring = [n for n in graph.nodes if n.depth == 1]
    weights = [n.weight for n in first_ring]
    mutual = [n for n in first_ring if n.weight >= 2]
    assert first_ring[: len(mutual)] == mutual
    assert first_ring[0].key == "deepcast/automation_and_skill_formation.md"
    assert weights[0] == 4  # two links each way


def test_a_topic_centre_has_the_notes_that_mention_it(sample_vault):
    graph = local_graph(sample_vault, TOPIC, "ada moreno")  # any spelling finds it
    assert graph is not None
    assert graph.center.hollow and graph.center.key == "Ada Moreno"
    mentioning = {(NOTE, m.source) for m in sample_vault.topic_mentions("Ada Moreno")}
    assert keys(graph, 1) == mentioning
    assert {graph.nodes[e.source].key for e in graph.edges if e.target == 0} == {
        k for _, k in mentioning
    }


def test_depth_two_adds_the_neighbours_of_neighbours(sample_vault):
    one = local_graph(sample_vault, NOTE, "library/reading/Café Notes.md")
    two = local_graph(sample_vault, NOTE, "library/reading/Café Notes.md", depth=2)
    assert keys(one) < keys(two)
    assert keys(two, 1) == keys(one, 1)
    second = [n for n in two.nodes if n.depth == 2]
    assert second
    first_ring = {two.index_of(n.kind, n.key) for n in two.nodes if n.depth == 1}
    for node in second:
        index = two.index_of(node.kind, node.key)
        touching = {e.source for e in two.edges if e.target == index}
        touching |= {e.target for e in two.edges if e.source == index}
        assert touching & first_ring, node
    assert len(keys(two)) == len(two.nodes)  # no node twice


def test_unknown_centres_give_none(sample_vault):
    assert local_graph(sample_vault, NOTE, "no/such.md") is None
    assert local_graph(sample_vault, TOPIC, "Nobody At All") is None
    assert local_graph(sample_vault, "tag", "design") is None


def hub_vault(backlinks: int = 2000, outgoing: int = 12) -> Vault:
    """A hub linked from `backlinks` notes (every tenth twice), linking to `outgoing` notes."""

    def link(target: str) -> Link:
        return Link(target, None, None, 1, 0, False, False)

    hub = ParsedNote("hub.md", "Hub", links=[link(f"out{i}") for i in range(outgoing)])
    notes = [hub]
    for i in range(backlinks):
        targets = ["hub", "hub"] if i % 10 == 0 else ["hub"]
        notes.append(ParsedNote(f"c{i % 4}/in{i}.md", f"In {i}", links=list(map(link, targets))))
    notes += [ParsedNote(f"out/out{i}.md", f"Out {i}") for i in range(outgoing)]
    return Vault("/nonexistent", notes)


def test_the_cap_keeps_the_most_relevant_and_counts_the_rest():
    vault = hub_vault()
    graph = local_graph(vault, NOTE, "hub.md", max_nodes=60)
    assert len(graph.nodes) == 60
    outgoing = [n for n in graph.nodes if n.key.startswith("out/")]
    incoming = [n for n in graph.nodes if n.key.startswith("c")]
    assert len(outgoing) == 12  # few links out: all of them, the backlinks get the rest
    assert len(incoming) == 47
    assert all(n.weight == 2 for n in incoming)  # double linkers first
    assert (graph.more_incoming, graph.more_outgoing) == (2000 - 47, 0)
    assert len(graph.edges) == 59


def test_the_cap_shares_room_between_the_two_directions():
    vault = hub_vault(backlinks=300, outgoing=300)
    graph = local_graph(vault, NOTE, "hub.md", max_nodes=21)
    outgoing = sum(1 for n in graph.nodes if n.key.startswith("out/"))
    assert outgoing == 10 and len(graph.nodes) == 21
    assert (graph.more_incoming, graph.more_outgoing) == (290, 290)


def test_depth_two_within_the_cap():
    vault = hub_vault(backlinks=2000)
    graph = local_graph(vault, NOTE, "out/out0.md", depth=2, max_nodes=40)
    assert len(graph.nodes) == 40
    assert [n.depth for n in graph.nodes[:2]] == [0, 1]  # the hub, then its backlinks
    assert graph.more_second_ring == 2000 + 11 - 38


def test_selection_is_deterministic_whatever_the_insertion_order():
    forward = hub_vault(backlinks=200)
    backward = Vault("/nonexistent", [forward.notes[p] for p in reversed(list(forward.notes))])
    assert local_graph(forward, NOTE, "hub.md", max_nodes=30) == local_graph(
        backward, NOTE, "hub.md", max_nodes=30
    )


def test_layout_is_deterministic_and_spreads_the_nodes(sample_vault):
    graph = local_graph(sample_vault, NOTE, "deepcast/deepcast.md", depth=2)
    positions = layout_graph(graph)
    assert positions == layout_graph(graph)
    assert positions != layout_graph(graph, seed=1)
    assert positions[0] == (0.0, 0.0)
    assert all(math.isfinite(c) for p in positions for c in p)
    distances = [math.dist(a, b) for a, b in combinations(positions, 2)]
    assert min(distances) > 5.0  # no two nodes on top of each other (spacing 80)
    linked = [math.dist(positions[e.source], positions[e.target]) for e in graph.edges]
    assert sum(linked) / len(linked) < sum(distances) / len(distances)


def test_layout_of_a_capped_hub_and_odd_inputs():
    graph = local_graph(hub_vault(), NOTE, "hub.md")
    positions = layout_graph(graph)
    assert len(positions) == len(graph.nodes) == 70
    assert len(set(positions)) == 70
    assert force_layout([], []) == []
    assert force_layout([0], [(0, 0), (0, 5)]) == [(0.0, 0.0)]
    lone = force_layout([0, 1, 1], [(5, 9)], iterations=10)  # edges out of range are ignored
    assert lone[0] == (0.0, 0.0) and len(set(lone)) == 3


@pytest.mark.parametrize("iterations", [0, 1, 200])
def test_layout_any_number_of_iterations(iterations):
    positions = force_layout([0, 1, 1, 2], [(0, 1), (0, 2), (1, 3)], iterations=iterations)
    assert len(positions) == 4 and all(math.isfinite(c) for p in positions for c in p)


def test_the_graph_follows_live_changes():
    vault = hub_vault(backlinks=3, outgoing=1)
    vault.remove("c1/in1.md")
    vault.upsert(
        ParsedNote("new.md", "New", links=[Link("hub", None, None, 1, 0, False, False)] * 3)
    )
    graph = local_graph(vault, NOTE, "hub.md")
    assert keys(graph, 1) == {
        (NOTE, p) for p in ("c0/in0.md", "c2/in2.md", "new.md", "out/out0.md")
    }
    assert graph.nodes[1].key == "new.md"  # three links: the most relevant
    assert edge_counts(graph)[("new.md", "hub.md")] == 3
