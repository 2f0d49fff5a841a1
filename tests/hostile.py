"""A hostile vault for tests (issue 16 item 3): every kind of note, name and file-system
oddity a cloned or downloaded vault may hold, written into a folder by `write_hostile_vault`.

Importable from any test (core, render, the window): it needs nothing but the standard
library and tests/adversarial.py. Cases the machine cannot create (no FIFOs or symlinks, a
file system that refuses a name) are left out and listed in `HostileVault.skipped`, so a test
can say what it did not cover.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from tests.adversarial import RUN_CHARS, named_constructs

PATHOLOGICAL_CHARS = 30_000  # per pathological line: long enough to expose a quadratic scan
HUGE_LINE_BYTES = 10 * 1024 * 1024
NESTING = 10_000


@dataclass
class HostileVault:
    root: Path
    notes: dict[str, str] = field(default_factory=dict)  # case -> vault-relative note path
    others: dict[str, str] = field(default_factory=dict)  # case -> path that is not a note
    skipped: dict[str, str] = field(default_factory=dict)  # case -> why it was not created

    @property
    def cases(self) -> int:
        return len(self.notes) + len(self.others)


def _laugh_level(i: int) -> str:
    """`c: &c [*b,*b,...]`: each YAML level nine aliases of the one before."""
    name, previous = chr(98 + i), chr(97 + i)
    return f"{name}: &{name} [{','.join(['*' + previous] * 9)}]"


def _text_notes() -> dict[str, str | bytes]:
    """Notes whose hostility is their content."""
    billion_laughs = "\n".join(
        [
            "---",
            'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
            *(
                f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]"
                for i in range(8)
            ),
            "title: *i",
            "---",
            "A YAML bomb: nine times nine, nine levels deep.",
        ]
    )
    notes: dict[str, str | bytes] = {
        "nul-bytes.md": b"# Title\x00\x00\x00 [[a]]\x00",
        "invalid-utf8.md": b"# Caf\xe9 \xff\xfe [[nowhere]] \xc3\x28\n",
        "utf16-le.md": codecs.BOM_UTF16_LE + "# UTF-16 LE [[utf16-be]]\n".encode("utf-16-le"),
        "utf16-be.md": codecs.BOM_UTF16_BE + "# UTF-16 BE [[utf32-le]]\n".encode("utf-16-be"),
        "utf32-le.md": codecs.BOM_UTF32_LE + "# UTF-32 LE [[utf32-be]]\n".encode("utf-32-le"),
        "utf32-be.md": codecs.BOM_UTF32_BE + "# UTF-32 BE [[nul-bytes]]\n".encode("utf-32-be"),
        "huge-single-line.md": b"word [[a]] " * (HUGE_LINE_BYTES // 11),
        "nested-lists.md": "".join("  " * i + "- item\n" for i in range(300))
        + "".join(f"{' ' * (i % 80)}- deep\n" for i in range(NESTING)),
        "nested-list-prefixes.md": "- " * NESTING + "bottom\n",
        "nested-quotes.md": ">" * NESTING + " quoted\n",
        "nested-quote-lines.md": "".join(">" * i + " line\n" for i in range(1, 400)),
        "nested-callouts.md": "".join(">" * i + f" [!info] level {i}\n" for i in range(1, 60)),
        "yaml-bomb.md": billion_laughs,
        "frontmatter-1mb.md": "---\ntitle: Big\nnotes: "
        + "x" * (1024 * 1024)
        + "\n---\nBody [[a]]\n",
        "frontmatter-unclosed.md": "---\ntitle: never closed\n[[a]]\n",
        "frontmatter-list.md": "---\n- just\n- a list\n---\nbody\n",
        "frontmatter-tabs.md": "---\ntitle:\tTabbed\n\tbroken: [\n---\nbody\n",
        "empty.md": "",
        "whitespace.md": " \n\t\n   \n",
        "bom-only.md": codecs.BOM_UTF8,
        "crlf.md": "# CRLF\r\n[[a]]\r\ntext\r\n",
        "cr-only.md": "# CR\r[[a]]\rtext\r",
        "control-characters.md": "".join(chr(c) for c in range(1, 32) if c not in (10, 13))
        + "[[a]]",
        "wikilink-runs.md": "[[" * 4000,
        "embed-runs.md": "![[" * 4000,
        "long-link-path.md": f"[[{'d/' * 200}{'n' * 300}]] ![[{'x' * 400}.png]]"
        f" [t]({'y' * 300}.md) ![[{'z' * 300}]]",
        "escaping-links.md": "[[../../etc/passwd]] ![[../../../etc/hosts]] [x](../../outside.md)"
        " ![img](/etc/passwd) [f](file:///etc/passwd)",
        "scripts.md": "<script>alert(1)</script><img src=x onerror=alert(2)>"
        '<a href="javascript:alert(3)">x</a><iframe src="https://example.com"></iframe>'
        '<svg onload=alert(4)></svg><object data="x.swf"></object>'
        '<link rel=stylesheet href="https://example.com/x.css">[x](javascript:alert(5))\n'
        '<style>body{background:url("https://example.com/t.png")}</style>',
        "remote-images.md": "![r](https://example.com/tracker.png) <img src='http://e.com/p.gif'>",
        "embed-cycle-a.md": "A " + "![[embed-cycle-b]] " * 40,
        "embed-cycle-b.md": "B " + "![[embed-cycle-c]] " * 40,
        "embed-cycle-c.md": "C " + "![[embed-cycle-a]] " * 40,
        "self-embed.md": "![[self-embed]] " * 50,
        "many-tags.md": " ".join(f"#tag{i}" for i in range(50_000)),
        "unclosed-citations.md": '<a class="yt-timestamp">' * 50_000,
        "table-rule.md": "| a | b |\n|" + "-" * 60_000 + "|" + "-" * 3_000 + "|\n| 1 | 2 |\n",
        "wide-table.md": "|" + "c|" * 5000 + "\n|" + "-|" * 5000 + "\n|" + "x|" * 5000 + "\n",
        "deep-html.md": "<div>" * 5000 + "deep" + "</div>" * 5000,
        "math-like.md": "$" * 20_000 + " \\\\" * 5000,
        "headings.md": "".join(f"{'#' * (i % 7 + 1)} Heading {i}\n" for i in range(20_000)),
        "block-ids.md": "".join(f"line ^id{i}\n" for i in range(20_000)),
        "code-fences.md": "```\n" * 5000 + "~~~\n" * 5000,
        "a.md": "A plain note others link to.\n",
    }
    for name, line in named_constructs(PATHOLOGICAL_CHARS):
        notes[f"pathological/{_slug(name)}.md"] = line + "\n"
    for char in RUN_CHARS:
        mixed = "".join(char * 997 + closer for closer in "])>|*`_:#!") * (
            PATHOLOGICAL_CHARS // 10_000
        )
        notes[f"runs/run-{ord(char)}.md"] = mixed + "\n"
    return notes


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name).strip("-")


def _odd_names() -> dict[str, bytes]:
    """Names that are hostile themselves (as bytes: one is not valid UTF-8)."""
    return {
        "name with newline": b"line\nbreak.md",
        "name with rtl mark": "right-\u202etxt.exe-to-left.md".encode(),
        "name with emoji": "emoji-\U0001f40d\U0001f525.md".encode(),
        "name of 255 bytes": ("n" * 252 + ".md").encode(),
        "name not valid utf-8": b"latin1-\xe9t\xe9.md",
        "name with backslash and colon": b"back\\slash:colon.md",
        "name with spaces only stem": b"   .md",
    }


def write_hostile_vault(folder: Path) -> HostileVault:
    """Write the hostile vault into `folder` (created; it must not exist or be empty) and say
    what it holds. At least 60 cases on a POSIX machine."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    vault = HostileVault(folder)
    for rel, content in _text_notes().items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        vault.notes[rel.removesuffix(".md")] = rel
    for case, raw in _odd_names().items():
        try:
            with open(os.path.join(os.fsencode(folder), raw), "wb") as handle:
                handle.write(b"# An oddly named note\n[[a]]\n")
        except OSError as error:
            vault.skipped[case] = str(error)
            continue
        vault.notes[case] = os.fsdecode(raw)
    deep = folder.joinpath(*(f"level{i}" for i in range(100)))
    deep.mkdir(parents=True)
    (deep / "bottom.md").write_text("The bottom of 100 folders. [[a]]\n", encoding="utf-8")
    vault.notes["100-level-deep folders"] = deep.relative_to(folder).as_posix() + "/bottom.md"
    (folder / "folder.md").mkdir()
    (folder / "folder.md" / "inside.md").write_text("In a folder named like a note.\n")
    vault.others["a folder named y.md"] = "folder.md"
    unreadable = folder / "unreadable.md"
    unreadable.write_text("You should not be able to read this.\n", encoding="utf-8")
    unreadable.chmod(0)
    vault.notes["an unreadable file"] = "unreadable.md"
    _special_files(folder, vault)
    return vault


def _special_files(folder: Path, vault: HostileVault) -> None:
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.md")
        vault.others["a FIFO named x.md"] = "fifo.md"
    else:
        vault.skipped["a FIFO named x.md"] = "no FIFOs here"
    if not hasattr(os, "symlink"):
        vault.skipped["symlinks"] = "no symlinks here"
        return
    outside = folder.parent / f"{folder.name}-outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.md").write_text("password: hunter2\n", encoding="utf-8")
    links = {
        "a symlink loop (folder)": ("loop", folder),
        "a symlink loop (itself)": ("self-link.md", folder / "self-link.md"),
        "a symlink to an outside file": ("outside-file.md", outside / "secret.md"),
        "a symlink to an outside folder": ("outside-folder", outside),
        "a symlink to /": ("root-of-everything", Path("/")),
        "a symlink to /etc/passwd": ("passwd.md", Path("/etc/passwd")),
        "a dangling symlink": ("dangling.md", folder / "no-such-file.md"),
        "a symlink to the FIFO": ("to-fifo.md", folder / "fifo.md"),
    }
    for case, (name, target) in links.items():
        try:
            os.symlink(target, folder / name)
        except OSError as error:
            vault.skipped[case] = str(error)
            continue
        vault.others[case] = name


def snapshot(folder: Path) -> dict[str, tuple]:
    """What is on disk under `folder`, symlinks not followed: (mode, size, mtime, digest or
    link target) per path, to show a vault was left byte-identical."""
    state: dict[str, tuple] = {}
    for directory, names, files in os.walk(folder):
        for name in names + files:
            full = os.path.join(directory, name)
            info = os.lstat(full)
            rel = os.path.relpath(full, folder)
            if stat.S_ISLNK(info.st_mode):
                state[rel] = (info.st_mode, os.readlink(full))
            elif stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256()
                fd = os.open(full, os.O_RDONLY) if info.st_mode & 0o444 else None
                if fd is not None:
                    with open(fd, "rb") as handle:
                        digest.update(handle.read())
                state[rel] = (info.st_mode, info.st_size, info.st_mtime_ns, digest.hexdigest())
            else:
                state[rel] = (info.st_mode, info.st_mtime_ns)
    return state
