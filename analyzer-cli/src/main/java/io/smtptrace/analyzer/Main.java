package io.smtptrace.analyzer;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.smtptrace.analyzer.cli.AnalyzeCommand;
import io.smtptrace.analyzer.cli.CheckedOutputStream;
import io.smtptrace.analyzer.cli.ReportFile;
import io.smtptrace.analyzer.cli.DemoCommand;
import io.smtptrace.analyzer.cli.ExplainCommand;
import io.smtptrace.analyzer.cli.LangMixin;
import io.smtptrace.analyzer.cli.SessionsCommand;
import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.read.StdinCheck;
import io.smtptrace.analyzer.lint.LintCommand;
import io.smtptrace.analyzer.probe.ProbeCommand;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code smtp-trace}: analyse SMTP traces and JavaMail debug logs, explain reply codes. Every help text comes from the
 * {@code cli} bundle in the run's language ({@code --lang}, else LC_ALL / LC_MESSAGES / LANG), one prefix per command.
 */
@Command(name = "smtp-trace", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {AnalyzeCommand.class, SessionsCommand.class, ExplainCommand.class, DemoCommand.class, ProbeCommand.class, LintCommand.class,
                AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    LangMixin lang;

    private InputStream stdin = System.in;
    private Map<String, String> env = System.getenv();
    private boolean stdinClosed;

    public InputStream stdin() {
        return stdin;
    }

    /** {@code --lang} given before the command ({@code smtp-trace --lang id analyze ...}), or null. */
    public Lang langOption() {
        return lang == null ? null : lang.option();
    }

    /** The environment the language is read from (tests pass their own). */
    public Map<String, String> env() {
        return env;
    }

    /** Standard input was closed when the process started ({@code <&-}): {@code -} is an error, not fd 0's stray file. */
    public boolean stdinClosed() {
        return stdinClosed;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), Messages.of("cli", lang(spec.commandLine().getParseResult().originalArgs(), env))
                .get("error.missingSubcommand"));
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
        return run(in, false, out, () -> null, err, System.getenv(), args);
    }

    /** The same with the environment the language is read from (tests pass their own). */
    public static int run(InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
        return run(in, false, out, () -> null, err, env, args);
    }

    public static int run(InputStream in, boolean stdinClosed, PrintWriter out, Supplier<IOException> outFailure, PrintWriter err,
            String... args) {
        return run(in, stdinClosed, out, outFailure, err, System.getenv(), args);
    }

    /**
     * Runs a command; the exit code is 2 when its output could not be written whole (a full disk, {@code > /dev/full},
     * a file-size limit, a closed pipe): a report that did not arrive must not pass for a clean one.
     *
     * @param outFailure the write error behind {@code out}, when the caller can know it (for the message)
     */
    public static int run(InputStream in, boolean stdinClosed, PrintWriter out, Supplier<IOException> outFailure, PrintWriter err,
            Map<String, String> env, String... args) {
        Main main = new Main();
        main.stdin = in;
        main.stdinClosed = stdinClosed;
        main.env = env;
        Lang lang = lang(Arrays.asList(args), env);
        Messages cli = Messages.of("cli", lang);
        CommandLine cl = new CommandLine(main);
        // help is printed before any option is applied, so the language is taken from the arguments as given
        cl.setResourceBundle(cli.resourceBundle("main.", "common."));
        for (var sub : cl.getSubcommands().entrySet()) sub.getValue().setResourceBundle(cli.resourceBundle(sub.getKey() + ".", "common."));
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("smtp-trace: " + usageError(ex, cli));
            if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                err.println(cli.get("error.didYouMean", String.join(", ", u.getSuggestions())));
            }
            err.println(cli.get("error.tryHelp", ex.getCommandLine().getCommandSpec().qualifiedName()));
            err.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println(cli.get("error.internal", String.valueOf(ex)));
            err.flush();
            return USAGE;
        });
        int code = cl.execute(args);
        out.flush();
        if (out.checkError()) {
            Messages msg = Messages.of("inputs", lang);
            IOException cause = outFailure.get();
            err.println("smtp-trace: " + msg.get("write.stdout", cause == null ? msg.get("write.cause.unknown") : ReportFile.describe(cause, msg)));
            code = USAGE;
        }
        err.flush();
        return code;
    }

    /**
     * picocli's most common usage errors in the run's language (a missing argument, an unknown option or command, a
     * value not among the choices); any other keeps picocli's English text.
     */
    static String usageError(ParameterException ex, Messages cli) {
        if (ex instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()) {
            List<String> names = new java.util.ArrayList<>();
            for (var arg : m.getMissing()) names.add(arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName() : arg.paramLabel());
            return cli.get("error.missing", String.join(", ", names));
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String first = u.getUnmatched().get(0);
            return cli.get(first.startsWith("-") ? "error.unknownOption" : "error.unmatched", first);
        }
        if (ex.getArgSpec() != null && ex.getValue() != null && ex.getCause() instanceof CommandLine.TypeConversionException
                && ex.getArgSpec().completionCandidates() != null) {
            List<String> choices = new java.util.ArrayList<>();
            ex.getArgSpec().completionCandidates().forEach(choices::add);
            String name = ex.getArgSpec().isOption() ? ((CommandLine.Model.OptionSpec) ex.getArgSpec()).longestName() : ex.getArgSpec().paramLabel();
            return cli.get("error.invalidChoice", name, ex.getValue(), String.join(", ", choices));
        }
        return ex.getMessage();
    }

    /** {@code --lang X} / {@code --lang=X} anywhere in the arguments, else the environment's language. */
    static Lang lang(List<String> args, Map<String, String> env) {
        Lang option = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String v = a.equals("--lang") && i + 1 < args.size() ? args.get(i + 1) : a.startsWith("--lang=") ? a.substring(7) : null;
            if (v == null) continue;
            try {
                option = Lang.valueOf(v.trim().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // picocli reports the bad value itself
            }
        }
        return Lang.resolve(option, env);
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
            // written by the build (src/main/resources-filtered), so it is right in every layout: jar, lib/, classes
            java.util.Properties p = new java.util.Properties();
            try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
                if (in != null) p.load(in);
            } catch (java.io.IOException e) {
                // falls through to "unknown"
            }
            return new String[] {"smtp-trace " + p.getProperty("version", "unknown")};
        }
    }
}
