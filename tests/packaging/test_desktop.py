"""Desktop integration: the menu entry a user double-clicks, installed the pip way
(`python -m viewer install-desktop`) and the bundle way (install.sh), started exactly as a
desktop starts it, and removed again without leaving or taking anything else."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import REPO, SAMPLE_VAULT
from tests.packaging.conftest import INSTALL_SH, poll, snapshot, tool
from viewer import APP_ID, APP_NAME, __version__
from viewer.desktop import (
    DESKTOP_FILE,
    ICON_SIZES,
    METAINFO_FILE,
    desktop_entry,
    expand_exec,
    install,
    quote_exec_argument,
    split_exec,
    uninstall,
)

PACKAGED_DESKTOP = REPO / "packaging" / "linux" / DESKTOP_FILE
PACKAGED_METAINFO = REPO / "packaging" / "linux" / METAINFO_FILE
NOTE = "library/reading/2024/Reading List.md"  # spaces in the path a desktop passes on
WINDOW_SECONDS = 60
RUN_SECONDS = 180

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="freedesktop.org desktop integration"
)


def read_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


# --- Exec values ---------------------------------------------------------------------------

arguments = st.lists(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12),
    min_size=1,
    max_size=4,
)


@given(arguments)
def test_exec_quoting_round_trips_any_argument(args):
    value = " ".join(quote_exec_argument(arg) for arg in args)
    assert expand_exec(value, []) == args


def test_exec_quoting_follows_the_spec_examples():
    assert quote_exec_argument("/usr/bin/vault-viewer") == "/usr/bin/vault-viewer"
    assert quote_exec_argument("/opt/my apps/vv") == '"/opt/my apps/vv"'
    assert quote_exec_argument("/opt/$HOME/100%") == '"/opt/\\\\$HOME/100%%"'
    assert quote_exec_argument("a\\b") == '"a\\\\\\\\b"'  # a quoted backslash is four


def test_expand_exec_field_codes():
    files = ["/v/one", "/v/two words"]
    assert expand_exec("vault-viewer %F", files) == ["vault-viewer", *files]
    assert expand_exec("vault-viewer %f", files) == ["vault-viewer", "/v/one"]
    assert expand_exec("vault-viewer %U", files) == ["vault-viewer", *files]
    assert expand_exec("vault-viewer %F", []) == ["vault-viewer"]
    assert expand_exec("vv %i --rate 100%% %c %F", files[:1]) == ["vv", "--rate", "100%", "/v/one"]
    assert split_exec('"/opt/my apps/vv" %F') == ["/opt/my apps/vv", "%F"]
    with pytest.raises(ValueError):
        split_exec('"/never closed %F')


def test_desktop_entry_names_the_program_by_absolute_path():
    program = Path("/home/a user/.local/pipx/venvs/vault-viewer/bin/vault-viewer")
    entry = desktop_entry(PACKAGED_DESKTOP.read_text(encoding="utf-8"), program)
    lines = entry.splitlines()
    exec_value = next(line[5:] for line in lines if line.startswith("Exec="))
    assert expand_exec(exec_value, ["/v"]) == [str(program), "/v"]
    assert f"TryExec={program}" in lines  # the entry hides itself once the program is gone
    other = [line for line in lines if not line.startswith(("Exec=", "TryExec="))]
    packaged = PACKAGED_DESKTOP.read_text(encoding="utf-8").splitlines()
    assert other == [line for line in packaged if not line.startswith("Exec=")]


# --- the packaged metadata -----------------------------------------------------------------


def test_packaged_desktop_file_declares_the_app():
    entry = read_entry(PACKAGED_DESKTOP)
    assert entry["Name"] == APP_NAME
    assert entry["Exec"] == "vault-viewer %F"
    assert entry["Icon"] == APP_ID == PACKAGED_DESKTOP.name.removesuffix(".desktop")
    assert entry["Terminal"] == "false"
    assert entry["Categories"] == "Office;Viewer;"
    assert set(entry["MimeType"].split(";")) >= {"inode/directory", "text/markdown"}
    # X11 WM_CLASS is (program name, QGuiApplication.applicationName()): match the second,
    # which does not depend on how the app was started (checked live under Xvfb below).
    assert entry["StartupWMClass"] == APP_NAME


def test_packaged_metainfo_describes_the_app():
    root = ElementTree.parse(PACKAGED_METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("name") == APP_NAME
    assert root.find("launchable").text == DESKTOP_FILE
    assert root.find("launchable").get("type") == "desktop-id"
    assert root.findtext("provides/binary") == "vault-viewer"
    assert root.find("content_rating") is not None
    assert root.find("description/p") is not None
    assert next(root.iter("release")).get("version") == __version__


def test_desktop_file_validates():
    validator = tool("desktop-file-validate")
    result = subprocess.run([validator, str(PACKAGED_DESKTOP)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not result.stdout.strip(), result.stdout  # no warnings either


def test_metainfo_validates():
    appstreamcli = tool("appstreamcli")
    result = subprocess.run(
        [appstreamcli, "validate", "--no-net", str(PACKAGED_METAINFO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- install and uninstall -----------------------------------------------------------------


@dataclass
class Installed:
    kind: str
    prefix: Path
    env: dict[str, str]

    @property
    def desktop_file(self) -> Path:
        return self.prefix / "share" / "applications" / DESKTOP_FILE

    def exec_command(self, paths: list[str]) -> list[str]:
        """What a desktop runs when the user opens `paths` with this entry."""
        return expand_exec(read_entry(self.desktop_file)["Exec"], paths)


def pip_program() -> Path:
    script = Path(sysconfig.get_path("scripts")) / "vault-viewer"
    if not script.is_file():
        pytest.skip(f"no installed vault-viewer gui-script at {script} (pip install -e .)")
    return script


def run_installer(kind: str, prefix: Path, env: dict[str, str], *extra: str) -> str:
    if kind == "pip":
        pip_program()
        command = [sys.executable, "-m", "viewer", "install-desktop", "--prefix", str(prefix)]
    else:
        from tests.packaging.conftest import BUNDLE_PROGRAM

        if not BUNDLE_PROGRAM.is_file():
            pytest.skip("no bundle in dist/vault-viewer: build it with `make package`")
        command = [str(INSTALL_SH), "--prefix", str(prefix)]
    result = subprocess.run(
        [*command, *extra],
        env=env,
        cwd=prefix.parent,
        capture_output=True,
        text=True,
        timeout=RUN_SECONDS,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(params=["pip", "bundle"])
def installed(request, tmp_path, app_env) -> Installed:
    prefix = tmp_path / "prefix"
    prefix.mkdir()
    run_installer(request.param, prefix, app_env)
    return Installed(request.param, prefix, app_env)


def test_install_puts_entry_icons_and_metainfo_in_place(installed):
    share = installed.prefix / "share"
    entry = read_entry(installed.desktop_file)
    program = Path(installed.exec_command([])[0])
    assert program.is_absolute() and os.access(program, os.X_OK)
    if installed.kind == "pip":
        assert program == pip_program()
    else:
        assert program == installed.prefix / "bin" / "vault-viewer"
        assert program.resolve() == installed.prefix / "lib" / "vault-viewer" / "vault-viewer"
    assert entry["TryExec"] == str(program)
    assert entry["Icon"] == APP_ID
    icons = REPO / "resources" / "icons"
    for size in ICON_SIZES:
        installed_icon = share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert installed_icon.read_bytes() == (icons / f"{APP_ID}-{size}.png").read_bytes()
    scalable = share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert scalable.read_bytes() == (icons / f"{APP_ID}.svg").read_bytes()
    metainfo = share / "metainfo" / METAINFO_FILE
    assert metainfo.read_bytes() == PACKAGED_METAINFO.read_bytes()


def test_installed_desktop_file_validates(installed):
    validator = tool("desktop-file-validate")
    result = subprocess.run([validator, str(installed.desktop_file)], capture_output=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("kind", ["pip", "bundle"])
def test_uninstall_removes_exactly_what_was_installed(kind, tmp_path, app_env):
    """Into an empty prefix and one that other software already uses: afterwards each holds
    exactly what it held before (caches aside, which are refreshed, not removed)."""
    empty = tmp_path / "empty"
    empty.mkdir()
    busy = tmp_path / "busy"
    neighbours = {
        "bin/other-tool": b"#!/bin/sh\n",
        "lib/other/lib.so": b"x",
        "share/applications/other.desktop": b"[Desktop Entry]\nType=Application\nName=Other\n"
        b"Exec=other %F\nMimeType=text/plain;\n",
        "share/icons/hicolor/48x48/apps/other.png": b"png",
        "share/metainfo/other.metainfo.xml": b"<component/>",
    }
    for relative, content in neighbours.items():
        (busy / relative).parent.mkdir(parents=True, exist_ok=True)
        (busy / relative).write_bytes(content)
    for prefix in (empty, busy):
        before = snapshot(prefix)
        run_installer(kind, prefix, app_env)
        assert len(snapshot(prefix)) > len(before) + len(ICON_SIZES)
        run_installer(kind, prefix, app_env, "--uninstall")
        after = snapshot(prefix)
        cache = "share/applications/mimeinfo.cache"
        after.pop(cache, None)  # refreshed for other.desktop when update-desktop-database exists
        assert after == before


@pytest.mark.parametrize("kind", ["pip", "bundle"])
def test_reinstall_replaces_and_uninstall_without_install_is_harmless(kind, tmp_path, app_env):
    prefix = tmp_path / "prefix"
    prefix.mkdir()
    output = run_installer(kind, prefix, app_env, "--uninstall")
    assert "Nothing to uninstall" in output
    run_installer(kind, prefix, app_env)
    first = snapshot(prefix)
    run_installer(kind, prefix, app_env)
    assert snapshot(prefix).keys() == first.keys()
    run_installer(kind, prefix, app_env, "--uninstall")
    assert snapshot(prefix) == {}


def test_install_function_records_created_folders_only(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", "")  # no cache tools: the files alone
    share = tmp_path / "share"
    (share / "icons" / "hicolor").mkdir(parents=True)
    written = install(share, Path("/opt/vv/vault-viewer"))
    assert len(written) == 2 + 1 + len(ICON_SIZES)
    manifest = (share / "vault-viewer" / "desktop-install.manifest").read_text()
    assert "dir icons\n" not in manifest and "dir icons/hicolor\n" not in manifest
    assert "dir applications\n" in manifest
    assert sorted(uninstall(share)) == sorted(written)
    assert snapshot(tmp_path) == {"share": None, "share/icons": None, "share/icons/hicolor": None}


def test_uninstall_never_leaves_the_prefix(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", "")
    outside = tmp_path / "precious.txt"
    outside.write_text("keep")
    share = tmp_path / "prefix" / "share"
    install(share, Path("/opt/vv/vault-viewer"))
    manifest = share / "vault-viewer" / "desktop-install.manifest"
    manifest.write_text(manifest.read_text() + f"file ../../precious.txt\nfile {outside}\n")
    uninstall(share)
    assert outside.read_text() == "keep"


# --- the double-click proof ----------------------------------------------------------------


def test_double_click_opens_the_vault_offscreen(installed):
    """The installed entry's Exec line, with %F expanded as a file manager does, starts the
    app on the vault; --smoke-test reports the window title it rendered (no display needed)."""
    command = installed.exec_command([str(SAMPLE_VAULT)])
    command.insert(-1, "--smoke-test")
    env = {**installed.env, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(command, env=env, capture_output=True, timeout=RUN_SECONDS)
    stdout = result.stdout.decode("utf-8", errors="replace")
    assert result.returncode == 0, stdout + result.stderr.decode("utf-8", errors="replace")
    assert f"— {SAMPLE_VAULT.name} — {APP_NAME}'" in stdout


def window_title(xdotool: str, display: str, window: str) -> str:
    result = subprocess.run(
        [xdotool, "getwindowname", window], env={"DISPLAY": display}, capture_output=True
    )
    return result.stdout.decode("utf-8", errors="replace").strip()


def x_properties(display: str, window: str) -> str:
    xprop = tool("xprop")
    names = ["WM_CLASS", "_GTK_APPLICATION_ID", "_KDE_NET_WM_DESKTOP_FILE", "_NET_WM_ICON"]
    result = subprocess.run(
        [xprop, "-display", display, "-id", window, *names], capture_output=True, timeout=30
    )
    # _NET_WM_ICON is a long list of pixel values: its first line is enough
    return "\n".join(line[:300] for line in result.stdout.decode(errors="replace").splitlines())


@pytest.mark.parametrize("target", ["vault folder", "note file"])
def test_double_click_opens_a_window_under_xvfb(installed, xvfb, target, sample_vault):
    """A real X server: the window appears, titled with the vault (and the note), carrying
    the identity the desktop matches it with (app id, WM_CLASS, icon)."""
    xdotool = tool("xdotool")
    path = SAMPLE_VAULT if target == "vault folder" else SAMPLE_VAULT / NOTE
    expected = f"{SAMPLE_VAULT.name} — {APP_NAME}"
    if target == "note file":
        expected = f"{sample_vault.notes[NOTE].title} — {expected}"
    env = {**installed.env, "DISPLAY": xvfb, "QT_QPA_PLATFORM": "xcb"}
    process = subprocess.Popen(
        installed.exec_command([str(path)]),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:

        def find_window() -> str | None:
            if process.poll() is not None:
                return "exited"
            found = subprocess.run(
                [xdotool, "search", "--name", SAMPLE_VAULT.name],
                env={"DISPLAY": xvfb},
                capture_output=True,
                text=True,
            )
            return found.stdout.split()[0] if found.returncode == 0 else None

        window = poll(find_window, WINDOW_SECONDS)
        if window == "exited":
            error = process.stderr.read().decode(errors="replace")
            if 'Could not load the Qt platform plugin "xcb"' in error:
                pytest.skip(f"Qt's xcb plugin cannot load here (see README, Linux): {error}")
            pytest.fail(f"the app exited with status {process.returncode}: {error}")
        assert window, f"no window titled with {SAMPLE_VAULT.name!r} within {WINDOW_SECONDS} s"
        title = poll(
            lambda: (t := window_title(xdotool, xvfb, window)).endswith(expected) and t,
            WINDOW_SECONDS,
        )
        assert title, window_title(xdotool, xvfb, window)
        if target == "vault folder":
            properties = x_properties(xvfb, window)
            startup_class = read_entry(installed.desktop_file)["StartupWMClass"]
            wm_class = properties.split("WM_CLASS(STRING) = ")[1].splitlines()[0]
            assert f'"{startup_class}"' in wm_class.split(", ")
            assert f'_GTK_APPLICATION_ID(UTF8_STRING) = "{APP_ID}"' in properties
            assert f'_KDE_NET_WM_DESKTOP_FILE(UTF8_STRING) = "{APP_ID}"' in properties
            assert "_NET_WM_ICON(CARDINAL) = " in properties  # the window icon was found
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
        process.stderr.close()


# --- entry points --------------------------------------------------------------------------


def test_entry_points_report_the_version(tmp_path):
    expected = f"{APP_NAME} {__version__}"
    commands = [[str(pip_program()), "--version"], [sys.executable, "-m", "viewer", "--version"]]
    for command in commands:
        result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=60)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == expected
