"""The HTML in a real QTextBrowser: anchors scroll, links read back, images load.

PySide6 is used here only, in tests; viewer.render itself never imports it.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser

from tests.render.html_tree import body
from viewer.render import parse_href, reading_margin


@pytest.fixture
def browser(qtbot):
    def show(html: str) -> QTextBrowser:
        view = QTextBrowser()
        qtbot.addWidget(view)
        view.resize(700, 400)
        view.setHtml(html)
        view.show()
        qtbot.waitExposed(view)
        return view

    return show


def qt_anchor_names(document: QTextDocument) -> set[str]:
    names: set[str] = set()
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            names.update(fragments.fragment().charFormat().anchorNames())
            fragments += 1
        block = block.next()
    return names


def scroll_position(view: QTextBrowser, anchor: str) -> int:
    view.verticalScrollBar().setValue(0)
    view.scrollToAnchor(anchor)
    return view.verticalScrollBar().value()


def test_line_and_heading_anchors_move_the_view(browser, renderer):
    renderer.theme = "light"
    view = browser(renderer.render("Welcome.md").html)
    assert view.verticalScrollBar().maximum() > 0
    line = scroll_position(view, "L52")
    heading = scroll_position(view, "markdown-the-viewer-understands")
    assert line > 0 and heading > 0
    assert line > heading  # line 52 is below that heading (line 32)
    assert scroll_position(view, "L21") < heading
    assert scroll_position(view, "fn-1") > 0  # footnotes: ids on <li>


def test_block_anchor_moves_the_view(browser, renderer):
    view = browser(renderer.render("library/Design Notes.md").html)
    view.resize(700, 200)
    assert scroll_position(view, "^palette") > 0


def test_qt_keeps_every_anchor_the_html_declares(browser, renderer):
    for path in ("Welcome.md", "deepcast/future_of_work.md", "library/Design Notes.md"):
        html = renderer.render(path).html
        view = browser(html)
        declared = {name for name in body(html).anchors() if not name.startswith("fnref")}
        assert declared <= qt_anchor_names(view.document()), path


def test_links_read_back_through_qurl(browser, renderer):
    html = renderer.render("library/reading/2024/Reading List.md").html
    hrefs = [a.get("href") for a in body(html).find_all("a") if a.get("href")]
    hrefs += ["note:library/reading/Caf%C3%A9%20Notes.md#L7", "topic:Ada%20Moreno"]
    for href in hrefs:
        url = QUrl(href)
        for form in (
            url.toString(QUrl.ComponentFormattingOption.FullyEncoded),
            url.toString(),
        ):
            assert parse_href(form) == parse_href(href), (href, form)


def test_clicked_links_arrive_as_rendered(browser, renderer, qtbot):
    view = browser(renderer.render("deepcast/future_of_work.md").html)
    view.setOpenLinks(False)
    clicked: list[str] = []
    view.anchorClicked.connect(
        lambda url: clicked.append(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))
    )
    cursor = view.document().find("1:18:18")
    assert not cursor.isNull()
    href = cursor.charFormat().anchorHref()
    view.anchorClicked.emit(QUrl(href))
    assert parse_href(clicked[0]).seconds == 4698


def test_images_and_theme_load_without_qt_warnings(browser, renderer):
    renderer.theme = "dark"
    try:
        view = browser(renderer.render("Welcome.md").html)
    finally:
        renderer.theme = "light"
    document = view.document()
    sources = [img.get("src") for img in body(renderer.render("Welcome.md").html).find_all("img")]
    assert sources
    for source in sources:
        image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(source))
        assert image is not None and not image.isNull(), source
    assert document.rootFrame().frameFormat().background().color().name() == "#1e1f22"


def test_reading_margin_keeps_a_readable_column():
    assert reading_margin(900, 16) == 98
    assert reading_margin(500, 16) == 16
    assert reading_margin(1600, 20) == 360
