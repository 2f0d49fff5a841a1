"""The tree follows the page shown once the page has painted."""

from __future__ import annotations

from tests.conftest import SAMPLE_VAULT
from tests.ui.conftest import wait_page


def test_the_tree_opens_the_pages_folder_after_the_page_is_shown(qtbot, open_window):
    # Opening a folder of 6,000 notes costs the tree 30-60 ms of calls into Python: the
    # reader sees the page first, and the tree catches up in the event loop's next turn.
    window = open_window(SAMPLE_VAULT)
    panel = window.tree_panel
    path = "deepcast/future_of_work.md"
    folder = panel.model.index_of(panel._index().node_for_note(path).parent)
    assert not panel.view.isExpanded(folder)
    when_shown: list[bool] = []
    window.pageShown.connect(lambda location: when_shown.append(panel.view.isExpanded(folder)))
    location = wait_page(qtbot, window, lambda: window.open_note(path))
    assert location.key == path
    assert when_shown == [False]
    assert panel.view.isExpanded(folder)
    assert panel.current_node().note == path
