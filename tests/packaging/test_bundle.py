"""The frozen app in dist/vault-viewer/ (built by `make package`, never by the test suite):
skipped when there is no bundle, so `make test` stays fast; checked thoroughly when there is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SAMPLE_VAULT
from tests.packaging.conftest import poll, tool
from viewer import APP_ID, APP_NAME, __version__

MAX_BUNDLE_MB = 150
RUN_SECONDS = 300
# Libraries the Linux bundle takes from the system (its README list), by soname: the C
# library, the C++ runtime the host's GL drivers also need, GL, X11, fonts, D-Bus, Wayland.
HOST_LIBRARIES = {
    "libc6": {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1"}
    | {"libutil.so.1", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"},
    "libstdc++6": {"libstdc++.so.6"},
    "libgcc-s1": {"libgcc_s.so.1"},
    "libegl1": {"libEGL.so.1"},
    "libgl1": {"libGL.so.1", "libGLX.so.0", "libOpenGL.so.0"},
    "libx11-6": {"libX11.so.6"},
    "libx11-xcb1": {"libX11-xcb.so.1"},
    "libxcb1": {"libxcb.so.1"},
    "libfontconfig1": {"libfontconfig.so.1"},
    "libfreetype6": {"libfreetype.so.6"},
    "libdbus-1-3": {"libdbus-1.so.3"},
    "libwayland-client0": {"libwayland-client.so.0"},
    "libwayland-cursor0": {"libwayland-cursor.so.0"},
    "libwayland-egl1": {"libwayland-egl.so.1"},
}


@pytest.fixture
def program(bundle) -> Path:
    return bundle / ("vault-viewer.exe" if sys.platform == "win32" else "vault-viewer")


def run(command: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, env=env, capture_output=True, timeout=RUN_SECONDS, check=False, **kwargs
    )


def decoded(result: subprocess.CompletedProcess) -> str:
    return (result.stdout + result.stderr).decode("utf-8", errors="replace")


def test_bundle_fits_the_size_budget(bundle):
    total = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    assert total <= MAX_BUNDLE_MB * 1024 * 1024, f"{total / 1024 / 1024:.0f} MB"


def test_bundle_carries_its_resources(bundle):
    resources = bundle / "_internal" / "resources"
    assert (resources / "sample-vault" / ".obsidian" / "app.json").is_file()
    assert (resources / "sample-vault" / "Welcome.md").is_file()
    assert (resources / "icons" / f"{APP_ID}.svg").is_file()
    assert (resources / "icons" / f"{APP_ID}-256.png").is_file()
    assert (resources / "linux" / f"{APP_ID}.desktop").is_file()
    assert not list(bundle.rglob("translations/*.qm")), "Qt translations are not used"


def test_frozen_app_reports_its_version(program, app_env):
    result = run([str(program), "--version"], app_env)
    assert result.returncode == 0, decoded(result)
    assert result.stdout.decode().strip() == f"{APP_NAME} {__version__}"


def test_frozen_smoke_test_renders_a_note(program, app_env):
    env = {**app_env, "QT_QPA_PLATFORM": "offscreen"}
    result = run([str(program), "--smoke-test", str(SAMPLE_VAULT)], env)
    assert result.returncode == 0, decoded(result)
    assert f"— {SAMPLE_VAULT.name} — {APP_NAME}'" in result.stdout.decode("utf-8", "replace")


def test_frozen_app_runs_headless_commands(program, app_env, sample_vault):
    result = run([str(program), "doctor", str(SAMPLE_VAULT), "--json"], app_env)
    assert result.returncode == 0, decoded(result)
    assert json.loads(result.stdout)["notes"] == len(sample_vault.notes)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_frozen_app_indexes_a_large_vault_in_worker_processes(program, app_env, tmp_path):
    """Above PARALLEL_MIN_BYTES the window's index thread parses in worker processes started
    through a fork server; frozen, those are this executable run again with `-c ...`, which
    only works because main() calls multiprocessing.freeze_support() first."""
    from viewer.core.indexer import PARALLEL_MIN_BYTES

    vault = tmp_path / "large-vault"
    notes = PARALLEL_MIN_BYTES // 8_000 * 5 // 4 + 8  # ~8 KB a note, a quarter to spare
    count = ("--notes", str(notes))
    generated = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "synth_vault.py"), str(vault), *count],
        capture_output=True,
        text=True,
        timeout=RUN_SECONDS,
    )
    assert generated.returncode == 0, generated.stderr
    size = sum(p.stat().st_size for p in vault.rglob("*.md"))
    assert size > PARALLEL_MIN_BYTES, "the vault must be large enough for worker processes"

    env = {**app_env, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [str(program), "--smoke-test", str(vault)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    executable = os.path.realpath(program)

    def forkserver_running() -> bool:
        for entry in Path("/proc").iterdir():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if (
                entry.name.isdigit()
                and os.path.realpath(argv[0].decode(errors="replace")) == executable
                and any(b"multiprocessing.forkserver" in part for part in argv)
            ):
                return True
        return False

    seen = poll(lambda: forkserver_running() or process.poll() is not None, RUN_SECONDS)
    seen = seen and forkserver_running()
    stdout, stderr = process.communicate(timeout=RUN_SECONDS)
    output = (stdout + stderr).decode("utf-8", errors="replace")
    assert process.returncode == 0, output
    assert f", {len(list(vault.rglob('*.md')))} notes, " in output  # every note indexed
    assert seen, "no fork server from the frozen executable: did indexing run in-process?"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ELF libraries")
def test_bundle_needs_only_the_documented_host_libraries(bundle):
    """Every library a bundled binary links to is in the bundle or in the README's list of
    system packages; and the README names each package the bundle really needs."""
    objdump = tool("objdump")
    binaries = [
        path
        for path in bundle.rglob("*")
        if path.is_file()
        and not path.is_symlink()
        and (".so" in path.name or path == bundle / "vault-viewer")
    ]
    bundled = {path.name for path in bundle.rglob("*.so*")}
    needed: dict[str, set[str]] = {}
    for binary in binaries:
        dump = run([objdump, "-p", str(binary)], dict(os.environ)).stdout.decode()
        for line in dump.splitlines():
            if line.strip().startswith("NEEDED"):
                needed.setdefault(line.split()[1], set()).add(binary.name)
    from_host = {name: users for name, users in needed.items() if name not in bundled}
    documented = set().union(*HOST_LIBRARIES.values())
    undocumented = {
        name: sorted(users)[:3] for name, users in from_host.items() if name not in documented
    }
    assert not undocumented, f"host libraries the README does not list: {undocumented}"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    packages = {package for package, names in HOST_LIBRARIES.items() if names & from_host.keys()}
    assert {package for package in packages if package not in readme} == set()
