"""The window's one owner of the video player: opening citations, Play All, local copies.

Starting mpv takes a few hundred milliseconds (seconds from a cold disk) and every IPC
command may wait for an answer, so none of it runs on the GUI thread: `open` validates, picks
the local copy and returns at once; a worker thread owned here starts the player and sends it
the command, and the outcome comes back by signal. The same object owns the scans of the
video folders (threads too) and the player process itself, and `shutdown` stops all three, so
every child process has exactly one owner that starts it, cancels it and joins it.

Browser and command modes stay on the GUI thread: handing a URL to the desktop, or starting a
detached program, does not wait.
"""

from __future__ import annotations

import collections
import dataclasses
import html
import logging
import threading
import time
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from ..core.media import EMPTY_LIBRARY, LocalCopy, MediaLibrary, scan_media
from ..core.mpv import SEEKED, MpvPlayer
from ..core.player import (
    BROWSER,
    MPV,
    VLC,
    PlayerConfig,
    PlayerError,
    checked_seconds,
    checked_video_id,
    find_program,
    player_options,
    player_program,
    player_source,
)
from ..core.player_process import PlayerUnavailable
from ..core.playlist import Clip, Queue
from ..core.subtitles import Excerpt, SubtitleLibrary
from ..core.timestamps import format_time
from ..core.vlc import VlcPlayer
from .player import open_timestamp

SeekingPlayer = MpvPlayer | VlcPlayer  # a player kept open: seeks, loads, plays clip lists

log = logging.getLogger(__name__)

RESCAN_DELAY_MS = 1000  # a download writes its folder many times: scan once it settles
MAX_WATCHED_FOLDERS = 500

# A job for the worker: a name and what it needs. Jobs run one at a time, in order; a newer
# citation replaces one still waiting (a reader clicking down a timeline wants the last one).
_Job = tuple[str, tuple]


class _Relay(QObject):
    """Carries results from the worker threads to the GUI thread (queued, as it lives there)."""

    message = Signal(str)
    failed = Signal(str, str, int)
    scanned = Signal(object, int)


class PlayerController(QObject):
    """Opens citations the configured way and owns the persistent player.

    Signals (always on the GUI thread):
    - `message(text)`: progress and outcome for the status bar ("Starting mpv…",
      "mpv: 1:18:18").
    - `failed(text, video_id, seconds)`: what went wrong, for people; `video_id` is not empty
      when the citation can still open in the browser (the player is missing or would not
      start), so the window can offer that.
    - `mediaChanged(MediaLibrary)`: a scan of the video folders finished (re-render pages
      that show local copies).
    """

    message = Signal(str)
    failed = Signal(str, str, int)
    mediaChanged = Signal(object)

    def __init__(
        self,
        config: PlayerConfig | None = None,
        parent: QObject | None = None,
        *,
        socket_folder: Path | None = None,
        media_cache: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self._config = config or PlayerConfig()
        self._socket_folder = socket_folder
        self._media_cache = media_cache
        self._relay = _Relay(self)
        self._relay.message.connect(self.message)
        self._relay.failed.connect(self.failed)
        self._relay.scanned.connect(self._scanned)

        # The worker: one thread, started on first use, fed through a condition.
        self._jobs: collections.deque[_Job] = collections.deque()
        self._wake = threading.Condition()
        self._worker: threading.Thread | None = None
        self._stopping = False
        self._player: SeekingPlayer | None = None  # touched by the worker only...
        self._player_key: tuple | None = None
        self._player_lock = threading.Lock()  # ...except to terminate it at shutdown

        # The video folders: scans in threads, the newest result wins.
        self.media: MediaLibrary = EMPTY_LIBRARY
        self.subtitles = SubtitleLibrary()
        self._scan_generation = 0
        self._scans: list[tuple[threading.Thread, threading.Event]] = []
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._folder_changed)
        self._rescan_timer = QTimer(self)
        self._rescan_timer.setSingleShot(True)
        self._rescan_timer.setInterval(RESCAN_DELAY_MS)
        self._rescan_timer.timeout.connect(self.rescan)
        self.rescan()

    # -- configuration ---------------------------------------------------------------------------

    @property
    def config(self) -> PlayerConfig:
        return self._config

    def set_config(self, config: PlayerConfig) -> None:
        """Use `config` from the next citation on. A different player (mode, program or
        options) replaces the running one; other video folders are scanned."""
        folders_changed = config.video_folders != self._config.video_folders
        self._config = config
        if self._worker is not None:  # no worker yet: no player to replace either
            self._submit(("configure", (config,)))
        if folders_changed:
            self.rescan()

    # -- opening ---------------------------------------------------------------------------------

    def open(self, video_id: str, seconds: int) -> None:
        """Open `video_id` at `seconds` the configured way; returns at once. The outcome
        arrives as `message` or `failed`."""
        config = self._config
        if not config.persistent:
            error = open_timestamp(config, video_id, seconds)
            if error:
                self.failed.emit(error, "", seconds)
            else:
                self.message.emit(f"Opening the video at {format_time(seconds)}")
            return
        try:
            seconds = checked_seconds(seconds)
            source = player_source(checked_video_id(video_id), self._local_file(video_id))
        except PlayerError as error:
            self.failed.emit(str(error), "", seconds)
            return
        self._submit(("open", (config, video_id, source, seconds)))

    def open_in_browser(self, video_id: str, seconds: int) -> None:
        """The browser's way, whatever the mode (what the window offers when a player fails)."""
        config = dataclasses.replace(self._config, mode=BROWSER)
        error = open_timestamp(config, video_id, seconds)
        if error:
            self.failed.emit(error, "", seconds)
        else:
            self.message.emit(f"Opening the video at {format_time(seconds)} in the browser")

    def play_queue(self, queue: Queue) -> None:
        """Play every clip of `queue` back to back in the persistent player: mpv as one
        continuous clip list (EDL when all are local copies), VLC as a playlist with start and
        stop per entry. In the browser and command modes, mpv plays it when installed. Local
        copies found since the queue was built are used."""
        if not queue.clips:
            self.failed.emit(f"“{queue.target}” cites no moment of a video.", "", 0)
            return
        config = self._config
        if not config.persistent:
            if find_program(config.mpv_program or "mpv") is None:
                self.failed.emit(
                    "Play All needs mpv or VLC: install one and choose it in "
                    "View › Timestamp Player…",
                    "",
                    0,
                )
                return
            config = dataclasses.replace(config, mode=MPV)
        clips = []
        for clip in queue.clips:
            try:
                checked_video_id(clip.video_id)
            except PlayerError:
                continue  # not a YouTube video: nothing a player may be sent
            local = self._local_file(clip.video_id)
            clips.append(dataclasses.replace(clip, local_file=local or clip.local_file))
        if not clips:
            self.failed.emit(f"No moment of “{queue.target}” is in a YouTube video.", "", 0)
            return
        self._submit(("clips", (config, queue.target, tuple(clips))))

    # -- local copies ----------------------------------------------------------------------------

    def _local_file(self, video_id: str) -> str | None:
        found = self.media.local_file(video_id)
        return str(found) if found is not None else None

    def local_path(self, video_id: str) -> str | None:
        """The local copy a citation of `video_id` would play, if any (for hover texts)."""
        return self._local_file(video_id) if self._config.persistent else None

    def local_copy(self, video_id: str) -> LocalCopy | None:
        """The downloaded copy of `video_id` (file and subtitles) from the latest scan."""
        return self.media.copy_of(video_id)

    def subtitle_excerpt(
        self, video_id: str, seconds: int, before: int = 2, after: int = 4
    ) -> Excerpt | None:
        """The spoken lines around `seconds` from the subtitles beside a local copy (None
        when there are none). Files are parsed once and kept, so a preview can ask often."""
        files = self.media.subtitle_files(video_id)
        return self.subtitles.excerpt(files, seconds, before, after) if files else None

    def rescan(self) -> None:
        """Scan the video folders again in a thread (from the cache when none changed)."""
        self._rescan_timer.stop()
        for _thread, cancel in self._scans:
            cancel.set()
        self._scans = [(t, c) for t, c in self._scans if t.is_alive()]
        if self._stopping:
            return
        self._scan_generation += 1
        folders = self._config.video_folders
        if not folders:
            self._scanned(EMPTY_LIBRARY, self._scan_generation)
            return
        cancel = threading.Event()
        thread = threading.Thread(
            target=self._scan,
            args=(folders, cancel, self._scan_generation),
            name="video-folder-scan",
            daemon=True,
        )
        self._scans.append((thread, cancel))
        thread.start()

    def _scan(self, folders: tuple[str, ...], cancel: threading.Event, generation: int) -> None:
        try:
            library = scan_media(folders, cache_dir=self._media_cache, cancel=cancel)
        except InterruptedError:
            return
        except Exception:  # a scan must never take the app down
            log.exception("scanning the video folders failed")
            return
        self._relay.scanned.emit(library, generation)

    @Slot(object, int)
    def _scanned(self, library: MediaLibrary, generation: int) -> None:
        if generation != self._scan_generation or self._stopping:
            return  # an older scan, or the window is closing
        self.media = library
        watched = self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        folders = [f for f in library.scanned if Path(f).is_dir()]
        if folders:
            self._watcher.addPaths(folders[:MAX_WATCHED_FOLDERS])
        self.mediaChanged.emit(library)

    def _folder_changed(self, _path: str) -> None:
        self._rescan_timer.start()

    # -- the worker ------------------------------------------------------------------------------

    def _submit(self, job: _Job) -> None:
        if self._stopping:
            return
        with self._wake:
            if job[0] == "open":  # the newest citation wins over one still waiting
                kept = [queued for queued in self._jobs if queued[0] != "open"]
                self._jobs = collections.deque(kept)
            self._jobs.append(job)
            self._wake.notify()
        if self._worker is None:
            self._worker = threading.Thread(target=self._work, name="video-player", daemon=True)
            self._worker.start()

    def _work(self) -> None:
        while True:
            with self._wake:
                while not self._jobs and not self._stopping:
                    self._wake.wait()
                if self._stopping:
                    break
                name, arguments = self._jobs.popleft()
            try:
                self._run(name, arguments)
            except Exception:  # the worker must outlive any one job
                log.exception("player job %s failed", name)
                self._relay.failed.emit("The player failed; see the log for details.", "", 0)
        self._close_player()

    def _run(self, name: str, arguments: tuple) -> None:
        if name == "configure":
            (config,) = arguments
            if self._player is not None and _player_key(config) != self._player_key:
                self._close_player()
        elif name == "open":
            self._open_job(*arguments)
        elif name == "clips":
            self._clips_job(*arguments)

    def _open_job(self, config: PlayerConfig, video_id: str, source: str, seconds: int) -> None:
        try:
            player = self._started_player(config)
            outcome = player.open(source, seconds)
        except (PlayerError, PlayerUnavailable) as error:
            # Not installed, bad options, would not start: the browser can stand in.
            self._relay.failed.emit(str(error), video_id, seconds)
            return
        verb = "jumped to" if outcome == SEEKED else "playing from"
        local = "" if source.startswith("https://") else " (local copy)"
        self._relay.message.emit(f"{player.name}: {verb} {format_time(seconds)}{local}")

    def _clips_job(self, config: PlayerConfig, target: str, clips: tuple[Clip, ...]) -> None:
        try:
            player = self._started_player(config)
            player.play_clips(clips)
        except (PlayerError, PlayerUnavailable) as error:
            self._relay.failed.emit(str(error), "", 0)
            return
        self._relay.message.emit(f"{player.name}: playing {len(clips)} cited moments of “{target}”")

    def _started_player(self, config: PlayerConfig) -> SeekingPlayer:
        player = self._player_for(config)
        if not player.running():
            self._relay.message.emit(f"Starting {player.name}…")
        return player

    def _player_for(self, config: PlayerConfig) -> SeekingPlayer:
        """The player `config` asks for, made (not yet started) when it differs from the one
        kept; PlayerError when its program is missing or its options are wrong."""
        key = _player_key(config)
        if self._player is not None and key == self._player_key:
            return self._player
        self._close_player()
        program = player_program(config)
        player: SeekingPlayer
        if config.mode == VLC:
            player = VlcPlayer(program, remote=config.vlc_remote, folder=self._socket_folder)
        else:
            options = player_options(config.mpv_options)
            player = MpvPlayer(program, options, folder=self._socket_folder)
        with self._player_lock:
            self._player, self._player_key = player, key
        return player

    def _close_player(self) -> None:
        with self._player_lock:
            player, self._player, self._player_key = self._player, None, None
        if player is not None:
            player.shutdown()

    # -- teardown --------------------------------------------------------------------------------

    def player_pid(self) -> int | None:
        """The process id of the running player this controller started (None when none)."""
        player = self._player
        return player.pid if player is not None else None

    def shutdown(self, timeout_ms: int = 3000) -> bool:
        """Stop everything this controller started: the worker thread (after the job it is
        in), the player process (asked to quit, then terminated) and the folder scans. True
        when all of it stopped within `timeout_ms`; a player that will not quit is killed."""
        deadline = time.monotonic() + timeout_ms / 1000
        self._stopping = True
        self._rescan_timer.stop()
        watched = self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)
        with self._wake:
            self._jobs.clear()
            self._wake.notify_all()
        stopped = True
        worker = self._worker
        if worker is not None:
            worker.join(max(0.0, deadline - time.monotonic() - 0.5))
            if worker.is_alive():
                # Stuck waiting for the player (starting, or not answering): end the player,
                # which ends the wait, then give the worker its last moments.
                with self._player_lock:
                    player = self._player
                if player is not None:
                    player.terminate(timeout=0.5)
                worker.join(max(0.1, deadline - time.monotonic()))
            stopped = not worker.is_alive()
        for _thread, cancel in self._scans:
            cancel.set()
        for thread, _cancel in self._scans:
            thread.join(max(0.0, deadline - time.monotonic()))
            stopped = stopped and not thread.is_alive()
        self._scans = []
        return stopped


def excerpt_html(excerpt: Excerpt, heading: str = "") -> str:
    """Spoken lines as rich text for a tooltip or preview (the timestamp's hover, a row of the
    Timestamps panel): each line after its time, the one said at the cited second in bold.
    Subtitle files are untrusted: every line is escaped."""
    rows = []
    for index, line in enumerate(excerpt.lines):
        text = html.escape(line.text)
        if index == excerpt.current:
            text = f"<b>{text}</b>"
        rows.append(
            f'<tr><td style="color: gray">{html.escape(line.label)}&nbsp;</td><td>{text}</td></tr>'
        )
    head = f"<p>{html.escape(heading)}</p>" if heading else ""
    return f'<qt>{head}<table cellspacing="0" cellpadding="1">{"".join(rows)}</table></qt>'


def _player_key(config: PlayerConfig) -> tuple:
    if config.mode == VLC:
        return (VLC, config.vlc_program, config.vlc_remote)
    return (MPV, config.mpv_program, config.mpv_options)
