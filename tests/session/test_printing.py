"""Pages for paper: timestamp links point at the video at that second, links into the vault
become text, external links stay; the rewrite is linear on hostile input."""

from __future__ import annotations

import time

from viewer.core.timestamps import video_url
from viewer.render import hrefs
from viewer.session.location import EPISODE_PAGE, NOTE_PAGE, Location
from viewer.session.pages import PageRenderer
from viewer.session.printing import paper_href, paper_html


def test_where_links_lead_on_paper():
    assert paper_href(hrefs.time_href("p0Wz_7HnYtE", 3062)) == video_url("p0Wz_7HnYtE", 3062)
    assert paper_href("https://example.com/a?b=1&amp;c=2") == "https://example.com/a?b=1&c=2"
    assert paper_href(hrefs.note_href("a.md", "x")) is None
    assert paper_href(hrefs.topic_href("Ada")) is None
    assert paper_href(hrefs.tag_href("x")) is None
    assert paper_href("#fn1") is None
    assert paper_href("javascript:alert(1)") is None


def test_a_rendered_note_for_paper(sample_vault):
    html = (
        PageRenderer(sample_vault)
        .render(Location(NOTE_PAGE, "deepcast/future_of_work.md"), "light")
        .html
    )
    paper = paper_html(html)
    assert 'href="https://www.youtube.com/watch?v=p0Wz_7HnYtE&amp;t=3062s"' in paper
    assert "time:" not in paper and "note:" not in paper and "topic:" not in paper
    assert '<a name="L8"></a>' in paper  # anchors stay
    assert paper.count("<a ") == html.count("<a ")  # links keep their text and class
    assert "Tasks, not jobs" in paper


def test_an_episode_page_for_paper(sample_vault):
    html = PageRenderer(sample_vault).render(Location(EPISODE_PAGE, "p0Wz_7HnYtE"), "light").html
    paper = paper_html(html)
    assert "watch?v=p0Wz_7HnYtE&amp;t=0s" in paper and "time:" not in paper


def test_the_rewrite_is_linear_on_adversarial_input():
    for hostile in ("<a " * 20_000, '<a href="' * 20_000, "<a x" + " href=" * 20_000 + ">"):
        started = time.perf_counter()
        paper_html(hostile)
        assert time.perf_counter() - started < 0.5
