package io.smtptrace.analyzer;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import io.smtptrace.analyzer.cli.AnalyzeCommand;
import io.smtptrace.analyzer.cli.DemoCommand;
import io.smtptrace.analyzer.cli.ExplainCommand;
import io.smtptrace.analyzer.cli.SessionsCommand;
import io.smtptrace.analyzer.lint.LintCommand;
import io.smtptrace.analyzer.probe.ProbeCommand;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code smtp-trace}: analyse SMTP traces and JavaMail debug logs, explain reply codes. */
@Command(name = "smtp-trace", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Reads smtp-trace agent traces (OTLP JSON), OpenTelemetry Collector files and JavaMail/Jakarta Mail/Angus Mail"
                + " debug logs, and explains what is wrong with the SMTP conversations.",
        subcommands = {AnalyzeCommand.class, SessionsCommand.class, ExplainCommand.class, DemoCommand.class, ProbeCommand.class, LintCommand.class,
                AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage error or unreadable input."})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    private InputStream stdin = System.in;

    public InputStream stdin() {
        return stdin;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: analyze, sessions, explain, demo or generate-completion");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(System.in, out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(System.in, out, err, args);
    }

    public static int run(InputStream in, PrintWriter out, PrintWriter err, String... args) {
        Main main = new Main();
        main.stdin = in;
        CommandLine cl = new CommandLine(main);
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("smtp-trace: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println("smtp-trace: internal error: " + ex);
            err.flush();
            return USAGE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The version string, for reporters. */
    public static final class VersionAccess {
        public String version() {
            return new Version().getVersion()[0].replace("smtp-trace ", "");
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"smtp-trace " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
