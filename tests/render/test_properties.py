"""The Properties block (issue 12 item 4): frontmatter under the title, every value type,
links and tags as links, videoId as a Watch link, folding, and untrusted YAML."""

from __future__ import annotations

import time

from tests.render.test_sanitize import _assert_clean
from viewer.render.hrefs import CALLOUT, TAG, TIME, parse_href
from viewer.render.options import RenderOptions

FRONT = """---
title: A Note
videoId: p0Wz_7HnYtE
tags: [craft, work/tools]
count: 42
ratio: 0.5
done: true
published: 2024-03-01
authors:
  - "[[Ada Moreno]]"
  - Someone Else
source: https://example.org/page
summary: A **bold** claim about [[Other]], long enough to wrap across the whole column of text.
nested: {a: 1, b: [x, y]}
empty:
script: "<script>alert(1)</script> <img src=x onerror=alert(1)>"
---

Body text.
"""


def rows(tree) -> dict[str, object]:
    block = tree.find("table", cls="properties")
    return {
        tr.find("td", cls="property-key").text(): tr.find("td", cls="property-value")
        for tr in block.find_all("tr")
        if tr.find("td", cls="property-key")
    }


def test_every_value_type(render_one):
    tree = render_one(FRONT, **{"Other.md": ""})
    block = tree.find("table", cls="properties")
    assert block is not None
    assert tree.find("h1").text() == "A Note"
    values = rows(tree)
    assert list(values) == [
        "title", "videoId", "tags", "count", "ratio", "done", "published", "authors",
        "source", "summary", "nested", "empty", "script",
    ]  # fmt: skip
    watch = values["videoId"].find("a", cls="watch")
    href = parse_href(watch.get("href"))
    assert href.kind == TIME and (href.target, href.seconds) == ("p0Wz_7HnYtE", 0)
    tags = [parse_href(a.get("href")) for a in values["tags"].find_all("a", cls="tag")]
    assert [(t.kind, t.target) for t in tags] == [(TAG, "craft"), (TAG, "work/tools")]
    assert values["count"].text() == "42" and values["ratio"].text() == "0.5"
    assert "yes" in values["done"].text() and values["published"].text() == "2024-03-01"
    authors = values["authors"]
    assert authors.find("a", cls="unresolved").get("href") == "topic:Ada%20Moreno"
    assert "Someone Else" in authors.text()
    assert values["source"].find("a").get("href") == "https://example.org/page"
    summary = values["summary"]
    assert summary.find("strong").text() == "bold" and "**" not in summary.text()
    assert summary.find("a", cls="internal").get("href") == "note:Other.md"
    assert "a: 1" in values["nested"].text() and "x, y" in values["nested"].text()
    assert values["empty"].text() == "—"
    _assert_clean(tree)
    assert tree.find("script") is None and "alert(1)" in values["script"].text()


def test_the_block_folds_like_a_callout(render_vault):
    files = {"n.md": FRONT}
    _, tree = render_vault(files)
    marker = tree.find("table", cls="properties").find("a", cls="fold")
    href = parse_href(marker.get("href"))
    assert (href.kind, href.target) == (CALLOUT, "properties")
    _, tree = render_vault(files, options=RenderOptions().flipped("properties"))
    block = tree.find("table", cls="folded")
    assert block is not None and not block.find_all("td", cls="property-key")
    assert "Properties (13)" in block.text()


def test_malformed_and_hostile_yaml_degrade_quietly(render_one):
    tree = render_one("---\ntitle: [unclosed\nkey: : :\n---\nBody\n")
    notice = tree.find("td", cls="property-notice")
    assert notice is not None and "malformed YAML" in notice.text()
    assert "Body" in tree.text()
    bomb = (
        "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
        "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
        "? [*g, *g]\n: key is a list\n---\nBody\n"
    )
    began = time.process_time()
    tree = render_one(bomb)
    assert time.process_time() - began < 2.0
    assert len(tree.find("table", cls="properties").text()) < 20_000
    huge = "---\n" + "".join(f"k{i}: {'v' * 100}\n" for i in range(1_000)) + "---\nBody\n"
    tree = render_one(huge)
    assert "characters long" in tree.find("td", cls="property-notice").text()


def test_a_note_without_frontmatter_has_no_block(render_one):
    assert render_one("Just text\n").find("table", cls="properties") is None
