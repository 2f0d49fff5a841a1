"""Window screenshots of issue 15, before and after, in both themes.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/polish_capture.py [--tag after]

The whole window, as a reader sees it: a tubegraph note whose intro runs on after its byline,
with the backlinks panel's pill citations and the note pane focused on a link; search with
contexts; an unresolved topic's page with its Timestamps tab (these three on
/work/shared/vaults/tubegraph-lexfridman, skipped when it is absent); and the demo vault of
reading_capture.py (our own words): a table with ``\\|`` links and a folded callout closed and
open, a wide image and a long code line in a narrow window. PNGs are named
``polish-<shot>-<theme>-<tag>.png``. For the before pictures run an older checkout's code
(``PYTHONPATH=<checkout>`` and ``--tag before``); a step the old window cannot take is
skipped there.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE))

from capture import reduce_colours  # noqa: E402
from PySide6.QtCore import QSettings, Qt, QTimer, QUrl  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from reading_capture import demo_vault  # noqa: E402

from viewer.app import _application, create_window  # noqa: E402
from viewer.ui.settings import Settings  # noqa: E402

LEX = Path("/work/shared/vaults/tubegraph-lexfridman")
LEX_NOTE = "lexfridman/quantum_mechanics.md"  # byline, then the intro on the next line
LEX_TOPIC = "Elon Musk"  # unresolved: its page lists pills, its tab their times
LEX_QUERY = "consciousness"
SIZE = (1400, 860)

Wait = Callable[[], bool]


def run(vault: Path, note: str, theme: str, steps: Callable[..., Iterator[Wait]]) -> None:
    """Open a window on `vault` at `note` and drive `steps(window)`: a generator that yields
    a condition to wait for (polled every 50 ms) before its next step."""
    app = _application()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["VAULT_VIEWER_CONFIG_DIR"] = tmp  # no tabs restored from another run
        settings = Settings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        settings.theme = theme
        window = create_window(vault, note, settings=settings, use_cache=False)
        window.resize(*SIZE)
        window.show()
        driver = steps(window)
        state: dict[str, Wait] = {"until": lambda: window.vault is not None}
        ticks = {"n": 0}

        def tick() -> None:
            ticks["n"] += 1
            if ticks["n"] > 2400:  # two minutes: give up on this shot
                print("timed out", file=sys.stderr)
                app.quit()
                return
            try:
                if not state["until"]():
                    return
                state["until"] = next(driver)
            except StopIteration:
                timer.stop()
                app.quit()

        timer = QTimer()
        timer.timeout.connect(tick)
        timer.start(50)
        app.exec()
        timer.stop()
        window.shutdown()
        window.close()


def settle(window, ms: int = 900) -> Iterator[Wait]:
    """Let late work (panels, layout) land before a picture."""
    done = {"at": False}
    QTimer.singleShot(ms, lambda: done.__setitem__("at", True))
    yield lambda: done["at"]


def save(window, name: str) -> None:
    reduce_colours(window.grab().toImage()).save(str(HERE / name))
    print("wrote", HERE / name)


def showing(window, key: str) -> Wait:
    return lambda: window.shown is not None and window.shown.key == key


# -- the shots ---------------------------------------------------------------------------------


def lex_note(theme: str, tag: str):
    def steps(window) -> Iterator[Wait]:
        yield showing(window, LEX_NOTE)
        window.side_tabs.setCurrentWidget(window.backlinks)
        yield lambda: window.backlinks.tree.topLevelItemCount() > 0
        pane = window.note_pane
        pane.setFocus()
        for _ in range(6):  # past the Properties block to the byline's channel link
            QTest.keyClick(pane, Qt.Key.Key_Tab)
            if pane.textCursor().charFormat().anchorHref().startswith("note:"):
                break
        yield from settle(window)
        save(window, f"polish-lex-note-{theme}-{tag}.png")

    return steps


def lex_search(theme: str, tag: str):
    def steps(window) -> Iterator[Wait]:
        yield showing(window, LEX_NOTE)
        session = window.session
        yield lambda: getattr(session, "search_ready", True)
        window.search_vault()
        QTest.keyClicks(window.search_panel.query, LEX_QUERY)
        yield lambda: window.search_panel.results.topLevelItemCount() > 0
        yield from settle(window, 1500)
        save(window, f"polish-lex-search-{theme}-{tag}.png")

    return steps


def lex_topic(theme: str, tag: str):
    def steps(window) -> Iterator[Wait]:
        yield showing(window, LEX_NOTE)
        window.navigator.open_topic(LEX_TOPIC)
        yield showing(window, LEX_TOPIC)
        window.side_tabs.setCurrentWidget(window.timestamps)
        yield from settle(window, 1500)
        save(window, f"polish-lex-topic-{theme}-{tag}.png")

    return steps


def demo_callout(theme: str, tag: str):
    def steps(window) -> Iterator[Wait]:
        yield showing(window, "studio/kiln_scheduling.md")
        window.side_tabs.setCurrentWidget(window.backlinks)
        yield from settle(window)
        save(window, f"polish-table-callout-{theme}-{tag}.png")
        href = _callout_href(window)
        if href is None:
            return  # the old window has no folded callouts to open
        window.navigator.follow_link(QUrl(href))
        yield from settle(window)
        save(window, f"polish-callout-open-{theme}-{tag}.png")

    return steps


def demo_wide(theme: str, tag: str):
    def steps(window) -> Iterator[Wait]:
        yield showing(window, "studio/kiln_log.md")
        window.resize(1000, 700)
        yield from settle(window)
        bar = window.note_pane.verticalScrollBar()
        bar.setValue(bar.maximum() // 3)
        yield from settle(window, 400)
        save(window, f"polish-wide-image-code-{theme}-{tag}.png")

    return steps


def _callout_href(window) -> str | None:
    document = window.note_pane.document()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            href = it.fragment().charFormat().anchorHref()
            if href.startswith("callout:") and href != "callout:properties":
                return href
            it += 1
        block = block.next()
    return None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tag", default="after")
    tag = parser.parse_args().tag
    with tempfile.TemporaryDirectory() as tmp:
        demo = demo_vault(Path(tmp) / "demo")
        for theme in ("light", "dark"):
            run(demo, "studio/kiln_scheduling.md", theme, demo_callout(theme, tag))
            run(demo, "studio/kiln_log.md", theme, demo_wide(theme, tag))
            if LEX.is_dir():
                run(LEX, LEX_NOTE, theme, lex_note(theme, tag))
                run(LEX, LEX_NOTE, theme, lex_search(theme, tag))
                run(LEX, LEX_NOTE, theme, lex_topic(theme, tag))
    return 0


if __name__ == "__main__":
    sys.exit(main())
