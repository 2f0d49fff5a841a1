"""What hover previews show: a note scrolled to its anchor, a topic's summary with its first
mentions, a tag's notes, a citation's episode and sentence; nothing for links that leave."""

from __future__ import annotations

from viewer.core.tree import EPISODE, FOLDER, NOTE, TAG, TOPIC, TreeNode
from viewer.render import hrefs
from viewer.session.location import EPISODE_PAGE, NOTE_PAGE, TAG_PAGE, TOPIC_PAGE, Location
from viewer.session.pages import PageRenderer
from viewer.session.previews import (
    FIRST_MENTIONS,
    FIRST_TAGGED,
    PreviewTarget,
    build_preview,
    cited_sentence,
    target_for_href,
    target_for_line,
    target_for_node,
)

WORK = "deepcast/future_of_work.md"
SHOWN = Location(NOTE_PAGE, WORK)


def test_links_become_targets():
    link = hrefs.note_href("deepcast/deepcast.md", "tasks-not-jobs")
    assert target_for_href(link) == PreviewTarget(
        Location(NOTE_PAGE, "deepcast/deepcast.md", anchor="tasks-not-jobs")
    )
    assert target_for_href(hrefs.topic_href("Ada Moreno")).location == Location(
        TOPIC_PAGE, "Ada Moreno"
    )
    assert target_for_href(hrefs.tag_href("design")).location == Location(TAG_PAGE, "design")
    time = target_for_href(hrefs.time_href("p0Wz_7HnYtE", 3062), SHOWN)
    assert time == PreviewTarget(video_id="p0Wz_7HnYtE", seconds=3062, source=WORK)
    assert target_for_href("#fn1", SHOWN).location == Location(NOTE_PAGE, WORK, anchor="fn1")


def test_links_that_leave_the_vault_have_no_preview():
    assert target_for_href("https://example.com/") is None
    assert target_for_href("file:///etc/passwd") is None
    assert target_for_href("javascript:alert(1)") is None
    assert target_for_href("#fn1", None) is None


def test_tree_rows_and_mentions_become_targets():
    assert target_for_node(TreeNode("x", NOTE, WORK, note=WORK)).location.key == WORK
    assert target_for_node(TreeNode("Ada", TOPIC, "Ada")).location.kind == TOPIC_PAGE
    assert target_for_node(TreeNode("d", TAG, "design")).location.kind == TAG_PAGE
    assert target_for_node(TreeNode("e", EPISODE, "vid")).location == Location(EPISODE_PAGE, "vid")
    assert target_for_node(TreeNode("f", FOLDER, "deepcast")) is None
    mention = target_for_line(WORK, 16, "automation")
    assert mention.location == Location(NOTE_PAGE, WORK, line=16, highlight="automation")
    assert target_for_line(WORK, 0).location == Location(NOTE_PAGE, WORK)


def test_a_note_previews_as_itself_with_its_anchor(sample_vault):
    pages = PageRenderer(sample_vault)
    target = target_for_href(hrefs.note_href(WORK, "the-middle-of-the-ladder"))
    preview = build_preview(pages, target, "dark")
    assert preview.title == "The Future of Work"
    assert 'id="the-middle-of-the-ladder"' in preview.html
    assert preview.location.anchor == "the-middle-of-the-ladder"
    missing = build_preview(pages, PreviewTarget(Location(NOTE_PAGE, "gone.md")), "light")
    assert missing.location is None and "gone.md" in missing.html


def test_a_topic_previews_as_no_note_and_its_first_mentions(sample_vault):
    preview = build_preview(
        PageRenderer(sample_vault), target_for_href(hrefs.topic_href("Tomas Reyes")), "light"
    )
    assert "No note · 3 mentions in 3 notes" in preview.html
    assert preview.html.count('class="snippet"') == 3
    assert "note:deepcast/future_of_work.md#L10" in preview.html  # each mention at its line


def test_a_topic_lists_only_its_first_mentions_and_counts_the_rest(make_vault):
    from viewer.core.vault import Vault

    notes = {f"n{i}.md": f"Talk about [[Ghost Topic]] number {i}.\n" for i in range(9)}
    vault = Vault.load(make_vault(notes))
    preview = build_preview(
        PageRenderer(vault), PreviewTarget(Location(TOPIC_PAGE, "Ghost Topic")), "light"
    )
    assert preview.html.count('class="snippet"') == FIRST_MENTIONS
    assert f"and {9 - FIRST_MENTIONS} more" in preview.html
    nobody = build_preview(
        PageRenderer(vault), PreviewTarget(Location(TOPIC_PAGE, "Nobody")), "light"
    )
    assert "No note · not mentioned" in nobody.html


def test_a_tag_previews_as_its_notes(make_vault):
    from viewer.core.vault import Vault

    notes = {f"n{i:02}.md": f"#field\nNote {i}\n" for i in range(FIRST_TAGGED + 3)}
    vault = Vault.load(make_vault(notes))
    preview = build_preview(
        PageRenderer(vault), PreviewTarget(Location(TAG_PAGE, "field")), "light"
    )
    assert preview.title == "#field"
    assert f"{FIRST_TAGGED + 3} notes with this tag" in preview.html
    assert preview.html.count("<li>") == FIRST_TAGGED and "and 3 more" in preview.html


def test_a_timestamp_previews_as_episode_channel_time_and_sentence(sample_vault):
    target = target_for_href(hrefs.time_href("p0Wz_7HnYtE", 3062), SHOWN)
    preview = build_preview(PageRenderer(sample_vault), target, "light")
    assert preview.title.startswith("Tomas Reyes: Automation")
    assert (
        "Episode in" in preview.html and "deepcast" in preview.html and "at 51:02" in preview.html
    )
    assert "rungs in between thin out" in preview.html  # the sentence the pill cites
    assert "Cited in" in preview.html and "line 16" in preview.html
    assert 'href="time:p0Wz_7HnYtE/3062"' in preview.html
    assert preview.location == Location(EPISODE_PAGE, "p0Wz_7HnYtE")


def test_a_citation_is_found_in_its_note_else_in_the_timeline(sample_vault):
    in_note = cited_sentence(sample_vault, "p0Wz_7HnYtE", 3062, WORK)
    assert in_note is not None and in_note.path == WORK and in_note.line == 16
    anywhere = cited_sentence(sample_vault, "p0Wz_7HnYtE", 3062)
    assert anywhere is not None and anywhere.seconds == 3062
    assert cited_sentence(sample_vault, "p0Wz_7HnYtE", 1) is None
    unknown = build_preview(
        PageRenderer(sample_vault), PreviewTarget(video_id="nope", seconds=5), "light"
    )
    assert unknown.location is None and "No note of the vault cites this second" in unknown.html


def test_hostile_names_are_escaped(make_vault):
    from viewer.core.vault import Vault

    vault = Vault.load(make_vault({"a.md": "See [[x <img src=y onerror=z>]] and #x<img src=y>\n"}))
    pages = PageRenderer(vault)
    topic = build_preview(
        pages, PreviewTarget(Location(TOPIC_PAGE, "x <img src=y onerror=z>")), "light"
    )
    assert "No note · 1 mention" in topic.html
    assert "<img" not in topic.html and "&lt;img src=y onerror=z&gt;" in topic.html
    tag = build_preview(pages, PreviewTarget(Location(TAG_PAGE, "x<img src=y>")), "light")
    assert "<img" not in tag.html
