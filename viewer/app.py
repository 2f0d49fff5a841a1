"""Application entry point: QApplication set-up, `create_window()` and `main()`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from . import APP_NAME, __version__
from .core.vault import Vault


def create_window(vault_path: str | Path, note: str | None = None) -> QMainWindow:
    """Build and show a window on `vault_path` without starting the event loop."""
    vault = Vault.load(vault_path)
    window = QMainWindow()
    window.setWindowTitle(f"{Path(vault_path).name} - {APP_NAME}")
    window.setCentralWidget(QLabel(f"{len(vault.notes)} notes"))
    window.show()
    return window


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--version" in argv:
        print(f"{APP_NAME} {__version__}")
        return 0
    app = QApplication.instance() or QApplication([sys.argv[0]])
    window = create_window(argv[0] if argv else "resources/sample-vault")
    window.resize(1000, 700)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
