"""The episode page: header, topics, and one timeline table of every citation in time order."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser

from tests.render.html_tree import body, parse
from viewer.core.vault import Vault
from viewer.render import NoteRenderer, parse_href
from viewer.render.hrefs import NOTE, TIME
from viewer.render.theme import palette

VIDEO = "p0Wz_7HnYtE"
TITLE = "Tomas Reyes: Automation, Apprenticeship, and the Next Economy | Deepcast #42"


def test_header_names_the_episode_its_channel_and_counts(renderer):
    renderer.theme = "light"
    page = renderer.render_episode(VIDEO)
    assert (page.path, page.title) == ("", TITLE)
    tree = body(page.html)
    assert tree.find("h1").text() == TITLE
    byline = tree.find("p", cls="byline")
    assert "2 topics" in byline.text() and "9 citations" in byline.text()
    channel = byline.find("a", cls="channel")
    assert (channel.text(), channel.get("href")) == ("deepcast", "note:deepcast/deepcast.md")
    watch = tree.find("a", cls="watch")
    assert watch.get("href") == f"time:{VIDEO}/0"
    assert "Watch" in watch.text()
    assert {"ts", "watch"} <= watch.classes
    topics = [a.text() for a in tree.find("ul", cls="episode-topics").find_all("a")]
    assert topics == ["The Future of Work", "Automation and Skill Formation"]


def test_timeline_rows_are_time_topic_sentence_in_order(renderer):
    renderer.theme = "light"
    tree = body(renderer.render_episode(VIDEO).html)
    table = tree.find("table", cls="timeline")
    rows = [row for row in table.find_all("tr") if row.find("td") is not None]
    assert len(rows) == 9
    seconds = []
    for row in rows:
        time_cell, topic_cell, sentence_cell = row.find_all("td")
        pill = time_cell.find("a", cls="ts")
        href = parse_href(pill.get("href"))
        assert (href.kind, href.target) == (TIME, VIDEO)
        seconds.append(href.seconds)
        shown = pill.text().replace("▶", "").replace("\xa0", " ").strip()
        assert pill.get("title") == f"Open at {shown}"
        topic = parse_href(topic_cell.find("a").get("href"))
        assert topic.kind == NOTE and topic.anchor.startswith("L")
        assert sentence_cell.text().strip()
    assert seconds == sorted(seconds)
    last = rows[-1].find_all("td")
    assert last[0].find("a").get("href") == f"time:{VIDEO}/4698"
    assert "1:18:18" in last[0].text()
    assert last[1].find("a").get("href") == "note:deepcast/future_of_work.md#L20"
    assert last[1].text() == "The Future of Work"
    assert last[2].text().startswith("Workers should be able to carry credits")


def test_invalid_citations_are_counted_not_listed(renderer):
    renderer.theme = "light"
    tree = body(renderer.render_episode("Yt9eD4wQuXc").html)
    assert "1 invalid timestamp left out" in tree.find("p", cls="byline").text()
    assert "N/A" not in tree.find("table", cls="timeline").text()


def test_dark_theme_and_unknown_video(renderer):
    renderer.theme = "dark"
    try:
        page = renderer.render_episode(VIDEO)
        assert palette("dark").background in page.html
        missing = renderer.render_episode("nope")
    finally:
        renderer.theme = "light"
    tree = body(missing.html)
    assert tree.find("h1").text() == "nope"
    assert "No note cites the video" in tree.text()
    assert tree.find("table") is None


def test_a_hostile_title_is_text(make_vault):
    root = make_vault(
        {
            "ch/ch.md": "### [<script>x</script> & <b>bold</b>](https://youtu.be/vvvvvvvv)\n",
            "ch/t.md": '---\ntitle: "<img src=x onerror=y>"\nvideoId: vvvvvvvv\n---\n'
            '"Quoted" <a class="yt-timestamp" data-t="00:00:05">[00:00:05]</a>.\n',
        }
    )
    page = NoteRenderer(Vault.load(root, workers=1)).render_episode("vvvvvvvv")
    document = parse(page.html)
    assert document.find("script") is None and document.find("img") is None
    tree = body(page.html)
    assert tree.find("h1").text() == "x & bold"  # the harvested title is read as text
    assert tree.find("td", cls="topic").text() == "<img src=x onerror=y>"


def test_untitled_episode_says_so(make_vault):
    root = make_vault({"t.md": "---\nvideoId: abcdefgh\n---\nNo times.\n"})
    tree = body(NoteRenderer(Vault.load(root, workers=1)).render_episode("abcdefgh").html)
    assert tree.find("h1").text() == "abcdefgh"
    assert "Episode in Top level" in tree.find("p", cls="byline").text()
    assert "No link in the vault names this video" in tree.text()
    assert "None of these notes cites a time" in tree.text()


def test_links_survive_in_a_qtextbrowser(qtbot, renderer):
    renderer.theme = "light"
    view = QTextBrowser()
    qtbot.addWidget(view)
    view.setHtml(renderer.render_episode(VIDEO).html)
    hrefs = set()
    block = view.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            href = fragments.fragment().charFormat().anchorHref()
            if href:
                hrefs.add(href)
            fragments += 1
        block = block.next()
    assert f"time:{VIDEO}/4698" in hrefs
    assert f"time:{VIDEO}/0" in hrefs
    assert "note:deepcast/future_of_work.md#L20" in hrefs
    assert "note:deepcast/deepcast.md" in hrefs
