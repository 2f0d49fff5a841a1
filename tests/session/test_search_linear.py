"""The patterns search applies to note text are linear: each finishes in <= 50 ms per
100,000-character adversarial line (as the renderer's, tests/render/test_linear_regex.py),
and so do plain_text and placing a hit's word in a note made of such lines."""

from __future__ import annotations

import time

import pytest

from tests.render.adversarial import adversarial_lines
from tests.render.test_linear_regex import LIMIT, slowest
from viewer.core import search
from viewer.core.search import plain_text
from viewer.session import search_hits

PATTERNS = [
    ("search._BYLINE", search._BYLINE, "sub"),
    ("search._FENCE_LINE", search._FENCE_LINE, "sub"),
    ("search._HEADING_MARK", search._HEADING_MARK, "sub"),
    ("search._CITATION", search._CITATION, "sub"),
    ("search._HTML", search._HTML, "sub"),
    ("search._WIKILINK", search._WIKILINK, "sub"),
    ("search._MD_LINK", search._MD_LINK, "sub"),
    ("search_hits._BYLINE", search_hits._BYLINE, "match"),
]


@pytest.mark.parametrize(("name", "pattern", "how"), PATTERNS)
def test_search_patterns_are_linear(name, pattern, how):
    excess, label = slowest(pattern, how)
    assert excess <= LIMIT, f"{name}.{how} took {excess * 1000:.0f} ms too long on {label}"


def best_of_two(work, *args) -> float:
    times = []
    for _ in range(2):
        began = time.perf_counter()
        work(*args)
        times.append(time.perf_counter() - began)
    return min(times)


def test_plain_text_and_find_term_are_linear():
    for label, text in adversarial_lines():
        line = "From: [[x]] <br/>\n" + text + " word\n"
        assert best_of_two(plain_text, line) <= LIMIT, label
        assert best_of_two(search_hits.find_term, line, ["word", "x"]) <= LIMIT, label
