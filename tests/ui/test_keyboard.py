"""Everything by keyboard: the quick switcher, history keys, pane cycling, links, find,
search, the command palette and the shortcut list."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from tests.conftest import SAMPLE_VAULT
from tests.ui.conftest import wait_page


@pytest.fixture
def window(qtbot, open_window):
    window = open_window(SAMPLE_VAULT)
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None)
    qtbot.waitUntil(lambda: window.session.switcher is not None)
    return window


def keys(qtbot, widget, sequence: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    for char in sequence:
        qtbot.keyClick(widget, char, modifier)


def test_ctrl_o_typing_and_enter_opens_a_note(qtbot, window):
    qtbot.keyClick(window.note_pane, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    switcher = window.finder.quick
    assert switcher.isVisible() and switcher.objectName() == "quickSwitcher"
    keys(qtbot, switcher.query, "pricing hand")
    assert switcher.current_entry().target == "makers-hour/pricing_handmade_work.md"
    location = wait_page(qtbot, window, lambda: qtbot.keyClick(switcher.query, Qt.Key.Key_Return))
    assert location.key == "makers-hour/pricing_handmade_work.md"
    assert not switcher.isVisible()


def test_switcher_finds_aliases_file_names_and_topics(qtbot, window):
    switcher = window.finder.quick
    window.commands.action("quick-switcher").trigger()
    keys(qtbot, switcher.query, "start here")  # an alias of Welcome
    assert switcher.current_entry().target == "Welcome.md"
    switcher.query.setText("future_of_work")  # a file name shared by two channels
    targets = {switcher.model.entry(r).target for r in range(switcher.model.rowCount())}
    assert {"deepcast/future_of_work.md", "makers-hour/future_of_work.md"} <= targets
    switcher.query.setText("tomas rey")  # an unresolved topic
    assert switcher.current_entry().kind == "topic"
    location = wait_page(qtbot, window, lambda: qtbot.keyClick(switcher.query, Qt.Key.Key_Return))
    assert (location.kind, location.key) == ("topic", "Tomas Reyes")


def test_switcher_down_arrow_and_escape(qtbot, window):
    switcher = window.finder.quick
    window.commands.action("quick-switcher").trigger()
    keys(qtbot, switcher.query, "future")
    first = switcher.current_entry()
    qtbot.keyClick(switcher.query, Qt.Key.Key_Down)
    assert switcher.current_entry() != first
    qtbot.keyClick(switcher.query, Qt.Key.Key_Escape)
    assert not switcher.isVisible()


def test_empty_switcher_lists_recent_notes(qtbot, window):
    wait_page(qtbot, window, lambda: window.open_note("directory.md"))
    window.commands.action("quick-switcher").trigger()
    recent = [window.finder.quick.model.entry(r).target for r in range(2)]
    assert recent == ["directory.md", "Welcome.md"]
    window.finder.quick.hide()


def test_alt_left_returns_and_alt_right_goes_forward(qtbot, window):
    wait_page(qtbot, window, lambda: window.open_note("directory.md"))
    back = wait_page(
        qtbot,
        window,
        lambda: qtbot.keyClick(window.note_pane, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier),
    )
    assert back.key == "Welcome.md"
    forward = wait_page(
        qtbot,
        window,
        lambda: qtbot.keyClick(window.note_pane, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier),
    )
    assert forward.key == "directory.md"


def test_f6_cycles_tree_note_backlinks(qtbot, window):
    window.focus_tree()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.tree_panel.view)
    order = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        order.append(QApplication.focusWidget())
    assert order == [window.note_pane, window.backlinks.tree, window.tree_panel.view]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is window.backlinks.tree


def test_ctrl_digits_focus_panes(qtbot, window):
    for key, widget in (
        (Qt.Key.Key_2, window.note_pane),
        (Qt.Key.Key_3, window.backlinks.tree),
        (Qt.Key.Key_1, window.tree_panel.view),
    ):
        qtbot.keyClick(
            QApplication.focusWidget() or window, key, Qt.KeyboardModifier.ControlModifier
        )
        assert QApplication.focusWidget() is widget


def test_tab_moves_to_a_link_and_enter_follows_it(qtbot, window):
    wait_page(qtbot, window, lambda: window.open_note("directory.md"))
    window.commands.action("focus-note").trigger()
    qtbot.keyClick(window.note_pane, Qt.Key.Key_Tab)
    href = window.note_pane.textCursor().charFormat().anchorHref()
    assert href == "callout:properties"  # the Properties block's fold marker comes first
    qtbot.keyClick(window.note_pane, Qt.Key.Key_Tab)
    href = window.note_pane.textCursor().charFormat().anchorHref()
    assert href.startswith("note:deepcast/deepcast.md")
    location = wait_page(qtbot, window, lambda: qtbot.keyClick(window.note_pane, Qt.Key.Key_Return))
    assert location.key == "deepcast/deepcast.md"


def test_ctrl_f_finds_in_the_note_and_esc_closes(qtbot, window):
    wait_page(qtbot, window, lambda: window.open_note("deepcast/future_of_work.md"))
    qtbot.keyClick(window.note_pane, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    assert bar.isVisible()
    keys(qtbot, bar.query, "teller")
    assert bar.match_count >= 2 and bar.current_index == 0
    qtbot.keyClick(bar.query, Qt.Key.Key_F3)
    assert bar.current_index == 1
    qtbot.keyClick(bar.query, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.current_index == 0
    assert len(window.note_pane.extraSelections()) == bar.match_count
    qtbot.keyClick(bar.query, Qt.Key.Key_Escape)
    assert not bar.isVisible() and window.note_pane.extraSelections() == []


def test_ctrl_shift_f_searches_and_enter_opens_the_hit(qtbot, window):
    qtbot.waitUntil(lambda: window.session.search_ready, timeout=20_000)
    qtbot.keyClick(
        window.note_pane,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    panel = window.search_panel
    assert QApplication.focusWidget() is panel.query
    keys(qtbot, panel.query, "water boatmen")
    qtbot.waitUntil(lambda: panel.results.topLevelItemCount() > 0)
    location = wait_page(qtbot, window, lambda: qtbot.keyClick(panel.query, Qt.Key.Key_Return))
    assert location.key == "field-signals/hydrophone_recording.md"
    selections = window.note_pane.extraSelections()
    assert selections and selections[0].cursor.selectedText().casefold() == "water"


def test_command_palette_runs_a_command(qtbot, window):
    qtbot.keyClick(window.note_pane, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    palette = window.finder.palette
    assert palette.isVisible()
    keys(qtbot, palette.query, "dark theme")
    assert palette.current_entry().target == "theme-dark"
    qtbot.keyClick(palette.query, Qt.Key.Key_Return)
    assert window.settings.theme == "dark"
    assert window.commands.action("theme-dark").isChecked()


def test_zoom_keys_change_the_note_font(qtbot, window):
    before = window.note_pane.font_pixel_size()
    qtbot.keyClick(window.note_pane, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.note_pane.font_pixel_size() > before
    qtbot.keyClick(window.note_pane, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.note_pane.font_pixel_size() == before


def test_shortcut_list_comes_from_the_registry(qtbot, window):
    from viewer.ui.shortcuts_dialog import ShortcutsDialog

    dialog = ShortcutsDialog(window.commands, window)
    qtbot.addWidget(dialog)
    rows = {
        dialog.table.item(r, 1).text(): dialog.table.item(r, 2).text()
        for r in range(dialog.table.rowCount())
    }
    assert rows["Quick Switcher…"] == "Ctrl+O"
    assert rows["Back"] == "Alt+Left"
    assert rows["Search Vault…"] == "Ctrl+Shift+F"
    menu_texts = [a.text() for a in window.menus["Go"].actions()]
    assert "&Quick Switcher…" in menu_texts


def test_alt_up_opens_the_channel_page(qtbot, window):
    wait_page(qtbot, window, lambda: window.open_note("field-signals/dawn_chorus.md"))
    location = wait_page(
        qtbot,
        window,
        lambda: qtbot.keyClick(window.note_pane, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier),
    )
    assert location.key == "field-signals/field-signals.md"


def test_ctrl_period_reveals_the_note_in_the_tree(qtbot, window):
    wait_page(qtbot, window, lambda: window.open_note("library/reading/2024/Reading List.md"))
    window.tree_panel.view.collapseAll()
    qtbot.keyClick(window.note_pane, Qt.Key.Key_Period, Qt.KeyboardModifier.ControlModifier)
    node = window.tree_panel.current_node()
    assert node is not None and node.key == "library/reading/2024/Reading List.md"
    assert QApplication.focusWidget() is window.tree_panel.view
