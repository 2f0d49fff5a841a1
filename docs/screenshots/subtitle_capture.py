"""Screenshot of a timestamp's preview with the spoken lines from a local copy's subtitles.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/subtitle_capture.py [--out DIR]

Writes timestamp-subtitles-light.png and -dark.png next to this file: a sample note in the
note pane, and, under its 1:18:18 citation, the preview the window shows on hover, built by
`player_controller.excerpt_html` from a subtitle file written here (the sample vault has no
videos, so the transcript is made up for the picture).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QLabel

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from capture import browser, reduce_colours  # noqa: E402

from viewer.core.media import scan_media  # noqa: E402
from viewer.core.subtitles import SubtitleLibrary  # noqa: E402
from viewer.core.vault import Vault  # noqa: E402
from viewer.render import NoteRenderer  # noqa: E402
from viewer.render.theme import palette  # noqa: E402
from viewer.ui.player_controller import excerpt_html  # noqa: E402

OUT = Path(__file__).resolve().parent
NOTE, VIDEO, SECONDS = "deepcast/future_of_work.md", "p0Wz_7HnYtE", 4698
TRANSCRIPT = """WEBVTT

01:18:09.000 --> 01:18:12.500
So if you could change one thing, just one,

01:18:12.500 --> 01:18:16.000
what would it be? Honestly, I would make training portable.

01:18:16.000 --> 01:18:20.000
A worker should carry what they learned from one employer to the next,

01:18:20.000 --> 01:18:23.500
the way you carry a pension. Right now a firm that trains people

01:18:23.500 --> 01:18:27.000
is giving a gift to its competitors, so most of them don't.

01:18:27.000 --> 01:18:30.000
And that is the part we can actually fix.
"""


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Screenshot of a subtitle preview.")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, f"The Future of Work [{VIDEO}].en.vtt").write_text(TRANSCRIPT, "utf-8")
        library = scan_media([folder], cache_dir=Path(folder) / "cache")
        excerpt = SubtitleLibrary().excerpt(library.subtitle_files(VIDEO), SECONDS)
    assert excerpt is not None
    renderer = NoteRenderer(Vault.load(REPO / "resources" / "sample-vault"))
    for theme in ("light", "dark"):
        renderer.theme = theme
        view = browser(renderer.render(NOTE).html, theme, 620)
        cursor = view.document().find("▶ 1:18:18")  # Qt finds a no-break space as a space
        assert not cursor.isNull()
        view.setTextCursor(cursor)
        view.ensureCursorVisible()
        app.processEvents()
        bar = view.verticalScrollBar()  # the citation a third down, its preview below it
        bar.setValue(bar.value() + view.cursorRect(cursor).top() - 150)
        cursor.clearSelection()
        view.setTextCursor(cursor)
        app.processEvents()
        spot = view.cursorRect(cursor).bottomLeft()
        tip = QLabel(view.viewport())
        tip.setTextFormat(Qt.TextFormat.RichText)
        tip.setWordWrap(True)
        tip.setFrameShape(QFrame.Shape.Box)
        tip.setMargin(8)
        tip.setFixedWidth(540)
        colours = tip.palette()
        p = palette(theme)
        colours.setColor(QPalette.ColorRole.Window, QColor(p.surface))
        colours.setColor(QPalette.ColorRole.WindowText, QColor(p.text))
        tip.setPalette(colours)
        tip.setAutoFillBackground(True)
        tip.setText(excerpt_html(excerpt, "▶ 1:18:18 · mpv: seeks the open window · local copy"))
        tip.adjustSize()
        tip.move(max(8, min(spot.x() - 200, view.viewport().width() - 548)), spot.y() + 6)
        tip.show()
        app.processEvents()
        target = args.out / f"timestamp-subtitles-{theme}.png"
        reduce_colours(view.grab().toImage()).save(str(target), "PNG", 0)
        view.close()
        print(target, target.stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
