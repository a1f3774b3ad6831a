#!/usr/bin/env bash
# Runs a command with a real, unlocked, throwaway OS keychain (gnome-keyring over a private D-Bus
# session), so the keychain integration tests always run and never touch a developer's own keyring.
set -euo pipefail
if [ "${SAHHA_KEYCHAIN_READY:-}" = "1" ]; then exec "$@"; fi
if [ "$(uname -s)" != "Linux" ]; then
  # macOS and Windows (Git Bash, as in .github/workflows/ci.yml): the OS keychain of the logged-in user
  # (Keychain, Credential Manager). The tests store under throwaway service names; CI runners are disposable.
  [ "${CI:-}" = "true" ] || echo "with-keychain: no throwaway keychain on $(uname -s); the tests use your own keychain under test service names." >&2
  export SAHHA_KEYCHAIN_READY=1
  exec "$@"
fi
for bin in dbus-run-session dbus-send gnome-keyring-daemon; do
  if ! command -v "$bin" >/dev/null 2>&1; then
    echo "No test keychain: '$bin' is missing. Install it with: sudo apt-get install -y gnome-keyring dbus-x11" >&2
    exit 1
  fi
done
XDG_DATA_HOME="$(mktemp -d)"
export XDG_DATA_HOME
trap 'rm -rf "$XDG_DATA_HOME"' EXIT
export SAHHA_KEYCHAIN_READY=1
# The keyring daemon runs in the foreground as a child of the session's shell, so this run stops (and reaps)
# exactly the daemon it started when the command ends, however it ends. Daemonized (the default), it used to
# outlive the session, and a count of gnome-keyring-daemon processes grew with every run.
# shellcheck disable=SC2016 # expanded by the inner shell
session='
  echo -n throwaway-test-keyring-pw | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null &
  keyring=$!
  trap "kill $keyring 2>/dev/null; wait $keyring 2>/dev/null || true" EXIT
  trap "exit 130" INT
  trap "exit 143" TERM
  owned() {
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"
  }
  # Ready once it owns the Secret Service name on this bus (it claims it shortly after unlocking).
  for _ in $(seq 200); do owned && break; kill -0 $keyring 2>/dev/null || break; sleep 0.05; done
  if ! owned; then
    echo "No test keychain: gnome-keyring-daemon did not start on the private D-Bus session." >&2
    exit 1
  fi
  "$@"'
# The dbus-daemon fd-limit line is harmless noise on every run; keep the rest of stderr.
dbus-run-session -- bash -c "$session" keychain "$@" \
  2> >(grep -vE "Failed to set fd limit|Activating service name=|Successfully activated service" >&2)
