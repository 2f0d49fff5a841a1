"""The link contract between the renderer and the note pane: every href the HTML carries.

The renderer writes these and the UI reads them back with `parse_href`, so neither side ever
guesses at the other's string formats:

- ``note:<path>[#<anchor>]``: a note. ``<path>`` is the vault-relative path, percent-encoded
  (``/`` kept); ``<anchor>`` is a heading id (`heading_anchor` of the heading text, the same
  function that gives rendered headings their ``id``, so links and targets always match), a
  block id (``^palette``, see `block_anchor`) or a source line (``L12``, see `line_anchor`).
  A link into the same note also uses ``note:`` with that note's path.
- ``topic:<name>``: an unresolved wikilink target (a topic page), name as written.
- ``tag:<tag>``: a tag, without ``#``; nested tags keep their ``/``.
- ``time:<video id>/<seconds>``: a citation; the UI decides how to open it (browser URL
  template or player command). The link's ``title`` reads "Open at 1:18:18".
- ``http:``, ``https:``, ``mailto:``: external, unchanged; only these go to the system.
- ``file:<url>``: a file inside the vault (attachments that are not images).
- ``callout:<id>``: the fold marker of a foldable block (a ``> [!faq]-`` callout, the
  Properties block). The UI flips that id in `RenderOptions.toggled` and renders again,
  keeping the scroll position. Ids are stable for a note's text (see `callouts.callout_id`).
- ``#<name>``: a place in the page itself (footnotes and their back-references, and
  markdown links written ``[text](#Heading)``).

Line anchors: each block (paragraph, list item, heading, table row, blockquote line, code
block) that begins at source line *n* (1-based, counting frontmatter lines, as the core's
`Link.line` does) starts with ``<a name="L<n>"></a>``, so the UI can scroll to a backlink,
search hit or citation with ``QTextBrowser.scrollToAnchor(line_anchor(n))``. Headings carry
``id="<heading anchor>"``, which Qt's rich text treats as an anchor name.

Read clicked links with ``parse_href(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))``
(any encoding QUrl chooses decodes to the same result).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from viewer.core.context import plain

NOTE = "note"
TOPIC = "topic"
TAG = "tag"
TIME = "time"
FILE = "file"
EXTERNAL = "external"
ANCHOR = "anchor"
CALLOUT = "callout"

EXTERNAL_SCHEMES = frozenset({"http", "https", "mailto"})
INTERNAL_SCHEMES = frozenset({NOTE, TOPIC, TAG, TIME})
PAGE_SCHEMES = frozenset({CALLOUT})  # written by the renderer only, never taken from a note's link

# Controls and whitespace browsers ignore inside a scheme ("java\tscript:"), plus invisible
# format characters that would let a scheme hide from a plain string comparison.
_IGNORED_IN_SCHEME = re.compile("[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_SLUG_DROP = re.compile(r"[^\w\- ]+")
_SLUG_SPACES = re.compile(r"[\s\-]+")
_DRIVE_PATH = re.compile(r"/[A-Za-z]:/")


def heading_anchor(text: str) -> str:
    """Id of a heading, and the anchor of every link to it: lower case, punctuation dropped,
    spaces and hyphens joined into one hyphen (``"Tasks, not jobs"`` -> ``tasks-not-jobs``)."""
    text = unicodedata.normalize("NFC", text).casefold()
    slug = _SLUG_SPACES.sub("-", _SLUG_DROP.sub("", text).strip()).strip("-")
    return slug or "section"


def block_anchor(block_id: str) -> str:
    """Anchor of a block marked ``^id`` (written ``[[note#^id]]``)."""
    return "^" + block_id.lstrip("^")


def line_anchor(line: int) -> str:
    """Anchor of the block that begins at 1-based source line `line`."""
    return f"L{line}"


def anchor_line(anchor: str | None) -> int | None:
    """The source line a line anchor names (``L12`` -> 12); None for any other anchor."""
    if anchor and anchor[:1] == "L" and anchor[1:].isdigit() and anchor[1:].isascii():
        return int(anchor[1:])
    return None


def link_anchor(heading: str | None) -> str | None:
    """Anchor for the ``#...`` part of a link, written as markdown source: a block id, or a
    heading whose markup (emphasis, links, code) is read as its visible text first."""
    if not heading:
        return None
    heading = heading.strip()
    if heading.startswith("^"):
        return block_anchor(heading)
    return heading_anchor(plain(heading))


def note_href(path: str, anchor: str | None = None) -> str:
    href = "note:" + quote(path, safe="/")
    return f"{href}#{quote(anchor, safe='^-_.')}" if anchor else href


def topic_href(name: str) -> str:
    return "topic:" + quote(name.strip(), safe="")


def tag_href(tag: str) -> str:
    return "tag:" + quote(tag.lstrip("#"), safe="/")


def callout_href(block_id: str) -> str:
    return "callout:" + quote(block_id, safe="-_.")


def time_href(video_id: str, seconds: int) -> str:
    return f"time:{quote(video_id, safe='-_')}/{int(seconds)}"


def file_href(path: Path) -> str:
    """``file:`` URL of an absolute path."""
    return path.as_uri()


def scheme_of(url: str) -> str | None:
    """Lower-case scheme of `url` as a browser would read it, or None for a relative URL.

    Obfuscation browsers forgive (case, embedded tabs/newlines/controls, leading spaces) is
    removed first; entities must already be decoded (html.parser does so for attributes)."""
    cleaned = _IGNORED_IN_SCHEME.sub("", url).lower()
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else None


@dataclass(frozen=True, slots=True)
class Href:
    """A parsed link: `kind` is one of NOTE, TOPIC, TAG, TIME, FILE, EXTERNAL, ANCHOR, CALLOUT.

    `target` is the note path, topic name, tag, video id, absolute file path, external URL,
    in-page anchor or foldable block id; `anchor` the note anchor; `seconds` the citation
    time."""

    kind: str
    target: str
    anchor: str | None = None
    seconds: int | None = None


def parse_href(href: str) -> Href | None:
    """Read back any href the renderer writes; None for anything outside the contract."""
    href = href.strip()
    if href.startswith("#"):
        return Href(ANCHOR, unquote(href[1:])) if len(href) > 1 else None
    scheme = scheme_of(href)
    if scheme is None:
        return None
    rest = href.split(":", 1)[1]
    if scheme == NOTE:
        path, _, anchor = rest.partition("#")
        path = unquote(path)
        return Href(NOTE, path, unquote(anchor) or None) if path else None
    if scheme == TOPIC:
        name = unquote(rest)
        return Href(TOPIC, name) if name.strip() else None
    if scheme == TAG:
        tag = unquote(rest)
        return Href(TAG, tag) if tag else None
    if scheme == TIME:
        video, _, seconds = rest.rpartition("/")
        if not video or not seconds.isdigit():
            return None
        return Href(TIME, unquote(video), seconds=int(seconds))
    if scheme == FILE:
        path = unquote(urlsplit(href).path)
        if _DRIVE_PATH.match(path):  # file:///C:/x on Windows
            path = path[1:]
        return Href(FILE, path) if path else None
    if scheme == CALLOUT:
        block_id = unquote(rest)
        return Href(CALLOUT, block_id) if block_id else None
    if scheme in EXTERNAL_SCHEMES:
        return Href(EXTERNAL, href)
    return None
