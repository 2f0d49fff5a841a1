"""Screenshots of the real window on the bundled sample vault, for the README.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/window_capture.py

Writes window-light.png (a topic note with its backlinks), window-dark.png (the same in the
dark theme) and window-videos.png (the Videos tree, an episode page and its timeline), as
palette-reduced PNGs small enough to commit. Settings go to a throwaway file.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path[:0] = [str(REPO), str(HERE)]

from PySide6.QtCore import QSettings, QTimer  # noqa: E402

from capture import reduce_colours  # noqa: E402
from viewer.app import _application, create_window  # noqa: E402
from viewer.core.tree import EPISODE, find_key  # noqa: E402
from viewer.ui.settings import Settings  # noqa: E402

VAULT = REPO / "resources" / "sample-vault"
SIZE = (1400, 860)


def shoot(theme: str, note: str, name: str, videos: str | None = None) -> None:
    app = _application()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        settings.theme = theme
        window = create_window(VAULT, note, settings=settings, use_cache=False)
        window.resize(*SIZE)
        state = {"step": "note"}

        def save() -> None:
            reduce_colours(window.grab().toImage()).save(str(HERE / name))
            print("wrote", HERE / name)
            app.quit()

        def on_page(location) -> None:
            if state["step"] == "note":
                if videos is None:
                    state["step"] = "done"
                    QTimer.singleShot(700, save)
                else:
                    state["step"] = "tree"
                    window.commands.action("tree-videos").trigger()
            elif state["step"] == "episode":
                state["step"] = "done"
                window.side_tabs.setCurrentWidget(window.timestamps)
                QTimer.singleShot(900, save)

        def on_tree() -> None:
            if state["step"] == "tree":
                state["step"] = "episode"
                node = find_key(window.tree_panel.model.root(), EPISODE, videos)
                window.tree_panel.reveal_key(EPISODE, node.key)
                window.tree_panel.activated.emit(node)

        window.pageShown.connect(on_page)
        window.treeRefreshed.connect(on_tree)
        QTimer.singleShot(60_000, app.quit)
        app.exec()
        window.shutdown()
        window.close()


def main() -> int:
    shoot("light", "deepcast/future_of_work.md", "window-light.png")
    shoot("dark", "field-signals/hydrophone_recording.md", "window-dark.png")
    shoot("light", "deepcast/deepcast.md", "window-videos.png", videos="p0Wz_7HnYtE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
