#!/usr/bin/env bash
# smtp-trace Prometheus suite: puts Debian's `prometheus` package FILES (prometheus, promtool) into a project directory,
# /opt/smtp-trace-it/prometheus, without installing the package: `apt-get download` + `dpkg-deb -x`. Nothing is
# started, no service is registered, no user is created, no file outside that directory changes, and a Prometheus the
# host already runs (package, service or container) is never started, stopped, restarted or reconfigured.
# The test (src/it/prometheus, PrometheusDashboardIT) starts its own Prometheus from here on a free loopback port with
# its own configuration and data directory under target/, and kills it afterwards.
# Run as root on Debian/Ubuntu. Idempotent: when the binaries are there and run, it only prints where they are.
set -euo pipefail
log() { printf 'prometheus-setup: %s\n' "$*" >&2; }
die() { printf 'prometheus-setup: ERROR: %s\n' "$*" >&2; exit 1; }

ROOT="${SMTPTRACE_PROMETHEUS_HOME:-/opt/smtp-trace-it/prometheus}"
BIN="$ROOT/usr/bin"
MARKER="$ROOT/.smtp-trace-it"   # this script's own tree: the only kind it ever replaces
case "$ROOT" in /*) ;; *) die "SMTPTRACE_PROMETHEUS_HOME must be an absolute path: $ROOT" ;; esac

works() { [ -x "$BIN/prometheus" ] && [ -x "$BIN/promtool" ] && "$BIN/prometheus" --version >/dev/null 2>&1 \
  && "$BIN/promtool" --version >/dev/null 2>&1; }

if ! works; then
  [ "$(id -u)" -eq 0 ] || die "must run as root to write $ROOT"
  command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || die "needs apt-get and dpkg-deb (Debian/Ubuntu)"
  if [ -e "$ROOT" ] && [ ! -e "$MARKER" ] && [ -n "$(ls -A "$ROOT" 2>/dev/null)" ]; then
    die "$ROOT exists and was not made by this script: not replacing it (choose another SMTPTRACE_PROMETHEUS_HOME)"
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt_log=/tmp/smtp-trace-prometheus-apt.log
  work="$(mktemp -d /tmp/smtp-trace-prometheus.XXXXXX)"
  trap 'rm -rf "$work"' EXIT
  # `apt-get download` only fetches the .deb into the current directory: no dpkg database change, no maintainer
  # scripts (those would create the prometheus user and start the service), no dependency installation
  if ! (cd "$work" && apt-get download prometheus >"$apt_log" 2>&1); then
    log "apt-get download failed; refreshing the package lists once"
    apt-get update >>"$apt_log" 2>&1 || log "apt-get update failed (see $apt_log); trying download anyway"
    (cd "$work" && apt-get download prometheus >>"$apt_log" 2>&1) || { tail -n 20 "$apt_log" >&2; die "apt-get download prometheus failed (full log: $apt_log)"; }
  fi
  deb="$(ls "$work"/prometheus_*.deb)"
  # extract beside the final place, then swap: a half-extracted tree never looks installed
  mkdir -p "$(dirname "$ROOT")"
  staging="$ROOT.new.$$"
  rm -rf "$staging"
  dpkg-deb -x "$deb" "$staging"
  touch "$staging/.smtp-trace-it"
  rm -rf "$ROOT"
  mv "$staging" "$ROOT"
  dpkg-deb -f "$deb" Version >"$ROOT/VERSION"
  works || die "the extracted prometheus/promtool in $BIN do not run"
  log "extracted $(basename "$deb") into $ROOT"
fi
log "ready: $("$BIN/prometheus" --version 2>&1 | head -n 1)"
log "prometheus: $BIN/prometheus"
log "promtool:   $BIN/promtool"
