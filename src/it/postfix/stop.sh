#!/usr/bin/env bash
# Stop the Postfix started by setup.sh. Leaves packages, configuration, certificate and truststore in place,
# so the next setup.sh run only starts it again. Safe to run when Postfix is not running or not installed.
set -euo pipefail
if ! command -v postfix >/dev/null 2>&1; then
  echo "postfix-stop: Postfix is not installed; nothing to stop" >&2; exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "postfix-stop: must run as root" >&2; exit 1; }
if postfix status >/dev/null 2>&1; then
  postfix stop >/dev/null 2>&1
  for _ in $(seq 1 50); do postfix status >/dev/null 2>&1 || break; sleep 0.2; done
  if postfix status >/dev/null 2>&1; then echo "postfix-stop: Postfix still running after 10 s" >&2; exit 1; fi
  echo "postfix-stop: Postfix stopped" >&2
else
  echo "postfix-stop: Postfix was not running" >&2
fi
