"""Every regular expression the renderer applies to note text, applied the way it is applied,
to adversarial lines (see `adversarial`): each finishes in <= 50 ms per 100,000-character
line (issue 11 item 3). Python-Markdown's own patterns that run on note text are included."""

from __future__ import annotations

import re
import time

import pytest

from tests.adversarial import BENIGN_FACTOR, benign_line
from tests.render.adversarial import adversarial_lines
from viewer.render import (
    callouts,
    embeds,
    fences,
    hrefs,
    inline,
    linear_links,
    links,
    marks,
    parts,
    sanitize,
    snippets,
    source,
    structure,
)
from viewer.render.engine import new_markdown

LIMIT = 0.050  # seconds per line
# A scan that finds a match at every character does linear work per match (building match
# objects): that time is allowed on top.
PER_MATCH = 0.000_002

OURS: list[tuple[str, re.Pattern[str], str]] = [
    ("callouts._HEAD", callouts._HEAD, "fullmatch"),
    ("embeds._LIST_ITEM", embeds._LIST_ITEM, "match"),
    ("embeds._HEADING", embeds._HEADING, "match"),
    ("embeds block id", re.compile(r"(?:^|\s)\^abc[ \t]*$"), "search"),
    ("fences._QUOTES", fences._QUOTES, "match"),
    ("fences._OPEN", fences._OPEN, "fullmatch"),
    ("fences._ONE_QUOTE", fences._ONE_QUOTE, "match"),
    ("fences._LANGUAGE", fences._LANGUAGE, "match"),
    ("hrefs._IGNORED_IN_SCHEME", hrefs._IGNORED_IN_SCHEME, "sub"),
    ("hrefs._SCHEME", hrefs._SCHEME, "match"),
    ("hrefs._SLUG_DROP", hrefs._SLUG_DROP, "sub"),
    ("hrefs._SLUG_SPACES", hrefs._SLUG_SPACES, "sub"),
    ("hrefs._DRIVE_PATH", hrefs._DRIVE_PATH, "match"),
    ("inline.WIKILINK", re.compile(inline.WIKILINK), "finditer"),
    ("inline.TIMESTAMP", re.compile(inline.TIMESTAMP), "finditer"),
    ("inline.HIGHLIGHT", re.compile(inline.HIGHLIGHT), "finditer"),
    ("inline.STRIKE", re.compile(inline.STRIKE), "finditer"),
    ("inline.TAG", re.compile(inline.TAG), "finditer"),
    ("inline.BARE_URL", re.compile(inline.BARE_URL), "finditer"),
    ("inline._DATA_T", inline._DATA_T, "search"),
    ("inline._MARKUP", inline._MARKUP, "sub"),
    ("inline._LINK_CLOSE", inline._LINK_CLOSE, "match"),
    ("linear_links._BRACKET", linear_links._BRACKET, "finditer"),
    ("links._IMAGE_SIZE", links._IMAGE_SIZE, "fullmatch"),
    ("links._ESCAPED", links._ESCAPED, "sub"),
    ("marks._SCRUB", marks._SCRUB, "sub"),
    ("marks.PATTERN", marks.PATTERN, "finditer"),
    ("marks.LEADING", marks.LEADING, "match"),
    ("parts._FENCE", parts._FENCE, "match"),
    ("parts._PART_START", parts._PART_START, "match"),
    ("parts._BLOCK_TAG", parts._BLOCK_TAG, "match"),
    ("parts._FOOTNOTE", parts._FOOTNOTE, "match"),
    ("parts._REFERENCE", parts._REFERENCE, "fullmatch"),
    ("sanitize._TOKEN", sanitize._TOKEN, "fullmatch"),
    ("sanitize._CLASSES", sanitize._CLASSES, "fullmatch"),
    ("sanitize._NUMBER", sanitize._NUMBER, "fullmatch"),
    ("sanitize._COLOUR", sanitize._COLOUR, "fullmatch"),
    ("sanitize._CSS_VALUE", sanitize._CSS_VALUE, "fullmatch"),
    ("snippets._OPAQUE", snippets._OPAQUE, "finditer"),
    ("snippets._WIKILINK_AT", snippets._WIKILINK_AT, "match"),
    ("snippets._MARKDOWN_LINK_AT", snippets._MARKDOWN_LINK_AT, "match"),
    ("snippets._CITATION_AT", snippets._CITATION_AT, "match"),
    ("source._QUOTE", source._QUOTE, "match"),
    ("source._PREFIX", source._PREFIX, "match"),
    ("source._PREFIX_TOKEN", source._PREFIX_TOKEN, "findall"),
    ("source._STRUCTURE", source._STRUCTURE, "match"),
    ("source._LIST_ITEM", source._LIST_ITEM, "match"),
    ("source._HEADING", source._HEADING, "match"),
    ("source._RULE", source._RULE, "fullmatch"),
    ("source._TABLE_RULE", source._TABLE_RULE, "fullmatch"),
    ("source._REFERENCE", source._REFERENCE, "match"),
    ("source._HTML_BLOCK_START", source._HTML_BLOCK_START, "match"),
    ("source._BLOCK_ID", source._BLOCK_ID, "search"),
    ("source._COMMENT_OR_CODE", source._COMMENT_OR_CODE, "finditer"),
    ("source._BACKTICK_RUN", source._BACKTICK_RUN, "finditer"),
    ("source._BRACKET_OR_ESCAPE", source._BRACKET_OR_ESCAPE, "finditer"),
    ("source._BLOCK_HTML_LINE", source._BLOCK_HTML_LINE, "finditer"),
    ("source._TAG_SHAPE", source._TAG_SHAPE, "fullmatch"),
    ("structure._TASK", structure._TASK, "match"),
    ("structure._BYLINE", structure._BYLINE, "match"),
    ("structure._BR", structure._BR, "fullmatch"),
]


def python_markdown_patterns() -> list[tuple[str, re.Pattern[str], str]]:
    """The inline patterns (tried at every position: finditer) and block regexes (searched
    through a block) of the renderer's Markdown instance."""
    md = new_markdown()
    found = [
        (f"inline {type(p).__name__}", p.getCompiledRegExp(), "finditer") for p in md.inlinePatterns
    ]
    for processor in md.parser.blockprocessors:
        for name in ("RE", "CHILD_RE", "INDENT_RE", "RE_CODE_PIPES", "RE_END_BORDER"):
            value = getattr(processor, name, None)
            if isinstance(value, re.Pattern):
                how = "finditer" if name == "RE_CODE_PIPES" else "search"
                found.append((f"block {type(processor).__name__}.{name}", value, how))
    return found


LINES = adversarial_lines()


def apply(pattern: re.Pattern[str], how: str, text: str) -> int:
    """Apply `pattern` as the renderer does; the number of matches made."""
    if how == "finditer":
        return sum(1 for _ in pattern.finditer(text))
    if how in ("sub", "findall"):
        return len(pattern.findall(text))
    return 1 if getattr(pattern, how)(text) else 0


def benign_seconds(pattern: re.Pattern[str], how: str, length: int) -> float:
    """The best of three runs on an ordinary line of `length` characters: how fast this
    machine is right now."""
    line = benign_line(length)
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        apply(pattern, how, line)
        best = min(best, time.perf_counter() - began)
    return best


def slowest(pattern: re.Pattern[str], how: str) -> tuple[float, str]:
    """(time beyond the allowance, line) of the slowest adversarial line. On a busy machine
    the allowance grows with the time an ordinary line of the same length takes (a pattern
    that backtracks is thousands of times slower, never ten)."""
    worst = (-1.0, "")
    longest = max(len(text) for _label, text in LINES)
    busy = max(0.0, BENIGN_FACTOR * benign_seconds(pattern, how, longest) - LIMIT)
    for label, text in LINES:
        began = time.perf_counter()
        matches = apply(pattern, how, text)
        excess = time.perf_counter() - began - PER_MATCH * matches
        if excess > LIMIT:  # a busy machine: the better of two runs counts
            began = time.perf_counter()
            apply(pattern, how, text)
            excess = min(excess, time.perf_counter() - began - PER_MATCH * matches)
        worst = max(worst, (excess - busy, label))
    return worst


@pytest.mark.parametrize(("name", "pattern", "how"), OURS + python_markdown_patterns())
def test_regex_is_linear_on_adversarial_lines(name, pattern, how):
    excess, label = slowest(pattern, how)
    assert excess <= LIMIT, f"{name}.{how} took {excess * 1000:.0f} ms too long on {label}"
