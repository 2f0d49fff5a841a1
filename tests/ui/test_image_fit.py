"""Images follow the note pane's width (issue 15, item 5, in the window): an image sized for a
wider column is rendered again for a narrower one, with no horizontal scrollbar, and grows
back when the column does; a page without images is never rendered again for a resize."""

from __future__ import annotations

import pytest

from tests.render.files import png
from tests.ui.conftest import wait_page
from viewer.ui.image_fit import image_widths, needs_refit

NATURAL = 1800


def test_needs_refit():
    assert not needs_refit([], 300, 700)
    assert needs_refit([704.0], 324, 704)  # too wide now
    assert not needs_refit([300.0], 324, 704)  # fits, and was not scaled down
    assert needs_refit([324.0], 704, 324)  # scaled down for a narrower column: grow it
    assert not needs_refit([120.0], 704, 324)  # a small image stays as it is
    assert not needs_refit([324.0], 330, 324)  # a few pixels are not worth a render


@pytest.fixture
def window(qtbot, open_window, make_vault):
    root = make_vault(
        {
            "Wide.md": "# Wide\n\nThe controller, wider than a page:\n\n![[wide.png]]\n\nAfter.\n",
            "Plain.md": "# Plain\n\nNo image here.\n",
        }
    )
    (root / "wide.png").write_bytes(png(NATURAL, 700))
    window = open_window(root, "Wide.md")
    window.resize(1400, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def fits(pane) -> bool:
    widths = image_widths(pane)
    return bool(widths) and max(widths) <= pane.reading_column()


def test_an_image_follows_the_pane_when_it_narrows_and_widens(qtbot, window):
    pane = window.note_pane
    qtbot.waitUntil(lambda: fits(pane))
    wide = max(image_widths(pane))
    with qtbot.waitSignal(window.pageShown, timeout=10_000):  # rendered again, once settled
        window.resize(900, 800)
    qtbot.waitUntil(lambda: fits(pane) and max(image_widths(pane)) < wide)
    assert pane.horizontalScrollBar().maximum() == 0  # no sideways scrolling of the note
    narrow = max(image_widths(pane))
    assert narrow >= pane.reading_column() - 64  # as wide as the column, not smaller
    with qtbot.waitSignal(window.pageShown, timeout=10_000):
        window.resize(1400, 800)
    qtbot.waitUntil(lambda: max(image_widths(pane)) > narrow)


def test_a_page_without_images_is_not_rendered_again_for_a_resize(qtbot, window):
    wait_page(qtbot, window, lambda: window.open_note("Plain.md"))
    refit = window.reader.image_fit
    window.resize(800, 800)
    qtbot.waitUntil(lambda: not refit._timer.isActive())
    assert refit.check() is False
