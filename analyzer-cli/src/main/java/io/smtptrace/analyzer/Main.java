package io.smtptrace.analyzer;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.smtptrace.analyzer.cli.AnalyzeCommand;
import io.smtptrace.analyzer.cli.DemoCommand;
import io.smtptrace.analyzer.cli.ExplainCommand;
import io.smtptrace.analyzer.cli.LangMixin;
import io.smtptrace.analyzer.cli.SessionsCommand;
import io.smtptrace.analyzer.i18n.Lang;
import io.smtptrace.analyzer.i18n.Messages;
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

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), Messages.of("cli", lang(spec.commandLine().getParseResult().originalArgs(), env))
                .get("error.missingSubcommand"));
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
        return run(in, out, err, System.getenv(), args);
    }

    public static int run(InputStream in, PrintWriter out, PrintWriter err, Map<String, String> env, String... args) {
        Main main = new Main();
        main.stdin = in;
        main.env = env;
        Messages cli = Messages.of("cli", lang(Arrays.asList(args), env));
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
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"smtp-trace " + (v == null ? "0.1.0-SNAPSHOT" : v)};
        }
    }
}
