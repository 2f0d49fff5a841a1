"""Citations become links to the exact second, by the core's rules; invalid ones stay text."""

from __future__ import annotations

import pytest

from tests.render.html_tree import Node, body
from viewer.core.timestamps import format_time, resolve_seconds
from viewer.render.hrefs import TIME, parse_href

VIDEO = "abcDEF_-123"


def cite(data_t: str, text: str) -> str:
    return f'<a class="yt-timestamp" data-t="{data_t}">{text}</a>'


def rendered_times(tree: Node) -> list[int | None]:
    """Seconds of each citation in reading order (None for invalid ones)."""
    found: list[int | None] = []
    for node in tree.iter():
        if node.tag == "a" and "ts" in node.classes:
            found.append(parse_href(node.get("href")).seconds)
        elif node.tag == "span" and node.classes & {"ts-invalid", "ts-plain"}:
            found.append(None)
    return found


@pytest.mark.parametrize(
    ("data_t", "text", "seconds"),
    [
        ("41:50", "[41:50]", 2510),  # 2 parts: MM:SS
        ("01:18:18", "[01:18:18]", 4698),  # 3 parts
        ("00:12:30:15", "[00:12:30:15]", 750),  # 4 parts: frames dropped
        ("HH:MM:SS", "[00:44:10]", 2650),  # literal placeholder, good text
        ("00:07:05]", "[00:07:05]", 425),  # stray bracket
        ("00:07:05:", "[00:07:05:]", 425),  # trailing colon
        ("1:02:03", "[1:02:03]", 3723),  # unpadded hour
        ("https://youtu.be/x?t=10", "[00:00:10]", 10),  # URL in data-t, good text
    ],
)
def test_valid_shapes_link_to_the_exact_second(data_t, text, seconds, render_one):
    tree = render_one(f"---\nvideoId: {VIDEO}\n---\nSaid it {cite(data_t, text)}.\n")
    assert resolve_seconds(data_t, text.strip()) == seconds  # the core's rule
    link = tree.find("a", cls="ts")
    assert link.get("href") == f"time:{VIDEO}/{seconds}"
    assert link.get("title") == f"Open at {format_time(seconds)}"
    assert format_time(seconds) in link.text()
    assert parse_href(link.get("href")).kind == TIME


@pytest.mark.parametrize(
    ("data_t", "text", "shown"),
    [
        ("N/A", "[N/A]", "N/A"),
        ("https://youtu.be/x", "[link]", "https://youtu.be/x"),
        ("", "[]", "(empty)"),
        ("99:99", "[99:99]", "99:99"),
    ],
)
def test_invalid_shapes_stay_marked_text(data_t, text, shown, render_one):
    tree = render_one(f"---\nvideoId: {VIDEO}\n---\nSaid {cite(data_t, text)}.\n")
    assert tree.find("a", cls="ts") is None
    span = tree.find("span", cls="ts-invalid")
    assert span.get("title") == "Invalid timestamp"
    assert span.text() == shown


def test_note_without_video_gets_no_video_links(render_one):
    tree = render_one(f"No frontmatter {cite('00:01:00', '[00:01:00]')}\n")
    assert tree.find("a", cls="ts") is None
    assert not [a for a in tree.find_all("a") if (a.get("href") or "").startswith("time:")]
    assert tree.find("span", cls="ts-plain").text() == "1:00"


def test_other_attribute_orders_and_markup_inside(render_one):
    tree = render_one(
        f"---\nvideoId: {VIDEO}\n---\n"
        "<a data-t='00:00:05' class=\"yt-timestamp x\">[<b>00:00:05</b>]</a> and "
        '<sup><a class="yt-timestamp" data-t="00:21:40">[00:21:40]</a></sup> and '
        '<span data-t="00:00:09">[00:00:09]</span>\n'
    )
    assert rendered_times(tree) == [5, 1300]
    assert tree.find("sup").find("a", cls="ts") is not None


def test_every_sample_note_agrees_with_the_index(sample_vault, renderer):
    renderer.theme = "light"
    checked = 0
    for path, note in sample_vault.notes.items():
        tree = body(renderer.render(path).html)
        expected = [stamp.seconds if note.video_id else None for stamp in note.timestamps]
        assert rendered_times(tree) == expected, path
        checked += len(expected)
    assert checked > 50


def test_sample_special_timestamps(sample_page):
    times = rendered_times(sample_page("makers-hour/pricing_handmade_work.md"))
    assert 2510 in times
    assert 4698 in rendered_times(sample_page("deepcast/future_of_work.md"))
    assert 750 in rendered_times(sample_page("field-signals/hydrophone_recording.md"))
    assert 2650 in rendered_times(sample_page("deepcast/sleep_and_memory_consolidation.md"))
    assert 425 in rendered_times(sample_page("makers-hour/glaze_chemistry_for_potters.md"))
    bats = sample_page("field-signals/bat_echolocation.md")
    assert bats.find("span", cls="ts-invalid").text() == "N/A"
