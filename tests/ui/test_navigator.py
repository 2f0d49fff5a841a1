"""A reader's navigator: the page asked for last is the page that ends up shown."""

from __future__ import annotations

from viewer.session.location import NOTE_PAGE, Location
from viewer.session.pages import Page
from viewer.ui.reader import Reader


def test_a_refresh_while_a_page_is_coming_keeps_the_page_asked_for(qtbot):
    # A live change refreshed the page on screen just after Back had asked for another one:
    # the refresh superseded the Back, and the window showed the old page under the new
    # history.
    pending: list = []
    reader = Reader(lambda location, done, _more: pending.append((location, done)))
    qtbot.addWidget(reader)
    navigator = reader.navigator
    shown: list[str] = []
    navigator.pageShown.connect(lambda location: shown.append(location.key))
    navigator.navigate(Location(NOTE_PAGE, "a.md"))
    location, done = pending.pop()
    done(Page("<p>a</p>", "A"))
    navigator.navigate(Location(NOTE_PAGE, "b.md", line=7))  # asked for, still rendering
    navigator.refresh()  # the vault changed meanwhile
    for location, done in pending:
        done(Page(f"<p>{location.key}</p>", location.key))
    assert shown == ["a.md", "b.md"]
    assert navigator.shown.key == navigator.history.current.key == "b.md"
    assert navigator.shown.line == 7  # asked for again as asked: the same place
    navigator.refresh()  # settled: the page on screen is shown again
    location, done = pending[-1]
    assert location.key == "b.md"
