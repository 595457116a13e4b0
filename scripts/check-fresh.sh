#!/bin/sh
# Usage: scripts/check-fresh.sh [ROOT_DIR]
# `make test` as a new user would run it: on a brand-new Debian 12 (bookworm, minbase + git +
# make) built with debootstrap, as root, on a clone of the committed HEAD. Catches packages the
# Makefile forgets because a used machine happens to have them. Needs root and the Debian mirror;
# takes a while (a full build from nothing). Uncommitted changes are not part of the check.
# CHECK_FRESH_CCACHE_DIR=<dir> lends the root a compiler cache (bind-mounted, with base_dir set
# so hits survive the different checkout path): it only saves compile time, a missing header or
# package still fails.
set -eu
REPO=$(cd "$(dirname "$0")/.." && pwd)
ROOT=${1:-/var/tmp/griddeck-fresh}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [ "$(id -u)" -ne 0 ]; then
    echo "check-fresh: needs root (debootstrap and chroot); run it as root or with sudo" >&2
    exit 1
fi
"$REPO/scripts/install-deps.sh" debootstrap

mounted=""
cleanup() {
    for m in $mounted; do
        umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mount_in_root() { # type-or-bind source target
    mkdir -p "$ROOT$3"
    if [ "$1" = bind ]; then
        mount --bind "$2" "$ROOT$3"
    else
        mount -t "$1" "$2" "$ROOT$3"
    fi
    mounted="$ROOT$3 $mounted" # unmount in reverse order
}

# Start from nothing each time: a root left over from an earlier run is not fresh.
if [ -e "$ROOT" ]; then
    if grep -q " $ROOT/" /proc/mounts; then
        echo "check-fresh: something is still mounted under $ROOT; unmount it first" >&2
        exit 1
    fi
    rm -rf "$ROOT"
fi
mkdir -p "$ROOT"
echo "check-fresh: debootstrap bookworm (minbase + git + make) into $ROOT"
debootstrap --variant=minbase --include=git,make,ca-certificates bookworm "$ROOT" "$MIRROR"
cat >"$ROOT/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# The host's own certificate authorities (a TLS-inspecting proxy's, say) go with its network
# setup: without them `npm ci` cannot reach the registry from the root. Debian's node reads the
# system store, so nothing else is lent.
if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
    mkdir -p "$ROOT/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
    chroot "$ROOT" update-ca-certificates >/dev/null
fi

commit=$(git -C "$REPO" rev-parse HEAD)
if [ -n "$(git -C "$REPO" status --porcelain --untracked-files=no)" ]; then
    echo "check-fresh: note: uncommitted changes are not checked, only $commit"
fi
SRC=/work/griddeck
git clone --quiet --no-hardlinks "$REPO" "$ROOT$SRC"
git -C "$ROOT$SRC" checkout --quiet --detach "$commit"

mount_in_root proc proc /proc
mount_in_root sysfs sysfs /sys
mount_in_root bind /dev /dev
mount_in_root bind /dev/pts /dev/pts
mount_in_root tmpfs tmpfs /dev/shm
ccache_env=""
if [ -n "${CHECK_FRESH_CCACHE_DIR:-}" ]; then
    mount_in_root bind "$CHECK_FRESH_CCACHE_DIR" /var/cache/griddeck-ccache
    ccache_env="CCACHE_DIR=/var/cache/griddeck-ccache CCACHE_BASEDIR=/work CCACHE_NOHASHDIR=1"
    echo "check-fresh: compiler cache lent from $CHECK_FRESH_CCACHE_DIR"
fi

echo "check-fresh: make test in the fresh root (commit $commit)"
status=0
chroot "$ROOT" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb CI=true \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    GRIDDECK_TEST_TIME_SCALE="${GRIDDECK_TEST_TIME_SCALE:-}" $ccache_env \
    sh -c "cd $SRC && make test" || status=$?
if [ $status -eq 0 ]; then
    echo "check-fresh: PASS: make test passed on a fresh Debian 12 root ($ROOT)"
else
    echo "check-fresh: FAIL: make test exited with $status on a fresh Debian 12 root ($ROOT)" >&2
fi
exit $status
