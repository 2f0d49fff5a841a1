"""Placing a search hit's word in its note is linear: at most 50 ms per 100,000-character
adversarial line (the patterns of core/search.py, plain_text among them, are checked with
every core pattern in tests/core/test_linear_time.py)."""

from __future__ import annotations

from tests.adversarial import slow_lines
from viewer.session.search_hits import find_term


def test_find_term_is_linear():
    assert not slow_lines(
        lambda line: find_term(f"From: [[x]] <br/>\n{line} word\n", ["word", "x"])
    )
