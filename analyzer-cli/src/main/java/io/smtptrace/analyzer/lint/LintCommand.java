package io.smtptrace.analyzer.lint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.smtptrace.analyzer.Main;
import io.smtptrace.analyzer.cli.ReportFormatMixin;
import io.smtptrace.analyzer.i18n.Messages;
import io.smtptrace.analyzer.rules.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "lint", mixinStandardHelpOptions = true)
public final class LintCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Mixin
    ReportFormatMixin fmt;

    @Parameters(arity = "0..*", paramLabel = "FILE", descriptionKey = "files")
    List<String> files = new ArrayList<>();

    @Option(names = "--jvm-options", paramLabel = "OPTIONS", descriptionKey = "jvm-options")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "error", descriptionKey = "fail-on")
    String failOn;

    @Mixin
    io.smtptrace.analyzer.cli.LangMixin lang;

    @Override
    public Integer call() {
        Severity threshold;
        try {
            threshold = Severity.parse(failOn);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--fail-on': '" + failOn + "' (expected info, warning or error)");
        }
        if (files.isEmpty() && jvmOptions.isEmpty()) throw new ParameterException(spec.commandLine(), "Missing FILE or --jvm-options");
        Messages msg = lang.messages("lint");
        if (fmt.format == ReportFormatMixin.Format.html) throw new ParameterException(spec.commandLine(), msg.get("error.format.html"));
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        List<ConfigDocument> docs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int unreadable = 0;
        for (String f : files) {
            String name = f.equals("-") ? "<stdin>" : f;
            names.add(name);
            String text;
            try {
                text = f.equals("-") ? readAll(main.stdin()) : Files.readString(Path.of(f), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                err.println("smtp-trace: " + msg.get("input.unreadable", name, String.valueOf(e.getMessage())));
                unreadable++;
                continue;
            }
            try {
                docs.addAll(ConfigReader.read(name, text));
            } catch (ConfigReader.BadInputException e) {
                err.println("smtp-trace: " + msg.get("input.bad", name, e.line(), e.getMessage()));
                unreadable++;
            }
        }
        for (int i = 0; i < jvmOptions.size(); i++) {
            String name = "--jvm-options" + (jvmOptions.size() > 1 ? "#" + (i + 1) : "");
            names.add(name);
            docs.add(ConfigReader.jvmOptions(name, jvmOptions.get(i)));
        }
        List<LintFinding> findings = Linter.lint(docs, msg);
        switch (fmt.format) {
            case text -> new LintTextReporter(spec.commandLine().getColorScheme().ansi(), msg).report(names.size(), findings, out);
            case json -> new LintJsonReporter().report(names, findings, out);
            case sarif -> new LintSarifReporter(new Main.VersionAccess().version(), msg).report(findings, out);
            case junit -> new LintJunitReporter(threshold, msg).report(findings, out);
        }
        err.flush();
        if (unreadable > 0) return Main.USAGE;
        return findings.stream().anyMatch(f -> f.severity().atLeast(threshold)) ? Main.FINDINGS : Main.OK;
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
