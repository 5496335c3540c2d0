package io.smtptrace.analyzer.probe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.smtptrace.analyzer.Main;
import io.smtptrace.analyzer.cli.FormatMixin;
import io.smtptrace.analyzer.cli.LangMixin;
import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.probe.ProbeReport.Mode;
import io.smtptrace.analyzer.probe.ProbeReport.Port;
import io.smtptrace.analyzer.probe.ProbeReport.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "probe", mixinStandardHelpOptions = true)
public final class ProbeCommand implements Callable<Integer> {
    static final int[] DEFAULT_PORTS = {587, 465, 25};

    @Spec
    CommandSpec spec;

    @Mixin
    FormatMixin fmt;

    @Parameters(paramLabel = "HOST[:PORT]", descriptionKey = "target")
    String target;

    @Option(names = "--user", paramLabel = "USER", descriptionKey = "user")
    String user;

    @Option(names = "--password-file", paramLabel = "FILE", descriptionKey = "password-file")
    Path passwordFile;

    @Option(names = "--password-env", paramLabel = "VAR", defaultValue = "SMTP_PASSWORD", descriptionKey = "password-env")
    String passwordEnv;

    @Option(names = "--send-test", paramLabel = "TO", descriptionKey = "send-test")
    String sendTo;

    @Option(names = "--from", paramLabel = "ADDRESS", descriptionKey = "from")
    String from;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", descriptionKey = "timeout")
    int timeoutSeconds;

    @Option(names = "--trust-store", paramLabel = "FILE", descriptionKey = "trust-store")
    Path trustStore;

    @Option(names = "--trust-store-password", paramLabel = "PASSWORD", defaultValue = "changeit", descriptionKey = "trust-store-password")
    String trustStorePassword;

    @Option(names = "--ehlo", paramLabel = "NAME", descriptionKey = "ehlo")
    String ehlo;

    @Option(names = "--allow-plaintext-auth", descriptionKey = "allow-plaintext-auth")
    boolean allowPlaintextAuth;

    @Option(names = "--transcript", descriptionKey = "transcript")
    boolean transcript;

    // the shared option, so `smtp-trace --lang id probe ...` holds here as for the other commands
    @Mixin
    LangMixin lang;

    /** The run's environment (Main's, which tests replace), for the password variable. */
    private Map<String, String> env() {
        return spec.root().userObject() instanceof Main m ? m.env() : System.getenv();
    }

    @Override
    public Integer call() {
        Messages msg = lang.messages("probe");
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        String host;
        int[] ports;
        try {
            String[] hp = splitTarget(target);
            host = hp[0];
            ports = hp[1] == null ? DEFAULT_PORTS : new int[] {Integer.parseInt(hp[1])};
            if (ports[0] < 1 || ports[0] > 65535) throw new NumberFormatException();
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), msg.get("error.target", target));
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 300) throw new ParameterException(spec.commandLine(), msg.get("error.timeout"));
        char[] password = null;
        if (user != null) {
            password = password(msg);
            if (password == null) throw new ParameterException(spec.commandLine(), msg.get("error.no-password", passwordEnv));
        } else if (passwordFile != null) {
            throw new ParameterException(spec.commandLine(), msg.get("error.password-without-user"));
        }
        try {
            InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            err.println("smtp-trace: " + msg.get("error.unknown-host", host));
            return Main.USAGE;
        }
        ProbeReport report = new ProbeReport(host);
        try {
            Prober prober = new Prober(host, new Prober.Options(user, password, from, sendTo, timeoutSeconds * 1000, timeoutSeconds * 1000,
                    trustStore, trustStorePassword.toCharArray(), ehlo != null ? ehlo : localName(), allowPlaintextAuth));
            for (int port : ports) report.ports.add(prober.probe(port));
        } catch (IOException | GeneralSecurityException e) {
            err.println("smtp-trace: " + msg.get("error.trust-store", String.valueOf(trustStore), String.valueOf(e.getMessage())));
            return Main.USAGE;
        } finally {
            if (password != null) java.util.Arrays.fill(password, '\0');
        }
        Port best = best(report.ports);
        if (fmt.format == FormatMixin.Format.json) new ProbeJsonReporter(msg).report(report, best, out);
        else new ProbeTextReporter(spec.commandLine().getColorScheme().ansi(), msg).report(report, best, transcript, out);
        if (best != null) return Main.OK;
        return report.ports.stream().allMatch(p -> p.verdict == Verdict.UNREACHABLE) ? Main.USAGE : Main.FINDINGS;
    }

    /** The port to recommend: STARTTLS required, then implicit TLS, then STARTTLS optional, then plain; in the order probed. */
    static Port best(List<Port> ports) {
        List<Port> working = new ArrayList<>(ports.stream().filter(p -> p.verdict == Verdict.WORKS && p.config != null).toList());
        working.sort(Comparator.comparingInt(ProbeCommand::rank));
        return working.isEmpty() ? null : working.get(0);
    }

    private static int rank(Port p) {
        if (p.mode == Mode.STARTTLS) return Boolean.TRUE.equals(p.starttlsRequired) ? 0 : 2;
        return p.mode == Mode.IMPLICIT_TLS ? 1 : 3;
    }

    private char[] password(Messages msg) {
        if (passwordFile != null) {
            try {
                String s = Files.readString(passwordFile, StandardCharsets.UTF_8);
                int nl = s.indexOf('\n');
                String first = nl < 0 ? s : s.substring(0, nl);
                return (first.endsWith("\r") ? first.substring(0, first.length() - 1) : first).toCharArray();
            } catch (IOException e) {
                throw new ParameterException(spec.commandLine(), msg.get("error.password-file", passwordFile.toString(), String.valueOf(e.getMessage())));
            }
        }
        String v = env().get(passwordEnv);
        return v == null || v.isEmpty() ? null : v.toCharArray();
    }

    static String[] splitTarget(String t) {
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            String h = t.substring(1, close);
            String rest = t.substring(close + 1);
            return new String[] {h, rest.startsWith(":") ? rest.substring(1) : null};
        }
        int colon = t.lastIndexOf(':');
        if (colon > 0 && t.indexOf(':') == colon) return new String[] {t.substring(0, colon), t.substring(colon + 1)};
        if (t.isBlank()) throw new IllegalArgumentException();
        return new String[] {t, null};
    }

    private static String localName() {
        try {
            String n = InetAddress.getLocalHost().getHostName();
            return n == null || n.isBlank() ? "localhost" : n;
        } catch (IOException e) {
            return "localhost";
        }
    }
}
