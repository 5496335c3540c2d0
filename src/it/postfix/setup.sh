#!/usr/bin/env bash
# smtp-trace integration tests: install, configure and start a loopback-only Postfix with
# Cyrus SASL (sasldb) and a self-signed certificate. Run as root on Debian/Ubuntu.
# Idempotent: safe to run again; a second run only checks, reloads if the config changed, and probes.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { printf 'postfix-setup: %s\n' "$*" >&2; }
die() { printf 'postfix-setup: ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (installs packages and configures /etc/postfix)"

# ---- fixed settings (also written to ports.env) ------------------------------------------------
HOST=127.0.0.1
SUBMISSION_PORT=10587      # STARTTLS required, then AUTH
AUTH_REQUIRED_PORT=10025   # plaintext, AUTH offered, unauthenticated MAIL -> 530
OPEN_RELAY_CHECK_PORT=10026 # no AUTH, local domain only, relay -> 554 5.7.1
SMTPS_PORT=10465           # implicit TLS, AUTH
DOMAIN=example.test
SMTP_USER_LOCALPART=user
SMTP_USER="user@${DOMAIN}"
SMTP_PASSWORD='s3cret-Pass'
MESSAGE_SIZE_LIMIT=200000
CONF_DIR=/etc/postfix/smtp-trace
CERT="$CONF_DIR/cert.pem"
KEY="$CONF_DIR/key.pem"
TRUSTSTORE="$CONF_DIR/truststore.p12"
TRUSTSTORE_PASSWORD=changeit
SASLDB="$CONF_DIR/sasldb2"
MAILLOG=/var/log/postfix.log
PACKAGES=(postfix sasl2-bin libsasl2-modules libsasl2-modules-db openssl)

# ---- 1. packages -------------------------------------------------------------------------------
missing=()
installed="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PACKAGES[@]}" 2>/dev/null || true)"
for p in "${PACKAGES[@]}"; do
  grep -qx "$p installed" <<<"$installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  printf '%s\n' \
    "postfix postfix/main_mailer_type select Local only" \
    "postfix postfix/mailname string mail.${DOMAIN}" | debconf-set-selections
  apt_log=/tmp/smtp-trace-postfix-apt.log
  apt-get update >"$apt_log" 2>&1 || log "apt-get update failed (see $apt_log); trying install anyway"
  if ! apt-get install -y --no-install-recommends "${missing[@]}" >>"$apt_log" 2>&1; then
    tail -n 30 "$apt_log" >&2
    die "apt-get install ${missing[*]} failed (full log: $apt_log)"
  fi
fi
command -v postconf >/dev/null || die "postconf not found after install"

KEYTOOL=""
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/keytool" ]; then KEYTOOL="$JAVA_HOME/bin/keytool"
elif command -v keytool >/dev/null; then KEYTOOL="$(command -v keytool)"; fi
[ -n "$KEYTOOL" ] || die "keytool not found (need a JDK on PATH or JAVA_HOME) to write $TRUSTSTORE"

install -d -m 0755 "$CONF_DIR"
changed=0   # set to 1 by anything that needs a Postfix reload

# ---- 2. certificate + truststore ---------------------------------------------------------------
# SAN: IP:127.0.0.1 for RFC 6125 checkers (JDK HostnameChecker, Angus/Jakarta Mail 2.x); the extra
# DNS:127.0.0.1 is for javax.mail 1.6.x on Java 9+, whose fallback matcher compares DNS names only.
CERT_SPEC="subj=/CN=localhost san=DNS:localhost,IP:127.0.0.1,DNS:127.0.0.1 rsa:2048 days=3650"
if [ ! -s "$CERT" ] || [ ! -s "$KEY" ] || [ "$(cat "$CONF_DIR/cert.spec" 2>/dev/null)" != "$CERT_SPEC" ] \
   || ! openssl x509 -in "$CERT" -noout -checkend 86400 >/dev/null 2>&1; then
  log "generating self-signed certificate (CN=localhost) in $CONF_DIR"
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
    -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:127.0.0.1" \
    -addext "basicConstraints=critical,CA:FALSE" -addext "extendedKeyUsage=serverAuth" \
    -keyout "$KEY.tmp" -out "$CERT.tmp" >/dev/null 2>&1 || die "openssl req failed"
  printf '%s\n' "$CERT_SPEC" > "$CONF_DIR/cert.spec"
  chmod 0600 "$KEY.tmp"; chmod 0644 "$CERT.tmp"
  mv -f "$KEY.tmp" "$KEY"; mv -f "$CERT.tmp" "$CERT"; changed=1
  rm -f "$TRUSTSTORE"
fi
cert_fp="$(openssl x509 -in "$CERT" -noout -fingerprint -sha256 | cut -d= -f2)"
if [ ! -s "$TRUSTSTORE" ] || [ "$(cat "$TRUSTSTORE.fp" 2>/dev/null)" != "$cert_fp" ]; then
  log "writing PKCS12 truststore $TRUSTSTORE"
  rm -f "$TRUSTSTORE" "$TRUSTSTORE.tmp"
  "$KEYTOOL" -importcert -noprompt -alias smtp-trace-localhost -file "$CERT" \
    -keystore "$TRUSTSTORE.tmp" -storetype PKCS12 -storepass "$TRUSTSTORE_PASSWORD" >/dev/null 2>&1 \
    || die "keytool -importcert failed"
  chmod 0644 "$TRUSTSTORE.tmp"; mv -f "$TRUSTSTORE.tmp" "$TRUSTSTORE"
  printf '%s\n' "$cert_fp" > "$TRUSTSTORE.fp"
fi

# ---- SASL (Cyrus, sasldb auxprop; smtpd is not chrooted) ---------------------------------------
# Debian's Postfix reads the Cyrus application config from /etc/postfix/sasl/<smtpd_sasl_path>.conf
# (a cyrus_sasl_config_path pointing elsewhere was ignored in testing), so it lives there.
SASL_CONF_DIR=/etc/postfix/sasl
SASL_CONF="$SASL_CONF_DIR/smtpd.conf"
install -d -m 0755 "$SASL_CONF_DIR"
cat > "$SASL_CONF.tmp" <<SASL
pwcheck_method: auxprop
auxprop_plugin: sasldb
sasldb_path: $SASLDB
mech_list: PLAIN LOGIN
SASL
if cmp -s "$SASL_CONF.tmp" "$SASL_CONF"; then rm -f "$SASL_CONF.tmp"
else mv -f "$SASL_CONF.tmp" "$SASL_CONF"; chmod 0644 "$SASL_CONF"; changed=1; fi
rm -f "$CONF_DIR/smtpd.conf"
# (re)set the password every run: cheap, and guarantees it is the documented one
printf '%s' "$SMTP_PASSWORD" | saslpasswd2 -p -c -f "$SASLDB" -u "$DOMAIN" "$SMTP_USER_LOCALPART" \
  || die "saslpasswd2 failed"
chown root:postfix "$SASLDB"; chmod 0640 "$SASLDB"

# ---- 3. Postfix configuration ------------------------------------------------------------------
# Postfix is reloaded only when something really changed: every write below sets changed=1.
listen_before="$(postconf -h inet_interfaces inet_protocols)"   # changes need a restart, not a reload

MAIN_CF=(
  "compatibility_level = 3.6"
  "myhostname = mail.${DOMAIN}"
  "mydomain = ${DOMAIN}"
  "myorigin = ${DOMAIN}"
  "inet_interfaces = loopback-only"
  "inet_protocols = ipv4"
  "mynetworks = 127.0.0.0/8"
  "mydestination = ${DOMAIN}, mail.${DOMAIN}, localhost"
  "relay_domains ="
  "relayhost ="
  "local_recipient_maps = inline:{ {${SMTP_USER}=ok}, {postmaster@${DOMAIN}=ok}, {${SMTP_USER_LOCALPART}=ok}, {postmaster=ok} }"
  "alias_maps ="
  "alias_database ="
  "local_transport = discard:smtp-trace local delivery is discarded"
  "default_transport = discard:smtp-trace never delivers off this machine"
  "relay_transport = discard:smtp-trace never delivers off this machine"
  "virtual_transport = discard:smtp-trace never delivers off this machine"
  "transport_maps ="
  "disable_dns_lookups = yes"
  "smtp_dns_support_level = disabled"
  "smtp_host_lookup = native"
  "biff = no"
  "message_size_limit = ${MESSAGE_SIZE_LIMIT}"
  "mailbox_size_limit = 0"
  "maillog_file = ${MAILLOG}"
  "smtpd_banner = \$myhostname ESMTP \$mail_name"
  "smtpd_tls_cert_file = ${CERT}"
  "smtpd_tls_key_file = ${KEY}"
  "smtpd_tls_security_level = none"
  "smtpd_tls_auth_only = no"
  "smtpd_tls_loglevel = 1"
  "smtpd_tls_session_cache_database ="
  "smtp_tls_security_level = none"
  "smtpd_sasl_type = cyrus"
  "smtpd_sasl_path = smtpd"
  "cyrus_sasl_config_path = ${SASL_CONF_DIR}"
  "smtpd_sasl_auth_enable = no"
  "smtpd_sasl_security_options = noanonymous"
  "smtpd_sasl_tls_security_options = noanonymous"
  "smtpd_sasl_local_domain ="
  "broken_sasl_auth_clients = no"
  "smtpd_delay_reject = no"
  "smtpd_helo_required = no"
  "smtpd_client_restrictions ="
  "smtpd_helo_restrictions ="
  "smtpd_sender_restrictions ="
  "smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination"
  "smtpd_recipient_restrictions ="
  "smtptrace_auth_required_sender_restrictions = permit_sasl_authenticated, check_sender_access static:{530 5.7.0 Authentication required}"
  "smtptrace_auth_relay_restrictions = permit_sasl_authenticated, reject"
  "smtpd_error_sleep_time = 0"
  "smtpd_soft_error_limit = 100"
  "smtpd_hard_error_limit = 200"
)
# Only write what differs: postconf -e rewrites main.cf even when nothing changes, and every postconf that
# reads a main.cf modified in the last ~2 s waits for it to settle (2 s per run for nothing).
current_n=$'\n'"$(postconf -n)"$'\n'
todo=()
for kv in "${MAIN_CF[@]}"; do
  [[ $current_n == *$'\n'"${kv% }"$'\n'* ]] || todo+=("$kv")
done
if [ "${#todo[@]}" -gt 0 ]; then postconf -e "${todo[@]}"; changed=1; fi

# master.cf: no chroot anywhere (SASL, sasldb path), postlog for maillog_file, no port 25,
# and the four loopback listeners.
# Each process costs time (notably on loaded or sandboxed hosts): compare in bash, write only what differs.
# postconf -M prints one line per entry, its -o options after the 8 fields; keep the 8 fields, single-spaced.
current_M=$'\n'"$(postconf -M | awk '{ $0 = $1" "$2" "$3" "$4" "$5" "$6" "$7" "$8; print }')"$'\n'
current_P=$'\n'"$(postconf -P)"$'\n'
ensure_M() { # "name/type" "entry with single spaces"
  [[ $current_M == *$'\n'"$2"$'\n'* ]] || { postconf -M "$1=$2"; changed=1; }
}
ensure_P() { # "name/type/param" "value"
  [[ $current_P == *$'\n'"$1 = $2"$'\n'* ]] || { postconf -P "$1=$2"; changed=1; }
}
ensure_M postlog/unix-dgram 'postlog unix-dgram n - n - 1 postlogd'
if [[ $current_M == *$'\n'"smtp inet "* ]]; then postconf -MX smtp/inet; changed=1; fi   # no port 25
svc() { # name, then -o parameters
  local name="$1"; shift
  ensure_M "${name}/inet" "${name} inet n - n - - smtpd"
  local kv
  for kv in "$@"; do ensure_P "${name}/inet/${kv%%=*}" "${kv#*=}"; done
}
svc "${HOST}:${SUBMISSION_PORT}" \
  "syslog_name=postfix/submission" \
  "smtpd_tls_security_level=encrypt" \
  "smtpd_tls_auth_only=yes" \
  "smtpd_sasl_auth_enable=yes" \
  'smtpd_sender_restrictions=$smtptrace_auth_required_sender_restrictions' \
  'smtpd_relay_restrictions=$smtptrace_auth_relay_restrictions'
svc "${HOST}:${AUTH_REQUIRED_PORT}" \
  "syslog_name=postfix/authrequired" \
  "smtpd_tls_security_level=none" \
  "smtpd_sasl_auth_enable=yes" \
  'smtpd_sender_restrictions=$smtptrace_auth_required_sender_restrictions' \
  'smtpd_relay_restrictions=$smtptrace_auth_relay_restrictions'
svc "${HOST}:${OPEN_RELAY_CHECK_PORT}" \
  "syslog_name=postfix/relaycheck" \
  "smtpd_tls_security_level=none" \
  "smtpd_sasl_auth_enable=no"
svc "${HOST}:${SMTPS_PORT}" \
  "syslog_name=postfix/smtps" \
  "smtpd_tls_wrappermode=yes" \
  "smtpd_tls_security_level=encrypt" \
  "smtpd_sasl_auth_enable=yes" \
  'smtpd_sender_restrictions=$smtptrace_auth_required_sender_restrictions' \
  'smtpd_relay_restrictions=$smtptrace_auth_relay_restrictions'
# (postconf -F rewrites and reorders master.cf even when nothing changes: only call it when needed)
if postconf -F '*/*/chroot' | grep -qv ' = n$'; then postconf -F '*/*/chroot = n'; changed=1; fi


# ---- ports.env (read by the Java integration suite) ---------------------------------------------
cat > "$HERE/ports.env.tmp" <<ENV
# Written by src/it/postfix/setup.sh; KEY=VALUE, readable as shell or java.util.Properties.
SMTP_HOST=${HOST}
SUBMISSION_PORT=${SUBMISSION_PORT}
AUTH_REQUIRED_PORT=${AUTH_REQUIRED_PORT}
OPEN_RELAY_CHECK_PORT=${OPEN_RELAY_CHECK_PORT}
SMTPS_PORT=${SMTPS_PORT}
SMTP_USER=${SMTP_USER}
SMTP_PASSWORD=${SMTP_PASSWORD}
SMTP_DOMAIN=${DOMAIN}
LOCAL_RECIPIENT=${SMTP_USER}
UNKNOWN_RECIPIENT=nobody@${DOMAIN}
OUTSIDE_RECIPIENT=someone@outside.invalid
MESSAGE_SIZE_LIMIT=${MESSAGE_SIZE_LIMIT}
TRUSTSTORE=${TRUSTSTORE}
TRUSTSTORE_PASSWORD=${TRUSTSTORE_PASSWORD}
TRUSTSTORE_TYPE=PKCS12
CA_CERT=${CERT}
MAILLOG=${MAILLOG}
ENV
if cmp -s "$HERE/ports.env.tmp" "$HERE/ports.env"; then rm -f "$HERE/ports.env.tmp"; else mv -f "$HERE/ports.env.tmp" "$HERE/ports.env"; fi

# ---- 4. start / reload -------------------------------------------------------------------------
touch "$MAILLOG"
postfix_check() { # ~1 s, so only before a start or reload
  local out
  out="$(postfix check 2>&1)" || die "postfix check failed: $out"
  [ -z "$out" ] || log "postfix check: $out"
}
if postfix status >/dev/null 2>&1; then
  if [ "$listen_before" != "$(postconf -h inet_interfaces inet_protocols)" ]; then
    postfix_check
    log "inet_interfaces/inet_protocols changed; restarting Postfix"
    postfix stop >/dev/null 2>&1 || true
    for _ in $(seq 1 50); do postfix status >/dev/null 2>&1 || break; sleep 0.2; done
    postfix start >/dev/null 2>&1 || die "postfix start failed (see $MAILLOG)"
  elif [ "$changed" = 1 ]; then
    postfix_check
    log "configuration changed; reloading Postfix"
    postfix reload >/dev/null 2>&1 || die "postfix reload failed (see $MAILLOG)"
  fi
else
  postfix_check
  log "starting Postfix"
  postfix start >/dev/null 2>&1 || die "postfix start failed (see $MAILLOG)"
fi

# ---- wait for a 220 greeting on every listener ---------------------------------------------------
greet_plain() { # port -> prints the first line
  timeout 3 bash -c 'exec 3<>/dev/tcp/127.0.0.1/'"$1"' || exit 1; IFS= read -r l <&3; printf "QUIT\r\n" >&3; printf "%s\n" "$l"' 2>/dev/null || true
}
greet_tls() { # port -> prints the first line (verifies the certificate against our own CA file)
  printf 'QUIT\r\n' | timeout 5 openssl s_client -quiet -connect "127.0.0.1:$1" -servername localhost \
    -CAfile "$CERT" -verify_return_error -verify_hostname localhost 2>/dev/null | head -n1 || true
}
deadline=$((SECONDS + 20))
pending=("$SUBMISSION_PORT" "$AUTH_REQUIRED_PORT" "$OPEN_RELAY_CHECK_PORT" "$SMTPS_PORT")
while :; do
  still=()
  for port in "${pending[@]}"; do
    if [ "$port" = "$SMTPS_PORT" ]; then line="$(greet_tls "$port")"; else line="$(greet_plain "$port")"; fi
    case "$line" in 220\ *) ;; *) still+=("$port") ;; esac
  done
  [ "${#still[@]}" -eq 0 ] && break
  if [ "$SECONDS" -ge "$deadline" ]; then
    tail -n 20 "$MAILLOG" >&2 2>/dev/null || true
    die "no 220 greeting within 20 s on 127.0.0.1 port(s): ${still[*]} (log: $MAILLOG)"
  fi
  pending=("${still[@]}")
  sleep 0.3
done
log "Postfix ready: submission ${HOST}:${SUBMISSION_PORT}, auth-required ${HOST}:${AUTH_REQUIRED_PORT}, relay-check ${HOST}:${OPEN_RELAY_CHECK_PORT}, smtps ${HOST}:${SMTPS_PORT}"
