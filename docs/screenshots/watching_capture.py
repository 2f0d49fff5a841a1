"""Screenshots of watching in the real window (issue 14): an episode page with its citation
strip, and a timestamp's hover preview with the lines spoken around the cited second, read
from the subtitles beside a local copy; both themes.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/watching_capture.py

Writes watching-episode-light.png, watching-episode-dark.png, timestamp-subtitles-light.png
and timestamp-subtitles-dark.png next to this file. The sample vault has no videos: a video
folder is made in a throwaway place with an empty `The Future of Work [ID].mkv` and a subtitle
file whose transcript is made up for the picture; the window finds them as it finds any
download (View › Timestamp Player…, Video folders). Settings and caches are throwaway too.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from offscreen_desktop import offscreen_desktop

SCRATCH = offscreen_desktop("vv-watch-shots-")  # before Qt is imported
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path[:0] = [str(REPO), str(HERE)]

from PySide6.QtCore import QPoint, QSettings  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from reading_aids_capture import hover, save, settle, wait, window_image  # noqa: E402

from tests.ui.pane_links import link_position  # noqa: E402
from viewer.app import _application, create_window  # noqa: E402
from viewer.core.player import MPV  # noqa: E402
from viewer.session.location import EPISODE_PAGE, Location  # noqa: E402
from viewer.ui.settings import Settings  # noqa: E402
from viewer.ui.timestamps_panel import SpokenRole, TimestampsPanel  # noqa: E402

SAMPLE = REPO / "resources" / "sample-vault"
NOTE, VIDEO, CITED = "deepcast/future_of_work.md", "p0Wz_7HnYtE", "time:p0Wz_7HnYtE/3062"
SIZE = (1400, 860)
# What is said at the other cited seconds (made up, a line or two each).
SAID = {
    "00:06:38": ["A job is a bundle of tasks.", "The machine takes the routine ones first."],
    "00:24:13": ["Everyone expected the tellers to vanish.", "Banks opened more branches."],
    "00:31:08": ["The boring work was the training.", "That is where people learned the trade."],
    "00:37:53": ["Then the software went down in a storm,", "and nobody knew how to plan a route."],
    "00:44:28": ["The juniors are faster now.", "I am less sure they understand why code breaks."],
    "01:18:16": ["I would make training portable.", "Carry it from one employer to the next."],
    "01:02:10": ["Yes, it costs you something this quarter.", "Which is why you need the policy."],
    "01:15:45": ["A four-day week works in some sectors,", "not in a hospital on a night shift."],
}


def _cues() -> str:
    out = []
    for start, lines in SAID.items():
        hours, minutes, seconds = (int(part) for part in start.split(":"))
        at = hours * 3600 + minutes * 60 + seconds
        for line in lines:
            begin, end = at, at + 3
            out.append(f"{_clock(begin)} --> {_clock(end)}\n{line}\n")
            at = end
    return "\n".join(out)


def _clock(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.000"


TRANSCRIPT = """WEBVTT

00:50:52.000 --> 00:50:55.500
So who actually loses out? Not the people you'd think.

00:50:55.500 --> 00:50:59.000
The bookkeepers, the clerks, the shift supervisors,

00:50:59.000 --> 00:51:03.000
it is the middle rungs of the ladder that go first.

00:51:03.000 --> 00:51:06.500
The top grows, people who direct the machines,

00:51:06.500 --> 00:51:10.000
and the bottom grows, care work, the jobs you do in person.

00:51:10.000 --> 00:51:13.000
But the rungs in between thin out,

00:51:13.000 --> 00:51:16.000
and that was how people used to climb.
"""


def video_folder() -> Path:
    folder = SCRATCH / "Videos" / "deepcast"
    folder.mkdir(parents=True)
    (folder / f"The Future of Work [{VIDEO}].mkv").write_bytes(b"")
    transcript = TRANSCRIPT.replace("WEBVTT\n", "WEBVTT\n\n" + _cues(), 1)
    (folder / f"The Future of Work [{VIDEO}].en.vtt").write_text(transcript, encoding="utf-8")
    return folder.parent


def spoken_rows(panel: TimestampsPanel) -> int:
    items = (panel.list.topLevelItem(row) for row in range(panel.list.topLevelItemCount()))
    return sum(1 for item in items if item is not None and item.data(0, SpokenRole))


def main() -> int:
    app = _application()
    settings = Settings(QSettings(str(SCRATCH / "shots.ini"), QSettings.Format.IniFormat))
    settings.theme = "light"
    window = create_window(SAMPLE, NOTE, settings=settings)
    window.resize(*SIZE)
    window.show()
    wait(lambda: window.shown is not None and window.shown.key == NOTE)
    wait(lambda: window.session.settled())
    controller = window.links.controller
    window.links.player = dataclasses.replace(
        window.links.player, mode=MPV, video_folders=(str(video_folder()),)
    )
    wait(lambda: controller.has_subtitles(VIDEO))
    settle(1.0)
    panel = window.side_tabs.panel(TimestampsPanel)
    for theme in ("light", "dark"):
        window.set_theme(theme)
        window.open_note(NOTE)
        wait(lambda: window.shown is not None and window.shown.key == NOTE)
        settle(0.8)
        pane = window.note_pane
        top = link_position(pane, CITED).y()  # the citation high up, its preview below it
        pane.verticalScrollBar().setValue(pane.verticalScrollBar().value() + top - 110)
        settle(0.3)
        frame, tip = hover(window, CITED)
        assert "Said in the video" in frame.pane.toPlainText(), frame.pane.toPlainText()
        save(window_image(window, [frame], tip), f"timestamp-subtitles-{theme}.png")
        QTest.mouseMove(pane.viewport(), QPoint(3, 3))
        window.aids.previews.dismiss()

        # The episode, reached from the note (its ticks stand out), with the Timestamps tab:
        # each row's second line is what is said at that second.
        window.side_tabs.setCurrentWidget(panel)
        window.navigator.open(Location(EPISODE_PAGE, VIDEO, origin=NOTE))
        wait(lambda: window.shown is not None and window.shown.kind == EPISODE_PAGE)
        wait(lambda: spoken_rows(panel) >= 3)
        window.statusBar().clearMessage()
        settle(1.0)
        save(window_image(window), f"watching-episode-{theme}.png")
    window.shutdown()
    window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
