"""Context snippets as inline HTML (issue 15 item 7): markdown rendered, the mention marked
exactly, citations as pills; the topic page built from them."""

from __future__ import annotations

import time

import pytest

from tests.render.html_tree import parse
from tests.render.test_sanitize import _assert_clean
from viewer.core.vault import Vault
from viewer.render import NoteRenderer
from viewer.render.hrefs import TIME, parse_href
from viewer.render.snippets import link_span, snippet_html

CITE = '<a class="yt-timestamp" data-t="00:06:40">[00:06:40]</a>'
LINE = (
    f"Before. He said **bold**, *it* and `co**de` about [[Target Note|the target]] {CITE}. After."
)


@pytest.fixture
def vault(make_vault):
    return Vault.load(
        make_vault(
            {
                "src.md": f"---\nvideoId: abcdefghijk\n---\n{LINE}\n",
                "Target Note.md": "# Target\n",
            }
        ),
        workers=1,
    )


def fragment(html: str):
    return parse(f"<div>{html}</div>").find("div")


def test_inline_markdown_is_rendered_and_the_mention_is_the_link_exactly(vault):
    column = LINE.index("[[")
    html = snippet_html(vault, "src.md", LINE, column, link_span(LINE, column))
    tree = fragment(html)
    words = tree.text().replace(tree.find("code").text(), "")
    assert (
        "**" not in words and "*" not in words and "Before." not in words and "After" not in words
    )
    assert tree.find("strong").text() == "bold" and tree.find("em").text() == "it"
    assert tree.find("code").text() == "co**de"
    mention = tree.find("span", cls="mention")
    assert [child.tag for child in mention.children] == ["a"]
    assert mention.text() == "the target"
    assert mention.find("a").get("href") == "note:Target%20Note.md"
    pill = tree.find("a", cls="ts")
    href = parse_href(pill.get("href"))
    assert href.kind == TIME and (href.target, href.seconds) == ("abcdefghijk", 400)
    assert not [n for n in tree.iter() if n.tag in ("p", "div", "table", "ol", "ul", "h1")][1:]


def test_an_unlinked_mention_marks_exactly_its_words(vault):
    line = "Nobody links the Target Note here, but it is named."
    start = line.index("Target Note")
    html = snippet_html(vault, "src.md", line, start, (start, start + len("Target Note")))
    mention = fragment(html).find("span", cls="mention")
    assert mention.text() == "Target Note" and not mention.find("a")


def test_block_syntax_stays_text_and_html_stays_safe(vault):
    for line in ("1. Not a list [[x]]", "# not a heading [[x]]", "> not a quote [[x]]"):
        tree = fragment(snippet_html(vault, "src.md", line, line.index("[[")))
        assert tree.find("ol") is None and tree.find("h1") is None and tree.find("table") is None
    hostile = 'Hi <script>alert(1)</script> <img src="https://evil/x.png"> [a](javascript:x) [[x]]'
    tree = fragment(snippet_html(vault, "src.md", hostile, hostile.index("[[")))
    _assert_clean(tree)
    assert tree.find("img") is None


def test_long_and_huge_lines_are_cut_around_the_mention(vault):
    line = "word " * 400 + "[[Target Note]] " + "more " * 400
    column = line.index("[[")
    tree = fragment(snippet_html(vault, "src.md", line, column, link_span(line, column)))
    text = tree.text()
    assert text.startswith("…") and text.endswith("…") and len(text) < 600
    assert tree.find("span", cls="mention").text() == "Target Note"
    huge = "x " * 2_500_000 + "[[Target Note]] tail"
    column = huge.index("[[")
    began = time.perf_counter()
    tree = fragment(snippet_html(vault, "src.md", huge, column, link_span(huge, column)))
    assert time.perf_counter() - began < 2.0
    assert tree.find("span", cls="mention").text() == "Target Note"


def test_a_cut_never_splits_a_link_or_a_citation(vault):
    filler = " ".join(f"[[Target Note|w{i}]] {CITE}" for i in range(60))
    line = filler + " [[Target Note|the one]] " + filler
    column = line.index("[[Target Note|the one]]")
    html = snippet_html(vault, "src.md", line, column, link_span(line, column))
    assert "[[" not in fragment(html).text() and "yt-timestamp" not in html and "<a class" in html


def test_topic_page_shows_citations_as_pills_and_marks_the_mention(make_vault):
    files = {
        "a.md": f"---\nvideoId: abcdefghijk\n---\nThe **key** point about [[Ada Moreno]] {CITE}.\n",
        "b.md": "Also [[Ada Moreno|Ada]] here.\n",
    }
    vault = Vault.load(make_vault(files), workers=1)
    page = parse(NoteRenderer(vault).render_topic("Ada Moreno").html)
    snippets = page.find_all("p", cls="snippet")
    assert len(snippets) == 2
    assert "Mentioned in 2 notes, 2 times." in page.find("p", cls="topic-count").text()
    first = snippets[0]
    assert first.find("strong").text() == "key" and "**" not in first.text()
    assert parse_href(first.find("a", cls="ts").get("href")).seconds == 400
    assert first.find("span", cls="mention").text() == "Ada Moreno"
    assert snippets[1].find("span", cls="mention").text() == "Ada"
    assert first.find("a", cls="line").get("href") == "note:a.md#L4"


def test_counts_read_as_english(make_vault):
    vault = Vault.load(make_vault({"a.md": "[[Solo]]\n"}), workers=1)
    page = parse(NoteRenderer(vault).render_topic("Solo").html)
    assert "Mentioned in 1 note, 1 time." in page.find("p", cls="topic-count").text()
