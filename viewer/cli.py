"""Headless command line: inspect, render and search a vault without a window.

`python -m viewer doctor|show|render|search|episode|changes|playlist ...`. Never imports Qt,
so it runs on servers and in CI, and it shares every rule with the window through the core.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .desktop import add_parser as add_install_desktop_parser
from .desktop import cmd_install_desktop

EXIT_USAGE = 2


class CliError(Exception):
    """A problem worth one clear line and exit status 2 (never a traceback)."""


def _vault_root(path: str) -> Path:
    """The vault a command works on: the folder given, or the vault of the note given."""
    from .core.locate import vault_for_path

    given = Path(path).expanduser()
    if not given.exists():
        raise CliError(f"vault folder not found: {given}")
    found = vault_for_path(given)
    if found is None:
        raise CliError(f"not a folder or a markdown note: {given}")
    return found[0]


def _note_argument(args: argparse.Namespace) -> str:
    """The note a command is about: as given, or the note file given in place of the vault."""
    if args.note:
        return args.note
    from .core.locate import vault_for_path

    found = vault_for_path(Path(args.vault).expanduser())
    if found is None or found[1] is None:
        raise CliError("name a note: give a vault and a note, or the path of a note file")
    return found[1]


def _load(path: str, *, use_cache: bool = True, allow_outside: bool = False):
    from .core.loader import load_vault

    root = _vault_root(path)
    try:
        result = load_vault(root, use_cache=use_cache, allow_outside=allow_outside)
    except OSError as error:
        raise CliError(f"cannot read vault folder {root}: {error.strerror or error}") from error
    result.write_cache()
    return result


def _open_vault(args: argparse.Namespace):
    return _load_args(args).vault


def _load_args(args: argparse.Namespace):
    """`_load` with the options every vault command shares."""
    if args.allow_outside_links:
        print(
            "vault-viewer: following symlinks that lead out of the vault (--allow-outside-links)",
            file=sys.stderr,
        )
    return _load(
        args.vault,
        use_cache=not getattr(args, "no_cache", False),
        allow_outside=args.allow_outside_links,
    )


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def cmd_doctor(args: argparse.Namespace) -> int:
    from .core.report import doctor

    if args.rebuild:
        from .core.cache import IndexCache

        IndexCache(_vault_root(args.vault)).discard("rebuild requested")
    result = _load_args(args)
    report = doctor(result.vault)
    if result.cache is not None:
        report["cache"] = {
            "path": str(result.cache.path),
            "notes_from_cache": result.from_cache,
            "notes_parsed": len(result.parsed),
        }
    if args.json:
        _print_json(report)
        return 0
    links, stamps = report["links"], report["timestamps"]
    print(f"Vault: {report['vault']}")
    print(f"Notes: {report['notes']:,}   attachments: {report['attachments']:,}")
    print(
        f"Links: {links['total']:,} total, {links['resolved']:,} resolved, "
        f"{links['unresolved']:,} unresolved "
        f"({report['unresolved_topics']:,} topics without a note)"
    )
    print(
        f"Timestamps: {stamps['total']:,} total, {stamps['valid']:,} valid, "
        f"{stamps['invalid']:,} invalid"
    )
    for example in stamps["examples"]:
        print(f"  invalid: {example['path']}:{example['line']}  {example['text']!r}")
    problems = report["problems"]
    kinds: dict[str, int] = {}
    for problem in problems:
        kinds[problem["kind"]] = kinds.get(problem["kind"], 0) + 1
    if "cache" in report:
        cache = report["cache"]
        print(
            f"Index cache: {cache['notes_from_cache']:,} notes reused, "
            f"{cache['notes_parsed']:,} parsed ({cache['path']})"
        )
    print(f"Problems: {len(problems):,}" + (":" if problems else ""))
    for kind, count in sorted(kinds.items()):
        print(f"  {kind}: {count:,}")
    for problem in problems[: args.limit]:
        print(f"  {problem['path']}: [{problem['kind']}] {problem['detail']}")
    if len(problems) > args.limit:
        print(f"  ... {len(problems) - args.limit:,} more (use --json for all)")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from .core.report import show

    note = _note_argument(args)
    data = show(_open_vault(args), note)
    if data is None:
        raise CliError(f"no note or linked topic named {note!r} in {args.vault}")
    if args.json:
        _print_json(data)
        return 0
    print(data["title"] + (f"  ({data['path']})" if data["path"] else "  (no note: a topic)"))
    if data["video_id"]:
        print(f"Video: {data['video_id']}")
    for label in ("aliases", "tags"):
        if data[label]:
            print(f"{label.capitalize()}: {', '.join(data[label])}")
    if data["headings"]:
        print("Headings:")
        for heading in data["headings"]:
            print(f"  {'  ' * (heading['level'] - 1)}{heading['text']}  (line {heading['line']})")
    if data["links"]:
        print(f"Links ({len(data['links'])}):")
        for link in data["links"]:
            where = link["resolved"] or "unresolved"
            print(f"  line {link['line']}: {link['target']} -> {where}")
    if data["timestamps"]:
        print(f"Timestamps ({len(data['timestamps'])}):")
        for stamp in data["timestamps"]:
            print(f"  line {stamp['line']}: {stamp['text']} -> {stamp['url'] or 'invalid'}")
    print(f"Backlinks ({len(data['backlinks'])}):")
    for backlink in data["backlinks"]:
        print(f"  {backlink['path']}:{backlink['line']}  {backlink['context']}")
    left_out = ", ".join(f"{count:,} {kind}" for kind, count in data["omitted"].items() if count)
    if left_out:
        print(f"Not listed: {left_out} (too many to show)")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from .core.search import SearchIndex

    result = _load_args(args)
    vault = result.vault
    titles = {p: n.title for p, n in vault.notes.items()}
    with contextlib.ExitStack() as stack:
        cache = result.cache
        if cache is None:  # --no-cache: a throwaway index, removed afterwards
            from .core.cache import IndexCache

            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="vv-search-")))
            cache = IndexCache(vault.root, folder / "search.sqlite3")
            stack.callback(cache.close)
        index = SearchIndex(cache)
        index.sync(vault.root, vault.files, titles)
        hits = index.search(args.query, limit=args.limit)
    if args.json:
        _print_json(
            [
                {"path": h.path, "title": h.title, "snippet": h.snippet_marked(), "score": h.score}
                for h in hits
            ]
        )
        return 0
    if not hits:
        print(f"No notes match {args.query!r}.")
    for hit in hits:
        print(f"{hit.title}  ({hit.path})  score {hit.score:.2f}")
        print(f"    {hit.snippet_marked()}")
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from .render import NoteRenderer
    from .render.export import printable, standalone

    vault = _open_vault(args)
    renderer = NoteRenderer(vault, theme=args.theme)
    note = _note_argument(args)
    path = vault.find(note)
    if args.standalone:
        if path is None:
            raise CliError(f"no note named {note!r} in {args.vault} (--standalone)")
        html = standalone(renderer, path)
    elif path is not None:
        html = renderer.render(path).html
    elif vault.topic(note) is not None:
        html = renderer.render_topic(note).html
    else:
        raise CliError(f"no note or linked topic named {note!r} in {args.vault}")
    if args.print:
        html = printable(html)
    # The document declares UTF-8, whatever the locale; a file name that is not valid UTF-8
    # shows with replacement characters.
    data = html.encode("utf-8", "replace")
    if args.output:
        target = Path(args.output).expanduser()
        if target.resolve().is_relative_to(vault.root.resolve()):
            raise CliError(f"not writing into the vault: {target} (choose a folder outside it)")
        try:
            target.write_bytes(data)
        except OSError as error:
            raise CliError(f"cannot write {target}: {error.strerror or error}") from error
        return 0
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        sys.stdout.write(html)
    else:
        sys.stdout.flush()
        stream.write(data)
        stream.flush()
    return 0


def cmd_episode(args: argparse.Namespace) -> int:
    from .core.episodes import episode_report
    from .core.timestamps import format_time

    data = episode_report(_open_vault(args), args.video_id)
    if data is None:
        raise CliError(f"no note has videoId {args.video_id!r} in {args.vault}")
    if args.json:
        _print_json(data)
        return 0
    print(f"{data['title']}  ({data['video_id']}, channel {data['channel'] or '(top level)'})")
    print(f"Topics ({len(data['topics'])}):")
    for topic in data["topics"]:
        first = topic["first_seconds"]
        when = format_time(first) if first is not None else "no timestamps"
        print(f"  {when:>8}  {topic['title']}  ({topic['path']})")
    print(f"Timeline ({len(data['timeline'])}):")
    for entry in data["timeline"]:
        print(f"  {format_time(entry['seconds']):>8}  {entry['path']}  {entry['context']}")
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    import sqlite3

    from .core.changes import ChangeTracker

    vault = _open_vault(args)
    tracker = ChangeTracker(vault.root)
    try:
        found = tracker.changes(vault)
        if args.mark_read:
            tracker.mark_all_read(vault)
    except (sqlite3.Error, OSError) as error:
        raise CliError(f"cannot use the changes baseline {tracker.path}: {error}") from error
    if args.json:
        data = found.to_json()
        try:
            text = json.dumps(data, ensure_ascii=False, indent=2)
            text.encode("utf-8")
        except UnicodeEncodeError:  # a file name that is not UTF-8: \u escapes keep it exact
            text = json.dumps(data, indent=2)
        print(text)
        return 0
    if found.first_run:
        print("First look at this vault: its current state is now the baseline.")
    elif not found:
        print("No changes since the baseline.")
    else:
        print(
            f"Since the baseline: {len(found.added):,} added (+), "
            f"{len(found.changed):,} changed (~), {len(found.removed):,} removed (-)"
        )
        for group in found.by_channel():
            print(f"{_printable(group.channel)}/" if group.channel else "(top level)")
            lists = (group.added, group.changed, group.removed)
            for mark, paths in zip("+~-", lists, strict=True):
                for path in paths:
                    print(f"  {mark} {_printable(path)}")
    if args.mark_read and not found.first_run:
        print("Marked all read: the vault as it is now is the new baseline.")
    return 0


def _printable(text: str) -> str:
    """A file name on one terminal line: control characters and undecodable bytes escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _clip_seconds(text: str) -> int:
    from .core.playlist import MAX_WINDOW

    try:
        seconds = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of seconds: {text!r}") from None
    if not 0 < seconds <= MAX_WINDOW:
        raise argparse.ArgumentTypeError(f"must be 1 to {MAX_WINDOW} seconds, not {seconds}")
    return seconds


def cmd_playlist(args: argparse.Namespace) -> int:
    from .core.media import scan_media
    from .core.playlist import build_queue, write_queue

    vault = _open_vault(args)
    media = scan_media(args.videos) if args.videos else None
    if media is not None:
        for note in media.notes:
            print(f"vault-viewer: {note}", file=sys.stderr)
    queue = build_queue(vault, args.target, args.seconds, media)
    if queue is None:
        raise CliError(
            f"no note, linked topic or cited video named {args.target!r} in {args.vault}"
        )
    if not queue.clips:
        raise CliError(f"{args.target!r} cites no moment of a video")
    sys.stdout.write(write_queue(queue, args.format))
    return 0


COMMANDS = {
    "doctor": cmd_doctor,
    "show": cmd_show,
    "search": cmd_search,
    "render": cmd_render,
    "episode": cmd_episode,
    "changes": cmd_changes,
    "playlist": cmd_playlist,
    "install-desktop": cmd_install_desktop,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m viewer", description="Vault Viewer command line (no window needed)."
    )
    parser.add_argument("--version", action="version", version=f"Vault Viewer {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    doctor = commands.add_parser("doctor", help="health report of a vault")
    doctor.add_argument("vault")
    doctor.add_argument("--json", action="store_true", help="machine-readable report")
    doctor.add_argument("--limit", type=int, default=20, help="problems listed in the summary")
    doctor.add_argument("--no-cache", action="store_true", help="ignore the index cache")
    doctor.add_argument(
        "--rebuild", action="store_true", help="discard the index cache and build it again"
    )

    show = commands.add_parser("show", help="what the index knows about one note or topic")
    show.add_argument("vault", help="a vault folder, or a note file (then NOTE is optional)")
    show.add_argument(
        "note", nargs="?", help="vault-relative path or any name a [[wikilink]] could use"
    )
    show.add_argument("--json", action="store_true")
    show.add_argument("--no-cache", action="store_true", help="ignore the index cache")

    search = commands.add_parser("search", help="full-text search (bm25, titles weigh more)")
    search.add_argument("vault")
    search.add_argument("query", help='words, "phrases", prefix*, AND/OR/NOT, title:word')
    search.add_argument("--json", action="store_true")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--no-cache", action="store_true", help="index into a throwaway file")

    render = commands.add_parser("render", help="the HTML the note pane shows for a note")
    render.add_argument("vault", help="a vault folder, or a note file (then NOTE is optional)")
    render.add_argument(
        "note",
        nargs="?",
        help="vault-relative path, any name a [[wikilink]] could use, or a topic",
    )
    render.add_argument("--theme", choices=("light", "dark"), default="light")
    render.add_argument("--no-cache", action="store_true", help="ignore the index cache")
    render.add_argument(
        "--standalone",
        action="store_true",
        help="one self-contained HTML file for any browser (images inlined, notes as .html)",
    )
    render.add_argument(
        "--print", action="store_true", help="citations link the video's web address (PDF)"
    )
    render.add_argument("-o", "--output", help="write to this file (never inside the vault)")

    episode = commands.add_parser("episode", help="one video: its topic notes and timeline")
    episode.add_argument("vault")
    episode.add_argument("video_id", metavar="VIDEO_ID", help="the videoId its notes share")
    episode.add_argument("--json", action="store_true")
    episode.add_argument("--no-cache", action="store_true", help="ignore the index cache")

    changes = commands.add_parser(
        "changes", help="notes added, changed and removed since the vault was last read"
    )
    changes.add_argument("vault")
    changes.add_argument("--json", action="store_true", help='{"added", "changed", "removed"}')
    changes.add_argument(
        "--mark-read",
        action="store_true",
        help="after listing, make the vault as it is now the baseline",
    )
    playlist = commands.add_parser(
        "playlist", help="every cited moment of a note, topic or episode, as one playlist"
    )
    playlist.add_argument("vault")
    playlist.add_argument(
        "target", help="a note, a topic such as 'Elon Musk', or an episode's video id"
    )
    playlist.add_argument(
        "--seconds", type=_clip_seconds, default=30, help="clip length from each cited second"
    )
    playlist.add_argument(
        "--format",
        choices=("m3u", "edl", "json"),
        default="m3u",
        help="m3u (VLC start/stop per entry), edl (mpv), json",
    )
    playlist.add_argument(
        "--videos",
        action="append",
        default=[],
        metavar="FOLDER",
        help="a folder of downloaded videos to play instead of YouTube (repeatable)",
    )
    playlist.add_argument("--no-cache", action="store_true", help="ignore the index cache")
    for command in (doctor, show, search, render, episode, changes, playlist):
        command.add_argument(
            "--allow-outside-links",
            action="store_true",
            help="follow symlinks that lead out of the vault (off by default: a vault shows "
            "only what is inside its folder)",
        )
    add_install_desktop_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # A file name that is not valid UTF-8 is printed as the bytes it is, never a traceback.
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="surrogateescape")  # type: ignore[union-attr]
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except CliError as error:
        print(f"vault-viewer: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `... | head` closed the pipe: not an error worth a traceback
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
