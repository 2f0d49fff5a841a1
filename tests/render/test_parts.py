"""A long note in parts (issue 11 item 5): each part valid on its own, together the same page
as one render, line anchors and footnote numbers running on across parts."""

from __future__ import annotations

import itertools

import pytest

from tests.render.html_tree import body, parse
from viewer.core.vault import Vault
from viewer.render import NoteRenderer
from viewer.render.theme import stylesheet

CITE = '<a class="yt-timestamp" data-t="00:01:{:02d}">[00:01:{:02d}]</a>'


def long_note(paragraphs: int = 120) -> str:
    blocks = ["---\ntitle: Long\nvideoId: abcdefghijk\n---", "From: [[chan]] <br/>"]
    for index in range(paragraphs):
        seconds = index % 60
        block = f"Paragraph {index} about [[Topic {index % 7}]] {CITE.format(seconds, seconds)}."
        if index % 25 == 3:
            block = f"## Section {index // 25}\n\n{block}"
        if index % 40 == 5:
            block += f" A footnote[^n{index}] and an inline one^[inline {index}]."
        if index % 30 == 7:
            block += "\n\n```python\nx = 1\n\n\nparagraph_like = True\n```"
        if index % 33 == 9:
            block += "\n\n- a list item\n\n- a loose item\n\n    indented continuation"
        blocks.append(block)
    blocks += [f"[^n{i}]: Footnote {i} with **bold**." for i in range(paragraphs) if i % 40 == 5]
    return "\n\n".join(blocks) + "\n"


def text_anchors(tree) -> list[str]:
    """Anchors outside the footnote list (in parts, definitions are read apart from the text,
    so the list carries no line anchors)."""
    footnotes = tree.find("div", cls="footnote")
    inside = set(footnotes.anchors()) if footnotes is not None else set()
    return [name for name in tree.anchors() if name not in inside]


@pytest.fixture
def renderer(make_vault) -> NoteRenderer:
    return NoteRenderer(Vault.load(make_vault({"long.md": long_note(), "chan.md": ""}), workers=1))


def test_parts_cover_the_note_and_join_to_one_render(renderer):
    parts = list(renderer.render_parts("long.md", part_chars=1500))
    assert len(parts) > 4
    assert [p.index for p in parts] == list(range(len(parts)))
    assert [p.last for p in parts] == [False] * (len(parts) - 1) + [True]
    for before, after in itertools.pairwise(parts):
        assert after.first_line == before.last_line + 1
    for part in parts:  # each part is balanced HTML on its own
        assert parse(part.html).find("body") is None
        assert part.html.count("<table") == part.html.count("</table>")
        assert part.html.count("<p") - part.html.count("<pre") <= part.html.count("</p>") + 1
    whole = body(NoteRenderer(renderer.vault).render("long.md").html)
    joined = parse("\n".join(p.html for p in parts))
    assert text_anchors(joined) == text_anchors(whole)
    footnotes = joined.find("div", cls="footnote")
    assert [li.get("id") for li in footnotes.find_all("li")] == [
        li.get("id") for li in whole.find("div", cls="footnote").find_all("li")
    ]
    assert [h.get("id") for h in joined.find_all("h2")] == [
        h.get("id") for h in whole.find_all("h2")
    ]
    assert len(joined.find_all("h1")) == 1 and joined.find("p", cls="byline") is not None


def test_footnotes_number_on_across_parts_and_are_listed_once(renderer):
    parts = list(renderer.render_parts("long.md", part_chars=1500))
    joined = parse("\n".join(p.html for p in parts))
    numbers = [a.text() for a in joined.find_all("a", cls="footnote-ref")]
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)] and len(numbers) == 6
    lists = joined.find_all("div", cls="footnote")
    assert len(lists) == 1 and "footnote" in parts[-1].html
    items = lists[0].find_all("li")
    assert len(items) == 6
    assert "Footnote 5 with bold." in items[0].text() and items[0].find("strong") is not None
    assert "inline 5" in items[1].text()
    refs = [a.get("href")[1:] for a in joined.find_all("a", cls="footnote-ref")]
    assert refs == [li.get("id") for li in items]


def test_a_part_never_starts_inside_a_fence_or_a_list(renderer):
    for part in renderer.render_parts("long.md", part_chars=300):
        tree = parse(part.html)
        first = next((n for n in tree.children if not isinstance(n, str)), None)
        assert first is None or first.tag in ("p", "h1", "h2", "table"), part.html[:200]
        assert "```" not in tree.text()


def test_a_short_note_is_one_part_and_a_rendered_note_comes_from_the_cache(renderer):
    parts = list(renderer.render_parts("long.md"))  # far below the default part size
    assert len(parts) == 1 and parts[0].last
    assert renderer.render("long.md").html == renderer.document_for(parts[0])
    again = list(renderer.render_parts("long.md"))
    assert len(again) == 1 and again[0].html.strip() == parts[0].html.strip()


def test_parts_append_in_qt_with_anchors_and_styles(qtbot, renderer):
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QTextBrowser

    from tests.render.test_qtextbrowser import qt_anchor_names

    parts = list(renderer.render_parts("long.md", part_chars=1500))
    view = QTextBrowser()
    qtbot.addWidget(view)
    document = view.document()
    view.setHtml(renderer.document_for(parts[0]))
    document.setDefaultStyleSheet(stylesheet("light"))
    for part in parts[1:]:
        cursor = QTextCursor(document)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertHtml(part.html)
    expected = {name for p in parts for name in parse(p.html).anchors()}
    assert {n for n in expected if not n.startswith("fnref")} <= qt_anchor_names(document)
    cursor = document.find("Paragraph 119")
    assert not cursor.isNull()
    pill = document.find("▶", cursor)  # the last paragraph's pill, styled by class
    assert pill.charFormat().background().color().name() == "#ebeefc"


def test_headings_without_blank_lines_between_them_come_in_parts_with_few_ids(make_vault):
    """20,000 headings, one per line: in parts (each heading may start one), and ids on the
    first MAX_HEADING_IDS only (Qt's import cost grows with the square of a page's anchors)."""
    from viewer.render.structure import MAX_HEADING_IDS

    text = "".join(f"{'#' * (i % 6 + 1)} Heading {i}\nline {i}\n" for i in range(2000))
    vault = Vault.load(make_vault({"headings.md": text}), workers=1)
    parts = list(NoteRenderer(vault).render_parts("headings.md", part_chars=2000))
    assert len(parts) > 10
    headings = [h for part in parts for h in part.headings]
    assert [h.text for h in headings] == [f"Heading {i}" for i in range(2000)]
    ids = sum(part.html.count(' id="heading-') for part in parts)
    assert ids == MAX_HEADING_IDS
    first = parse(parts[0].html).find("h1")
    assert first is not None and first.attrs.get("id") == "heading-0"


def test_a_paragraph_that_outgrows_a_part_is_split_and_block_ids_are_bounded(make_vault):
    """20,000 lines with a ^block id each and no blank line: one paragraph Qt lays out at
    once, and 20,000 named anchors (Qt's cost grows with their square): split into parts,
    and only the first MAX_BLOCK_ANCHORS ids anchored (the `^id` text is gone from all)."""
    from viewer.render.context import MAX_BLOCK_ANCHORS

    text = "".join(f"line {i} ^id{i}\n" for i in range(2000))
    vault = Vault.load(make_vault({"ids.md": text}), workers=1)
    parts = list(NoteRenderer(vault).render_parts("ids.md", part_chars=2000))
    assert len(parts) > 10
    html = "".join(part.html for part in parts)
    assert html.count('name="^id') == MAX_BLOCK_ANCHORS
    assert 'name="^id0"' in html and "^id" not in parse(html).text()
    assert "line 1999" in parse(html).text()
