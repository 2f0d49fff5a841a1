"""Application entry point: QApplication set-up, `create_window()` and `main()`.

`create_window()` is the automation seam: it builds and shows a window on a vault and returns
it without starting the event loop, which is how tests and `--smoke-test` drive the app.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import sys
from collections.abc import Sequence
from pathlib import Path

from . import APP_ID, APP_NAME, __version__

log = logging.getLogger(__name__)


def _application():
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from .locations import icon_path

    app = QApplication.instance()
    if app is None:
        QGuiApplication.setApplicationName(APP_NAME)
        QGuiApplication.setApplicationDisplayName(APP_NAME)
        QGuiApplication.setOrganizationName("VaultViewer")
        QGuiApplication.setApplicationVersion(__version__)
        QGuiApplication.setDesktopFileName(APP_ID)
        app = QApplication([sys.argv[0]])
        app.setStyle("Fusion")
    icon = icon_path()
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def _open_files_from_the_system(app, window) -> None:
    """macOS hands files opened in the Finder (while the app runs) to the app as events."""
    from PySide6.QtCore import QEvent, QObject

    class FileOpenFilter(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.FileOpen and event.file():
                window.open_path(Path(event.file()))
                return True
            return False

    handler = FileOpenFilter(window)
    app.installEventFilter(handler)
    window.destroyed.connect(lambda *_: app.removeEventFilter(handler))


def create_window(
    vault_path: str | Path | None,
    note: str | None = None,
    *,
    settings=None,
    use_cache: bool = True,
):
    """Build and show the main window on `vault_path` (a vault folder or a note file; None
    for the welcome page) without starting the event loop; returns the window."""
    app = _application()
    from .ui.main_window import MainWindow

    window = MainWindow(settings=settings, use_cache=use_cache)
    _open_files_from_the_system(app, window)
    window.show()
    if vault_path is not None:
        window.open_path(Path(vault_path), note)
    else:
        window.show_welcome()
    return window


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="vault-viewer",
        description="A fast, native viewer for linked markdown vaults.",
        epilog="Headless commands: python -m viewer doctor|show|render|search|episode --help",
    )
    parser.add_argument("path", nargs="?", help="a vault folder, or a note inside one")
    parser.add_argument("--note", help="note to open: a vault-relative path or any link name")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--no-cache", action="store_true", help="index from scratch, without the index cache"
    )
    parser.add_argument(
        "--smoke-test",
        metavar="VAULT",
        help="open VAULT offscreen, render a note, exit 0 (checks an installed bundle)",
    )
    return parser.parse_args(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # frozen bundles start index workers through main()
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.smoke_test:
        from .smoke import smoke_test

        return smoke_test(Path(args.smoke_test))
    app = _application()
    path = args.path
    if path is None:
        from .ui.settings import Settings

        path = Settings().last_vault
        if path and not Path(path).is_dir():
            path = None
    create_window(path, args.note, use_cache=not args.no_cache)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
