#!/usr/bin/env bash
# smtp-trace browser suite: installs Debian's chromium (headless use only) for the HTML report test. Run as root on
# Debian/Ubuntu. Idempotent: when chromium is already installed this only checks that it starts. Nothing is started
# or configured system-wide: the test runs chromium itself, headless, with its own temporary profile directory,
# bound to loopback, and stops it afterwards; the host's own browser and profiles are never touched.
set -euo pipefail
log() { printf 'browser-setup: %s\n' "$*" >&2; }
die() { printf 'browser-setup: ERROR: %s\n' "$*" >&2; exit 1; }

PACKAGES=(chromium fonts-dejavu-core)
missing=()
installed="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PACKAGES[@]}" 2>/dev/null || true)"
for p in "${PACKAGES[@]}"; do
  grep -qx "$p installed" <<<"$installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || die "must run as root to install ${missing[*]}"
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt_log=/tmp/smtp-trace-browser-apt.log
  apt-get update >"$apt_log" 2>&1 || log "apt-get update failed (see $apt_log); trying install anyway"
  if ! apt-get install -y --no-install-recommends "${missing[@]}" >>"$apt_log" 2>&1; then
    tail -n 30 "$apt_log" >&2
    die "apt-get install ${missing[*]} failed (full log: $apt_log)"
  fi
fi
command -v chromium >/dev/null || die "chromium not found after install"
# probe: a headless start with a throw-away profile that prints its version and exits
profile="$(mktemp -d /tmp/smtp-trace-browser-probe.XXXXXX)"
trap 'rm -rf "$profile"' EXIT
if ! version="$(timeout 60 chromium --headless --no-sandbox --user-data-dir="$profile" --version 2>/dev/null)"; then
  die "chromium is installed but does not start headless"
fi
log "ready: $version"
