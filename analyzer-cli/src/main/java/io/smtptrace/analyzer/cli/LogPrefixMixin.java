package io.smtptrace.analyzer.cli;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.smtptrace.analyzer.i18n.Messages;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Shared {@code --log-prefix}: the prefix in front of every debug-log line, for the shapes the reader cannot learn by
 * itself (it learns timestamps, container and pod names, syslog headers, app-server loggers and indentation).
 */
public final class LogPrefixMixin {
    @Option(names = "--log-prefix", paramLabel = "REGEX", descriptionKey = "log-prefix")
    String logPrefix;

    /** The compiled pattern, or null; a usage error (exit 2) naming the problem when it does not compile. */
    Pattern pattern(CommandSpec spec, Messages cli) {
        if (logPrefix == null) return null;
        try {
            return Pattern.compile(logPrefix);
        } catch (PatternSyntaxException e) {
            // the JDK's description of the regex error stays as the JDK words it
            throw new ParameterException(spec.commandLine(), cli.get("error.logPrefix", e.getDescription(), e.getIndex(), logPrefix));
        }
    }
}
