#!/usr/bin/env bash
# Stop smtp-trace's own Postfix instance (postfix-smtp-trace, started by setup.sh) and nothing else: every command
# names its config directory with `postfix -c`; the system's default instance is not touched (host-safety.sh checks
# it). Leaves packages, configuration, certificate and truststore in place, so the next setup.sh run only starts it
# again. Safe to run when the instance is not running, not set up, or Postfix is not installed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CONF_DIR=/etc/postfix-smtp-trace
if ! command -v postfix >/dev/null 2>&1; then
  echo "postfix-stop: Postfix is not installed; nothing to stop" >&2; exit 0
fi
if [ ! -f "$CONF_DIR/main.cf" ]; then
  echo "postfix-stop: $CONF_DIR does not exist (setup.sh never ran); nothing to stop" >&2; exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "postfix-stop: must run as root" >&2; exit 1; }
SAFETY="$(mktemp -d /tmp/smtp-trace-host-safety.XXXXXX)"
trap 'rm -rf "$SAFETY"' EXIT
bash "$HERE/host-safety.sh" snapshot "$SAFETY"
pf() { postfix -c "$CONF_DIR" "$@"; }
if pf status >/dev/null 2>&1; then
  pf stop >/dev/null 2>&1
  for _ in $(seq 1 50); do pf status >/dev/null 2>&1 || break; sleep 0.2; done
  if pf status >/dev/null 2>&1; then echo "postfix-stop: postfix-smtp-trace still running after 10 s" >&2; exit 1; fi
  echo "postfix-stop: postfix-smtp-trace stopped" >&2
else
  echo "postfix-stop: postfix-smtp-trace was not running" >&2
fi
bash "$HERE/host-safety.sh" check "$SAFETY"
