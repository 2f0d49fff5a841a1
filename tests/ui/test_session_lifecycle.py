"""One owner for a vault's life: switching vaults or closing the window never waits for an
index or a search build, and leaves exactly the children the open vault needs."""

from __future__ import annotations

import time

import psutil

from tests.conftest import SAMPLE_VAULT
from tests.ui.conftest import first_page_shown, wait_page
from viewer.core.search import SEARCH_CHILDREN

RETURN_MS = 200


def _descendants() -> set[int]:
    return {child.pid for child in psutil.Process().children(recursive=True)}


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                alive.add(pid)
        except psutil.NoSuchProcess:
            pass
    return alive


def _indexing(window) -> bool:
    session = window.session
    return session is not None and session.shared is None and session._thread is not None


def test_closing_during_a_cold_index_of_the_benchmark_vault_returns_at_once(
    qtbot, open_window, benchmark_vault
):
    window = open_window(benchmark_vault, wait=False)
    qtbot.waitUntil(lambda: _indexing(window) and window.vaults.progress.isVisible())
    qtbot.wait(300)  # parsing is under way in its worker processes
    assert _indexing(window)
    started = time.perf_counter()
    window.close()
    took_ms = (time.perf_counter() - started) * 1000
    assert took_ms <= RETURN_MS, f"closing took {took_ms:.0f} ms"
    qtbot.waitUntil(lambda: window.host.retiring() == 0, timeout=10_000)  # and then it ends


def test_opening_another_vault_during_a_cold_index_returns_at_once(
    qtbot, open_window, benchmark_vault
):
    window = open_window(benchmark_vault, wait=False)
    qtbot.waitUntil(lambda: _indexing(window))
    qtbot.wait(300)
    old = window.session
    started = time.perf_counter()
    window.open_vault(SAMPLE_VAULT)
    took_ms = (time.perf_counter() - started) * 1000
    assert took_ms <= RETURN_MS, f"switching took {took_ms:.0f} ms"
    qtbot.waitUntil(lambda: first_page_shown(window) and window.vault_root == SAMPLE_VAULT)
    qtbot.waitUntil(lambda: window.host.retiring() == 0, timeout=10_000)  # the old one ended
    assert old is not window.session


def test_switching_vaults_during_the_search_build_stops_its_child(
    qtbot, open_window, medium_vault, tmp_path, monkeypatch
):
    # A cache of its own: another test may have built this vault's search index already.
    monkeypatch.setenv("VAULT_VIEWER_CACHE_DIR", str(tmp_path / "cache"))
    window = open_window(medium_vault)
    before = _descendants()
    qtbot.waitUntil(
        lambda: window.session.search is not None and bool(_descendants() - before),
        timeout=30_000,
    )
    assert not window.session.search_ready
    search_children = _descendants() - before
    window.open_vault(SAMPLE_VAULT)
    qtbot.waitUntil(lambda: not _alive(search_children), timeout=3000)
    qtbot.waitUntil(lambda: first_page_shown(window) and window.vault_root == SAMPLE_VAULT)
    # Reopened, the vault resumes its search index in one build (its children), never two.
    window.open_vault(medium_vault)
    qtbot.waitUntil(lambda: window.session.search is not None, timeout=30_000)
    seen: set[int] = set()
    while not window.session.search_ready:
        now = _alive(_descendants() - before)
        assert len(now) <= SEARCH_CHILDREN, now
        seen |= now
        qtbot.wait(100)
    assert len(seen) <= SEARCH_CHILDREN


def test_the_note_read_last_shows_before_the_index_is_ready(qtbot, open_window, medium_vault):
    first = open_window(medium_vault)
    note = next(path for path in sorted(first.vault.notes) if path.count("/") == 1)
    wait_page(qtbot, first, lambda: first.open_note(note))
    first.close()
    first.shutdown()
    window = open_window(medium_vault, wait=False)
    seen: list[tuple[str, bool]] = []
    window.pageShown.connect(lambda loc: seen.append((loc.key, window.vault is None)))
    qtbot.waitUntil(lambda: window.vault is not None and (note, False) in seen, timeout=60_000)
    assert (note, True) in seen  # on screen, from its file, while the vault was still indexing
    assert window.note_pane.toPlainText().strip()


def test_a_first_note_found_by_name_never_builds_the_names_on_the_gui_thread(
    qtbot, open_window, make_vault, monkeypatch
):
    """Reopened from the cache (which restores links without the resolver), a note asked for
    by name is looked up on the GUI thread: the resolver that finds it, built over every
    note (0.2 s of 21,000), is built by the index thread first."""
    import threading

    from viewer.core.resolve import Resolver

    root = make_vault({"docs/Home.md": "# Home\n[[b]]\n", "b.md": "b\n"})
    first = open_window(root)
    qtbot.waitUntil(lambda: first.session.settled(), timeout=30_000)
    first.close()
    first.shutdown()
    on_gui_thread: list[bool] = []
    add_notes = Resolver.add_notes

    def recording(self, *args, **kwargs):
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return add_notes(self, *args, **kwargs)

    monkeypatch.setattr(Resolver, "add_notes", recording)
    window = open_window(root, "Home")
    qtbot.waitUntil(lambda: window.shown is not None and window.shown.key == "docs/Home.md")
    assert on_gui_thread and not any(on_gui_thread)


def test_the_cache_is_written_once_the_window_has_taken_the_index(
    qtbot, open_window, make_vault, monkeypatch
):
    # Writing the cache builds a snapshot of every note, Python that would compete with the
    # window's first tree and page for the interpreter: it waits until the window has them.
    from viewer.core.loader import LoadResult

    order: list[str] = []
    write = LoadResult.write_cache
    monkeypatch.setattr(
        LoadResult, "write_cache", lambda result: (order.append("write"), write(result))[1]
    )
    root = make_vault({f"n{i}.md": f"# Note {i}\n\n[[n{i + 1}]]" for i in range(40)})
    window = open_window(root, wait=False)
    window.vaultLoaded.connect(lambda _vault: order.append("taken"))
    qtbot.waitUntil(lambda: "write" in order, timeout=10_000)
    assert order == ["taken", "write"]
