#!/usr/bin/env bash
# Install the Vault Viewer bundle (built by `make package`) for the current user, or remove it.
#
#   packaging/linux/install.sh [--prefix DIR] [--bundle DIR]   install (default prefix ~/.local)
#   packaging/linux/install.sh [--prefix DIR] --uninstall      remove exactly what was installed
#
# Installs dist/vault-viewer/ as PREFIX/lib/vault-viewer/, a PREFIX/bin/vault-viewer symlink,
# and (through the bundle's own `vault-viewer install-desktop`, the code pip installs use) the
# menu entry, icons and AppStream metainfo under PREFIX/share. Every file and folder created is
# listed in PREFIX/lib/vault-viewer/.install-manifest, so --uninstall removes only those.
# In a release archive this script sits next to the vault-viewer/ folder it installs.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prefix="$HOME/.local"
bundle=""
action=install

usage() {
    sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

die() {
    echo "install.sh: $*" >&2
    exit 1
}

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || die "--prefix needs a folder"; prefix=$2; shift 2 ;;
        --prefix=*) prefix=${1#*=}; shift ;;
        --bundle) [ $# -ge 2 ] || die "--bundle needs a folder"; bundle=$2; shift 2 ;;
        --bundle=*) bundle=${1#*=}; shift ;;
        --uninstall) action=uninstall; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
done

[ -n "$prefix" ] || die "--prefix needs a folder"
case "$prefix" in /*) ;; *) prefix="$PWD/$prefix" ;; esac
prefix=${prefix%/}
lib="$prefix/lib/vault-viewer"
program="$prefix/bin/vault-viewer"
manifest="$lib/.install-manifest"
desktop_manifest="$prefix/share/vault-viewer/desktop-install.manifest"
created=()  # manifest lines, in creation order

# make_dirs REL: create PREFIX/REL folder by folder, recording each one that did not exist.
make_dirs() {
    local path="" part
    local -a parts
    if [ ! -d "$prefix" ]; then
        mkdir -p -- "$prefix"
        created+=("dir .")
    fi
    IFS=/ read -ra parts <<<"$1"
    for part in "${parts[@]}"; do
        path=${path:+$path/}$part
        if [ ! -d "$prefix/$path" ]; then
            mkdir -- "$prefix/$path"
            created+=("dir $path")
        fi
    done
}

# remove_listed MANIFEST BASE: remove the files a manifest lists (paths relative to BASE), then
# the folders it created, deepest first, where they are empty. Same format as viewer/desktop.py.
remove_listed() {
    local list=$1 base=$2 kind path i
    local -a dirs=()
    [ -f "$list" ] || return 0
    while read -r kind path; do
        case "/$path/" in //* | */../*) continue ;; esac  # never outside BASE
        case "$kind" in
            file) rm -f -- "${base:?}/$path" ;;
            dir) dirs+=("$path") ;;
            cache) # a cache this install created: gone once no menu entry is left beside it
                compgen -G "$base/$(dirname -- "$path")/*.desktop" >/dev/null || rm -f -- "$base/$path" ;;
        esac
    done <"$list"
    rm -f -- "$list"
    for ((i = ${#dirs[@]} - 1; i >= 0; i--)); do
        if [ "${dirs[i]}" = . ]; then
            rmdir -- "$base" 2>/dev/null || true
        else
            rmdir -- "$base/${dirs[i]}" 2>/dev/null || true
        fi
    done
}

uninstall() {
    if [ ! -f "$manifest" ]; then
        echo "Nothing to uninstall: no Vault Viewer installed by this script in $prefix."
        return 0
    fi
    if ! { [ -x "$lib/vault-viewer" ] &&
        "$lib/vault-viewer" install-desktop --uninstall --prefix "$prefix" >/dev/null; }; then
        remove_listed "$desktop_manifest" "$prefix/share"  # the bundle is broken or gone
    fi
    if [ -f "$desktop_manifest" ]; then
        remove_listed "$desktop_manifest" "$prefix/share"
    fi
    remove_listed "$manifest" "$prefix"
    echo "Removed Vault Viewer from $prefix."
}

install() {
    if [ -z "$bundle" ]; then
        if [ -x "$here/vault-viewer/vault-viewer" ]; then
            bundle="$here/vault-viewer"  # release archive: install.sh beside the bundle
        else
            bundle="$here/../../dist/vault-viewer"  # source checkout after `make package`
        fi
    fi
    [ -x "$bundle/vault-viewer" ] ||
        die "no bundle at $bundle: build it with 'make package', or pass --bundle DIR"
    bundle=$(cd "$bundle" && pwd)
    if [ -f "$manifest" ]; then
        echo "Replacing the earlier installation in $lib."
        uninstall >/dev/null
    fi
    if [ -e "$lib" ] && [ -n "$(ls -A "$lib")" ]; then
        die "$lib exists but was not installed by this script; remove it or choose another --prefix"
    fi
    if [ -e "$program" ] || [ -L "$program" ]; then
        die "$program exists (a pip or pipx install?); remove it or choose another --prefix"
    fi

    make_dirs "lib/vault-viewer"
    cp -a -- "$bundle/." "$lib/"
    local entry
    while IFS= read -r -d '' entry; do
        created+=("dir lib/vault-viewer/${entry#./}")
    done < <(cd "$bundle" && find . -mindepth 1 -type d -print0 | sort -z)
    while IFS= read -r -d '' entry; do
        created+=("file lib/vault-viewer/${entry#./}")
    done < <(cd "$bundle" && find . -mindepth 1 ! -type d -print0 | sort -z)
    make_dirs "bin"
    ln -s ../lib/vault-viewer/vault-viewer "$program"
    created+=("file bin/vault-viewer")
    {
        echo "# Vault Viewer bundle installed by install.sh; paths below $prefix"
        printf '%s\n' "${created[@]}" | grep '^dir ' || true
        printf '%s\n' "${created[@]}" | grep -v '^dir ' || true
    } >"$manifest"

    if ! "$lib/vault-viewer" install-desktop --prefix "$prefix" --exec "$program" >/dev/null; then
        uninstall >/dev/null
        die "the desktop integration failed; nothing was installed"
    fi
    echo "Installed Vault Viewer in $lib; it is in the app menu now."
    case ":$PATH:" in
        *":$prefix/bin:"*) ;;
        *) echo "To start it from a terminal too, add $prefix/bin to PATH." ;;
    esac
    printf 'Uninstall with: %q --prefix %q --uninstall\n' "$0" "$prefix"
}

"$action"
