"""Local copies: ids read from downloaders' file names, the scan, and its cache."""

from __future__ import annotations

import os
import threading

import pytest

from viewer.core.media import (
    EMPTY_LIBRARY,
    cache_file,
    is_video_id,
    media_id,
    scan_media,
    subtitle_id,
)

DASHY = "-a_B-c_D9-_"  # ids may start with and contain - and _


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Tomas Reyes on Work [p0Wz_7HnYtE].mp4", "p0Wz_7HnYtE"),
        ("p0Wz_7HnYtE.mkv", "p0Wz_7HnYtE"),
        (f"Episode [{DASHY}].webm", DASHY),
        (f"{DASHY}.M4A", DASHY),
        ("Audio only [Yt9eD4wQuXc].opus", "Yt9eD4wQuXc"),
        ("Old [x] brackets [Yt9eD4wQuXc].mp3", "Yt9eD4wQuXc"),
        ("[Yt9eD4wQuXc].mp4", "Yt9eD4wQuXc"),
        # Not a downloaded episode:
        ("Title [p0Wz_7HnYt].mp4", None),  # ten characters
        ("Title [p0Wz_7HnYtEE].mp4", None),  # twelve
        ("Title [p0Wz 7HnYtE].mp4", None),  # a space is not in the alphabet
        ("Title [p0Wz_7HnYtE].mp4.part", None),  # still downloading
        ("Title [p0Wz_7HnYtE].f137.mp4", None),  # one stream of an unmerged download
        ("Title [p0Wz_7HnYtE].txt", None),
        ("Title p0Wz_7HnYtE.mp4", None),  # an id must be the whole stem or bracketed
        ("p0Wz_7HnYtE", None),
        (".mp4", None),
    ],
)
def test_media_id_from_file_names(name, expected):
    assert media_id(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Title [p0Wz_7HnYtE].en.vtt", ("p0Wz_7HnYtE", "en")),
        ("Title [p0Wz_7HnYtE].vtt", ("p0Wz_7HnYtE", "")),
        (f"{DASHY}.srt", (DASHY, "")),
        (f"{DASHY}.en-US.srt", (DASHY, "en-US")),
        ("Title [p0Wz_7HnYtE].live_chat.json", None),
        ("Title [p0Wz_7HnYtE].en.txt", None),
        ("Title [p0Wz_7HnYtE].a.b.vtt", None),  # two tags: not a name yt-dlp writes
        ("Title.en.vtt", None),
    ],
)
def test_subtitle_id_from_file_names(name, expected):
    assert subtitle_id(name) == expected


def test_is_video_id():
    assert is_video_id("p0Wz_7HnYtE") and is_video_id(DASHY)
    assert not is_video_id("p0Wz_7HnYt") and not is_video_id("p0Wz_7HnYt€")
    assert not is_video_id("") and not is_video_id("../../etc/x")


def touch(path, text=""):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_scan_finds_videos_and_subtitles_in_sub_folders(tmp_path):
    videos = tmp_path / "videos"
    mp4 = touch(videos / "deepcast" / "Future of Work [p0Wz_7HnYtE].mp4")
    touch(videos / "deepcast" / "Future of Work [p0Wz_7HnYtE].m4a")  # audio: second choice
    english = touch(videos / "deepcast" / "Future of Work [p0Wz_7HnYtE].en.vtt")
    german = touch(videos / "deepcast" / "Future of Work [p0Wz_7HnYtE].de.vtt")
    plain = touch(videos / "deepcast" / "p0Wz_7HnYtE.srt")
    dashy = touch(videos / "other" / f"{DASHY}.opus")
    touch(videos / ".hidden" / "Yt9eD4wQuXc.mp4")  # hidden folders are skipped
    touch(videos / "notes.txt")
    library = scan_media([str(videos)], cache_dir=tmp_path / "cache")
    assert library.videos == {"p0Wz_7HnYtE": mp4, DASHY: dashy}
    assert library.local_file("p0Wz_7HnYtE") == mp4
    assert library.subtitle_files("p0Wz_7HnYtE") == (plain, english, german)
    copy = library.copy_of(DASHY)
    assert copy is not None and copy.path == dashy and copy.subtitles == ()
    assert library.copy_of("Yt9eD4wQuXc") is None
    assert len(library) == 2 and library.notes == ()


def test_scan_of_several_folders_and_a_missing_one(tmp_path):
    first = touch(tmp_path / "a" / "p0Wz_7HnYtE.mp4")
    second = touch(tmp_path / "b" / "Yt9eD4wQuXc.webm")
    library = scan_media(
        [str(tmp_path / "a"), f"  {tmp_path / 'b'}  ", str(tmp_path / "missing"), ""],
        cache_dir=tmp_path / "cache",
    )
    assert library.videos == {"p0Wz_7HnYtE": first, "Yt9eD4wQuXc": second}
    assert library.notes == (f"Not a folder: {tmp_path / 'missing'}",)
    assert scan_media([], cache_dir=tmp_path / "cache") is EMPTY_LIBRARY


def test_cache_is_reused_until_a_folder_changes(tmp_path):
    videos = tmp_path / "videos"
    touch(videos / "sub" / "p0Wz_7HnYtE.mp4")
    cache = tmp_path / "cache"
    first = scan_media([str(videos)], cache_dir=cache)
    stored = cache_file((str(videos),), cache)
    assert stored.is_file()
    # A cached answer is read back, not walked: prove it by editing the cache.
    data = stored.read_text(encoding="utf-8").replace("p0Wz_7HnYtE.mp4", "cached.mp4")
    stored.write_text(data, encoding="utf-8")
    again = scan_media([str(videos)], cache_dir=cache)
    assert again.local_file("p0Wz_7HnYtE").name == "cached.mp4"
    # A new file changes its folder's time: the folder is scanned again.
    added = touch(videos / "sub" / "Yt9eD4wQuXc.mkv")
    stamp = os.stat(videos / "sub").st_mtime_ns + 1_000_000_000
    os.utime(videos / "sub", ns=(stamp, stamp))
    rescanned = scan_media([str(videos)], cache_dir=cache)
    assert rescanned.videos == {**first.videos, "Yt9eD4wQuXc": added}


def test_a_created_folder_invalidates_the_cache(tmp_path):
    cache = tmp_path / "cache"
    missing = tmp_path / "later"
    assert len(scan_media([str(missing)], cache_dir=cache)) == 0
    touch(missing / "p0Wz_7HnYtE.mp4")
    assert len(scan_media([str(missing)], cache_dir=cache)) == 1


def test_a_damaged_cache_is_scanned_again(tmp_path):
    touch(tmp_path / "v" / "p0Wz_7HnYtE.mp4")
    cache = tmp_path / "cache"
    stored = cache_file((str(tmp_path / "v"),), cache)
    stored.parent.mkdir(parents=True)
    for damage in ("{not json", "[]", '{"version": 1}', "\0\0"):
        stored.write_text(damage, encoding="utf-8")
        assert len(scan_media([str(tmp_path / "v")], cache_dir=cache)) == 1


def test_a_cancelled_scan_stops(tmp_path):
    touch(tmp_path / "v" / "p0Wz_7HnYtE.mp4")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(InterruptedError):
        scan_media([str(tmp_path / "v")], cache_dir=tmp_path / "cache", cancel=cancel)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symlinks")
def test_symlinked_folders_are_not_followed(tmp_path):
    videos = tmp_path / "videos"
    touch(videos / "p0Wz_7HnYtE.mp4")
    try:
        (videos / "loop").symlink_to(videos, target_is_directory=True)
    except OSError:
        pytest.skip("cannot create symlinks here")
    library = scan_media([str(videos)], cache_dir=tmp_path / "cache")
    assert list(library.videos) == ["p0Wz_7HnYtE"]
