"""The quick switcher in the first seconds: a query typed and Enter pressed before the
switcher's index is ready is kept, answered, and opened as soon as there is a match."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

OPEN_TIMEOUT_MS = 90_000  # a cold index of 4,000 notes on a busy two-core machine


def a_titled_note(vault: Path) -> tuple[str, str]:
    """(vault-relative path, title) of a topic note deep in the vault's listing."""
    for path in sorted(vault.rglob("*.md"))[len(list(vault.glob("*"))) * 3 :]:
        lines = path.read_text(encoding="utf-8").splitlines()[:6]
        titles = [line[len("title: ") :] for line in lines if line.startswith("title: ")]
        if titles and len(titles[0]) > 20 and '"' not in titles[0]:
            return path.relative_to(vault).as_posix(), titles[0]
    raise AssertionError("no titled note in the vault")


def test_enter_before_the_index_is_ready_opens_the_best_match_once_there_is_one(
    qtbot, open_window, medium_vault, tmp_path, monkeypatch
):
    monkeypatch.setenv("VAULT_VIEWER_CACHE_DIR", str(tmp_path / "cache"))  # a cold start
    path, title = a_titled_note(medium_vault)
    window = open_window(medium_vault, wait=False)
    window.finder.open_switcher()
    picker = window.finder.quick
    qtbot.keyClicks(picker.query, title)
    session = window.session
    assert session is None or session.switcher is None, "the switcher was ready too soon"
    assert picker.model.rowCount() == 0
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)
    assert picker.isVisible()  # nothing to open yet: the Enter waits for an answer
    qtbot.waitUntil(
        lambda: window.shown is not None and window.shown.key == path, timeout=OPEN_TIMEOUT_MS
    )
    assert not picker.isVisible()


def test_typing_after_an_early_enter_takes_it_back(
    qtbot, open_window, medium_vault, tmp_path, monkeypatch
):
    monkeypatch.setenv("VAULT_VIEWER_CACHE_DIR", str(tmp_path / "cache"))
    path, title = a_titled_note(medium_vault)
    window = open_window(medium_vault, wait=False)
    window.finder.open_switcher()
    picker = window.finder.quick
    qtbot.keyClicks(picker.query, title[:10])
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)
    qtbot.keyClicks(picker.query, title[10:])  # still choosing: the Enter is taken back
    qtbot.waitUntil(
        lambda: window.session is not None and window.session.switcher is not None,
        timeout=OPEN_TIMEOUT_MS,
    )
    qtbot.waitUntil(lambda: picker.model.rowCount() > 0)
    assert picker.isVisible()
    assert window.shown is None or window.shown.key != path
    qtbot.keyClick(picker.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.shown is not None and window.shown.key == path)
