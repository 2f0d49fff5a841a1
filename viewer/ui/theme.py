"""Window chrome: light and dark palettes, panel styling and small vector icons.

The note itself is styled by the renderer's CSS; this styles everything around it so the two
agree. Icons are drawn with QPainter so they stay crisp at any scale and follow the theme.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAction,
    QColor,
    QGuiApplication,
    QIcon,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QAbstractItemView, QApplication, QWidget

from ..render.theme import Palette, mix
from ..render.theme import palette as render_palette

PROGRESS_TINT = 0.35  # share of the accent in the progress bar's chunk (text stays >= 4.5:1)


@dataclass(frozen=True)
class Chrome:
    """Colours around the note. The ones the note shares (its background, text, links,
    borders, marks) come from the renderer's palette, so the pane and the page agree."""

    window: str
    panel: str
    base: str
    text: str
    muted: str
    accent: str
    accent_text: str
    border: str
    selection: str
    highlight: str  # marked text in the note (search hits, mentions)
    progress: str  # the progress bar's filled part: a tint, so its text reads on it too


def _chrome(page: Palette, window: str, panel: str, accent_text: str, selection: str) -> Chrome:
    return Chrome(
        window=window,
        panel=panel,
        base=page.background,
        text=page.text,
        muted=page.muted,
        accent=page.link,
        accent_text=accent_text,
        border=page.border,
        selection=selection,
        highlight=page.highlight,
        progress=mix(page.link, page.background, PROGRESS_TINT),
    )


LIGHT = _chrome(
    render_palette("light"),
    window="#f3f3f1",
    panel="#f7f7f5",
    accent_text="#ffffff",
    selection="#e4e1fb",
)
DARK = _chrome(
    render_palette("dark"),
    window="#1b1c1f",
    panel="#202125",
    accent_text="#111111",
    selection="#3a3660",
)


def chrome(theme: str) -> Chrome:
    return DARK if theme == "dark" else LIGHT


def palette(theme: str) -> QPalette:
    c = chrome(theme)
    pal = QPalette()
    role = QPalette.ColorRole
    pal.setColor(role.Window, QColor(c.window))
    pal.setColor(role.WindowText, QColor(c.text))
    pal.setColor(role.Base, QColor(c.base))
    pal.setColor(role.AlternateBase, QColor(c.panel))
    pal.setColor(role.Text, QColor(c.text))
    pal.setColor(role.Button, QColor(c.panel))
    pal.setColor(role.ButtonText, QColor(c.text))
    pal.setColor(role.ToolTipBase, QColor(c.base))
    pal.setColor(role.ToolTipText, QColor(c.text))
    pal.setColor(role.PlaceholderText, QColor(c.muted))
    pal.setColor(role.Highlight, QColor(c.accent))
    pal.setColor(role.HighlightedText, QColor(c.accent_text))
    pal.setColor(role.Link, QColor(c.accent))
    pal.setColor(role.LinkVisited, QColor(c.accent))
    pal.setColor(QPalette.ColorGroup.Disabled, role.Text, QColor(c.muted))
    pal.setColor(QPalette.ColorGroup.Disabled, role.WindowText, QColor(c.muted))
    pal.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, QColor(c.muted))
    return pal


def stylesheet(theme: str) -> str:
    c = chrome(theme)
    return f"""
    QMainWindow, QSplitter {{ background: {c.window}; }}
    QSplitter::handle {{ background: {c.border}; }}
    QSplitter::handle:horizontal {{ width: 1px; }}
    #topicTree, #backlinksTree, #timestampsList, #searchResults, #outlineTree,
    #outgoingTree {{
        background: {c.panel}; border: none; border-left: 2px solid {c.panel}; outline: 0;
        font-size: 10pt;
    }}
    #topicTree::item, #backlinksTree::item, #timestampsList::item, #searchResults::item,
    #outlineTree::item, #outgoingTree::item {{
        padding: 3px 4px; border-radius: 4px;
    }}
    #topicTree::item:selected, #backlinksTree::item:selected, #timestampsList::item:selected,
    #searchResults::item:selected, #outlineTree::item:selected, #outgoingTree::item:selected {{
        background: {c.selection}; color: {c.text};
    }}
    #topicTree::item:selected:focus, #backlinksTree::item:selected:focus,
    #timestampsList::item:selected:focus, #searchResults::item:selected:focus,
    #outlineTree::item:selected:focus, #outgoingTree::item:selected:focus {{
        background: {c.accent}; color: {c.accent_text};
    }}
    #topicTree:focus, #backlinksTree:focus, #timestampsList:focus, #searchResults:focus,
    #outlineTree:focus, #outgoingTree:focus, #notePane:focus {{
        border-left: 2px solid {c.accent};
    }}
    #quickSwitcherResults, #commandPaletteResults {{
        background: {c.panel}; border: none; outline: 0;
    }}
    #quickSwitcherResults::item, #commandPaletteResults::item {{
        padding: 4px 6px; border-radius: 5px;
    }}
    #quickSwitcherResults::item:selected, #commandPaletteResults::item:selected {{
        background: {c.selection}; color: {c.text};
    }}
    #quickSwitcher, #commandPalette {{
        background: {c.panel}; border: 1px solid {c.border}; border-radius: 8px;
    }}
    #welcomePage {{ background: {c.base}; }}
    #welcomeBlurb, #welcomeHint {{ color: {c.muted}; }}
    #welcomePage QPushButton {{
        padding: 7px 16px; border: 1px solid {c.border}; border-radius: 6px;
        background: {c.panel}; color: {c.text};
    }}
    #welcomePage QPushButton:focus {{ border: 1px solid {c.accent}; }}
    #welcomePage QPushButton#welcomeOpen {{
        background: {c.accent}; color: {c.accent_text}; border: 1px solid {c.accent};
    }}
    #recentVaults {{
        background: {c.panel}; border: 1px solid {c.border}; border-radius: 6px; outline: 0;
    }}
    #recentVaults::item {{ padding: 4px 6px; border-radius: 5px; }}
    #recentVaults::item:selected {{ background: {c.selection}; color: {c.text}; }}
    #recentVaults::item:selected:focus {{ background: {c.accent}; color: {c.accent_text}; }}
    #notePane, #notePaneInactive {{
        border: none; border-left: 2px solid {c.base}; background: {c.base};
    }}
    #topicFilter, #quickSwitcherQuery, #searchQuery, #outlineFilter {{
        padding: 5px 8px; border: 1px solid {c.border}; border-radius: 6px;
        background: {c.base}; color: {c.text};
    }}
    #topicFilter:focus, #quickSwitcherQuery:focus, #searchQuery:focus, #outlineFilter:focus {{
        border: 1px solid {c.accent};
    }}
    #linkPreview {{ background: {c.panel}; border: 1px solid {c.muted}; }}
    #linkPreviewTitle {{ color: {c.muted}; font-weight: 600; font-size: 9pt; }}
    #linkPreview QToolButton {{
        color: {c.muted}; padding: 2px 7px; border: none; border-radius: 4px; font-size: 9pt;
    }}
    #linkPreview QToolButton:hover {{ color: {c.text}; background: {c.selection}; }}
    #linkPreview QToolButton:checked {{ color: {c.accent}; font-weight: 600; }}
    #linkPreviewPane {{ border: none; border-top: 1px solid {c.border}; background: {c.base}; }}
    #sideTabs QTabBar::tab {{ padding: 6px 5px; }}
    #panelHeading {{ color: {c.muted}; font-weight: 600; font-size: 9pt; }}
    #timestampsMessage {{ color: {c.muted}; font-style: italic; font-size: 9pt; }}
    #treeMode QToolButton {{
        padding: 3px 8px; border: 1px solid transparent; border-radius: 5px;
        color: {c.muted}; background: transparent;
    }}
    #treeMode QToolButton:hover {{ color: {c.text}; }}
    #treeMode QToolButton:checked {{
        color: {c.text}; background: {c.base}; border: 1px solid {c.border}; font-weight: 600;
    }}
    #treeMode QToolButton:focus {{ border: 1px solid {c.accent}; }}
    QTabWidget::pane {{ border: none; background: {c.panel}; }}
    QTabBar::tab {{ padding: 6px 12px; color: {c.muted}; background: transparent; border: none; }}
    QTabBar::tab:selected {{ color: {c.text}; border-bottom: 2px solid {c.accent}; }}
    QTabBar::tab:focus {{ color: {c.accent}; }}
    #leftTabs > QTabBar::tab {{ padding: 6px 7px; }}
    #localGraph {{ background: {c.panel}; border: none; }}
    #localGraph:focus {{ border-left: 2px solid {c.accent}; }}
    #graphLegend, #graphMore {{ color: {c.muted}; font-size: 9pt; }}
    #bookmarksList, #changesList, #changesDiff {{
        background: {c.panel}; border: none; outline: 0; font-size: 10pt;
    }}
    #bookmarksList::item {{ padding: 4px 4px; border-radius: 4px; }}
    #bookmarksList::item:selected, #changesList::item:selected {{
        background: {c.selection}; color: {c.text};
    }}
    #bookmarksList::item:selected:focus, #changesList::item:selected:focus {{
        background: {c.accent}; color: {c.accent_text};
    }}
    #bookmarksList:focus, #changesList:focus {{ border-left: 2px solid {c.accent}; }}
    #changesDiff {{ border-top: 1px solid {c.border}; }}
    #graphPanel QToolButton, #changesPanel QToolButton {{
        padding: 2px 8px; border: 1px solid {c.border}; border-radius: 5px;
        color: {c.muted}; background: transparent;
    }}
    #graphPanel QToolButton:checked, #changesPanel QToolButton:checked {{
        color: {c.text}; background: {c.base}; font-weight: 600;
    }}
    #graphPanel QToolButton:focus, #changesPanel QToolButton:focus {{
        border: 1px solid {c.accent};
    }}
    QToolBar {{ background: {c.window}; border: none; spacing: 2px; padding: 2px 4px; }}
    QStatusBar {{ background: {c.window}; color: {c.muted}; }}
    QStatusBar QLabel {{ color: {c.muted}; }}
    QProgressBar {{
        border: 1px solid {c.border}; border-radius: 4px; background: {c.base};
        text-align: center; color: {c.text}; max-height: 14px;
    }}
    QProgressBar::chunk {{ background: {c.progress}; border-radius: 3px; }}
    """


def effective_theme(choice: str) -> str:
    """ "light" or "dark": the reader's choice, or the system's scheme for "system"."""
    if choice in ("light", "dark"):
        return choice
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else None
    return "dark" if scheme == Qt.ColorScheme.Dark else "light"


def widget_theme(widget: QWidget) -> str:
    """ "light" or "dark", as `widget` is drawn now (from its palette): for widgets that draw
    their own colours and follow a theme change through their PaletteChange event."""
    return "dark" if widget.palette().color(QPalette.ColorRole.Base).lightness() < 128 else "light"


def apply_theme(window: QWidget, theme: str) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setPalette(palette(theme))
    window.setStyleSheet(stylesheet(theme))
    for name, icon in navigation_icons(theme).items():
        action = window.findChild(QAction, f"action-{name}")
        if action is not None:
            action.setIcon(icon)
    for view in window.findChildren(QAbstractItemView, "topicTree"):
        model = view.model()
        if hasattr(model, "set_icons"):
            model.set_icons(icons(theme))


# -- icons ---------------------------------------------------------------------------------


def _icon(
    draw, colour: str, size: int = 32, *, disabled: str | None = None, width: float = 1.3
) -> QIcon:
    """An icon drawn by `draw` on a 16-unit grid in `colour` (and in `disabled` for the
    disabled mode, when given), at 16 px, 24 px (tool bars) and `size` px."""
    icon = QIcon()
    modes = [(QIcon.Mode.Normal, colour)]
    if disabled is not None:
        modes.append((QIcon.Mode.Disabled, disabled))
    for mode, tint in modes:
        for px in (16, 24, size):
            pixmap = QPixmap(px, px)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.scale(px / 16, px / 16)
            pen = QPen(QColor(tint), width)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            draw(painter, QColor(tint))
            painter.end()
            icon.addPixmap(pixmap, mode)
    return icon


def _folder(p: QPainter, colour: QColor) -> None:
    path = QPainterPath()
    path.moveTo(1.5, 4)
    path.lineTo(6, 4)
    path.lineTo(7.5, 5.5)
    path.lineTo(14.5, 5.5)
    path.lineTo(14.5, 13)
    path.lineTo(1.5, 13)
    path.closeSubpath()
    p.drawPath(path)


def _folder_note(p: QPainter, colour: QColor) -> None:
    _folder(p, colour)
    p.setBrush(colour)
    p.drawEllipse(QPointF(8, 9.3), 1.6, 1.6)


def _note(p: QPainter, colour: QColor) -> None:
    path = QPainterPath()
    path.moveTo(3.5, 1.5)
    path.lineTo(9.5, 1.5)
    path.lineTo(12.5, 4.5)
    path.lineTo(12.5, 14.5)
    path.lineTo(3.5, 14.5)
    path.closeSubpath()
    p.drawPath(path)
    p.drawLine(QPointF(5.5, 8), QPointF(10.5, 8))
    p.drawLine(QPointF(5.5, 11), QPointF(9.5, 11))


def _topic(p: QPainter, colour: QColor) -> None:
    pen = p.pen()
    pen.setStyle(Qt.PenStyle.DashLine)
    pen.setDashPattern([2.0, 1.6])
    p.setPen(pen)
    p.drawEllipse(QRectF(2, 2, 12, 12))
    pen.setStyle(Qt.PenStyle.SolidLine)
    p.setPen(pen)
    p.drawEllipse(QPointF(8, 6.6), 2, 2)
    p.drawArc(QRectF(4.6, 9.2, 6.8, 5), 20 * 16, 140 * 16)


def _episode(p: QPainter, colour: QColor) -> None:
    p.drawRoundedRect(QRectF(1.5, 3, 13, 10), 2.5, 2.5)
    p.setBrush(colour)
    triangle = QPainterPath()
    triangle.moveTo(6.5, 5.8)
    triangle.lineTo(10.6, 8)
    triangle.lineTo(6.5, 10.2)
    triangle.closeSubpath()
    p.drawPath(triangle)


def _tag(p: QPainter, colour: QColor) -> None:
    p.drawLine(QPointF(6, 2.5), QPointF(4.5, 13.5))
    p.drawLine(QPointF(11.5, 2.5), QPointF(10, 13.5))
    p.drawLine(QPointF(2.5, 6), QPointF(13.5, 6))
    p.drawLine(QPointF(2, 10), QPointF(13, 10))


def _section(p: QPainter, colour: QColor) -> None:
    _topic(p, colour)


def _back(p: QPainter, colour: QColor) -> None:
    p.drawLine(QPointF(13, 8), QPointF(3.5, 8))
    p.drawPolyline([QPointF(7.5, 3.5), QPointF(3, 8), QPointF(7.5, 12.5)])


def _forward(p: QPainter, colour: QColor) -> None:
    p.drawLine(QPointF(3, 8), QPointF(12.5, 8))
    p.drawPolyline([QPointF(8.5, 3.5), QPointF(13, 8), QPointF(8.5, 12.5)])


def navigation_icons(theme: str) -> dict[str, QIcon]:
    """The toolbar's back and forward arrows: the theme's text colour (the style's own arrows
    are dark grey, unreadable on the dark window), muted while there is nowhere to go."""
    c = chrome(theme)
    return {
        "back": _icon(_back, c.text, disabled=c.muted, width=1.6),
        "forward": _icon(_forward, c.text, disabled=c.muted, width=1.6),
    }


def icons(theme: str) -> dict[str, QIcon]:
    c = chrome(theme)
    return {
        "folder": _icon(_folder, c.muted),
        "folder-note": _icon(_folder_note, c.accent),
        "note": _icon(_note, c.muted),
        "topic": _icon(_topic, c.muted),
        "section": _icon(_section, c.accent),
        "episode": _icon(_episode, c.accent),
        "channel": _icon(_folder_note, c.accent),
        "tag": _icon(_tag, c.muted),
    }


def icons_for(widget: QWidget) -> dict[str, QIcon]:
    return icons("light")
