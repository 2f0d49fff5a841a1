"""A page body in chunks Qt takes one per event-loop turn (issue 16 item 3: no stall over
100 ms): cut between top-level elements, or at a seam that does not show inside a long
paragraph or list; appended in Qt, the chunks make the same page as the whole."""

from __future__ import annotations

import re

from tests.render.html_tree import parse
from viewer.render.chunks import CONTINUED, JOINED, split_html
from viewer.render.sanitize import sanitize
from viewer.render.theme import stylesheet

BUDGET = 500


def well_nested(html: str) -> bool:
    stack: list[str] = []
    for closing, name in re.findall(r"<(/?)([a-z][a-z0-9]*)[^>]*>", html):
        if name in ("br", "img", "hr"):
            continue
        if not closing:
            stack.append(name)
        elif not stack or stack.pop() != name:
            return False
    return not stack


def classes(tag: str) -> list[str]:
    found = re.search(r'class="([^"]*)"', tag)
    return found.group(1).split() if found else []


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def quote(content: str, depth: int) -> str:
    for _ in range(depth):
        content = (
            '<table cellpadding="0" cellspacing="0" class="quote" width="100%"><tr>'
            f'<td class="edge-grey" width="4"></td><td class="quote">{content}</td></tr></table>'
        )
    return content


def test_a_small_body_is_one_chunk():
    body = "<h1>Title</h1><p>Short.</p>"
    assert split_html(body, BUDGET) == [body]


def test_chunks_cut_between_blocks_and_each_is_well_nested():
    body = "".join(
        f"<h2>Heading {i}</h2><p>Paragraph {i} with <b>bold</b>.</p>" for i in range(200)
    )
    chunks = split_html(body, BUDGET)
    assert len(chunks) > 10
    assert "".join(chunks) == body  # nothing cut inside an element: nothing added
    assert all(well_nested(chunk) and len(chunk) <= BUDGET + 200 for chunk in chunks)


def test_a_long_paragraph_is_cut_at_line_breaks_and_spaces_without_a_gap():
    lines = "".join(f"line {i}<br>" for i in range(400))
    words = " ".join(f"<a href='note:x{i}'>#tag{i}</a>" for i in range(400))
    body = sanitize(f'<p class="first">{lines}end</p><p>{words}</p><p>{"word " * 600}</p>')
    chunks = split_html(body, BUDGET)
    assert all(well_nested(chunk) and len(chunk) <= 3 * BUDGET for chunk in chunks)
    text = parse("".join(chunks)).text()
    assert " ".join(text.split()) == " ".join(parse(body).text().split())
    pieces = [tag for chunk in chunks for tag in re.findall(r"<p[^>]*>", chunk)]
    # every piece of a cut paragraph but its last loses its bottom margin
    assert pieces[0] == f'<p class="first {JOINED}">'
    assert sum(JOINED in classes(tag) for tag in pieces) == len(pieces) - 3
    assert f"p.{JOINED}" in stylesheet("light")


def test_a_long_list_is_cut_between_items_and_numbering_runs_on():
    body = '<ol start="5">' + "".join(f"<li>item {i}</li>" for i in range(300)) + "</ol>"
    chunks = split_html(body, BUDGET)
    assert len(chunks) > 5 and all(well_nested(chunk) for chunk in chunks)
    for chunk in chunks[1:]:
        first_item = int(re.search(r"<li>item (\d+)", chunk).group(1))
        assert f'start="{5 + first_item}"' in chunk.split(">", 1)[0]
    assert all(JOINED in classes(chunk.split(">", 1)[0]) for chunk in chunks[:-1])
    assert all(CONTINUED in classes(chunk.split(">", 1)[0]) for chunk in chunks[1:])


def test_a_long_frame_is_cut_between_blocks_and_opened_again_with_its_edge():
    lines = "".join(f"<p>line {i}</p>" for i in range(300))
    body = quote(f"<p>first</p>{quote(lines, 3)}", 1) + "<p>after</p>"
    chunks = split_html(body, BUDGET)
    assert len(chunks) > 5 and all(well_nested(chunk) for chunk in chunks)
    assert all(len(chunk) <= 3 * BUDGET for chunk in chunks)
    for chunk in chunks[1:-1]:  # four frames deep, each with its edge, in every piece
        assert chunk.count('<td class="edge-grey" width="4"></td>') == 4
        assert chunk.startswith('<table cellpadding="0" cellspacing="0" class="quote cont')
    text = " ".join(parse("".join(chunks)).text().split())
    assert text == " ".join(parse(body).text().split())


def test_nothing_is_cut_inside_a_list_item_a_data_table_or_code():
    items = "".join(f"<li>item {i}<ul><li>sub {i}</li></ul></li>" for i in range(5))
    inner = "".join(f"line {i}<br>" for i in range(300))
    body = (
        f"<ul><li><p>{inner}</p></li></ul>"
        f'<table class="md"><tr><td><p>{inner}</p></td></tr></table>'
        f"<pre><code>{inner}</code></pre>{items}"
    )
    chunks = split_html(body, BUDGET)
    assert "".join(chunks) == body


def test_appended_by_the_note_pane_the_chunks_read_as_the_whole(qtbot):
    from PySide6.QtWidgets import QTextBrowser

    from viewer.ui.note_pane import NotePane

    body = sanitize(
        "<h1>T</h1>"
        + "".join(
            f"<h2>H{i}</h2><p>Paragraph {i} <a href='note:x{i}'>link</a>.</p>" for i in range(60)
        )
        + "<ul>"
        + "".join(f"<li>item {i}</li>" for i in range(100))
        + "</ul><p>"
        + "".join(f"line {i}<br>" for i in range(100))
        + "</p>"
        + quote("".join(f"<p>quoted {i}</p>" for i in range(80)), 3)
    )
    whole, pane = QTextBrowser(), NotePane()
    qtbot.addWidget(whole)
    qtbot.addWidget(pane)
    whole.document().setDefaultStyleSheet(stylesheet("light"))
    whole.setHtml(body)
    first, *rest = split_html(body, BUDGET)
    pane.show_html(first, stylesheet=stylesheet("light"))
    for chunk in rest:
        pane.append_html(chunk)
    # (a frame cut in two is two tables: Qt's plain text has an empty line more there)
    assert lines(pane.toPlainText().replace("\u200b", "")) == lines(whole.toPlainText())
    levels = [
        pane.document().findBlockByNumber(n).blockFormat().headingLevel()
        for n in range(pane.document().blockCount())
    ]
    assert levels.count(2) == 60  # no heading merged into the block before it


def list_blocks(document) -> list[tuple[str, int, str]]:
    """(text, list indent, marker) of every block: what a reader sees of a list."""
    rows, block = [], document.begin()
    while block.isValid():
        found = block.textList()
        style = found.format() if found is not None else None
        rows.append(
            (
                block.text().replace("\u200b", ""),
                style.indent() if style else 0,
                found.itemText(block) if found is not None else "",
            )
        )
        block = block.next()
    return rows


def test_a_deep_nested_list_is_cut_between_items_and_reads_as_the_whole(qtbot):
    """A list nested in items (a 300-deep list was one 30,000-character chunk) is cut between
    the inner list's items; the items around it opened again add no line, no marker and no
    space (nor take any away)."""
    from viewer.ui.note_pane import NotePane

    inner = "".join(f"<li>deep {i}</li>" for i in range(200))
    numbered = "".join(f"<li>n{i}</li>" for i in range(100))
    body = sanitize(
        f"<ul><li>top<ul><li>second<ol><li>third<ul>{inner}</ul></li>"
        f"<li>after third</li></ol></li></ul></li><li>last top</li></ul>"
        f"<ol><li>x<ol>{numbered}</ol></li><li>y</li></ol>"
    )
    chunks = split_html(body, BUDGET)
    assert len(chunks) > 5 and all(well_nested(chunk) for chunk in chunks)
    assert all(len(chunk) <= 3 * BUDGET for chunk in chunks)
    whole, pane = NotePane(), NotePane()
    for widget in (whole, pane):
        qtbot.addWidget(widget)
        widget.resize(500, 400)
        widget.show()
    whole.show_html(body, stylesheet=stylesheet("light"))
    pane.show_html(chunks[0], stylesheet=stylesheet("light"))
    for chunk in chunks[1:]:
        pane.append_html(chunk)
    assert list_blocks(pane.document()) == list_blocks(whole.document())
    tops = [
        [
            round(document.documentLayout().blockBoundingRect(document.findBlockByNumber(n)).top())
            for n in range(document.blockCount())
        ]
        for document in (pane.document(), whole.document())
    ]
    assert tops[0] == tops[1]
