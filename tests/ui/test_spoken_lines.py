"""Subtitle lines in the window: a citation's hover preview (mouse) and Preview Link
(keyboard) show the lines spoken around the cited second, the cited one marked, when a local
copy of the video has subtitles; the Timestamps panel gives each row on screen its spoken
line, read in a worker, only for the rows shown."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication, QHelpEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip

from tests.conftest import SAMPLE_VAULT
from tests.ui.conftest import wait_page
from tests.ui.pane_links import link_position
from viewer.session.location import EPISODE_PAGE, Location
from viewer.ui.delegates import DetailRole
from viewer.ui.preview_frame import MIN_HEIGHT, PreviewFrame
from viewer.ui.timestamps_panel import SpokenRole, TimestampsPanel

VIDEO = "p0Wz_7HnYtE"
NOTE = "deepcast/future_of_work.md"
CITED = f"time:{VIDEO}/3062"  # 51:02 in the note
ELSEWHERE = "time:Kx3vR9tLmQa/"  # a video of the vault with no local copy
TIMEOUT = 10_000
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier

# One cue around each second the episode cites (6:40, 24:15, ...), three around 51:02.
CUES = [
    (398, 402, "A job is a bundle of tasks."),
    (1453, 1457, "Everyone expected the tellers to vanish."),
    (1868, 1872, "The boring work was the training."),
    (2273, 2277, "Then the software went down in a storm."),
    (2668, 2672, "The juniors are faster now."),
    (3050, 3055, "Who loses out? Not who you'd think."),
    (3055, 3059, "The clerks and the supervisors."),
    (3059, 3064, "It is the <i>middle</i> rungs that go first & fast."),
    (3064, 3068, "The top and the bottom grow."),
    (3068, 3072, "And that was how people climbed."),
    (3730, 3734, "Yes, it costs you this quarter."),
    (4545, 4549, "Not in a hospital on a night shift."),
    (4696, 4700, "I would make training portable."),
]


def clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.000"


@pytest.fixture
def downloads(tmp_path):
    """A video folder as yt-dlp leaves it: the episode (an empty stand-in) and its English
    subtitles."""
    folder = tmp_path / "Videos"
    folder.mkdir()
    (folder / f"The Future of Work [{VIDEO}].mkv").write_bytes(b"")
    cues = "\n".join(f"{clock(a)} --> {clock(b)}\n{text}\n" for a, b, text in CUES)
    (folder / f"The Future of Work [{VIDEO}].en.vtt").write_text(
        f"WEBVTT\n\n{cues}", encoding="utf-8"
    )
    return folder


@pytest.fixture
def window(qtbot, open_window, downloads):
    window = open_window(SAMPLE_VAULT)
    window.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is not None)
    controller = window.links.controller
    window.links.player = dataclasses.replace(window.links.player, video_folders=(str(downloads),))
    qtbot.waitUntil(lambda: controller.has_subtitles(VIDEO), timeout=TIMEOUT)
    wait_page(qtbot, window, lambda: window.open_note(NOTE))
    return window


def hover(qtbot, window, href_start: str):
    pane = window.note_pane
    point = link_position(pane, href_start)
    QTest.mouseMove(pane.viewport(), QPoint(4, 4))  # Qt drops a move to where it was
    with qtbot.waitSignal(window.aids.previews.shown, timeout=TIMEOUT) as shown:
        QTest.mouseMove(pane.viewport(), point)
    return shown.args[0]


def spoken_part(frame) -> list[tuple[str, str]]:
    """(time, line) of the preview's table under its "Said in the video" heading (a cell is
    a line of the plain text)."""
    text = frame.pane.toPlainText()
    assert "Said in the video" in text, text
    cells = [cell.strip() for cell in text.split("Said in the video", 1)[1].splitlines()[1:]]
    cells = [cell for cell in cells if cell]
    return list(zip(cells[0::2], cells[1::2], strict=True))


def test_hovering_a_citation_shows_the_lines_around_it_the_cited_one_marked(qtbot, window):
    window.note_pane.setFocus()
    qtbot.waitUntil(window.note_pane.hasFocus)
    frame = hover(qtbot, window, CITED)
    text = frame.pane.toPlainText()
    # What it showed before stays first: the episode, the time, the note's sentence.
    assert "at 51:02" in text and "rungs in between thin out" in text
    assert text.index("Open the video at 51:02") < text.index("Said in the video")
    lines = spoken_part(frame)
    # Two lines before the one said at 51:02 (begun at 50:59), two after, each after its time.
    assert [time for time, _said in lines] == ["50:50", "50:55", "▸ 50:59", "51:04", "51:08"]
    assert [said for _time, said in lines] == [
        "Who loses out? Not who you'd think.",
        "The clerks and the supervisors.",
        "It is the middle rungs that go first & fast.",  # markup dropped, text kept
        "The top and the bottom grow.",
        "And that was how people climbed.",
    ]
    assert "<i>" not in text  # a subtitle's markup is never markup in the window
    assert frame.pane.verticalScrollBar().maximum() == 0  # all of it shows, no scrolling
    assert QApplication.focusWidget() is window.note_pane  # reading goes on where it was


def test_preview_link_on_a_focused_citation_shows_the_lines_too(qtbot, window):
    pane = window.note_pane
    pane.setFocus()
    qtbot.waitUntil(pane.hasFocus)
    for _ in range(40):  # Tab from link to link until the 51:02 citation has the focus
        qtbot.keyClick(pane, Qt.Key.Key_Tab)
        if pane.textCursor().charFormat().anchorHref().startswith(CITED):
            break
    assert pane.textCursor().charFormat().anchorHref().startswith(CITED)
    with qtbot.waitSignal(window.aids.previews.shown, timeout=TIMEOUT) as shown:
        qtbot.keyClick(pane, Qt.Key.Key_Space, CTRL_SHIFT)
    frame = shown.args[0]
    assert frame.target.video_id == VIDEO and frame.target.seconds == 3062
    assert ("▸ 50:59", "It is the middle rungs that go first & fast.") in spoken_part(frame)


def test_a_citation_without_subtitles_shows_what_it_showed(qtbot, window):
    wait_page(qtbot, window, lambda: window.open_note("deepcast/grid_scale_energy_storage.md"))
    frame = hover(qtbot, window, ELSEWHERE)
    assert "Open the video at" in frame.pane.toPlainText()
    assert "Said in the video" not in frame.pane.toPlainText()


# -- the Timestamps panel --------------------------------------------------------------------


def rows(panel: TimestampsPanel):
    return [panel.list.topLevelItem(row) for row in range(panel.list.topLevelItemCount())]


@pytest.fixture
def panel(qtbot, window) -> TimestampsPanel:
    """The Timestamps tab of the episode page, short enough that most rows are off screen."""
    panel = window.side_tabs.panel(TimestampsPanel)
    window.side_tabs.setCurrentWidget(panel)
    window.resize(1100, 380)
    wait_page(qtbot, window, lambda: window.navigator.open(Location(EPISODE_PAGE, VIDEO)))
    qtbot.waitUntil(lambda: len(rows(panel)) == 9, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: rows(panel)[0].data(0, SpokenRole) is not None, timeout=TIMEOUT)
    return panel


def test_rows_on_screen_get_their_spoken_line_and_only_those(qtbot, panel):
    first, last = rows(panel)[0], rows(panel)[-1]
    assert first.data(0, DetailRole) == "“A job is a bundle of tasks.”"
    assert first.data(0, SpokenRole).lines[first.data(0, SpokenRole).current].start == 398
    assert last.data(0, SpokenRole) is None  # off screen: not read yet
    assert last.data(0, DetailRole) is None


def test_scrolling_by_keyboard_reads_the_rows_that_come_into_view(qtbot, panel):
    panel.window().activateWindow()
    panel.list.setFocus()
    qtbot.waitUntil(panel.list.hasFocus)
    qtbot.keyClick(panel.list, Qt.Key.Key_Down)  # the first key makes the first row current
    qtbot.keyClick(panel.list, Qt.Key.Key_End)
    last = rows(panel)[-1]
    assert panel.list.currentItem() is last
    qtbot.waitUntil(lambda: last.data(0, DetailRole) is not None, timeout=TIMEOUT)
    assert last.data(0, DetailRole) == "“I would make training portable.”"
    tip = last.toolTip(0)
    assert "I would make training portable." in tip and "<b>" in tip  # the cited line bold
    assert tip.startswith("<qt><p>The Future of Work, line 20. Enter opens the video")


def test_hovering_a_row_shows_the_lines_around_it_as_its_tooltip(qtbot, panel):
    item = rows(panel)[0]
    viewport = panel.list.viewport()
    point = panel.list.visualItemRect(item).center()
    QTest.mouseMove(viewport, point)
    # The tooltip event a rest of the pointer sends (sent here: whether the platform sends
    # it depends on which window is active, which earlier tests change).
    QApplication.sendEvent(
        viewport, QHelpEvent(QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    )
    qtbot.waitUntil(QToolTip.isVisible, timeout=TIMEOUT)
    assert "A job is a bundle of tasks." in QToolTip.text()
    assert "Everyone expected" not in QToolTip.text()  # 24:15 is not said around 6:40
    QToolTip.hideText()


def test_a_new_scan_without_the_subtitles_takes_the_lines_away(qtbot, window, panel, downloads):
    first = rows(panel)[0]
    assert first.data(0, DetailRole)
    (downloads / f"The Future of Work [{VIDEO}].en.vtt").unlink()
    with qtbot.waitSignal(window.links.controller.mediaChanged, timeout=TIMEOUT):
        window.links.controller.rescan()
    qtbot.waitUntil(lambda: not rows(panel)[0].data(0, DetailRole), timeout=TIMEOUT)
    assert rows(panel)[0].toolTip(0).startswith("The Future of Work, line")


def test_a_preview_taller_than_either_side_of_its_link_never_covers_it(qtbot, window):
    """Spoken lines make a citation's preview tall: with room for it neither below nor above
    the link, it goes where there is more room, shorter (it scrolls), beside the link."""
    frame = PreviewFrame(window)
    screen = frame.screen().availableGeometry()
    frame.resize(480, screen.height() - 40)
    link = QRect(screen.left() + 100, screen.top() + screen.height() // 3, 60, 20)
    frame.place(link, within=screen)
    assert not frame.geometry().intersects(link)
    assert frame.geometry().top() > link.bottom()  # below: the roomier side
    assert screen.contains(frame.geometry())
    assert frame.height() >= MIN_HEIGHT
