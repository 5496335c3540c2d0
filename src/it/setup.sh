#!/usr/bin/env bash
# Installs and starts every service the integration suites need (as root, idempotently, loopback only, each in its own
# directories and ports; the host's own instances are never touched). Each service has its own script beside this one:
# src/it/<service>/setup.sh. The README's test command and .ci/run call this script, then `mvn -B verify`.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
for script in "$HERE"/postfix/setup.sh "$HERE"/*/setup.sh; do
  [[ -f $script ]] || continue
  [[ $script == "$HERE/postfix/setup.sh" && ${done_postfix:-} ]] && continue
  [[ $script == "$HERE/postfix/setup.sh" ]] && done_postfix=1
  echo "== $(basename "$(dirname "$script")")"
  bash "$script"
done
