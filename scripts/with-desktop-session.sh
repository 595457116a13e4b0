#!/bin/sh
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (so QtKeychain
# talks to a real secret service) and a virtual X display (so GUI tests drive real widgets).
set -eu
if [ -z "${GRIDDECK_DESKTOP_SESSION:-}" ]; then
    export GRIDDECK_DESKTOP_SESSION=1
    exec dbus-run-session -- "$0" "$@"
fi
# A throwaway home for the keyring, so tests never touch the user's own secrets.
GRIDDECK_TEST_HOME=$(mktemp -d)
export XDG_DATA_HOME="$GRIDDECK_TEST_HOME/data" XDG_CONFIG_HOME="$GRIDDECK_TEST_HOME/config"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"
eval "$(printf 'griddeck-test' | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null)" || true
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
status=0
xvfb-run -a -s "-screen 0 1600x1000x24" "$@" || status=$?
rm -rf "$GRIDDECK_TEST_HOME"
exit $status
