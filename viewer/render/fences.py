"""Fenced code blocks, highlighted with Pygments in a form QTextBrowser shows.

Replaces Python-Markdown's fenced_code extension because the note pane needs three things it
does not do: inline colours (``noclasses``: Qt's CSS has no room for Pygments' class
rules), a one-cell table around the code (Qt draws no background or padding on a ``div`` or
``pre``), and fences inside blockquotes and callouts, which Obsidian users write. Each block
becomes a stashed placeholder, and the lines stay one-to-one with the source so the line
preprocessor can still number them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from typing import NamedTuple

from markdown.preprocessors import Preprocessor
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from . import marks
from .hrefs import line_anchor
from .theme import palette

# A fence opening: quote markers (read greedily first, so nothing backtracks into them),
# then an indent, the fence and its info string.
_QUOTES = re.compile(r"(?:[ ]{0,3}>[ ]?)*")
_OPEN = re.compile(r"(?P<indent>[ ]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)")
_ONE_QUOTE = re.compile(r"[ ]{0,3}>[ ]?")
_LANGUAGE = re.compile(r"[\w+#.\-]+")
DIAGRAMS = {"mermaid": "Mermaid diagram, shown as its source"}
MAX_HIGHLIGHT = 200_000  # characters; longer blocks are shown plain (Pygments is slow there)


@lru_cache(maxsize=64)
def _lexer(language: str) -> Lexer | None:
    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


@lru_cache(maxsize=4)
def _formatter(style: str) -> HtmlFormatter:
    return HtmlFormatter(noclasses=True, nowrap=True, style=style)


def code_html(code: str, language: str, theme: str, line: int | None) -> str:
    """A code block as a one-cell table, highlighted when the language is known."""
    lexer = _lexer(language.lower()) if language and len(code) <= MAX_HIGHLIGHT else None
    if lexer is not None:
        body = highlight(code, lexer, _formatter(palette(theme).pygments_style)).rstrip("\n")
    else:
        body = escape(code, quote=False)
    anchor = marks.make(line_anchor(line)) if line is not None else ""
    label = ""
    if language.lower() in DIAGRAMS:  # no JavaScript engine here: the source, labelled
        label = f'<p class="code-label">{anchor}{DIAGRAMS[language.lower()]}</p>'
        anchor = ""
    return (
        '<table class="code" width="100%" cellspacing="0" cellpadding="0">'
        f'<tr><td class="code">{label}<pre>{anchor}{body}</pre></td></tr></table>'
    )


class Opening(NamedTuple):
    depth: int  # blockquote markers before the fence
    indent: str
    fence: str
    info: str


def opening(line: str) -> Opening | None:
    """The fence `line` opens (inside quotes too), or None."""
    if "```" not in line and "~~~" not in line:
        return None
    quotes = _QUOTES.match(line)
    start = quotes.end() if quotes else 0
    rest = _OPEN.fullmatch(line, start)
    if rest is None or (rest["fence"][0] == "`" and "`" in rest["info"]):
        return None
    depth = line.count(">", 0, start)
    return Opening(depth, rest["indent"], rest["fence"], rest["info"])


class FencedCode(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if not any("```" in line or "~~~" in line for line in lines):
            return lines
        ctx = self.md.vv  # type: ignore[attr-defined]
        index = 0
        while index < len(lines):
            fence = opening(lines[index])
            if fence is None:
                index += 1
                continue
            end, code = _collect(lines, index + 1, fence)
            language = _LANGUAGE.match(fence.info.strip().lstrip("{").lstrip("."))
            line = None if ctx.first_line is None else ctx.first_line + index
            html = code_html("\n".join(code), language.group() if language else "", ctx.theme, line)
            quote = ">" * fence.depth
            lines[index] = quote + fence.indent + self.md.htmlStash.store(html)
            for filler in range(index + 1, end):
                lines[filler] = quote
            index = end
        return lines


def _collect(lines: list[str], start: int, opened: Opening) -> tuple[int, list[str]]:
    """(index after the block, code lines) of the fence `opened`."""
    depth = opened.depth
    fence = opened.fence
    indent = len(opened.indent)
    code: list[str] = []
    for index in range(start, len(lines)):
        content = _unquote(lines[index], depth)
        if content is None:
            return index, code  # the blockquote around the fence ended
        stripped = content.strip()
        if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
            return index + 1, code
        code.append(content[min(indent, len(content) - len(content.lstrip(" "))) :])
    return len(lines), code


def _unquote(line: str, depth: int) -> str | None:
    """`line` without `depth` blockquote markers; None when it has fewer."""
    for _ in range(depth):
        quote = _ONE_QUOTE.match(line)
        if not quote:
            return None
        line = line[quote.end() :]
    return line
