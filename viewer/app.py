"""Application entry point: QApplication set-up, `create_window()` and `main()`.

`create_window()` is the automation seam: it builds and shows a window on a vault and returns
it without starting the event loop, which is how tests and `--smoke-test` drive the app.

Every way out ends the same way: the window's `shutdown()` stops what it owns (index thread,
watcher, search child, workers) within a deadline. A window close runs it from `closeEvent`;
`QApplication.quit()`/`exit()` from `aboutToQuit`; SIGINT (Ctrl+C in a terminal) and SIGTERM
(a desktop session logging out) are turned into a graceful quit, as qutebrowser does: the
signal wakes the event loop through a socket, and the handler closes the windows.
"""

from __future__ import annotations

import argparse
import ctypes
import importlib
import logging
import multiprocessing
import pkgutil
import signal
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

from . import APP_ID, APP_NAME, __version__

log = logging.getLogger(__name__)

QUIT_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _application_class():
    from PySide6.QtCore import QEvent, Signal
    from PySide6.QtWidgets import QApplication

    from .ui.gc_guard import GuiThreadCollector

    class Application(QApplication):
        """Emits `fileOpened(path)` for files the system asks the app to open (macOS sends
        Finder's "Open With" to the application object as an event). Only events sent to the
        application itself pass through here, never every widget's: no Python on the hot path.
        Owns the collector that keeps cyclic garbage collection on the GUI thread."""

        fileOpened = Signal(str)

        def __init__(self, argv: list[str]) -> None:
            _limit_malloc_arenas()
            sys.setswitchinterval(GIL_SWITCH_SECONDS)
            super().__init__(argv)
            self.collector = GuiThreadCollector(self)
            self.collector.start()

        def event(self, event: QEvent) -> bool:
            if event.type() == QEvent.Type.FileOpen:
                path = event.file()  # type: ignore[attr-defined]
                if path:
                    self.fileOpened.emit(path)
                    return True
            return super().event(event)

    return Application


_APPLICATION_CLASS = None
MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # glibc's mallopt parameter


# How long a thread may hold the interpreter while another waits for it. Python's 5 ms made
# the GUI thread wait up to 5 ms each time it woke a worker (QThreadPool.start lets go of the
# interpreter, the worker takes it): 5.7 ms of each note switch went to starting its tasks.
# Every call Qt makes into Python (a model's rows, a delegate's paint) waits about this long
# while a worker runs: opening a 2,250-row folder in the tree as a 1 MB note rendered took
# 477 ms at 1 ms, 240 ms at 0.2 ms.
GIL_SWITCH_SECONDS = 0.0002


QT_FREE_LAYERS = ("viewer.core", "viewer.render", "viewer.session")


def import_qt_free_layers() -> None:
    """Import the layers below the UI before Qt: once PySide6 is loaded, it reads the source
    of every module imported after it, looking for `__feature__` switches (about 50 ms of a
    launch for the viewer's Qt-free modules, which need no such look)."""
    for package_name in QT_FREE_LAYERS:
        package = importlib.import_module(package_name)
        for module in pkgutil.iter_modules(package.__path__):
            try:
                importlib.import_module(f"{package_name}.{module.name}")
            except ImportError as error:  # imported again where used, and reported there
                log.debug("not imported before Qt: %s", error)


def _limit_malloc_arenas() -> None:
    """At most MALLOC_ARENAS malloc arenas (glibc only). glibc gives threads that contend
    for memory arenas of their own, up to eight per core; what a closed vault's workers freed
    in theirs stays there, half-used, and the window's memory grew with each vault opened
    (13-19 MB over five vaults; 5 MB with two arenas). Two still let the GUI thread and a
    worker allocate at the same time."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_ARENA_MAX, MALLOC_ARENAS)
    except (OSError, AttributeError):  # not glibc (musl has no arenas to limit)
        pass


def application_class():
    """The app's QApplication subclass (created on first use: Qt is imported lazily)."""
    global _APPLICATION_CLASS
    if _APPLICATION_CLASS is None:
        _APPLICATION_CLASS = _application_class()
    return _APPLICATION_CLASS


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
        app = application_class()([sys.argv[0]])
        app.setStyle("Fusion")
    assert isinstance(app, QApplication)
    icon = icon_path()
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


class _QuitOnSignal:
    """SIGINT and SIGTERM as a graceful quit. Python runs signal handlers only between
    bytecodes of the main thread, which sits in Qt's event loop: the C-level handler writes
    to a socket (`signal.set_wakeup_fd`), a QSocketNotifier wakes the loop, and the Python
    handler, run then, closes the windows. A second signal quits at once."""

    def __init__(self, app) -> None:
        from PySide6.QtCore import QSocketNotifier

        self._app = app
        self._received = 0
        self._reader, writer = socket.socketpair()
        self._writer = writer
        for end in (self._reader, writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(writer.fileno())
        self._previous = {number: signal.signal(number, self._handle) for number in QUIT_SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, app)
        self._notifier.activated.connect(self._drain)

    def _drain(self, *_args) -> None:
        try:
            while self._reader.recv(64):
                pass
        except OSError:
            pass

    def _handle(self, number: int, _frame) -> None:
        from PySide6.QtCore import QTimer

        self._received += 1
        log.info("received %s: quitting", signal.Signals(number).name)
        if self._received > 1:
            self._app.quit()
            return
        QTimer.singleShot(0, self._app.closeAllWindows)
        QTimer.singleShot(0, self._app.quit)

    def restore(self) -> None:
        for number, previous in self._previous.items():
            signal.signal(number, previous)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()


def _shut_windows_down(app) -> None:
    """`aboutToQuit`: whatever ended the loop, every window stops what it owns."""
    from .ui.main_window import MainWindow

    for widget in app.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.shutdown()


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
    opened = getattr(app, "fileOpened", None)
    if opened is not None:
        opened.connect(window.open_path)
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
    import_qt_free_layers()
    app = _application()
    signals = _QuitOnSignal(app)
    app.aboutToQuit.connect(lambda: _shut_windows_down(app))
    path = args.path
    if path is None:
        from .ui.settings import Settings

        path = Settings().last_vault
        if path and not Path(path).is_dir():
            path = None
    create_window(path, args.note, use_cache=not args.no_cache)
    try:
        return app.exec()
    finally:
        signals.restore()


if __name__ == "__main__":
    sys.exit(main())
