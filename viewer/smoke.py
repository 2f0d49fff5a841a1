"""`--smoke-test VAULT`: prove an installed or frozen app works, without a display.

Opens the real window offscreen on VAULT, waits for the index and the first rendered note,
prints what it saw and exits 0; any failure exits 1 with the reason.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

TIMEOUT_SECONDS = 60


def smoke_test(vault: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if not vault.is_dir():
        print(f"smoke test: vault folder not found: {vault}", file=sys.stderr)
        return 1
    from PySide6.QtCore import QSettings, QStandardPaths

    from .app import _application, create_window
    from .ui.settings import Settings

    app = _application()
    QStandardPaths.setTestModeEnabled(True)  # never touch the user's own settings
    store = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "VaultViewerSmoke")
    store.clear()
    window = create_window(vault, settings=Settings(store))
    shown: list[object] = []
    window.vaultLoaded.connect(lambda _vault: window.pageShown.connect(shown.append))
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while not shown and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    index = window.vault
    notes = len(index.notes) if index is not None else 0
    title = window.windowTitle()
    text = window.note_pane.toPlainText()
    window.close()
    window.shutdown()  # the index thread may still be writing the cache: wait, as a quit does
    if not shown or not notes or not text.strip():
        print(f"smoke test failed: nothing rendered within {TIMEOUT_SECONDS} s", file=sys.stderr)
        return 1
    print(f"ok: {title!r}, {notes} notes, {len(text)} characters rendered")
    return 0
