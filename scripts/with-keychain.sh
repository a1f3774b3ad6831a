#!/usr/bin/env bash
# Runs a command with a real, unlocked, throwaway OS keychain (gnome-keyring over a private D-Bus
# session), so the keychain integration tests always run and never touch a developer's own keyring.
set -euo pipefail
if [ "${SAHHA_KEYCHAIN_READY:-}" = "1" ]; then exec "$@"; fi
for bin in dbus-run-session gnome-keyring-daemon; do
  if ! command -v "$bin" >/dev/null 2>&1; then
    echo "No test keychain: '$bin' is missing. Install it with: sudo apt-get install -y gnome-keyring dbus-x11" >&2
    exit 1
  fi
done
XDG_DATA_HOME="$(mktemp -d)"
export XDG_DATA_HOME
trap 'rm -rf "$XDG_DATA_HOME"' EXIT
export SAHHA_KEYCHAIN_READY=1
# The dbus-daemon fd-limit line is harmless noise on every run; keep the rest of stderr.
dbus-run-session -- bash -c 'echo -n throwaway-test-keyring-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "$@"' keychain "$@" \
  2> >(grep -vE "Failed to set fd limit|Activating service name=|Successfully activated service" >&2)
