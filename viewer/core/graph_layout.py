"""A deterministic force-directed layout for the local graph, in pure Python.

Fruchterman-Reingold with a grid: nodes repel only within two ideal edge lengths (found through
a grid of cells that size, not by trying every pair), linked nodes attract, a weak pull keeps
everything near the centre, and the centre stays at the origin. Start positions come from a
seeded random source around rings by depth, and the number of iterations is fixed, so the same
graph always gets the same picture. A pure function of its input: run it in a worker thread.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from itertools import islice

from .graph import LocalGraph

ITERATIONS = 50
SPACING = 80.0  # the ideal edge length in output units (scene pixels)
_GRAVITY = 0.04
_CELL = 2.0  # repulsion reach, in ideal edge lengths (the FR cut-off)


def layout_graph(
    graph: LocalGraph, *, seed: int = 0, iterations: int = ITERATIONS, spacing: float = SPACING
) -> list[tuple[float, float]]:
    """Positions (x, y) for `graph.nodes`, in order; the centre node at (0, 0)."""
    edges = ((edge.source, edge.target) for edge in graph.edges)
    rings = [node.depth for node in graph.nodes]
    return force_layout(rings, edges, seed=seed, iterations=iterations, spacing=spacing)


def force_layout(
    rings: Sequence[int],
    edges: Iterable[tuple[int, int]],
    *,
    seed: int = 0,
    iterations: int = ITERATIONS,
    spacing: float = SPACING,
) -> list[tuple[float, float]]:
    """Positions for nodes whose depths are `rings` (0: pinned at the origin) linked by
    `edges` (pairs of node indexes, either direction), in units of `spacing`."""
    count = len(rings)
    if count == 0:
        return []
    xs, ys = _start(rings, random.Random(seed))
    pairs = sorted(
        {
            (min(a, b), max(a, b))
            for a, b in edges
            if a != b and min(a, b) >= 0 and max(a, b) < count
        }
    )
    pinned = [depth == 0 for depth in rings]
    extent = max(1.0, max(math.hypot(x, y) for x, y in zip(xs, ys, strict=True)))
    temperature = extent / 4
    cooling = temperature / max(1, iterations)
    for _ in range(iterations):
        dx = [0.0] * count
        dy = [0.0] * count
        _repel(xs, ys, dx, dy)
        for a, b in pairs:  # attraction d^2/k along each link (k = 1)
            ex, ey = xs[a] - xs[b], ys[a] - ys[b]
            distance = math.sqrt(ex * ex + ey * ey) or 1e-9
            fx, fy = ex * distance, ey * distance
            dx[a] -= fx
            dy[a] -= fy
            dx[b] += fx
            dy[b] += fy
        for i in range(count):
            if pinned[i]:
                continue
            x, y = xs[i], ys[i]
            mx, my = dx[i] - _GRAVITY * x, dy[i] - _GRAVITY * y
            length = math.sqrt(mx * mx + my * my)
            if length > temperature:
                mx, my = mx * temperature / length, my * temperature / length
            xs[i], ys[i] = x + mx, y + my
        temperature = max(temperature - cooling, 0.01)
    return [(x * spacing, y * spacing) for x, y in zip(xs, ys, strict=True)]


def _start(rings: Sequence[int], rng: random.Random) -> tuple[list[float], list[float]]:
    """Each ring evenly round a circle wide enough for its nodes, with a little seeded jitter
    so that no two nodes start in the same place."""
    sizes: dict[int, int] = {}
    for depth in rings:
        sizes[depth] = sizes.get(depth, 0) + 1
    placed: dict[int, int] = {}
    radius_of: dict[int, float] = {}
    radius = 0.0
    for depth in sorted(sizes):
        if depth > 0:
            radius = max(radius + 1.0, sizes[depth] / (2 * math.pi))
        radius_of[depth] = radius
    xs: list[float] = []
    ys: list[float] = []
    for depth in rings:
        if depth == 0:
            xs.append(0.0)
            ys.append(0.0)
            continue
        slot = placed.get(depth, 0)
        placed[depth] = slot + 1
        angle = 2 * math.pi * (slot + rng.uniform(-0.25, 0.25)) / sizes[depth]
        reach = radius_of[depth] * rng.uniform(0.9, 1.1)
        xs.append(reach * math.cos(angle))
        ys.append(reach * math.sin(angle))
    return xs, ys


def _repel(xs: list[float], ys: list[float], dx: list[float], dy: list[float]) -> None:
    """Repulsion k^2/d between nodes closer than _CELL, found through a grid of that size:
    each pair is looked at once, from the cell of its first node and the four cells after."""
    cells: dict[tuple[int, int], list[int]] = {}
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        cells.setdefault((math.floor(x / _CELL), math.floor(y / _CELL)), []).append(i)
    reach = _CELL * _CELL
    for (cx, cy), members in cells.items():
        around = members.copy()  # this cell, then the four after it
        for key in ((cx + 1, cy - 1), (cx + 1, cy), (cx + 1, cy + 1), (cx, cy + 1)):
            around += cells.get(key, ())
        for position, i in enumerate(members):
            x, y = xs[i], ys[i]
            fx = fy = 0.0
            for j in islice(around, position + 1, None):
                ex, ey = x - xs[j], y - ys[j]
                d2 = ex * ex + ey * ey
                if d2 >= reach:
                    continue
                if d2 < 1e-9:  # the same place: push apart along a fixed direction
                    ex, ey, d2 = 0.01 * (1 + (i - j) % 7), 0.01, 2e-4
                push = 1.0 / d2  # k^2 / d along the unit vector = (e / d) * (1 / d)
                ex *= push
                ey *= push
                fx += ex
                fy += ey
                dx[j] -= ex
                dy[j] -= ey
            dx[i] += fx
            dy[i] += fy
