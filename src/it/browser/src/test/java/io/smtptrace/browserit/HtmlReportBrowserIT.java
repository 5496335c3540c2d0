package io.smtptrace.browserit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.smtptrace.analyzer.Main;
import io.smtptrace.testsupport.ForkedJvm;
import io.smtptrace.testsupport.MailLibrary;
import io.smtptrace.testsupport.Scenario;
import io.smtptrace.testsupport.SmtpTestServer;

/**
 * The HTML report of real captures, opened in headless chromium: what a person sees must be what the capture holds.
 * Reports of the demo (its real agent trace), of the Postfix suite's captures (this run's when the Postfix suite ran
 * before, else the committed real-Postfix samples) and of captures whose server texts are hostile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HtmlReportBrowserIT {
    static final Path AGENT = Path.of(System.getProperty("smtptrace.agentJar", "../../../agent/target/smtp-trace-agent.jar"));
    static final Path ARTIFACTS = Path.of(System.getProperty("smtptrace.artifacts", "target/browser")).toAbsolutePath();
    static final Path SAMPLES = Path.of(System.getProperty("smtptrace.postfixSamples", "../postfix/samples"));
    static final Path POSTFIX_RUN = SAMPLES.resolveSibling("target").resolve("postfix-it");
    static final Path DOCS = Path.of(System.getProperty("smtptrace.docs", "../../docs"));

    /** Items of one open diagram, in order: class, data-verb, data-code, label text. */
    static final String DIAGRAM_ITEMS = "JSON.stringify([...document.querySelector('.detail[data-id=\"' + CSS.escape(%s) + '\"]')"
            + ".querySelectorAll('svg.seq g.item')].map(g => ({cls: g.getAttribute('class'), verb: g.getAttribute('data-verb'),"
            + " code: g.getAttribute('data-code'), text: [...g.querySelectorAll('text')].map(t => t.textContent).join(' | '),"
            + " label: (g.querySelector('text.label') || {textContent: ''}).textContent,"
            + " title: (g.querySelector('title') || {textContent: ''}).textContent})))";

    Chromium browser;

    @BeforeAll
    void startBrowser() throws Exception {
        var exe = Chromium.executable();
        if (exe.isEmpty()) {
            String msg = "chromium is not installed: the browser suite needs it (as root: bash src/it/browser/setup.sh)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) fail(msg + ". CI must run src/it/setup.sh before mvn verify (.ci/run does).");
            System.err.println("NOTE: skipping the browser suite: " + msg);
            Assumptions.abort(msg);
        }
        Files.createDirectories(ARTIFACTS);
        browser = Chromium.start(exe.get(), Files.createTempDirectory("smtp-trace-chromium-profile"));
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) browser.close();
    }

    // ---- the demo ------------------------------------------------------------------------------------------------

    @Test
    void demoReportShowsEveryFindingAndConnectionWithTheirDiagrams() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(AGENT), "agent jar not built: " + AGENT);
        Path dir = ARTIFACTS.resolve("demo");
        Files.createDirectories(dir);
        Run demo = analyzer("demo", "--agent", AGENT.toString(), "--keep", dir.toString());
        assertThat(demo.code).as(demo.err).isZero();
        Path html = dir.resolve("smtp-trace-demo.html");
        assertThat(demo.out).contains("HTML report").contains(html.toString());
        assertThat(html).isRegularFile();
        Path trace = dir.resolve("smtp-trace.jsonl");

        JsonNode expected = Chromium.JSON.readTree(analyzer("analyze", "--format", "json", trace.toString()).out);
        JsonNode sessions = Chromium.JSON.readTree(analyzer("sessions", "--format", "json", trace.toString()).out);
        assertNoSecretOrBody(Files.readString(html), DemoSecrets.forms());

        try (BrowserPage page = browser.newPage(1280, 900)) {
            long ms = page.open(html, null);
            System.out.printf("demo report: %d bytes, rendered in %d ms%n", Files.size(html), ms);
            assertFindings(page, expected.get("findings"));
            assertConnections(page, sessions);

            String auth530 = idWhere(sessions, "MAIL 530");
            List<JsonNode> items = openDiagram(page, auth530);
            assertThat(replyAfter(items, "MAIL")).as("reply after MAIL in %s: %s", auth530, items).isEqualTo("530");

            String size552 = idWhere(sessions, ". 552");
            items = openDiagram(page, size552);
            assertThat(replyAfter(items, ".")).as("reply after the final '.' in %s: %s", size552, items).isEqualTo("552");
            int body = indexOf(items, i -> i.get("cls").asText().contains("body"));
            int dot = indexOf(items, i -> ".".equals(i.path("verb").asText()));
            assertThat(body).as("body drawn as counts before '.': %s", items).isBetween(0, dot - 1);
            assertThat(items.get(body).get("text").asText()).containsPattern("\\d[\\d,]* bytes").contains("lines").contains("longest line");
            // AUTH answers are shown as redacted, exactly as captured
            List<JsonNode> redacted = items.stream().filter(i -> i.get("cls").asText().contains("redacted")).toList();
            assertThat(redacted).as("redacted AUTH lines in %s", items).isNotEmpty()
                    .allSatisfy(i -> assertThat(i.get("label").asText()).isEqualTo("[redacted]"));
            assertThat(items).anySatisfy(i -> assertThat(i.get("cls").asText()).contains("band auth"));

            // filters: by rule, by outcome, by id; then back to all
            long refused530 = count(sessions, "MAIL 530");
            assertThat(filterRows(page, "select[name=rule]", "auth-required")).isEqualTo(refused530);
            assertThat(filterRows(page, "select[name=rule]", "")).isEqualTo(sessions.size());
            assertThat(filterRows(page, "select[name=outcome]", "ok")).isEqualTo(count(sessions, "ok"));
            assertThat(filterRows(page, "select[name=outcome]", "failed")).isEqualTo(sessions.size() - count(sessions, "ok"));
            assertThat(filterRows(page, "select[name=outcome]", "")).isEqualTo(sessions.size());
            assertThat(filterRows(page, "input[name=q]", auth530.substring(0, 8))).isEqualTo(1);
            assertThat(filterRows(page, "input[name=q]", "")).isEqualTo(sessions.size());
            page.eval("location.hash = '#c=' + encodeURIComponent(" + Chromium.JSON.writeValueAsString(size552) + ")");
            page.waitFor("!!document.querySelector('.detail svg.seq')", java.time.Duration.ofSeconds(10));

            page.screenshot(ARTIFACTS.resolve("demo-desktop-top.png"), 0, 2000);
            int y = page.eval("Math.max(0, document.getElementById('connections').getBoundingClientRect().top + window.scrollY - 8)").asInt();
            page.screenshot(ARTIFACTS.resolve("demo-desktop.png"), y, 1700);
            page.size(390, 844);
            page.eval("window.dispatchEvent(new Event('resize'))");
            page.waitFor("document.querySelector('.detail svg.seq') && document.querySelector('.detail svg.seq').getAttribute('width') < 390",
                    java.time.Duration.ofSeconds(10));
            page.screenshot(ARTIFACTS.resolve("demo-narrow.png"), 0, 2600);
            y = page.eval("Math.max(0, document.querySelector('.detail').getBoundingClientRect().top + window.scrollY - 8)").asInt();
            page.screenshot(ARTIFACTS.resolve("demo-narrow-diagram.png"), y, 1400);
            assertClean(page, html);
        }
        // --lang id: the page's own texts in Indonesian
        Path id = dir.resolve("smtp-trace-demo-id.html");
        assertThat(analyzer("analyze", "--lang", "id", "--format", "html", "-o", id.toString(), trace.toString()).code).isEqualTo(1);
        try (BrowserPage page = browser.newPage(1280, 900)) {
            page.open(id, null);
            assertThat(page.eval("document.documentElement.lang").asText()).isEqualTo("id");
            assertThat(texts(page, "h2")).contains("Ringkasan", "Koneksi dari waktu ke waktu");
            assertThat(page.eval("document.title").asText()).isEqualTo("Laporan smtp-trace");
            assertClean(page, id);
        }
        if (Boolean.getBoolean("smtptrace.updateDocs")) {
            Files.createDirectories(DOCS);
            Files.copy(ARTIFACTS.resolve("demo-desktop.png"), DOCS.resolve("html-report-desktop.png"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(ARTIFACTS.resolve("demo-narrow-diagram.png"), DOCS.resolve("html-report-narrow.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    // ---- real Postfix captures -----------------------------------------------------------------------------------

    @Test
    void postfixCapturesShowEveryFindingAndConnection() throws Exception {
        List<String> inputs = postfixInputs();
        assertThat(inputs).as("Postfix captures under %s or %s", POSTFIX_RUN, SAMPLES).isNotEmpty();
        Path html = ARTIFACTS.resolve("postfix.html");
        List<String> args = new ArrayList<>(List.of("analyze", "--format", "html", "-o", html.toString()));
        args.addAll(inputs);
        Run r = analyzer(args.toArray(String[]::new));
        assertThat(r.code).as(r.err).isIn(0, 1);
        List<String> jsonArgs = new ArrayList<>(List.of("analyze", "--format", "json"));
        jsonArgs.addAll(inputs);
        JsonNode expected = Chromium.JSON.readTree(analyzer(jsonArgs.toArray(String[]::new)).out);
        List<String> sessArgs = new ArrayList<>(List.of("sessions", "--format", "json"));
        sessArgs.addAll(inputs);
        JsonNode sessions = Chromium.JSON.readTree(analyzer(sessArgs.toArray(String[]::new)).out);
        assertNoSecretOrBody(Files.readString(html), List.of("s3cret-Pass", Base64.getEncoder().encodeToString("s3cret-Pass".getBytes(StandardCharsets.UTF_8))));

        try (BrowserPage page = browser.newPage(1280, 900)) {
            long ms = page.open(html, null);
            System.out.printf("postfix report (%d inputs, %d connections): %d bytes, rendered in %d ms%n", inputs.size(), sessions.size(),
                    Files.size(html), ms);
            assertFindings(page, expected.get("findings"));
            assertConnections(page, sessions);
            // diagrams draw: every connection a finding names, and the first 40 (a full Postfix run has hundreds)
            java.util.Set<String> open = new java.util.LinkedHashSet<>();
            expected.get("findings").forEach(f -> f.get("evidence").get("sessions").forEach(id -> open.add(id.asText())));
            int cap = open.size() + 40;
            sessions.forEach(x -> { if (open.size() < cap) open.add(x.get("id").asText()); });
            for (String id : open) {
                List<JsonNode> items = openDiagram(page, id);
                assertThat(items).as(id).isNotEmpty();
                assertThat(items.get(items.size() - 1).get("cls").asText()).matches("item band (end|exception)");
            }
            page.screenshot(ARTIFACTS.resolve("postfix-desktop.png"), 0, 3000);
            assertClean(page, html);
        }
    }

    private static List<String> postfixInputs() throws IOException {
        List<String> inputs = new ArrayList<>();
        for (Path root : List.of(POSTFIX_RUN, SAMPLES)) {
            if (!Files.isDirectory(root)) continue;
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(p -> p.getFileName().toString().equals("trace.jsonl") || p.getFileName().toString().equals("mail-debug.log"))
                        .sorted().forEach(p -> inputs.add(p.toString()));
            }
            if (!inputs.isEmpty()) break;
        }
        return inputs;
    }

    // ---- hostile server text -------------------------------------------------------------------------------------

    static final String[] HOSTILE = {
        "5.7.1 <script>window.__pwned=1;alert(1)</script>",
        "5.1.1 \"><img src=x onerror=\"window.__pwned=2;alert(2)\">",
        "5.6.0 </script><script>window.__pwned=3</script><!-- <svg onload=alert(3)>",
        "4.3.2 <iframe src=\"javascript:alert(4)\"></iframe> &amp; &lt;b&gt; ' {{7*7}} ${7*7} end",
    };

    @Test
    void hostileServerTextIsShownAsTextAndNeverRuns() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(AGENT), "agent jar not built: " + AGENT);
        Path dir = ARTIFACTS.resolve("hostile");
        Files.createDirectories(dir);
        Path trace = dir.resolve("trace.jsonl");
        Files.deleteIfExists(trace);
        // real conversations under the real agent: the servers answer MAIL, RCPT, end of data and the greeting with hostile text
        List<SmtpTestServer.Builder> servers = List.of(SmtpTestServer.builder().rejectSender(553, HOSTILE[0]),
                SmtpTestServer.builder().refuseRecipient("example.org", 550, HOSTILE[1]),
                SmtpTestServer.builder().rejectAfterData(554, HOSTILE[2]),
                SmtpTestServer.builder().refuseConnections(421, HOSTILE[3]));
        for (SmtpTestServer.Builder b : servers) {
            try (SmtpTestServer server = b.start()) {
                ForkedJvm.Result res = ForkedJvm.forLibrary(MailLibrary.ANGUS_MAIL_2_0_3).javaAgent(AGENT)
                        .systemProperty("smtptrace.file", trace.toString()).run(Scenario.forServer(server).to("someone@example.org"));
                assertThat(res.timedOut()).as(res.describe()).isFalse();
            }
        }
        // and a debug log whose host name and reply are hostile (host names come from the input too)
        String hostileHost = "<img src=x onerror=alert(5)>";
        Path log = dir.resolve("mail-debug.log");
        Files.writeString(log, Files.readString(SAMPLES.resolve("relay/mail-debug.log")).replace("host \"localhost\"", "host \"" + hostileHost + "\"")
                .replaceAll("(?m)^554 5\\.7\\.1 .*$", "554 " + HOSTILE[0].replace("5.7.1 ", "5.7.1 relay ")));
        Path html = dir.resolve("hostile.html");
        Run r = analyzer("analyze", "--format", "html", "-o", html.toString(), trace.toString(), log.toString());
        assertThat(r.code).as(r.err).isIn(0, 1);
        String file = Files.readString(html);
        assertThat(file).as("exactly three script elements: two JSON blocks and the page's code").containsOnlyOnce("<script>");
        assertThat(countOf(file, "<script")).isEqualTo(3);
        for (String h : HOSTILE) assertThat(file).doesNotContain(h.substring(6, 20));
        JsonNode sessions = Chromium.JSON.readTree(analyzer("sessions", "--format", "json", trace.toString(), log.toString()).out);

        try (BrowserPage page = browser.newPage(1280, 900)) {
            page.open(html, null);
            assertConnections(page, sessions);
            List<String> titles = new ArrayList<>();
            for (JsonNode s : sessions) for (JsonNode i : openDiagram(page, s.get("id").asText())) titles.add(i.get("title").asText());
            // DOM text equals the raw text: every hostile reply appears verbatim as one reply line of a diagram
            List<String> lines = titles.stream().flatMap(t -> t.lines()).toList();
            assertThat(lines).contains("553 " + HOSTILE[0], "550 " + HOSTILE[1], "554 " + HOSTILE[2], "554 " + HOSTILE[0].replace("5.7.1 ", "5.7.1 relay "));
            assertThat(lines).contains("421 " + HOSTILE[3]);
            // and as the text of the finding samples and of the server column
            assertThat(texts(page, ".finding .sample code")).contains("553 " + HOSTILE[0]);
            assertThat(texts(page, ".row.conn .c-srv")).anySatisfy(t -> assertThat(t).startsWith(hostileHost + ":"));
            // nothing ran: no dialog, no flag set, no element or handler the texts tried to create
            assertThat(page.dialogs).isEmpty();
            assertThat(page.eval("window.__pwned === undefined").asBoolean()).isTrue();
            assertThat(page.eval("document.querySelectorAll('img, iframe, object, embed').length").asInt()).isZero();
            assertThat(page.eval("document.scripts.length").asInt()).isEqualTo(3);
            assertThat(page.eval("[...document.querySelectorAll('*')].some(e => [...e.attributes].some(a => a.name.startsWith('on')))").asBoolean())
                    .isFalse();
            page.screenshot(ARTIFACTS.resolve("hostile-desktop.png"), 0, 2400);
            assertClean(page, html);
        }
    }

    // ---- assertions ----------------------------------------------------------------------------------------------

    private static void assertFindings(BrowserPage page, JsonNode expected) {
        JsonNode shown = page.eval("[...document.querySelectorAll('article.finding')].map(a => ({rule: a.getAttribute('data-rule'),"
                + " explanation: a.querySelector('.explanation').textContent, fix: a.querySelector('.fix span').textContent,"
                + " meta: a.querySelector('.fmeta').textContent}))");
        assertThat(shown.size()).as("findings shown: %s", shown).isEqualTo(expected.size());
        Map<String, String> want = new TreeMap<>();
        Map<String, String> got = new TreeMap<>();
        for (JsonNode f : expected) want.merge(f.get("rule").asText() + " " + f.get("explanation").asText(), f.get("fix").asText(), (a, b) -> a + b);
        for (JsonNode f : shown) got.merge(f.get("rule").asText() + " " + f.get("explanation").asText(), f.get("fix").asText(), (a, b) -> a + b);
        assertThat(got).isEqualTo(want);
        for (JsonNode f : expected) {
            assertThat(shown.findValuesAsText("meta")).anySatisfy(m -> assertThat(m).contains(f.get("server").asText()));
        }
    }

    private static void assertConnections(BrowserPage page, JsonNode sessions) {
        // the list shows 200 rows at a time: page through all of them first
        page.eval("(() => { const b = document.getElementById('more'); let n = 0; while (!b.hidden && n < 10000) { b.click(); n++; } return n; })()");
        JsonNode ids = page.eval("[...document.querySelectorAll('.row.conn')].map(r => r.getAttribute('data-id'))");
        List<String> want = new ArrayList<>();
        sessions.forEach(s -> want.add(s.get("id").asText()));
        List<String> got = new ArrayList<>();
        ids.forEach(i -> got.add(i.asText()));
        assertThat(got).containsExactlyInAnyOrderElementsOf(want);
    }

    private static void assertClean(BrowserPage page, Path html) {
        assertThat(page.errors).as("console errors, exceptions, CSP violations").isEmpty();
        assertThat(page.dialogs).as("dialogs").isEmpty();
        assertThat(page.requests).as("requests: only the report file itself").allSatisfy(u -> assertThat(u).isEqualTo(html.toUri().toString()));
    }

    static void assertNoSecretOrBody(String html, List<String> secrets) {
        for (String s : secrets) assertThat(html).as("secret or body text in the report").doesNotContain(s);
    }

    /** Opens a connection the way a link from a finding does (#c=ID) and returns its diagram's items. */
    private static List<JsonNode> openDiagram(BrowserPage page, String id) throws Exception {
        String q = Chromium.JSON.writeValueAsString(id);
        page.eval("location.hash = '#c=' + encodeURIComponent(" + q + ")");
        page.waitFor("!!document.querySelector('.detail[data-id=\"' + CSS.escape(" + q + ") + '\"] svg.seq')", java.time.Duration.ofSeconds(10));
        JsonNode items = Chromium.JSON.readTree(page.eval(String.format(DIAGRAM_ITEMS, q)).asText());
        page.eval("location.hash = ''");
        List<JsonNode> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
    }

    private static String replyAfter(List<JsonNode> items, String verb) {
        for (int i = 0; i < items.size() - 1; i++) {
            if (items.get(i).get("cls").asText().startsWith("item cmd") && verb.equals(items.get(i).path("verb").asText())
                    && items.get(i + 1).get("cls").asText().startsWith("item reply")) {
                return items.get(i + 1).get("code").asText();
            }
        }
        return null;
    }

    private static int indexOf(List<JsonNode> items, java.util.function.Predicate<JsonNode> p) {
        for (int i = 0; i < items.size(); i++) if (p.test(items.get(i))) return i;
        return -1;
    }

    private static String idWhere(JsonNode sessions, String outcomePrefix) {
        for (JsonNode s : sessions) if (s.get("outcome").asText().startsWith(outcomePrefix)) return s.get("id").asText();
        throw new AssertionError("no connection with outcome " + outcomePrefix + " in " + sessions);
    }

    private static List<String> texts(BrowserPage page, String selector) throws IOException {
        JsonNode a = page.eval("[...document.querySelectorAll(" + Chromium.JSON.writeValueAsString(selector) + ")].map(c => c.textContent)");
        List<String> l = new ArrayList<>();
        a.forEach(n -> l.add(n.asText()));
        return l;
    }

    /** Sets a filter control the way a person does (value, then its input/change event) and returns the rows listed. */
    private static long filterRows(BrowserPage page, String selector, String value) throws IOException {
        return page.eval("(() => { const c = document.querySelector(" + Chromium.JSON.writeValueAsString(selector) + "); c.value = "
                + Chromium.JSON.writeValueAsString(value) + "; c.dispatchEvent(new Event(c.tagName === 'INPUT' ? 'input' : 'change'));"
                + " return document.querySelectorAll('.row.conn').length; })()").asLong();
    }

    private static long count(JsonNode sessions, String outcomePrefix) {
        long n = 0;
        for (JsonNode s : sessions) if (s.get("outcome").asText().startsWith(outcomePrefix)) n++;
        return n;
    }

    private static int countOf(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) n++;
        return n;
    }

    record Run(int code, String out, String err) {}

    static Run analyzer(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The demo's password in every form AUTH puts on the wire, and the text of its message bodies and subjects. */
    static final class DemoSecrets {
        static List<String> forms() {
            String pw = io.smtptrace.analyzer.demo.DemoServer.PASSWORD;
            Base64.Encoder b64 = Base64.getEncoder();
            List<String> forms = new ArrayList<>(List.of(pw, b64.encodeToString(pw.getBytes(StandardCharsets.UTF_8)),
                    b64.encodeToString(("\0" + io.smtptrace.analyzer.demo.DemoServer.USER + "\0" + pw).getBytes(StandardCharsets.UTF_8)),
                    "please find your document below", "Line of the document", "Invoice"));
            for (int pad = 0; pad < 3; pad++) {
                String enc = b64.encodeToString(("xx".substring(0, pad) + pw).getBytes(StandardCharsets.UTF_8));
                forms.add(enc.substring(4, enc.length() - 4));
            }
            return forms;
        }
    }
}
