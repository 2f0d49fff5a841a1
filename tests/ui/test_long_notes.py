"""Long notes never freeze the window: a 3 MB note shows its beginning at once and the rest
as it is rendered; the 60,000-character table rule and the 1 MB note open completely."""

from __future__ import annotations

import sys
import time

import pytest

from tests.conftest import REPO
from tests.ui.conftest import wait_page
from viewer.ui.navigator import ON_DEMAND_BLOCKS

# A channel index of 700 episode lines: long enough to come in short parts.
CHANNEL = "# Channel\n\n" + "\n".join(
    f"- [[Episode {n}]] on topic {n}, with some words about it {n}" for n in range(700)
)
LINE_690 = 3 + 690  # "on topic 690" (the heading, a blank line, then the list)


def channel_window(open_window, make_vault, text: str = CHANNEL):
    """A window on "other.md" of a vault that also holds `text` as "channel.md"."""
    return open_window(make_vault({"channel.md": text, "other.md": "# Other"}), "other.md")


def in_view(pane, words: str) -> bool:
    """Whether `words` are in the note and their place is on screen."""
    found = pane.document().find(words)
    return not found.isNull() and pane.viewport().rect().contains(pane.cursorRect(found).center())


@pytest.fixture(scope="module")
def specials(medium_vault) -> dict[str, str]:
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from synth_vault import specials as found
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    return found(medium_vault)


@pytest.fixture
def window(open_window, medium_vault):
    return open_window(medium_vault)


def last_words(window, path: str) -> str:
    text = (window.vault_root / path).read_text(encoding="utf-8").rstrip().splitlines()[-1]
    return " ".join(text.split()[-4:])


def test_a_3_mb_note_shows_its_beginning_then_the_rest(qtbot, window, specials):
    huge = specials["huge"]
    started = time.perf_counter()
    wait_page(qtbot, window, lambda: window.open_note(huge), timeout=30_000)
    first = time.perf_counter() - started
    shown = len(window.note_pane.toPlainText())
    ending = last_words(window, huge)
    assert ending not in window.note_pane.toPlainText()  # only the beginning so far
    assert window.navigator.page.partial  # it comes in parts
    assert first < 10  # the beginning long before the whole (measured in make bench)
    # Its 30,000 paragraphs, laid out, would be 216 MB of Qt's memory: the first
    # ON_DEMAND_BLOCKS come, then the rest as the reader scrolls down.
    qtbot.waitUntil(lambda: window.navigator.settled, timeout=120_000)
    loaded = window.note_pane.document().blockCount()
    assert ON_DEMAND_BLOCKS <= loaded < 2 * ON_DEMAND_BLOCKS
    assert ending not in window.note_pane.toPlainText()
    assert not window.navigator.complete
    bar = window.note_pane.verticalScrollBar()

    def scrolled_to_the_end() -> bool:
        bar.setValue(bar.maximum())
        return ending in window.note_pane.toPlainText()

    with qtbot.waitSignal(window.pageCompleted, timeout=120_000):
        qtbot.waitUntil(scrolled_to_the_end, timeout=120_000)
    assert len(window.note_pane.toPlainText()) > 10 * shown


def test_find_in_a_very_long_note_brings_all_of_it(qtbot, window, specials):
    huge = specials["huge"]
    wait_page(qtbot, window, lambda: window.open_note(huge), timeout=30_000)
    qtbot.waitUntil(lambda: window.navigator.settled, timeout=120_000)
    ending = last_words(window, huge)
    find_bar = window.reader.find_bar
    find_bar.open_bar()
    with qtbot.waitSignal(window.pageCompleted, timeout=120_000):
        find_bar.query.setText(ending)
    qtbot.waitUntil(lambda: find_bar.match_count >= 1)


@pytest.mark.parametrize("which", ["big", "table"])
def test_heavy_notes_open_completely(qtbot, window, specials, which):
    path = specials[which]
    with qtbot.waitSignal(window.pageCompleted, timeout=60_000) as completed:
        window.open_note(path)
    assert completed.args[0].key == path
    text = window.note_pane.toPlainText()
    source = (window.vault_root / path).read_text(encoding="utf-8")
    assert len(text) > len(source) / 3  # the whole note, not its first part


def test_the_tree_finds_a_long_note_once_it_is_all_there(qtbot, window, specials):
    """While a long note's parts come in, the workers are busy and opening its folder in the
    tree (a Python call a row) would stall the window: the tree follows once it is complete."""
    huge = specials["huge"]
    at_first: list[object] = []
    window.pageShown.connect(
        lambda loc: at_first.append(window.tree_panel.current_node()) if loc.key == huge else None
    )
    with qtbot.waitSignal(window.navigator.pageSettled, timeout=120_000):
        window.open_note(huge)
    assert at_first and (at_first[0] is None or at_first[0].note != huge)
    qtbot.waitUntil(lambda: not window.routes.reveal_pending)
    node = window.tree_panel.current_node()
    assert node is not None and node.note == huge


def test_a_medium_note_comes_in_short_parts_and_reads_as_rendered_whole(
    qtbot, open_window, make_vault
):
    # A 40 KB channel index rendered whole took a note switch's whole budget several times
    # over: its first short part is shown, then the rest, with the same text in the end.
    from viewer.render.parts import splits
    from viewer.ui.page_source import FIRST_SCREEN_CHARS, SHORT_PART_CHARS

    text = CHANNEL + "\n\nThe very last line.\n"
    assert splits(len(text), SHORT_PART_CHARS, FIRST_SCREEN_CHARS)
    window = channel_window(open_window, make_vault, text)
    parts = []
    window.pageShown.connect(lambda location: parts.append(window.navigator.page.partial))
    with qtbot.waitSignal(window.pageCompleted, timeout=30_000):
        window.open_note("channel.md")
    assert parts == [True]  # shown once, before its last part was in
    shown = window.note_pane.toPlainText()
    places = [shown.find(f"on topic {n},") for n in range(700)]
    assert -1 not in places and places == sorted(places)  # every line, once, in order
    assert shown.rstrip().endswith("The very last line.")


def test_a_note_longer_than_a_screen_shows_its_first_screen_before_the_rest_is_rendered(
    qtbot, open_window, make_vault, monkeypatch
):
    # A typical topic note (6 KB, citations in every paragraph): its first part is painted
    # before the worker renders the rest; the page reads as rendered whole in the end.
    from viewer.render.parts import splits
    from viewer.session.pages import PageRenderer
    from viewer.ui.page_source import FIRST_SCREEN_CHARS, SHORT_PART_CHARS

    cite = '<a class="yt-timestamp" data-t="00:{:02d}:10">[00:{:02d}:10]</a>'
    paragraphs = [
        f"Paragraph {n} says something about [[Topic {n}]] at length "
        + cite.format(n % 60, n % 60)
        + " and goes on to the end of its thought."
        for n in range(45)
    ]
    text = "---\ntitle: Typical\nvideoId: abcdefghijk\n---\n\n" + "\n\n".join(paragraphs)
    assert 5_000 < len(text) < 8_000 and splits(len(text), SHORT_PART_CHARS, FIRST_SCREEN_CHARS)
    root = make_vault({"typical.md": text, "other.md": "# Other"})
    window = open_window(root, "other.md")
    events: list[str] = []
    note_parts = PageRenderer.note_parts

    def recorded(self, *args, **kwargs):
        for page in note_parts(self, *args, **kwargs):
            events.append("partial" if page.partial else "last")
            yield page
            events.append("resumed")

    monkeypatch.setattr(PageRenderer, "note_parts", recorded)
    window.pageShown.connect(lambda _location: events.append("shown"))
    with qtbot.waitSignal(window.pageCompleted, timeout=30_000):
        window.open_note("typical.md")
    assert events[:3] == ["partial", "shown", "resumed"] and events[-2] == "last"
    shown = window.note_pane.toPlainText()
    places = [shown.find(f"Paragraph {n} says") for n in range(45)]
    assert -1 not in places and places == sorted(places)


def test_a_line_in_a_later_part_is_scrolled_to_once_it_is_in(qtbot, open_window, make_vault):
    # The first look goes to the nearest line the first part has; once the part holding the
    # line asked for is in, the pane goes there, unless the reader scrolled meanwhile.
    from viewer.render.parts import splits
    from viewer.session.location import NOTE_PAGE, Location
    from viewer.ui.page_source import FIRST_SCREEN_CHARS, SHORT_PART_CHARS

    assert splits(len(CHANNEL), SHORT_PART_CHARS, FIRST_SCREEN_CHARS)  # it comes in parts
    window = channel_window(open_window, make_vault)
    with qtbot.waitSignal(window.pageCompleted, timeout=30_000):
        window.area.open(Location(NOTE_PAGE, "channel.md", line=LINE_690), "here")
    assert in_view(window.note_pane, "on topic 690,")


def test_past_the_first_blocks_a_line_asked_for_still_comes(
    qtbot, open_window, make_vault, monkeypatch
):
    """A very long note stops after ON_DEMAND_BLOCKS blocks until the reader scrolls on; a
    line asked for further on (a backlink's, a timestamp's) brings everything up to it."""
    from viewer.session.location import NOTE_PAGE, Location
    from viewer.ui import navigator

    monkeypatch.setattr(navigator, "ON_DEMAND_BLOCKS", 100)
    window = channel_window(open_window, make_vault)
    with qtbot.waitSignal(window.navigator.pageSettled, timeout=30_000):
        window.open_note("channel.md")
    assert not window.navigator.complete  # it waits for the reader
    assert "on topic 690," not in window.note_pane.toPlainText()
    with qtbot.waitSignal(window.pageCompleted, timeout=30_000):
        window.area.open(Location(NOTE_PAGE, "channel.md", line=LINE_690), "here")
    assert in_view(window.note_pane, "on topic 690,")


def test_a_line_far_on_is_found_without_walking_the_whole_note_again(
    qtbot, open_window, make_vault, monkeypatch
):
    """The anchors of a note coming in parts are indexed as each part comes: walking all
    30,000 blocks of the 3 MB note once its last part was in stalled the window 167 ms."""
    from viewer.session.location import NOTE_PAGE, Location
    from viewer.ui import note_pane

    walks: list[int] = []
    walk = note_pane._walk_anchors

    def counted(block, found):
        walks.append(block.blockNumber())
        walk(block, found)

    monkeypatch.setattr(note_pane, "_walk_anchors", counted)
    window = channel_window(open_window, make_vault)
    walks.clear()
    with qtbot.waitSignal(window.pageCompleted, timeout=30_000):
        window.area.open(Location(NOTE_PAGE, "channel.md", line=LINE_690), "here")
    assert in_view(window.note_pane, "on topic 690,")
    assert walks.count(0) == 1  # the first part's walk; each later part from where it began
    assert len(walks) > 2


def test_end_takes_the_reader_to_the_end_of_a_very_long_note(
    qtbot, open_window, make_vault, monkeypatch
):
    from PySide6.QtCore import Qt

    from viewer.ui import navigator

    monkeypatch.setattr(navigator, "ON_DEMAND_BLOCKS", 100)
    window = channel_window(open_window, make_vault)
    with qtbot.waitSignal(window.navigator.pageSettled, timeout=30_000):
        window.open_note("channel.md")
    assert not window.navigator.complete
    pane = window.note_pane
    pane.setFocus()
    with qtbot.waitSignal(window.pageCompleted, timeout=30_000):
        qtbot.keyClick(pane, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    bar = pane.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() == bar.maximum())
    assert in_view(pane, "on topic 699,")
