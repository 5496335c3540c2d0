package io.smtptrace.analyzer.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.smtptrace.analyzer.model.Session;
import io.smtptrace.analyzer.read.OtlpJsonReader.SpanRec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OTLP JSON (protobuf JSON mapping) as the agent and a Collector's file exporter write it: every value type and field
 * spelling, JSON lines and pretty-printed documents, and bad lines reported with their line number while the rest is read.
 */
class OtlpJsonReaderTest {

    // ---- building OTLP JSON ----

    static String attr(String key, String value) {
        return "{\"key\":\"" + key + "\",\"value\":" + value + "}";
    }

    static String str(String key, String v) {
        return attr(key, "{\"stringValue\":\"" + v + "\"}");
    }

    static String num(String key, long v) {
        return attr(key, "{\"intValue\":\"" + v + "\"}");
    }

    static String smtpSpan(String spanId, String conn, String... attrs) {
        String all = String.join(",", attrs);
        return "{\"spanId\":\"" + spanId + "\",\"attributes\":[" + str("network.protocol.name", "smtp") + ","
                + str("smtp.connection.id", conn) + (all.isEmpty() ? "" : "," + all) + "]}";
    }

    static String requestOf(String resourceAttrs, String... spans) {
        return "{\"resourceSpans\":[{\"resource\":{\"attributes\":[" + resourceAttrs + "]},\"scopeSpans\":[{\"scope\":"
                + "{\"name\":\"io.smtptrace.agent\"},\"spans\":[" + String.join(",", spans) + "]}]}]}";
    }

    static String request(String... spans) {
        return requestOf(str("service.name", "billing"), spans);
    }

    // ---- reading ----

    record Lines(List<SpanRec> spans, List<String> problems) {
        SpanRec only() {
            assertThat(spans).hasSize(1);
            return spans.get(0);
        }
    }

    /** Every JSON line of {@code text}: spans, and problems as "line key [args]". */
    static Lines lines(String text) throws IOException {
        return lines(text.getBytes(StandardCharsets.UTF_8));
    }

    static Lines lines(byte[] bytes) throws IOException {
        return lines(new ByteArrayInputStream(bytes));
    }

    static Lines lines(java.io.InputStream in) throws IOException {
        List<SpanRec> spans = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        new OtlpJsonReader().readLines(new ByteLines(in), spans::add,
                (line, key, args) -> problems.add(line + " " + key + " " + Arrays.toString(args)));
        return new Lines(spans, problems);
    }

    record Read(List<Session> sessions, List<String> err) {}

    static Read read(String text) throws IOException {
        return read(new OtlpJsonReader(), text.getBytes(StandardCharsets.UTF_8));
    }

    static Read read(OtlpJsonReader r, byte[] bytes) throws IOException {
        StringWriter err = new StringWriter();
        List<Session> sessions = new ArrayList<>();
        r.read(new ByteLines(new ByteArrayInputStream(bytes)), "t.json", sessions::add, new Diagnostics(new PrintWriter(err)));
        return new Read(sessions, err.toString().lines().toList());
    }

    // ---- value types ----

    @Test
    void everyAnyValueTypeAndSpellingIsRead() throws IOException {
        String line = request(smtpSpan("a1", "c1",
                str("smtp.s", "text"),
                attr("smtp.bytes", "{\"bytesValue\":\"AAEC\"}"),
                attr("smtp.snake", "{\"string_value\":\"snake\"}"),
                num("smtp.i", 587),
                attr("smtp.inum", "{\"intValue\":25}"),
                attr("smtp.isnake", "{\"int_value\":\"9\"}"),
                attr("smtp.d", "{\"doubleValue\":0.5}"),
                attr("smtp.dstr", "{\"doubleValue\":\"1.5\"}"),
                attr("smtp.dsnake", "{\"double_value\":2.5}"),
                attr("smtp.dbad", "{\"doubleValue\":\"fast\"}"),
                attr("smtp.b", "{\"boolValue\":true}"),
                attr("smtp.bfalse", "{\"boolValue\":false}"),
                attr("smtp.bstr", "{\"boolValue\":\"true\"}"),
                attr("smtp.bsnake", "{\"bool_value\":true}"),
                attr("smtp.arr", "{\"arrayValue\":{\"values\":[{\"stringValue\":\"PIPELINING\"},{\"intValue\":\"8\"},"
                        + "{\"kvlistValue\":{}},{\"boolValue\":false},{\"stringValue\":\"8BITMIME\"}],\"x\":[1]}}"),
                attr("smtp.arrsnake", "{\"array_value\":{\"values\":[{\"stringValue\":\"A\"}]}}"),
                attr("smtp.arrbad", "{\"arrayValue\":[1,2]}"),
                attr("smtp.arrvaluesbad", "{\"arrayValue\":{\"values\":{\"a\":1}}}"),
                attr("smtp.kv", "{\"kvlistValue\":{\"values\":[]}}"),
                attr("smtp.notobject", "\"plain\""),
                attr("smtp.extra", "{\"stringValue\":\"v\",\"unknown\":{\"deep\":[1,{}]}}")));
        Lines r = lines(line);
        assertThat(r.problems()).isEmpty();
        Attrs a = r.only().attributes;
        assertThat(a.get("smtp.s")).isEqualTo("text");
        assertThat(a.get("smtp.bytes")).isEqualTo("AAEC");
        assertThat(a.get("smtp.snake")).isEqualTo("snake");
        assertThat(a.get("smtp.i")).isEqualTo(587L);
        assertThat(a.get("smtp.inum")).isEqualTo(25L);
        assertThat(a.get("smtp.isnake")).isEqualTo(9L);
        assertThat(a.get("smtp.d")).isEqualTo(0.5);
        assertThat(a.get("smtp.dstr")).isEqualTo(1.5);
        assertThat(a.get("smtp.dsnake")).isEqualTo(2.5);
        assertThat(a.containsKey("smtp.dbad")).isFalse();
        assertThat(a.get("smtp.b")).isEqualTo(true);
        assertThat(a.get("smtp.bfalse")).isEqualTo(false);
        assertThat(a.get("smtp.bstr")).isEqualTo(true);
        assertThat(a.get("smtp.bsnake")).isEqualTo(true);
        assertThat(a.get("smtp.arr")).isEqualTo(List.of("PIPELINING", 8L, false, "8BITMIME"));
        assertThat(a.get("smtp.arrsnake")).isEqualTo(List.of("A"));
        assertThat(a.get("smtp.arrbad")).isEqualTo(List.of());
        assertThat(a.get("smtp.arrvaluesbad")).isEqualTo(List.of());
        assertThat(a.containsKey("smtp.kv")).isFalse();
        assertThat(a.containsKey("smtp.notobject")).isFalse();
        assertThat(a.get("smtp.extra")).isEqualTo("v");
    }

    @Test
    void int64StringsAreReadExactlyAndBadOnesDropped() throws IOException {
        Attrs a = lines(request(smtpSpan("a1", "c1",
                attr("smtp.trim", "{\"intValue\":\" 42 \"}"),
                attr("smtp.tabs", "{\"intValue\":\"\\t7\\n\"}"),
                attr("smtp.plus", "{\"intValue\":\"+7\"}"),
                attr("smtp.neg", "{\"intValue\":\"-3\"}"),
                attr("smtp.zero", "{\"intValue\":\"0\"}"),
                attr("smtp.d18", "{\"intValue\":\"999999999999999999\"}"),
                attr("smtp.d19", "{\"intValue\":\"1234567890123456789\"}"),
                attr("smtp.neg19", "{\"intValue\":\"-9223372036854775808\"}"),
                attr("smtp.over", "{\"intValue\":\"9223372036854775808\"}"),
                attr("smtp.junk", "{\"intValue\":\"12x\"}"),
                attr("smtp.sign", "{\"intValue\":\"-\"}"),
                attr("smtp.empty", "{\"intValue\":\"\"}"),
                attr("smtp.blank", "{\"intValue\":\"  \"}"),
                attr("smtp.digitsthenjunk", "{\"intValue\":\"5 5\"}"),
                attr("smtp.colon", "{\"intValue\":\"4:\"}"),
                attr("smtp.slash", "{\"intValue\":\"4/\"}"),
                attr("smtp.nullv", "{\"intValue\":null}"),
                attr("smtp.number", "{\"intValue\":-12}")))).only().attributes;
        assertThat(a.get("smtp.trim")).isEqualTo(42L);
        assertThat(a.get("smtp.tabs")).isEqualTo(7L);
        assertThat(a.get("smtp.plus")).isEqualTo(7L);
        assertThat(a.get("smtp.neg")).isEqualTo(-3L);
        assertThat(a.get("smtp.zero")).isEqualTo(0L);
        assertThat(a.get("smtp.d18")).isEqualTo(999999999999999999L);
        assertThat(a.get("smtp.d19")).isEqualTo(1234567890123456789L);
        assertThat(a.get("smtp.neg19")).isEqualTo(Long.MIN_VALUE);
        for (String bad : List.of("smtp.over", "smtp.junk", "smtp.sign", "smtp.empty", "smtp.blank", "smtp.digitsthenjunk",
                "smtp.colon", "smtp.slash", "smtp.nullv")) {
            assertThat(a.containsKey(bad)).as(bad).isFalse();
        }
        assertThat(a.get("smtp.number")).isEqualTo(-12L);
    }

    @Test
    void onlyTheAttributesTheModelReadsAreKept() throws IOException {
        List<String> kept = List.of("network.protocol.name", "server.address", "server.port", "tls.established",
                "exception.type", "exception.message", "service.name", "host.name", "smtp.anything");
        List<String> attrs = new ArrayList<>();
        for (String k : kept) attrs.add(str(k, "v"));
        attrs.add(str("http.request.method", "GET"));
        attrs.add(str("smtpx", "v"));
        attrs.add(str("network.peer.address", "192.0.2.7"));
        // the value before its key is parsed anyway
        attrs.add("{\"value\":{\"stringValue\":\"early\"},\"key\":\"user_agent.original\"}");
        attrs.add("{\"value\":{\"stringValue\":\"no key\"}}");
        attrs.add("{\"key\":\"smtp.nokey.value\"}");
        attrs.add("{\"key\":null,\"value\":{\"stringValue\":\"null key\"}}");
        attrs.add("{\"key\":\"smtp.other\",\"value\":{\"stringValue\":\"o\"},\"comment\":{\"x\":1}}");
        String span = "{\"spanId\":\"a\",\"attributes\":[" + String.join(",", attrs) + "]}";
        Attrs a = lines(request(span)).only().attributes;
        for (String k : kept) assertThat(a.get(k)).as(k).isEqualTo("v");
        assertThat(a.containsKey("http.request.method")).isFalse();
        assertThat(a.containsKey("smtpx")).isFalse();
        assertThat(a.containsKey("network.peer.address")).isFalse();
        assertThat(a.get("user_agent.original")).isEqualTo("early");
        assertThat(a.containsKey("smtp.nokey.value")).isFalse();
        assertThat(a.get("smtp.other")).isEqualTo("o");
        assertThat(a.size()).isEqualTo(kept.size() + 2);
    }

    // ---- spans, events, resources ----

    @Test
    void spanFieldsInBothSpellingsAndTheirEvents() throws IOException {
        String camel = "{\"traceId\":\"t\",\"spanId\":\"s1\",\"parentSpanId\":\"p1\",\"name\":\"SMTP send\",\"kind\":3,"
                + "\"startTimeUnixNano\":\"1795925400000000123\",\"endTimeUnixNano\":\"1795925401000000000\","
                + "\"status\":{\"code\":2},\"attributes\":[" + str("smtp.operation", "send") + "],"
                + "\"events\":[{\"timeUnixNano\":\"1795925400500000000\",\"name\":\"smtp.exchange\",\"attributes\":["
                + num("smtp.seq", 3) + "],\"droppedAttributesCount\":0},"
                + "{\"time_unix_nano\":\"7\",\"name\":\"exception\",\"attributes\":" + "{\"not\":\"an array\"}}]}";
        String snake = "{\"span_id\":\"s2\",\"parent_span_id\":\"\",\"start_time_unix_nano\":\"1000000001\","
                + "\"end_time_unix_nano\":\"0\",\"events\":{\"not\":\"an array\"}}";
        String bare = "{\"startTimeUnixNano\":\"-5\",\"endTimeUnixNano\":\"soon\"}";
        Lines r = lines(request(camel, snake, bare));
        assertThat(r.problems()).isEmpty();
        assertThat(r.spans()).hasSize(3);
        SpanRec a = r.spans().get(0);
        assertThat(a.spanId).isEqualTo("s1");
        assertThat(a.parentSpanId).isEqualTo("p1");
        assertThat(a.start).isEqualTo(Instant.ofEpochSecond(1795925400L, 123));
        assertThat(a.end).isEqualTo(Instant.ofEpochSecond(1795925401L));
        assertThat(a.attributes.get("smtp.operation")).isEqualTo("send");
        assertThat(a.events).hasSize(2);
        assertThat(a.events.get(0).name).isEqualTo("smtp.exchange");
        assertThat(a.events.get(0).time).isEqualTo(Instant.ofEpochSecond(1795925400L, 500_000_000));
        assertThat(a.events.get(0).attributes.get("smtp.seq")).isEqualTo(3L);
        assertThat(a.events.get(1).name).isEqualTo("exception");
        assertThat(a.events.get(1).time).isEqualTo(Instant.ofEpochSecond(0, 7));
        assertThat(a.events.get(1).attributes.size()).isZero();
        SpanRec b = r.spans().get(1);
        assertThat(b.spanId).isEqualTo("s2");
        assertThat(b.parentSpanId).isNull();
        assertThat(b.start).isEqualTo(Instant.ofEpochSecond(1, 1));
        assertThat(b.end).isNull();
        assertThat(b.events).isEmpty();
        SpanRec c = r.spans().get(2);
        assertThat(c.spanId).isNull();
        assertThat(c.start).isNull();
        assertThat(c.end).isNull();
    }

    @Test
    void everyScopeAndResourceSpellingAndEachSpanKeepsItsResourceAndLine() throws IOException {
        String line1 = "{\"resource_spans\":[{\"resource\":{\"droppedAttributesCount\":0,\"attributes\":["
                + str("service.name", "billing") + "]},\"scope_spans\":[{\"spans\":[{\"spanId\":\"a\"}]}],"
                + "\"schemaUrl\":\"x\"},"
                + "{\"resource\":\"not an object\",\"instrumentationLibrarySpans\":[{\"instrumentationLibrary\":{},"
                + "\"spans\":[{\"spanId\":\"b\"},{\"spanId\":\"c\"}]}]},"
                + "{\"scopeSpans\":{\"not\":\"an array\"}},"
                + "{\"scopeSpans\":[{\"spans\":{\"not\":\"an array\"}},{\"spans\":[{\"spanId\":\"d\"}]}]}"
                + "],\"other\":{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"hidden\"}]}]}]}}";
        String line3 = "{\"resourceSpans\":{\"not\":\"an array\"}}";
        String line4 = requestOf(str("service.name", "orders") + "," + str("host.name", "h2"), "{\"spanId\":\"e\"}");
        Lines r = lines(line1 + "\n\n" + line3 + "\n" + line4 + "\n");
        assertThat(r.problems()).isEmpty();
        assertThat(r.spans()).extracting(s -> s.spanId).containsExactly("a", "b", "c", "d", "e");
        assertThat(r.spans()).extracting(s -> s.line).containsExactly(1L, 1L, 1L, 1L, 4L);
        assertThat(r.spans().get(0).resource.get("service.name")).isEqualTo("billing");
        assertThat(r.spans().get(1).resource.size()).isZero();
        assertThat(r.spans().get(4).resource.get("service.name")).isEqualTo("orders");
        assertThat(r.spans().get(4).resource.get("host.name")).isEqualTo("h2");
    }

    // ---- bad lines ----

    @Test
    void eachBadLineIsReportedWithItsNumberAndTheOthersAreRead() throws IOException {
        String good = request(smtpSpan("a", "c1"));
        String deep = "{\"a\":" + "[".repeat(70) + "]".repeat(70) + "}";
        String text = String.join("\n",
                good,                                  // 1
                "[1,2]",                               // 2 not an object
                good + " {}",                          // 3 trailing data (its spans still count)
                "{\"resourceSpans\":[",                // 4 truncated
                "{\"resourceSpans\":[}",               // 5 invalid
                "",                                    // 6 blank
                "   ",                                 // 7 blank
                deep,                                  // 8 rejected: nesting
                "\"just a string\"",                   // 9 not an object
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"x\",\"attributes\":\"no", // 10 truncated in a string
                good) + "\n";                          // 11
        Lines r = lines(text);
        assertThat(r.spans()).extracting(s -> s.line).containsExactly(1L, 3L, 11L);
        assertThat(r.problems()).hasSize(7);
        assertThat(r.problems().get(0)).isEqualTo("2 json.notObjectLine [[]");
        assertThat(r.problems().get(1)).isEqualTo("3 json.trailingData []");
        assertThat(r.problems().get(2)).startsWith("4 json.truncatedLine [");
        assertThat(r.problems().get(3)).startsWith("5 json.invalidLine [19, Unexpected close marker '}'");
        assertThat(r.problems().get(4)).startsWith("8 json.rejectedLine [").contains("64");
        assertThat(r.problems().get(5)).startsWith("9 json.notObjectLine [");
        assertThat(r.problems().get(6)).startsWith("10 json.truncatedLine [");
    }

    @Test
    void aLongParserMessageIsCutToOneShortLine() throws IOException {
        List<Object[]> args = new ArrayList<>();
        new OtlpJsonReader().readLines(new ByteLines(new ByteArrayInputStream(("{\"a\":" + "x".repeat(400) + "}\n{\"a\":nul}\n")
                .getBytes(StandardCharsets.UTF_8))), s -> { }, (line, key, a) -> args.add(a));
        assertThat(args).hasSize(2);
        String cut = (String) args.get(0)[1];
        assertThat(cut).hasSize(163).startsWith("Unrecognized token 'xxx").endsWith("...");
        String whole = (String) args.get(1)[1];
        assertThat(whole).startsWith("Unrecognized token 'nul'").doesNotEndWith("...").hasSizeLessThanOrEqualTo(160).doesNotContain("\n");
    }

    @Test
    void truncatedLineNamesWhatItEndsIn() throws IOException {
        Lines r = lines("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"x\",\"name\":\"cut here\n");
        assertThat(r.problems()).singleElement().asString().startsWith("1 json.truncatedLine [").doesNotContain("[JSON]");
        Lines eof = lines("{\"resourceSpans\":[]");
        assertThat(eof.problems()).singleElement().asString().isEqualTo("1 json.truncatedLine [JSON]");
    }

    @Test
    void aLineThatIsNotUtf8IsReadWithReplacementCharactersAndItsSpansOnce() throws IOException {
        String line = request(smtpSpan("a", "c1"), "{\"spanId\":\"b\",\"attributes\":[" + str("smtp.reply.text", "BAD") + "]}");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(line.substring(0, line.indexOf("BAD")).getBytes(StandardCharsets.UTF_8));
        b.write(0xC3); // a lead byte without its continuation
        b.write('(');
        b.writeBytes((line.substring(line.indexOf("BAD") + 3) + "\n" + request(smtpSpan("c", "c2")) + "\n").getBytes(StandardCharsets.UTF_8));
        Lines r = lines(b.toByteArray());
        assertThat(r.problems()).isEmpty();
        assertThat(r.spans()).extracting(s -> s.spanId).containsExactly("a", "b", "c");
        assertThat(r.spans().get(1).attributes.get("smtp.reply.text")).isEqualTo("\uFFFD(");
    }

    @Test
    void aLineStartingWithNulsIsOneBadLine() throws IOException {
        byte[] nuls = {0, 0, 0, '{', '}', '\n'};
        String good = request(smtpSpan("a", "c1")) + "\n";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(good.getBytes(StandardCharsets.UTF_8));
        b.writeBytes(nuls);
        b.writeBytes(good.getBytes(StandardCharsets.UTF_8));
        Lines r = lines(b.toByteArray());
        assertThat(r.spans()).extracting(s -> s.line).containsExactly(1L, 3L);
        assertThat(r.problems()).singleElement().asString().startsWith("2 json.invalidLine [");
    }

    // ---- JSON lines or one document ----

    static final String PRETTY = """
            {
              "resourceSpans": [ {
                "resource": { "attributes": [ { "key": "service.name", "value": { "stringValue": "billing" } } ] },
                "scopeSpans": [ { "spans": [ {
                  "spanId": "a1",
                  "attributes": [
                    { "key": "network.protocol.name", "value": { "stringValue": "smtp" } },
                    { "key": "smtp.connection.id", "value": { "stringValue": "c1" } },
                    { "key": "smtp.connection.end", "value": { "stringValue": "quit" } }
                  ]
                } ] } ]
              } ]
            }
            """;

    @Test
    void aPrettyPrintedDocumentIsRead() throws IOException {
        Read r = read(PRETTY + PRETTY.replace("c1", "c2"));
        assertThat(r.err()).isEmpty();
        assertThat(r.sessions()).extracting(s -> s.id).containsExactly("c1", "c2");
        assertThat(r.sessions()).extracting(s -> s.serviceName).containsExactly("billing", "billing");
        assertThat(r.sessions().get(0).source).isEqualTo("t.json");
    }

    @Test
    void documentProblemsNameTheirLine() throws IOException {
        Read notObject = read(PRETTY + "[1,\n2]\n" + PRETTY.replace("c1", "c2"));
        assertThat(notObject.err()).containsExactly("smtp-trace: t.json:14: not an OTLP JSON object, skipped");
        assertThat(notObject.sessions()).extracting(s -> s.id).containsExactly("c1", "c2");

        Read truncated = read(PRETTY + PRETTY.substring(0, PRETTY.indexOf("\"spanId\"")));
        assertThat(truncated.sessions()).extracting(s -> s.id).containsExactly("c1");
        assertThat(truncated.err()).singleElement().asString().startsWith("smtp-trace: t.json:18: truncated JSON: input ends inside");

        Read invalid = read(PRETTY + "{\n  \"resourceSpans\": ]\n}\n" + PRETTY);
        assertThat(invalid.sessions()).extracting(s -> s.id).containsExactly("c1");
        assertThat(invalid.err()).singleElement().asString()
                .startsWith("smtp-trace: t.json:15: invalid JSON at column 20: Unexpected character (']'")
                .endsWith("; rest of this input skipped");

        Read deep = read("{\n\"a\":" + "[".repeat(70) + "]".repeat(70) + "}\n");
        assertThat(deep.err()).first().asString().startsWith("smtp-trace: t.json:2: JSON rejected: ").contains("64")
                .endsWith("; rest of this input skipped");
    }

    @Test
    void aDocumentAfterBlankLinesCountsThemInItsLineNumbers() throws IOException {
        StringWriter err = new StringWriter();
        byte[] bytes = ("{\n\"resourceSpans\": ]\n}\n").getBytes(StandardCharsets.UTF_8);
        new OtlpJsonReader().read(new ByteLines(new ByteArrayInputStream(bytes), 3), "t.json", s -> { },
                new Diagnostics(new PrintWriter(err)));
        assertThat(err.toString()).startsWith("smtp-trace: t.json:5: invalid JSON at column 18");
    }

    @Test
    void aBraceInsideAStringDoesNotMakeTheFirstLineADocument() throws IOException {
        // JSON lines go on after a bad line; a document's rest would be skipped
        String first = requestOf(str("service.name", "a{[\\\"{"), smtpSpan("a", "c1"));
        Read r = read(first + "\ngarbage\n" + request(smtpSpan("b", "c2")) + "\n");
        assertThat(r.sessions()).extracting(s -> s.id).containsExactly("c1", "c2");
        assertThat(r.sessions().get(0).serviceName).isEqualTo("a{[\"{");
        assertThat(r.err()).singleElement().asString().startsWith("smtp-trace: t.json:2: invalid JSON at column 1");
    }

    @Test
    void aTruncatedFirstLineBeforeJsonLinesIsOneBadLine() throws IOException {
        String second = request(smtpSpan("b", "c2"));
        String snake = request(smtpSpan("b", "c2")).replace("resourceSpans", "resource_spans");
        for (String next : List.of(second, "\n\r\n" + second, snake, "{\"other\":{\"x\":[1]}}   ", "{\"other\":1}\r",
                "{\"other\":\"}}\"}", "{\"other\":\"\\\"}\"}", "{\"" + "k".repeat(31) + "\":1}")) {
            Read r = read("{\"resourceSpans\":[{\"scopeSpans\":[\n" + next + "\n" + second + "\n");
            assertThat(r.sessions()).as(next).extracting(s -> s.id).isNotEmpty().containsOnly("c2");
            assertThat(r.err()).as(next).first().asString().startsWith("smtp-trace: t.json:1: truncated JSON (the line ends inside");
        }
    }

    @Test
    void anOpenFirstLineFollowedByAnIndentedOrOpenLineIsADocument() throws IOException {
        for (String first : List.of("{", "{ \"resourceSpans\": [", "{\"resourceSpans\":[")) {
            for (String next : List.of("  \"x\": 1,", "{\"other\":1},", "{\"other\":{\"x\":1}", "{\"other\":1} ,", "\"s\"",
                    "{x", "{\"" + "k".repeat(40) + "\":1}", "{\"" + "k".repeat(32) + "\":1}",
                    "{\"other\":\"\\\"}\"},")) {
                Read r = read(first + "\n" + next + "\n" + request(smtpSpan("b", "c2")) + "\n");
                assertThat(r.err()).as(first + " / " + next).first().asString()
                        .matches("smtp-trace: t\\.json:\\d+: (invalid JSON|JSON rejected|truncated JSON: ).*(skipped|inside.*)");
                assertThat(r.sessions()).as(first + " / " + next).isEmpty();
            }
        }
    }

    @Test
    void aSecondLineCutByTheEndOfTheInputStillMakesJsonLines() throws IOException {
        Read r = read("{\"resourceSpans\":[{\"scopeSpans\":[\n{\"resou");
        assertThat(r.err()).hasSize(3).first().asString().startsWith("smtp-trace: t.json:1: truncated JSON (the line ends inside");
        assertThat(r.err().get(1)).startsWith("smtp-trace: t.json:2: truncated JSON (the line ends inside");
    }

    @Test
    void aBlankFirstLineStartsADocument() throws IOException {
        Read r = read("\n" + request(smtpSpan("a", "c1")) + "\ngarbage\n" + request(smtpSpan("b", "c2")) + "\n");
        assertThat(r.sessions()).extracting(s -> s.id).containsExactly("c1");
        assertThat(r.err()).singleElement().asString().startsWith("smtp-trace: t.json:3: invalid JSON").endsWith("rest of this input skipped");
    }

    @Test
    void aFirstLineLongerThanTheBufferIsAJsonLine() throws IOException {
        String pad = "x".repeat(70_000);
        Read r = read(requestOf(str("host.name", pad), smtpSpan("a", "c1")) + "\ngarbage\n" + request(smtpSpan("b", "c2")) + "\n");
        assertThat(r.sessions()).extracting(s -> s.id).containsExactly("c1", "c2");
        assertThat(r.err()).singleElement().asString().startsWith("smtp-trace: t.json:2: ");
    }

    // ---- the whole input ----

    @Test
    void anInputWithoutSmtpSpansSaysHowManyOthersItSkipped() throws IOException {
        String http = "{\"spanId\":\"h\",\"attributes\":[" + str("network.protocol.name", "http") + "]}";
        Read r = read(request(http, http) + "\n" + request(http) + "\n");
        assertThat(r.sessions()).isEmpty();
        assertThat(r.err()).containsExactly("smtp-trace: t.json: no SMTP spans found (3 other spans skipped)");
        Read empty = read("{}\n");
        assertThat(empty.err()).containsExactly("smtp-trace: t.json: no SMTP spans found (0 other spans skipped)");
        Read smtp = read(request(http, smtpSpan("a", "c1")) + "\n");
        assertThat(smtp.err()).isEmpty();
        assertThat(smtp.sessions()).hasSize(1);
    }

    @Test
    void manyThreadsReadTheSameSpansProblemsAndLines() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            if (i % 7 == 3) text.append("{\"resourceSpans\":[\n");
            else if (i % 11 == 5) text.append("\n");
            else text.append(request(smtpSpan("s" + i, "c" + i / 4, num("smtp.n", i)))).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        Read one = read(new OtlpJsonReader(), bytes);
        OtlpJsonReader par = new OtlpJsonReader().parallel(3, 512);
        assertThat(par.lineNumber()).isEqualTo(1);
        Read many = read(par, bytes);
        assertThat(one.err()).hasSize(9).allSatisfy(l -> assertThat(l).contains("truncated JSON"));
        assertThat(many.err()).isEqualTo(one.err());
        assertThat(many.sessions()).extracting(s -> s.id).isEqualTo(one.sessions().stream().map(s -> s.id).toList()).hasSize(15);
        assertThat(par.lineNumber()).isEqualTo(61);
    }

    @Test
    void lineNumberFollowsTheReading() throws IOException {
        OtlpJsonReader r = new OtlpJsonReader();
        assertThat(r.lineNumber()).isEqualTo(1);
        byte[] bytes = (request(smtpSpan("a", "c1")) + "\n" + request(smtpSpan("b", "c1")) + "\n").getBytes(StandardCharsets.UTF_8);
        List<Long> at = new ArrayList<>();
        ByteLines src = new ByteLines(new ByteArrayInputStream(bytes));
        r.read(src, "t", s -> at.add(r.lineNumber()), new Diagnostics(new PrintWriter(new StringWriter())));
        assertThat(r.lineNumber()).isEqualTo(3);
        assertThat(at).containsExactly(3L);
    }

    // ---- boundaries the reader decides on ----

    @Test
    void aBooleanAsTextIsReadCaseInsensitivelyAndANumberAsTrueWhenNotZero() throws IOException {
        Attrs a = lines(request(smtpSpan("a1", "c1",
                attr("smtp.upper", "{\"boolValue\":\"TRUE\"}"),
                attr("smtp.other", "{\"boolValue\":\"yes\"}"),
                attr("smtp.one", "{\"boolValue\":1}"),
                attr("smtp.zero", "{\"boolValue\":0}")))).only().attributes;
        assertThat(a.get("smtp.upper")).isEqualTo(true);
        assertThat(a.get("smtp.other")).isEqualTo(false);
        assertThat(a.get("smtp.one")).isEqualTo(true);
        assertThat(a.get("smtp.zero")).isEqualTo(false);
    }

    @Test
    void aLoneCharacterNextToTheDigitsIsNoNumber() throws IOException {
        // '/' and ':' sit just below and above '0'..'9'
        Attrs a = lines(request(smtpSpan("a1", "c1",
                attr("smtp.slash", "{\"intValue\":\"/\"}"),
                attr("smtp.colon", "{\"intValue\":\":\"}"),
                attr("smtp.negslash", "{\"intValue\":\"-/\"}"),
                attr("smtp.nine", "{\"intValue\":\"9\"}")))).only().attributes;
        assertThat(a.containsKey("smtp.slash")).isFalse();
        assertThat(a.containsKey("smtp.colon")).isFalse();
        assertThat(a.containsKey("smtp.negslash")).isFalse();
        assertThat(a.get("smtp.nine")).isEqualTo(9L);
    }

    @Test
    void aParserMessageOfExactly160CharactersIsKeptWhole() throws IOException {
        // the length of Jackson's message for a short bad token tells how long a token makes it 160 and 161
        int base = problemArg("{\"a\":xx}").length();
        assertThat(base).isLessThan(150);
        String at160 = problemArg("{\"a\":" + "x".repeat(2 + 160 - base) + "}");
        assertThat(at160).hasSize(160).doesNotEndWith("...");
        String at161 = problemArg("{\"a\":" + "x".repeat(2 + 161 - base) + "}");
        assertThat(at161).hasSize(163).endsWith("...");
    }

    private static String problemArg(String line) throws IOException {
        List<Object[]> args = new ArrayList<>();
        new OtlpJsonReader().readLines(new ByteLines(new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8))),
                s -> { }, (l, key, a) -> args.add(a));
        assertThat(args).hasSize(1);
        return (String) args.get(0)[1];
    }

    @Test
    void aLineThatIsNotUtf8AfterOthersIsReadFromItsOwnStart() throws IOException {
        String first = request(smtpSpan("a", "c1"));
        String bad = request(smtpSpan("b", "c2", str("smtp.reply.text", "BAD")));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((first + "\n" + bad.substring(0, bad.indexOf("BAD"))).getBytes(StandardCharsets.UTF_8));
        b.write(0xE2); // a lead byte of three without its continuations
        b.writeBytes((bad.substring(bad.indexOf("BAD") + 3) + "\n" + request(smtpSpan("c", "c3")) + "\n").getBytes(StandardCharsets.UTF_8));
        Lines r = lines(b.toByteArray());
        assertThat(r.problems()).isEmpty();
        assertThat(r.spans()).extracting(s -> s.spanId).containsExactly("a", "b", "c");
        assertThat(r.spans()).extracting(s -> s.line).containsExactly(1L, 2L, 3L);
        assertThat(r.spans().get(1).attributes.get("smtp.reply.text")).isEqualTo("\uFFFD");
    }

    @Test
    void aLineLongerThanTheBufferStartingWithNulsIsOneBadLineAndTheNextIsRead() throws IOException {
        // arriving in pieces, so the line is known to be too long before its end is in the buffer
        byte[] huge = new byte[ByteLines.MAX_BUFFERED_LINE + 10_000];
        Arrays.fill(huge, (byte) 'x');
        huge[0] = huge[1] = huge[2] = 0;
        huge[3] = '{';
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(huge);
        b.writeBytes(("\n" + request(smtpSpan("a", "c1")) + "\n").getBytes(StandardCharsets.UTF_8));
        Lines r = lines(SlowStreams.trickle(b.toByteArray(), 4096));
        assertThat(r.spans()).extracting(s -> s.spanId + "@" + s.line).containsExactly("a@2");
        assertThat(r.problems()).singleElement().asString().startsWith("1 json.rejectedLine [Invalid UTF-32 character");
    }

    @Test
    void aLineLongerThanTheBufferIsReadAsAStreamAndTheNextLineAfterIt() throws IOException {
        // in three values, each under the 4 MB a string may have
        String pad = "x".repeat(ByteLines.MAX_BUFFERED_LINE / 3 + 10_000);
        String text = requestOf(String.join(",", str("pad.1", pad), str("pad.2", pad), str("pad.3", pad)), smtpSpan("a", "c1")) + "\n" + request(smtpSpan("b", "c2")) + "\n";
        Lines r = lines(SlowStreams.trickle(text.getBytes(StandardCharsets.UTF_8), 4096));
        assertThat(r.problems()).isEmpty();
        assertThat(r.spans()).extracting(s -> s.spanId + "@" + s.line).containsExactly("a@1", "b@2");
    }

    @Test
    void aDocumentCutBetweenTokensSaysItEndsInsideTheJson() throws IOException {
        Read between = read(PRETTY + "{\n  \"resourceSpans\": [\n");
        assertThat(between.sessions()).extracting(s -> s.id).containsExactly("c1");
        assertThat(between.err()).containsExactly("smtp-trace: t.json:16: truncated JSON: input ends inside JSON");
        Read inString = read(PRETTY + "{\n  \"resourceSpans\": [ \"cut");
        assertThat(inString.err()).singleElement().asString().startsWith("smtp-trace: t.json:15: truncated JSON: input ends inside ")
                .doesNotEndWith("inside JSON");
    }

    @Test
    void aPrettyPrintedDocumentsNumbersAndTimesAreReadWithTheSpacesAroundThem() throws IOException {
        String doc = PRETTY.replace("\"spanId\": \"a1\",", "\"spanId\": \"a1\", \"startTimeUnixNano\": \"1795925400000000123\" ,"
                        + " \"endTimeUnixNano\": \"1795925401000000000\" ,")
                .replace("{ \"key\": \"smtp.connection.end\"", "{ \"key\": \"server.port\", \"value\": { \"intValue\": \"587\" } },\n"
                        + "  { \"key\": \"smtp.auth.reply_code\", \"value\": { \"intValue\": \" 535 \" } },\n"
                        + "  { \"key\": \"smtp.connection.end\"");
        Read r = read(doc);
        assertThat(r.err()).isEmpty();
        Session s = assertThat(r.sessions()).singleElement().actual();
        assertThat(s.port).isEqualTo(587);
        assertThat(s.authReplyCode).isEqualTo(535);
        assertThat(s.start).isEqualTo(Instant.ofEpochSecond(1795925400L, 123));
        assertThat(s.end).isEqualTo(Instant.ofEpochSecond(1795925401L));
    }

    @Test
    void aTruncatedFirstLineBeforeAJsonLineLongerThanTheLookAheadIsOneBadLine() throws IOException {
        String second = "{\"other\":\"" + "x".repeat(20_000) + "\"}";
        Read r = read("{\"resourceSpans\":[{\"scopeSpans\":[\n" + second + "\n" + request(smtpSpan("b", "c2")) + "\n");
        assertThat(r.sessions()).extracting(s -> s.id).containsExactly("c2");
        assertThat(r.err()).singleElement().asString().startsWith("smtp-trace: t.json:1: truncated JSON (the line ends inside");
    }

    @Test
    void aLineWhoseFirstBytesLookLikeAnUnsupportedUtf32OrderIsOneBadLine() throws IOException {
        // NUL '{' NUL NUL: "UCS-4 3412" to Jackson, which it refuses before parsing anything
        byte[] weird = {0, '{', 0, 0, '}', '\n'};
        String good = request(smtpSpan("a", "c1")) + "\n";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(weird);
        b.writeBytes(good.getBytes(StandardCharsets.UTF_8));
        Lines r = lines(b.toByteArray());
        assertThat(r.spans()).extracting(s -> s.spanId + "@" + s.line).containsExactly("a@2");
        assertThat(r.problems()).singleElement().asString().startsWith("1 json.invalidLine [").contains("code 0");

        // the same at the start of a line too long to buffer: it cannot be read again as text, so it is reported as is
        byte[] huge = new byte[ByteLines.MAX_BUFFERED_LINE + 10_000];
        Arrays.fill(huge, (byte) ' ');
        System.arraycopy(weird, 0, huge, 0, 4);
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.writeBytes(huge);
        h.writeBytes(("\n" + good).getBytes(StandardCharsets.UTF_8));
        Lines long1 = lines(SlowStreams.trickle(h.toByteArray(), 4096));
        assertThat(long1.spans()).extracting(s -> s.spanId + "@" + s.line).containsExactly("a@2");
        assertThat(long1.problems()).singleElement().asString().startsWith("1 json.rejectedLine [").contains("3412");
    }
}
