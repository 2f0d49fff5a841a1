"""A page made ready for paper and PDF (Qt-free; the window prints it, see `ui.printing`).

On paper the viewer is not there to route links: a timestamp pill must point at the real video
at that second (a PDF reader opens it in a browser), and links into the vault (notes, topics,
tags, files, places in the page) lead nowhere, so they become plain text. The page's HTML is
the renderer's own, sanitized output (attributes double-quoted, `<` and `>` escaped inside),
so one linear pattern finds every link tag.
"""

from __future__ import annotations

import re
from html import escape, unescape

from ..core.timestamps import video_url
from ..render import hrefs

# A link's opening tag, and its href. No `<` or `>` can occur inside a tag of sanitized HTML;
# both character classes are negated, so matching is linear on any input.
_LINK_TAG = re.compile(r"<a\s[^<>]*>")
_HREF = re.compile(r'\shref="([^"<>]*)"')


def paper_href(href: str) -> str | None:
    """Where a link of the page leads on paper: the video at that second for a timestamp,
    external addresses unchanged, None (no link) for anything inside the vault."""
    parsed = hrefs.parse_href(unescape(href))
    if parsed is None:
        return None
    if parsed.kind == hrefs.TIME:
        return video_url(parsed.target, parsed.seconds)
    if parsed.kind == hrefs.EXTERNAL:
        return parsed.target
    return None


def paper_html(html: str) -> str:
    """`html` with every link rewritten by `paper_href` (links without a target on paper
    keep their text and styling, and lose only the href)."""

    def tag(match: re.Match[str]) -> str:
        text = match.group()
        found = _HREF.search(text)
        if found is None:
            return text
        target = paper_href(found.group(1))
        replacement = f' href="{escape(target)}"' if target is not None else ""
        return text[: found.start()] + replacement + text[found.end() :]

    return _LINK_TAG.sub(tag, html)
