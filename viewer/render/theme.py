"""Light and dark themes as CSS that Qt's rich text engine really applies.

QTextDocument understands a subset of CSS (see Qt's "Supported HTML Subset"), and what it
ignores fails silently, so everything here was checked against a QTextBrowser:

- applied: ``color``, ``background-color`` (also on inline ``a``/``span``: pill-like
  timestamps and tags), ``font-weight``, ``font-style``, ``font-family`` lists,
  ``font-size`` in px or keywords (keywords scale with the widget's zoom), ``text-decoration``,
  ``line-height`` in %, block ``margin-*``, table ``border-collapse``/``border-*``, cell
  ``padding``, ``list-style-type: none``, ``white-space: pre-wrap`` (code wraps inside its
  block), ``hr`` colour as ``background-color``; class
  (also several per element), id and descendant selectors; ``id`` attributes act as anchor
  names, and ``body { background-color }`` colours the document's root frame.
- ignored: ``em`` font sizes, ``max-width``, ``border``/``padding``/``border-radius`` on
  ``div`` and ``span``, and margins on ``body``. Hence callouts, embeds and code blocks are
  one-row tables (a thin coloured cell beside a tinted content cell), and the reading
  measure is set by the pane with `reading_margin` (root frame margins), not by CSS.

For the pane: set the widget palette's Base colour to the theme's ``background`` (the
document's background stops at its frame), and a sans-serif default font; the CSS sets no
body font so the user's font and zoom apply.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

THEMES = ("light", "dark")

# Obsidian's callout types: type -> (colour family, icon); aliases below.
_CALLOUT_FAMILIES = {
    "note": ("blue", "✎"),
    "abstract": ("cyan", "☰"),
    "info": ("blue", "ℹ"),
    "todo": ("blue", "☑"),
    "tip": ("cyan", "✦"),
    "success": ("green", "✔"),
    "question": ("orange", "?"),
    "warning": ("orange", "⚠"),
    "failure": ("red", "✘"),
    "danger": ("red", "⚡"),
    "bug": ("red", "✱"),
    "example": ("purple", "☷"),
    "quote": ("grey", "❝"),
}
_CALLOUT_ALIASES = {
    "summary": "abstract",
    "tldr": "abstract",
    "hint": "tip",
    "important": "tip",
    "check": "success",
    "done": "success",
    "help": "question",
    "faq": "question",
    "caution": "warning",
    "attention": "warning",
    "fail": "failure",
    "missing": "failure",
    "error": "danger",
    "cite": "quote",
}
CALLOUT_COLOURS = ("blue", "cyan", "green", "orange", "red", "purple", "grey")


def callout_type(name: str) -> tuple[str, str, str]:
    """(canonical type, colour family, icon) of a callout type; unknown types are notes."""
    key = name.strip().lower()
    key = _CALLOUT_ALIASES.get(key, key)
    if key not in _CALLOUT_FAMILIES:
        key = "note"
    colour, icon = _CALLOUT_FAMILIES[key]
    return key, colour, icon


@dataclass(frozen=True, slots=True)
class Palette:
    name: str
    background: str
    text: str
    heading: str
    muted: str
    faint: str
    link: str
    unresolved: str
    border: str
    surface: str  # code blocks, table headers, embeds
    inline_code: str
    highlight: str
    highlight_text: str
    pill: str
    pill_text: str
    tag: str
    tag_text: str
    pygments_style: str
    callout_tint: float  # share of the callout colour in its background
    callouts: dict[str, str]


LIGHT = Palette(
    name="light",
    background="#ffffff",
    text="#2e3338",
    heading="#1d2125",
    muted="#646b75",  # 4.8:1 on the window chrome (#f3f3f1), 5.4:1 on white
    faint="#9aa1aa",
    link="#5b43c9",
    unresolved="#8f7fd0",
    border="#dcdfe4",
    surface="#f5f6f8",
    inline_code="#eef0f3",
    highlight="#fff0a0",
    highlight_text="#2e3338",
    pill="#ebeefc",
    pill_text="#3347b8",
    tag="#efeafd",
    tag_text="#5b43c9",
    pygments_style="friendly",
    callout_tint=0.09,
    callouts={
        "blue": "#086ddd",
        "cyan": "#00a3a0",
        "green": "#08a04e",
        "orange": "#e07000",
        "red": "#e0313f",
        "purple": "#7852ee",
        "grey": "#8e8e8e",
    },
)

DARK = Palette(
    name="dark",
    background="#1e1f22",
    text="#d6d8dc",
    heading="#eceef1",
    muted="#959ba5",
    faint="#6e747e",
    link="#a995ff",
    unresolved="#7a6fab",
    border="#3b3e45",
    surface="#27292e",
    inline_code="#2f3238",
    highlight="#5c4d12",
    highlight_text="#f4ecc8",
    pill="#2a3152",
    pill_text="#aebcff",
    tag="#332c52",
    tag_text="#c0b2ff",
    pygments_style="github-dark",
    callout_tint=0.14,
    callouts={
        "blue": "#3d8fe6",
        "cyan": "#35c3bf",
        "green": "#3cc476",
        "orange": "#ec8a2c",
        "red": "#ee5a66",
        "purple": "#9b7cf5",
        "grey": "#9e9e9e",
    },
)

PALETTES = {"light": LIGHT, "dark": DARK}

MONOSPACE = (
    '"JetBrains Mono", "Cascadia Code", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace'
)
# Widest comfortable text column, in multiples of the font's pixel size (Obsidian's readable
# line length is 700 px at 16 px).
READABLE_EMS = 44.0
MIN_SIDE_MARGIN = 16


def palette(theme: str) -> Palette:
    try:
        return PALETTES[theme]
    except KeyError:
        raise ValueError(f"unknown theme {theme!r}: expected one of {THEMES}") from None


def mix(colour: str, background: str, share: float) -> str:
    """`share` of `colour` over `background`, as #rrggbb (Qt has no alpha blending in CSS)."""
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(background[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(
        f"{round(x * share + y * (1 - share)):02x}" for x, y in zip(a, b, strict=True)
    )


def reading_margin(viewport_width: int, font_pixel_size: float) -> int:
    """Left and right margin that keeps the text column at a readable width.

    Qt ignores ``max-width``, so the pane sets this on the document's root frame
    (``QTextFrameFormat.setLeftMargin``/``setRightMargin``) after each ``setHtml`` and resize.
    """
    column = READABLE_EMS * max(font_pixel_size, 8.0)
    return max(MIN_SIDE_MARGIN, int((viewport_width - column) / 2))


@lru_cache(maxsize=4)
def stylesheet(theme: str = "light") -> str:
    """The CSS of one theme (also usable as ``QTextDocument.setDefaultStyleSheet``)."""
    p = palette(theme)
    rules = [
        f"body {{ color: {p.text}; background-color: {p.background}; }}",
        "p, li, dd, blockquote { line-height: 155%; }",
        "p { margin-top: 0px; margin-bottom: 14px; }",
        "li { margin-top: 2px; margin-bottom: 2px; }",
        "ul, ol { margin-top: 0px; margin-bottom: 14px; }",
        f"h1, h2, h3, h4, h5, h6 {{ color: {p.heading}; font-weight: 600; }}",
        "h1 { font-size: xx-large; margin-top: 8px; margin-bottom: 14px; }",
        "h2 { font-size: x-large; margin-top: 26px; margin-bottom: 10px; }",
        "h3 { font-size: large; margin-top: 22px; margin-bottom: 8px; }",
        "h4, h5, h6 { font-size: medium; margin-top: 18px; margin-bottom: 6px; }",
        f"h6 {{ color: {p.muted}; }}",
        f"a {{ color: {p.link}; text-decoration: none; }}",
        f"a.external {{ color: {p.link}; text-decoration: underline; }}",
        f"a.unresolved {{ color: {p.unresolved}; }}",
        f"span.missing {{ color: {p.unresolved}; text-decoration: line-through; }}",
        f"p.byline {{ color: {p.muted}; font-size: small; margin-bottom: 18px; }}",
        f"p.byline a {{ color: {p.muted}; }}",
        f"a.ts {{ color: {p.pill_text}; background-color: {p.pill}; font-size: small; }}",
        f"span.ts-plain {{ color: {p.muted}; font-size: small; }}",
        f"span.ts-invalid {{ color: {p.faint}; font-size: small; text-decoration: line-through; }}",
        f"a.tag {{ color: {p.tag_text}; background-color: {p.tag}; }}",
        f"span.hl {{ background-color: {p.highlight}; color: {p.highlight_text}; }}",
        f"code {{ font-family: {MONOSPACE}; background-color: {p.inline_code}; }}",
        # Wrapped inside the block: a long line must not widen the whole page (Qt has no
        # scrolling box inside a document).
        f"pre {{ font-family: {MONOSPACE}; margin-top: 0px; margin-bottom: 0px;"
        " white-space: pre-wrap; }",
        f"td.code {{ background-color: {p.surface}; padding: 10px 14px; }}",
        f"p.code-label {{ color: {p.muted}; font-size: small; margin-bottom: 6px; }}",
        "p.math-display { margin-top: 4px; margin-bottom: 14px; }",
        f"code.math-error {{ color: {p.muted}; text-decoration: underline; }}",
        "table.code, table.callout, table.embed, table.quote"
        " { margin-top: 4px; margin-bottom: 16px; }",
        "td.quote { padding: 2px 14px 0px 14px; }",
        f"table.md {{ border-collapse: collapse; border-color: {p.border};"
        " border-style: solid; margin-top: 2px; margin-bottom: 16px; }",
        f"table.md th, table.md td {{ border-color: {p.border}; border-style: solid;"
        " border-width: 1px; padding: 5px 10px; }",
        f"table.md th {{ background-color: {p.surface}; }}",
        "td.callout { padding: 8px 14px 2px 14px; }",
        "p.callout-title { font-weight: 600; margin-bottom: 8px; }",
        "table.folded p.callout-title { margin-bottom: 6px; }",
        f"a.fold {{ color: {p.muted}; font-weight: 400; }}",
        f"td.embed-edge {{ background-color: {p.border}; }}",
        "td.embed { padding: 6px 14px 0px 14px; }",
        f"p.embed-source {{ font-size: small; color: {p.muted}; margin-bottom: 6px; }}",
        f"p.embed-source a {{ color: {p.muted}; }}",
        f"p.notice {{ font-size: small; color: {p.muted}; font-style: italic; }}",
        f"span.remote {{ font-size: small; color: {p.muted}; background-color: {p.surface}; }}",
        f"hr {{ background-color: {p.border}; }}",
        "p.image { line-height: 100%; }",
        ".first { margin-top: 0px; }",
        "ul.tasks { list-style-type: none; }",
        f"div.footnote {{ font-size: small; color: {p.muted}; }}",
        f"a.footnote-backref {{ color: {p.muted}; }}",
        f"li.task-done {{ color: {p.muted}; }}",
        f"li.task-cancelled {{ color: {p.muted}; text-decoration: line-through; }}",
        f"span.mark-doing, span.mark-forwarded, span.mark-scheduled {{ color: {p.link}; }}",
        f"span.mark-question {{ color: {p.callouts['orange']}; }}",
        f"span.mark-important {{ color: {p.callouts['red']}; }}",
        f"p.topic-count {{ color: {p.muted}; }}",
        f"p.snippet {{ color: {p.text}; margin-left: 16px; margin-bottom: 10px; }}",
        f"span.mention {{ background-color: {p.highlight}; color: {p.highlight_text}; }}",
        f"span.mention a, span.mention a.unresolved {{ color: {p.highlight_text}; }}",
        f"a.line {{ color: {p.muted}; font-size: small; }}",
        # Episode pages (episode_page.py): a Watch pill, topic list, the timeline table.
        "p.watch { margin-top: 4px; margin-bottom: 22px; }",
        f"a.watch {{ font-size: medium; font-weight: 600; color: {p.pill_text}; }}",
        f"span.video-id {{ color: {p.faint}; font-size: small; font-family: {MONOSPACE}; }}",
        f"span.episode-meta {{ color: {p.muted}; font-size: small; }}",
        "ul.episode-topics { margin-bottom: 8px; }",
        # Rules between rows only: a timeline reads down, and cell walls make it a grid.
        f"table.timeline {{ border-collapse: collapse; border-color: {p.border};"
        " border-style: solid; margin-top: 4px; margin-bottom: 16px; }",
        f"table.timeline th, table.timeline td {{ border-bottom-color: {p.border};"
        " border-bottom-style: solid; border-bottom-width: 1px;"
        " border-top-width: 0px; border-left-width: 0px; border-right-width: 0px;"
        " padding: 8px 10px 8px 0px; }",
        f"p.byline a.channel {{ color: {p.link}; }}",
        # The Properties block (properties.py): a quiet two-column table under the title.
        "table.properties { margin-top: 0px; margin-bottom: 16px; }",
        f"td.properties-title {{ color: {p.muted}; font-size: small; font-weight: 600;"
        " padding: 2px 0px 4px 0px; }",
        f"td.property-key {{ color: {p.muted}; font-size: small; width: 28%;"
        f" padding: 3px 12px 3px 0px; border-bottom-color: {p.border};"
        " border-bottom-style: solid; border-bottom-width: 1px; }",
        f"td.property-value {{ font-size: small; padding: 3px 0px 3px 0px;"
        f" border-bottom-color: {p.border}; border-bottom-style: solid;"
        " border-bottom-width: 1px; }",
        f"td.property-notice {{ color: {p.muted}; font-size: small; font-style: italic; }}",
        f"span.property-empty {{ color: {p.faint}; }}",
        f"table.timeline th {{ color: {p.muted}; font-size: small; font-weight: 600; }}",
        "td.time { white-space: nowrap; }",
        "td.topic { font-size: small; }",
        "td.sentence { line-height: 140%; }",
        # The citation strip: tick colours are inline (one per topic note), the rest is here.
        "table.strip { margin-top: 0px; margin-bottom: 0px; }",
        "table.strip-axis { margin-top: 2px; margin-bottom: 6px; }",
        f"td.axis {{ color: {p.muted}; font-size: small; }}",
        # 9 px: a glyph that stays within the minimum width Qt gives a table cell (7 px), so
        # a strip of 50 cells fits any column from 350 px (keywords would grow with zoom).
        "a.tick { text-decoration: none; font-size: 9px; }",
        "span.gap { font-size: 9px; }",
        f"p.local-copy {{ color: {p.muted}; font-size: small; margin-top: -10px; }}",
        f"span.local-path {{ font-family: {MONOSPACE}; }}",
        # Spoken lines under a citation's preview (session.previews.spoken_html).
        f"p.spoken-head {{ color: {p.muted}; font-size: small; font-weight: 600;"
        " margin-top: 4px; margin-bottom: 4px; }",
        "table.spoken { margin-top: 0px; margin-bottom: 8px; }",
        f"td.spoken-time, td.spoken-now-time {{ color: {p.faint}; font-size: small;"
        " white-space: nowrap; padding: 3px 8px 3px 4px; }",
        f"td.spoken {{ color: {p.muted}; padding: 3px 6px 3px 0px; line-height: 140%; }}",
        f"td.spoken-now-time {{ color: {p.pill_text}; background-color: {p.pill}; }}",
        f"td.spoken-now {{ color: {p.text}; background-color: {p.pill}; font-weight: 600;"
        " padding: 3px 6px 3px 0px; line-height: 140%; }",
        # A paragraph, list or frame cut into chunks (chunks.py): no gap at the seam.
        "p.joined, ul.joined, ol.joined, table.joined { margin-bottom: 0px; }",
        "td.joined { padding-bottom: 0px; }",
        "table.cont { margin-top: 0px; }",
        "td.cont { padding-top: 0px; }",
        "td.gap { padding-top: 14px; }",
    ]
    for family, colour in p.callouts.items():
        rules.append(f"td.edge-{family} {{ background-color: {colour}; }}")
        tint = mix(colour, p.background, p.callout_tint)
        rules.append(f"td.callout-{family} {{ background-color: {tint}; }}")
        rules.append(f"p.title-{family} {{ color: {colour}; }}")
    return "\n".join(rules) + "\n"
