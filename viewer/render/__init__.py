"""Markdown to HTML for QTextBrowser. Pure Python: never imports Qt.

`NoteRenderer` is the entry point; `hrefs` documents the link contract with the UI and
`theme` what Qt's rich text engine supports.
"""

from .context import Heading
from .hrefs import Href, parse_href
from .options import RenderOptions
from .renderer import NoteRenderer, RenderedNote, RenderedPart
from .theme import THEMES, reading_margin, stylesheet

__all__ = [
    "THEMES",
    "Heading",
    "Href",
    "NoteRenderer",
    "RenderOptions",
    "RenderedNote",
    "RenderedPart",
    "parse_href",
    "reading_margin",
    "stylesheet",
]
