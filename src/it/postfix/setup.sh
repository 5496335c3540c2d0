#!/usr/bin/env bash
# smtp-trace integration tests: install Postfix and run smtp-trace's OWN Postfix instance ("postfix-smtp-trace"),
# loopback-only, with Cyrus SASL (sasldb) and a self-signed certificate. Run as root on Debian/Ubuntu.
# Idempotent: a second run only checks, restarts the instance if its configuration changed, and probes.
#
# The system's default Postfix instance (/etc/postfix) is left alone: it is never started, stopped, restarted or
# reloaded, its master.cf and every other file under /etc/postfix stay byte-identical, and its main.cf changes by one
# line at most, the registration Postfix requires for a second instance:
#     alternate_config_directories = ... /etc/postfix-smtp-trace
# (postconf(5): "a list of non-default Postfix configuration directories that may be specified with -c ...; must be
# specified in the default Postfix main.cf"). It is added only if missing, never removed (stop.sh keeps it too), and
# changes nothing in how the default instance runs. multi_instance_* (postmulti) is not used: `postmulti -e init`
# would make the default instance's `postfix start/stop` start and stop every instance, ours included.
# host-safety.sh proves all of this on every run: snapshot first, check last; any other change fails this script.
#
# The instance: config /etc/postfix-smtp-trace (main.cf, master.cf, sasl/, certificate, truststore, sasldb2),
# queue /var/spool/postfix-smtp-trace, data /var/lib/postfix-smtp-trace, log /var/log/postfix-smtp-trace.log,
# listeners only on 127.0.0.1:10587/10025/10026/10465. Every command below names it with `postfix -c`.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { printf 'postfix-setup: %s\n' "$*" >&2; }
die() { printf 'postfix-setup: ERROR: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (installs packages and runs its own Postfix instance)"

# ---- fixed settings (also written to ports.env) ------------------------------------------------
HOST=127.0.0.1
SUBMISSION_PORT=10587      # STARTTLS required, then AUTH
AUTH_REQUIRED_PORT=10025   # plaintext, AUTH offered, unauthenticated MAIL -> 530
OPEN_RELAY_CHECK_PORT=10026 # no AUTH, local domain only, relay -> 554 5.7.1
SMTPS_PORT=10465           # implicit TLS, AUTH
PORTS=("$SUBMISSION_PORT" "$AUTH_REQUIRED_PORT" "$OPEN_RELAY_CHECK_PORT" "$SMTPS_PORT")
DOMAIN=example.test
SMTP_USER_LOCALPART=user
SMTP_USER="user@${DOMAIN}"
SMTP_PASSWORD='s3cret-Pass'
MESSAGE_SIZE_LIMIT=200000
INSTANCE=postfix-smtp-trace
CONF_DIR=/etc/$INSTANCE
QUEUE_DIR=/var/spool/$INSTANCE
DATA_DIR=/var/lib/$INSTANCE
MAILLOG=/var/log/$INSTANCE.log
SASL_CONF_DIR="$CONF_DIR/sasl"
CERT="$CONF_DIR/cert.pem"
KEY="$CONF_DIR/key.pem"
TRUSTSTORE="$CONF_DIR/truststore.p12"
TRUSTSTORE_PASSWORD=changeit
SASLDB="$CONF_DIR/sasldb2"
DEFAULT_CONF_DIR=/etc/postfix
PACKAGES=(postfix sasl2-bin libsasl2-modules libsasl2-modules-db openssl)
pf() { postfix -c "$CONF_DIR" "$@"; }   # our instance, never the default one

# ---- 1. packages -------------------------------------------------------------------------------
missing=()
installed="$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PACKAGES[@]}" 2>/dev/null || true)"
for p in "${PACKAGES[@]}"; do
  grep -qx "$p installed" <<<"$installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Only matters when Postfix itself is being installed: the default instance Debian creates then is local-only
  # (loopback, no relaying), the safest choice for a machine that had no MTA. Ours is configured below.
  echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
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

# ---- 2. host-safety snapshot of the default instance (checked again at the very end) ---------------
SAFETY="$(mktemp -d /tmp/smtp-trace-host-safety.XXXXXX)"
trap 'rm -rf "$SAFETY"' EXIT
bash "$HERE/host-safety.sh" snapshot "$SAFETY"

# ---- 3. registration in the default main.cf (the only edit there; see the header) ------------------
alternates="$(postconf -c "$DEFAULT_CONF_DIR" -h alternate_config_directories)"
if [[ " ${alternates//,/ } " != *" $CONF_DIR "* ]]; then
  log "registering $CONF_DIR in $DEFAULT_CONF_DIR/main.cf (alternate_config_directories)"
  postconf -c "$DEFAULT_CONF_DIR" -e "alternate_config_directories = ${alternates:+$alternates, }$CONF_DIR"
fi

# ---- 4. the instance's directories ---------------------------------------------------------------
install -d -m 0755 "$CONF_DIR" "$SASL_CONF_DIR" "$QUEUE_DIR"
install -d -m 0700 -o postfix "$DATA_DIR"
touch "$MAILLOG"
changed=0   # set to 1 by anything that needs our instance restarted
write_if_changed() { # path mode: stdin -> path, only when the content differs
  local tmp="$1.tmp"
  cat >"$tmp"
  if cmp -s "$tmp" "$1"; then rm -f "$tmp"; else chmod "$2" "$tmp"; mv -f "$tmp" "$1"; changed=1; fi
}

# ---- 5. certificate + truststore ---------------------------------------------------------------
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

# ---- 6. SASL (Cyrus, sasldb auxprop; smtpd is not chrooted) --------------------------------------
# The application name (smtpd_sasl_path) is the instance's own, so the Cyrus config file is
# $SASL_CONF_DIR/smtp-trace.conf and can never be the default instance's sasl/smtpd.conf.
write_if_changed "$SASL_CONF_DIR/smtp-trace.conf" 0644 <<SASL
pwcheck_method: auxprop
auxprop_plugin: sasldb
sasldb_path: $SASLDB
mech_list: PLAIN LOGIN
SASL
# (re)set the password every run: cheap, and guarantees it is the documented one
printf '%s' "$SMTP_PASSWORD" | saslpasswd2 -p -c -f "$SASLDB" -u "$DOMAIN" "$SMTP_USER_LOCALPART" \
  || die "saslpasswd2 failed"
chown root:postfix "$SASLDB"; chmod 0640 "$SASLDB"

# ---- 7. main.cf and master.cf of the instance (written whole: the files are ours) -------------------
write_if_changed "$CONF_DIR/main.cf" 0644 <<MAIN
# Written by smtp-trace src/it/postfix/setup.sh: smtp-trace's own Postfix instance for its integration tests.
compatibility_level = 3.6
queue_directory = ${QUEUE_DIR}
data_directory = ${DATA_DIR}
multi_instance_name = ${INSTANCE}
syslog_name = ${INSTANCE}
maillog_file = ${MAILLOG}
myhostname = mail.${DOMAIN}
mydomain = ${DOMAIN}
myorigin = ${DOMAIN}
inet_interfaces = ${HOST}
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination = ${DOMAIN}, mail.${DOMAIN}, localhost
relay_domains =
relayhost =
local_recipient_maps = inline:{ {${SMTP_USER}=ok}, {postmaster@${DOMAIN}=ok}, {${SMTP_USER_LOCALPART}=ok}, {postmaster=ok} }
alias_maps =
alias_database =
local_transport = discard:smtp-trace local delivery is discarded
default_transport = discard:smtp-trace never delivers off this machine
relay_transport = discard:smtp-trace never delivers off this machine
virtual_transport = discard:smtp-trace never delivers off this machine
transport_maps =
disable_dns_lookups = yes
smtp_dns_support_level = disabled
smtp_host_lookup = native
biff = no
message_size_limit = ${MESSAGE_SIZE_LIMIT}
mailbox_size_limit = 0
smtpd_banner = \$myhostname ESMTP \$mail_name
smtpd_tls_cert_file = ${CERT}
smtpd_tls_key_file = ${KEY}
smtpd_tls_security_level = none
smtpd_tls_auth_only = no
smtpd_tls_loglevel = 1
smtpd_tls_session_cache_database =
smtp_tls_security_level = none
smtpd_sasl_type = cyrus
smtpd_sasl_path = smtp-trace
cyrus_sasl_config_path = ${SASL_CONF_DIR}
smtpd_sasl_auth_enable = no
smtpd_sasl_security_options = noanonymous
smtpd_sasl_tls_security_options = noanonymous
smtpd_sasl_local_domain =
broken_sasl_auth_clients = no
smtpd_delay_reject = no
smtpd_helo_required = no
smtpd_client_restrictions =
smtpd_helo_restrictions =
smtpd_sender_restrictions =
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions =
smtptrace_auth_required_sender_restrictions = permit_sasl_authenticated, check_sender_access static:{530 5.7.0 Authentication required}
smtptrace_auth_relay_restrictions = permit_sasl_authenticated, reject
smtpd_error_sleep_time = 0
smtpd_soft_error_limit = 100
smtpd_hard_error_limit = 200
MAIN

# No chroot anywhere (SASL, sasldb path), postlog for maillog_file, no port 25: only the four loopback listeners.
AUTH_REQUIRED_OPTS='  -o smtpd_sasl_auth_enable=yes
  -o smtpd_sender_restrictions=$smtptrace_auth_required_sender_restrictions
  -o smtpd_relay_restrictions=$smtptrace_auth_relay_restrictions'
write_if_changed "$CONF_DIR/master.cf" 0644 <<MASTER
# Written by smtp-trace src/it/postfix/setup.sh: smtp-trace's own Postfix instance for its integration tests.
# service type  private unpriv  chroot  wakeup  maxproc command + args
${HOST}:${SUBMISSION_PORT} inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_tls_auth_only=yes
${AUTH_REQUIRED_OPTS}
${HOST}:${AUTH_REQUIRED_PORT} inet n - n - - smtpd
  -o syslog_name=postfix/authrequired
  -o smtpd_tls_security_level=none
${AUTH_REQUIRED_OPTS}
${HOST}:${OPEN_RELAY_CHECK_PORT} inet n - n - - smtpd
  -o syslog_name=postfix/relaycheck
  -o smtpd_tls_security_level=none
  -o smtpd_sasl_auth_enable=no
${HOST}:${SMTPS_PORT} inet n - n - - smtpd
  -o syslog_name=postfix/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_security_level=encrypt
${AUTH_REQUIRED_OPTS}
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
MASTER

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
POSTFIX_CONFIG_DIR=${CONF_DIR}
ENV
if cmp -s "$HERE/ports.env.tmp" "$HERE/ports.env"; then rm -f "$HERE/ports.env.tmp"; else mv -f "$HERE/ports.env.tmp" "$HERE/ports.env"; fi

# ---- 8. start, or restart when the configuration changed (our instance only) ----------------------
port_open() { timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/'"$1" 2>/dev/null; }
postfix_check() { # ~1 s, so only before a start; also creates missing queue directories
  local out
  out="$(pf check 2>&1)" || die "postfix -c $CONF_DIR check failed: $out"
  [ -z "$out" ] || log "postfix check: $out"
}
start() {
  local port
  for port in "${PORTS[@]}"; do
    # Someone else holds the port (an older setup.sh configured the default instance on these ports, or another
    # program): say so instead of letting Postfix fail with a bind error in its log.
    port_open "$port" && die "127.0.0.1:$port is already in use by another process, so $INSTANCE cannot listen on it" \
      "(if it is the system Postfix, an older version of this script added the listener to /etc/postfix/master.cf:" \
      "'postconf -MX 127.0.0.1:$port/inet' and 'postfix reload' remove it)"
  done
  postfix_check
  log "starting $INSTANCE"
  pf start >/dev/null 2>&1 || die "postfix -c $CONF_DIR start failed (see $MAILLOG)"
}
if pf status >/dev/null 2>&1; then
  if [ "$changed" = 1 ]; then
    log "configuration changed; restarting $INSTANCE"
    pf stop >/dev/null 2>&1 || true
    for _ in $(seq 1 50); do pf status >/dev/null 2>&1 || break; sleep 0.2; done
    start
  fi
else
  start
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
pending=("${PORTS[@]}")
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

# ---- host-safety check: the default instance is as it was, apart from the registration --------------
bash "$HERE/host-safety.sh" check "$SAFETY" || die "host-safety check failed (details above)"
log "$INSTANCE ready: submission ${HOST}:${SUBMISSION_PORT}, auth-required ${HOST}:${AUTH_REQUIRED_PORT}, relay-check ${HOST}:${OPEN_RELAY_CHECK_PORT}, smtps ${HOST}:${SMTPS_PORT} (config $CONF_DIR, log $MAILLOG)"
