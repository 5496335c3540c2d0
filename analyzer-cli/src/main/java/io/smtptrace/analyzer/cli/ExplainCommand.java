package io.smtptrace.analyzer.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "explain", mixinStandardHelpOptions = true, description = "Explain SMTP reply codes.")
public final class ExplainCommand implements Callable<Integer> {
    @Parameters(arity = "1..*") List<String> codes;
    @Override public Integer call() { return 0; }
}
