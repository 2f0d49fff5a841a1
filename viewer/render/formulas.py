"""LaTeX math: ``$inline$`` and ``$$display$$`` drawn as SVG pictures (ziamath, pure Python,
its own fonts: no TeX, nothing fetched), since Qt's rich text has no MathML.

Formulas are found in the source lines before Python-Markdown reads them (so ``_`` and ``*``
in a formula never become emphasis), by Obsidian's rules: an opening ``$`` is not followed by
a space, a closing one is not preceded by a space nor followed by a digit (``$5 and $10``
stays prose), ``\\$`` is a dollar sign, code spans are left alone, and ``$$`` may stand on
lines of its own around a display formula.

Each formula becomes ``<img src="math:<key>">``; the SVG is drawn while the note renders (in
the renderer's thread) and kept in a bounded cache, from which the note pane reads it
(`svg_for`) to paint it. The colour follows the theme. A formula ziamath cannot draw stays
on the page as its source, marked quietly (``code.math-error``).
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
from collections import OrderedDict
from html import escape
from typing import Any

from markdown.preprocessors import Preprocessor

from .theme import palette

SCHEME = "math"
CACHE = 4096  # drawn formulas kept (a few KB each)
MAX_TEX = 2_000  # characters of one formula drawn; longer ones stay source
MAX_LINES = 200  # lines a display formula may span
MAX_DRAWN = 500  # formulas drawn on one page; past it they stay source (each takes ~10 ms)
SIZE = 17.0  # px: a little above the body text, as TeX sets it
_DISPLAY_LINE = re.compile(r"[ ]{0,3}\$\$(.*)")
_DOLLAR_OR_CODE = re.compile(r"\\\$|`+|\$\$?")

_lock = threading.Lock()
_svgs: OrderedDict[str, bytes] = OrderedDict()


def svg_for(key: str) -> bytes | None:
    """The SVG drawn for the formula `key` (the path of its ``math:`` URL), or None."""
    with _lock:
        return _svgs.get(key)


def formula_html(tex: str, display: bool, theme: str, draw: bool = True) -> str:
    """An ``<img>`` of the formula, or its source marked as not drawn."""
    tex = tex.strip()
    drawn = _draw(tex, display, palette(theme).text) if draw and len(tex) <= MAX_TEX else None
    if drawn is None:
        shown = f"$${tex}$$" if display else f"${tex}$"
        return (
            f'<code class="math-error" title="This formula could not be drawn">'
            f"{escape(shown)}</code>"
        )
    key, width, height = drawn
    style = "" if display else ' style="vertical-align: middle"'
    image = (
        f'<img class="math" src="{SCHEME}:{key}" alt="{escape(tex)}" title="{escape(tex)}"'
        f' width="{width}" height="{height}"{style}>'
    )
    return f'<p class="math-display">{image}</p>' if display else image


def _draw(tex: str, display: bool, colour: str) -> tuple[str, int, int] | None:
    key = hashlib.sha1(f"{display}|{colour}|{tex}".encode()).hexdigest()[:20]
    with _lock:
        cached = _svgs.get(key)
    if cached is None:
        try:
            svg = _ziamath().Latex(tex, size=SIZE, color=colour, inline=not display).svg()
        except Exception:  # ziamath raises anything on bad input: the source is shown instead
            return None
        cached = svg.encode("utf-8")
        with _lock:
            _svgs[key] = cached
            while len(_svgs) > CACHE:
                _svgs.popitem(last=False)
    size = _size(cached)
    return (key, *size) if size else None


def _ziamath() -> Any:
    """ziamath, imported on first use (it loads fonts). Its import calls an importlib API
    that Python deprecated: that warning is the library's to fix, not the reader's."""
    with _import_lock:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import ziamath
    return ziamath


_import_lock = threading.Lock()
_SVG_SIZE = re.compile(rb'<svg[^>]*?\swidth="([\d.]+)"[^>]*?\sheight="([\d.]+)"')


def _size(svg: bytes) -> tuple[int, int] | None:
    match = _SVG_SIZE.search(svg[:400])
    if not match:
        return None
    return max(1, math.ceil(float(match.group(1)))), max(1, math.ceil(float(match.group(2))))


def inline_formulas(line: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, tex, display) of each formula in `line`: an opening ``$`` (or ``$$``)
    has no space after it, its closing one no space before it and no digit after it, and
    a formula holds no other dollar sign and no backtick (code spans are left alone)."""
    found: list[tuple[int, int, str, bool]] = []
    opened: tuple[int, str] | None = None  # (position after the opening, "$" or "$$")
    ticks: str | None = None  # an open code span's backtick run
    for match in _DOLLAR_OR_CODE.finditer(line):
        token, at, end = match.group(), match.start(), match.end()
        if token[0] == "`":
            if ticks is None:
                ticks, opened = token, None
            elif token == ticks:
                ticks = None
            continue
        if ticks is not None or token == "\\$":
            continue
        after = line[end] if end < len(line) else " "
        if opened is not None:
            start, kind = opened
            if (
                token == kind
                and at > start
                and not line[at - 1].isspace()
                and not (kind == "$" and after.isdigit())
            ):
                found.append((start - len(kind), end, line[start:at], kind == "$$"))
                opened = None
                continue
        opened = (end, token) if not after.isspace() else None
    return found


class MathBlocks(Preprocessor):
    """Formulas in the source -> placeholders of their HTML (see the module docstring)."""

    def run(self, lines: list[str]) -> list[str]:
        if not any("$" in line for line in lines):
            return lines
        ctx = self.md.vv  # type: ignore[attr-defined]
        stash = self.md.htmlStash.store
        drawn = 0

        def html(tex: str, display: bool) -> str:
            nonlocal drawn
            drawn += 1
            return formula_html(tex, display, ctx.theme, drawn <= MAX_DRAWN)

        index = 0
        while index < len(lines):
            line = lines[index]
            if "$" not in line:
                index += 1
                continue
            block = _DISPLAY_LINE.fullmatch(line)
            if block is not None and "$$" not in block.group(1):
                last = min(len(lines), index + MAX_LINES)
                end = next((i for i in range(index + 1, last) if "$$" in lines[i]), None)
                if end is not None:
                    closing = lines[end]
                    body = [block.group(1), *lines[index + 1 : end], closing[: closing.find("$$")]]
                    tex = "\n".join(body)
                    lines[index] = stash(html(tex, True))
                    for filler in range(index + 1, end + 1):
                        lines[filler] = ""
                    index = end + 1
                    continue
            formulas = inline_formulas(line)
            if formulas:
                pieces: list[str] = []
                position = 0
                for start, stop, tex, display in formulas:
                    pieces += [line[position:start], stash(html(tex, display))]
                    position = stop
                lines[index] = "".join(pieces) + line[position:]
            index += 1
        return lines
