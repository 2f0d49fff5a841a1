"""The vault's boundary and the click policy through the window (issue 16 "Done when"): a
note that embeds, shows or links what lies outside the vault (a symlinked file or folder,
`..`, an absolute path) shows none of it and exports none of it to PDF; a click on any
program, script, launcher or shortcut type, by a markdown link or a wikilink, gets the dialog
and never reaches the system's handler (`QDesktopServices.openUrl` is patched to record)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QMessageBox

from tests.render.files import png
from tests.ui.conftest import wait_page
from tests.ui.test_click_policy import click_link
from tests.ui.test_print_export import pdf_text
from viewer.core.attachments import EXECUTABLE
from viewer.ui.open_failed import NotOpenedDialog

SECRET = "TOPSECRETOUTSIDETEXT"
needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks here")


@pytest.fixture
def bordered(make_vault, tmp_path) -> Path:
    """A vault whose note reaches out of it every way a note can, and an outside folder."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(f"# Secret\n\n{SECRET}\n")
    (outside / "pic.png").write_bytes(png(20, 10))
    (outside / "doc.pdf").write_bytes(b"%PDF-1.4\n")
    (outside / "doc.pdf").chmod(0o644)
    relative = os.path.relpath(outside, tmp_path / "vault" / "sub")
    root = make_vault(
        {
            "sub/n.md": "# Reaching out\n\nInside words.\n\n"
            "![[link.md]]\n\n![[ext/secret]]\n\n![[pic.png]] ![x](ext/pic.png)\n\n"
            f"![[{relative}/secret.md]] ![a]({relative}/pic.png) ![b](/{outside}/pic.png)\n\n"
            f"[Linked doc](doc.pdf) [Dotted doc]({relative}/doc.pdf)\n",
        }
    )
    if hasattr(os, "symlink"):
        (root / "sub" / "link.md").symlink_to(outside / "secret.md")
        (root / "sub" / "ext").symlink_to(outside, target_is_directory=True)
        (root / "sub" / "pic.png").symlink_to(outside / "pic.png")
        (root / "sub" / "doc.pdf").symlink_to(outside / "doc.pdf")
    return root


@needs_symlinks
def test_nothing_from_outside_shows_opens_or_exports(
    qtbot, open_window, bordered, opened, tmp_path
):
    window = open_window(bordered, "sub/n.md")
    assert window.shown.key == "sub/n.md"
    assert "Inside words." in window.note_pane.toPlainText()
    assert "link.md" not in window.vault.notes  # the outside file is no note of the vault
    html = window.note_pane.toHtml()
    assert SECRET not in window.note_pane.toPlainText() and "<img" not in html
    for text in ("Linked doc", "Dotted doc"):
        if not window.note_pane.document().find(text).charFormat().isAnchor():
            continue  # not even a link
        with qtbot.waitSignal(window.links.notice) as notice:
            click_link(qtbot, window, text)
        assert "outside the vault" in notice.args[0]
    assert opened == []
    target = tmp_path / "n.pdf"
    with qtbot.waitSignal(window.aids.printer.exported, timeout=20_000):
        window.aids.printer.export_pdf(str(target))
    text = pdf_text(target)
    assert "Insidewords." in text and SECRET not in text


@pytest.fixture
def programs(make_vault) -> Path:
    suffixes = sorted(EXECUTABLE)
    lines = [f"[md {s}](run-{s}.{s}) · [[run-{s}.{s}|wiki {s}]]" for s in suffixes]
    files: dict[str, str | bytes] = {"Programs.md": "# Programs\n\n" + "\n\n".join(lines)}
    files.update({f"run-{s}.{s}": b"data" for s in suffixes})
    root = make_vault(files)
    for s in suffixes:
        (root / f"run-{s}.{s}").chmod(0o644)  # the name alone keeps it closed
    return root


def click_text(pane, text: str) -> str:
    """Click the middle of the link that reads `text` (the md and wiki links to one file share
    a target: each is clicked where it is drawn); returns the link's href."""
    found = pane.document().find(text)
    href = found.charFormat().anchorHref()
    assert not found.isNull() and href, text
    cursor = QTextCursor(found)
    cursor.setPosition(found.selectionStart() + len(text) // 2)
    pane.setTextCursor(cursor)
    pane.ensureCursorVisible()
    QTest.mouseClick(
        pane.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier(0),
        pane.cursorRect(cursor).center(),
    )
    return href


def test_no_program_script_or_shortcut_type_opens_from_a_click(
    qtbot, open_window, programs, opened
):
    window = open_window(programs, "Programs.md")
    for suffix in sorted(EXECUTABLE):
        for text in (f"md {suffix}", f"wiki {suffix}"):
            before = window.links.refused
            if (
                not window.note_pane.document()
                .find(text)
                .charFormat()
                .anchorHref()
                .startswith("file:")
            ):  # a wikilink names notes: `[[run.bat]]` leads to a topic page, never the file
                page = wait_page(
                    qtbot, window, lambda text=text: click_text(window.note_pane, text)
                )
                assert page.kind == "topic", text
                wait_page(qtbot, window, window.navigator.back)
                continue
            click_text(window.note_pane, text)
            qtbot.waitUntil(lambda before=before: window.links.refused is not before)
            dialog = window.links.refused
            assert isinstance(dialog, NotOpenedDialog) and dialog.isVisible(), text
            assert dialog.path == str((programs / f"run-{suffix}.{suffix}").resolve())
            message = dialog.findChild(QLabel, "fileNotOpenedMessage").text()
            assert "program, script or shortcut" in message, text
            dialog.close()
    assert opened == []  # the system's handler was never asked, for any of them
    # Show in Folder opens the folder, never the file.
    dialog = window.links.refused
    dialog.folder_button.click()
    assert opened == [QUrl.fromLocalFile(str(programs.resolve())).toString()]


def _answer_warning(monkeypatch, answer: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def warning(parent, title, text, buttons, default):
        asked.append(text)
        assert default == QMessageBox.StandardButton.Cancel  # Enter keeps the boundary
        return answer

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return asked


@needs_symlinks
def test_following_links_out_is_a_per_vault_choice_made_after_a_warning(
    qtbot, open_window, bordered, settings, monkeypatch
):
    window = open_window(bordered, "sub/n.md")
    action = window.commands.action("outside-links")
    assert not action.isChecked() and "sub/link.md" not in window.vault.notes

    asked = _answer_warning(monkeypatch, QMessageBox.StandardButton.Cancel)
    action.trigger()  # the reader ticks it, then cancels the warning
    assert len(asked) == 1 and "vault you trust" in asked[0]
    assert not action.isChecked() and not window.session.allow_outside

    asked = _answer_warning(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.vaultLoaded, timeout=20_000):
        action.trigger()
    assert window.session.allow_outside and action.isChecked()
    assert "sub/link.md" in window.vault.notes  # the symlinked note is read now
    notice = window.findChild(QLabel, "faultNotice")
    assert notice.isVisible() or not window.isVisible()
    assert "Following links out" in notice.text() and "trust" in notice.toolTip()
    assert settings.follows_outside_links(bordered)

    other = bordered.parent / "other"  # another vault keeps the boundary
    other.mkdir()
    assert not settings.follows_outside_links(other)

    with qtbot.waitSignal(window.vaultLoaded, timeout=20_000):
        action.trigger()  # off again: no question asked
    assert len(asked) == 1
    assert not window.session.allow_outside and not action.isChecked()
    assert "sub/link.md" not in window.vault.notes and notice.text() == ""
    assert not settings.follows_outside_links(bordered)


@needs_symlinks
def test_a_vault_set_to_follow_links_out_opens_that_way_next_time(
    qtbot, open_window, bordered, settings
):
    settings.set_follows_outside_links(bordered, True)
    window = open_window(bordered, "sub/n.md")
    assert window.session.allow_outside and window.commands.action("outside-links").isChecked()
    assert "sub/link.md" in window.vault.notes
    wait_page(qtbot, window, lambda: window.open_note("sub/link.md"))
    assert SECRET in window.note_pane.toPlainText()
