package io.smtptrace.agent.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class ErrorInfoTest {

    @Test
    void namesTheOuterAndTheRootExceptionWithoutATrace() {
        ErrorInfo e = ErrorInfo.of(new IOException("outer", new IllegalStateException("inner")));
        assertThat(e.type).isEqualTo("java.io.IOException");
        assertThat(e.message).isEqualTo("outer");
        assertThat(e.rootType).isEqualTo("java.lang.IllegalStateException");
        assertThat(e.rootMessage).isEqualTo("inner");
        assertThat(e.tlsType).as("no TLS exception: the root").isEqualTo("java.lang.IllegalStateException");
        assertThat(e.tlsMessage).isEqualTo("inner");
        assertThat(e.timeout || e.socketError || e.tlsError || e.connectError).isFalse();
        assertThat(ErrorInfo.of(null)).isNull();
    }

    @Test
    void aTimeoutIsSeenAtTheTopOrDeepInTheChain() {
        assertThat(ErrorInfo.of(new SocketTimeoutException("Read timed out")).timeout).isTrue();
        assertThat(ErrorInfo.of(new IOException("x", new IOException("y", new SocketTimeoutException("t")))).timeout)
                .isTrue();
        SocketTimeoutException top = new SocketTimeoutException("Read timed out");
        top.initCause(new IOException("below"));
        assertThat(ErrorInfo.of(top).timeout).as("a cause that is no timeout does not undo it").isTrue();
        assertThat(ErrorInfo.of(new IOException("x", new IOException("y"))).timeout).isFalse();
    }

    @Test
    void socketErrorsAndEofAreSocketErrorsWhereverTheyAre() {
        assertThat(ErrorInfo.of(new SocketException("Connection reset")).socketError).isTrue();
        assertThat(ErrorInfo.of(new EOFException()).socketError).isTrue();
        assertThat(ErrorInfo.of(new IOException("x", new SocketException("Broken pipe"))).socketError).isTrue();
        assertThat(ErrorInfo.of(new IOException("x", new EOFException("eof"))).socketError).isTrue();
        SocketException top = new SocketException("reset");
        top.initCause(new IllegalStateException("below"));
        assertThat(ErrorInfo.of(top).socketError).isTrue();
        assertThat(ErrorInfo.of(new IOException("x", new IllegalStateException("y"))).socketError).isFalse();
    }

    @Test
    void theOutermostTlsExceptionNamesTheTlsError() {
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(new CertificateException("unable to find valid certification path"));
        ErrorInfo e = ErrorInfo.of(new IOException("Could not convert socket to TLS", handshake));
        assertThat(e.tlsError).isTrue();
        assertThat(e.tlsType).isEqualTo("javax.net.ssl.SSLHandshakeException");
        assertThat(e.tlsMessage).isEqualTo("PKIX path building failed");
        assertThat(e.rootType).isEqualTo("java.security.cert.CertificateException");

        ErrorInfo top = ErrorInfo.of(new SSLException("closed", new IOException("below")));
        assertThat(top.tlsError).isTrue();
        assertThat(top.tlsType).as("the top one, not the root").isEqualTo("javax.net.ssl.SSLException");
        assertThat(top.tlsMessage).isEqualTo("closed");

        ErrorInfo cert = ErrorInfo.of(new IOException("x", new CertificateException("expired")));
        assertThat(cert.tlsError).isTrue();
        assertThat(cert.tlsType).isEqualTo("java.security.cert.CertificateException");
        assertThat(cert.tlsMessage).isEqualTo("expired");
    }

    @Test
    void aFailedTcpConnectIsAConnectError() {
        assertThat(ErrorInfo.of(new IOException("x", new ConnectException("Connection refused"))).connectError)
                .isTrue();
        assertThat(ErrorInfo.of(new UnknownHostException("mx.invalid")).connectError).isTrue();
        assertThat(ErrorInfo.of(new IOException("x", new NoRouteToHostException("No route"))).connectError).isTrue();
        ErrorInfo connectTimeout = ErrorInfo.of(new IOException("x", new SocketTimeoutException("connect timed out")));
        assertThat(connectTimeout.connectError).isTrue();
        assertThat(connectTimeout.timeout).isTrue();
        assertThat(ErrorInfo.of(new SocketTimeoutException("Read timed out")).connectError)
                .as("a read timeout is not a connect error").isFalse();
        assertThat(ErrorInfo.of(new SocketTimeoutException()).connectError).isFalse();
        assertThat(ErrorInfo.of(new IOException("connect")).connectError).isFalse();
    }

    @Test
    void theChainIsFollowedSixteenCausesDeepAndNoFurther() {
        Throwable t = new IllegalStateException("e20");
        for (int i = 19; i >= 0; i--) {
            t = new IOException("e" + i, t);
        }
        ErrorInfo e = ErrorInfo.of(t);
        assertThat(e.message).isEqualTo("e0");
        assertThat(e.rootMessage).isEqualTo("e16");
        assertThat(e.rootType).isEqualTo("java.io.IOException");
    }

    @Test
    void aCauseThatPointsBackStopsTheWalk() {
        IOException loop = new IOException("self") {
            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };
        ErrorInfo e = ErrorInfo.of(loop);
        assertThat(e.rootMessage).isEqualTo("self");
    }

    @Test
    void aKnownLibraryExceptionIsPlainData() {
        ErrorInfo e = ErrorInfo.of("jakarta.mail.AuthenticationFailedException", "failed to connect");
        assertThat(e.type).isEqualTo("jakarta.mail.AuthenticationFailedException");
        assertThat(e.rootType).isEqualTo(e.type);
        assertThat(e.tlsType).isEqualTo(e.type);
        assertThat(e.message).isEqualTo("failed to connect");
        assertThat(e.rootMessage).isEqualTo("failed to connect");
        assertThat(e.tlsMessage).isEqualTo("failed to connect");
        assertThat(e.timeout || e.socketError || e.tlsError || e.connectError).isFalse();
    }

    @Test
    void redactingKeepsTheFactsAndRedactsEveryMessage() {
        AuthReplyRedaction r = AuthReplyRedaction.of(
                "AUTH PLAIN AHVzZXJAZXhhbXBsZS5jb20Ac2VjcmV0".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                null);
        SSLHandshakeException tls = new SSLHandshakeException("user@example.com: handshake");
        tls.initCause(new SocketTimeoutException("connect timed out for user@example.com"));
        SocketException reset = new SocketException("reset for user@example.com");
        reset.initCause(tls);
        ErrorInfo e = ErrorInfo.of(reset);
        ErrorInfo red = e.redacted(r);
        assertThat(red.type).isEqualTo(e.type);
        assertThat(red.rootType).isEqualTo(e.rootType);
        assertThat(red.tlsType).isEqualTo(e.tlsType);
        assertThat(red.message).startsWith("reset for ").doesNotContain("user@example.com");
        assertThat(red.rootMessage).startsWith("connect timed out for ").doesNotContain("user@example.com");
        assertThat(red.tlsMessage).endsWith(": handshake").doesNotContain("user@example.com");
        assertThat(red.timeout).isTrue();
        assertThat(red.socketError).isTrue();
        assertThat(red.tlsError).isTrue();
        assertThat(red.connectError).isTrue();
        assertThat(e.redacted(null)).isSameAs(e);
    }
}
