"""Search hits read like the note: the sentence around the match rendered as the note renders
it (no literal markup, citations as pills), the matched word marked exactly."""

from __future__ import annotations

import re

import pytest

from viewer.core.cache import IndexCache
from viewer.core.search import SearchIndex
from viewer.core.vault import Vault
from viewer.session.search_hits import find_term, search_vault

CITE = '<a class="yt-timestamp" data-t="00:{0}">[00:{0}]</a>'
NOTES = {
    "studio/studio.md": "# Studio\n\nThe channel.\n",
    "studio/kilns.md": (
        "---\ntitle: Kilns\nvideoId: k1lnSchedul\n---\n\n"
        "From: [[studio]] <br/>\n"
        f"A **slow cooling** keeps the glaze whole {CITE.format('04:10')}, says [[Mara]].\n"
    ),
    "studio/tiles.md": "# Tiles\n\nTest tiles show how a `glaze` behaves.\n",
    "studio/studio notes.md": "Nothing about it here.\n",
}


@pytest.fixture
def searched(tmp_path, make_vault):
    root = make_vault(NOTES)
    vault = Vault.load(root)
    index = SearchIndex(IndexCache(root, tmp_path / "s.sqlite3"))
    index.sync(root, vault.files, {p: n.title for p, n in vault.notes.items()})
    return vault, index


def marked(html: str) -> list[str]:
    return re.findall(r'<span class="mention">(.*?)</span>', html)


def test_a_hit_renders_its_sentence_with_the_word_marked_and_pills(searched):
    vault, index = searched
    results = search_vault(vault, index, "cooling", 10)
    assert [h.path for h in results.hits] == ["studio/kilns.md"] and results.total == 1
    html = results.html[0]
    assert "**" not in html
    assert '<strong>slow <span class="mention">cooling</span></strong>' in html
    assert marked(html) == ["cooling"]
    assert 'href="time:k1lnSchedul/250"' in html  # the citation is a pill that opens the video
    assert "From:" not in html


def test_a_word_inside_a_link_marks_the_link_and_code_reads_as_code(searched):
    vault, index = searched
    html = search_vault(vault, index, "mara", 10).html[0]
    assert len(marked(html)) == 1 and "Mara" in marked(html)[0] and "[[" not in html
    html = search_vault(vault, index, "glaze", 10)
    tiles = html.html[[h.path for h in html.hits].index("studio/tiles.md")]
    assert "<code>" in tiles and "`" not in tiles


def test_the_byline_and_tags_are_not_where_a_word_is_found():
    text = 'From: [[studio]] <br/>\n<a data-t="studio">x</a> the studio opens.\n'
    assert find_term(text, ["studio"]) == (2, 29, 35)
    assert find_term("only in the title\n", ["kiln"]) is None


def test_a_match_only_in_the_title_keeps_the_fts_snippet(searched):
    vault, index = searched
    results = search_vault(vault, index, "notes", 10)
    by_path = dict(zip((h.path for h in results.hits), results.html, strict=True))
    assert by_path["studio/studio notes.md"] == ""  # the panel shows the FTS snippet


def test_the_total_counts_past_the_limit(searched):
    vault, index = searched
    results = search_vault(vault, index, "glaze OR cooling OR nothing", 1)
    assert len(results.hits) == 1 and results.total == 3
