#!/usr/bin/env python3
"""Player benchmark: what a reader waits for between clicking a citation and watching it.

- the persistent mpv (headless, a generated local video): the first citation (mpv starts and
  answers on its socket), a seek in the same video, a load of another video;
- `PlayerController.open` on the GUI thread: must return at once whatever the player does;
- scanning video folders (5,000 files in 50 folders): a first scan, then the cached answer;
- subtitles: parsing three hours of automatic captions, and finding the lines at a second;
- Play All: the queue of every cited moment of a topic; the episode page with its strip.

    python benchmarks/bench_player.py [VAULT]

Sections needing mpv or ffmpeg are skipped (and say so) when those are not installed.
Never collected by pytest.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from viewer.core.episodes import episodes, timeline  # noqa: E402
from viewer.core.media import scan_media  # noqa: E402
from viewer.core.mpv import MpvPlayer  # noqa: E402
from viewer.core.playlist import build_queue  # noqa: E402
from viewer.core.subtitles import excerpt, parse_subtitles  # noqa: E402
from viewer.core.vault import Vault  # noqa: E402
from viewer.render import NoteRenderer  # noqa: E402

RUNS = 5


def _ms(seconds: float) -> float:
    return seconds * 1000


def _timed(fn) -> tuple[float, object]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def bench_mpv(folder: Path) -> dict:
    mpv, ffmpeg = shutil.which("mpv"), shutil.which("ffmpeg")
    if mpv is None or ffmpeg is None:
        return {"mpv": "skipped: mpv or ffmpeg not installed"}
    videos = []
    for name in ("aaaaaaaaaaa", "bbbbbbbbbbb"):
        path = folder / f"{name}.mkv"
        subprocess.run(
            [ffmpeg, "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi",
             "-i", "testsrc=size=320x240:rate=25:duration=600", "-c:v", "mpeg4", str(path)],
            check=True,
        )  # fmt: skip
        videos.append(str(path))
    starts, seeks, loads = [], [], []
    for _ in range(RUNS):
        player = MpvPlayer(mpv, ["--vo=null", "--ao=null"], folder=folder)
        try:
            starts.append(_timed(lambda p=player: p.open(videos[0], 60))[0])
            for second in (120, 300, 30):
                seeks.append(_timed(lambda p=player, s=second: p.open(videos[0], s))[0])
            loads.append(_timed(lambda p=player: p.open(videos[1], 200))[0])
        finally:
            player.shutdown()
    return {
        "mpv_first_citation_ms": _ms(statistics.median(starts)),
        "mpv_seek_ms": _ms(statistics.median(seeks)),
        "mpv_other_video_ms": _ms(statistics.median(loads)),
    }


def bench_controller_open() -> dict:
    """How long `open` holds the GUI thread while a (missing-program) player is handled."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from viewer.core.player import MPV, PlayerConfig
    from viewer.ui.player_controller import PlayerController

    app = QApplication.instance() or QApplication(sys.argv[:1])
    mpv = shutil.which("mpv") or "mpv"
    controller = PlayerController(
        PlayerConfig(MPV, mpv_program=mpv, mpv_options="--vo=null --ao=null")
    )
    waits = []
    for second in range(10):
        waits.append(_timed(lambda s=second: controller.open("p0Wz_7HnYtE", s))[0])
        app.processEvents()
    stopped = _timed(lambda: controller.shutdown(5000))[0]
    return {
        "controller_open_max_ms": _ms(max(waits)),
        "controller_shutdown_ms": _ms(stopped),
    }


def bench_scan(folder: Path) -> dict:
    videos = folder / "videos"
    for channel in range(50):
        sub = videos / f"channel {channel}"
        sub.mkdir(parents=True)
        for episode in range(100):
            video_id = f"{channel:05d}{episode:06d}"
            (sub / f"Episode {episode} [{video_id}].mp4").touch()
    cache = folder / "cache"
    first, library = _timed(lambda: scan_media([str(videos)], cache_dir=cache))
    cached = statistics.median(
        _timed(lambda: scan_media([str(videos)], cache_dir=cache))[0] for _ in range(RUNS)
    )
    return {"scan_5000_files_ms": _ms(first), "scan_cached_ms": _ms(cached), "found": len(library)}


def auto_captions(hours: float = 3.0) -> str:
    """WebVTT shaped like YouTube's automatic captions: each line repeated in the next cue."""
    parts, second, words = ["WEBVTT\nKind: captions\nLanguage: en\n"], 0.0, 0
    previous = ""
    while second < hours * 3600:
        line = " ".join(f"word{(words + i) % 997}" for i in range(7))
        words += 7
        stamp = time.strftime("%H:%M:%S", time.gmtime(second))
        end = time.strftime("%H:%M:%S", time.gmtime(second + 2))
        parts.append(
            f"{stamp}.000 --> {end}.000 align:start position:0%\n{previous}\n"
            f"{line}<{stamp}.500><c> more</c>\n"
        )
        previous, second = line, second + 2
    return "\n".join(parts)


def bench_subtitles() -> dict:
    text = auto_captions()
    parse, lines = _timed(lambda: parse_subtitles(text))
    lookups = [_timed(lambda s=s: excerpt(lines, s))[0] for s in range(0, 10800, 97)]
    return {
        "captions_mb": len(text.encode()) / 1e6,
        "parse_3h_ms": _ms(parse),
        "spoken_lines": len(lines),
        "excerpt_median_us": statistics.median(lookups) * 1e6,
    }


def bench_vault(vault_root: Path) -> dict:
    vault = Vault.load(vault_root)
    found = episodes(vault)
    topics = vault.topics()
    topic = topics[0].name if topics else next(iter(vault.notes))
    queue_s, queue = _timed(lambda: build_queue(vault, topic))
    busiest = max(found, key=lambda video: len(timeline(vault, video))) if found else None
    result = {
        "queue_topic": topic,
        "queue_clips": len(queue.clips) if queue else 0,
        "queue_ms": _ms(queue_s),
    }
    if busiest is not None:
        renderer = NoteRenderer(vault)
        renderer.render_episode(busiest)  # warm-up
        page = statistics.median(
            _timed(lambda: renderer.render_episode(busiest))[0] for _ in range(RUNS)
        )
        result["episode_citations"] = len(timeline(vault, busiest))
        result["episode_page_ms"] = _ms(page)
    return result


def run(vault_root: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory(prefix="vv-") as folder:
        results = bench_mpv(Path(folder))
    with tempfile.TemporaryDirectory(prefix="vv-") as folder:
        results.update(bench_scan(Path(folder)))
    results.update(bench_subtitles())
    results.update(bench_controller_open())
    if vault_root is not None:
        results.update(bench_vault(vault_root))
    return results


def main(argv: list[str]) -> int:
    vault = Path(argv[0]) if argv else ROOT / "resources" / "sample-vault"
    for key, value in run(vault).items():
        shown = f"{value:,.3f}" if isinstance(value, float) else f"{value}"
        print(f"  {key:<26} {shown:>14}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
