"""Screenshots of rendered notes in a QTextBrowser, as the note pane shows them.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/capture.py [--out DIR]

Writes render-, welcome-, episode- and episode-strip-light.png and -dark.png next to this file
(palette-reduced PNGs, small enough to commit). The window is set up as the note pane should
be: a sans-serif default font, the theme's background as the palette's base, and the root
frame's side margins from `reading_margin`.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QImage, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QTextBrowser

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from viewer.core.media import MediaLibrary  # noqa: E402
from viewer.core.vault import Vault  # noqa: E402
from viewer.render import NoteRenderer, reading_margin  # noqa: E402
from viewer.render.theme import palette  # noqa: E402

OUT = Path(__file__).resolve().parent
WIDTH, HEIGHT = 900, 1000
SHOTS = {
    "render": "deepcast/future_of_work.md",
    "welcome": "Welcome.md",
}
EPISODES = {"episode": "p0Wz_7HnYtE"}  # generated episode pages, by video id
# The episode page as reached from one of its notes, with a downloaded copy beside it: the
# note's ticks are emphasized in the citation strip, and the page names the copy.
STRIP = ("episode-strip", "p0Wz_7HnYtE", "deepcast/automation_and_skill_formation.md")
STRIP_COPY = MediaLibrary(
    videos={"p0Wz_7HnYtE": Path("/home/reader/Videos/deepcast/Tomas Reyes [p0Wz_7HnYtE].mkv")},
    subtitles={
        "p0Wz_7HnYtE": (Path("/home/reader/Videos/deepcast/Tomas Reyes [p0Wz_7HnYtE].en.vtt"),)
    },
)


def browser(html: str, theme: str, height: int = HEIGHT) -> QTextBrowser:
    view = QTextBrowser()
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.resize(WIDTH, height)
    font = QFont("DejaVu Sans")
    font.setPixelSize(16)
    view.document().setDefaultFont(font)
    colours = view.palette()
    colours.setColor(QPalette.ColorRole.Base, QColor(palette(theme).background))
    colours.setColor(QPalette.ColorRole.Text, QColor(palette(theme).text))
    view.setPalette(colours)
    view.setHtml(html)
    view.show()
    QApplication.processEvents()
    margin = reading_margin(view.viewport().width(), font.pixelSize())
    frame = view.document().rootFrame()
    fmt = frame.frameFormat()
    fmt.setLeftMargin(margin)
    fmt.setRightMargin(margin)
    fmt.setTopMargin(28)
    fmt.setBottomMargin(28)
    frame.setFrameFormat(fmt)
    return view


def reduce_colours(image: QImage) -> QImage:
    """The image with its 256 most used colours (text antialiasing needs few): a PNG a
    fraction of the size, without the noise of dithering."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    data = bytes(image.constBits())[: image.sizeInBytes()]
    counts = Counter(data[i : i + 4] for i in range(0, len(data), 4))
    table = [int.from_bytes(pixel, "little") | 0xFF000000 for pixel, _ in counts.most_common(256)]
    return image.convertToFormat(
        QImage.Format.Format_Indexed8, table, Qt.ImageConversionFlag.AvoidDither
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Screenshots of rendered sample notes.")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs")
    parser.add_argument("--height", type=int, default=HEIGHT, help="window height (px)")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    renderer = NoteRenderer(Vault.load(REPO / "resources" / "sample-vault"))
    pages = {name: (renderer.render, path) for name, path in SHOTS.items()}
    pages.update({name: (renderer.render_episode, video) for name, video in EPISODES.items()})
    name, video, note = STRIP
    pages[name] = (
        lambda key: renderer.render_episode(key, media=STRIP_COPY, open_note=note),
        video,
    )
    for name, (render, key) in pages.items():
        for theme in ("light", "dark"):
            renderer.theme = theme
            view = browser(render(key).html, theme, args.height)
            app.processEvents()
            image = reduce_colours(view.grab().toImage())
            target = args.out / f"{name}-{theme}.png"
            image.save(str(target), "PNG", 0)
            view.close()
            print(target, target.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
