"""Restoring saved tabs (ReaderArea.restore) with a renderer that records what it renders:
only each group's front tab is rendered at once, the others when they first come forward;
the tab already showing the saved front page is kept, not replaced by a blank one."""

from __future__ import annotations

import pytest

from viewer.session.location import NOTE_PAGE, Location
from viewer.session.pages import Page
from viewer.session.workspace_state import PageState, TabGroupState, TabState, WorkspaceState
from viewer.ui.find_bar import FindBar
from viewer.ui.reader_area import ReaderArea

NOTES = ["a/one.md", "a/two.md", "b/three.md"]


@pytest.fixture
def rendered() -> list[str]:
    return []


@pytest.fixture
def area(qtbot, rendered) -> ReaderArea:
    def render_for(_name: str):
        def render(location: Location, done, _more) -> None:
            rendered.append(location.key)
            done(Page(f"<h1>{location.key}</h1>", f"Title of {location.key}"))

        return render

    area = ReaderArea(render_for)
    area.titles = lambda location: f"Title of {location.key}"
    qtbot.addWidget(area)
    return area


def saved(front: int) -> WorkspaceState:
    tabs = [TabState(PageState(NOTE_PAGE, key)) for key in NOTES]
    return WorkspaceState([TabGroupState(tabs, front)])


def keys(area: ReaderArea) -> list[str]:
    return [r.navigator.history.current.key for r in area.groups[0].readers()]


def test_only_the_front_tab_renders_and_the_others_on_first_view(area, rendered):
    assert area.restore(saved(front=1))
    assert keys(area) == NOTES
    assert rendered == ["a/two.md"]
    group = area.groups[0]
    assert area.active is group.readers()[1]
    assert [group.tabText(i) for i in range(3)] == [f"Title of {key}" for key in NOTES]
    area.activate(group.readers()[2])
    assert rendered == ["a/two.md", "b/three.md"]
    area.activate(group.readers()[1])
    area.activate(group.readers()[2])  # rendered once: not again when it comes back
    assert rendered == ["a/two.md", "b/three.md"]


def test_the_tab_showing_the_saved_front_page_is_kept(area, rendered):
    preview = area.active
    preview.navigator.navigate(Location(NOTE_PAGE, "a/two.md"))  # read while indexing
    assert rendered == ["a/two.md"]
    area.restore(saved(front=1))
    readers = area.groups[0].readers()
    assert keys(area) == NOTES and readers[1] is preview and area.active is preview
    assert rendered == ["a/two.md", "a/two.md"]  # brought up to date in place


def test_another_page_shown_is_replaced(area, rendered):
    first = area.active
    first.navigator.navigate(Location(NOTE_PAGE, "elsewhere.md"))
    area.restore(saved(front=0))
    assert keys(area) == NOTES and first not in area.groups[0].readers()
    assert area.reader_showing(Location(NOTE_PAGE, "b/three.md")) is area.groups[0].readers()[2]
    assert area.reader_showing(Location(NOTE_PAGE, "elsewhere.md")) is None


def test_restoring_tabs_makes_the_window_follow_the_front_tab_alone(area):
    # Each tab made current on its way in made the window follow it (panels, titles): with
    # fifteen saved tabs, 130 ms in the moment the index arrived.
    followed: list[object] = []
    area.activeChanged.connect(followed.append)
    many = WorkspaceState(
        [TabGroupState([TabState(PageState(NOTE_PAGE, f"n{i}.md")) for i in range(15)], 7)]
    )
    assert area.restore(many)
    assert followed == [area.groups[0].readers()[7]]
    assert area.active.navigator.shown.key == "n7.md"
    # Nor does a tab make its find bar before Ctrl+F asks for it.
    assert [r for r in area.readers() if r.findChild(FindBar) is not None] == []
    assert area.active.find_bar.parent() is area.active
