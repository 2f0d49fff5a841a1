"""Episodes: grouping by videoId, harvested titles, ordering, the timeline, the Videos tree."""

from __future__ import annotations

import pytest

from viewer.core.episodes import (
    TOP_LEVEL_LABEL,
    Citation,
    episode_report,
    episode_titles,
    episodes,
    note_citations,
    timeline,
    topic_citations,
    videos_tree,
)
from viewer.core.tree import CHANNEL, EPISODE, FOLDER, NOTE
from viewer.core.vault import Vault

SAMPLE_EPISODES = {
    "deepcast": [
        (
            "Kx3vR9tLmQa",
            "Ada Moreno: Batteries, Grids, and the Chemistry of Storage | Deepcast #41",
        ),
        (
            "p0Wz_7HnYtE",
            "Tomas Reyes: Automation, Apprenticeship, and the Next Economy | Deepcast #42",
        ),
        (
            "Gm4sJ2cVbN8",
            "Priya Natarajan-Cole: Sleep, Memory, and the Restless Brain | Deepcast #47",
        ),
    ],
    "field-signals": [
        ("Hb5nM0kRaSj", "Listening to a Wetland at Dawn | Field Signals #3"),
        ("Yt9eD4wQuXc", "Counting Bats with Ultrasound | Field Signals #7"),
        ("Ws6fJ3pBk1T", "The Quiet Season: Soundscapes in Winter | Field Signals #8"),
    ],
    "makers-hour": [
        ("Lr8uT1eXo5D", "Running a One-Room Furniture Workshop | Makers Hour #12"),
        ("Zc2-qF6yWhP", "Kiln, Clay, and Cash Flow: A Potter's Year | Makers Hour #15"),
    ],
}


def note(title: str, video: str | None = None, body: str = "") -> str:
    front = f"title: {title}\n" + (f"videoId: {video}\n" if video else "")
    return f"---\n{front}---\n{body}\n"


def cite(hms: str) -> str:
    return f'<a class="yt-timestamp" data-t="{hms}">[{hms}]</a>'


def watch(video: str) -> str:
    return f"https://www.youtube.com/watch?v={video}"


# -- the sample vault ---------------------------------------------------------------------------


def test_sample_vault_has_its_eight_episodes_in_channel_index_order(sample_vault):
    found = episodes(sample_vault)
    expected = [
        (channel, video, title)
        for channel, listed in SAMPLE_EPISODES.items()
        for video, title in listed
    ]
    assert [(e.channel, e.video_id, e.title) for e in found.values()] == expected
    assert all(e.channel_note == f"{e.channel}/{e.channel}.md" for e in found.values())
    assert all(e.titled for e in found.values())


def test_sample_vault_topics_are_in_order_of_their_first_citation(sample_vault):
    found = episodes(sample_vault)
    assert found["p0Wz_7HnYtE"].notes == (
        "deepcast/future_of_work.md",
        "deepcast/automation_and_skill_formation.md",
    )
    # The second future_of_work belongs to its own channel's episode, not to Deepcast's.
    assert found["Lr8uT1eXo5D"].notes == (
        "makers-hour/hand_tools_versus_power_tools.md",
        "makers-hour/wood_movement_and_joinery.md",
        "makers-hour/pricing_handmade_work.md",
        "makers-hour/future_of_work.md",
    )
    # The stray-bracket citation (00:07:05], 425 s) still counts as the first.
    assert found["Zc2-qF6yWhP"].notes[0] == "makers-hour/glaze_chemistry_for_potters.md"
    for episode in found.values():
        firsts = [sample_vault.notes[p].stamps_first for p in episode.notes]
        assert firsts == sorted(firsts)


def test_every_sample_note_with_a_video_is_in_exactly_one_episode(sample_vault):
    placed = [path for e in episodes(sample_vault).values() for path in e.notes]
    with_video = [p for p, n in sample_vault.notes.items() if n.video_id]
    assert sorted(placed) == sorted(with_video)
    assert len(placed) == len(set(placed)) == 21


def test_sample_titles_come_from_the_channel_indexes(sample_vault):
    titles = episode_titles(sample_vault)
    for listed in SAMPLE_EPISODES.values():
        for video, title in listed:
            assert titles[video] == title


def test_timeline_merges_all_topic_notes_in_time_order(sample_vault):
    lines = timeline(sample_vault, "p0Wz_7HnYtE")
    assert len(lines) == 9
    assert [c.seconds for c in lines] == sorted(c.seconds for c in lines)
    assert {c.path for c in lines} == {
        "deepcast/future_of_work.md",
        "deepcast/automation_and_skill_formation.md",
    }
    first, last = lines[0], lines[-1]
    assert (first.seconds, first.label, first.path, first.line) == (
        400,
        "6:40",
        "deepcast/future_of_work.md",
        10,
    )
    assert (last.seconds, last.label, last.line) == (4698, "1:18:18", 20)
    assert last.title == "The Future of Work"
    assert last.context.startswith("Workers should be able to carry credits")
    assert "[01:18:18]" not in last.context  # the written time is beside it already


def test_timeline_leaves_out_invalid_and_reads_odd_shapes(sample_vault):
    bats = timeline(sample_vault, "Yt9eD4wQuXc")
    assert "field-signals/bat_echolocation.md" in {c.path for c in bats}
    assert all(c.seconds is not None for c in bats)
    assert 18 not in {c.line for c in bats if c.path == "field-signals/bat_echolocation.md"}
    assert (750, 18) in {
        (c.seconds, c.line)
        for c in timeline(sample_vault, "Hb5nM0kRaSj")
        if c.path == "field-signals/hydrophone_recording.md"
    }
    assert (2650, 18) in {(c.seconds, c.line) for c in timeline(sample_vault, "Gm4sJ2cVbN8")}


def test_unknown_video_has_no_timeline_or_report(sample_vault):
    assert timeline(sample_vault, "nope") == []
    assert episode_report(sample_vault, "nope") is None


def test_note_citations_are_one_note_in_time_order(sample_vault):
    rows = note_citations(sample_vault, "deepcast/future_of_work.md")
    assert [c.seconds for c in rows] == [400, 1455, 3062, 4547, 4698]
    assert [c.line for c in rows] == [10, 12, 16, 22, 20]
    assert all(isinstance(c, Citation) and c.context for c in rows)
    assert note_citations(sample_vault, "Welcome.md") == []
    assert note_citations(sample_vault, "missing.md") == []


def test_a_long_note_s_citations_stop_once_no_longer_wanted(make_vault, monkeypatch):
    from viewer.core import stopping
    from viewer.core.vault import Vault

    monkeypatch.setattr(stopping, "CHECK_EVERY", 10)
    cites = "\n".join(
        f'Line {i} <a class="yt-timestamp" data-t="00:{i // 60:02d}:{i % 60:02d}">[x]</a>'
        for i in range(100)
    )
    vault = Vault.load(make_vault({"long.md": f"---\nvideoId: abcdefghijk\n---\n{cites}\n"}))
    assert len(note_citations(vault, "long.md")) == 100
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) >= 3

    with pytest.raises(InterruptedError):
        note_citations(vault, "long.md", cancelled=cancelled)
    assert len(asked) == 3  # asked every 10 citations, stopped at the third


def test_report_shape(sample_vault):
    data = episode_report(sample_vault, "p0Wz_7HnYtE")
    assert set(data) == {"video_id", "title", "channel", "topics", "timeline"}
    assert data["channel"] == "deepcast"
    assert data["topics"][0] == {
        "path": "deepcast/future_of_work.md",
        "title": "The Future of Work",
        "first_seconds": 400,
    }
    assert all(set(entry) == {"seconds", "path", "context"} for entry in data["timeline"])


# -- the Videos tree ----------------------------------------------------------------------------


def test_videos_tree_is_channels_episodes_notes(sample_vault):
    root = videos_tree(sample_vault)
    assert root.kind == FOLDER
    assert [c.label for c in root.children] == ["deepcast", "field-signals", "makers-hour"]
    deepcast = root.children[0]
    assert (deepcast.kind, deepcast.key, deepcast.note, deepcast.count) == (
        CHANNEL,
        "deepcast",
        "deepcast/deepcast.md",
        3,
    )
    episode = deepcast.children[1]
    assert (episode.kind, episode.key, episode.count, episode.note) == (
        EPISODE,
        "p0Wz_7HnYtE",
        2,
        None,
    )
    assert episode.label.startswith("Tomas Reyes")
    assert [(c.kind, c.label, c.note) for c in episode.children] == [
        (NOTE, "The Future of Work", "deepcast/future_of_work.md"),
        (NOTE, "Automation and Skill Formation", "deepcast/automation_and_skill_formation.md"),
    ]
    notes = [n.note for n in root.walk() if n.kind == NOTE]
    assert len(notes) == len(set(notes)) == 21
    assert "Welcome.md" not in notes  # no videoId, not in this tree
    for node in root.walk():  # rows are right for the Qt model
        assert all(child.row == i and child.parent is node for i, child in enumerate(node.children))


# -- small vaults -----------------------------------------------------------------------------


def test_title_prefers_the_videos_own_channel(make_vault):
    root = make_vault(
        {
            # A reading list elsewhere names the video first in path order...
            "a-reading/list.md": (
                f"- [Someone's summary]({watch('vid111111')})\n"
                f"- [A video no note cites]({watch('vid999999')})\n"
            ),
            "show/show.md": f"### [The Real Title | Show #1]({watch('vid111111')})\n",
            "show/topic.md": note("Topic", "vid111111", cite("00:01:00")),
        }
    )
    vault = Vault.load(root, workers=1)
    titles = episode_titles(vault)
    assert titles["vid111111"] == "The Real Title | Show #1"
    assert titles["vid999999"] == "A video no note cites"
    assert episodes(vault)["vid111111"].title == "The Real Title | Show #1"
    assert list(episodes(vault)) == ["vid111111"]  # an episode needs a note with its videoId


def test_title_falls_back_to_other_notes_then_the_id(make_vault):
    root = make_vault(
        {
            "directory.md": (
                f"- [**Found** Elsewhere](https://youtu.be/vid222222?t=5)\n"
                f"- [{watch('vid333333')}]({watch('vid333333')})\n"
            ),
            "show/topic.md": note("Topic", "vid222222"),
            "show/other.md": note("Other", "vid333333"),
        }
    )
    vault = Vault.load(root, workers=1)
    found = episodes(vault)
    assert found["vid222222"].title == "Found Elsewhere"  # markup read as text
    assert found["vid333333"].title == "vid333333"  # a pasted URL names nothing
    assert not found["vid333333"].titled
    assert found["vid222222"].channel == "show"
    assert found["vid222222"].channel_note is None


def test_episodes_follow_the_index_order_then_titles(make_vault):
    root = make_vault(
        {
            "ch/ch.md": (
                f"### [Zebra episode]({watch('zzzzzzzz')})\n"
                f"### [Alpha episode]({watch('aaaaaaaa')})\n"
            ),
            "ch/z.md": note("Z topic", "zzzzzzzz"),
            "ch/a.md": note("A topic", "aaaaaaaa"),
            "ch/unlisted2.md": note("U2", "uuuuuuu2"),
            "ch/unlisted10.md": note("U10", "uuuuuu10"),
            "other.md": f"[Episode 10]({watch('uuuuuu10')}) and [Episode 2]({watch('uuuuuuu2')})",
        }
    )
    vault = Vault.load(root, workers=1)
    assert [e.title for e in episodes(vault).values()] == [
        "Zebra episode",
        "Alpha episode",
        "Episode 2",  # natural order: 2 before 10
        "Episode 10",
    ]


def test_notes_without_valid_citations_come_last_by_title(make_vault):
    root = make_vault(
        {
            "ch/late.md": note("Late", "vvvvvvvv", cite("01:00:00")),
            "ch/early.md": note("Early", "vvvvvvvv", cite("00:00:30") + " " + cite("02:00:00")),
            "ch/none-b.md": note("B none", "vvvvvvvv", "no citations"),
            "ch/none-a.md": note("A none", "vvvvvvvv", cite("N/A")),
        }
    )
    vault = Vault.load(root, workers=1)
    assert episodes(vault)["vvvvvvvv"].notes == (
        "ch/early.md",
        "ch/late.md",
        "ch/none-a.md",
        "ch/none-b.md",
    )
    assert [(c.seconds, c.path) for c in timeline(vault, "vvvvvvvv")] == [
        (30, "ch/early.md"),
        (3600, "ch/late.md"),
        (7200, "ch/early.md"),
    ]


def test_equal_times_sort_by_path_then_line(make_vault):
    same = cite("00:10:00")
    root = make_vault(
        {
            "ch/b.md": note("B", "vvvvvvvv", f"one {same}\n\ntwo {same}"),
            "ch/a.md": note("A", "vvvvvvvv", f"three {same}"),
        }
    )
    vault = Vault.load(root, workers=1)
    assert [(c.path, c.line) for c in timeline(vault, "vvvvvvvv")] == [
        ("ch/a.md", 5),
        ("ch/b.md", 5),
        ("ch/b.md", 7),
    ]


def test_channel_is_the_nearest_folder_with_an_index(make_vault):
    root = make_vault(
        {
            "shows/pod/pod.md": f"### [Title]({watch('vvvvvvvv')})\n",
            "shows/pod/2024/topic.md": note("Deep topic", "vvvvvvvv"),
            "loose/topic.md": note("Loose", "wwwwwwww"),
            "root-topic.md": note("At the top", "xxxxxxxx"),
        }
    )
    vault = Vault.load(root, workers=1)
    found = episodes(vault)
    assert (found["vvvvvvvv"].channel, found["vvvvvvvv"].channel_note) == (
        "shows/pod",
        "shows/pod/pod.md",
    )
    assert found["wwwwwwww"].channel == "loose"
    assert found["xxxxxxxx"].channel == ""
    tree = videos_tree(vault)
    assert [(c.label, c.key) for c in tree.children] == [
        ("loose", "loose"),
        ("shows/pod", "shows/pod"),
        (TOP_LEVEL_LABEL, ""),
    ]


def test_videos_tree_of_a_vault_without_videos_is_empty(make_vault):
    vault = Vault.load(make_vault({"a.md": "# A\n"}), workers=1)
    assert episodes(vault) == {}
    assert videos_tree(vault).children == []


# -- the shared real vault ------------------------------------------------------------------------


@pytest.mark.shared
def test_shared_vault_episodes(shared_vault_path):
    vault = Vault.load(shared_vault_path)
    found = episodes(vault)
    assert 400 <= len(found) <= 500
    placed = [path for e in found.values() for path in e.notes]
    with_video = [p for p, n in vault.notes.items() if n.video_id]
    assert len(placed) == len(set(placed))
    assert sorted(placed) == sorted(with_video)
    index = "lexfridman/lexfridman.md"
    listed = {}
    for video, text, _line in vault.notes[index].video_links:
        listed.setdefault(video, text)
    for episode in found.values():
        assert episode.channel == "lexfridman"
        assert episode.channel_note == index
        if episode.video_id in listed:  # as written, runs of spaces read as one
            assert episode.title == " ".join(listed[episode.video_id].split())
    titled = sum(1 for e in found.values() if e.titled)
    assert titled >= 0.95 * len(found)
    # Listed episodes come first, in the index's order.
    order = [e.video_id for e in found.values() if e.video_id in listed]
    assert order == sorted(order, key=list(listed).index)
    busiest = max(found.values(), key=lambda e: len(e.notes))
    lines = timeline(vault, busiest.video_id)
    assert lines
    assert [c.seconds for c in lines] == sorted(c.seconds for c in lines)
    assert {c.path for c in lines} <= set(busiest.notes)


def test_topic_citations_are_those_of_the_sentences_naming_it(make_vault):
    def cite(t):
        return f'<a class="yt-timestamp" data-t="{t}">[{t}]</a>'

    root = make_vault(
        {
            "a.md": "---\nvideoId: aaaaaaaaaaa\n---\n"
            f"Mara says so {cite('01:00')}. Another thing {cite('02:00')}.\n"
            f"- [[Mara]] again {cite('03:00')} and {cite('bad')}\n",
            "b.md": f"---\nvideoId: bbbbbbbbbbb\n---\nAs [[Mara]] put it {cite('00:10')}.\n",
            "c.md": f"No video, yet [[Mara]] {cite('00:20')}.\n",
            "d.md": "[[Mara]] without a citation.\n",
            "huge.md": "---\nvideoId: hhhhhhhhhhh\n---\n"
            + "Words go on. " * 50_000
            + f"[[Mara]] at last {cite('00:30')}.\n",
        }
    )
    vault = Vault.load(root)
    found = [(c.path, c.seconds, c.video_id) for c in topic_citations(vault, "Mara")]
    assert found == [
        ("a.md", 180, "aaaaaaaaaaa"),
        ("b.md", 10, "bbbbbbbbbbb"),
        ("c.md", 20, None),
        ("huge.md", 30, "hhhhhhhhhhh"),
    ]
    # "Mara says so" is no link: in a.md only the list item's valid citation counts.
    assert [c.seconds for c in topic_citations(vault, "mara") if c.path == "a.md"] == [180]
    assert topic_citations(vault, "Nobody") == []
