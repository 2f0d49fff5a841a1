"""Play every moment: the queue of a note, a topic or an episode, and the playlist command."""

from __future__ import annotations

import json

import pytest

from viewer.cli import main
from viewer.core.media import scan_media
from viewer.core.playlist import (
    EPISODE_TARGET,
    NOTE_TARGET,
    TOPIC_TARGET,
    build_queue,
    edl_url,
    to_edl,
    to_m3u,
    write_queue,
)
from viewer.core.vault import Vault

GRID = "Kx3vR9tLmQa"  # the Deepcast episode on storage
FIELD = "Yt9eD4wQuXc"

# Every moment [[Ada Moreno]] is cited at in the sample vault: a topic with no note. The link
# in glaze_chemistry_for_potters.md has no citation on its line, so it adds no moment.
ADA_M3U = """\
#EXTM3U
#EXTINF:30,Grid-Scale Energy Storage — 4:12
#EXTVLCOPT:start-time=252
#EXTVLCOPT:stop-time=282
https://www.youtube.com/watch?v=Kx3vR9tLmQa
#EXTINF:30,Grid-Scale Energy Storage — 33:20
#EXTVLCOPT:start-time=2000
#EXTVLCOPT:stop-time=2030
https://www.youtube.com/watch?v=Kx3vR9tLmQa
#EXTINF:30,Sodium-Ion Batteries — 36:02
#EXTVLCOPT:start-time=2162
#EXTVLCOPT:stop-time=2192
https://www.youtube.com/watch?v=Kx3vR9tLmQa
#EXTINF:30,Materials Discovery with Machine Learning — 52:10
#EXTVLCOPT:start-time=3130
#EXTVLCOPT:stop-time=3160
https://www.youtube.com/watch?v=Kx3vR9tLmQa
#EXTINF:30,Passive Acoustic Monitoring — 48:20
#EXTVLCOPT:start-time=2900
#EXTVLCOPT:stop-time=2930
https://www.youtube.com/watch?v=Yt9eD4wQuXc
"""

ADA_EDL_10 = """\
# mpv EDL v0
%43%https://www.youtube.com/watch?v=Kx3vR9tLmQa,252,10
%43%https://www.youtube.com/watch?v=Kx3vR9tLmQa,2000,10
%43%https://www.youtube.com/watch?v=Kx3vR9tLmQa,2162,10
%43%https://www.youtube.com/watch?v=Kx3vR9tLmQa,3130,10
%43%https://www.youtube.com/watch?v=Yt9eD4wQuXc,2900,10
"""


def entry(video_id, start, end, path, line, local_file=None):
    return {
        "video_id": video_id,
        "start": start,
        "end": end,
        "path": path,
        "line": line,
        "local_file": local_file,
    }


ADA_JSON = {
    "target": "Ada Moreno",
    "entries": [
        entry(GRID, 252, 282, "deepcast/grid_scale_energy_storage.md", 10),
        entry(GRID, 2000, 2030, "deepcast/grid_scale_energy_storage.md", 22),
        entry(GRID, 2162, 2192, "deepcast/sodium_ion_batteries.md", 10),
        entry(GRID, 3130, 3160, "deepcast/materials_discovery_with_machine_learning.md", 10),
        entry(FIELD, 2900, 2930, "field-signals/passive_acoustic_monitoring.md", 20),
    ],
}


def run(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def test_cli_writes_a_topics_moments_as_m3u_by_default(sample_vault_path, capsys):
    assert run(capsys, "playlist", str(sample_vault_path), "Ada Moreno", "--no-cache") == ADA_M3U


def test_cli_json_is_exactly_target_and_entries(sample_vault_path, capsys):
    out = run(capsys, "playlist", str(sample_vault_path), "ada moreno", "--format", "json")
    assert json.loads(out) == {**ADA_JSON, "target": "ada moreno"}


def test_cli_edl_with_a_shorter_window(sample_vault_path, capsys):
    out = run(
        capsys, "playlist", str(sample_vault_path), "Ada Moreno", "--format=edl", "--seconds=10"
    )
    assert out == ADA_EDL_10


def test_cli_uses_local_copies_from_video_folders(sample_vault_path, tmp_path, capsys):
    videos = tmp_path / "my videos, and more"
    videos.mkdir()
    local = videos / f"Grid storage [{GRID}].mp4"
    local.write_bytes(b"")
    out = run(
        capsys, "playlist", str(sample_vault_path), "Ada Moreno", "--format=json",
        "--videos", str(videos),
    )  # fmt: skip
    entries = json.loads(out)["entries"]
    assert [e["local_file"] for e in entries] == [str(local)] * 4 + [None]
    edl = run(
        capsys, "playlist", str(sample_vault_path), "Ada Moreno", "--format=edl",
        "--videos", str(videos),
    )  # fmt: skip
    size = len(str(local).encode("utf-8"))
    assert edl.splitlines()[1] == f"%{size}%{local},252,30"
    m3u = run(
        capsys, "playlist", str(sample_vault_path), "Ada Moreno", "--videos", str(videos),
    )  # fmt: skip
    assert m3u.splitlines()[4] == local.as_uri()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nobody"], "no note, linked topic or cited video named 'nobody'"),
        (["Welcome"], "'Welcome' cites no moment of a video"),
    ],
)
def test_cli_errors_are_one_line(sample_vault_path, capsys, argv, message):
    assert main(["playlist", str(sample_vault_path), *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and message in captured.err
    assert len(captured.err.strip().splitlines()) == 1


@pytest.mark.parametrize("seconds", ["0", "-5", "3601", "ten", "1.5"])
def test_cli_refuses_bad_clip_lengths(sample_vault_path, capsys, seconds):
    with pytest.raises(SystemExit) as exit_:
        main(["playlist", str(sample_vault_path), "Ada Moreno", "--seconds", seconds])
    assert exit_.value.code == 2
    assert "--seconds" in capsys.readouterr().err


def test_a_note_plays_its_own_citations_in_time_order(sample_vault):
    queue = build_queue(sample_vault, "The Future of Work", 30)
    assert queue is not None and queue.kind == NOTE_TARGET
    assert [(c.start, c.end) for c in queue.clips] == [
        (400, 430),
        (1455, 1485),
        (3062, 3092),
        (4547, 4577),
        (4698, 4728),
    ]
    assert {c.path for c in queue.clips} == {"deepcast/future_of_work.md"}


def test_an_episode_merges_its_notes_and_a_video_id_is_a_target(sample_vault):
    queue = build_queue(sample_vault, "p0Wz_7HnYtE", 30)
    assert queue is not None and queue.kind == EPISODE_TARGET
    assert len(queue.clips) == 9
    starts = [c.start for c in queue.clips]
    assert starts == sorted(starts)
    assert {c.path for c in queue.clips} == {
        "deepcast/future_of_work.md",
        "deepcast/automation_and_skill_formation.md",
    }


def test_topic_queue_follows_episode_order(sample_vault):
    queue = build_queue(sample_vault, "Ada Moreno")
    assert queue is not None and queue.kind == TOPIC_TARGET
    # Deepcast is listed before Field Signals in the Videos tree, whatever the times.
    assert [c.video_id for c in queue.clips] == [GRID] * 4 + [FIELD]


def test_overlapping_moments_play_through_and_a_repeated_second_plays_once(make_vault):
    video = "abcdefghijk"
    stamp = '<a class="yt-timestamp" data-t="{}">[{}]</a>'

    def cite(t):
        return stamp.format(t, t)

    root = make_vault(
        {
            "a.md": f"---\nvideoId: {video}\n---\nOne {cite('00:01:00')}. Two {cite('00:01:10')}.\n"
            f"Three {cite('00:05:00')}.\n",
            "b.md": f"---\nvideoId: {video}\n---\nAgain {cite('00:01:00')}.\n",
        }
    )
    queue = build_queue(Vault.load(root, workers=1), video, 30)
    assert [(c.start, c.end, c.path) for c in queue.clips] == [
        (60, 70, "a.md"),  # cut where the next moment starts: no second plays twice
        (70, 100, "a.md"),
        (300, 330, "a.md"),
    ]


def test_a_mention_takes_its_sentence_else_the_next_citation_on_its_line(make_vault):
    video = "abcdefghijk"

    def cite(t):
        return f'<a class="yt-timestamp" data-t="{t}">[{t}]</a>'

    root = make_vault(
        {
            "n.md": f"---\nvideoId: {video}\n---\n"
            # line 4: the sentence with the link has its own citation
            f"Before {cite('00:00:10')}. [[Ada]] said it {cite('00:00:20')}. After "
            f"{cite('00:00:30')}.\n"
            # line 5: no citation in the sentence: the next one on the line
            f"[[Ada]] was there. Later {cite('00:01:40')}.\n"
            # line 6: only a citation before the link
            f"First {cite('00:02:00')}. Then [[Ada]] left.\n"
            # line 7: no citation at all
            "[[Ada]] again.\n",
            "plain.md": "No video here, [[Ada]] though.\n",
        }
    )
    queue = build_queue(Vault.load(root, workers=1), "Ada", 5)
    assert [(c.start, c.line) for c in queue.clips] == [(20, 4), (100, 5), (120, 6)]
    # A note that cites nothing (a person's page) plays where the notes linking to it cite.
    root_with_note = make_vault({"Ada.md": "# Ada\n"})
    person = build_queue(Vault.load(root_with_note, workers=1), "Ada", 5)
    assert person.kind == NOTE_TARGET
    assert [(c.start, c.line) for c in person.clips] == [(20, 4), (100, 5), (120, 6)]


def test_titles_from_notes_cannot_add_lines_to_a_playlist(make_vault, tmp_path):
    video = "abcdefghijk"
    root = make_vault(
        {
            "n.md": '---\ntitle: "Evil\\n#EXTVLCOPT:run-this\\r\\nhttp://x"\n'
            f"videoId: {video}\n---\n"
            f'Hi <a class="yt-timestamp" data-t="00:00:05">[00:00:05]</a>.\n'
        }
    )
    queue = build_queue(Vault.load(root, workers=1), "n", 30)
    m3u = to_m3u(queue)
    assert m3u.splitlines() == [
        "#EXTM3U",
        "#EXTINF:30,Evil #EXTVLCOPT:run-this http://x — 0:05",
        "#EXTVLCOPT:start-time=5",
        "#EXTVLCOPT:stop-time=35",
        f"https://www.youtube.com/watch?v={video}",
    ]


def test_edl_names_with_commas_and_non_ascii_are_length_prefixed(make_vault, tmp_path):
    video = "abcdefghijk"
    root = make_vault(
        {"n.md": f'---\nvideoId: {video}\n---\n<a class="yt-timestamp" data-t="0:09">x</a>\n'}
    )
    folder = tmp_path / "vidéos"
    folder.mkdir()
    local = folder / f"a, b; c [{video}].mkv"
    local.write_bytes(b"")
    media = scan_media([str(folder)], cache_dir=tmp_path / "cache")
    queue = build_queue(Vault.load(root, workers=1), video, 7, media)
    size = len(str(local).encode("utf-8"))
    assert size != len(str(local))
    assert to_edl(queue) == f"# mpv EDL v0\n%{size}%{local},9,7\n"
    assert edl_url(queue.clips) == f"edl://%{size}%{local},9,7"
    with pytest.raises(ValueError, match="Unknown playlist format"):
        write_queue(queue, "pls")
    with pytest.raises(ValueError, match="1 to 3600 seconds"):
        build_queue(Vault.load(root, workers=1), video, 0)
