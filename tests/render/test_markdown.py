"""Markdown constructs: tables, code, headings, footnotes, lists, highlights, tags, comments,
the title and byline, the ```markdown wrapper."""

from __future__ import annotations

import textwrap

from viewer.render.hrefs import heading_anchor


def test_tables_have_borders_and_alignment(sample_page):
    table = sample_page("Welcome.md").find("table", cls="md")
    assert table is not None and table.get("border") == "1"
    headers = [th.text().strip() for th in table.find_all("th")]
    assert headers == ["Channel", "Subject", "Episodes", "Topic notes"]
    assert table.find_all("th")[2].get("align") == "right"
    rows = table.find("tbody").find_all("tr")
    assert [row.find("a", cls="internal").get("href") for row in rows] == [
        "note:deepcast/deepcast.md",
        "note:makers-hour/makers-hour.md",
        "note:field-signals/field-signals.md",
    ]


def test_fenced_code_is_highlighted_inline_in_a_table(sample_page):
    page = sample_page("Welcome.md")
    cell = page.find("td", cls="code")
    assert cell is not None and cell.find_all("pre")
    spans = cell.find_all("span")
    assert spans and all("color" in span.get("style", "") for span in spans)
    assert "[[not_a_link]]" in cell.text()
    assert not [a for a in cell.find_all("a") if a.get("href")]


def test_code_without_known_language_is_plain_and_escaped(render_one):
    tree = render_one("```nosuchlang\n<b>x</b> & [[y]]\n```\n\n~~~\ntilde\n~~~\n")
    pres = tree.find_all("pre")
    assert [pre.text() for pre in pres] == ["<b>x</b> & [[y]]", "tilde"]
    assert not tree.find_all("b")


def test_code_inside_a_callout(render_one):
    tree = render_one("> [!example] Code\n> ```python\n> x = 1\n> ```\n> after\n")
    body = tree.find("td", cls="callout")
    assert body.find("pre").text() == "x = 1"
    assert "after" in body.text()


def test_headings_have_ids_for_links(sample_page):
    page = sample_page("library/Design Notes.md")
    ids = [h.get("id") for h in page.find_all() if h.tag in ("h2", "h3")]
    assert ids == ["typography", "colour", "spacing"]
    assert page.find("h1").get("id") == heading_anchor(page.find("h1").text())


def test_duplicate_headings_get_distinct_ids(render_one):
    tree = render_one("## Notes\n\n## Notes\n\n## Notes!\n")
    assert [h.get("id") for h in tree.find_all("h2")] == ["notes", "notes-2", "notes-3"]


def test_footnotes(sample_page):
    page = sample_page("Welcome.md")
    ref = page.find("a", cls="footnote-ref")
    assert ref.get("href") == "#fn-1"
    note = page.find("div", cls="footnote")
    assert "fn-1" in note.anchors()
    assert "not affiliated with Obsidian" in note.text()
    assert note.find("a", cls="footnote-backref").get("href") == "#fnref-1"


def test_sane_lists_and_lists_after_a_paragraph_line(render_one):
    tree = render_one("Intro line:\n- one\n- two\n\n1. first\n2. second\n\n* star\n")
    assert [li.text() for li in tree.find_all("ul")[0].find_all("li")] == ["one", "two"]
    assert [li.text() for li in tree.find_all("ul")[1].find_all("li")] == ["star"]
    assert [li.text() for li in tree.find("ol").find_all("li")] == ["first", "second"]
    assert "Intro line:" in tree.find("p").text()


def test_two_space_nested_lists_nest(render_one):
    tree = render_one("- **Top**:\n  - nested one\n  - nested two\n- next\n")
    outer = tree.find("ul")
    inner = outer.find("li").find("ul")
    assert inner is not None
    assert [li.text() for li in inner.find_all("li")] == ["nested one", "nested two"]


def test_task_lists(render_one):
    tree = render_one("- [ ] open\n- [x] done\n")
    items = tree.find("ul", cls="tasks").find_all("li")
    assert [li.text() for li in items] == ["☐\u2002open", "☑\u2002done"]
    assert "task-done" in items[1].classes


def test_highlight_tags_and_comments(sample_page):
    page = sample_page("Welcome.md")
    assert page.find("span", cls="hl").text() == "highlighted text"
    properties = page.find("table", cls="properties")
    inline = [a for a in page.find_all("a", cls="tag") if properties not in a.ancestors()]
    tags = {a.get("href"): a.text().strip("\u00a0") for a in inline}
    assert tags == {"tag:guide/getting-started": "#guide/getting-started", "tag:sample": "#sample"}
    assert "hidden comment" not in page.text()
    assert "you should not be able to read" not in page.text()


def test_tags_follow_the_core_rules(render_one):
    tree = render_one(
        "#start of line, mid #tag, not#tag, `#code`, #123 numbers, &#35;entity, url.com/#frag\n"
    )
    tags = [a.text().strip("\u00a0") for a in tree.find_all("a", cls="tag")]
    assert tags == ["#start", "#tag"]


def test_multiline_comments_and_comments_in_code(render_one):
    tree = render_one(
        "Before %%inline%% after.\n\n%%\nblock comment\n\n- hidden list\n%%\n\n"
        "Kept `%%code%%` text.\n\n```\n%% in fence %%\n```\n"
    )
    text = tree.text()
    assert "Before  after." in text
    assert "block comment" not in text and "hidden list" not in text
    assert "%%code%%" in text and "%% in fence %%" in text


def test_markdown_wrapper_is_rendered_as_markdown(render_one):
    tree = render_one(
        "---\ntitle: Wrapped\nvideoId: abcdefghijk\n---\n```markdown\n## Heading\n\n"
        'Text [[other]] <a class="yt-timestamp" data-t="00:01:05">[00:01:05]</a>\n\n'
        "~~~python\nx = 1\n~~~\n```\n"
    )
    assert tree.find("h2").text() == "Heading"
    assert tree.find("a", cls="unresolved").get("href") == "topic:other"
    assert tree.find("a", cls="ts").get("href") == "time:abcdefghijk/65"
    assert tree.find("pre").text() == "x = 1"
    assert "```" not in tree.text()


def test_title_is_the_h1_unless_the_note_has_one(render_vault):
    _, tree = render_vault({"a.md": "---\ntitle: Front Title\n---\nBody\n"})
    assert [h.text() for h in tree.find_all("h1")] == ["Front Title"]
    _, tree = render_vault({"b.md": "---\ntitle: Front\n---\n\n# Own Heading\n\nBody\n"})
    assert [h.text() for h in tree.find_all("h1")] == ["Own Heading"]
    _, tree = render_vault({"c d.md": "Just text\n"})
    assert [h.text() for h in tree.find_all("h1")] == ["c d"]
    _, tree = render_vault({"e.md": "---\ntitle: Only\n---\n"})
    assert [h.text() for h in tree.find_all("h1")] == ["Only"]


def test_byline(sample_page):
    byline = sample_page("deepcast/future_of_work.md").find("p", cls="byline")
    assert byline.text().strip() == "From: deepcast"
    assert byline.find("a", cls="internal").get("href") == "note:deepcast/deepcast.md"
    assert byline.find("br") is None


def test_soft_line_breaks_follow_the_vault_setting(render_vault):
    _, tree = render_vault({"n.md": "one\ntwo\n"})
    assert tree.find("p").find("br") is not None
    _, tree = render_vault(
        {"n.md": "one\ntwo\n", ".obsidian/app.json": '{"strictLineBreaks": true}'}, "n.md"
    )
    assert tree.find("p").find("br") is None


def test_block_ids_are_hidden_and_anchored(sample_page):
    page = sample_page("library/Design Notes.md")
    assert "^palette" in page.anchors()
    assert "^palette" not in page.text()


def test_empty_and_odd_notes_render(render_vault):
    for text in ["", "\n\n", "---\n", "---\ntitle: [unclosed\n---\n", "\x00binary", "%%"]:
        rendered, tree = render_vault({"n.md": text})
        assert tree.find("h1") is not None, text
        assert rendered.html.startswith("<!DOCTYPE html>")


def test_setext_rules_and_references_are_not_broken_by_line_anchors(render_one):
    tree = render_one(
        textwrap.dedent(
            """\
            Setext
            ======

            ---

            A [ref] link.

            [ref]: https://example.org
            | a | b |
            |---|:-:|
            | 1 | 2 |
            """
        )
    )
    assert tree.find("h1").text() == "Setext"
    assert tree.find("hr") is not None
    assert tree.find("a", href="https://example.org").text() == "ref"
    assert [td.text() for td in tree.find("table").find_all("td")] == ["1", "2"]


def test_autolinks_mail_and_bare_urls(render_one):
    tree = render_one(
        "Mail <a@example.org>, <https://example.org/x>, bare https://example.org/p?q=1. "
        "(https://en.wikipedia.org/wiki/Foo_(bar)) `https://code.example`\n"
    )
    hrefs = [a.get("href") for a in tree.find_all("a", cls="external")]
    assert hrefs == [
        "mailto:a@example.org",
        "https://example.org/x",
        "https://example.org/p?q=1",
        "https://en.wikipedia.org/wiki/Foo_(bar)",
    ]
    assert tree.find("code").find("a") is None
