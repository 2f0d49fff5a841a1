"""What Obsidian's reading view shows (issue 15): the byline, escaped pipes in tables,
strikethrough, inline footnotes, ``1)`` lists, task states, embeds in running text and
callouts, folded callouts, images that fit and code that scrolls inside its block."""

from __future__ import annotations

import pytest

from tests.render.files import png
from viewer.render.options import RenderOptions

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


def test_escaped_pipes_in_table_cells_give_the_link_and_the_sized_image(render_vault):
    _, tree = render_vault(
        {
            "n.md": (
                "| Link | Image |\n|---|---|\n"
                "| [[Other Note\\|the alias]] | ![[pic.png\\|100]] |\n"
                "| [[Other Note#Part\\|part]] | ![alt\\|40x30](pic.png) |\n"
            ),
            "Other Note.md": "## Part\n",
            "pic.png": png(400, 200),
        },
        "n.md",
    )
    table = tree.find("table", cls="md")
    assert "klzzwxh" not in table.text() and "\\" not in table.text()
    links = table.find_all("a", cls="internal")
    assert [(a.text(), a.get("href")) for a in links] == [
        ("the alias", "note:Other%20Note.md"),
        ("part", "note:Other%20Note.md#part"),
    ]
    images = table.find_all("img")
    assert [(i.get("width"), i.get("height"), i.get("alt")) for i in images] == [
        ("100", "50", "pic.png"),
        ("40", "30", "alt"),
    ]


def test_size_hints_and_the_column_width(render_vault):
    files = {
        "n.md": (
            "![[wide.png]]\n\n![[wide.png|300]]\n\n![[wide.png|300x100]]\n\n"
            "![[wide.png|A chart|2000]]\n\n![md|150](wide.png)\n"
        ),
        "wide.png": png(1600, 800),
    }
    sizes = [(1600, 800), (300, 150), (300, 100), (2000, 1000), (150, 75)]

    def drawn(width: int) -> list[tuple[int, int]]:
        _, tree = render_vault(files, "n.md", options=RenderOptions(image_width=width))
        return [(int(i.get("width")), int(i.get("height"))) for i in tree.find_all("img")]

    for column in (680, 250):
        expected = [(w, h) if w <= column else (column, round(h * column / w)) for w, h in sizes]
        assert drawn(column) == expected
    _, tree = render_vault(files, "n.md")
    assert tree.find_all("img")[3].get("alt") == "A chart"


def test_a_tall_image_gets_its_own_block(render_one):
    tree = render_one(
        "Before ![[tall.png]] after.\n\n![[tall.png]]\nA caption right under.\n\n"
        "- item ![[tall.png]]\n\nSmall ![[icon.png]] stays inline.\n",
        **{"tall.png": png(200, 289), "icon.png": png(16, 16)},
    )
    blocks = [p for p in tree.find_all("p") if "title" not in p.classes]
    shapes = [("img" if p.find("img") else p.text().strip()) for p in blocks]
    assert shapes[:5] == ["Before", "img", "after.", "img", "A caption right under."]
    for paragraph in blocks:
        image = paragraph.find("img")
        if image is not None and image.get("height") == "289":
            assert paragraph.classes == {"image"}
            assert not paragraph.text().strip("\u2060 ")  # a word joiner holds its anchor
    item = tree.find("li")
    assert [("img" if p.find("img") else p.text().strip()) for p in item.find_all("p")] == [
        "item",
        "img",
    ]
    small = blocks[-1]
    assert small.find("img").get("height") == "16" and "stays inline" in small.text()
    assert tree.anchors().count("L3") == 1  # the caption's line anchor survives the split


def test_strikethrough(render_one):
    tree = render_one("~~gone~~ and ~~ spaced ~~ and `~~code~~` and ~~a ~~b~~\n")
    assert [s.text() for s in tree.find_all("s")] == ["gone", "b"]
    assert "~~ spaced ~~" in tree.text() and tree.find("code").text() == "~~code~~"


def test_inline_footnotes_are_numbered_with_the_others(render_one):
    tree = render_one(
        "First^[an **inline** note with [[Other]]] then[^n] and^[with [brackets] inside].\n\n"
        "`code ^[not a note]` and \\^[not either].\n\n[^n]: A regular one.\n"
    )
    refs = tree.find_all("a", cls="footnote-ref")
    assert [a.text() for a in refs] == ["1", "2", "3"]
    items = tree.find("div", cls="footnote").find_all("li")
    texts = [li.text().replace("↩", "").strip() for li in items]
    assert texts == ["an inline note with Other", "A regular one.", "with [brackets] inside"]
    assert items[0].find("strong").text() == "inline"
    assert items[0].find("a", cls="unresolved").get("href") == "topic:Other"
    assert [a.get("href") for a in refs] == [f"#{li.get('id')}" for li in items]
    assert "^[" not in tree.find("p").text()
    assert tree.find("code").text() == "code ^[not a note]"
    assert "^[not either]" in tree.text()


def test_ordered_lists_with_a_parenthesis(render_one):
    tree = render_one("Intro\n1) one\n2) two\n    1) nested\n\n7) seven\n")
    lists = tree.find_all("ol")
    top = lists[0]
    assert [li.text().strip().split("\n")[0] for li in top.find_all("li")][:2] == ["one", "two"]
    nested = top.find_all("ol")[1]  # (find_all includes the list itself)
    assert nested.find("li").text().strip() == "nested"
    assert "1)" not in tree.text() and "7)" not in tree.text()


def test_task_states_are_distinct(render_one):
    states = {" ": "todo", "x": "done", "/": "doing", "-": "cancelled", "?": "question"}
    tree = render_one("".join(f"- [{mark}] item {name}\n" for mark, name in states.items()))
    items = tree.find("ul", cls="tasks").find_all("li")
    assert [next(c for c in li.classes if c != "task") for li in items] == [
        f"task-{name}" for name in states.values()
    ]
    glyphs = [li.find("span", cls="task-mark").text() for li in items]
    assert len(set(glyphs)) == len(states)
    assert all("[" not in li.text() for li in items)


EMBED_FILES = {"other.md": "# Other\n\nFirst paragraph. ^blk\n\n## Part\n\nPart text.\n"}


@pytest.mark.parametrize(
    "text",
    [
        "See ![[other#^blk]] inline, then more.\n",
        "> [!note] A callout\n> ![[other#^blk]]\n",
        "> [!tip] Two\n> words then ![[other#^blk]] then more\n",
        "- an item ![[other#^blk]]\n",
        "> ![[other#^blk]]\n",
    ],
)
def test_embeds_in_running_text_and_callouts_are_transcluded(render_vault, text):
    _, tree = render_vault({"n.md": text, **EMBED_FILES}, "n.md")
    frame = tree.find("table", cls="embed")
    assert frame is not None, text
    assert "First paragraph." in frame.text()
    assert not tree.find_all("a", href="note:other.md#^blk", cls="internal")[1:]  # only the source
    assert "![[" not in tree.text()
    words = [w for w in ("See", "inline, then more.", "words then", "then more", "an item")]
    for word in words:
        if word in text:
            holder = next(p for p in tree.find_all("p") if word in p.text())
            assert frame not in list(holder.iter())


def test_an_embed_in_a_table_cell_with_words_stays_a_link(render_vault):
    _, tree = render_vault({"n.md": "| a |\n|---|\n| x ![[other#Part]] |\n", **EMBED_FILES}, "n.md")
    assert tree.find("table", cls="embed") is None
    assert tree.find("a", href="note:other.md#part").text() == "↪ other › Part"
