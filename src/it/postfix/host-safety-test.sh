#!/usr/bin/env bash
# Self-test of host-safety.sh: on a scratch copy of a Postfix config directory, the check must pass when only the
# registration keys change and fail for any other change. Needs Postfix installed (postconf) and root (postconf -c
# on a non-default directory is refused to other users). Run by PostfixHostSafetyIT; exit 0 = all cases behaved.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SRC="${1:-/etc/postfix}"
WORK="$(mktemp -d /tmp/smtp-trace-host-safety-test.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
failures=0

run_case() { # name, expected (pass|fail), then a command that changes $WORK/conf after the snapshot
  local name="$1" expected="$2"; shift 2
  rm -rf "$WORK/conf" "$WORK/snap"
  cp -a "$SRC" "$WORK/conf"
  DEFAULT_CONFIG_DIR="$WORK/conf" bash "$HERE/host-safety.sh" snapshot "$WORK/snap"
  "$@"
  touch -d "@$(( $(date +%s) - 10 ))" "$WORK/conf/main.cf"   # postconf waits ~2 s after a fresh main.cf write
  local got=pass
  DEFAULT_CONFIG_DIR="$WORK/conf" bash "$HERE/host-safety.sh" check "$WORK/snap" >"$WORK/out" 2>&1 || got=fail
  if [ "$got" = "$expected" ]; then echo "ok   $name ($got)"
  else echo "FAIL $name: expected $expected, got $got"; sed 's/^/     /' "$WORK/out"; failures=$((failures + 1)); fi
}
pc() { postconf -c "$WORK/conf" "$@"; }

run_case "no change" pass true
run_case "registration added" pass pc -e "alternate_config_directories = /etc/postfix-smtp-trace"
run_case "multi-instance registration" pass pc -e "multi_instance_directories = /etc/postfix-x" "multi_instance_enable = yes"
run_case "main.cf setting changed" fail pc -e "default_transport = discard:changed"
run_case "main.cf setting added" fail pc -e "maillog_file = /var/log/elsewhere.log"
run_case "master.cf comment added" fail bash -c "echo '# x' >>'$WORK/conf/master.cf'"
run_case "master.cf service removed" fail pc -MX smtp/inet
run_case "sasl config written" fail bash -c "mkdir -p '$WORK/conf/sasl' && echo 'mech_list: PLAIN' >'$WORK/conf/sasl/smtpd.conf'"

[ "$failures" = 0 ] || { echo "host-safety-test: $failures case(s) failed"; exit 1; }
echo "host-safety-test: all cases behaved"
