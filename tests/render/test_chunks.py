"""A page body in chunks Qt takes one per event-loop turn (issue 16 item 3: no stall over
100 ms): cut between top-level elements, or at a seam that does not show inside a long
paragraph or list; appended in Qt, the chunks make the same page as the whole."""

from __future__ import annotations

import re

from tests.render.html_tree import parse
from viewer.render.chunks import JOINED, split_html
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
    assert sum(JOINED in tag for tag in pieces) == len(pieces) - 3
    assert f"p.{JOINED}" in stylesheet("light")


def test_a_long_list_is_cut_between_items_and_numbering_runs_on():
    body = '<ol start="5">' + "".join(f"<li>item {i}</li>" for i in range(300)) + "</ol>"
    chunks = split_html(body, BUDGET)
    assert len(chunks) > 5 and all(well_nested(chunk) for chunk in chunks)
    for chunk in chunks[1:]:
        first_item = int(re.search(r"<li>item (\d+)", chunk).group(1))
        assert f'start="{5 + first_item}"' in chunk.split(">", 1)[0]
    assert all(f'class="{JOINED}"' in chunk.split(">", 1)[0] for chunk in chunks[:-1])


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
    assert pane.toPlainText().replace("\u200b", "") == whole.toPlainText()
    levels = [
        pane.document().findBlockByNumber(n).blockFormat().headingLevel()
        for n in range(pane.document().blockCount())
    ]
    assert levels.count(2) == 60  # no heading merged into the block before it
