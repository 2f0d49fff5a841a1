"""The local graph of a note or an unresolved topic: its neighbourhood as plain data.

A generated wiki has hub notes with thousands of backlinks; drawing them all helps no one and
would stall any layout. So the neighbourhood is capped at a readable number of nodes, chosen
deterministically by relevance (links shared with the centre, then the neighbour's own
backlinks), with "+N more" counts for what was left out. Selection reads link counts from the
index (no note is unpacked) and sorts each candidate list once, so a note with 2,000
backlinks costs milliseconds. The layout is in `graph_layout`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .names import top_folder
from .vault import Vault

NOTE, TOPIC = "note", "topic"  # node kinds, the same words as the window's page kinds
MAX_NODES = 70
# With depth 2, the first ring gets this share of the cap; what the second leaves goes back.
FIRST_RING_SHARE = 2 / 3

_NodeId = tuple[str, str]  # (kind, key): a note's path, or a topic's key


@dataclass(frozen=True, slots=True)
class GraphNode:
    """A note, or an unresolved topic (drawn hollow). `key` is the note's path or the topic's
    name (what the window opens); `channel` the note's top folder ('' at the top level, and
    for topics), `episode` its videoId; `depth` 0 for the centre; `weight` the links that
    put it in the graph (shared with the centre, or with the first ring)."""

    kind: str
    key: str
    label: str
    channel: str
    episode: str | None
    depth: int
    weight: int

    @property
    def hollow(self) -> bool:
        return self.kind == TOPIC


@dataclass(frozen=True, slots=True)
class GraphEdge:
    """`count` links from node `source` to node `target` (indexes into `LocalGraph.nodes`)."""

    source: int
    target: int
    count: int


@dataclass(frozen=True, slots=True)
class LocalGraph:
    """Nodes (the centre first, then each ring by relevance), edges between them, and how
    many neighbours the cap left out: linking in, linked to, and in the second ring."""

    nodes: tuple[GraphNode, ...]
    edges: tuple[GraphEdge, ...]
    more_incoming: int = 0
    more_outgoing: int = 0
    more_second_ring: int = 0

    @property
    def center(self) -> GraphNode:
        return self.nodes[0]

    def index_of(self, kind: str, key: str) -> int | None:
        for index, node in enumerate(self.nodes):
            if node.kind == kind and node.key == key:
                return index
        return None


def local_graph(
    vault: Vault, kind: str, key: str, *, depth: int = 1, max_nodes: int = MAX_NODES
) -> LocalGraph | None:
    """The neighbourhood of the note at path `key` (kind NOTE) or of the unresolved topic
    named `key` (kind TOPIC), to `depth` 1 or 2, at most `max_nodes` nodes; None when there
    is no such note or topic. Reads the vault only: safe in a worker thread between changes."""
    center = _center(vault, kind, key)
    if center is None:
        return None
    budget = max(0, max_nodes - 1)
    incoming, outgoing = _neighbours(vault, center)
    first_budget = budget if depth < 2 else int(budget * FIRST_RING_SHARE)
    ranked = _rank_first_ring(vault, incoming, outgoing)
    first = _take_first_ring(ranked, incoming, outgoing, first_budget)
    candidates: _Ranked = []
    second: _Ranked = []
    if depth >= 2:
        candidates = _second_ring(vault, center, [node for node, _ in first])
        second = candidates[: budget - len(first)]
        if len(first) + len(second) < budget:  # the second ring left room: give it back
            first = _take_first_ring(ranked, incoming, outgoing, budget - len(second))
    taken = {node for node, _ in first}
    second = [(node, weight) for node, weight in second if node not in taken]
    chosen = [(center, 0, 0), *((n, 1, w) for n, w in first), *((n, 2, w) for n, w in second)]
    nodes = tuple(_node(vault, node, ring, weight) for node, ring, weight in chosen)
    index = {node: i for i, (node, _, _) in enumerate(chosen)}
    return LocalGraph(
        nodes,
        _edges(vault, index),
        more_incoming=sum(1 for node in incoming if node not in taken),
        more_outgoing=sum(1 for node in outgoing if node not in taken),
        more_second_ring=sum(1 for node, _ in candidates if node not in index),
    )


def _center(vault: Vault, kind: str, key: str) -> _NodeId | None:
    if kind == NOTE:
        return (NOTE, key) if key in vault.notes else None
    if kind == TOPIC and vault.topic(key) is not None:
        return (TOPIC, vault.topic_key_for(key))
    return None


def _neighbours(vault: Vault, node: _NodeId) -> tuple[Counter[_NodeId], Counter[_NodeId]]:
    """(notes linking to `node`, notes and topics it links to), each with its link count."""
    kind, key = node
    incoming: Counter[_NodeId] = Counter()
    outgoing: Counter[_NodeId] = Counter()
    if kind == TOPIC:
        for source, count in vault.topic_sources(key).items():
            incoming[(NOTE, source)] = count
        return incoming, outgoing
    for source, count in vault.incoming_counts(key).items():
        if source != key:
            incoming[(NOTE, source)] = count
    for found, topic in vault.outgoing_targets(key):
        if found is not None:
            if found != key and found in vault.notes:  # (attachments are not drawn)
                outgoing[(NOTE, found)] += 1
        elif topic:
            outgoing[(TOPIC, topic)] += 1
    return incoming, outgoing


def _degree(vault: Vault, node: _NodeId) -> int:
    """How many notes link to a node: hubs are the better-known neighbours."""
    kind, key = node
    return len(vault.topic_sources(key)) if kind == TOPIC else vault.linking_count(key)


_Ranked = list[tuple[_NodeId, int]]


def _rank_first_ring(
    vault: Vault, incoming: Counter[_NodeId], outgoing: Counter[_NodeId]
) -> tuple[_Ranked, _Ranked, _Ranked]:
    """(mutual, outgoing only, incoming only) neighbours with their link counts, each most
    relevant first: more links with the centre, then more backlinks of their own."""

    def ranked(nodes: set[_NodeId]) -> _Ranked:
        weights = {node: incoming[node] + outgoing[node] for node in nodes}
        order = sorted(nodes, key=lambda n: (-weights[n], -_degree(vault, n), n))
        return [(node, weights[node]) for node in order]

    both = incoming.keys() & outgoing.keys()
    return (
        ranked(set(both)),
        ranked(set(outgoing) - both),
        ranked(set(incoming) - both),
    )


def _take_first_ring(
    ranked: tuple[_Ranked, _Ranked, _Ranked],
    incoming: Counter[_NodeId],
    outgoing: Counter[_NodeId],
    budget: int,
) -> _Ranked:
    """Mutual links first, then the rest shared between the two directions: each gets half
    of what remains, and what one cannot use goes to the other."""
    mutual, out_only, in_only = ranked
    taken = mutual[:budget]
    room = budget - len(taken)
    out_count = min(len(out_only), max(room // 2, room - len(in_only)))
    in_count = min(len(in_only), room - out_count)
    taken = taken + out_only[:out_count] + in_only[:in_count]
    taken.sort(key=lambda item: -item[1])  # by links with the centre; stable: ties keep order
    return taken


def _second_ring(vault: Vault, center: _NodeId, first: list[_NodeId]) -> _Ranked:
    """Neighbours of the first ring outside the graph, by how many first-ring nodes they
    touch, then by their links with them."""
    inside = {center, *first}
    touching: Counter[_NodeId] = Counter()
    links: Counter[_NodeId] = Counter()
    for node in first:
        incoming, outgoing = _neighbours(vault, node)
        for neighbour in incoming.keys() | outgoing.keys():
            if neighbour not in inside:
                touching[neighbour] += 1
                links[neighbour] += incoming[neighbour] + outgoing[neighbour]
    order = sorted(touching, key=lambda n: (-touching[n], -links[n], n))
    return [(node, links[node]) for node in order]


def _node(vault: Vault, node: _NodeId, depth: int, weight: int) -> GraphNode:
    kind, key = node
    if kind == TOPIC:
        topic = vault.topic(key)
        name = topic.name if topic is not None else key
        return GraphNode(TOPIC, name, name, "", None, depth, weight)
    note = vault.notes[key]
    return GraphNode(NOTE, key, note.title, top_folder(key), note.video_id, depth, weight)


def _edges(vault: Vault, index: dict[_NodeId, int]) -> tuple[GraphEdge, ...]:
    """Every link between two nodes of the graph, one edge per (source, target) pair."""
    counts: Counter[tuple[int, int]] = Counter()
    for (kind, key), source in index.items():
        if kind != NOTE:
            continue  # topics have no note, so no links of their own
        for found, topic in vault.outgoing_targets(key):
            target = index.get((NOTE, found)) if found is not None else None
            if found is None and topic:
                target = index.get((TOPIC, topic))
            if target is not None and target != source:
                counts[(source, target)] += 1
    return tuple(GraphEdge(s, t, c) for (s, t), c in sorted(counts.items()))
