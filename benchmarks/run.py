#!/usr/bin/env python3
"""`make bench`: every speed figure of issues 11 and 16, each printed beside its target.

Vaults: the synthetic vault shaped like the full published podcast wiki (synth_vault.py, 21,273
notes), the real `../shared/vaults/tubegraph-lexfridman` when present, and 100,000 small notes
(synth_vault's small-notes shape). Every figure is measured in a fresh interpreter (start-up
included) and every time is also given as a multiple of merely reading the vault's bytes in the
same run, so a slow or busy machine shows as a slow floor rather than a slow viewer.

    python benchmarks/run.py [--runs 3] [--skip-window] [--skip-100k] [--skip-shared]

Sections: core (cold index, warm reopen, doctor, search, quick switcher: core_probes.py), the
window (launch to first note, event-loop stalls, note switching, heavy notes, live reload, peak
memory: window_probe.py, a child running Qt offscreen), rendering (bench_render.py), the
player and local copies (bench_player.py), the reading aids (bench_reading.py) and the
100,000-note vault. Never collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from synth_vault import REAL, SMALL, generate, shared_vault, specials  # noqa: E402

PYTHON = sys.executable
SWITCHED_NOTES = 200
CHILD_TIMEOUT_S = 900


def _isolated_env(cache: Path, home: Path) -> dict[str, str]:
    """Children keep their cache, settings and Qt's config in scratch folders."""
    return {
        **os.environ,
        "VAULT_VIEWER_CACHE_DIR": str(cache),
        "VAULT_VIEWER_CONFIG_DIR": str(home / "config" / "vault-viewer"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_DATA_HOME": str(home / "data"),
        "QT_QPA_PLATFORM": "offscreen",
    }


def _run(argv: list[str], env: dict[str, str], *, output: bool = True) -> tuple[dict, float]:
    """Run a child; (its last JSON line, wall seconds from spawn to exit)."""
    started = time.perf_counter()
    result = subprocess.run(
        argv,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE if output else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=CHILD_TIMEOUT_S,
        check=False,
    )
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:3])} failed ({result.returncode}):\n{result.stderr}")
    data = json.loads(result.stdout.strip().splitlines()[-1]) if output else {}
    return data, wall


def probe(name: str, vault: Path, env: dict[str, str]) -> tuple[dict, float]:
    return _run([PYTHON, str(HERE / "core_probes.py"), name, str(vault)], env)


def median_runs(runs: int, measure: Callable[[int], float]) -> float:
    return statistics.median(measure(i) for i in range(runs))


# -- the report ----------------------------------------------------------------------------


@dataclass
class Row:
    label: str
    target: float | None  # upper bound, in `unit`
    unit: str  # "s", "ms", "MB", "x" or "" (a count)
    values: dict[str, float | None] = field(default_factory=dict)
    ratio: bool = False  # also shown as a multiple of reading the bytes


@dataclass
class Report:
    columns: list[str]
    reads: dict[str, float] = field(default_factory=dict)  # column -> seconds to read bytes
    rows: list[Row] = field(default_factory=list)

    def add(
        self,
        column: str,
        label: str,
        value: float | None,
        target: float | None = None,
        unit: str = "s",
        *,
        ratio: bool = False,
    ) -> None:
        for row in self.rows:
            if row.label == label:
                break
        else:
            row = Row(label, target, unit, ratio=ratio)
            self.rows.append(row)
        row.values[column] = value
        shown = _format(value, unit)
        print(f"  {label:<58} {shown:>12}   {column}", flush=True)

    def table(self) -> str:
        width = max(len(row.label) for row in self.rows) + 2
        head = f"{'Figure':<{width}}{'Target':>10}"
        for column in self.columns:
            head += f"{column:>16}{'x read':>8}"
        lines = [head, "-" * len(head)]
        for row in self.rows:
            target = f"<= {_format(row.target, row.unit)}" if row.target is not None else "-"
            line = f"{row.label:<{width}}{target:>10}"
            for column in self.columns:
                value = row.values.get(column)
                mark = ""
                if value is not None and row.target is not None:
                    mark = " ok" if value <= row.target else " MISS"
                cell = _format(value, row.unit) + mark if column in row.values else ""
                read = self.reads.get(column)
                times = ""
                if row.ratio and value is not None and read and row.unit in ("s", "ms"):
                    seconds = value / 1000 if row.unit == "ms" else value
                    times = f"{seconds / read:.1f}x"
                line += f"{cell:>16}{times:>8}"
            lines.append(line)
        return "\n".join(lines)


def _format(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "x":
        return f"{value:.1f}x"
    return f"{value:,.0f}"


# -- sections ------------------------------------------------------------------------------


def core_figures(report: Report, column: str, vault: Path, scratch: Path, runs: int) -> None:
    """Cold index, warm reopen, doctor, search and switcher on one vault."""
    home = scratch / "home"

    def env(cache: str) -> dict[str, str]:
        return _isolated_env(scratch / cache, home)

    read = median_runs(runs, lambda _: probe("read", vault, env("none"))[0]["read_s"])
    report.reads[column] = read
    report.add(column, "Reading the notes' bytes (the floor)", read, unit="s")

    cold_runs = [probe("cold", vault, env("none")) for _ in range(runs)]
    cold_wall = statistics.median(wall for _, wall in cold_runs)
    facts = cold_runs[0][0]
    report.add(column, "Notes", facts["notes"], unit="")
    report.add(column, "Links (wikilinks and markdown links)", facts["links"], unit="")
    report.add(column, "... unresolved", facts["unresolved"], unit="")
    report.add(column, "Unresolved topics", facts["topics"], unit="")
    report.add(column, "Citations", facts["citations"], unit="")
    report.add(column, "Cold index, interpreter start included", cold_wall, 2.0, ratio=True)
    report.add(column, "Cold index / reading the bytes", cold_wall / read, 8.0, "x")
    report.add(
        column,
        "Cold index CPU, main process and workers",
        statistics.median(data["cpu_s"] for data, _ in cold_runs),
    )
    report.add(
        column,
        "Cold index peak memory (main process)",
        statistics.median(data["peak_mb"] for data, _ in cold_runs),
        unit="MB",
    )

    def doctor(cache: str) -> float:
        argv = [PYTHON, "-m", "viewer", "doctor", str(vault), "--json"]
        return _run(argv, env(cache), output=False)[1]

    report.add(
        column,
        "doctor --json, cold (no cache)",
        median_runs(runs, lambda i: doctor(f"doctor-cold-{i}")),
        3.0,
        ratio=True,
    )
    doctor("doctor-warm")
    report.add(
        column,
        "doctor --json, warm",
        median_runs(runs, lambda _: doctor("doctor-warm")),
        1.0,
        ratio=True,
    )

    _, search_cold_wall = probe("search-cold", vault, env("search"))
    report.add(
        column, "Search ready, cold (index + full-text index)", search_cold_wall, 8.0, ratio=True
    )
    report.add(
        column,
        "Search ready, warm",
        median_runs(runs, lambda _: probe("search-warm", vault, env("search"))[1]),
        1.0,
        ratio=True,
    )
    report.add(
        column,
        "Warm reopen: tree and backlinks ready (window: last snapshot, scan after)",
        median_runs(runs, lambda _: probe("warm-last", vault, env("search"))[1]),
        0.6,
        ratio=True,
    )
    report.add(
        column,
        "Warm reopen, scanned first (the command line)",
        median_runs(runs, lambda _: probe("warm", vault, env("search"))[1]),
        ratio=True,
    )
    queries, _ = probe("queries", vault, env("search"))
    report.add(column, "Search query, median", queries["median_ms"], 15.0, "ms")
    report.add(column, "Search query, max", queries["max_ms"], unit="ms")
    switcher, _ = probe("switcher", vault, env("search"))
    report.add(column, "Quick switcher entries", switcher["entries"], unit="")
    report.add(column, "Quick switcher build", switcher["build_s"], unit="s")
    report.add(column, "Quick switcher per keystroke, p95", switcher["p95_ms"], 16.0, "ms")
    report.add(column, "Quick switcher per keystroke, max", switcher["max_ms"], unit="ms")


def window_figures(
    report: Report, column: str, vault: Path, scratch: Path, found: dict[str, str]
) -> None:
    """Launch, stalls, switching, heavy notes, live reload and memory, on a copy of `vault`
    (the live-reload step saves a note)."""
    copy = scratch / "window-vault"
    if not copy.exists():
        shutil.copytree(vault, copy, symlinks=True)
    notes = sorted(str(path.relative_to(copy)) for path in copy.rglob("*.md") if path.is_file())
    heavy = {found.get(name) for name in ("big", "table", "huge")}
    ordinary = [path for path in notes if path not in heavy]
    first = found.get("typical") or ordinary[len(ordinary) // 2]
    largest = found.get("largest_folder") or first.rsplit("/", 1)[0]
    in_largest = [p for p in ordinary if p.startswith(f"{largest}/") and p != first]
    env = _isolated_env(scratch / "window-cache", scratch / "window-home")

    def run(plan: dict) -> dict:
        return window_run(scratch, env, copy, first, plan)

    cold = run({"switch": [], "special": {}, "save": None, "settle_s": 12})
    warm = run(
        {
            "switch": random.Random(11).sample(ordinary, min(SWITCHED_NOTES, len(ordinary))),
            "special": {k: v for k, v in found.items() if k in ("big", "table", "huge")},
            "save": in_largest[len(in_largest) // 3] if in_largest else None,
            "settle_s": 3,
        }
    )
    report.add(column, "Window: launch to first note readable, cold", cold.get("first_note_s"), 0.8)
    report.add(column, "Window: launch to first note readable, warm", warm.get("first_note_s"), 0.5)
    report.add(column, "Window: launch to vault indexed, cold", cold.get("vault_loaded_s"))
    for phase, stall in sorted(cold["stalls_ms"].items()):
        report.add(column, f"Window: longest stall, cold, {phase}", stall, 100.0, "ms")
    for phase, stall in sorted(warm["stalls_ms"].items()):
        report.add(column, f"Window: longest stall, warm, {phase}", stall, 100.0, "ms")
    report.add(column, "Window: note switch, median", warm.get("switch_median_ms"), 15.0, "ms")
    report.add(column, "Window: note switch, p99", warm.get("switch_p99_ms"), 50.0, "ms")
    if "huge" in found:
        report.add(column, "Window: 3 MB note, beginning shown", warm.get("huge_note_s"), 1.0)
    if "big" in found:
        report.add(column, "Window: 1 MB note complete", warm.get("big_note_s"), 1.5)
    if "table" in found:
        report.add(column, "Window: note with a 60,000-char table rule", warm.get("table_note_s"))
    report.add(
        column, "Window: one save in the largest folder, visible", warm.get("save_visible_s"), 1.0
    )
    report.add(column, "Window: peak memory, cold", cold.get("peak_mb"), 250.0, "MB")
    report.add(
        column, "Window: peak memory, warm with the heavy notes", warm.get("peak_mb"), 400.0, "MB"
    )


def window_run(scratch: Path, env: dict[str, str], vault: Path, first: str, plan: dict) -> dict:
    """One window_probe.py child on `vault`, opening `first`; its results."""
    plan_file = scratch / "plan.json"
    plan_file.parent.mkdir(parents=True, exist_ok=True)
    plan_file.write_text(json.dumps({"vault": str(vault), "first": first, **plan}))
    env["VV_BENCH_LAUNCH"] = repr(time.time())
    data, _ = _run([PYTHON, str(HERE / "window_probe.py"), str(plan_file)], env)
    return data


def hundred_k_window(report: Report, column: str, vault: Path, scratch: Path) -> None:
    """The window on 100,000 notes, cold then warm (no note is saved: the vault is not
    copied). Warm 'vault loaded' is what a user waits for on a reopen: the tree and the
    backlinks ready in the window."""
    env = _isolated_env(scratch / "window-cache", scratch / "window-home")
    notes = sorted(str(path.relative_to(vault)) for path in vault.rglob("*.md") if path.is_file())
    first = notes[len(notes) // 2]
    switch = random.Random(11).sample(notes, min(50, len(notes)))
    plain = {"special": {}, "save": None}
    # Cold: settle long enough for the index thread to write the cache (seconds on 100,000
    # notes) before the window closes; a thread still running at exit aborts the probe.
    cold = window_run(scratch, env, vault, first, {**plain, "switch": [], "settle_s": 30})
    warm = window_run(scratch, env, vault, first, {**plain, "switch": switch, "settle_s": 5})
    report.add(column, "100k window: launch to first note readable, warm", warm.get("first_note_s"))
    report.add(column, "100k window: launch to vault indexed, cold", cold.get("vault_loaded_s"))
    report.add(
        column,
        "100k window: warm reopen, tree and backlinks ready (<= 3 s)",
        warm.get("vault_loaded_s"),
        3.0,
    )
    for name, run in (("cold", cold), ("warm", warm)):
        for phase, stall in sorted(run["stalls_ms"].items()):
            report.add(column, f"100k window: longest stall, {name}, {phase}", stall, 100.0, "ms")
        # For scale, with no target: the 400 MB bounds what a note adds (the heavy
        # notes' row of the synthetic vault); 100,000 notes' index alone is more than that.
        report.add(column, f"100k window: peak memory, {name}", run.get("peak_mb"), unit="MB")
    report.add(column, "100k window: note switch, median", warm.get("switch_median_ms"), unit="ms")


def hundred_k(report: Report, scratch: Path, runs: int, *, window: bool = True) -> None:
    column = "100k small"
    vault = generate(HERE / ".vaults" / "synth-small-100k", shape=SMALL)
    env = _isolated_env(scratch / "cache", scratch / "home")
    read = median_runs(runs, lambda _: probe("read", vault, env)[0]["read_s"])
    report.reads[column] = read
    report.add(column, "Reading the notes' bytes (the floor)", read, unit="s")
    cold, cold_wall = probe("cold", vault, env)
    report.add(column, "Notes", cold["notes"], unit="")
    report.add(column, "Cold index, interpreter start included", cold_wall, ratio=True)
    report.add(column, "Cold index peak memory (main process)", cold["peak_mb"], unit="MB")
    probe("prepare", vault, env)
    report.add(
        column,
        "Warm reopen: tree and backlinks ready (window: last snapshot; 100k: <= 3 s)",
        median_runs(runs, lambda _: probe("warm-last", vault, env)[1]),
        3.0,
        ratio=True,
    )
    report.add(
        column,
        "Warm reopen, scanned first (the command line)",
        median_runs(runs, lambda _: probe("warm", vault, env)[1]),
        ratio=True,
    )
    if window:
        hundred_k_window(report, column, vault, scratch)


def player(vault: Path) -> None:
    """The persistent player, video-folder scans, subtitles and Play All (bench_player.py)."""
    from bench_player import run as player_run

    print("\nPlayer, local copies, Play All (bench_player.py, this process)")
    for name, value in player_run(vault).items():
        shown = f"{value:12.3f}" if isinstance(value, float) else f"{value!s:>12}"
        print(f"  {name:<24} {shown}")


def rendering(vault: Path) -> None:
    from bench_render import run as render_run

    print("\nRendering (bench_render.py, this process)")
    for name, value in render_run(vault).items():
        print(f"  {name:<24} {value:12.3f}")


def reading(vault: Path) -> None:
    """Hover previews, the outline and PDF export in a window (bench_reading.py, a child)."""
    print("\nReading aids (bench_reading.py: previews, outline, PDF export)")
    done = subprocess.run(
        [PYTHON, str(HERE / "bench_reading.py"), str(vault), "--notes", "30"],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    for line in lines[1:] or [done.stderr[-800:]]:
        print(f"  {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notes", type=int, default=REAL.notes)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-window", action="store_true")
    parser.add_argument("--skip-100k", action="store_true")
    parser.add_argument("--skip-shared", action="store_true")
    parser.add_argument("--skip-render", action="store_true")
    parser.add_argument("--skip-player", action="store_true")
    parser.add_argument("--skip-reading", action="store_true")
    args = parser.parse_args()

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, {platform.system()}; "
        f"load average {load:.1f} at start"
    )
    started = time.perf_counter()
    synthetic = generate(HERE / ".vaults" / f"synth-{args.notes}", notes=args.notes)
    print(f"Synthetic vault: {synthetic} ({time.perf_counter() - started:.1f} s to ensure)")
    columns = ["synthetic"]
    real = None if args.skip_shared else shared_vault()
    if real is not None:
        columns.append("shared")
    if not args.skip_100k:
        columns.append("100k small")
    report = Report(columns)
    with tempfile.TemporaryDirectory(prefix="vv-bench-") as tmp:
        scratch = Path(tmp)
        print("\nCore, synthetic vault")
        core_figures(report, "synthetic", synthetic, scratch / "synthetic", args.runs)
        if real is not None:
            print("\nCore, shared vault")
            core_figures(report, "shared", real, scratch / "shared", args.runs)
        if not args.skip_window:
            print("\nWindow, synthetic vault")
            window_figures(
                report, "synthetic", synthetic, scratch / "window-synthetic", specials(synthetic)
            )
            if real is not None:
                print("\nWindow, shared vault")
                window_figures(report, "shared", real, scratch / "window-shared", {})
        if not args.skip_100k:
            print("\n100,000 small notes")
            hundred_k(report, scratch / "small", args.runs, window=not args.skip_window)
    if not args.skip_render:
        rendering(synthetic)
    if not args.skip_player:
        player(real or synthetic)
    if not args.skip_reading and not args.skip_window:
        reading(synthetic)
    print(f"\nSummary (medians of {args.runs} runs; each time also as a multiple of reading)")
    print(report.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
