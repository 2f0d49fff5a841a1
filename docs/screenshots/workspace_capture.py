"""Screenshots of the reading workspace: tabs in a split with the local graph, the graph of a
hub two steps deep, and the Bookmarks and Changes tabs.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/workspace_capture.py [VAULT]

With the real wiki (default: ../shared/vaults/tubegraph-lexfridman, when present) it writes
workspace-split.png (three tabs and a split, the Graph tab of the active one) and
graph-hub-dark.png (the channel index, the note with the most backlinks, two steps deep, in
the dark theme). On the sample vault it writes workspace-changes.png: a copy of the vault
read once, then edited, added to and pruned, and opened again with its Changes tab, a word
diff and a few bookmarks. Settings, bookmarks and baselines go to throwaway folders.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path[:0] = [str(REPO), str(HERE)]
SCRATCH = Path(tempfile.mkdtemp(prefix="vault-viewer-shots-"))
os.environ["VAULT_VIEWER_CONFIG_DIR"] = str(SCRATCH / "config")
os.environ["VAULT_VIEWER_CACHE_DIR"] = str(SCRATCH / "cache")

from PySide6.QtCore import QSettings, QTimer  # noqa: E402

from capture import reduce_colours  # noqa: E402
from viewer.app import _application, create_window  # noqa: E402
from viewer.session.location import NOTE_PAGE, OTHER_GROUP, Location  # noqa: E402
from viewer.ui.settings import Settings  # noqa: E402

SHARED = REPO.parent / "shared" / "vaults" / "tubegraph-lexfridman"
SAMPLE = REPO / "resources" / "sample-vault"
SIZE = (1500, 900)
Step = tuple[Callable[[object], bool], Callable[[object], None]]


def run(vault: Path, theme: str, note: str | None, steps: list[Step], name: str) -> None:
    """Open a window, then for each step wait until its condition holds and do its action;
    at the end, save the window to `name`."""
    app = _application()
    settings = Settings(QSettings(str(SCRATCH / f"{name}.ini"), QSettings.Format.IniFormat))
    settings.theme = theme
    window = create_window(vault, note, settings=settings)
    window.resize(*SIZE)
    window.splitter.setSizes([300, 760, 440])
    pending = list(steps)

    def tick() -> None:
        if pending and pending[0][0](window):
            pending.pop(0)[1](window)
        if not pending:
            reduce_colours(window.grab().toImage()).save(str(HERE / name))
            print("wrote", HERE / name)
            app.quit()
            return
        QTimer.singleShot(150, tick)

    QTimer.singleShot(300, tick)
    QTimer.singleShot(180_000, app.quit)
    app.exec()
    window.close()
    window.shutdown()


def ready(window) -> bool:
    shown = window.shown
    return shown is not None and shown.kind != "message"


def graph_of(key: str) -> Callable[[object], bool]:
    def drawn(window) -> bool:
        view = window.workspace.graph.view
        return view.picture is not None and view.nodes[0].key == key

    return drawn


def settle(seconds: float) -> Step:
    """Wait a little (pages painted, tooltips gone)."""
    import time

    until: list[float] = []

    def done(_window) -> bool:
        if not until:
            until.append(time.monotonic() + seconds)
        return time.monotonic() >= until[0]

    return done, lambda _window: None


def open_tab(path: str, where: str = "new-tab") -> Callable[[object], None]:
    return lambda window: window.area.open(Location(NOTE_PAGE, path), where)


def shared_shots(vault: Path) -> None:
    ai = "lexfridman/artificial_intelligence_and_deep_learning.md"
    run(
        vault,
        "light",
        "lexfridman/neural_networks_and_artificial_intelligence.md",
        [
            (ready, open_tab("lexfridman/spacex_and_mars_missions.md")),
            (ready, open_tab(ai)),
            (
                ready,
                open_tab("lexfridman/cryptocurrency_and_blockchain_technology.md", OTHER_GROUP),
            ),
            (ready, lambda w: w.area.activate(w.area.groups[0].current())),
            (
                ready,
                lambda w: w.side_tabs.setCurrentWidget(w.workspace.graph),
            ),
            (graph_of(ai), lambda w: w.workspace.graph.view.setFocus()),
            settle(1.0),
        ],
        "workspace-split.png",
    )
    hub = "lexfridman/lexfridman.md"
    run(
        vault,
        "dark",
        hub,
        [
            (ready, lambda w: w.side_tabs.setCurrentWidget(w.workspace.graph)),
            (graph_of(hub), lambda w: w.workspace.graph.toggle_depth()),
            (
                lambda w: any(n.depth == 2 for n in w.workspace.graph.view.nodes),
                lambda w: w.workspace.graph.view.setFocus(),
            ),
            settle(1.0),
        ],
        "graph-hub-dark.png",
    )


def changes_shot() -> None:
    vault = SCRATCH / "sample-vault"
    shutil.copytree(SAMPLE, vault)
    run(
        vault,
        "light",
        "deepcast/future_of_work.md",
        [(lambda w: w.workspace.changes.listed is not None, lambda w: None)],
        "first-session.png",
    )
    (HERE / "first-session.png").unlink()
    future = vault / "deepcast" / "future_of_work.md"
    text = future.read_text(encoding="utf-8")
    future.write_text(
        text.replace("bundles of tasks", "bundles of many small tasks")
        .replace("Cash machines handled withdrawals", "Automatic tellers took over withdrawals")
        .replace("the clerical, bookkeeping, and supervisory", "the clerical and supervisory"),
        encoding="utf-8",
    )
    (vault / "deepcast" / "quiet_hours.md").write_text(
        "---\ntitle: Quiet Hours\n---\nA new episode note.\n", encoding="utf-8"
    )
    (vault / "field-signals" / "winter_soundscapes.md").unlink()

    def choose_changed(window) -> None:
        changes = window.workspace.changes
        window.left_tabs.setCurrentWidget(changes)
        changes.tree.setCurrentItem(changes.tree.item_of("deepcast/future_of_work.md"))
        changes.tree.setFocus()
        changes.show_button.setChecked(True)

    def bookmark(window) -> None:
        for path in ("directory.md", "deepcast/deepcast.md"):
            window.workspace.bookmarks.toggle(_note_bookmark(path, window))

    run(
        vault,
        "light",
        "directory.md",
        [
            (lambda w: w.workspace.changes.listed is not None, bookmark),
            (lambda w: True, choose_changed),
            (lambda w: "many small" in w.workspace.changes.diff.toPlainText(), lambda w: None),
            settle(0.8),
        ],
        "workspace-changes.png",
    )


def _note_bookmark(path: str, window):
    from viewer.session.bookmarks import NOTE, Bookmark

    return Bookmark(NOTE, path, title=window.vault.title_of(path))


def main() -> int:
    vault = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED
    try:
        if vault.is_dir():
            shared_shots(vault)
        changes_shot()
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
