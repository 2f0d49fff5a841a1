"""What Obsidian's reading view shows (issue 15): the byline, escaped pipes in tables,
strikethrough, inline footnotes, ``1)`` lists, task states, embeds in running text and
callouts, folded callouts, images that fit and code that scrolls inside its block."""

from __future__ import annotations

import pytest

BYLINE_CASES = {
    "blank line": "From: [[chan]] <br/>\n\nThe intro has [[other]] and **bold**.\n",
    "next line": "From: [[chan]] <br/>\nThe intro has [[other]] and **bold**.\n",
    "same line": "From: [[chan]] <br/> The intro has [[other]] and **bold**.\n",
}


@pytest.mark.parametrize("body", BYLINE_CASES.values(), ids=BYLINE_CASES.keys())
def test_byline_holds_only_the_from_part(render_vault, body):
    files = {"n.md": f"---\ntitle: N\n---\n\n{body}", "chan.md": "", "other.md": ""}
    _, tree = render_vault(files, "n.md")
    byline = tree.find("p", cls="byline")
    assert byline.text().strip() == "From: chan"
    channel = byline.find("a", cls="channel")
    assert channel.classes == {"internal", "channel"}
    assert channel.get("href") == "note:chan.md"
    intro = [p for p in tree.find_all("p") if "intro" in p.text()]
    assert len(intro) == 1 and "byline" not in intro[0].classes
    assert intro[0].text().startswith("The intro has other and bold")
    assert intro[0].find("a", cls="internal").get("href") == "note:other.md"
    assert intro[0].find("strong") is not None and intro[0].find("br") is None


def test_a_from_line_later_in_the_note_is_no_byline(render_one):
    tree = render_one("Text first.\n\nFrom: [[x]] <br/> more\n")
    assert tree.find("p", cls="byline") is None
