"""Desktop integration on Linux: `python -m viewer install-desktop [--prefix DIR] [--uninstall]`.

A pip or pipx install puts a `vault-viewer` program on disk but nothing in the app menu. This
installs the .desktop file (its Exec naming this installation's program by absolute path, so
it works whatever PATH the desktop session has), the hicolor icons and the AppStream metainfo
under PREFIX/share (default: the current user's $XDG_DATA_HOME, ~/.local/share), so the menu
shows Vault Viewer and file managers offer it for folders and .md files.

Every file and folder it creates is listed in a manifest, so `--uninstall` removes exactly
those and nothing a user or another program put beside them. The bundle's
packaging/linux/install.sh runs the frozen app's copy of this command. Never imports Qt: it
must work before (and without) a display.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import APP_ID, APP_NAME
from .locations import resources_dir

PROGRAM = "vault-viewer"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MANIFEST = Path("vault-viewer") / "desktop-install.manifest"  # relative to PREFIX/share
DESKTOP_FILE = f"{APP_ID}.desktop"
METAINFO_FILE = f"{APP_ID}.metainfo.xml"
TOOL_TIMEOUT_SECONDS = 60

# Desktop Entry Specification, "The Exec key": characters that force an argument into quotes,
# and those that must be backslash-escaped inside the quotes.
_EXEC_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
_EXEC_ESCAPED_IN_QUOTES = frozenset('"`$\\')
_STRING_ESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}


class DesktopError(Exception):
    """A reason the integration cannot be installed, worth one clear line."""


# --- Exec values ---------------------------------------------------------------------------


def _escape_string(text: str) -> str:
    """A value of type string: backslash and control characters escaped."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def quote_exec_argument(argument: str) -> str:
    """`argument` as one Exec argument: %% for %, quoted when it holds a reserved character,
    then string-escaped (so a literal backslash in quotes ends up as four)."""
    text = argument.replace("%", "%%")
    if not text or any(char in _EXEC_RESERVED for char in text):
        inner = "".join("\\" + c if c in _EXEC_ESCAPED_IN_QUOTES else c for c in text)
        text = f'"{inner}"'
    return _escape_string(text)


def _unescape_string(value: str) -> str:
    out: list[str] = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append(_STRING_ESCAPES.get(following, "\\" + following))
        else:
            out.append(char)
    return "".join(out)


def split_exec(value: str) -> list[str]:
    """The arguments of an Exec value as written: quotes and escapes undone, `%` codes kept
    (`%F` is still `%F`, `%%` still `%%`) for `expand_exec` to interpret."""
    text = _unescape_string(value)
    arguments: list[str] = []
    current: list[str] = []
    started = quoted = False
    index = 0
    while index < len(text):
        char = text[index]
        if quoted:
            following = text[index + 1] if index + 1 < len(text) else ""
            if char == "\\" and following in _EXEC_ESCAPED_IN_QUOTES:
                current.append(following)
                index += 1
            elif char == '"':
                quoted = False
            else:
                current.append(char)
        elif char == '"':
            quoted = started = True
        elif char == " ":
            if started:
                arguments.append("".join(current))
                current, started = [], False
        else:
            current.append(char)
            started = True
        index += 1
    if quoted:
        raise ValueError(f"unterminated quote in Exec value {value!r}")
    if started:
        arguments.append("".join(current))
    return arguments


def expand_exec(value: str, paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """The command a desktop launches for an Exec value and the files it was given: `%F`/`%U`
    become every path, `%f`/`%u` the first, other field codes nothing, `%%` a percent sign."""
    command: list[str] = []
    for argument in split_exec(value):
        if argument in ("%F", "%U"):
            command.extend(os.fspath(path) for path in paths)
        elif argument in ("%f", "%u"):
            command.extend(os.fspath(path) for path in paths[:1])
        elif len(argument) == 2 and argument[0] == "%" and argument != "%%":
            continue  # %i, %c, %k and deprecated codes: this entry uses none of them
        else:
            command.append(argument.replace("%%", "%"))
    return command


# --- what gets installed -------------------------------------------------------------------


def metadata_dir() -> Path:
    """The .desktop and metainfo sources: bundled under resources/linux/ in a wheel or a frozen
    app, packaging/linux/ in a source checkout."""
    bundled = resources_dir() / "linux"
    if (bundled / DESKTOP_FILE).is_file():
        return bundled
    return Path(__file__).resolve().parent.parent / "packaging" / "linux"


def default_data_dir() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share: where the current user's menu entries live."""
    configured = os.environ.get("XDG_DATA_HOME", "")
    if configured and Path(configured).is_absolute():
        return Path(configured)
    return Path.home() / ".local" / "share"


def installed_program() -> Path:
    """This installation's `vault-viewer`: the frozen executable itself, or the gui-script pip
    wrote for this Python (venv, pipx venv, --user or system scheme)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).absolute()
    folders = [sysconfig.get_path("scripts")]
    user_scheme = f"{os.name}_user"
    if user_scheme in sysconfig.get_scheme_names():
        folders.append(sysconfig.get_path("scripts", user_scheme))
    folders.append(str(Path(sys.executable).parent))
    for folder in folders:
        candidate = Path(folder) / PROGRAM
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate.absolute()
    found = shutil.which(PROGRAM)
    if found:
        return Path(found).absolute()
    raise DesktopError(
        f"no {PROGRAM} program found for {sys.executable}; install the package first "
        "(pip install vault-viewer) or name the program with --exec"
    )


def desktop_entry(template: str, program: Path) -> str:
    """The packaged .desktop file with Exec (and TryExec, which hides the entry once the
    program is gone) naming `program` by absolute path."""
    lines: list[str] = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            prefix = f"Exec={PROGRAM}"
            if not line.startswith(prefix + " "):
                raise DesktopError(f"unexpected Exec line in the desktop file template: {line}")
            lines.append(f"TryExec={_escape_string(str(program))}")
            line = "Exec=" + quote_exec_argument(str(program)) + line[len(prefix) :]
        elif line.startswith("TryExec="):
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def planned_files(program: Path) -> dict[Path, bytes]:
    """{path relative to PREFIX/share: content} for everything install() writes."""
    metadata = metadata_dir()
    icons = resources_dir() / "icons"
    sources = [metadata / DESKTOP_FILE, metadata / METAINFO_FILE, icons / f"{APP_ID}.svg"]
    sources += [icons / f"{APP_ID}-{size}.png" for size in ICON_SIZES]
    missing = [str(path) for path in sources if not path.is_file()]
    if missing:
        raise DesktopError("installation incomplete, missing: " + ", ".join(missing))
    template = (metadata / DESKTOP_FILE).read_text(encoding="utf-8")
    hicolor = Path("icons") / "hicolor"
    files = {
        Path("applications") / DESKTOP_FILE: desktop_entry(template, program).encode("utf-8"),
        Path("metainfo") / METAINFO_FILE: (metadata / METAINFO_FILE).read_bytes(),
        hicolor / "scalable" / "apps" / f"{APP_ID}.svg": (icons / f"{APP_ID}.svg").read_bytes(),
    }
    for size in ICON_SIZES:
        folder = hicolor / f"{size}x{size}" / "apps"
        files[folder / f"{APP_ID}.png"] = (icons / f"{APP_ID}-{size}.png").read_bytes()
    return files


# --- manifest ------------------------------------------------------------------------------


@dataclass
class Manifest:
    """What an install created, relative to its base folder: `file`, `dir` (created, so removed
    when empty) and `cache` (a cache file that did not exist before) lines, in creation order.
    Plain text, so install.sh can read it without Python."""

    files: list[str] = field(default_factory=list)
    dirs: list[str] = field(default_factory=list)
    caches: list[str] = field(default_factory=list)

    def dump(self, note: str) -> str:
        lines = [f"# {note}"]
        lines += [f"dir {path}" for path in self.dirs]
        lines += [f"file {path}" for path in self.files]
        lines += [f"cache {path}" for path in self.caches]
        return "\n".join(lines) + "\n"

    @classmethod
    def load(cls, text: str) -> Manifest:
        manifest = cls()
        kinds = {"file": manifest.files, "dir": manifest.dirs, "cache": manifest.caches}
        for line in text.splitlines():
            kind, _, path = line.partition(" ")
            parts = Path(path).parts
            if kind in kinds and path and not Path(path).is_absolute() and ".." not in parts:
                kinds[kind].append(path)  # never a path outside the folder it describes
        return manifest


def _make_dirs(base: Path, relative: Path, manifest: Manifest) -> None:
    """Create base/relative, recording each folder (base included) that did not exist."""
    if not base.is_dir():
        base.mkdir(parents=True)
        manifest.dirs.append(".")
    current = base
    for part in relative.parts:
        current = current / part
        if not current.is_dir():
            current.mkdir()
            manifest.dirs.append(current.relative_to(base).as_posix())


def _run_tool(*command: str) -> None:
    """Refresh a desktop cache if the tool exists; a missing or failing tool is not an error."""
    if shutil.which(command[0]) is None:
        return
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(command, check=False, capture_output=True, timeout=TOOL_TIMEOUT_SECONDS)


def _refresh_caches(data_dir: Path, manifest: Manifest | None) -> None:
    """update-desktop-database (the mime associations behind "Open with"), creating its cache
    on install (recorded in `manifest`) and only refreshing an existing one on uninstall;
    gtk-update-icon-cache only where an icon cache exists (a new, unmaintained one would hide
    icons installed later)."""
    applications = data_dir / "applications"
    mime_cache = applications / "mimeinfo.cache"
    existed = mime_cache.exists()
    if applications.is_dir() and (existed or manifest is not None):
        _run_tool("update-desktop-database", "-q", str(applications))
        if manifest is not None and not existed and mime_cache.exists():
            manifest.caches.append(mime_cache.relative_to(data_dir).as_posix())
    hicolor = data_dir / "icons" / "hicolor"
    if (hicolor / "icon-theme.cache").is_file():
        _run_tool("gtk-update-icon-cache", "-q", "-t", "-f", str(hicolor))


def install(data_dir: Path, program: Path) -> list[Path]:
    """Install the menu entry, icons and metainfo under `data_dir` (PREFIX/share) for
    `program`; an earlier installation there is replaced. Returns the files written."""
    files = planned_files(program)
    uninstall(data_dir)
    manifest = Manifest()
    written: list[Path] = []
    for relative, content in files.items():
        _make_dirs(data_dir, relative.parent, manifest)
        target = data_dir / relative
        target.write_bytes(content)
        manifest.files.append(relative.as_posix())
        written.append(target)
    _refresh_caches(data_dir, manifest)
    _make_dirs(data_dir, MANIFEST.parent, manifest)
    (data_dir / MANIFEST).write_text(
        manifest.dump(f"{APP_NAME} desktop integration for {program}; paths below {data_dir}"),
        encoding="utf-8",
    )
    return written


def uninstall(data_dir: Path) -> list[Path]:
    """Remove what the manifest under `data_dir` lists, then the folders it created if they
    are empty; returns the files removed (none without a manifest)."""
    manifest_path = data_dir / MANIFEST
    try:
        manifest = Manifest.load(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    removed: list[Path] = []
    for relative in manifest.files:
        target = data_dir / relative
        if target.is_file() or target.is_symlink():
            target.unlink()
            removed.append(target)
    manifest_path.unlink()
    for relative in manifest.caches:
        cache = data_dir / relative
        if not any(cache.parent.glob("*.desktop")):
            cache.unlink(missing_ok=True)  # ours, and describing nothing any more
    _refresh_caches(data_dir, None)
    for relative in reversed(manifest.dirs):
        with contextlib.suppress(OSError):  # not empty: something else lives there now
            (data_dir / relative).rmdir()
    return removed


# --- command line --------------------------------------------------------------------------


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "install-desktop",
        help="add Vault Viewer to the app menu and file manager (Linux desktops)",
        description="Install the menu entry, icons and AppStream metainfo for this installation "
        "under PREFIX/share, or remove exactly what an earlier run installed.",
    )
    parser.add_argument(
        "--prefix", type=Path, help="install under PREFIX/share (default: ~/.local, the user's)"
    )
    parser.add_argument(
        "--uninstall", action="store_true", help="remove the files an earlier run installed"
    )
    parser.add_argument(
        "--exec",
        dest="program",
        type=Path,
        help="program the menu entry starts (default: this installation's vault-viewer)",
    )


def cmd_install_desktop(args: argparse.Namespace) -> int:
    if sys.platform.startswith(("win", "darwin")):
        print(
            "vault-viewer: install-desktop is for Linux and other freedesktop.org desktops; "
            "use the Windows installer or the macOS app instead",
            file=sys.stderr,
        )
        return 2
    data_dir = (args.prefix / "share" if args.prefix else default_data_dir()).absolute()
    try:
        if args.uninstall:
            removed = uninstall(data_dir)
            if not removed:
                print(f"Nothing to uninstall: no {APP_NAME} desktop integration in {data_dir}.")
            else:
                print(f"Removed {len(removed)} files from {data_dir}.")
            return 0
        program = args.program.absolute() if args.program else installed_program()
        written = install(data_dir, program)
    except (DesktopError, OSError) as error:
        print(f"vault-viewer: {error}", file=sys.stderr)
        return 2
    print(f"Installed {len(written)} files under {data_dir} for {program}:")
    for path in written:
        print(f"  {path}")
    frozen = getattr(sys, "frozen", False)
    undo = quote_exec_argument(sys.executable) if frozen else "vault-viewer-cli"
    undo += " install-desktop --uninstall"
    if args.prefix:
        undo += f" --prefix {quote_exec_argument(str(args.prefix))}"
    print(f"Undo with: {undo}")
    return 0
