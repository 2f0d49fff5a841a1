"""Layout in a real QTextBrowser (offscreen): images without blank gaps and within the
column, code that wraps inside its block, no horizontal scrollbar, End at the end.

PySide6 is used here only, in tests; viewer.render itself never imports it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextBrowser

from tests.render.files import png
from viewer.core.vault import Vault
from viewer.render import NoteRenderer
from viewer.render.options import RenderOptions

IMAGES = (
    "Paragraph before.\n\n![[wide.png]]\n\nParagraph after.\n\n"
    "> [!note] In a callout\n> ![[tall.png]]\n> A caption line in the callout.\n\n"
    "Text then ![[tall.png]] inline, then text that runs on long enough to wrap onto a second "
    "line in a narrow column, which is where Qt used to open a gap.\n\n"
    "![[tall.png]]\nA caption line right under.\n\n"
    "- list item ![[tall.png]]\n    - ![[wide.png]]\n\n> [!tip] Wide\n> ![[wide.png]]\n"
)
CODE = (
    "Intro\n\n```python\nx = '" + "abcdefghij " * 80 + "'\ny = '" + "z" * 900 + "'\n```\n\n"
    "    indented " + "w" * 700 + "\n\n`" + "q" * 800 + "`\n\n"
    "| a | b |\n|---|---|\n| " + "long " * 200 + " | " + "u" * 500 + " |\n\n"
    "The last line of the note.\n"
)


@pytest.fixture
def show(qtbot, make_vault):
    def show(files: dict[str, str | bytes], width: int = 600) -> QTextBrowser:
        vault = Vault.load(make_vault(files), workers=1)
        view = QTextBrowser()
        qtbot.addWidget(view)
        view.resize(width, 400)
        # The column is measured with the scroll bar in place, as the pane must.
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        view.show()
        qtbot.waitExposed(view)
        column = view.viewport().width() - 2 * int(view.document().documentMargin())
        options = RenderOptions(image_width=column)
        view.setHtml(NoteRenderer(vault).render("n.md", options).html)
        return view

    return show


def image_blocks(view: QTextBrowser) -> list[tuple[float, float]]:
    """(image height, height of the block it sits in) for every image, in order."""
    document = view.document()
    layout = document.documentLayout()
    found = []
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fmt = fragments.fragment().charFormat()
            if fmt.isImageFormat():
                height = fmt.toImageFormat().height()
                found.append((height, layout.blockBoundingRect(block).height()))
            fragments += 1
        block = block.next()
    return found


@pytest.mark.parametrize("width", [900, 420])
def test_images_sit_without_gaps_and_inside_the_column(show, width):
    view = show({"n.md": IMAGES, "wide.png": png(3324, 2008), "tall.png": png(200, 289)}, width)
    blocks = image_blocks(view)
    assert len(blocks) == 7
    for image_height, block_height in blocks:
        assert image_height > 0
        assert block_height - image_height < 8, blocks  # no blank band above or below
    assert view.horizontalScrollBar().maximum() == 0


@pytest.mark.parametrize("width", [900, 420])
def test_long_code_lines_wrap_inside_their_block(show, width):
    view = show({"n.md": CODE}, width)
    assert view.horizontalScrollBar().maximum() == 0
    assert view.document().size().width() <= view.viewport().width()


def test_end_goes_to_the_end_of_the_note_not_to_the_right(show, qtbot):
    view = show({"n.md": CODE}, 420)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End)
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()
    assert view.horizontalScrollBar().value() == 0


def test_deeply_nested_quotes_lay_out_at_once(show):
    # 22 levels froze the window for 167 s: each level was a nested table.
    import time

    text = "> " * 22 + "twenty-two\n\n" + ">" * 10_000 + " ten thousand\n"
    began = time.perf_counter()
    view = show({"n.md": text})
    height = view.document().size().height()
    assert time.perf_counter() - began < 5.0
    assert height > 0 and view.document().find("ten thousand") is not None
