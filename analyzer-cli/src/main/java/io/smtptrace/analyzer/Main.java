package io.smtptrace.analyzer;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import io.smtptrace.analyzer.cli.AnalyzeCommand;
import io.smtptrace.analyzer.cli.CheckedOutputStream;
import io.smtptrace.analyzer.cli.ReportFile;
import io.smtptrace.analyzer.cli.DemoCommand;
import io.smtptrace.analyzer.cli.ExplainCommand;
import io.smtptrace.analyzer.cli.SessionsCommand;
import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.read.StdinCheck;
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
    private boolean stdinClosed;

    public InputStream stdin() {
        return stdin;
    }

    /** Standard input was closed when the process started ({@code <&-}): {@code -} is an error, not fd 0's stray file. */
    public boolean stdinClosed() {
        return stdinClosed;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: analyze, sessions, explain, demo or generate-completion");
    }

    public static void main(String[] args) {
        // stdout through a stream that keeps its first error: PrintStream and PrintWriter both swallow it
        CheckedOutputStream stdout = new CheckedOutputStream(new FileOutputStream(FileDescriptor.out));
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8)), true);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(System.in, StdinCheck.closedAtStart(), out, stdout::failure, err, args);
        err.flush();
        System.exit(code);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(System.in, out, err, args);
    }

    public static int run(InputStream in, PrintWriter out, PrintWriter err, String... args) {
        return run(in, false, out, () -> null, err, args);
    }

    /**
     * Runs a command; the exit code is 2 when its output could not be written whole (a full disk, {@code > /dev/full},
     * a file-size limit, a closed pipe): a report that did not arrive must not pass for a clean one.
     *
     * @param outFailure the write error behind {@code out}, when the caller can know it (for the message)
     */
    public static int run(InputStream in, boolean stdinClosed, PrintWriter out, Supplier<IOException> outFailure, PrintWriter err,
            String... args) {
        Main main = new Main();
        main.stdin = in;
        main.stdinClosed = stdinClosed;
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
        if (out.checkError()) {
            Messages msg = Messages.of("inputs", Lang.resolve(null, System.getenv()));
            IOException cause = outFailure.get();
            err.println("smtp-trace: " + msg.get("write.stdout", cause == null ? msg.get("write.cause.unknown") : ReportFile.describe(cause, msg)));
            code = USAGE;
        }
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
