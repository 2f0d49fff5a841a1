"""The href contract: every href the renderer writes reads back to what it meant."""

from __future__ import annotations

from pathlib import Path

import pytest

from viewer.render import hrefs
from viewer.render.hrefs import Href, parse_href


@pytest.mark.parametrize(
    "path",
    ["Welcome.md", "library/reading/Café Notes.md", "odd/100% #1 ^x?.md", "a b/c+d&e.md"],
)
@pytest.mark.parametrize("anchor", [None, "L12", "tasks-not-jobs", "^palette", "café-au-lait"])
def test_note_hrefs_round_trip(path, anchor):
    href = hrefs.note_href(path, anchor)
    assert href.startswith("note:")
    assert " " not in href and href.count("#") == (1 if anchor else 0)
    assert parse_href(href) == Href(hrefs.NOTE, path, anchor)


def test_topic_tag_time_file_round_trip(tmp_path):
    assert parse_href(hrefs.topic_href("Ada Moreno")) == Href(hrefs.TOPIC, "Ada Moreno")
    assert parse_href(hrefs.topic_href("a/b#c")) == Href(hrefs.TOPIC, "a/b#c")
    assert parse_href(hrefs.tag_href("#guide/getting-started")) == Href(
        hrefs.TAG, "guide/getting-started"
    )
    assert hrefs.time_href("p0Wz_7HnYtE", 4698) == "time:p0Wz_7HnYtE/4698"
    assert parse_href("time:p0Wz_7HnYtE/4698") == Href(hrefs.TIME, "p0Wz_7HnYtE", seconds=4698)
    image = tmp_path / "a dir" / "pic é.png"
    assert parse_href(hrefs.file_href(image)) == Href(hrefs.FILE, str(image))
    assert parse_href("https://example.org/x?y#z") == Href(
        hrefs.EXTERNAL, "https://example.org/x?y#z"
    )
    assert parse_href("mailto:a@example.org").kind == hrefs.EXTERNAL
    assert parse_href("#fn-1") == Href(hrefs.ANCHOR, "fn-1")
    assert parse_href(hrefs.callout_href("c-why-2")) == Href(hrefs.CALLOUT, "c-why-2")
    assert parse_href("callout:") is None


@pytest.mark.parametrize(
    "href",
    ["", "#", "javascript:alert(1)", "data:text/html,x", "relative/path.md", "note:", "time:x/y"],
)
def test_parse_href_rejects_what_is_outside_the_contract(href):
    assert parse_href(href) is None


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("Tasks, not jobs", "tasks-not-jobs"),
        ("  What  policy -- can do? ", "what-policy-can-do"),
        ("Café Notes", "café-notes"),
        ("snake_case stays", "snake_case-stays"),
        ("!!!", "section"),
    ],
)
def test_heading_anchor(text, anchor):
    assert hrefs.heading_anchor(text) == anchor


def test_link_anchor_reads_markup_like_the_rendered_heading():
    assert hrefs.link_anchor("**Bold** [[x|idea]]") == hrefs.heading_anchor("Bold idea")
    assert hrefs.link_anchor("^palette") == "^palette"
    assert hrefs.link_anchor(None) is None


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "  javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "\x01javascript:alert(1)",
        "java\u200bscript:alert(1)",
    ],
)
def test_scheme_of_sees_through_obfuscation(url):
    assert hrefs.scheme_of(url) == "javascript"


def test_file_href_is_absolute():
    assert hrefs.file_href(Path("/tmp/x y.png")) == "file:///tmp/x%20y.png"
