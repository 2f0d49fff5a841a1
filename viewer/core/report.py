"""Plain-data reports over a vault: the `doctor` health check and the `show` view of a note.

Both return JSON-ready dictionaries so the CLI, tests and the window share one definition.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .names import slug, stem_of
from .record import MARKDOWN_LINK
from .timestamps import video_url
from .vault import Mention, Vault

MAX_EXAMPLES = 10
HUGE_NOTE_BYTES = 4 * 1024 * 1024
# Entries `show` lists per kind (links, backlinks, citations, headings): a 1 MB note has
# about 5,000 citations, a hostile one a million links, each with a sentence to cut out, and
# `show` must still answer in bounded time. The rest are counted in "omitted".
SHOW_LIMIT = 10_000


def doctor(vault: Vault) -> dict[str, Any]:
    """Health report: counts, invalid citations and every problem found while indexing.

    Reported from what indexing already knows (each note's summary and resolved links): only
    a note with a problem to locate (a missing embed or heading, an invalid citation shown as
    an example) is parsed again, so `doctor` after an index costs milliseconds, not a second
    reading of the vault."""
    total, resolved = vault.link_counts()
    problems: list[dict[str, str]] = [
        {"path": path, "kind": kind, "detail": detail} for path, kind, detail in vault.scan_problems
    ]
    stamps_total = stamps_valid = 0
    examples: list[dict[str, Any]] = []
    for path, note in vault.notes.items():
        problems.extend({"path": path, "kind": p.kind, "detail": p.detail} for p in note.problems)
        entry = vault.files.get(path)
        if entry and entry.size > HUGE_NOTE_BYTES:
            problems.append(
                {"path": path, "kind": "huge", "detail": f"{entry.size / 1e6:.1f} MB note"}
            )
        stamps_total += note.stamps_total
        stamps_valid += note.stamps_valid
        if note.stamps_valid < note.stamps_total and len(examples) < MAX_EXAMPLES:
            for stamp in note.timestamps:  # parses this note: it is shown as an example
                if not stamp.valid and len(examples) < MAX_EXAMPLES:
                    examples.append(
                        {
                            "path": path,
                            "line": stamp.line,
                            "text": stamp.text,
                            "data_t": stamp.data_t,
                        }
                    )
        if note.stamps_total and not note.video_id:
            problems.append(
                {
                    "path": path,
                    "kind": "no-video-id",
                    "detail": f"{note.stamps_total} citations but no videoId: no video links",
                }
            )
        if _may_have_link_problems(vault, path):
            problems.extend(_link_problems(vault, path))
    problems.extend(_ambiguous_names(vault))
    problems.sort(key=lambda p: (p["path"], p["kind"], p["detail"]))
    return {
        "vault": str(vault.root),
        "notes": len(vault.notes),
        "attachments": len(vault.attachments),
        "links": {"total": total, "resolved": resolved, "unresolved": total - resolved},
        "unresolved_topics": vault.topic_count(),
        "timestamps": {
            "total": stamps_total,
            "valid": stamps_valid,
            "invalid": stamps_total - stamps_valid,
            "examples": examples,
        },
        "problems": problems,
    }


def _may_have_link_problems(vault: Vault, path: str) -> bool:
    """True when the note has an unresolved embed or attachment link, or a link into a
    heading or block of a note: only those can be problems, and only they need the parse."""
    note = vault.notes[path]
    targets = vault.resolved_targets(path)
    for index, embed, heading in note.link_flags:
        found = targets[index] if index < len(targets) else None
        if (found is None and embed) or (heading and found in vault.notes):
            return True
    if None in targets:
        kinds, written = note.kinds, note.split_targets()  # a pass over every note
        index = -1
        while True:  # from one unresolved link to the next (list.index: no loop per link)
            try:
                index = targets.index(None, index + 1)
            except ValueError:
                break
            if index >= len(written):
                break
            target = written[index]
            # Only a target with a file extension, or without a letter or digit to start a
            # topic name, can fail to be a topic; the rest skip the full check.
            suspect = "." in target or not target[:1].isalnum()
            if suspect and Vault.target_topic_key(target, kinds[index] == MARKDOWN_LINK) is None:
                return True  # a missing attachment
    return False


def _link_problems(vault: Vault, path: str) -> list[dict[str, str]]:
    found = []
    for link, target in vault.resolved_links(path):
        if target is None:
            if link.embed or vault.link_topic_key(link) is None:
                found.append(
                    {
                        "path": path,
                        "kind": "missing-embed",
                        "detail": f"line {link.line}: {link.target} does not exist",
                    }
                )
            continue
        if not link.heading or target not in vault.notes:
            continue
        note = vault.notes[target]
        if link.heading.startswith("^"):
            ok = link.heading[1:] in note.block_ids
        else:
            want = slug(link.heading.split("#")[-1])
            ok = any(slug(h.text) == want for h in note.headings)
        if not ok:
            found.append(
                {
                    "path": path,
                    "kind": "missing-heading",
                    "detail": f"line {link.line}: {target} has no '#{link.heading}'",
                }
            )
    return found


def _ambiguous_names(vault: Vault) -> list[dict[str, str]]:
    """File names used by several notes: a bare [[name]] picks by folder, which is worth
    knowing (generated wikis reuse names across channels on purpose)."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for path in vault.notes:
        by_name[stem_of(path).casefold()].append(path)
    found = []
    for paths in by_name.values():
        if len(paths) > 1:
            for path in paths:
                others = ", ".join(p for p in sorted(paths) if p != path)
                found.append(
                    {"path": path, "kind": "ambiguous-name", "detail": f"same name as {others}"}
                )
    return found


def _mention(vault: Vault, mention: Mention) -> dict[str, Any]:
    return {
        "path": mention.source,
        "title": vault.title_of(mention.source),
        "line": mention.line,
        "context": vault.context(mention.source, mention.line, mention.column),
    }


def show(vault: Vault, name: str) -> dict[str, Any] | None:
    """Everything the index knows about one note or unresolved topic; None if neither. Each
    list holds at most SHOW_LIMIT entries; "omitted" counts the rest."""
    path = vault.find(name)
    if path is None:
        topic = vault.topic(name)
        if topic is None:
            return None
        mentions = vault.topic_mentions(name, SHOW_LIMIT)
        return {
            "path": None,
            "title": topic.name,
            "video_id": None,
            "aliases": [],
            "tags": [],
            "headings": [],
            "links": [],
            "backlinks": [_mention(vault, m) for m in mentions],
            "timestamps": [],
            "omitted": _omitted(backlinks=vault.topic_mention_count(name)),
        }
    note = vault.notes[path]
    headings, links = note.headings, vault.resolved_links(path)
    backlinks, stamps = vault.backlinks(path, SHOW_LIMIT), note.timestamps
    return {
        "path": path,
        "title": note.title,
        "video_id": note.video_id,
        "aliases": list(note.aliases),
        "tags": list(note.tags),
        "headings": [
            {"level": h.level, "text": h.text, "line": h.line} for h in headings[:SHOW_LIMIT]
        ],
        "links": [
            {
                "target": link.target,
                "alias": link.alias,
                "heading": link.heading,
                "line": link.line,
                "embed": link.embed,
                "resolved": target,
            }
            for link, target in links[:SHOW_LIMIT]
        ],
        "backlinks": [_mention(vault, m) for m in backlinks],
        "timestamps": [
            {
                "text": stamp.text,
                "seconds": stamp.seconds,
                "url": video_url(note.video_id, stamp.seconds)
                if note.video_id and stamp.valid
                else None,
                "line": stamp.line,
                "context": vault.context(path, stamp.line, stamp.column),
            }
            for stamp in stamps[:SHOW_LIMIT]
        ],
        "omitted": _omitted(
            headings=len(headings),
            links=len(links),
            backlinks=vault.backlink_count(path),
            timestamps=len(stamps),
        ),
    }


def _omitted(**totals: int) -> dict[str, int]:
    """How many entries of each list `show` left out (SHOW_LIMIT), for every list kind."""
    kinds = ("headings", "links", "backlinks", "timestamps")
    return {kind: max(0, totals.get(kind, 0) - SHOW_LIMIT) for kind in kinds}
