#!/usr/bin/env python3
"""Workspace benchmark: the local graph, outgoing links and "what changed" on a large vault.

Budgets (issues 12 and 13): the local graph of the note with the most backlinks, selection
and layout together, well under 100 ms (no stall over 100 ms); unlinked outgoing names in time
linear in the note's length with ~21,000 titles; the changes list fast enough for start-up
(it runs in a worker thread; the first look reads every note once to make the baseline).

    python benchmarks/bench_workspace.py [VAULT]

Without VAULT, the synthetic 21,000-note vault (benchmarks/synth_vault.py) is generated under
benchmarks/.vaults/ and used. Baselines go to a throwaway cache folder. Never collected by
pytest.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from viewer.core.changes import ChangeTracker  # noqa: E402
from viewer.core.graph import NOTE, local_graph  # noqa: E402
from viewer.core.graph_layout import layout_graph  # noqa: E402
from viewer.core.loader import load_vault  # noqa: E402
from viewer.core.outgoing import NameIndex, outgoing_links, unlinked_outgoing  # noqa: E402
from viewer.core.worddiff import word_diff  # noqa: E402

RUNS = 7
SAMPLE = 200


def _ms(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _runs(call: Callable[[], object], runs: int = RUNS) -> tuple[float, float]:
    """(median, max) milliseconds over `runs` calls."""
    timings = [_ms(call) for _ in range(runs)]
    return statistics.median(timings), max(timings)


def run(vault_path: str | Path) -> dict[str, float]:
    vault = load_vault(vault_path).vault
    results: dict[str, float] = {"notes": float(len(vault.notes))}
    hub = max(vault.notes, key=lambda p: (len(vault.incoming_counts(p)), p))
    results["hub_backlinks"] = float(len(vault.incoming_counts(hub)))
    for depth in (1, 2):
        graph = local_graph(vault, NOTE, hub, depth=depth)
        assert graph is not None
        select = _runs(lambda depth=depth: local_graph(vault, NOTE, hub, depth=depth))
        place = _runs(lambda graph=graph: layout_graph(graph))
        both = _runs(lambda depth=depth: layout_graph(local_graph(vault, NOTE, hub, depth=depth)))
        results[f"graph_depth{depth}_nodes"] = float(len(graph.nodes))
        results[f"graph_depth{depth}_select_ms"] = select[0]
        results[f"graph_depth{depth}_layout_ms"] = place[0]
        results[f"graph_depth{depth}_total_ms"] = both[0]
        results[f"graph_depth{depth}_total_max_ms"] = both[1]

    index_ms = _ms(lambda: NameIndex(vault))
    index = NameIndex(vault)
    results["name_index_names"] = float(len(index))
    results["name_index_build_ms"] = index_ms
    paths = list(vault.notes)[:: max(1, len(vault.notes) // SAMPLE)]
    for path in paths:
        vault.read_text(path)  # outside the timings: reading files is not what is measured
    unlinked = [_ms(lambda p=path: unlinked_outgoing(vault, p, index)) for path in paths]
    outgoing = [_ms(lambda p=path: outgoing_links(vault, p)) for path in paths]
    results["unlinked_median_ms"] = statistics.median(unlinked)
    results["outgoing_median_ms"] = statistics.median(outgoing)
    biggest = max(vault.notes, key=lambda p: vault.files[p].size if p in vault.files else 0)
    results["biggest_note_kb"] = vault.files[biggest].size / 1024
    vault.read_text(biggest)
    results["unlinked_biggest_ms"] = _ms(lambda: unlinked_outgoing(vault, biggest, index))

    text = vault.read_text(paths[len(paths) // 2])
    words = text.split(" ")
    edited = " ".join(w.upper() if i % 40 == 0 else w for i, w in enumerate(words))
    results["word_diff_typical_ms"] = _runs(lambda: word_diff(text, edited))[0]
    results["word_diff_1mb_ms"] = _ms(lambda: word_diff(text * 125, edited * 125))

    with tempfile.TemporaryDirectory(prefix="vv-bench-changes-") as folder:
        tracker = ChangeTracker(vault.root, Path(folder) / "changes.sqlite3")
        results["changes_first_look_s"] = _ms(lambda: tracker.changes(vault)) / 1000
        results["changes_file_mb"] = os.path.getsize(tracker.path) / 1e6
        results["changes_look_ms"] = _runs(lambda: tracker.changes(vault), 3)[0]
        results["changes_mark_all_read_ms"] = _ms(lambda: tracker.mark_all_read(vault))
        results["changes_diff_ms"] = _ms(lambda: tracker.diff(vault, paths[0]))
    return results


def _default_vault() -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synth_vault import generate

    return generate(Path(__file__).resolve().parent / ".vaults" / "workspace-21000", 21000)


def main(argv: list[str]) -> int:
    vault = Path(argv[0]) if argv else _default_vault()
    results = run(vault)
    print(f"Workspace benchmark: {vault}")
    width = max(map(len, results))
    for name, value in results.items():
        print(f"  {name:<{width}}  {value:10.2f}")
    ok = all(results[f"graph_depth{d}_total_max_ms"] < 100 for d in (1, 2))
    print(
        "  budget (graph of the biggest hub, selection + layout < 100 ms):",
        "met" if ok else "MISSED",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
