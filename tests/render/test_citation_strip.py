"""The citation strip of an episode page: tick positions, colours per topic, the open note's
ticks emphasized, links and sentences, and the local copy line."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QTextBrowser

from tests.render.html_tree import body
from viewer.core.episodes import Citation, timeline
from viewer.core.media import MediaLibrary
from viewer.core.vault import Vault
from viewer.render import NoteRenderer, parse_href
from viewer.render.episode_page import (
    EMPHASIZED_TICK,
    TICK,
    TOPIC_COLOURS,
    StripCell,
    strip_cells,
    topic_colour,
)
from viewer.render.hrefs import TIME
from viewer.render.theme import mix, palette

VIDEO = "p0Wz_7HnYtE"
FUTURE, SKILLS = "deepcast/future_of_work.md", "deepcast/automation_and_skill_formation.md"
# The episode's nine cited seconds; the last, 1:18:18, ends the bar.
SECONDS = [400, 1455, 1870, 2275, 2670, 3062, 3732, 4547, 4698]


def cite(seconds: int, path: str = "n.md") -> Citation:
    return Citation(seconds, str(seconds), path, "N", 1, 0, "said")


def tick_starts(cells: list[StripCell]) -> list[int]:
    """Where each tick starts, in percent of the bar (the widths of the cells before it)."""
    starts, position = [], 0
    for cell in cells:
        if cell.citations:
            starts.append(position)
        position += cell.width
    return starts


def test_ticks_start_at_their_share_of_the_last_cited_second(sample_vault):
    citations = timeline(sample_vault, VIDEO)
    assert [c.seconds for c in citations] == SECONDS
    cells = strip_cells(citations)
    assert tick_starts(cells) == [round(s * 99 / 4698) for s in SECONDS]
    assert tick_starts(cells) == [8, 31, 39, 48, 56, 65, 79, 96, 99]
    assert sum(cell.width for cell in cells) == 100
    assert [len(c.citations) for c in cells if c.width == 1] == [1] * 9


def test_citations_in_one_slot_share_a_tick_and_the_bar_stays_100_percent():
    cells = strip_cells([cite(0), cite(10), cite(10), cite(20), cite(700), cite(1000)])
    assert tick_starts(cells) == [0, 1, 2, 69, 99]
    ticks = [[c.seconds for c in cell.citations] for cell in cells if cell.citations]
    assert ticks == [[0], [10, 10], [20], [700], [1000]]
    crowded = strip_cells([cite(s) for s in range(0, 3000, 7)])  # 429 citations
    assert sum(cell.width for cell in crowded) == 100
    assert [cell.width for cell in crowded] == [2] * 50  # two-percent slots: 50 cells at most
    assert sum(len(cell.citations) for cell in crowded) == 429
    spread = strip_cells([cite(s) for s in range(0, 3000, 120)])  # 25 ticks, 24 gaps: 1%
    assert len(spread) == 49 and {cell.width for cell in spread if cell.citations} == {1}
    assert strip_cells([]) == []
    assert tick_starts(strip_cells([cite(0)])) == [0]  # one citation at 0: no division by 0


def test_a_shared_tick_lists_every_sentence_and_opens_the_first(make_vault):
    video = "abcdefghijk"

    def at(t):
        return f'<a class="yt-timestamp" data-t="{t}">[{t}]</a>'

    root = make_vault(
        {
            "a.md": f"---\nvideoId: {video}\n---\nFirst thing {at('00:01:00')}.\n",
            "b.md": f"---\nvideoId: {video}\n---\nSecond thing {at('00:01:30')}.\n"
            f"Much later {at('03:00:00')}.\n",
        }
    )
    renderer = NoteRenderer(Vault.load(root, workers=1))
    tree = body(renderer.render_episode(video, open_note="b.md").html)
    ticks = tree.find("table", cls="strip").find_all("a", cls="tick")
    assert [parse_href(a.get("href")).seconds for a in ticks] == [60, 10800]
    assert ticks[0].get("title") == "1:00 · a — First thing.\n1:30 · b — Second thing."
    # The open note has a citation in the shared tick: the tick is drawn as its.
    assert ticks[0].text() == EMPHASIZED_TICK


def test_the_strip_links_every_tick_with_its_sentence(renderer):
    renderer.theme = "light"
    tree = body(renderer.render_episode(VIDEO).html)
    strip = tree.find("table", cls="strip")
    ticks = strip.find_all("a", cls="tick")
    assert [parse_href(a.get("href")).seconds for a in ticks] == SECONDS
    assert {parse_href(a.get("href")).kind for a in ticks} == {TIME}
    assert {parse_href(a.get("href")).target for a in ticks} == {VIDEO}
    last = ticks[-1].get("title")
    assert last.startswith("1:18:18 · The Future of Work — Workers should be able to carry")
    widths = [int(td.get("width").rstrip("%")) for td in strip.find_all("td")]
    assert sum(widths) == 100
    axis = [td.text() for td in tree.find("table", cls="strip-axis").find_all("td")]
    assert axis == ["0:00", "1:18:18"]
    assert {a.text() for a in ticks} == {TICK}  # no note is open: none emphasized


def test_one_colour_per_topic_note_and_the_topic_list_is_the_legend(renderer):
    renderer.theme = "light"
    tree = body(renderer.render_episode(VIDEO).html)
    colours = {}
    for a in tree.find("table", cls="strip").find_all("a", cls="tick"):
        seconds = parse_href(a.get("href")).seconds
        colours.setdefault(a.get("style"), set()).add(seconds)
    future = f"color: {topic_colour(0)}"
    skills = f"color: {topic_colour(1)}"
    assert colours == {future: {400, 1455, 3062, 4547, 4698}, skills: {1870, 2275, 2670, 3732}}
    legend = tree.find("ul", cls="episode-topics").find_all("li")
    assert [li.find("span", cls="swatch").get("style") for li in legend] == [future, skills]
    assert [li.find("a").text() for li in legend] == [
        "The Future of Work",
        "Automation and Skill Formation",
    ]


def test_the_open_notes_ticks_are_emphasized(renderer):
    renderer.theme = "light"
    tree = body(renderer.render_episode(VIDEO, open_note=SKILLS).html)
    track = palette("light").inline_code
    for a in tree.find("table", cls="strip").find_all("a", cls="tick"):
        seconds = parse_href(a.get("href")).seconds
        if seconds in (1870, 2275, 2670, 3732):
            assert (a.text(), a.get("style")) == (EMPHASIZED_TICK, f"color: {topic_colour(1)}")
        else:
            assert (a.text(), a.get("style")) == (
                TICK,
                f"color: {mix(topic_colour(0), track, 0.55)}",
            )
    bold = tree.find("ul", cls="episode-topics").find("b")
    assert bold.text() == "Automation and Skill Formation"
    # A note that is not one of the episode's emphasizes nothing.
    other = body(renderer.render_episode(VIDEO, open_note="Welcome.md").html)
    assert {a.text() for a in other.find_all("a", cls="tick")} == {TICK}


def test_dark_theme_colours(renderer):
    renderer.theme = "dark"
    try:
        tree = body(renderer.render_episode(VIDEO).html)
    finally:
        renderer.theme = "light"
    styles = {a.get("style") for a in tree.find_all("a", cls="tick")}
    assert styles == {f"color: {TOPIC_COLOURS['dark'][0]}", f"color: {TOPIC_COLOURS['dark'][1]}"}
    gaps = {td.get("bgcolor") for td in tree.find("table", cls="strip").find_all("td")}
    assert gaps == {palette("dark").inline_code}


def test_the_local_copy_is_named_and_a_hostile_file_name_is_text(renderer):
    renderer.theme = "light"
    hostile = Path("/videos/<script>alert(1)</script> [p0Wz_7HnYtE].mkv")
    media = MediaLibrary(
        videos={VIDEO: hostile},
        subtitles={VIDEO: (Path("/videos/x [p0Wz_7HnYtE].en.vtt"),)},
    )
    page = renderer.render_episode(VIDEO, media=media)
    assert "<script>" not in page.html
    line = body(page.html).find("p", cls="local-copy")
    assert line.text().startswith(f"Local copy: {hostile}")
    assert line.find("span", cls="local-path").text() == str(hostile)
    assert "1 subtitle file" in line.text()
    none = body(renderer.render_episode(VIDEO, media=MediaLibrary()).html)
    assert none.find("p", cls="local-copy") is None


def test_an_episode_without_valid_citations_has_no_strip(make_vault):
    root = make_vault({"t.md": "---\nvideoId: abcdefghijk\n---\nNo times.\n"})
    tree = body(NoteRenderer(Vault.load(root, workers=1)).render_episode("abcdefghijk").html)
    assert tree.find("table", cls="strip") is None
    assert tree.find("span", cls="swatch") is None


def test_ticks_are_links_with_tooltips_in_a_qtextbrowser(qtbot, renderer):
    renderer.theme = "light"
    view = QTextBrowser()
    qtbot.addWidget(view)
    view.setHtml(renderer.render_episode(VIDEO, open_note=FUTURE).html)
    ticks = {}
    block = view.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.text() in (TICK, EMPHASIZED_TICK):
                fmt = fragment.charFormat()
                ticks[fmt.anchorHref()] = (
                    fragment.text(),
                    fmt.toolTip(),
                    fmt.foreground().color().name(),
                )
            fragments += 1
        block = block.next()
    assert sorted(ticks, key=lambda h: parse_href(h).seconds) == [
        f"time:{VIDEO}/{s}" for s in SECONDS
    ]
    glyph, tooltip, colour = ticks[f"time:{VIDEO}/4698"]
    assert glyph == EMPHASIZED_TICK and colour == topic_colour(0)
    assert tooltip.startswith("1:18:18 · The Future of Work — Workers should be able")


def test_a_crowded_strip_fits_the_page_without_scrolling_sideways(qtbot, make_vault):
    video = "abcdefghijk"
    lines = [
        f'Point {i} <a class="yt-timestamp" data-t="{i // 60:02d}:{i % 60:02d}">[x]</a>.'
        for i in range(0, 3600, 17)
    ]  # 212 citations over an hour
    root = make_vault({"n.md": f"---\nvideoId: {video}\n---\n" + "\n".join(lines) + "\n"})
    html = NoteRenderer(Vault.load(root, workers=1)).render_episode(video, open_note="n.md").html
    view = QTextBrowser()
    qtbot.addWidget(view)
    view.resize(480, 500)
    view.setHtml(html)
    view.show()
    qtbot.waitExposed(view)
    assert view.horizontalScrollBar().maximum() == 0
    assert len(body(html).find("table", cls="strip").find_all("a", cls="tick")) == 50
