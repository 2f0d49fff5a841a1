"""Readable contrast (issue 15, item 8): WCAG AA, 4.5:1 for text and the toolbar's arrows, from
the colours the window really uses (ui/theme.py's chrome, itself built on render/theme.py's
palette), and the arrows as drawn."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QToolButton

from tests.conftest import SAMPLE_VAULT
from tests.ui.conftest import wait_page
from viewer.render.theme import palette
from viewer.ui.theme import chrome

AA = 4.5
THEMES = ("light", "dark")


def luminance(colour: str | QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    colour = QColor(colour)

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in (colour.red(), colour.green(), colour.blue()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str | QColor, b: str | QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", THEMES)
def test_chrome_text_meets_aa(theme):
    c = chrome(theme)
    pairs = {
        "toolbar arrows on the window": (c.text, c.window),
        "status bar and indexing counts on the window": (c.muted, c.window),
        "progress text on the bar": (c.text, c.base),
        "progress text on the filled part": (c.text, c.progress),
        "panel headings on panels": (c.muted, c.panel),
        "selected row text": (c.accent_text, c.accent),
        "text on panels": (c.text, c.panel),
    }
    failing = {name: round(contrast(*pair), 2) for name, pair in pairs.items()}
    failing = {name: ratio for name, ratio in failing.items() if ratio < AA}
    assert not failing, failing


@pytest.mark.parametrize("theme", THEMES)
def test_the_focus_box_and_links_stand_out_on_the_page(theme):
    page = palette(theme)
    assert contrast(page.link, page.background) >= AA  # the focus box is drawn in it
    assert contrast(page.muted, page.background) >= AA


@pytest.mark.parametrize("theme", THEMES)
def test_the_toolbar_arrows_as_drawn(qtbot, open_window, settings, theme):
    """The back arrow, enabled, painted on the toolbar: its strokes reach AA against the
    toolbar's background."""
    settings.theme = theme
    window = open_window(SAMPLE_VAULT)
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None)
    wait_page(qtbot, window, lambda: window.open_note("directory.md"))
    assert window.commands.action("back").isEnabled()
    button = window.toolbar.widgetForAction(window.commands.action("back"))
    assert isinstance(button, QToolButton)
    image = button.grab().toImage()
    background = QColor(chrome(theme).window)
    best = max(
        contrast(image.pixelColor(x, y), background)
        for x in range(image.width())
        for y in range(image.height())
    )
    assert best >= AA
