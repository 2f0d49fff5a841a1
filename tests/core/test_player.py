"""Player rules without Qt: URL templates, command lines, and their error messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.player_fakes import fake_player, recorded_argv
from viewer.core.player import (
    COMMAND,
    DEFAULT_TEMPLATE,
    MPV,
    PRESETS,
    VLC,
    PlayerConfig,
    PlayerError,
    check,
    check_clip_seconds,
    check_folders,
    checked_seconds,
    checked_video_id,
    open_target,
    player_options,
    player_program,
    player_source,
    preset_of,
    timestamp_command,
    timestamp_url,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="shebang scripts")

VIDEO, SECONDS = "p0Wz_7HnYtE", 4698  # 1:18:18


def test_default_and_presets():
    assert timestamp_url(DEFAULT_TEMPLATE, VIDEO, SECONDS) == (
        "https://www.youtube.com/watch?v=p0Wz_7HnYtE&t=4698s"
    )
    assert timestamp_url(PRESETS["YouTube (no cookies)"], VIDEO, SECONDS) == (
        "https://www.youtube-nocookie.com/embed/p0Wz_7HnYtE?start=4698&autoplay=1"
    )
    assert (
        timestamp_url(PRESETS["youtu.be"], VIDEO, SECONDS) == "https://youtu.be/p0Wz_7HnYtE?t=4698"
    )
    assert preset_of(" https://youtu.be/{id}?t={seconds} ") == "youtu.be"
    assert preset_of("https://example.org/{id}") is None
    assert PlayerConfig().preset() == "YouTube"


def test_custom_template_with_hms_and_a_quoted_id():
    template = "https://invidious.example/watch?v={id}&t={hms}"
    assert timestamp_url(template, VIDEO, SECONDS) == (
        "https://invidious.example/watch?v=p0Wz_7HnYtE&t=01:18:18"
    )
    # An id from a note can add no path, query or fragment of its own.
    assert timestamp_url(template, "a/b?c#d e", 5) == (
        "https://invidious.example/watch?v=a%2Fb%3Fc%23d%20e&t=00:00:05"
    )
    assert timestamp_url("https://h.example/{{literal}}/{id}", "x", 1) == (
        "https://h.example/{literal}/x"
    )


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("", "The URL template is empty."),
        ("https://h.example/{video}", "Unknown placeholder {video} in the URL template"),
        ("https://h.example/{id:>9}", "Unknown placeholder {id:>9}"),
        ("https://h.example/{id!r}", "Unknown placeholder {id!r}"),
        ("https://h.example/{id", "unmatched { or }"),
        ("https://h.example/watch?t={seconds}", "has no {id}"),
        ("ftp://h.example/{id}", "must make a web address with a host"),
        ("javascript:alert('{id}')", "must make a web address with a host"),
        ("https:///{id}", "must make a web address with a host"),
        ("www.youtube.com/watch?v={id}", "must make a web address with a host"),
        ("https://{id}.example/", "must name its host"),
        ("https://h.example/{id} now", "must not contain spaces"),
    ],
)
def test_bad_templates_say_why(template, message):
    with pytest.raises(PlayerError) as error:
        timestamp_url(template, VIDEO, SECONDS)
    assert message in str(error.value)


def test_command_runs_the_fake_program_with_exact_arguments(tmp_path):
    script, record = fake_player(tmp_path)
    argv = timestamp_command(
        f'{script} --start={{seconds}} "--title=At {{hms}}" https://youtu.be/{{id}}',
        VIDEO,
        SECONDS,
    )
    assert argv == [
        str(script),
        "--start=4698",
        "--title=At 01:18:18",
        "https://youtu.be/p0Wz_7HnYtE",
    ]
    subprocess.run(argv, check=True, timeout=60)  # a list: no shell involved
    assert recorded_argv(record) == argv


def test_command_finds_the_program_on_path_and_never_uses_a_shell(tmp_path, monkeypatch):
    script, record = fake_player(tmp_path, "myplayer")
    monkeypatch.setenv("PATH", str(script.parent))
    argv = timestamp_command("myplayer {id}; touch hacked", VIDEO, 5)
    assert argv == [str(script), "p0Wz_7HnYtE;", "touch", "hacked"]
    subprocess.run(argv, check=True, timeout=60, cwd=tmp_path)
    assert recorded_argv(record)[1:] == ["p0Wz_7HnYtE;", "touch", "hacked"]
    assert not (tmp_path / "hacked").exists()


def test_missing_program_has_the_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PlayerError) as error:
        timestamp_command("mpv --start={seconds} https://youtu.be/{id}", VIDEO, SECONDS)
    assert str(error.value) == (
        "Program 'mpv' not found. Install it or change the player in View › Timestamp Player…"
    )
    with pytest.raises(PlayerError, match="Program '/no/such/player' not found"):
        timestamp_command("/no/such/player {id}", VIDEO, SECONDS)
    not_executable = tmp_path / "plain.txt"
    not_executable.write_text("", encoding="utf-8")
    with pytest.raises(PlayerError, match="not found"):
        timestamp_command(f"{not_executable} {{id}}", VIDEO, SECONDS)


@pytest.mark.parametrize(
    ("command", "video", "message"),
    [
        ("", VIDEO, "The player command is empty."),
        ("   ", VIDEO, "The player command is empty."),
        ('player "--title={id}', VIDEO, "unmatched quote"),
        ("player {when}", VIDEO, "Unknown placeholder {when}"),
        ("{id}-player", VIDEO, "program name cannot contain a placeholder"),
        ("player {id}", "-oscript=evil.lua", "would be read as an option"),
        ("player {id}", "", "no videoId"),
    ],
)
def test_bad_commands_say_why(command, video, message):
    with pytest.raises(PlayerError) as error:
        timestamp_command(command, video, SECONDS)
    assert message in str(error.value)


def test_an_id_inside_an_argument_may_start_with_a_dash(tmp_path):
    script, _record = fake_player(tmp_path)
    assert timestamp_command(f"{script} https://youtu.be/{{id}}", "-dashy", 0) == [
        str(script),
        "https://youtu.be/-dashy",
    ]


def test_check_previews_both_modes(tmp_path):
    assert check(PlayerConfig()) == "https://www.youtube.com/watch?v=VIDEO_ID&t=4698s"
    script, _record = fake_player(tmp_path)
    preview = check(PlayerConfig(COMMAND, DEFAULT_TEMPLATE, f"{script} --start={{seconds}}"))
    assert preview == f"{script} --start=4698"
    with pytest.raises(PlayerError, match="Unknown player mode"):
        check(PlayerConfig("telepathy"))


# -- the persistent players' rules -----------------------------------------------------------------


def test_only_youtube_ids_and_integer_seconds_reach_a_player():
    assert checked_video_id("p0Wz_7HnYtE") == "p0Wz_7HnYtE"
    assert checked_video_id("-a_B-c_D9-_") == "-a_B-c_D9-_"
    for bad in ("--script=evil", "p0Wz_7HnYt", "p0Wz_7HnYtE\n", "a b c d e f", "x" * 500):
        with pytest.raises(PlayerError, match="is not a YouTube video id"):
            checked_video_id(bad)
    assert player_source("p0Wz_7HnYtE") == "https://www.youtube.com/watch?v=p0Wz_7HnYtE"
    assert player_source("p0Wz_7HnYtE", "/v/x.mkv") == "/v/x.mkv"
    with pytest.raises(PlayerError):
        player_source("--sub-file=/etc/passwd")
    assert checked_seconds(0) == 0 and checked_seconds(4698) == 4698
    for bad in (-1, 1.5, "30", True, None):
        with pytest.raises(PlayerError, match="Not a time"):
            checked_seconds(bad)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('--title="a', "unmatched quote"),
        ("movie.mkv", "must each start with --"),
        ("-fs", "must each start with --"),
        ("--", "must each start with --"),
        ("--input-ipc-server=/tmp/x", "sets --input-ipc-server itself"),
        ("--idle=no", "sets --idle itself"),
    ],
)
def test_bad_player_options_say_why(text, message):
    with pytest.raises(PlayerError, match=message):
        player_options(text)


def test_player_options_split_like_a_shell():
    assert player_options('--vo=null  "--title=Vault Viewer" --volume=50') == [
        "--vo=null",
        "--title=Vault Viewer",
        "--volume=50",
    ]
    assert player_options("") == []


def test_persistent_modes_check_program_folders_and_clip_length(tmp_path, monkeypatch):
    script, _record = fake_player(tmp_path, "mpv")
    monkeypatch.setenv("PATH", str(script.parent))
    config = PlayerConfig(MPV, mpv_options="--vo=null", video_folders=(str(tmp_path),))
    assert config.persistent and not PlayerConfig().persistent
    preview = check(config)
    assert preview.startswith(f"{script} --vo=null, kept open: each citation seeks it")
    assert player_program(config) == str(script)
    with pytest.raises(PlayerError) as error:
        check(PlayerConfig(VLC))
    assert str(error.value).startswith("VLC is not installed (no program 'vlc').")
    assert "open in the browser" in str(error.value)
    with pytest.raises(PlayerError, match="Video folder not found: "):
        check(PlayerConfig(video_folders=(str(tmp_path / "missing"),)))
    with pytest.raises(PlayerError, match="1 to 3600 seconds"):
        check(PlayerConfig(clip_seconds=0))
    assert check_folders(["  ~  ", ""]) == (str(Path.home()),)
    assert check_clip_seconds(30) == 30


def test_open_target_says_where_a_citation_goes(tmp_path):
    assert open_target(PlayerConfig(), VIDEO, 61) == (
        "https://www.youtube.com/watch?v=p0Wz_7HnYtE&t=61s"
    )
    script, _record = fake_player(tmp_path)
    command = PlayerConfig(COMMAND, command=f"{script} --start={{seconds}} {{id}}")
    assert open_target(command, VIDEO, 61) == f"runs {script} --start=61 p0Wz_7HnYtE"
    assert open_target(PlayerConfig(MPV), VIDEO, 4698) == (
        "mpv at 01:18:18: https://www.youtube.com/watch?v=p0Wz_7HnYtE"
    )
    assert open_target(PlayerConfig(VLC), VIDEO, 5, "/v/a [p0Wz_7HnYtE].mkv") == (
        "VLC at 00:00:05: local copy /v/a [p0Wz_7HnYtE].mkv"
    )
    assert "is not a YouTube video id" in open_target(PlayerConfig(MPV), "--x", 5)
    assert "Unknown placeholder" in open_target(PlayerConfig(template="https://h.x/{v}"), VIDEO, 5)
