"""Opening timestamps the reader's way: settings, the opener, and the player dialog.

The rules (placeholders, validation, argument lists) live in the Qt-free `core.player`; this
module stores the choice in Settings, hands URLs to the desktop and commands to QProcess
(detached, never through a shell), and lets the reader choose with live feedback.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QProcess, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
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
    PRESETS,
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
                return f"Could not start {program}. Check the player in Settings."
            return None
        url = timestamp_url(config.template, video_id, seconds)
    except PlayerError as error:
        return str(error)
    if not QDesktopServices.openUrl(QUrl(url)):
        return f"No browser could open {url}"
    return None


class PlayerDialog(QDialog):
    """Choose how timestamps open. OK stays disabled while the choice cannot work, and a line
    under the fields says what a timestamp at 1:18:18 would open, or what is wrong."""

    def __init__(self, config: PlayerConfig | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        config = config or PlayerConfig()
        self.setObjectName("playerDialog")
        self.setWindowTitle("Timestamp Player")
        self.setAccessibleName("Timestamp player settings")

        self.browser_mode = QRadioButton("Open in the &web browser", self)
        self.browser_mode.setObjectName("playerModeBrowser")
        self.command_mode = QRadioButton("Run a &program", self)
        self.command_mode.setObjectName("playerModeCommand")
        self._modes = QButtonGroup(self)
        self._modes.addButton(self.browser_mode)
        self._modes.addButton(self.command_mode)

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

        browser_form = QFormLayout()
        browser_form.setContentsMargins(24, 0, 0, 0)
        browser_form.addRow("&Site:", self.preset)
        browser_form.addRow("&URL template:", self.template)
        command_form = QFormLayout()
        command_form.setContentsMargins(24, 0, 0, 0)
        command_form.addRow("&Command:", self.command)
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
        layout.addLayout(browser_form)
        layout.addSpacing(6)
        layout.addWidget(self.command_mode)
        layout.addLayout(command_form)
        layout.addSpacing(6)
        layout.addWidget(placeholders)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

        (self.command_mode if config.mode == COMMAND else self.browser_mode).setChecked(True)
        self._sync_preset(self.template.text())
        self.browser_mode.toggled.connect(self._validate)
        self.preset.currentTextChanged.connect(self._preset_chosen)
        self.template.textChanged.connect(self._template_edited)
        self.command.textChanged.connect(self._validate)
        self._validate()

    # -- state -------------------------------------------------------------------------------

    def config(self) -> PlayerConfig:
        mode = COMMAND if self.command_mode.isChecked() else BROWSER
        return PlayerConfig(mode, self.template.text().strip(), self.command.text().strip())

    def is_valid(self) -> bool:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()

    # -- reactions ---------------------------------------------------------------------------

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
        browser = self.browser_mode.isChecked()
        self.preset.setEnabled(browser)
        self.template.setEnabled(browser)
        self.command.setEnabled(not browser)
        when = format_time(4698)
        try:
            target = check(self.config())
        except PlayerError as error:
            valid, text = False, f"⚠ {error}"
        else:
            valid = True
            verb = "Runs" if not browser else "Opens"
            text = f"✓ {verb} {target}  (a citation at {when})"
        self.message.setText(text)
        self.message.setProperty("valid", valid)
        self.message.setAccessibleDescription(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(valid)
