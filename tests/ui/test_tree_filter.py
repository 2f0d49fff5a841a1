"""The tree filter (issue 15, item 9): it scrolls to the first match and keeps it in view,
Esc clears it, the "Mentioned, no note" count follows it, and long names keep their count."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyleOptionViewItem

from viewer.core.tree import SECTION, TOPIC, build_tree, find_key, topics_section
from viewer.ui.tree_delegate import CountDelegate
from viewer.ui.tree_panel import TreePanel

LONG_TOPIC = "A topic whose name is far too long for any tree column to hold whole"


def tree():
    titles = {f"notes/n{number:03}.md": f"Note {number:03}" for number in range(300)}
    root = build_tree(titles)
    root.add(topics_section([("Ada Moreno", 6), (LONG_TOPIC, 12), ("Note taking", 1)]))
    return root


@pytest.fixture
def panel(qtbot):
    panel = TreePanel()
    qtbot.addWidget(panel)
    panel.resize(260, 320)
    panel.set_root(tree())
    panel.show()
    qtbot.waitExposed(panel)
    panel.view.expandAll()
    return panel


def in_view(panel, node) -> bool:
    rect = panel.view.visualRect(panel.model.index_of(node))
    return rect.isValid() and panel.view.viewport().rect().contains(rect)


def filtered(panel) -> bool:
    return panel.model.root() is not panel.full_root()


def test_typing_a_filter_scrolls_to_the_first_match(qtbot, panel):
    panel.view.scrollToBottom()  # the reader was far down the tree
    assert panel.view.verticalScrollBar().value() > 0
    qtbot.keyClicks(panel.filter, "note 2")  # Note 002, 012, 020..029, 032, ... 200..299
    qtbot.waitUntil(lambda: filtered(panel))
    assert panel.view.verticalScrollBar().maximum() > 0  # more matches than rows in view
    first = find_key(panel.model.root(), "note", "notes/n002.md")
    assert first is not None and in_view(panel, first)
    qtbot.keyClicks(panel.filter, "5")  # narrowed to Note 025, 250..259: the first in view
    qtbot.waitUntil(lambda: find_key(panel.model.root(), "note", "notes/n002.md") is None)
    assert in_view(panel, find_key(panel.model.root(), "note", "notes/n025.md"))


def test_down_goes_to_the_first_match_and_enter_opens_it(qtbot, panel):
    qtbot.keyClicks(panel.filter, "ada")
    qtbot.keyClick(panel.filter, Qt.Key.Key_Down)  # pressed before the filter applied
    assert panel.view.hasFocus() or panel.view.currentIndex().isValid()
    node = panel.current_node()
    assert (node.kind, node.key) == (TOPIC, "Ada Moreno")
    panel.filter.setFocus()
    with qtbot.waitSignal(panel.activated) as opened:
        qtbot.keyClick(panel.filter, Qt.Key.Key_Return)
    assert opened.args[0].key == "Ada Moreno"


def test_escape_clears_the_filter(qtbot, panel):
    panel.filter.setFocus()
    qtbot.keyClicks(panel.filter, "ada")
    qtbot.waitUntil(lambda: filtered(panel))
    qtbot.keyClick(panel.filter, Qt.Key.Key_Escape)
    assert panel.filter.text() == ""
    qtbot.waitUntil(lambda: not filtered(panel))


def test_the_mentioned_section_counts_what_the_filter_keeps(qtbot, panel):
    section = panel.model.index_of(find_key(panel.model.root(), SECTION, "\0topics"))
    assert section.data() == "Mentioned, no note (3)"
    qtbot.keyClicks(panel.filter, "ada")
    qtbot.waitUntil(lambda: filtered(panel))
    section = panel.model.index_of(find_key(panel.model.root(), SECTION, "\0topics"))
    assert section.data() == "Mentioned, no note (1)"
    panel.filter.clear()
    qtbot.keyClicks(panel.filter, "note")  # Note 000..299 and the topic "Note taking"
    qtbot.waitUntil(lambda: find_key(panel.model.root(), TOPIC, "Ada Moreno") is None)
    section = panel.model.index_of(find_key(panel.model.root(), SECTION, "\0topics"))
    assert section.data() == "Mentioned, no note (1)"


def test_a_long_name_is_elided_and_its_count_stays(qtbot, panel):
    view = panel.view
    node = find_key(panel.model.root(), TOPIC, LONG_TOPIC)
    index = panel.model.index_of(node)
    view.scrollTo(index)
    delegate = view.itemDelegate()
    assert isinstance(delegate, CountDelegate)
    option = QStyleOptionViewItem()
    view.initViewItemOption(option)
    option.rect = view.visualRect(index)
    drawn, text, count = delegate.row_texts(option, index)
    metrics = QFontMetrics(drawn.font)
    assert count == "12"
    assert drawn.text.endswith("…") and drawn.text[:-1] in LONG_TOPIC
    assert metrics.horizontalAdvance(drawn.text) + metrics.horizontalAdvance(count) <= text.width()
    assert text.right() <= view.viewport().width()  # the count is drawn inside the row
    short = panel.model.index_of(find_key(panel.model.root(), TOPIC, "Ada Moreno"))
    option.rect = view.visualRect(short)
    drawn, _text, count = delegate.row_texts(option, short)
    assert (drawn.text, count) == ("Ada Moreno", "6")
    view.viewport().grab()  # painting those rows goes through without error


def test_a_new_tree_keeps_what_was_expanded_even_under_a_collapsed_folder(qtbot):
    titles = {"a/b/x.md": "X", "a/y.md": "Y", "c/z.md": "Z", "c/d/w.md": "W"}
    panel = TreePanel()
    qtbot.addWidget(panel)
    panel.set_root(build_tree(titles))

    def index(kind: str, key: str):
        return panel.model.index_of(find_key(panel.model.root(), kind, key))

    panel.view.expand(index("folder", "a"))
    panel.view.expand(index("folder", "a/b"))
    panel.view.expand(index("folder", "c/d"))  # its folder "c" stays collapsed
    panel.set_root(build_tree({**titles, "e/v.md": "V"}))  # the vault changed
    assert panel.view.isExpanded(index("folder", "a"))
    assert panel.view.isExpanded(index("folder", "a/b"))
    assert not panel.view.isExpanded(index("folder", "c"))
    assert panel.view.isExpanded(index("folder", "c/d"))
    assert not panel.view.isExpanded(index("folder", "e"))
