package io.smtptrace.analyzer.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "Demo.")
public final class DemoCommand implements Callable<Integer> {
    @Override public Integer call() { return 0; }
}
