"""The note pane moves a page's head stylesheet into the document's default one, parsed once
per theme: pages must look exactly as they did with the stylesheet in their head."""

from __future__ import annotations

import pytest

from viewer.render.renderer import NoteRenderer
from viewer.ui.note_pane import NotePane, head_stylesheet_out


def _pane(qtbot, root) -> NotePane:
    pane = NotePane()
    qtbot.addWidget(pane)
    pane.set_vault_root(root)
    pane.resize(700, 2400)
    pane.show()
    return pane


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_pages_look_the_same_with_the_stylesheet_as_the_default_one(qtbot, sample_vault, theme):
    renderer = NoteRenderer(sample_vault, theme)
    inline, moved = _pane(qtbot, sample_vault.root), _pane(qtbot, sample_vault.root)
    for path in sorted(sample_vault.notes)[:20]:
        html = renderer.render(path).html
        inline.setHtml(html)  # the stylesheet stays in the head, parsed with the page
        inline._apply_margins()
        moved.show_html(html)
        assert inline.grab().toImage() == moved.grab().toImage(), path


def test_the_stylesheet_is_set_again_only_when_it_changes(qtbot, sample_vault):
    pane = _pane(qtbot, sample_vault.root)
    light, dark = NoteRenderer(sample_vault, "light"), NoteRenderer(sample_vault, "dark")
    first, second = sorted(sample_vault.notes)[:2]
    sheets: list[str] = []
    document = pane.document()
    set_sheet = document.setDefaultStyleSheet
    document.setDefaultStyleSheet = lambda sheet: (sheets.append(sheet), set_sheet(sheet))
    pane.show_html(light.render(first).html)
    pane.show_html(light.render(second).html)
    assert len(sheets) == 1
    pane.show_html(dark.render(first).html)
    assert len(sheets) == 2 and sheets[0] != sheets[1]
    assert pane.document().defaultStyleSheet() == sheets[1]


def test_only_the_head_stylesheet_is_taken_out():
    html = "<html><head><title>t</title><style>p { color: red; }</style></head><body>x</body>"
    body, sheet = head_stylesheet_out(html)
    assert sheet == "p { color: red; }"
    assert body == "<html><head><title>t</title></head><body>x</body>"
    text = "<html><head></head><body>&lt;style&gt;x</body>"
    assert head_stylesheet_out(text) == (text, None)
