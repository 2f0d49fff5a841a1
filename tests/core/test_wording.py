"""Counts read as English (issue 15, item 11)."""

from __future__ import annotations

from viewer.core.wording import plural


def test_plural():
    assert plural(1, "note") == "1 note"
    assert plural(0, "note") == "0 notes"
    assert plural(2, "topic") == "2 topics"
    assert plural(12_345, "link") == "12,345 links"
    assert plural(1, "match", "matches") == "1 match"
    assert plural(3, "match", "matches") == "3 matches"
