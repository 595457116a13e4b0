#!/bin/sh
# Usage: scripts/check-packages.sh BUILD_DIR PACKAGE...
# After configure: every file CMake read from the system (package config files, Find modules)
# and every system file it found (compiler, tools, libraries in CMakeCache.txt) must come from a
# Debian package that is in the given list (the Makefile's) or a dependency of one. A package
# that was only present by accident on the developer's machine fails here, naming the file,
# instead of failing configure on a fresh machine.
set -eu
BUILD_DIR=$1
shift
SRC_DIR=$(cd "$(dirname "$0")/.." && pwd)
BUILD_ABS=$(cd "$BUILD_DIR" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -f "$BUILD_ABS/build.ninja" ] || [ ! -f "$BUILD_ABS/CMakeCache.txt" ]; then
    echo "check-packages: $BUILD_ABS is not a configured Ninja build directory" >&2
    exit 1
fi

# Every system file the build uses, as named in the generated Ninja files: what CMake read while
# configuring (package config files, Find modules: the dependencies of the "re-run cmake" edge),
# the tools it runs (compiler, ccache, moc, lrelease...) and the libraries it links.
cat "$BUILD_ABS/build.ninja" "$BUILD_ABS/CMakeFiles/rules.ninja" \
    | grep -o '\(^\|[ =:]\)/[^ :$]*' | sed 's/^[ =:]//' | sort -u >"$tmp/files"
: >"$tmp/system"
while IFS= read -r f; do
    case "$f" in
        /*) ;;
        *) continue ;;
    esac
    case "$f" in
        "$SRC_DIR"/* | "$BUILD_ABS"/*) continue ;;
    esac
    [ -f "$f" ] && echo "$f" >>"$tmp/system"
done <"$tmp/files"
sort -u "$tmp/system" -o "$tmp/system"

# Owner of each file ("pkgA, pkgB: /path" when several ship it). A path dpkg does not know as
# given (/lib vs /usr/lib, alternatives symlinks) is retried resolved.
: >"$tmp/owners"
: >"$tmp/unowned"
# shellcheck disable=SC2046
dpkg -S $(cat "$tmp/system") 2>/dev/null | sed 's/:[a-z0-9_-]*\(, \|: \)/\1/g' \
    | sed 's/: \(\/.*\)$/\t\1/' >"$tmp/found" || true
cut -f2 "$tmp/found" | sort -u >"$tmp/found-paths"
grep -vxF -f "$tmp/found-paths" "$tmp/system" | while IFS= read -r f; do
    owner=""
    for candidate in "$(readlink -f "$f")" "/usr$f" "${f#/usr}"; do
        owner=$(dpkg -S "$candidate" 2>/dev/null | head -n1 | sed 's/: \/.*$//; s/:[a-z0-9_-]*//g') || true
        [ -n "$owner" ] && break
    done
    if [ -n "$owner" ]; then
        printf '%s\t%s\n' "$owner" "$f" >>"$tmp/owners"
    else
        echo "$f" >>"$tmp/unowned"
    fi
done
cat "$tmp/found" >>"$tmp/owners"

# The listed packages and everything they depend on (installed ones: that is what apt pulled in).
apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances "$@" 2>/dev/null \
    | sed -n 's/^ *|\{0,1\}\(Pre\)\{0,1\}Depends: //p; s/^\([^ ].*\)$/\1/p' \
    | sed 's/[<>]//g; s/:[a-z0-9_-]*$//' | sort -u >"$tmp/allowed"
for p in "$@"; do echo "$p"; done >>"$tmp/allowed"
sort -u "$tmp/allowed" -o "$tmp/allowed"

status=0
: >"$tmp/bad"
while IFS="$(printf '\t')" read -r owners f; do
    ok=0
    for p in $(echo "$owners" | tr ',' ' '); do
        if grep -qx "$p" "$tmp/allowed"; then
            ok=1
            break
        fi
    done
    [ $ok -eq 1 ] || printf '%s\t%s\n' "$owners" "$f" >>"$tmp/bad"
done <"$tmp/owners"
if [ -s "$tmp/bad" ]; then
    status=1
    sort "$tmp/bad" | awk -F'\t' '
        $1 != last { if (last != "") report(); last = $1; first = $2; n = 0 }
        { n++ }
        END { report() }
        function report() {
            printf "check-packages: package \047%s\047 (%d file(s) the build uses, e.g. %s) is neither in the Makefile\047s DEB_PACKAGES nor a dependency of one: add it there\n", last, n, first > "/dev/stderr"
        }'
fi
while IFS= read -r f; do
    echo "check-packages: $f belongs to no Debian package: a fresh machine will not have it" >&2
    status=1
done <"$tmp/unowned"

if [ $status -eq 0 ]; then
    echo "check-packages: $(wc -l <"$tmp/system") system files CMake used come from $(cut -f1 "$tmp/owners" | sort -u | wc -l) packages, all in DEB_PACKAGES or their dependencies"
fi
exit $status
