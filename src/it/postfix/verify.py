#!/usr/bin/env python3
"""Probe every policy of the smtp-trace Postfix (set up by setup.sh) and print the exact replies.

Usage: python3 src/it/postfix/verify.py [--markdown]
Exit status 0 when every reply matches the expected code and enhanced code, 1 otherwise.
"""
import base64, os, re, smtplib, socket, ssl, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ENV = {}
with open(os.path.join(HERE, "ports.env")) as f:
    for line in f:
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            k, v = line.split("=", 1)
            ENV[k] = v

HOST = ENV["SMTP_HOST"]
USER, PASSWORD = ENV["SMTP_USER"], ENV["SMTP_PASSWORD"]
CTX = ssl.create_default_context(cafile=ENV["CA_CERT"])
CTX.check_hostname = True
FROM = USER
LOCAL = ENV["LOCAL_RECIPIENT"]
UNKNOWN = ENV["UNKNOWN_RECIPIENT"]
OUTSIDE = ENV["OUTSIDE_RECIPIENT"]
LIMIT = int(ENV["MESSAGE_SIZE_LIMIT"])
rows, failures = [], []


def fmt(code, msg):
    if isinstance(msg, bytes):
        msg = msg.decode("utf-8", "replace")
    return "%d %s" % (code, msg.replace("\n", " / "))


QUEUED = r"250 2\.0\.0 Ok: queued as [0-9A-F]+"
EHLO_PLAIN = ("250 mail.example.test / PIPELINING / SIZE %d / VRFY / ETRN / ENHANCEDSTATUSCODES / 8BITMIME / DSN"
              " / SMTPUTF8 / CHUNKING" % LIMIT)
EHLO_STARTTLS = EHLO_PLAIN.replace("ETRN /", "ETRN / STARTTLS /")
EHLO_AUTH = EHLO_PLAIN.replace("ETRN /", "ETRN / AUTH PLAIN LOGIN /")
AUTH_REQUIRED = "530 5.7.0 <%s>: Sender address rejected: Authentication required" % FROM
BAD_CREDENTIALS = "535 5.7.8 Error: authentication failed: authentication failure"
TOO_BIG = "552 5.3.4 Error: message file too big"


def record(listener, step, reply, expected):
    """expected: the exact reply (a regular expression when it starts with '^')."""
    ok = re.fullmatch(expected[1:], reply) is not None if expected.startswith("^") else reply == expected
    rows.append((listener, step, reply, ok))
    if not ok:
        failures.append("%s %s: got %r, expected %r" % (listener, step, reply, expected))


def plain(port):
    s = smtplib.SMTP(timeout=10)
    s._host = HOST  # server_hostname for STARTTLS verification (IP SAN 127.0.0.1)
    code, msg = s.connect(HOST, int(port))
    return s, fmt(code, msg)


def smtps(port):
    s = smtplib.SMTP_SSL(context=CTX, timeout=10)
    s._host = HOST
    code, msg = s.connect(HOST, int(port))
    return s, fmt(code, msg)


def auth_plain(s, user, pw):
    tok = base64.b64encode(("\0%s\0%s" % (user, pw)).encode()).decode()
    return fmt(*s.docmd("AUTH", "PLAIN " + tok))


def auth_login(s, user, pw):
    r1 = s.docmd("AUTH", "LOGIN")
    if r1[0] != 334:
        return fmt(*r1)
    r2 = s.docmd(base64.b64encode(user.encode()).decode())
    if r2[0] != 334:
        return fmt(*r2)
    return fmt(*s.docmd(base64.b64encode(pw.encode()).decode()))


def message(size=200):
    body = "Subject: smtp-trace probe\r\nFrom: <%s>\r\nTo: <%s>\r\n\r\n" % (FROM, LOCAL)
    line = "x" * 76 + "\r\n"
    while len(body) < size:
        body += line
    return body


def send(s, rcpt, size=200):
    """MAIL/RCPT/DATA; returns the reply to the end of data, or the first failing reply."""
    r = fmt(*s.mail(FROM))
    if not r.startswith("250"):
        return r
    r = fmt(*s.rcpt(rcpt))
    if not r.startswith("25"):
        return r
    try:
        return fmt(*s.data(message(size)))
    except smtplib.SMTPDataError as e:
        return fmt(e.smtp_code, e.smtp_error)


SUB, AR, ORC, SSL_ = (ENV["SUBMISSION_PORT"], ENV["AUTH_REQUIRED_PORT"],
                      ENV["OPEN_RELAY_CHECK_PORT"], ENV["SMTPS_PORT"])
L_SUB, L_AR, L_ORC, L_SSL = ("SUBMISSION :%s" % SUB, "AUTH_REQUIRED :%s" % AR,
                             "OPEN_RELAY_CHECK :%s" % ORC, "SMTPS :%s" % SSL_)

# --- SUBMISSION ---------------------------------------------------------------
s, g = plain(SUB); record(L_SUB, "greeting", g, "220 mail.example.test ESMTP Postfix")
record(L_SUB, "EHLO (before TLS)", fmt(*s.ehlo("client.example.test")), EHLO_STARTTLS)
record(L_SUB, "MAIL FROM before STARTTLS", fmt(*s.mail(FROM)), "530 5.7.0 Must issue a STARTTLS command first")
record(L_SUB, "AUTH PLAIN before STARTTLS", auth_plain(s, USER, PASSWORD), "530 5.7.0 Must issue a STARTTLS command first")
record(L_SUB, "STARTTLS", fmt(*s.starttls(context=CTX)), "220 2.0.0 Ready to start TLS")
record(L_SUB, "EHLO (after TLS)", fmt(*s.ehlo("client.example.test")), EHLO_AUTH)
record(L_SUB, "MAIL FROM after TLS, no AUTH", fmt(*s.mail(FROM)), AUTH_REQUIRED)
record(L_SUB, "AUTH PLAIN wrong password", auth_plain(s, USER, "wrong"), BAD_CREDENTIALS)
record(L_SUB, "AUTH PLAIN correct", auth_plain(s, USER, PASSWORD), "235 2.7.0 Authentication successful")
record(L_SUB, "send to local user (end of data)", send(s, LOCAL), "^" + QUEUED)
s.rset()
record(L_SUB, "send to outside domain (authenticated)", send(s, OUTSIDE), "^" + QUEUED)
s.rset()
record(L_SUB, "oversized message (end of data)", send(s, LOCAL, LIMIT + 10000), TOO_BIG)
record(L_SUB, "QUIT", fmt(*s.docmd("QUIT")), "221 2.0.0 Bye")
s.close()

s, g = plain(SUB); s.ehlo("client.example.test"); s.starttls(context=CTX); s.ehlo("client.example.test")
record(L_SUB, "AUTH LOGIN correct", auth_login(s, USER, PASSWORD), "235 2.7.0 Authentication successful")
s.close()

# --- AUTH_REQUIRED -------------------------------------------------------------
s, g = plain(AR); record(L_AR, "greeting", g, "220 mail.example.test ESMTP Postfix")
record(L_AR, "EHLO", fmt(*s.ehlo("client.example.test")), EHLO_AUTH)
record(L_AR, "STARTTLS (not offered)", fmt(*s.docmd("STARTTLS")), "502 5.5.1 Error: command not implemented")
record(L_AR, "MAIL FROM without AUTH", fmt(*s.mail(FROM)), AUTH_REQUIRED)
record(L_AR, "AUTH PLAIN wrong password", auth_plain(s, USER, "wrong"), BAD_CREDENTIALS)
record(L_AR, "AUTH LOGIN wrong password", auth_login(s, USER, "wrong"), BAD_CREDENTIALS)
record(L_AR, "AUTH PLAIN unknown user", auth_plain(s, "nobody@example.test", PASSWORD), BAD_CREDENTIALS)
record(L_AR, "AUTH LOGIN correct", auth_login(s, USER, PASSWORD), "235 2.7.0 Authentication successful")
record(L_AR, "send to local user (end of data)", send(s, LOCAL), "^" + QUEUED)
s.rset()
record(L_AR, "RCPT unknown local user", (s.mail(FROM), fmt(*s.rcpt(UNKNOWN)))[1], "550 5.1.1 <%s>: Recipient address rejected: User unknown in local recipient table" % UNKNOWN)
s.rset()
record(L_AR, "oversized message (end of data)", send(s, LOCAL, LIMIT + 10000), TOO_BIG)
s.close()

# --- OPEN_RELAY_CHECK -----------------------------------------------------------
s, g = plain(ORC); record(L_ORC, "greeting", g, "220 mail.example.test ESMTP Postfix")
record(L_ORC, "EHLO", fmt(*s.ehlo("client.example.test")), EHLO_PLAIN)
record(L_ORC, "AUTH (not offered)", auth_plain(s, USER, PASSWORD), "503 5.5.1 Error: authentication not enabled")
record(L_ORC, "MAIL FROM (no AUTH needed)", fmt(*s.mail(FROM)), "250 2.1.0 Ok")
record(L_ORC, "RCPT to outside domain", fmt(*s.rcpt(OUTSIDE)), "554 5.7.1 <%s>: Relay access denied" % OUTSIDE)
record(L_ORC, "RCPT unknown local user", fmt(*s.rcpt(UNKNOWN)), "550 5.1.1 <%s>: Recipient address rejected: User unknown in local recipient table" % UNKNOWN)
record(L_ORC, "RCPT local user", fmt(*s.rcpt(LOCAL)), "250 2.1.5 Ok")
try:
    r = fmt(*s.data(message()))
except smtplib.SMTPDataError as e:
    r = fmt(e.smtp_code, e.smtp_error)
record(L_ORC, "end of data (local user)", r, "^" + QUEUED)
s.rset()
record(L_ORC, "oversized message (end of data)", send(s, LOCAL, LIMIT + 10000), TOO_BIG)
s.rset()
record(L_ORC, "MAIL FROM with SIZE= over the limit", fmt(*s.docmd("MAIL FROM:<%s> SIZE=%d" % (FROM, LIMIT + 1))),
       "552 5.3.4 Message size exceeds fixed limit")
s.close()

# --- SMTPS ----------------------------------------------------------------------
s, g = smtps(SSL_); record(L_SSL, "greeting (after TLS handshake)", g, "220 mail.example.test ESMTP Postfix")
record(L_SSL, "EHLO", fmt(*s.ehlo("client.example.test")), EHLO_AUTH)
record(L_SSL, "MAIL FROM without AUTH", fmt(*s.mail(FROM)), AUTH_REQUIRED)
record(L_SSL, "AUTH LOGIN wrong password", auth_login(s, USER, "wrong"), BAD_CREDENTIALS)
record(L_SSL, "AUTH PLAIN correct", auth_plain(s, USER, PASSWORD), "235 2.7.0 Authentication successful")
record(L_SSL, "send to local user (end of data)", send(s, LOCAL), "^" + QUEUED)
s.close()

# plaintext client on the implicit-TLS port: no greeting
sock = socket.create_connection((HOST, int(SSL_)), timeout=3)
try:
    data = sock.recv(100)
    r = "(connection closed)" if not data else data.decode("latin-1").strip()
except socket.timeout:
    r = "(no greeting; read timed out after 3 s)"
sock.close()
record(L_SSL, "plaintext client: greeting", r, "(no greeting; read timed out after 3 s)")

if "--markdown" in sys.argv:
    print("| listener | step | exact reply (multi-line replies joined with ` / `) |")
    print("|---|---|---|")
    for l, st, r, ok in rows:
        print("| %s | %s | `%s` |%s" % (l, st, r, "" if ok else " **UNEXPECTED**"))
else:
    for l, st, r, ok in rows:
        print("%-4s %-22s %-40s %s" % ("ok" if ok else "FAIL", l, st, r))
for f in failures:
    print("FAIL: " + f, file=sys.stderr)
sys.exit(1 if failures else 0)
