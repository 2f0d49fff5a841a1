"""Live state always converges: after a burst of file changes (a `git pull` of a regenerated
wiki) or hundreds of edits while every kind of background reader runs, the window shows what
a fresh load of the vault shows: the same tree, switcher, backlinks and search index."""

from __future__ import annotations

import logging
import random
import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from tests.conftest import SAMPLE_VAULT
from tests.ui.conftest import wait_page
from viewer.core.switcher import SwitcherIndex
from viewer.core.tree import TreeNode
from viewer.core.vault import Vault
from viewer.render import hrefs
from viewer.session.trees import mode_tree

SETTLE_MS = 60_000
QUIET_MS = 1500  # settled this long without a new change: every event has arrived


def _shape(node: TreeNode) -> tuple:
    return (
        node.kind,
        node.key,
        node.label,
        node.note,
        node.count,
        tuple(map(_shape, node.children)),
    )


def _backlinks(vault: Vault) -> dict[str, list[tuple[str, int, int]]]:
    return {
        path: [(m.source, m.line, m.column) for m in vault.backlinks(path)] for path in vault.notes
    }


def settle(qtbot, window) -> None:
    """Wait until the session has applied every change and rebuilt what depends on them, and
    stayed so for QUIET_MS (events of the burst's last writes may still be on their way)."""
    session = window.session
    quiet = {"since": None}

    def quiet_long_enough() -> bool:
        if not session.settled() or not session.search_ready:
            quiet["since"] = None
            return False
        if quiet["since"] is None:
            quiet["since"] = qtbot_clock()
        return qtbot_clock() - quiet["since"] >= QUIET_MS / 1000

    qtbot.waitUntil(quiet_long_enough, timeout=SETTLE_MS)


def qtbot_clock() -> float:
    import time

    return time.monotonic()


def assert_equals_a_fresh_load(window) -> None:
    fresh = Vault.load(window.vault_root)
    session = window.session
    with session.reading() as vault:
        assert sorted(vault.notes) == sorted(fresh.notes)
        assert {p: n.title for p, n in vault.notes.items()} == {
            p: n.title for p, n in fresh.notes.items()
        }
        assert _backlinks(vault) == _backlinks(fresh)
        assert [(t.key, t.mentions) for t in vault.topics()] == [
            (t.key, t.mentions) for t in fresh.topics()
        ]
        files = dict(vault.files)
    mode = window.tree_area.mode()
    assert _shape(window.tree_panel.full_root()) == _shape(mode_tree(fresh, mode))
    assert session.switcher is not None
    assert session.switcher.entries == SwitcherIndex.from_vault(fresh).entries
    assert session.search is not None
    assert session.search.stale(files) == ([], [])
    assert files == fresh.files


def _burst(root: Path, count: int, seed: int) -> None:
    """`count` file operations as fast as the disk takes them: writes, appends, deletions
    and renames, in a random order (what a sync client or `git pull` does)."""
    rng = random.Random(seed)
    notes = sorted(p for p in root.rglob("*.md") if ".obsidian" not in p.parts)
    folders = sorted({p.parent for p in notes})
    made: list[Path] = []
    for index in range(count):
        kind = index % 4
        if kind == 0:  # a new note linking to existing ones and to a topic
            folder = rng.choice(folders)
            target = rng.choice(notes).stem
            path = folder / f"burst_{seed}_{index}.md"
            path.write_text(
                f"---\ntitle: Burst {index}\n---\nSee [[{target}]] and [[Topic {index % 7}]].\n",
                encoding="utf-8",
            )
            made.append(path)
        elif kind == 1:  # an append to an existing note
            path = rng.choice(notes)
            if path.exists():
                with path.open("a", encoding="utf-8") as handle:
                    handle.write(f"\nAppended [[{rng.choice(notes).stem}]] {index}.\n")
        elif kind == 2 and made:  # a deletion
            made.pop(rng.randrange(len(made))).unlink()
        elif kind == 3 and made:  # a rename (a new file name, same text)
            old = made.pop(rng.randrange(len(made)))
            new = old.with_name(f"renamed_{seed}_{index}.md")
            old.rename(new)
            made.append(new)


@pytest.fixture
def copied_vault(tmp_path, medium_vault) -> Path:
    target = tmp_path / "vault"
    shutil.copytree(medium_vault, target, ignore=shutil.ignore_patterns(".vault-viewer-*"))
    return target


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_burst_of_1200_changes_converges(qtbot, open_window, copied_vault, caplog, seed):
    caplog.set_level(logging.WARNING)
    window = open_window(copied_vault)
    qtbot.waitUntil(lambda: window.session.watcher.mode == "events", timeout=10_000)
    settle(qtbot, window)
    writer = threading.Thread(target=_burst, args=(copied_vault, 1200, seed))
    writer.start()
    qtbot.waitUntil(lambda: not writer.is_alive(), timeout=60_000)
    settle(qtbot, window)
    assert_equals_a_fresh_load(window)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_live_edits_while_every_background_reader_runs(qtbot, open_window, tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE_VAULT, root)
    window = open_window(root)
    qtbot.waitUntil(lambda: window.session.watcher.mode == "events", timeout=10_000)
    settle(qtbot, window)
    notes = sorted(window.vault.notes)
    done = threading.Event()

    def edit() -> None:
        rng = random.Random(5)
        for index in range(500):
            path = root / rng.choice(notes)
            with path.open("a", encoding="utf-8") as handle:
                handle.write(f"\nEdit {index}: [[{Path(rng.choice(notes)).stem}]] [[Ada Moreno]]\n")
            if index % 50 == 0:
                (root / f"extra_{index}.md").write_text(f"[[{Path(notes[0]).stem}]]", "utf-8")
            threading.Event().wait(0.01)
        done.set()

    writer = threading.Thread(target=edit)
    writer.start()
    switcher = window.finder.quick
    rng = random.Random(9)
    while not done.is_set():
        # Renders, backlinks and timestamps of a page, the switcher and a search, all at once.
        note = rng.choice(notes)
        wait_page(qtbot, window, lambda n=note: window.open_note(n))
        window.commands.action("quick-switcher").trigger()
        qtbot.keyClicks(switcher.query, "ad")
        switcher.hide()
        window.finder.search("battery")
        window.navigator.follow_link(QUrl(hrefs.topic_href("Ada Moreno")))
        qtbot.wait(30)
    writer.join()
    settle(qtbot, window)
    assert_equals_a_fresh_load(window)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_the_vault_wide_rebuilds_wait_until_the_changed_page_is_shown(
    qtbot, open_window, make_vault
):
    # The tree, switcher and search follow a change FOLLOW_DELAY_MS later: the page the
    # reader is on is re-rendered first, without them competing for the interpreter.
    root = make_vault({"a.md": "# A\n\nsee [[b]]", "b.md": "# B"})
    window = open_window(root, "a.md")
    session = window.session
    qtbot.waitUntil(lambda: session.settled() and session.switcher is not None)
    at_change, rebuilt = [], []
    session.changed.connect(
        lambda _paths: at_change.append(
            (session.tasks.busy("tree"), session.tasks.busy("switcher"), session.settled())
        )
    )
    session.switcherReady.connect(lambda: rebuilt.append(session.switcher))
    (root / "a.md").write_text("# A\n\nsee [[b]] and [[Brand New Topic]]", encoding="utf-8")
    qtbot.waitUntil(lambda: bool(rebuilt), timeout=5000)
    assert at_change[0] == (False, False, False)  # not started yet, but not settled either
    names = [entry.name for entry in rebuilt[-1].search("brand new topic")]
    assert "Brand New Topic" in names
    qtbot.waitUntil(session.settled)
