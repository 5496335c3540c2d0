#!/usr/bin/env bash
# Host-safety check for the smtp-trace Postfix instance: proves that setup.sh / stop.sh left the system's default
# Postfix instance alone. Run as root (setup.sh and stop.sh call it around everything they do, so it runs in CI).
#
#   host-safety.sh snapshot DIR   record the default instance in DIR (created if missing)
#   host-safety.sh check DIR      compare with the snapshot in DIR; exit 1 naming every difference
#
# What must be unchanged between snapshot and check:
#   - master.cf, byte for byte, and every other file under the default config directory except main.cf
#     (e.g. sasl/smtpd.conf, which an older setup.sh used to overwrite);
#   - `postconf -n` of the default instance, apart from the registration keys REGISTRATION_KEYS
#     (alternate_config_directories, multi_instance_*): the only edit Postfix requires for a second instance;
#   - whether the default instance runs, and if it runs, its master process (same pid: not restarted, not stopped).
# DEFAULT_CONFIG_DIR (default /etc/postfix) can point elsewhere; the self-test (host-safety-test.sh) uses that.
set -euo pipefail

DEFAULT_CONFIG_DIR="${DEFAULT_CONFIG_DIR:-/etc/postfix}"
REGISTRATION_KEYS='^(alternate_config_directories|multi_instance_[a-z_]+) ='

die() { printf 'host-safety: ERROR: %s\n' "$*" >&2; exit 2; }
[ $# -eq 2 ] || die "usage: $0 snapshot|check DIR"
mode="$1" dir="$2"

postconf_n() { # the default instance's explicit settings, without the registration keys
  postconf -c "$DEFAULT_CONFIG_DIR" -n 2>/dev/null | grep -Ev "$REGISTRATION_KEYS" || true
}
other_files() { # checksum of every file under the config dir except main.cf (master.cf included)
  (cd "$DEFAULT_CONFIG_DIR" && find . -type f ! -path ./main.cf -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}
master_pid() { # "running <pid>" or "stopped"; the pid file is Postfix's own, in its data directory
  local data pid
  data="$(postconf -c "$DEFAULT_CONFIG_DIR" -h data_directory 2>/dev/null || true)"
  pid="$(tr -dc 0-9 2>/dev/null <"$data/master.lock" || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "running $pid"; else echo stopped; fi
}

case "$mode" in
  snapshot)
    install -d -m 0700 "$dir"
    cp -p "$DEFAULT_CONFIG_DIR/master.cf" "$dir/master.cf"
    postconf_n >"$dir/postconf-n"
    other_files >"$dir/files.sha256"
    master_pid >"$dir/state"
    ;;
  check)
    [ -f "$dir/master.cf" ] || die "no snapshot in $dir"
    bad=0
    if ! cmp -s "$dir/master.cf" "$DEFAULT_CONFIG_DIR/master.cf"; then
      printf 'host-safety: %s/master.cf changed:\n' "$DEFAULT_CONFIG_DIR" >&2
      diff "$dir/master.cf" "$DEFAULT_CONFIG_DIR/master.cf" >&2 || true
      bad=1
    fi
    if ! diff <(cat "$dir/postconf-n") <(postconf_n) >"$dir/postconf.diff"; then
      printf 'host-safety: postconf -n of %s changed beyond the registration keys:\n' "$DEFAULT_CONFIG_DIR" >&2
      cat "$dir/postconf.diff" >&2
      bad=1
    fi
    if ! diff "$dir/files.sha256" <(other_files) >"$dir/files.diff"; then
      printf 'host-safety: files under %s changed:\n' "$DEFAULT_CONFIG_DIR" >&2
      cat "$dir/files.diff" >&2
      bad=1
    fi
    before="$(cat "$dir/state")" after="$(master_pid)"
    if [ "$before" != "$after" ]; then
      printf 'host-safety: default Postfix instance was "%s", is now "%s"\n' "$before" "$after" >&2
      bad=1
    fi
    [ "$bad" = 0 ] || { printf 'host-safety: FAILED: the default Postfix instance was modified\n' >&2; exit 1; }
    printf 'host-safety: default instance (%s) untouched: master.cf identical, postconf -n identical apart from %s, %s\n' \
      "$DEFAULT_CONFIG_DIR" "alternate_config_directories/multi_instance_*" "$after" >&2
    ;;
  *) die "unknown mode '$mode' (snapshot|check)" ;;
esac
