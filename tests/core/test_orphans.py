"""Workers and the search indexer die with the process they work for: a window killed with
SIGKILL while indexing leaves no process behind (issue 16)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable

import psutil
import pytest

from tests.conftest import REPO, write_files
from viewer.core import indexer

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="fork server and /proc: Linux behaviour"
)

NOTES = 3000
GONE_WITHIN_S = 3.0
# Modules that make every worker slow (the killed process imports them, its fork server
# preloads them): unprotected, the workers would outlive it by a minute or more.
SLOW_PARSE = """
import time
from viewer.core import indexer
_summary = indexer.read_summary
def _slow(root, path):
    time.sleep(0.01)
    return _summary(root, path)
indexer.read_summary = _slow
"""
SLOW_SEARCH = """
import time
from viewer.core import search
_plain = search.plain_text
def _slow(text):
    time.sleep(0.01)
    return _plain(text)
search.plain_text = _slow
"""


@pytest.fixture(scope="module")
def many_notes(tmp_path_factory):
    words = "river memory signal garden engine library harbor village " * 12
    files = {
        f"ch{i % 40}/note_{i}.md": f"---\ntitle: Note {i}\n---\n{words}[[note_{i + 1}]]\n"
        for i in range(NOTES)
    }
    return write_files(tmp_path_factory.mktemp("orphans") / "vault", files)


def _run_and_kill(
    script: str, tmp_path, ready: str, look: Callable[[list[psutil.Process]], None] | None = None
) -> list[psutil.Process]:
    """Start `script`; when it prints `ready`, SIGKILL it (after `look` saw what it had
    started, still running); return what it had started."""
    (tmp_path / "vv_slow_parse.py").write_text(SLOW_PARSE, encoding="utf-8")
    (tmp_path / "vv_slow_search.py").write_text(SLOW_SEARCH, encoding="utf-8")
    env = {
        **os.environ,
        "VAULT_VIEWER_CACHE_DIR": str(tmp_path / "cache"),
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)]),
    }
    with subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            assert line.strip() == ready, line
            children = psutil.Process(process.pid).children(recursive=True)
            assert children, "nothing was started in parallel"
            if look is not None:
                look(children)
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    return children


def _alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    alive = []
    for child in processes:
        try:
            if child.is_running() and child.status() != psutil.STATUS_ZOMBIE:
                alive.append(child)
        except psutil.NoSuchProcess:
            pass
    return alive


def _assert_all_gone(children: list[psutil.Process]) -> None:
    deadline = time.monotonic() + GONE_WITHIN_S
    while _alive(children) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = _alive(children)
    for child in left:
        child.kill()  # (ours: started by the script this test ran)
    assert not left, [" ".join(child.cmdline()[:4]) for child in left]


@pytest.mark.parametrize("start_method", ["fork", "forkserver"])
def test_sigkill_during_parsing_leaves_no_orphans(many_notes, tmp_path, start_method):
    script = f"""
        import multiprocessing, time, vv_slow_parse
        multiprocessing.set_forkserver_preload(["vv_slow_parse"])
        from viewer.core import indexer
        from viewer.core.loader import load_vault
        indexer.PARALLEL_MIN_BYTES = 0
        def progress(done, total):
            print("parsing", flush=True)
            time.sleep(60)  # the kill lands while the workers parse the rest
        load_vault({str(many_notes)!r}, use_cache=False, workers=2,
                   start_method={start_method!r}, progress=progress)
    """
    _assert_all_gone(_run_and_kill(script, tmp_path, "parsing"))


def test_sigkill_during_search_indexing_leaves_no_orphans(many_notes, tmp_path):
    script = f"""
        import multiprocessing, time
        multiprocessing.set_forkserver_preload(["vv_slow_search"])
        from viewer.core import search
        from viewer.core.loader import load_vault
        from viewer.core.search import SearchIndex
        search.PARALLEL_MIN_BYTES = 0
        result = load_vault({str(many_notes)!r}, use_cache=True, workers=1)
        vault = result.vault
        index = SearchIndex(result.cache)
        titles = {{p: n.title for p, n in vault.notes.items()}}
        def cancelled():
            if not cancelled.said:
                cancelled.said = True
                time.sleep(1.0)  # the child is indexing (slowly) by now
                print("indexing", flush=True)
            return False
        cancelled.said = False
        index.sync_elsewhere(vault.root, vault.files, titles, start_method="forkserver",
                             cancelled=cancelled)
    """
    _assert_all_gone(_run_and_kill(script, tmp_path, "indexing"))


def test_index_workers_yield_the_cores_to_the_window(many_notes, tmp_path):
    # On two cores, two workers at the window's priority kept its GUI thread waiting for a
    # core while it indexed 100,000 notes (stalls of 64-85 ms; 41-50 ms when nicer).
    script = f"""
        import time
        from viewer.core import indexer
        from viewer.core.loader import load_vault
        indexer.PARALLEL_MIN_BYTES = 0
        def progress(done, total):
            print("parsing", flush=True)
            time.sleep(60)
        load_vault({str(many_notes)!r}, use_cache=False, workers=2, start_method="fork",
                   progress=progress)
    """
    niceness: list[int] = []
    children = _run_and_kill(
        script, tmp_path, "parsing", lambda found: niceness.extend(c.nice() for c in found)
    )
    assert len(niceness) == 2
    assert all(n >= os.nice(0) + indexer.INDEX_NICENESS for n in niceness), niceness
    _assert_all_gone(children)
