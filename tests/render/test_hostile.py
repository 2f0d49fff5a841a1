"""Hostile notes render in bounded time, without an exception (issues 16 and 11): the runs
that were quadratic, deep nesting, embeds that multiply, a 10 MB single line."""

from __future__ import annotations

import time

import pytest

from tests.render.adversarial import CLOSERS, line
from tests.render.html_tree import body
from tests.render.test_sanitize import _assert_clean
from viewer.core.vault import Vault
from viewer.render import NoteRenderer
from viewer.render.parts import MAX_LINE_CHARS, cut_long_lines
from viewer.render.source import MAX_LIST_LEVEL, MAX_NESTING
from viewer.render.structure import MAX_TABLE_COLUMNS


def timed(renderer: NoteRenderer, text: str) -> tuple[float, str]:
    began = time.process_time()
    html = renderer.render_text(text, "hostile.md").html
    return time.process_time() - began, html


def nesting(tree, tag: str, css: str | None = None) -> int:
    """How deeply `tag` elements (with class `css`) nest in `tree`."""
    deepest = 0
    for node in tree.find_all(tag, cls=css):
        depth = sum(
            1 for a in node.ancestors() if a.tag == tag and (css is None or css in a.classes)
        )
        deepest = max(deepest, depth + 1)
    return deepest


@pytest.mark.parametrize("text", ["[[" * 4000, "![[" * 4000, "[x](" * 4000, "<a " * 4000])
def test_runs_that_were_quadratic_render_fast(renderer, text):
    elapsed, html = timed(renderer, text)
    assert elapsed < 1.0  # was 18 s for [[ and 26 s for ![[
    assert "<body>" in html


@pytest.mark.parametrize("char", sorted(CLOSERS))
@pytest.mark.parametrize("shape", ["run+close", "alternating"])
def test_adversarial_lines_render_in_bounded_time(renderer, char, shape):
    elapsed, html = timed(renderer, line(char, shape))
    assert elapsed < 5.0
    _assert_clean(body(html))


def test_deep_quotes_render_flat_with_a_depth_marker(renderer):
    text = (
        ">" * 10_000 + " deep\n" + ">" * 10_000 + " deeper still\n\n" + "> " * 22 + "twenty-two\n"
    )
    elapsed, html = timed(renderer, text)
    assert elapsed < 2.0
    tree = body(html)
    assert nesting(tree, "table", "quote") == MAX_NESTING
    markers = [span.get("title") for span in tree.find_all("span", cls="depth")]
    assert markers == ["Nested 10000 levels deep", "Nested 22 levels deep"]
    assert "deep" in tree.text() and "deeper still" in tree.text()


def test_deep_callouts_render_flat(renderer):
    text = "".join("> " * level + f"[!note] Level {level}\n" for level in range(1, 30))
    tree = body(timed(renderer, text)[1])
    assert nesting(tree, "table") <= MAX_NESTING


def test_deep_lists_render_flat(renderer):
    indented = "\n".join("  " * level + f"- item {level}" for level in range(300))
    elapsed, html = timed(renderer, indented)
    assert elapsed < 2.0
    tree = body(html)
    assert nesting(tree, "ul") == MAX_LIST_LEVEL + 1
    assert "item 299" in tree.text()
    assert tree.find("span", cls="depth").get("title").startswith("Nested")
    on_one_line = "- " * 5_000 + "bottom"  # (a longer line is cut: MAX_LINE_CHARS)
    elapsed, html = timed(renderer, on_one_line)
    assert elapsed < 2.0 and "bottom" in body(html).text()


def test_a_10_mb_single_line(renderer):
    elapsed, html = timed(renderer, "word **b** [[x]] " * 600_000)
    assert elapsed < 30.0
    tree = body(html)
    assert tree.find("strong") is not None and "word" in tree.text()
    # Cut short where Qt can still lay it out on the GUI thread, and said so.
    assert len(html) < 40 * MAX_LINE_CHARS
    assert "more characters of this line are not shown" in tree.text()


def test_a_line_under_the_limit_is_whole_and_line_numbers_stay():
    text = "a " * (MAX_LINE_CHARS // 2) + "\nnext\n" + "b " * MAX_LINE_CHARS + "\nlast"
    lines = cut_long_lines(text).split("\n")
    assert len(lines) == 4 and lines[0] == text.split("\n")[0] and lines[3] == "last"
    assert len(lines[2]) < MAX_LINE_CHARS + 100 and lines[2].endswith("to lay out)")
    assert f"{MAX_LINE_CHARS + 1:,} more characters" in lines[2]  # cut at the last space


def test_a_table_shows_its_first_columns_and_says_how_many_more(renderer):
    text = "|" + "c|" * 5000 + "\n|" + "-|" * 5000 + "\n|" + "x|" * 5000 + "\n"
    _elapsed, html = timed(renderer, text)
    tree = body(html)
    rows = tree.find_all("tr")
    assert len(rows) == 2
    for row in rows:
        cells = [node for node in row.children if not isinstance(node, str)]
        assert len(cells) == MAX_TABLE_COLUMNS + 1
        assert cells[-1].text() == f"… {5000 - MAX_TABLE_COLUMNS:,} more columns"


def test_notes_embedding_each_other_stop_at_the_page_budget(make_vault):
    names = ["a", "b", "c"]
    files = {}
    for name in names:
        others = [n for n in names if n != name]
        embeds = "\n\n".join(f"![[{others[k % 2]}]]" for k in range(40))
        files[f"{name}.md"] = f"# {name}\n\n{'Words to pad the note. ' * 20}\n\n{embeds}\n"
    renderer = NoteRenderer(Vault.load(make_vault(files), workers=1))
    began = time.process_time()
    html = renderer.render("a.md").html
    assert time.process_time() - began < 3.0
    assert len(html) < 2_000_000  # was 22 MB
    tree = body(html)
    assert 0 < len(tree.find_all("table", cls="embed")) <= 200
    assert "enough is embedded" in tree.text()


@pytest.fixture(scope="module")
def renderer(tmp_path_factory) -> NoteRenderer:
    root = tmp_path_factory.mktemp("hostile")
    (root / "x.md").write_text("x\n")
    return NoteRenderer(Vault.load(root, workers=1))


def test_a_table_rule_that_fails_at_its_end_is_rejected_in_linear_time():
    """A line of 60,000 dashes whose last character spoils it took `_TABLE_RULE` 5 s (the
    render held the interpreter meanwhile, and with it the window)."""
    from viewer.render.source import _TABLE_RULE

    spoilt = "|" + "-" * 60_000 + "|\x02x"
    began = time.process_time()
    assert _TABLE_RULE.fullmatch(spoilt) is None
    assert time.process_time() - began < 0.05
    assert _TABLE_RULE.fullmatch("|" + "-" * 60_000 + "|:-:|")
