package io.smtptrace.analyzer.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A connection's own facts: its server, greeting, TLS and AUTH state, and the parts of a long connection. */
class SessionTest {
    private static final Instant T0 = Instant.parse("2026-11-29T04:10:00Z");

    private static Exchange ex(String type, Integer code) {
        Exchange e = new Exchange();
        e.type = type;
        e.replyCode = code;
        e.verb = Exchange.GREETING.equals(type) ? null : "NOOP";
        return e;
    }

    @Test
    void theServerIsHostAndPortWithUnknownsMarked() {
        Session s = new Session();
        assertThat(s.server()).isEqualTo("?:?");
        s.host = "mx.example";
        s.port = -1;
        assertThat(s.server()).isEqualTo("mx.example:?");
        s.port = 1;
        assertThat(s.server()).isEqualTo("mx.example:1");
    }

    @Test
    void theGreetingIsLookedForAtTheHeadOnly() {
        Session s = new Session();
        assertThat(s.greeting()).isNull();
        assertThat(s.greeted()).isFalse();
        s.exchanges.add(ex(Exchange.COMMAND, 250));
        s.exchanges.add(ex(Exchange.COMMAND, 250));
        Exchange g = ex(Exchange.GREETING, 220);
        s.exchanges.add(g);
        assertThat(s.greeting()).isSameAs(g);
        assertThat(s.greeted()).isTrue();
        s.exchanges.add(0, ex(Exchange.COMMAND, 250));
        assertThat(s.greeting()).as("fourth: not a greeting of this connection").isNull();
        Session silent = new Session();
        silent.exchanges.add(ex(Exchange.GREETING, null));
        assertThat(silent.greeted()).isFalse();
        silent.part = 2;
        assertThat(silent.greeted()).as("a later part was greeted in its first part").isTrue();
    }

    @Test
    void authAndTlsState() {
        Session s = new Session();
        assertThat(s.authenticated()).isFalse();
        s.authOutcome = "failure";
        assertThat(s.authenticated()).isFalse();
        s.authOutcome = "success";
        assertThat(s.authenticated()).isTrue();
        assertThat(s.tlsActive()).isFalse();
        s.tlsMode = "none";
        assertThat(s.tlsActive()).isFalse();
        s.tlsMode = "implicit";
        assertThat(s.tlsActive()).isTrue();
        s.tlsMode = "starttls";
        assertThat(s.tlsActive()).isTrue();
    }

    @Test
    void anExchangeWithoutATimeHappenedAtTheStart() {
        Session s = new Session();
        s.start = T0;
        Exchange e = ex(Exchange.COMMAND, 250);
        assertThat(s.timeOf(null)).isEqualTo(T0);
        assertThat(s.timeOf(e)).isEqualTo(T0);
        e.time = T0.plusSeconds(5);
        assertThat(s.timeOf(e)).isEqualTo(T0.plusSeconds(5));
        assertThat(s.lastExchange()).isNull();
        s.exchanges.add(e);
        Exchange last = ex(Exchange.COMMAND, 221);
        s.exchanges.add(last);
        assertThat(s.lastExchange()).isSameAs(last);
    }

    @Test
    void aContinuationCarriesTheConnectionFactsButNoExchanges() {
        Session s = new Session();
        s.id = "conn-1";
        s.host = "mx.example";
        s.port = 587;
        s.clientLibrary = "angus-mail";
        s.clientLibraryVersion = "2.0.3";
        s.serviceName = "billing";
        s.sslRequested = true;
        s.tlsMode = "implicit";
        s.tlsEstablished = true;
        s.tlsErrorUnlogged = true;
        s.starttlsOffered = true;
        s.ehloExtensions.add(List.of("SIZE 10"));
        s.sizeLimit = 10L;
        s.authConfigured = true;
        s.authMechanism = "PLAIN";
        s.authOutcome = "success";
        s.authReplyCode = 235;
        s.source = "app.log";
        s.partial = true;
        s.start = T0;
        s.end = T0.plusSeconds(60);
        s.exchanges.add(ex(Exchange.GREETING, 220));
        s.exceptions.add("x: y");
        s.endReason = "continued";
        Session n = s.continuation();
        assertThat(n.part).isEqualTo(2);
        assertThat(n.id).isEqualTo("conn-1#2");
        assertThat(n.start).isEqualTo(T0.plusSeconds(60));
        assertThat(n.end).isNull();
        assertThat(n.exchanges).isEmpty();
        assertThat(n.exceptions).isEmpty();
        assertThat(n.endReason).isNull();
        assertThat(n).usingRecursiveComparison()
                .ignoringFields("id", "part", "start", "end", "exchanges", "exceptions", "endReason").isEqualTo(s);
        Session third = n.continuation();
        assertThat(third.id).isEqualTo("conn-1#3");
        assertThat(third.part).isEqualTo(3);
        assertThat(third.host).isEqualTo("mx.example");
    }

    @Test
    void shownAsIdServerSizeAndEnd() {
        Session s = new Session();
        s.id = "c1";
        s.host = "mx";
        s.port = 25;
        s.exchanges.add(ex(Exchange.GREETING, 220));
        s.endReason = "quit";
        assertThat(s.toString()).isEqualTo("Session c1 mx:25 1 exchanges, end quit");
    }
}
