"""The GUI thread's bursts of calls from Qt wait for a worker no longer than a few µs."""

from __future__ import annotations

import sys

import pytest

from viewer.ui.interpreter import BURST_SWITCH_SECONDS, gui_first


def test_the_switch_interval_is_short_inside_and_restored_after():
    before = sys.getswitchinterval()
    with gui_first():
        assert sys.getswitchinterval() == pytest.approx(BURST_SWITCH_SECONDS)
        with gui_first():
            assert sys.getswitchinterval() == pytest.approx(BURST_SWITCH_SECONDS)
        assert sys.getswitchinterval() == pytest.approx(BURST_SWITCH_SECONDS)
    assert sys.getswitchinterval() == before


def test_the_interval_is_restored_when_the_block_raises():
    before = sys.getswitchinterval()

    @gui_first()
    def fails() -> None:
        assert sys.getswitchinterval() == pytest.approx(BURST_SWITCH_SECONDS)
        raise ValueError("boom")

    with pytest.raises(ValueError):
        fails()
    assert sys.getswitchinterval() == before


def test_the_tree_and_snippet_lists_paint_their_rows_first_in_line(qtbot, sample_vault):
    # Each row painted calls Python (the model, the delegate): under a busy worker every
    # call waited a switch interval, and a screenful of rows stalled the window.
    from PySide6.QtWidgets import QStyledItemDelegate, QTreeWidgetItem, QWidget

    from viewer.session.trees import vault_trees
    from viewer.ui.delegates import SnippetTree
    from viewer.ui.tree_model import TreeModel
    from viewer.ui.tree_panel import TreeView

    seen: list[float] = []

    class Recording(QStyledItemDelegate):
        def paint(self, painter, option, index) -> None:
            seen.append(sys.getswitchinterval())
            super().paint(painter, option, index)

    host = QWidget()
    qtbot.addWidget(host)
    tree = TreeView(host)
    model = TreeModel(parent=tree)
    model.set_root(vault_trees(sample_vault))
    tree.setModel(model)
    tree.setItemDelegate(Recording(tree))
    snippets = SnippetTree(host, "testRows", "Test rows")
    snippets.addTopLevelItems([QTreeWidgetItem([f"row {n}"]) for n in range(5)])
    snippets.setItemDelegate(Recording(snippets))
    for view in (tree, snippets):
        seen.clear()
        view.resize(300, 300)
        view.grab()
        assert seen and all(value == pytest.approx(BURST_SWITCH_SECONDS) for value in seen)
    assert sys.getswitchinterval() != pytest.approx(BURST_SWITCH_SECONDS)


def test_a_note_switch_holds_vault_wide_work_aside_until_its_page_is_shown(
    qtbot, open_window, monkeypatch
):
    # Vault-wide builders step aside (core.courtesy) while the reader waits: on 100,000
    # notes their hand-overs of the interpreter stalled note switches 140-280 ms.
    from tests.conftest import SAMPLE_VAULT
    from viewer.core import courtesy
    from viewer.ui import interpreter

    window = open_window(SAMPLE_VAULT)
    monkeypatch.setattr(interpreter, "PAGE_HOLD_S", 30.0)  # only the page shown ends it
    courtesy.release()
    with qtbot.waitSignal(window.pageShown, timeout=10_000):
        window.open_note("directory.md")
        assert courtesy.held()
    qtbot.waitUntil(lambda: not courtesy.held(), timeout=2_000)


def test_a_burst_holds_background_work_aside_however_long_it_lasts(monkeypatch):
    # The bursts that stall the window are the long ones (opening a 6,000-note folder): a
    # hold that lapsed after its first 50 ms let the builders back in mid-burst.
    from viewer.core import courtesy
    from viewer.ui import interpreter

    monkeypatch.setattr(interpreter, "BURST_HOLD_S", 0.0)
    courtesy.release()
    with gui_first():
        assert courtesy.held()
        with gui_first():
            assert courtesy.held()
        assert courtesy.held()  # the inner block's end does not end the outer's hold
    assert not courtesy.held()
