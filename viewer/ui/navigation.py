"""Moving around: pages, links, history, the tree and the backlinks panel (a window mixin)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from .. import APP_NAME
from ..core.episodes import note_citations, timeline
from ..core.player import COMMAND, PlayerError, timestamp_command
from ..core.timestamps import format_time
from ..core.tree import CHANNEL, EPISODE, FOLDER, NOTE, SECTION, TOPIC, TreeNode
from ..render import hrefs
from .backlinks import MentionRow
from .history import EPISODE_PAGE, NOTE_PAGE, TAG_PAGE, TOPIC_PAGE, Location
from .pages import Page
from .player import open_timestamp as open_with_player
from .timestamp_menu import timestamp_link, timestamp_menu
from .timestamps_panel import highlight_citation

# Pages whose HTML is larger than this are parsed into a document in the worker thread.
BIG_PAGE = 200_000
BIG_NOTE_BYTES = 300_000  # notes this large get a "Rendering…" message


def _href(url: QUrl) -> hrefs.Href | None:
    """A clicked link read back through the renderer's contract (see hrefs.parse_href)."""
    return hrefs.parse_href(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))


class NavigationMixin:
    """Needs: history, pages, background, note_pane, tree_panel, backlinks, finder, vault."""

    def navigate(self, location: Location, *, push: bool = True) -> None:
        current = self.history.current
        if current is not None and self._shown is not None and current.same_page(self._shown):
            self.history.remember_scroll(self.note_pane.scroll_position())
        if push:
            self.history.push(location)
        self._update_history_actions()
        self._render(location)

    def open_note(
        self,
        path: str,
        anchor: str | None = None,
        line: int | None = None,
        highlight: str | None = None,
    ) -> None:
        self.navigate(Location(NOTE_PAGE, path, anchor=anchor, line=line, highlight=highlight))

    def open_topic(self, name: str) -> None:
        self.navigate(Location(TOPIC_PAGE, name))

    def open_tag(self, tag: str) -> None:
        self.navigate(Location(TAG_PAGE, tag))

    def back(self) -> None:
        self._step_history(self.history.back)

    def forward(self) -> None:
        self._step_history(self.history.forward)

    def _step_history(self, step) -> None:
        if self._shown is not None:
            self.history.remember_scroll(self.note_pane.scroll_position())
        location = step()
        if location is not None:
            self._update_history_actions()
            self._render(location)

    def go_parent(self) -> None:
        shown = self._shown
        if shown is None or self.vault is None or shown.kind != NOTE_PAGE:
            return
        parent = self.pages.parent_page(shown.key)
        if parent:
            self.open_note(parent)
        else:
            self.statusBar().showMessage("This note has no folder or channel page above it", 4000)

    def reveal_current(self) -> None:
        shown = self._shown
        if shown is None:
            return
        self.left_tabs.setCurrentWidget(self.notes_tab)
        if self.tree_panel.filter.text():
            self.tree_panel.filter.clear()
            self.tree_panel._apply_filter()
        revealed = (
            self.tree_panel.reveal(shown.key)
            if shown.kind == NOTE_PAGE
            else self.tree_panel.reveal_key(TOPIC, shown.key)
        )
        if revealed:
            self.tree_panel.view.setFocus()

    def _update_history_actions(self) -> None:
        self.actions.action("back").setEnabled(self.history.can_back())
        self.actions.action("forward").setEnabled(self.history.can_forward())

    def _render(self, location: Location) -> None:
        pages, theme, pane = self.pages, self.effective_theme(), self.note_pane
        if location.kind == NOTE_PAGE and self.vault is not None:
            entry = self.vault.files.get(location.key)
            if entry is not None and entry.size > BIG_NOTE_BYTES:
                self.statusBar().showMessage(
                    f"Rendering a large note ({entry.size / 1e6:.1f} MB)…", 10_000
                )

        def work() -> tuple[Page, object]:
            page = pages.render(location, theme)
            # A big page's document is built here too, off the GUI thread (see NotePane).
            document = pane.prepare_document(page.html) if len(page.html) > BIG_PAGE else None
            return page, document

        self.background.run(
            "render",
            work,
            lambda result: self._show_page(location, *result),
            lambda error: self._show_page(
                location, pages.message("This page could not be shown", error, theme)
            ),
        )

    def _show_page(self, location: Location, page: Page, document=None) -> None:
        self.center.setCurrentWidget(self.reader)
        if document is not None:
            self.note_pane.show_document(document)
        else:
            self.note_pane.show_html(page.html)
        self._shown = location
        if page.notice:
            self.statusBar().showMessage(f"This note has a problem: {page.notice}", 10_000)
        root_name = self.vault_root.name if self.vault_root else ""
        self.setWindowTitle(" — ".join(p for p in (page.title, root_name, APP_NAME) if p))
        pane = self.note_pane
        if location.scroll is not None:
            pane.verticalScrollBar().setValue(location.scroll)
        elif location.line is not None:
            cursor = pane.scroll_to_line(location.line)
            if location.highlight:
                pane.highlight(location.highlight, cursor)
        elif location.anchor:
            if not pane.scroll_to_anchor(location.anchor):
                pane.scrollToAnchor(location.anchor)
        elif location.highlight:
            pane.highlight(location.highlight)
        if location.kind == NOTE_PAGE and self.vault_root is not None:
            self.settings.set_last_note(self.vault_root, location.key)
            self.tree_panel.reveal(location.key)
            self.finder.note_shown(location.key)
        elif location.kind == TOPIC_PAGE:
            self.tree_panel.reveal_key(TOPIC, location.key)
        elif location.kind == EPISODE_PAGE:
            self.tree_panel.reveal_key(EPISODE, location.key)
        self.find_bar.refresh()
        self._refresh_backlinks(location)
        self._refresh_timestamps(location)
        self.pageShown.emit(location)

    def follow_link(self, url: QUrl) -> None:
        href = _href(url)
        if href is None:
            self.statusBar().showMessage(f"Not opened: {url.toString()}", 5000)
            return
        if href.kind == hrefs.NOTE:
            shown = self._shown
            if shown is not None and shown.kind == NOTE_PAGE and shown.key == href.target:
                if href.anchor and not self.note_pane.scroll_to_anchor(href.anchor):
                    self.note_pane.scrollToAnchor(href.anchor)
                return
            self.open_note(href.target, anchor=href.anchor)
        elif href.kind == hrefs.TOPIC:
            self.open_topic(href.target)
        elif href.kind == hrefs.TAG:
            self.open_tag(href.target)
        elif href.kind == hrefs.TIME:
            self.open_timestamp(href.target, href.seconds or 0)
        elif href.kind == hrefs.ANCHOR:
            self.note_pane.scrollToAnchor(href.target)
        elif href.kind == hrefs.EXTERNAL:
            QDesktopServices.openUrl(QUrl(href.target))
        elif href.kind == hrefs.FILE:
            self._open_vault_file(Path(href.target))

    def open_timestamp(self, video_id: str, seconds: int) -> None:
        """Open the video at `seconds` the way the reader chose (browser URL or program)."""
        error = open_with_player(self.player, video_id, seconds)
        if error:
            self.statusBar().showMessage(error, 10_000)
        else:
            self.statusBar().showMessage(f"Opening the video at {format_time(seconds)}", 4000)

    def _time_target(self, video_id: str, seconds: int) -> str:
        """Where a timestamp click goes with the configured player (for the status bar)."""
        if self.player.mode == COMMAND:
            try:
                return "runs " + " ".join(timestamp_command(self.player.command, video_id, seconds))
            except PlayerError as error:
                return str(error)
        return timestamp_link(self.player, video_id, seconds)

    def _timestamp_menu(self, url: QUrl, position) -> None:
        href = _href(url)
        if href is not None and href.kind == hrefs.TIME:
            self._show_timestamp_menu(href.target, href.seconds or 0, position)

    def _show_timestamp_menu(self, video_id: str, seconds: int, position) -> None:
        # popup(), not exec(): no nested event loop, and the menu stays inspectable.
        self.timestamp_menu = timestamp_menu(
            self, self.player, video_id, seconds, self.open_timestamp
        )
        self.timestamp_menu.popup(position)

    def _open_vault_file(self, path: Path) -> None:
        if self.vault_root is None:
            return
        try:
            inside = path.resolve().is_relative_to(self.vault_root.resolve())
        except OSError:
            inside = False
        if inside and path.exists():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        else:
            self.statusBar().showMessage(f"Not opened (outside the vault): {path}", 6000)

    def _link_hovered(self, url: str) -> None:
        if url:
            self.statusBar().showMessage(self.pages.describe_href(url, self._time_target))
        else:
            self.statusBar().clearMessage()

    def _tree_activated(self, node: TreeNode) -> None:
        if node.kind == TOPIC:
            self.open_topic(node.key)
        elif node.note and node.kind in (NOTE, FOLDER, CHANNEL):
            self.open_note(node.note)
        elif node.kind not in (SECTION, FOLDER):
            location = self.pages.location_for_node(node)
            if location is not None:
                self.navigate(location)

    # -- timestamps panel ----------------------------------------------------------------------

    def _refresh_timestamps(self, location: Location) -> None:
        vault = self.vault
        if vault is None or location.kind not in (NOTE_PAGE, EPISODE_PAGE):
            self.timestamps.clear("No timestamps on this page")
            return
        key = location.key
        if location.kind == NOTE_PAGE:
            note = vault.notes.get(key)
            video = note.video_id if note is not None else None
            self.background.run(
                "timestamps",
                lambda: note_citations(vault, key),
                lambda rows: self.timestamps.show_citations(video, rows),
            )
        else:
            self.background.run(
                "timestamps",
                lambda: timeline(vault, key),
                lambda rows: self.timestamps.show_citations(key, rows),
            )

    def _citation_selected(self, citation) -> None:
        shown = self._shown
        if shown is None:
            return
        if (shown.kind == NOTE_PAGE and shown.key == citation.path) or (shown.kind == EPISODE_PAGE):
            highlight_citation(self.note_pane, citation, bool(self.timestamps.video_id))

    # -- backlinks -----------------------------------------------------------------------------

    def _refresh_backlinks(self, location: Location) -> None:
        pages = self.pages
        if location.kind not in (NOTE_PAGE, TOPIC_PAGE) or self.vault is None:
            self.backlinks.clear("No backlinks for this page")
            return
        label = "Linked mentions" if location.kind == NOTE_PAGE else "Mentions"
        self.background.run(
            "backlinks",
            lambda: pages.mention_rows(location),
            lambda rows: self.backlinks.show_mentions(
                rows, unlinked=location.kind == NOTE_PAGE, label=label
            ),
        )

    def _mention_activated(self, row: MentionRow) -> None:
        self.open_note(row.source, line=row.line, highlight=row.needle)

    def _find_unlinked(self) -> None:
        shown = self._shown
        if shown is None or shown.kind != NOTE_PAGE:
            return
        pages = self.pages
        self.background.run(
            "unlinked", lambda: pages.unlinked_rows(shown.key), self.backlinks.show_unlinked
        )
