"""Notes are untrusted: hostile markup never reaches the pane, directly or through markdown."""

from __future__ import annotations

import pytest

from tests.render.html_tree import body, parse
from viewer.render import marks
from viewer.render.sanitize import sanitize

DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "style", "applet", "form", "svg"}
URL_ATTRIBUTES = ("href", "src")
HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "jav&#9;ascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;&#x61;vascript:alert(1)",
    "javascript&colon;alert(1)",
    "java&NewLine;script:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:image/png;base64,AAAA",
    " data:text/html,<script>alert(1)</script>",
    "livescript:x",
    "ftp://example.org/x",
    "relative/page.html",
]


def _assert_clean(tree) -> None:
    for node in tree.iter():
        assert node.tag not in DANGEROUS_TAGS, node
        for name, value in node.attrs.items():
            assert not name.startswith("on"), node
            if name in URL_ATTRIBUTES and not value.startswith("#"):
                scheme = value.split(":", 1)[0].lower() if ":" in value else ""
                allowed = {"http", "https", "mailto", "note", "topic", "tag", "time", "file"}
                assert scheme in allowed | {"callout", "math"}


@pytest.mark.parametrize(
    "markup",
    [
        "<script>alert(1)</script>",
        "<SCRIPT type='text/javascript'>alert(1)</SCRIPT >",
        "<script>document.write('<p>x</p>')</script>",
        "<iframe src='https://evil.example'>fallback</iframe>",
        "<object data='x.swf'><param name=a value=b>alt</object>",
        "<embed src='x.swf'>",
        "<style>body { background: url(https://evil.example/x.png) }</style>",
        "<svg><script>alert(1)</script></svg>",
    ],
)
def test_dangerous_elements_are_dropped_with_their_content(markup):
    tree = parse(sanitize(f"<p>before</p>{markup}<p>after</p>"))
    _assert_clean(tree)
    text = tree.text()
    assert "alert" not in text and "background" not in text and "fallback" not in text
    assert "before" in text and "after" in text


def test_event_handlers_and_unknown_attributes_are_dropped():
    html = sanitize(
        '<p onclick="x()" ONMOUSEOVER="y()" data-x="1" class="ok">t</p>'
        '<img src=x onerror="alert(1)"><a href="https://a.example" onfocus=z>l</a>'
    )
    tree = parse(html)
    _assert_clean(tree)
    assert tree.find("p").attrs == {"class": "ok"}
    assert tree.find("a").attrs == {"href": "https://a.example"}


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_hostile_urls_never_survive(url, tmp_path):
    html = sanitize(f'<p><a href="{url}">link</a><img src="{url}" alt="pic"></p>', tmp_path)
    tree = parse(html)
    _assert_clean(tree)
    assert tree.find("a") is None or "href" not in tree.find("a").attrs
    assert tree.find("img") is None
    assert "link" in tree.text()


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_hostile_urls_in_markdown_never_survive(url, render_one):
    tree = render_one(
        f'[link]({url})\n\n![pic]({url})\n\n<a href="{url}">raw</a>\n\n'
        f'<img src="{url}">\n\n<{url}>\n'
    )
    _assert_clean(tree)


def test_hostile_note(render_one):
    tree = render_one(
        "# Title\n\n<script>alert(1)</script>\n\n"
        "Text <iframe src=https://evil.example></iframe> more <b onmouseover=x()>bold</b>.\n\n"
        "<div style=\"background-image: url('https://evil.example/t.png')\">styled</div>\n\n"
        '<object data="x"></object><embed src="y"><style>p{}</style>\n\n'
        "[click](javascript:alert(1)) [mail](mailto:a@example.org) [web](https://example.org)\n"
    )
    _assert_clean(tree)
    assert "alert" not in tree.text()
    div = tree.find("div")
    assert div is None or "style" not in div.attrs
    hrefs = [a.get("href") for a in tree.find_all("a") if a.get("href")]
    assert "mailto:a@example.org" in hrefs and "https://example.org" in hrefs


def test_styles_keep_only_harmless_properties():
    tree = parse(
        sanitize(
            '<span style="color: red; background-image: url(x); position: fixed">a</span>'
            '<span style="background-color: expression(alert(1))">b</span>'
        )
    )
    first, second = tree.find_all("span")
    assert first.get("style") == "color: red"
    assert "style" not in second.attrs


def test_remote_images_are_never_loaded(render_one):
    tree = render_one(
        "![a chart](https://example.org/chart.png)\n\n<img src='http://x.example/y.gif'>\n"
    )
    assert tree.find("img") is None
    placeholder = tree.find("span", cls="remote")
    assert placeholder is not None
    assert "Remote image not loaded" in placeholder.text()
    assert placeholder.find("a").get("href") == "https://example.org/chart.png"
    assert "a chart" in placeholder.text()


def test_file_urls_only_inside_the_vault(tmp_path):
    inside = tmp_path / "vault" / "doc.pdf"
    inside.parent.mkdir()
    inside.write_bytes(b"%PDF")
    outside = tmp_path / "secret.txt"
    html = sanitize(
        f'<a href="{inside.as_uri()}">in</a><a href="{outside.as_uri()}">out</a>'
        f'<a href="{inside.parent.as_uri()}/../secret.txt">dots</a>'
        f'<img src="{outside.as_uri()}">',
        inside.parent,
    )
    links = parse(html).find_all("a")
    assert links[0].get("href") == inside.as_uri()
    assert "href" not in links[1].attrs and "href" not in links[2].attrs
    assert parse(html).find("img") is None
    assert "href" not in parse(sanitize(f'<a href="{inside.as_uri()}">x</a>')).find("a").attrs


def test_unknown_tags_are_unwrapped_and_comments_dropped():
    tree = parse(sanitize("<p>a <blink>b</blink> <x-y>c</x-y><!-- secret --> d</p>"))
    assert tree.find("p").text() == "a b c d"


def test_marks_become_anchors_and_forged_marks_vanish(render_one):
    assert parse(sanitize(f"<p>{marks.make('L3')}text</p>")).anchors() == ["L3"]
    tree = render_one(f"forged {marks.make('L99')} mark\n")
    assert "L99" not in tree.anchors()
    assert marks.OPEN not in tree.text() and marks.CLOSE not in tree.text()


def test_structure_is_repaired():
    tree = parse(
        sanitize("<p>a <a href='https://x.example'>b <a href='https://y.example'>c</a></p>d</b>")
    )
    assert len(tree.find_all("a")) == 1
    assert sanitize("<p>line<br>\n</p>") == "<p>line\n</p>"
    assert sanitize("<p>a<div>b</div>c</p>") == "<p>abc</p>"


def test_rendered_document_is_sanitized(renderer):
    html = renderer.render("Welcome.md").html
    _assert_clean(body(html))


def test_deep_nesting_stops_at_a_depth_a_page_needs():
    """5,000 nested <div>s (8 s of Qt layout): kept MAX_DEPTH deep, the text flowing on."""
    from viewer.render.sanitize import MAX_DEPTH

    deep = "<div>" * 5000 + "deep <b>bold</b>" + "</div>" * 5000
    out = sanitize(deep)
    assert out.count("<div>") == MAX_DEPTH and out.count("</div>") == MAX_DEPTH
    assert "deep bold" in parse(out).text()  # past the depth, tags go and the text stays
    mixed = "<blockquote><div><span>" * 2000 + "x" + "</span></div></blockquote>" * 2000
    tree = parse(sanitize(mixed))
    assert "x" in tree.text()
    depth, node = 0, tree
    while (children := [c for c in node.children if not isinstance(c, str)]) != []:
        node, depth = children[0], depth + 1
    assert depth <= MAX_DEPTH + 1


def test_long_runs_without_whitespace_get_wrapping_points_outside_code():
    """30,000 carets in a row cost Qt half a second of painting: a zero-width space every
    BREAK_EVERY characters lets it wrap; code keeps its characters as they are."""
    from viewer.render.sanitize import BREAK_EVERY, LONG_RUN

    run = "^" * 30_000
    out = sanitize(f"<p>{run} and words</p><pre><code>{run}</code></pre>")
    paragraph, code = out.split("<pre>")
    assert paragraph.replace("\u200b", "").count("^") == 30_000
    assert paragraph.count("\u200b") == 30_000 // BREAK_EVERY - 1
    assert "\u200b" not in code and run in code
    short = "x" * LONG_RUN
    assert sanitize(f"<p>{short} {short}</p>") == f"<p>{short} {short}</p>"
