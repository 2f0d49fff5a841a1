"""The word diff as HTML: marked insertions and deletions, cut-down context, a bounded size."""

from __future__ import annotations

import re
import time

from viewer.core.worddiff import word_diff
from viewer.render.diff import CONTEXT_CHARS, MAX_CHARS, MAX_RUNS, diff_html

SPAN = re.compile(r"<span style='([^']*)'>(.*?)</span>", re.DOTALL)


def marked(html: str) -> list[tuple[bool, str]]:
    """(struck through, text) of each marked run."""
    return [("line-through" in style, text) for style, text in SPAN.findall(html)]


def test_inserted_and_deleted_words_are_marked_and_escaped():
    html = diff_html(word_diff("the <old> tasks remain", "the <new> tasks remain"))
    assert marked(html) == [(True, "old"), (False, "new")]
    assert "the &lt;" in html and "&gt; tasks remain" in html
    assert "<old>" not in html and "<new>" not in html


def test_long_unchanged_stretches_keep_only_the_words_around_each_change():
    same = " ".join(f"word{i}" for i in range(400))
    html = diff_html(word_diff(f"{same} alpha {same}", f"{same} beta {same}"))
    assert marked(html) == [(True, " alpha"), (False, " beta")]
    before, after = html.split("<span", 1)[0], html.rsplit("</span>", 1)[1]
    assert "word399" in before and "word0 " not in before  # the end of what came before
    assert "word1 " in after and "word399" not in after  # the start of what follows
    assert "…" in before and "…" in after
    assert len(html) < 4 * CONTEXT_CHARS + 1000


def test_only_spacing_changed():
    assert "No words changed" in diff_html(word_diff("a  b\nc", "a b c"))


def test_a_rewritten_long_note_is_cut_short_quickly():
    old = "\n".join(f"old line {i} of a long note" for i in range(3_000))
    new = "\n".join(f"new line {i} of a long note" for i in range(3_000))
    segments = word_diff(old, new)
    started = time.perf_counter()
    html = diff_html(segments)
    assert time.perf_counter() - started < 1.0
    assert len(marked(html)) == MAX_RUNS
    assert len(html) < MAX_CHARS + MAX_RUNS * 120
    assert "more changes, not shown" in html


def test_links_in_the_context_read_as_their_text_and_a_changed_time_shows():
    old = 'He says so <a class="yt-timestamp" data-t="00:06:40">[00:06:40]</a>. Then more.'
    new = 'He says so <a class="yt-timestamp" data-t="00:06:41">[00:06:41]</a>. Then less.'
    html = diff_html(word_diff(old, new))
    assert html.count("He says so ") == 1
    assert any("41" in text for _struck, text in marked(html))  # the change itself is kept
    unchanged = diff_html(word_diff(f"{old} One.", f"{old} Two."))
    assert "[00:06:40]" in unchanged and "yt-timestamp" not in unchanged
    assert "&lt;a" not in unchanged


def test_hostile_markup_in_the_context_is_linear():
    from viewer.render.diff import _plain

    for hostile in ("<a " * 50_000, "<a " + "yt-timestamp " * 50_000, "<a x>[" * 50_000):
        started = time.perf_counter()
        _plain(hostile)
        assert time.perf_counter() - started < 0.5
