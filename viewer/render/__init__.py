"""Markdown to HTML for QTextBrowser. Pure Python: never imports Qt.

`NoteRenderer` is the entry point; `hrefs` documents the link contract with the UI and
`theme` what Qt's rich text engine supports.
"""

from .hrefs import Href, parse_href
from .renderer import NoteRenderer, RenderedNote
from .theme import THEMES, reading_margin, stylesheet

__all__ = [
    "THEMES",
    "Href",
    "NoteRenderer",
    "RenderedNote",
    "parse_href",
    "reading_margin",
    "stylesheet",
]
