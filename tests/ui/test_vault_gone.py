"""A vault folder renamed or deleted while open: the window says so, stops watching it (no
spin, no traceback) and offers to open it again or another vault."""

from __future__ import annotations

import logging
import shutil

import pytest
from PySide6.QtCore import Qt

from tests.conftest import SAMPLE_VAULT
from tests.ui.conftest import first_page_shown


@pytest.fixture
def window(qtbot, open_window, tmp_path):
    root = tmp_path / "vault"
    shutil.copytree(SAMPLE_VAULT, root)
    window = open_window(root)
    qtbot.waitUntil(lambda: window.session.watcher.mode == "events", timeout=10_000)
    return window


@pytest.mark.parametrize("how", ["renamed", "deleted"])
def test_a_vanished_vault_folder_offers_to_open_it_again(qtbot, window, caplog, how):
    caplog.set_level(logging.WARNING)
    root = window.vault_root
    moved = root.with_name("vault-moved")
    if how == "renamed":
        root.rename(moved)
    else:
        shutil.rmtree(root)
    welcome = window.welcome
    qtbot.waitUntil(lambda: window.center.currentWidget() is welcome, timeout=10_000)
    assert welcome.notice.isVisible() and str(root) in welcome.notice.text()
    assert window.session is None  # nothing left watching or indexing the folder
    assert not window.left_tabs.isVisible()
    if how == "renamed":
        moved.rename(root)
    else:
        shutil.copytree(SAMPLE_VAULT, root)
    qtbot.mouseClick(welcome.reopen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.vault is not None and first_page_shown(window))
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
