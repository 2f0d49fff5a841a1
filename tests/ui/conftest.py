"""UI fixtures: isolated settings, a stand-in browser, a window that has shown its first page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QObject, QSettings, QUrl, Slot
from PySide6.QtGui import QDesktopServices

PAGE_TIMEOUT_MS = 20_000


class UrlCatcher(QObject):
    """Stands in for the browser: QDesktopServices hands it every http(s) URL."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))


@pytest.fixture
def browser():
    """The system browser replaced by a UrlCatcher for the test (`.urls` lists what opened)."""
    catcher = UrlCatcher()
    for scheme in ("http", "https"):
        QDesktopServices.setUrlHandler(scheme, catcher, "open")
    yield catcher
    for scheme in ("http", "https"):
        QDesktopServices.unsetUrlHandler(scheme)


@pytest.fixture
def settings(tmp_path):
    from viewer.ui.settings import Settings

    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return Settings(store)


@pytest.fixture
def open_window(qtbot, settings):
    """open_window(path, note=None) -> window, once its first page is shown."""
    from viewer.app import create_window

    windows = []

    def factory(path, note=None, *, wait=True):
        window = create_window(path, note, settings=settings)
        windows.append(window)
        qtbot.addWidget(window)
        if wait:
            qtbot.waitUntil(lambda: window.vault is not None, timeout=PAGE_TIMEOUT_MS)
            qtbot.waitUntil(lambda: first_page_shown(window), timeout=PAGE_TIMEOUT_MS)
        return window

    yield factory
    for window in windows:
        window.shutdown()


def first_page_shown(window) -> bool:
    """The vault's first page is on screen (not the "Opening…" message shown meanwhile)."""
    shown = window.shown
    return shown is not None and shown.kind != "message"


def wait_page(qtbot, window, action, timeout=PAGE_TIMEOUT_MS):
    """Run `action` and wait for the page it shows, and for the tree to follow it; returns
    the Location shown."""
    with qtbot.waitSignal(window.pageShown, timeout=timeout) as blocker:
        action()
    qtbot.waitUntil(lambda: not window.routes.reveal_pending, timeout=timeout)
    return blocker.args[0]


def click_page(qtbot, window, widget, point, button=None, modifiers=None):
    """Click `point` of `widget` (the left button, no modifier by default) and wait for the
    page it shows; returns the Location."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    button = button or Qt.MouseButton.LeftButton
    modifiers = modifiers or Qt.KeyboardModifier(0)
    return wait_page(qtbot, window, lambda: QTest.mouseClick(widget, button, modifiers, point))


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """What the system was asked to open (QDesktopServices.openUrl), which opens nothing."""
    from PySide6.QtGui import QDesktopServices

    urls: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: urls.append(url.toString()) or True
    )
    return urls
