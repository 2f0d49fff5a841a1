"""Rendering pages of every kind, and what hovered links say."""

from __future__ import annotations

from viewer.core.tree import EPISODE, TAG, TOPIC, TreeNode
from viewer.render import hrefs
from viewer.session.location import (
    EPISODE_PAGE,
    NOTE_PAGE,
    TAG_PAGE,
    TOPIC_PAGE,
    WELCOME_PAGE,
    Location,
    message,
)
from viewer.session.pages import PageRenderer, location_for_node, message_page


def test_every_kind_renders(sample_vault):
    pages = PageRenderer(sample_vault)
    note = pages.render(Location(NOTE_PAGE, "deepcast/future_of_work.md"), "light")
    assert note.exists and "The Future of Work" in note.title
    topic = pages.render(Location(TOPIC_PAGE, "Ada Moreno"), "dark")
    assert topic.title == "Ada Moreno" and "Ada Moreno" in topic.html
    tag = pages.render(Location(TAG_PAGE, "design"), "light")
    assert tag.title == "#design" and "1 note carries this tag." in tag.html
    episode = pages.render(Location(EPISODE_PAGE, "Lr8uT1eXo5D"), "light")
    assert "Lr8uT1eXo5D" in episode.html
    assert "Ctrl+O" in pages.render(Location(WELCOME_PAGE), "light").html
    shown = pages.render(message("Cannot open", "Nothing here."), "light")
    assert shown.title == "Cannot open" and "Nothing here." in shown.html


def test_a_missing_note_is_a_page_that_says_so_and_comes_back(sample_vault):
    page = PageRenderer(sample_vault).render(Location(NOTE_PAGE, "gone.md"), "light")
    assert not page.exists
    assert "gone.md does not exist" in page.html


def test_tree_rows_open_tag_and_episode_pages():
    assert location_for_node(TreeNode("design", TAG, "design")) == Location(TAG_PAGE, "design")
    assert location_for_node(TreeNode("x", EPISODE, "vid")) == Location(EPISODE_PAGE, "vid")
    assert location_for_node(TreeNode("Ada", TOPIC, "Ada")) is None


def test_hovered_links_say_where_they_go(sample_vault):
    pages = PageRenderer(sample_vault)
    note = pages.describe_href(hrefs.note_href("deepcast/future_of_work.md", None))
    assert note.startswith("The Future of Work") and "deepcast/future_of_work.md" in note
    assert "no note yet" in pages.describe_href(hrefs.topic_href("Ada Moreno"))
    assert pages.describe_href(hrefs.tag_href("design")).startswith("#design")
    time = pages.describe_href(hrefs.time_href("Lr8uT1eXo5D", 2510), lambda v, s: f"{v}@{s}")
    assert "41:50" in time and "Lr8uT1eXo5D@2510" in time
    assert pages.describe_href("javascript:alert(1)").startswith("Blocked link")


def test_message_pages_need_no_vault():
    page = message_page("Vault not found", "The folder is gone.", "dark")
    assert page.title == "Vault not found" and "The folder is gone." in page.html
