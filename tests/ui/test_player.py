"""The player on the Qt side: settings, opening (browser or program), the dialog."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.player_fakes import fake_player, recorded_argv
from viewer.core.player import (
    BROWSER,
    COMMAND,
    DEFAULT_TEMPLATE,
    MPV,
    PRESETS,
    VLC,
    PlayerConfig,
)
from viewer.ui.player import PlayerDialog, load_player, open_timestamp, save_player

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="shebang scripts")

VIDEO = "p0Wz_7HnYtE"
MISSING = (
    "Program 'nosuchplayer' not found. Install it or change the player in View › Timestamp Player…"
)


# -- settings and opening -------------------------------------------------------------------------


def test_settings_round_trip_and_defaults(settings):
    assert load_player(settings) == PlayerConfig(BROWSER, DEFAULT_TEMPLATE, "")
    config = PlayerConfig(COMMAND, PRESETS["youtu.be"], "mpv --start={seconds} {id}")
    save_player(settings, config)
    settings.sync()
    assert settings.value("player/mode") == COMMAND
    assert load_player(settings) == config
    settings.set_value("player/mode", "telepathy")
    assert load_player(settings).mode == BROWSER


def test_browser_mode_opens_the_template_url(browser):
    assert open_timestamp(PlayerConfig(), VIDEO, 4698) is None
    nocookie = PlayerConfig(BROWSER, PRESETS["YouTube (no cookies)"])
    assert open_timestamp(nocookie, VIDEO, 61) is None
    assert browser.urls == [
        "https://www.youtube.com/watch?v=p0Wz_7HnYtE&t=4698s",
        "https://www.youtube-nocookie.com/embed/p0Wz_7HnYtE?start=61&autoplay=1",
    ]


def test_bad_template_is_a_message_and_opens_nothing(browser):
    message = open_timestamp(PlayerConfig(BROWSER, "https://h.example/{vid}"), VIDEO, 1)
    assert message.startswith("Unknown placeholder {vid} in the URL template")
    assert browser.urls == []


def test_command_mode_starts_the_program_with_exact_arguments(qtbot, tmp_path):
    script, record = fake_player(tmp_path)
    config = PlayerConfig(COMMAND, command=f"{script} --start={{seconds}} https://youtu.be/{{id}}")
    assert open_timestamp(config, VIDEO, 4698) is None
    qtbot.waitUntil(record.exists, timeout=15_000)
    assert recorded_argv(record) == [str(script), "--start=4698", "https://youtu.be/p0Wz_7HnYtE"]


def test_missing_program_is_the_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    config = PlayerConfig(COMMAND, command="nosuchplayer {id}")
    assert open_timestamp(config, VIDEO, 5) == MISSING


# -- the dialog ----------------------------------------------------------------------------------


@pytest.fixture
def dialog(qtbot):
    def make(config: PlayerConfig | None = None) -> PlayerDialog:
        widget = PlayerDialog(config)
        qtbot.addWidget(widget)
        widget.show()
        qtbot.waitExposed(widget)
        return widget

    return make


def ok_button(dialog: PlayerDialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def retype(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def test_dialog_defaults_to_youtube_in_the_browser(dialog):
    d = dialog()
    assert d.objectName() == "playerDialog"
    assert d.browser_mode.isChecked()
    assert d.preset.currentText() == "YouTube"
    assert d.is_valid() and ok_button(d).isEnabled()
    assert d.message.text().startswith("✓ Opens https://www.youtube.com/watch?v=VIDEO_ID&t=4698s")
    assert not d.command.isEnabled()


def test_dialog_presets_fill_the_template_and_edits_make_it_custom(qtbot, dialog):
    d = dialog()
    d.preset.setCurrentText("youtu.be")
    assert d.template.text() == PRESETS["youtu.be"]
    assert d.config() == PlayerConfig(BROWSER, PRESETS["youtu.be"], "")
    retype(qtbot, d.template, "https://inv.example/watch?v={id}&t={hms}")
    assert d.preset.currentText() == "Custom"
    assert d.is_valid()
    assert "https://inv.example/watch?v=VIDEO_ID&t=01:18:18" in d.message.text()
    retype(qtbot, d.template, PRESETS["YouTube (no cookies)"])
    assert d.preset.currentText() == "YouTube (no cookies)"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("https://inv.example/watch?v={video}", "Unknown placeholder {video}"),
        ("inv.example/{id}", "must make a web address with a host"),
        ("https://inv.example/{id", "unmatched"),
        ("", "The URL template is empty."),
    ],
)
def test_dialog_disables_ok_while_the_template_is_invalid(qtbot, dialog, template, message):
    d = dialog()
    retype(qtbot, d.template, template)
    assert not d.is_valid()
    assert message in d.message.text()
    assert d.message.text().startswith("⚠")
    retype(qtbot, d.template, DEFAULT_TEMPLATE)
    assert d.is_valid()


def test_dialog_command_mode_validates_the_program(qtbot, dialog, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    script, _record = fake_player(tmp_path)
    d = dialog()
    # On the indicator: a radio button takes clicks on its circle and label only.
    indicator = QPoint(8, d.command_mode.height() // 2)
    qtbot.mouseClick(d.command_mode, Qt.MouseButton.LeftButton, pos=indicator)
    assert d.command_mode.isChecked()
    assert d.command.isEnabled() and not d.template.isEnabled()
    assert not d.is_valid()
    assert "The player command is empty." in d.message.text()
    retype(qtbot, d.command, "nosuchplayer --start={seconds} https://youtu.be/{id}")
    assert not d.is_valid()
    assert MISSING in d.message.text()
    retype(qtbot, d.command, "fakeplayer --start={seconds} https://youtu.be/{id}")
    assert d.is_valid()
    assert d.message.text().startswith(f"✓ Runs {script} --start=4698 https://youtu.be/VIDEO_ID")
    assert d.config() == PlayerConfig(
        COMMAND, DEFAULT_TEMPLATE, "fakeplayer --start={seconds} https://youtu.be/{id}"
    )
    with qtbot.waitSignal(d.accepted, timeout=1000):
        qtbot.mouseClick(ok_button(d), Qt.MouseButton.LeftButton)


def test_dialog_opens_on_the_saved_choice(dialog, tmp_path):
    script, _record = fake_player(tmp_path)
    d = dialog(PlayerConfig(COMMAND, "https://inv.example/{id}", f"{script} {{id}}"))
    assert d.command_mode.isChecked()
    assert d.preset.currentText() == "Custom"
    assert d.template.text() == "https://inv.example/{id}"
    assert d.is_valid()


# -- the persistent players, local copies and Play All ------------------------------------------


def test_new_settings_round_trip(settings, tmp_path):
    config = PlayerConfig(
        MPV,
        mpv_program="/opt/mpv/bin/mpv",
        mpv_options="--volume=70 --fs",
        vlc_program="cvlc",
        vlc_remote=False,
        video_folders=(str(tmp_path),),  # one folder: stored so it stays a list
        clip_seconds=45,
    )
    save_player(settings, config)
    settings.sync()
    assert load_player(settings) == config
    settings.set_value("player/videoFolders", "not json")
    settings.set_value("player/clipSeconds", "-3")
    settings.set_value("player/vlcRemote", "true")
    loaded = load_player(settings)
    assert (loaded.video_folders, loaded.clip_seconds, loaded.vlc_remote) == ((), 30, True)


def test_dialog_mpv_mode_checks_program_and_options(qtbot, dialog, tmp_path, monkeypatch):
    script, _record = fake_player(tmp_path, "mpv")
    monkeypatch.setenv("PATH", str(script.parent))
    d = dialog()
    d.mpv_mode.setChecked(True)
    assert d.mpv_program.isEnabled() and not d.template.isEnabled() and not d.command.isEnabled()
    assert d.is_valid()
    assert d.message.text() == (
        f"✓ Plays in {script}, kept open: each citation seeks it  (a citation at 1:18:18)"
    )
    retype(qtbot, d.mpv_options, "--volume=70 film.mkv")
    assert not d.is_valid()
    assert "must each start with --, not 'film.mkv'" in d.message.text()
    retype(qtbot, d.mpv_options, "--volume=70")
    assert d.is_valid()
    retype(qtbot, d.mpv_program, "mpv-missing")
    assert not d.is_valid()
    assert d.message.text().startswith("⚠ mpv is not installed (no program 'mpv-missing').")
    retype(qtbot, d.mpv_program, "mpv")
    assert d.config() == PlayerConfig(MPV, DEFAULT_TEMPLATE, "", mpv_options="--volume=70")


def test_dialog_vlc_mode_and_its_remote_control(qtbot, dialog, tmp_path, monkeypatch):
    script, _record = fake_player(tmp_path, "vlc")
    monkeypatch.setenv("PATH", str(script.parent))
    d = dialog(PlayerConfig(VLC))
    assert d.vlc_mode.isChecked() and d.vlc_remote.isChecked() and d.vlc_remote.isEnabled()
    assert d.message.text().startswith(f"✓ Plays in {script} (remote control)")
    d.vlc_remote.setChecked(False)
    assert "(restarted at each citation)" in d.message.text()
    assert d.config().vlc_remote is False and d.config().mode == VLC


def test_dialog_video_folders_and_clip_length(qtbot, dialog, tmp_path):
    d = dialog()
    assert not d.remove_folder_button.isEnabled()
    d.add_folder(str(tmp_path))
    d.add_folder(str(tmp_path))  # once only
    assert d.video_folders() == (str(tmp_path),)
    assert d.is_valid()
    assert "Local copies play in the mpv and VLC modes" in d.message.text()
    d.add_folder(str(tmp_path / "gone"))
    assert not d.is_valid()
    assert f"Video folder not found: {tmp_path / 'gone'}" in d.message.text()
    d.remove_selected_folder()
    assert d.is_valid() and d.video_folders() == (str(tmp_path),)
    d.clip_seconds.setValue(12)
    assert d.config().clip_seconds == 12
    d.clip_seconds.setValue(99_999)  # the spin box keeps it in range
    assert d.config().clip_seconds == 3600
