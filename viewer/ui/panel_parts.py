"""Parts every side panel is built from: its muted heading and its column of widgets, with
the margins the panels share (so a new panel looks like the others without copying them)."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


def panel_heading(panel: QWidget, text: str) -> QLabel:
    heading = QLabel(text, panel)
    heading.setObjectName("panelHeading")
    return heading


def stack(panel: QWidget, *widgets: QWidget) -> QVBoxLayout:
    """`widgets` one above the other in `panel`, with the side panels' margins."""
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(8, 8, 6, 6)
    layout.setSpacing(6)
    for widget in widgets:
        layout.addWidget(widget)
    return layout


def bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font
