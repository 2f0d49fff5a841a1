"""Screenshots of what issue 15 fixed in the reading view, before and after.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/reading_capture.py [--tag after]

Writes a small demo vault (our own words) into a temporary folder and renders, in both
themes: a topic note whose intro runs on after its ``From:`` byline, a table with ``\\|``
links and a sized image, a folded callout closed and open, a wide image and a long code
line in a narrow window, and an unresolved topic's page with its citations. PNGs are named
``reading-<shot>-<theme>-<tag>.png``. Run with an older checkout on ``sys.path`` (set
PYTHONPATH) and ``--tag before`` for the before pictures; shots the old renderer cannot make
(a callout opened by a click) are skipped there.
"""

from __future__ import annotations

import argparse
import struct
import sys
import tempfile
import zlib
from pathlib import Path

from PySide6.QtWidgets import QApplication

HERE = Path(__file__).resolve().parent
sys.path.insert(1, str(HERE))

import capture  # noqa: E402
from capture import browser, reduce_colours  # noqa: E402

from viewer.core.vault import Vault  # noqa: E402
from viewer.render import NoteRenderer, reading_margin  # noqa: E402

CITE = '<a class="yt-timestamp" data-t="00:{}">[00:{}]</a>'
NOTES = {
    "studio/studio.md": "# Studio\n\nA channel about small workshops.\n",
    "studio/kiln_scheduling.md": (
        "---\ntitle: Kiln Scheduling\nvideoId: k1lnSchedul\n---\n\n"
        "From: [[studio]] <br/>\nKiln scheduling decides when each load is fired, and the "
        "host argues it is the quiet centre of a pottery's week: get it wrong and every "
        f"[[Glaze Testing|glaze test]] waits a fortnight {CITE.format('04:10', '04:10')}.\n\n"
        "## Loads by the week\n\n"
        "| Day | Load | Notes |\n|---|---|---|\n"
        "| Monday | [[Bisque Firing\\|bisque]] | ![[swatch.png\\|60]] greenware from last week |\n"
        "| Thursday | [[Glaze Testing\\|glaze tests]] | the tiles go on the top shelf |\n\n"
        "> [!faq]- Why not fire every day?\n> A half-empty kiln wastes most of the heat it "
        "takes to reach temperature.\n\n> [!tip] Keep a log\n> Write down each firing's "
        "peak and its cooling time.\n"
    ),
    "studio/Glaze Testing.md": "# Glaze Testing\n\nTiles, not pots.\n",
    "studio/kiln_log.md": (
        "---\ntitle: Kiln Log\n---\n\nA screenshot of the controller, wider than the page:\n\n"
        "![[controller.png]]\n\nThe controller's export, one line per firing:\n\n```text\n"
        "2024-03-01T07:00 cone=6 ramp=100,150,80 hold=10 peak=1222C "
        + "segment=ok " * 20
        + "\n```\n\nBoth stay inside the column.\n"
    ),
    "studio/firing_mistakes.md": (
        "---\ntitle: Firing Mistakes\nvideoId: f1r1ngM1stk\n---\n\n"
        "Opening the kiln too early cracked a whole load, says [[Mara Lindqvist]] "
        f"{CITE.format('12:40', '12:40')}. Later she adds that **slow cooling** saved the "
        f"next one, and [[Mara Lindqvist]] now waits a full day {CITE.format('15:05', '15:05')}.\n"
    ),
}


def png(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    """A plain PNG of one colour with a darker band (enough to see its size)."""
    band = bytes(max(0, c - 60) for c in colour)
    rows = b"".join(
        b"\x00" + (band if height // 3 < y < 2 * height // 3 else bytes(colour)) * width
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def demo_vault(folder: Path) -> Path:
    for name, text in NOTES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "studio" / "swatch.png").write_bytes(png(120, 80, (200, 120, 90)))
    (folder / "studio" / "controller.png").write_bytes(png(1800, 700, (110, 150, 200)))
    return folder


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tag", default="after", help="suffix of the file names")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    try:
        from viewer.render.options import RenderOptions
    except ImportError:  # the renderer before issue 15
        RenderOptions = None  # noqa: N806
    with tempfile.TemporaryDirectory() as folder:
        renderer = NoteRenderer(Vault.load(demo_vault(Path(folder)), workers=1))
        shots = {
            "byline-table-callout": ("studio/kiln_scheduling.md", 900, 760, None),
            "wide-image-code": ("studio/kiln_log.md", 560, 760, None),
            "topic-pills": ("Mara Lindqvist", 900, 420, None),
        }
        if RenderOptions is not None:
            shots["callout-open"] = ("studio/kiln_scheduling.md", 900, 760, "c-why-not-fire-every-day")
        for name, (key, width, height, toggled) in shots.items():
            for theme in ("light", "dark"):
                renderer.theme = theme
                if key.endswith(".md"):
                    # The reading column, the scroll bar's width taken off as the pane must.
                    column = width - 2 * reading_margin(width - 16, 16) - 16 - 8
                    if RenderOptions is not None:
                        options = RenderOptions(
                            image_width=column,
                            toggled=frozenset({toggled} if toggled else ()),
                        )
                        html = renderer.render(key, options).html
                    else:
                        html = renderer.render(key).html
                else:
                    html = renderer.render_topic(key).html
                capture.WIDTH = width  # (the margins follow the window's width)
                view = browser(html, theme, height)
                app.processEvents()
                image = reduce_colours(view.grab().toImage())
                target = args.out / f"reading-{name}-{theme}-{args.tag}.png"
                image.save(str(target), "PNG", 0)
                view.close()
                print(target, target.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
