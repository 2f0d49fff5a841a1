#!/usr/bin/env python3
"""Render benchmark: how long the note pane waits for HTML.

Budgets (from the rendering issue): median <= 15 ms for a typical ~7 KB note, <= 1.5 s for a
1 MB note. Timings are of `NoteRenderer` with its cache cleared (a cached note costs a dict
lookup), after a warm-up so imports and Pygments lexers are loaded, as in a running app.

    python benchmarks/bench_render.py [VAULT]

Without VAULT, a synthetic 300-note vault (benchmarks/synth_vault.py: ~7 KB topic notes
shaped like the real podcast wikis) is generated under benchmarks/.vaults/ and used.
Never collected by pytest.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from viewer.core.vault import Vault  # noqa: E402
from viewer.render import NoteRenderer  # noqa: E402
from viewer.render.source import body_source  # noqa: E402

TYPICAL_SAMPLE = 200
BIG_NOTE_CHARS = 1_000_000
BIG_NOTE_RUNS = 3


def typical_notes(vault: Vault, sample: int = TYPICAL_SAMPLE) -> list[str]:
    """Up to `sample` notes within half to twice the vault's median note size."""
    sizes = {path: entry.size for path, entry in vault.files.items() if path in vault.notes}
    if not sizes:
        return []
    median = statistics.median(sizes.values())
    typical = sorted(p for p, size in sizes.items() if median / 2 <= size <= median * 2)
    step = max(1, len(typical) // sample)
    return typical[::step][:sample]


def big_note(vault: Vault, paths: list[str], chars: int = BIG_NOTE_CHARS) -> str:
    """A note of about `chars` characters made of the bodies of `paths`, one after another
    (frontmatter off and ```markdown wrappers unwrapped, as each note is read)."""
    video = next((vault.notes[p].video_id for p in paths if vault.notes[p].video_id), "x")
    parts = [f"---\ntitle: A very long note\nvideoId: {video}\n---\n"]
    total = len(parts[0])
    while total < chars:
        for path in paths:
            body = body_source(vault.read_text(path))[0]
            parts.append(body.strip("\n") + "\n\n")
            total += len(parts[-1])
            if total >= chars:
                break
    text = "".join(parts)[:chars]
    return text[: text.rfind("\n") + 1]


def _time(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def run(vault_path: str | Path) -> dict[str, float]:
    """Render timings for the vault at `vault_path` (milliseconds, seconds where named)."""
    vault = Vault.load(vault_path)
    renderer = NoteRenderer(vault)
    paths = typical_notes(vault)
    if not paths:
        raise ValueError(f"no notes in {vault_path}")
    for path in paths[:10]:  # warm-up: imports, lexers, regex caches
        renderer.render(path)
    timings = []
    for path in paths:
        renderer.clear_cache()
        timings.append(_time(lambda path=path: renderer.render(path)) * 1000)
    cached = _time(lambda: renderer.render(paths[-1])) * 1000
    renderer.theme = "dark"
    dark = []
    for path in paths[:50]:
        renderer.clear_cache()
        dark.append(_time(lambda path=path: renderer.render(path)) * 1000)
    renderer.theme = "light"
    text = big_note(vault, paths)
    where = f"{paths[0].rsplit('/', 1)[0]}/bench-1mb.md" if "/" in paths[0] else "bench-1mb.md"
    big = [_time(lambda: renderer.render_text(text, where)) for _ in range(BIG_NOTE_RUNS)]
    sizes = [vault.files[p].size for p in paths]
    return {
        "notes": float(len(paths)),
        "typical_note_kb": statistics.median(sizes) / 1024,
        "median_ms": statistics.median(timings),
        "p90_ms": statistics.quantiles(timings, n=10)[-1] if len(timings) > 1 else timings[0],
        "max_ms": max(timings),
        "dark_median_ms": statistics.median(dark),
        "cached_ms": cached,
        "big_note_mb": len(text.encode("utf-8")) / 1e6,
        "big_note_s": statistics.median(big),
        "big_note_first_s": big[0],
    }


def _default_vault() -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synth_vault import generate

    return generate(Path(__file__).resolve().parent / ".vaults" / "render-300", notes=300)


def main(argv: list[str]) -> int:
    vault = Path(argv[0]) if argv else _default_vault()
    results = run(vault)
    print(f"Render benchmark: {vault}")
    width = max(map(len, results))
    for name, value in results.items():
        print(f"  {name:<{width}}  {value:10.2f}")
    ok = results["median_ms"] <= 15 and results["big_note_s"] <= 1.5
    print("  budgets (median <= 15 ms, 1 MB <= 1.5 s):", "met" if ok else "MISSED")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
