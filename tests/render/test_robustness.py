"""Any text renders to safe HTML without an exception (property-based)."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.render.html_tree import body
from tests.render.test_sanitize import _assert_clean

PIECES = [
    "\n",
    "\n\n",
    "> ",
    "> [!note]- ",
    "- ",
    "  - ",
    "1. ",
    "# ",
    "```",
    "```python\n",
    "~~~",
    "|",
    "---",
    "[[",
    "]]",
    "![[",
    "#",
    "^block",
    "%%",
    "==",
    "**",
    "`",
    "[",
    "](",
    ")",
    '<a class="yt-timestamp" data-t="',
    '">[00:01:02]</a>',
    "<script>",
    "<div>",
    "</div>",
    "&#106;",
    "javascript:",
    "Welcome",
    "Design Notes#Colour",
    "assets/waveform.png",
    "[^1]",
    "[^1]: ",
    "\t",
    "\ue000L3\ue001",
    "é",
    "https://example.org",
    "word ",
]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
@example("<div></div>[^1]: ")  # a footnote item without a back-reference (Python-Markdown 3.11)
def test_any_text_renders_safely(renderer, text):
    rendered = renderer.render_text(text, "deepcast/fuzz.md")
    tree = body(rendered.html)
    _assert_clean(tree)
    assert tree.find("h1") is not None
    assert "\ue000" not in rendered.html and "\ue001" not in rendered.html
