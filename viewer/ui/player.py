"""Opening timestamps the reader's way: settings, the opener, and the player dialog.

The rules (placeholders, validation, argument lists) live in the Qt-free `core.player`; this
module stores the choice in Settings, hands URLs to the desktop and commands to QProcess
(detached, never through a shell), and lets the reader choose with live feedback. The
persistent players (mpv, VLC) are driven by `player_controller.PlayerController`.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QProcess, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.player import (
    BROWSER,
    COMMAND,
    DEFAULT_CLIP_SECONDS,
    DEFAULT_COMMAND,
    DEFAULT_TEMPLATE,
    MAX_CLIP_SECONDS,
    MODES,
    MPV,
    PRESETS,
    SAMPLE_SECONDS,
    VLC,
    PlayerConfig,
    PlayerError,
    check,
    preset_of,
    timestamp_command,
    timestamp_url,
)
from ..core.timestamps import format_time
from .settings import Settings

MODE_KEY, TEMPLATE_KEY, COMMAND_KEY = "player/mode", "player/template", "player/command"
MPV_KEY, MPV_OPTIONS_KEY = "player/mpv", "player/mpvOptions"
VLC_KEY, VLC_REMOTE_KEY = "player/vlc", "player/vlcRemote"
FOLDERS_KEY, CLIP_KEY = "player/videoFolders", "player/clipSeconds"
CUSTOM = "Custom"


def _text(settings: Settings, key: str, default: str) -> str:
    value = settings.value(key, default)
    return value if isinstance(value, str) else default


def _folders(settings: Settings) -> tuple[str, ...]:
    """Video folders, stored as a JSON list (an INI file would turn one folder into a string)."""
    try:
        folders = json.loads(_text(settings, FOLDERS_KEY, "[]"))
    except ValueError:
        return ()
    if not isinstance(folders, list):
        return ()
    return tuple(folder for folder in folders if isinstance(folder, str) and folder.strip())


def _clip_seconds(settings: Settings) -> int:
    try:
        seconds = int(str(settings.value(CLIP_KEY, DEFAULT_CLIP_SECONDS)))
    except ValueError:
        return DEFAULT_CLIP_SECONDS
    return seconds if 0 < seconds <= MAX_CLIP_SECONDS else DEFAULT_CLIP_SECONDS


def load_player(settings: Settings) -> PlayerConfig:
    """The saved choice; anything missing or unknown falls back to YouTube in the browser."""
    mode = str(settings.value(MODE_KEY, BROWSER) or BROWSER)
    template = str(settings.value(TEMPLATE_KEY, DEFAULT_TEMPLATE) or DEFAULT_TEMPLATE)
    command = str(settings.value(COMMAND_KEY, "") or "")
    remote = str(settings.value(VLC_REMOTE_KEY, "true")).lower() not in ("false", "0", "no")
    return PlayerConfig(
        mode if mode in MODES else BROWSER,
        template,
        command,
        mpv_program=_text(settings, MPV_KEY, "mpv") or "mpv",
        mpv_options=_text(settings, MPV_OPTIONS_KEY, ""),
        vlc_program=_text(settings, VLC_KEY, "vlc") or "vlc",
        vlc_remote=remote,
        video_folders=_folders(settings),
        clip_seconds=_clip_seconds(settings),
    )


def save_player(settings: Settings, config: PlayerConfig) -> None:
    settings.set_value(MODE_KEY, config.mode)
    settings.set_value(TEMPLATE_KEY, config.template)
    settings.set_value(COMMAND_KEY, config.command)
    settings.set_value(MPV_KEY, config.mpv_program)
    settings.set_value(MPV_OPTIONS_KEY, config.mpv_options)
    settings.set_value(VLC_KEY, config.vlc_program)
    settings.set_value(VLC_REMOTE_KEY, "true" if config.vlc_remote else "false")
    settings.set_value(FOLDERS_KEY, json.dumps(list(config.video_folders)))
    settings.set_value(CLIP_KEY, str(config.clip_seconds))


def open_timestamp(config: PlayerConfig, video_id: str, seconds: int) -> str | None:
    """Open `video_id` at `seconds` as configured: None when it was handed over, else a
    message for the reader (a bad template, a missing program, no browser)."""
    try:
        if config.mode == COMMAND:
            program, *arguments = timestamp_command(config.command, video_id, seconds)
            started, _pid = QProcess.startDetached(program, arguments)
            if not started:
                return f"Could not start {program}. Check the player in View › Timestamp Player…"
            return None
        url = timestamp_url(config.template, video_id, seconds)
    except PlayerError as error:
        return str(error)
    if not QDesktopServices.openUrl(QUrl(url)):
        return f"No browser could open {url}"
    return None


class PlayerDialog(QDialog):
    """Choose how timestamps open: the browser, a program per citation, or one mpv or VLC
    window kept open; plus the folders of downloaded videos and Play All's clip length.
    OK stays disabled while the choice cannot work, and a line under the fields says what a
    timestamp at 1:18:18 would open, or what is wrong."""

    def __init__(self, config: PlayerConfig | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        config = config or PlayerConfig()
        self.setObjectName("playerDialog")
        self.setWindowTitle("Timestamp Player")
        self.setAccessibleName("Timestamp player settings")

        self.browser_mode = QRadioButton("Open in the &web browser", self)
        self.browser_mode.setObjectName("playerModeBrowser")
        self.command_mode = QRadioButton("Run a &program for each citation", self)
        self.command_mode.setObjectName("playerModeCommand")
        self.mpv_mode = QRadioButton("&mpv (one window, seeks)", self)
        self.mpv_mode.setObjectName("playerModeMpv")
        self.vlc_mode = QRadioButton("V&LC (one window, remote control)", self)
        self.vlc_mode.setObjectName("playerModeVlc")
        self._modes = QButtonGroup(self)
        for button in (self.browser_mode, self.command_mode, self.mpv_mode, self.vlc_mode):
            self._modes.addButton(button)

        self.preset = QComboBox(self)
        self.preset.setObjectName("playerPreset")
        self.preset.addItems([*PRESETS, CUSTOM])
        self.preset.setAccessibleName("Site")
        self.template = QLineEdit(config.template, self)
        self.template.setObjectName("playerTemplate")
        self.template.setAccessibleName("URL template")
        self.template.setPlaceholderText(DEFAULT_TEMPLATE)
        self.command = QLineEdit(config.command, self)
        self.command.setObjectName("playerCommand")
        self.command.setAccessibleName("Player command")
        self.command.setPlaceholderText(DEFAULT_COMMAND)
        self.command.setToolTip("Run without a shell: quote arguments that contain spaces.")
        self.mpv_program = QLineEdit(config.mpv_program, self)
        self.mpv_program.setObjectName("playerMpvProgram")
        self.mpv_program.setAccessibleName("mpv program")
        self.mpv_program.setPlaceholderText("mpv")
        self.mpv_options = QLineEdit(config.mpv_options, self)
        self.mpv_options.setObjectName("playerMpvOptions")
        self.mpv_options.setAccessibleName("mpv options")
        self.mpv_options.setPlaceholderText("--volume=70 --fs")
        self.mpv_options.setToolTip("Extra --options for mpv, e.g. --volume=70 --fs")
        self.vlc_program = QLineEdit(config.vlc_program, self)
        self.vlc_program.setObjectName("playerVlcProgram")
        self.vlc_program.setAccessibleName("VLC program")
        self.vlc_program.setPlaceholderText("vlc")
        self.vlc_remote = QCheckBox("Use VLC's remote &control (else restart it at each time)")
        self.vlc_remote.setObjectName("playerVlcRemote")
        self.vlc_remote.setChecked(config.vlc_remote)

        self.folders = QListWidget(self)
        self.folders.setObjectName("playerVideoFolders")
        self.folders.setAccessibleName("Video folders")
        self.folders.setToolTip(
            "Folders of downloaded videos named like “Title [ID].mp4” or “ID.mkv”; "
            "sub-folders are searched too."
        )
        self.folders.addItems(list(config.video_folders))
        self.folders.setMaximumHeight(90)
        self.add_folder_button = QPushButton("&Add Folder…", self)
        self.add_folder_button.setObjectName("playerAddFolder")
        self.remove_folder_button = QPushButton("&Remove", self)
        self.remove_folder_button.setObjectName("playerRemoveFolder")
        self.clip_seconds = QSpinBox(self)
        self.clip_seconds.setObjectName("playerClipSeconds")
        self.clip_seconds.setAccessibleName("Clip length for Play All Citations")
        self.clip_seconds.setRange(1, MAX_CLIP_SECONDS)
        self.clip_seconds.setSuffix(" s")
        self.clip_seconds.setValue(config.clip_seconds)

        placeholders = QLabel(
            "Placeholders: <b>{id}</b> the video id, <b>{seconds}</b> seconds from the start, "
            "<b>{hms}</b> the time as 01:18:18.",
            self,
        )
        placeholders.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("playerMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # a template may hold "<"
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.browser_mode)
        layout.addLayout(_indented(("&Site:", self.preset), ("&URL template:", self.template)))
        layout.addWidget(self.command_mode)
        layout.addLayout(_indented(("&Command:", self.command)))
        layout.addWidget(placeholders)
        layout.addSpacing(6)
        layout.addWidget(self.mpv_mode)
        layout.addLayout(
            _indented(("Pro&gram:", self.mpv_program), ("&Options:", self.mpv_options))
        )
        layout.addWidget(self.vlc_mode)
        layout.addLayout(_indented(("Progr&am:", self.vlc_program), ("", self.vlc_remote)))
        layout.addSpacing(6)
        folder_buttons = QVBoxLayout()
        folder_buttons.addWidget(self.add_folder_button)
        folder_buttons.addWidget(self.remove_folder_button)
        folder_buttons.addStretch(1)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folders, 1)
        folder_row.addLayout(folder_buttons)
        local = QFormLayout()
        folders_label = QLabel("Video &folders:", self)
        folders_label.setBuddy(self.folders)  # a layout row gets no buddy of its own
        local.addRow(folders_label, folder_row)
        local.addRow("Play All c&lips:", self.clip_seconds)
        layout.addLayout(local)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(600)

        checked = {
            COMMAND: self.command_mode,
            MPV: self.mpv_mode,
            VLC: self.vlc_mode,
        }.get(config.mode, self.browser_mode)
        checked.setChecked(True)
        self._sync_preset(self.template.text())
        self._modes.buttonToggled.connect(lambda _button, _on: self._validate())
        self.preset.currentTextChanged.connect(self._preset_chosen)
        self.template.textChanged.connect(self._template_edited)
        for field in (self.command, self.mpv_program, self.mpv_options, self.vlc_program):
            field.textChanged.connect(self._validate)
        self.vlc_remote.toggled.connect(self._validate)
        self.clip_seconds.valueChanged.connect(self._validate)
        self.add_folder_button.clicked.connect(self._choose_folder)
        self.remove_folder_button.clicked.connect(self.remove_selected_folder)
        self._validate()

    # -- state -------------------------------------------------------------------------------

    def mode(self) -> str:
        for mode, button in (
            (COMMAND, self.command_mode),
            (MPV, self.mpv_mode),
            (VLC, self.vlc_mode),
        ):
            if button.isChecked():
                return mode
        return BROWSER

    def video_folders(self) -> tuple[str, ...]:
        return tuple(self.folders.item(row).text() for row in range(self.folders.count()))

    def config(self) -> PlayerConfig:
        return PlayerConfig(
            self.mode(),
            self.template.text().strip(),
            self.command.text().strip(),
            mpv_program=self.mpv_program.text().strip() or "mpv",
            mpv_options=self.mpv_options.text().strip(),
            vlc_program=self.vlc_program.text().strip() or "vlc",
            vlc_remote=self.vlc_remote.isChecked(),
            video_folders=self.video_folders(),
            clip_seconds=self.clip_seconds.value(),
        )

    def is_valid(self) -> bool:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()

    def add_folder(self, folder: str) -> None:
        """Add a video folder (what Add Folder… does with the folder chosen)."""
        folder = folder.strip()
        if folder and folder not in self.video_folders():
            self.folders.addItem(folder)
            self.folders.setCurrentRow(self.folders.count() - 1)
        self._validate()

    def remove_selected_folder(self) -> None:
        row = self.folders.currentRow()
        if row >= 0:
            self.folders.takeItem(row)
        self._validate()

    # -- reactions ---------------------------------------------------------------------------

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder of Downloaded Videos")
        if folder:
            self.add_folder(folder)

    def _preset_chosen(self, name: str) -> None:
        if name in PRESETS and self.template.text().strip() != PRESETS[name]:
            self.template.setText(PRESETS[name])
        elif name == CUSTOM:
            self.template.setFocus()
            self.template.selectAll()

    def _template_edited(self, text: str) -> None:
        self._sync_preset(text)
        self._validate()

    def _sync_preset(self, template: str) -> None:
        self.preset.blockSignals(True)
        self.preset.setCurrentText(preset_of(template) or CUSTOM)
        self.preset.blockSignals(False)

    def _validate(self) -> None:
        mode = self.mode()
        for widget, on in (
            (self.preset, mode == BROWSER),
            (self.template, mode == BROWSER),
            (self.command, mode == COMMAND),
            (self.mpv_program, mode == MPV),
            (self.mpv_options, mode == MPV),
            (self.vlc_program, mode == VLC),
            (self.vlc_remote, mode == VLC),
        ):
            widget.setEnabled(on)
        self.remove_folder_button.setEnabled(self.folders.count() > 0)
        when = format_time(SAMPLE_SECONDS)
        config = self.config()
        try:
            target = check(config)
        except PlayerError as error:
            valid, text = False, f"⚠ {error}"
        else:
            valid = True
            verb = {BROWSER: "Opens", COMMAND: "Runs"}.get(mode, "Plays in")
            text = f"✓ {verb} {target}  (a citation at {when})"
            if config.video_folders and not config.persistent:
                text += "\nLocal copies play in the mpv and VLC modes; here they are only named."
        self.message.setText(text)
        self.message.setProperty("valid", valid)
        self.message.setAccessibleDescription(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(valid)


def _indented(*rows: tuple[str, QWidget]) -> QFormLayout:
    """A form set in under its radio button, as the options of that choice."""
    form = QFormLayout()
    form.setContentsMargins(24, 0, 0, 0)
    for label, widget in rows:
        form.addRow(label, widget)
    return form
