"""Allow-list HTML sanitizer: the last step before HTML reaches the note pane.

Notes are untrusted input and Python-Markdown passes raw HTML through, so the final HTML is
re-parsed with the standard library's html.parser and re-serialised keeping only known tags
and attributes (an allow-list: anything new is dropped until someone allows it). Elements
that carry code or fetch things (``script``, ``style``, ``iframe``, ``object``, ``embed``...)
are dropped with their content; unknown tags are unwrapped, keeping their text. URLs must use
a scheme of the link contract (`hrefs`); ``file:`` only for files inside the vault; images
only from the vault, so nothing remote is ever fetched.

It also finishes two rendering jobs that need the final HTML: anchor marks (`marks`) become
``<a name>`` anchors, and a ``<br>`` that ends a block (which browsers ignore but Qt draws as
an empty line) is dropped.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from . import marks
from .boundary import inside_root
from .hrefs import EXTERNAL_SCHEMES, FILE, INTERNAL_SCHEMES, PAGE_SCHEMES, parse_href, scheme_of

_GLOBAL_ATTRS = frozenset({"class", "title", "id", "align", "dir", "style"})
ALLOWED: dict[str, frozenset[str]] = {
    tag: _GLOBAL_ATTRS | frozenset(extra)
    for tag, extra in {
        "a": {"href", "name"},
        "b": (),
        "big": (),
        "blockquote": (),
        "br": (),
        "caption": (),
        "center": (),
        "cite": (),
        "code": (),
        "dd": (),
        "del": (),
        "dfn": (),
        "div": (),
        "dl": (),
        "dt": (),
        "em": (),
        "font": {"color"},
        "h1": (),
        "h2": (),
        "h3": (),
        "h4": (),
        "h5": (),
        "h6": (),
        "hr": {"width"},
        "i": (),
        "img": {"src", "alt", "width", "height"},
        "kbd": (),
        "li": {"value"},
        "nobr": (),
        "ol": {"start", "type"},
        "p": (),
        "pre": (),
        "q": (),
        "s": (),
        "samp": (),
        "small": (),
        "span": (),
        "strike": (),
        "strong": (),
        "sub": (),
        "sup": (),
        "table": {"width", "border", "cellspacing", "cellpadding", "bgcolor"},
        "tbody": (),
        "td": {"width", "colspan", "rowspan", "valign", "bgcolor"},
        "tfoot": (),
        "th": {"width", "colspan", "rowspan", "valign", "bgcolor"},
        "thead": (),
        "tr": {"valign", "bgcolor"},
        "tt": (),
        "u": (),
        "ul": {"type"},
        "var": (),
    }.items()
}
# Dropped together with everything inside them.
DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "applet",
        "noscript",
        "noembed",
        "noframes",
        "frame",
        "frameset",
        "template",
        "title",
        "head",
        "svg",
        "math",
        "select",
        "textarea",
        "audio",
        "video",
        "canvas",
        "form",
        "button",
    }
)
_VOID = frozenset({"br", "hr", "img", "embed", "frame", "input", "link", "meta", "base", "wbr"})
# Elements open at once, at most, in what a page keeps: Qt's layout of nested blocks grows
# faster than their depth (5,000 nested <div>s: 8 s of the GUI thread); rendered markdown
# nests far less (quotes and lists are flattened before), so this bounds raw HTML only.
MAX_DEPTH = 48
LONG_RUN = 400  # characters without whitespace that get wrapping points (see `breakable`)
BREAK_EVERY = 80
_SPACES = re.compile(r"(\s+)")

_BLOCKS = frozenset(
    {
        "blockquote",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
# Where a block tag cannot start (HTML would close the paragraph; Qt would split it oddly).
_INLINE_ONLY = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "a", "span", "b", "i", "em"})

WORD_JOINER = "\u2060"  # invisible, and a character Qt can hang an anchor on
_TOKEN = re.compile(r"[\w\-:.^]{1,200}")
_CLASSES = re.compile(r"[\w\- ]{1,200}")
_NUMBER = re.compile(r"\d{1,5}%?")
_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}")
_CSS_PROPERTIES = frozenset(
    {
        "color",
        "background-color",
        "font-weight",
        "font-style",
        "text-decoration",
        "text-align",
        "vertical-align",
    }
)
_MATH_SRC = re.compile(r"math:[0-9a-f]{20}")
_CSS_VALUE = re.compile(r"[#\w\s.,%()\-]{1,100}")
_CSS_FORBIDDEN = ("url", "expression", "image", "import", "javascript", "behavior", "binding")


class _Sanitizer(HTMLParser):
    def __init__(self, root: Path | None) -> None:
        super().__init__(convert_charrefs=True)
        self.root = root
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, emitted)
        self.skipping: list[str] = []  # open elements dropped with their content
        self.links_open = 0
        self.inline_open = 0  # open elements of _INLINE_ONLY (kept or not)
        self.pre_open = 0  # open <pre> elements: code keeps its characters as they are
        self.depth = 0  # open elements written out
        self.br_at: int | None = None  # index in `out` of a <br> that may end a block
        # Pages repeat the same tags (a note's links, pills, anchors): each is judged once.
        self.judged: dict[tuple[str, tuple[tuple[str, str | None], ...]], list[str]] = {}

    # -- events ------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag == self.skipping[-1] and tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in DROP_WITH_CONTENT:
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        allowed = ALLOWED.get(tag)
        if allowed is None:
            return  # unknown: unwrapped, its text stays
        emit = True
        if tag in _BLOCKS and self.inline_open:
            emit = False  # a stray <div> inside a paragraph: keep the text flowing
        if self.depth >= MAX_DEPTH and tag not in _VOID:
            emit = False  # deeper than a page needs: the text flows on at this depth
        if tag == "a" and self.links_open:
            emit = False  # nested links are not links
        kept = self._attributes(tag, attrs, allowed) if emit else []
        if tag == "img":
            self._image(kept)
            return
        if tag == "a":
            self.links_open += 1
        if emit:
            self._emit(f"<{tag}{''.join(kept)}>", tag == "br")
        if tag not in _VOID:
            self.stack.append((tag, emit))
            self.inline_open += tag in _INLINE_ONLY
            self.pre_open += tag == "pre"
            self.depth += emit

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                while len(self.stack) > index:
                    self._close(*self.stack.pop())
                return

    def handle_data(self, data: str) -> None:
        if self.skipping or not data:
            return
        data = marks.restore(data)
        if marks.MENTION_OPEN in data or marks.MENTION_CLOSE in data:
            self._mention(data)
            return
        if marks.OPEN not in data:
            data = data if self.pre_open else breakable(data)
            self._emit(escape(data, quote=False), False, blank=not data.strip())
            return
        position = 0
        for match in marks.PATTERN.finditer(data):
            self._text(data[position : match.start()])
            if not self.links_open:
                self._emit(f'<a name="{escape(match.group(1))}"></a>', False)
            position = match.end()
        self._text(data[position:])

    def _mention(self, data: str) -> None:
        """A snippet's mention marks: a span around what lies between them."""
        position = 0
        for index, char in enumerate(data):
            if char not in (marks.MENTION_OPEN, marks.MENTION_CLOSE):
                continue
            self.handle_data(data[position:index])
            position = index + 1
            if char == marks.MENTION_OPEN:
                self.handle_starttag("span", [("class", "mention")])
            else:
                self.handle_endtag("span")
        self.handle_data(data[position:])

    def handle_comment(self, data: str) -> None:
        pass

    def handle_decl(self, decl: str) -> None:
        pass

    def handle_pi(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass

    def close(self) -> None:
        super().close()
        while self.stack:
            self._close(*self.stack.pop())

    # -- output ------------------------------------------------------------------------------

    def _text(self, text: str) -> None:
        text = marks.scrub(text)
        text = text if self.pre_open else breakable(text)
        if text:
            self._emit(escape(text, quote=False), False, blank=not text.strip())

    def _emit(self, html: str, is_br: bool, blank: bool = False) -> None:
        if is_br:
            self.br_at = len(self.out)
        elif not blank:
            self.br_at = None
        self.out.append(html)

    def _close(self, tag: str, emitted: bool) -> None:
        if tag == "a":
            self.links_open -= 1
        self.inline_open -= tag in _INLINE_ONLY
        self.pre_open -= tag == "pre"
        if not emitted:
            return
        self.depth -= 1
        if self.br_at is not None and tag in _BLOCKS:
            self.out[self.br_at] = ""  # a trailing <br> would draw an empty line in Qt
        self.br_at = None
        self.out.append(f"</{tag}>")

    # -- attributes --------------------------------------------------------------------------

    def _attributes(
        self, tag: str, attrs: list[tuple[str, str | None]], allowed: frozenset[str]
    ) -> list[str]:
        key = (tag, tuple(attrs))
        kept = self.judged.get(key)
        if kept is None:
            kept = self.judged[key] = self._judge(tag, attrs, allowed)
            if len(self.judged) > 4096:
                self.judged.clear()
        return kept

    def _judge(
        self, tag: str, attrs: list[tuple[str, str | None]], allowed: frozenset[str]
    ) -> list[str]:
        kept: list[str] = []
        seen: set[str] = set()
        for name, raw in attrs:
            name = name.lower()
            if name in seen or name not in allowed or name.startswith("on"):
                continue
            value = self._value(tag, name, marks.scrub(marks.restore(raw or "")))
            if value is not None:
                seen.add(name)
                kept.append(f' {name}="{escape(value)}"')
        return kept

    def _value(self, tag: str, name: str, value: str) -> str | None:
        value = value.strip()
        if name == "href":
            return self.safe_url(value)
        if name == "src":
            return self.safe_image(value)
        if name in ("id", "name"):
            return value if _TOKEN.fullmatch(value) else None
        if name == "class":
            return value if _CLASSES.fullmatch(value) else None
        if name in ("width", "height", "border", "cellspacing", "cellpadding"):
            return value if _NUMBER.fullmatch(value) else None
        if name in ("colspan", "rowspan", "start", "value"):
            return value if value.isdigit() and len(value) < 5 else None
        if name in ("bgcolor", "color"):
            return value if _COLOUR.fullmatch(value) else None
        if name == "style":
            return _clean_style(value)
        if name in ("align", "valign", "type", "dir"):
            return value if value.isalnum() and len(value) < 10 else None
        return value  # title, alt: plain text, escaped on output

    def safe_url(self, url: str) -> str | None:
        if url.startswith("#"):
            return url if _TOKEN.fullmatch(url[1:]) else None
        scheme = scheme_of(url)
        if scheme in EXTERNAL_SCHEMES:
            return url if not url.lower().startswith("mailto:") or "@" in url else None
        if scheme in INTERNAL_SCHEMES or scheme in PAGE_SCHEMES:
            return url if parse_href(url) is not None else None
        if scheme == FILE:
            return url if self.inside_vault(url) else None
        return None  # javascript:, vbscript:, data:, relative paths, anything else

    def safe_image(self, url: str) -> str | None:
        if _MATH_SRC.fullmatch(url):  # a drawn formula (see formulas.py)
            return url
        return url if scheme_of(url) == FILE and self.inside_vault(url) else None

    def inside_vault(self, url: str) -> bool:
        if self.root is None:
            return False
        parsed = parse_href(url)
        return parsed is not None and inside_root(self.root, parsed.target) is not None

    def _image(self, kept: list[str]) -> None:
        if any(attr.startswith(" src=") for attr in kept):
            if self.out and self.out[-1].startswith("<a name="):
                # Qt hangs anchor names on the next character, and an image is none.
                self._emit(WORD_JOINER, False)
            self._emit(f"<img{''.join(kept)}>", False)
            return
        alt = next((a[6:-1] for a in kept if a.startswith(" alt=")), "")
        label = f"image not shown: {alt}" if alt else "image not shown"
        self._emit(f'<span class="remote">[{label}]</span>', False)


def breakable(text: str) -> str:
    """`text` with a zero-width space every BREAK_EVERY characters of any run without
    whitespace longer than LONG_RUN: Qt looks for a place to wrap such a run at great cost
    (30,000 carets in a row: half a second of painting on the GUI thread)."""
    if len(text) <= LONG_RUN:
        return text
    pieces = _SPACES.split(text)
    if max(map(len, pieces)) <= LONG_RUN:
        return text
    return "".join(
        "\u200b".join(piece[i : i + BREAK_EVERY] for i in range(0, len(piece), BREAK_EVERY))
        if len(piece) > LONG_RUN
        else piece
        for piece in pieces
    )


def _clean_style(style: str) -> str | None:
    kept = []
    for declaration in style.split(";"):
        prop, _, value = declaration.partition(":")
        prop, value = prop.strip().lower(), value.strip()
        if (
            prop in _CSS_PROPERTIES
            and _CSS_VALUE.fullmatch(value)
            and not any(word in value.lower() for word in _CSS_FORBIDDEN)
        ):
            kept.append(f"{prop}: {value}")
    return "; ".join(kept) or None


def sanitize(html: str, root: Path | None = None) -> str:
    """Allow-listed, well-nested HTML; `root` is the vault folder that ``file:`` URLs and
    images must stay inside (None: no local files at all)."""
    parser = _Sanitizer(root)
    parser.feed(html)
    parser.close()
    return "".join(parser.out)
