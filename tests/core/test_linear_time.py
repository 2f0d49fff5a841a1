"""Every regular expression the core applies to note text runs in linear time (issue 11
item 3): each adversarial line of 100,000 characters (tests/adversarial.py) takes at most
50 ms, for each pattern used the way the core uses it, and for each function that reads
note text. (An explicit linear-time guard, the one kind of timed test the guide allows.)"""

from __future__ import annotations

import re
import types

import pytest

from tests.adversarial import LINE_CHARS, adversarial_lines, slow_lines
from viewer.core import (
    context,
    episodes,
    mentions,
    metadata,
    names,
    parse,
    record,
    search,
    switcher,
    timestamps,
)
from viewer.core.parse import parse_note
from viewer.core.record import code_aware_summary, quick_summary

MODULES = (context, episodes, mentions, metadata, names, parse, record, search, timestamps)
# How each anchored pattern is applied (the rest are searched through the whole text).
ANCHORED = {
    "context._LIST_ITEM": "match",
    "context._QUOTE_OR_CALLOUT": "match",
    "context._HEADING": "match",
    "metadata._OPEN": "match",
    "metadata._SIMPLE_LINE": "fullmatch",
    "metadata._LIST_ITEM": "fullmatch",
    "parse._FIRST_HEADING": "match",
    "parse._MD_HREF": "match",
    "parse._SCHEME": "match",
    "parse._VIDEO_URL": "match",
    "search._FROM_LINE": "match",
    "search._COLUMN_PREFIX": "fullmatch",
    "timestamps._SHAPE": "fullmatch",
}


def core_patterns() -> list[tuple[str, re.Pattern]]:
    found = []
    for module in MODULES:
        short = module.__name__.rsplit(".", 1)[-1]
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and not isinstance(value, types.ModuleType):
                found.append((f"{short}.{name}", value))
    return sorted(found, key=lambda item: item[0])


PATTERNS = core_patterns()


def test_the_pattern_inventory_is_complete():
    """A new pattern in these modules is checked without anyone remembering to add it."""
    assert len(PATTERNS) >= 40
    assert "parse._ANCHOR_OPEN" in dict(PATTERNS)
    assert set(ANCHORED) <= set(dict(PATTERNS))


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_each_core_pattern_is_linear(name, pattern):
    how = ANCHORED.get(name, "findall")
    bytes_pattern = isinstance(pattern.pattern, bytes)

    def apply(line: str) -> object:
        text = line.encode() if bytes_pattern else line
        if how == "findall":  # every match in the text, as `sub` and `finditer` find them
            return pattern.sub(b"" if bytes_pattern else "", text)  # type: ignore[arg-type]
        return getattr(pattern, how)(text)

    assert not slow_lines(apply)


def _as_note(line: str) -> bytes:
    return f"---\ntitle: Adversarial\n---\nIntro [[a]].\n{line}\nEnd [[b]].\n".encode()


READERS = {
    "parse_note": lambda line: parse_note("n.md", _as_note(line)),
    "parse_note, the line alone": lambda line: parse_note("n.md", line.encode()),
    "quick_summary": lambda line: quick_summary("n.md", _as_note(line)),
    "code_aware_summary": lambda line: code_aware_summary("n.md", _as_note(line)),
    "context.snippet": lambda line: context.snippet(line, len(line) // 2),
    "context.plain": lambda line: context.plain(line[:8000]),
    "search.plain_text": search.plain_text,
    "metadata.split": lambda line: metadata.split(f"---\n{line}\n---\nbody"),
    "metadata.parse": lambda line: metadata.parse(f"title: {line}\nvideoId: x"),
    "names.slug and topic_key": lambda line: (names.slug(line), names.topic_key(line)),
    "switcher letters in order": lambda line: switcher._in_order_pattern("|-:x").match(line),
    "mentions._LINKED": lambda line: mentions._LINKED.sub("", line),
}


@pytest.mark.parametrize("reader", list(READERS), ids=list(READERS))
def test_each_reader_of_note_text_is_linear(reader):
    assert not slow_lines(READERS[reader])


def test_the_lines_are_long_and_many():
    lines = list(adversarial_lines())
    assert len(lines) > 150
    assert all(len(line) >= LINE_CHARS * 0.9 for _, line in lines)


def test_the_harness_reports_code_that_grows_quadratically_on_an_adversarial_line():
    # Linear on ordinary text, quadratic on a run of "|" alone: slow_lines must name it,
    # however often it re-times the two lengths to see past noise.
    def apply(line: str) -> object:
        if line.strip("|"):  # anything but a run of "|" alone
            return line.find("x")
        return sum(line.count("|", start) for start in range(0, len(line), 8))

    assert any(name.startswith("'|' x") for name in slow_lines(apply))
