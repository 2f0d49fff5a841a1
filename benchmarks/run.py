#!/usr/bin/env python3
"""`make bench`: every speed figure the README quotes, measured the same way each time.

Sections (each a target from the issues, checked here rather than in timed tests):
- cold index of a synthetic vault shaped like the real podcast wikis, in a fresh interpreter
  (start-up included), peak memory, and the ratio to merely reading the same bytes;
- warm reopen from the index cache: tree and backlinks ready, search ready;
- quick-switcher latency per keystroke and full-text search latency;
- rendering (benchmarks/bench_render.py);
- the event loop while the window indexes the vault (longest stall);
- the reading aids: a hover preview on screen after the delay, the outline, a PDF export
  (benchmarks/bench_reading.py);
- the real shared vault, when ../shared is present.

    python benchmarks/run.py [--notes 21000] [--skip-ui] [--runs 3]
Never collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from synth_vault import generate, shared_vault  # noqa: E402

PYTHON = sys.executable


def _child(code: str, env: dict[str, str] | None = None) -> dict:
    """Run `code` in a fresh interpreter; it prints one JSON object as its last line."""
    started = time.perf_counter()
    result = subprocess.run(
        [PYTHON, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=True,
    )
    data = json.loads(result.stdout.strip().splitlines()[-1])
    data["wall_s"] = time.perf_counter() - started
    return data


COLD_INDEX = """
import json, resource, time
from viewer.core.loader import load_vault
result = load_vault({root!r}, use_cache=False)
vault = result.vault
total, resolved = vault.link_counts()
stamps = sum(n.stamps_total for n in vault.notes.values())
backlinks = sum(1 for _ in vault._incoming)
self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps(dict(notes=len(vault.notes), links=total, resolved=resolved,
    timestamps=stamps, linked_notes=backlinks, index_s=result.seconds,
    peak_rss_mb=self_kb / 1024, worker_peak_rss_mb=children_kb / 1024)))
"""

READ_BYTES = """
import json, os
total = files = 0
stack = [{root!r}]
while stack:
    for entry in os.scandir(stack.pop()):
        if entry.name.startswith('.'):
            continue
        if entry.is_dir():
            stack.append(entry.path)
        elif entry.name.endswith('.md'):
            with open(entry.path, 'rb') as handle:
                total += len(handle.read())
            files += 1
print(json.dumps(dict(bytes=total, files=files)))
"""

WARM_REOPEN = """
import json, time
started = time.perf_counter()
from viewer.core.loader import load_vault
from viewer.core.search import SearchIndex
from viewer.core.tree import build_tree
result = load_vault({root!r}, use_cache=True)
vault = result.vault
tree = build_tree({{p: n.title for p, n in vault.notes.items()}})
some = next(iter(vault.notes))
vault.backlinks(some)
tree_ready = time.perf_counter() - started
index = SearchIndex(result.cache)
to_index, to_drop = index.stale(vault.files)
hits = index.search("the", limit=5)
search_ready = time.perf_counter() - started
print(json.dumps(dict(from_cache=result.from_cache, parsed=len(result.parsed),
    tree_ready_s=tree_ready, search_ready_s=search_ready, stale=len(to_index) + len(to_drop),
    hits=len(hits))))
"""

PREPARE_CACHE = """
import json, time
from viewer.core.loader import load_vault
from viewer.core.search import SearchIndex
result = load_vault({root!r}, use_cache=True)
result.write_cache()
vault = result.vault
started = time.perf_counter()
count = SearchIndex(result.cache).sync(vault.root, vault.files,
    {{p: n.title for p, n in vault.notes.items()}})
print(json.dumps(dict(indexed=count, fts_build_s=time.perf_counter() - started)))
"""

FINDING = """
import json, statistics, time
from viewer.core.loader import load_vault
from viewer.core.search import SearchIndex
from viewer.core.switcher import SwitcherIndex
result = load_vault({root!r}, use_cache=True)
vault = result.vault
switcher = SwitcherIndex.from_vault(vault)
typed = ["technology", "the role of", "fut wor", "ai ethics", "person", "q", "xzv"]
per_key = []
for word in typed:
    query = ""
    for char in word:
        query += char
        start = time.perf_counter()
        switcher.search(query)
        per_key.append((time.perf_counter() - start) * 1000)
index = SearchIndex(result.cache)
queries = ["future", "energy storage", '"the future"', "tech*", "data OR music",
    "model NOT trust", "title:history", "foo-bar", "(((", "zzzz"]
search_ms = []
for query in queries:
    start = time.perf_counter()
    index.search(query, limit=50, prefix_last=True)
    search_ms.append((time.perf_counter() - start) * 1000)
print(json.dumps(dict(entries=len(switcher), keystrokes=len(per_key),
    switcher_median_ms=statistics.median(per_key), switcher_max_ms=max(per_key),
    switcher_p95_ms=statistics.quantiles(per_key, n=20)[-1],
    search_median_ms=statistics.median(search_ms), search_max_ms=max(search_ms))))
"""

UI_STALLS = """
import json, os, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
from viewer.app import _application, create_window
from viewer.ui.settings import Settings
app = _application()
store = QSettings(os.path.join({tmp!r}, "ui.ini"), QSettings.Format.IniFormat)
clock = QElapsedTimer(); clock.start()
gaps = []
last = [clock.elapsed()]
def tick():
    now = clock.elapsed(); gaps.append(now - last[0]); last[0] = now
timer = QTimer(); timer.setInterval(10); timer.timeout.connect(tick); timer.start()
window = create_window({root!r}, settings=Settings(store), use_cache=False)
shown_at = clock.elapsed()
gaps.clear()  # building the window is start-up, measured above; stalls count from here
last[0] = clock.elapsed()
done = {{}}
def loaded(_v):
    done["loaded"] = clock.elapsed()
def page(_l):
    if "page" not in done:
        done["page"] = clock.elapsed()
        QTimer.singleShot(300, app.quit)
window.vaultLoaded.connect(loaded)
window.pageShown.connect(page)
QTimer.singleShot(120000, app.quit)
app.exec()
window.shutdown()
print(json.dumps(dict(window_shown_ms=shown_at, vault_loaded_ms=done.get("loaded"),
    first_page_ms=done.get("page"), max_stall_ms=max(gaps) - 10 if gaps else None,
    ticks=len(gaps))))
"""


def median_of(runs: int, make) -> dict:
    results = [make() for _ in range(runs)]
    keys = results[0].keys()
    return {
        k: statistics.median(r[k] for r in results)
        if isinstance(results[0][k], (int, float))
        else results[0][k]
        for k in keys
    }


def report(title: str, values: dict) -> None:
    print(f"\n{title}")
    for key, value in values.items():
        shown = f"{value:,.3f}" if isinstance(value, float) else f"{value:,}"
        print(f"  {key:<24} {shown:>14}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=21000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-ui", action="store_true")
    args = parser.parse_args()

    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, {platform.system()}"
    )
    vault = generate(HERE / ".vaults" / f"synth-{args.notes}", notes=args.notes)
    with tempfile.TemporaryDirectory(prefix="vv-bench-") as tmp:
        env = {"VAULT_VIEWER_CACHE_DIR": str(Path(tmp) / "cache")}
        read = median_of(args.runs, lambda: _child(READ_BYTES.format(root=str(vault))))
        cold = median_of(args.runs, lambda: _child(COLD_INDEX.format(root=str(vault)), env))
        cold["ratio_to_reading"] = cold["wall_s"] / read["wall_s"]
        cold["read_bytes_s"] = read["wall_s"]
        cold["mb"] = read["bytes"] / 1e6
        report(f"Cold index, {args.notes:,} notes (fresh interpreter, no cache)", cold)

        prepared = _child(PREPARE_CACHE.format(root=str(vault)), env)
        report("Index cache written and full-text index built (background work)", prepared)
        warm = median_of(args.runs, lambda: _child(WARM_REOPEN.format(root=str(vault)), env))
        report("Warm reopen from the cache (fresh interpreter)", warm)

        finding = _child(FINDING.format(root=str(vault)), env)
        report("Quick switcher and full-text search", finding)

        from bench_render import run as render_run

        report("Rendering (bench_render.py, synthetic notes)", render_run(vault))

        if not args.skip_ui:
            ui = _child(UI_STALLS.format(root=str(vault), tmp=tmp), env)
            report("Window indexing the vault (offscreen): event loop", ui)
            reading = subprocess.run(
                [sys.executable, str(HERE / "bench_reading.py"), str(vault), "--notes", "30"],
                capture_output=True,
                text=True,
                check=False,
            )
            lines = [line for line in reading.stdout.splitlines() if line.strip()]
            print("\nReading aids (bench_reading.py: previews, outline, PDF export)")
            print(textwrap.indent("\n".join(lines[1:] or [reading.stderr[-800:]]), "  "))

        real = shared_vault()
        if real is not None:
            shared = median_of(args.runs, lambda: _child(COLD_INDEX.format(root=str(real)), env))
            report(f"Real vault {real.name} (cold, fresh interpreter)", shared)
    return 0


if __name__ == "__main__":
    sys.exit(main())
