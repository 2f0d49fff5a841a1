"""Screenshots of the reading aids (issue 12) in the real window: a hover preview of a note
link and of a timestamp pill, the Outline panel following the scroll, the Outgoing links
panel, and the first page of an exported PDF.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/reading_aids_capture.py [VAULT PREFIX]

Without arguments, the bundled sample vault, written as reading-*.png; with the shared
vault and a prefix (e.g. `../shared/vaults/tubegraph-lexfridman lexfridman`), PREFIX-*.png.
The note shown is chosen by its shape (headings, links, citations), never named here. The
PDF page is drawn with `pdftoppm` (poppler-utils) when it is installed. Preview windows are
separate top-level windows: each is painted onto the window's image where it stands, with a
pointer drawn where the mouse rests. Settings and caches go to throwaway folders.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from offscreen_desktop import offscreen_desktop

SCRATCH = offscreen_desktop("vv-shots-")  # before Qt is imported
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path[:0] = [str(REPO), str(HERE)]

from capture import reduce_colours  # noqa: E402
from PySide6.QtCore import QEventLoop, QPoint, QPointF, QSettings  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.ui.pane_links import link_position  # noqa: E402
from viewer.app import _application, create_window  # noqa: E402
from viewer.core.vault import Vault  # noqa: E402
from viewer.render.hrefs import note_href  # noqa: E402
from viewer.ui.outgoing_panel import OutgoingPanel  # noqa: E402
from viewer.ui.outline_panel import OutlinePanel  # noqa: E402
from viewer.ui.settings import Settings  # noqa: E402

SIZE = (1400, 860)


def wait(done: Callable[[], bool], seconds: float = 60.0) -> None:
    app = QApplication.instance()
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def settle(seconds: float = 0.4) -> None:
    """Let layout and painting catch up (a screenshot, not a test)."""
    end = time.monotonic() + seconds
    wait(lambda: time.monotonic() > end)


def choose_note(vault: Vault) -> str:
    """A note that shows every aid: the most headings among notes with a video, unresolved
    topics and several note links (ties: natural order)."""

    def score(path: str) -> tuple:
        note = vault.notes[path]
        targets = [target for _link, target in vault.resolved_links(path)]
        resolved = sum(1 for t in targets if t in vault.notes and t != path)
        unresolved = sum(1 for t in targets if t is None)
        usable = note.video_id is not None and resolved >= 2 and unresolved >= 1
        return (usable, min(len(note.headings), 8), note.stamps_valid > 2, -len(path), path)

    return max(vault.notes, key=score)


def pointer(painter: QPainter, tip: QPoint) -> None:
    arrow = QPolygonF(
        [QPointF(0, 0), QPointF(0, 17), QPointF(4.5, 13), QPointF(8, 20), QPointF(10.5, 19),
         QPointF(7, 12), QPointF(12.5, 12)]
    )  # fmt: skip
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(QPointF(tip))
    painter.setPen(QPen(QColor("white"), 1.4))
    painter.setBrush(QColor("black"))
    painter.drawPolygon(arrow)
    painter.restore()


def window_image(window, frames=(), tip: QPoint | None = None) -> QImage:
    """The window with the preview windows painted where they stand, and the pointer."""
    image = window.grab().toImage()
    painter = QPainter(image)
    for frame in frames:
        painter.drawPixmap(window.mapFromGlobal(frame.pos()), frame.grab())
    if tip is not None:
        pointer(painter, window.mapFromGlobal(tip))
    painter.end()
    return image


def save(image: QImage, name: str) -> None:
    reduce_colours(image).save(str(HERE / name))
    print("wrote", HERE / name)


def hover(window, prefix: str):
    """Rest the pointer on a link; the preview and where the pointer rests (global)."""
    pane = window.note_pane
    point = link_position(pane, prefix)
    settle(0.2)
    QTest.mouseMove(pane.viewport(), QPoint(3, 3))
    shown: list = []
    window.aids.previews.shown.connect(shown.append)
    QTest.mouseMove(pane.viewport(), point)
    wait(lambda: bool(shown))
    window.aids.previews.shown.disconnect(shown.append)
    settle()
    return shown[0], pane.viewport().mapToGlobal(point)


def shoot(vault_path: Path, prefix: str) -> None:
    app = _application()
    settings = Settings(QSettings(str(SCRATCH / f"{prefix}.ini"), QSettings.Format.IniFormat))
    settings.theme = "light"
    note = choose_note(Vault.load(vault_path))
    window = create_window(vault_path, note, settings=settings)
    window.resize(*SIZE)
    window.show()
    wait(lambda: window.shown is not None and window.shown.key == note)
    wait(lambda: window.session.settled())
    settle(1.0)

    # A note link's preview, scrolled to its heading or line, beside the link.
    vault = window.vault
    targets = [t for _l, t in vault.resolved_links(note) if t in vault.notes and t != note]
    frame, tip = hover(window, note_href(targets[-1]))
    save(window_image(window, [frame], tip), f"{prefix}-preview.png")
    window.aids.previews.dismiss()

    # A timestamp pill's preview: episode, channel, time and the sentence, in the dark theme.
    window.set_theme("dark")
    wait(lambda: window.shown is not None and window.shown.key == note)
    settle(0.8)
    frame, tip = hover(window, "time:")
    save(window_image(window, [frame], tip), f"{prefix}-preview-time-dark.png")
    window.aids.previews.dismiss()
    window.set_theme("light")
    wait(lambda: window.shown is not None and window.shown.key == note)
    settle(0.8)

    # The Outline panel, the note scrolled to a heading in its middle.
    outline = window.side_tabs.panel(OutlinePanel)
    window.side_tabs.setCurrentWidget(outline)
    wait(lambda: bool(outline.entries()))
    entries = outline.entries()
    middle = outline._items[len(entries) // 2]
    outline.tree.setCurrentItem(middle)
    outline._activate(middle)
    settle(0.6)
    save(window_image(window), f"{prefix}-outline.png")

    # The Outgoing links panel.
    outgoing = window.side_tabs.panel(OutgoingPanel)
    window.side_tabs.setCurrentWidget(outgoing)
    wait(lambda: bool(outgoing.rows("Unlinked names")) or "none" in outgoing.heading.text())
    window.note_pane.verticalScrollBar().setValue(0)
    settle(0.8)
    save(window_image(window), f"{prefix}-outgoing.png")

    # The first page of the PDF export.
    pdf = SCRATCH / f"{prefix}.pdf"
    written: list[str] = []
    window.aids.printer.exported.connect(written.append)
    window.aids.printer.export_pdf(str(pdf))
    wait(lambda: bool(written))
    if shutil.which("pdftoppm"):
        base = SCRATCH / f"{prefix}-page"
        subprocess.run(["pdftoppm", "-r", "80", "-f", "1", "-l", "1", "-png", str(pdf), str(base)],
                       check=True)  # fmt: skip
        page = next(SCRATCH.glob(f"{prefix}-page*.png"))
        save(QImage(str(page)), f"{prefix}-pdf.png")
    else:
        print("pdftoppm is not installed: no picture of the PDF")
    window.shutdown()
    window.close()
    app.processEvents()


def main(argv: list[str]) -> int:
    if argv:
        shoot(Path(argv[0]), argv[1] if len(argv) > 1 else "shared")
    else:
        shoot(REPO / "resources" / "sample-vault", "reading")
    shutil.rmtree(SCRATCH, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
