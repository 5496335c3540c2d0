package io.smtptrace.analyzer.record;

import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.slf4j.bridge.SLF4JBridgeHandler;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * logback configured the way a service ships structured logs: a file appender with logstash-logback-encoder's
 * {@code LogstashEncoder} (one JSON object per line: {@code @timestamp}, {@code message}, {@code logger_name},
 * {@code thread_name}, {@code level}, {@code stack_trace}). A context of its own, so the test JVM's SLF4J binding stays
 * as it is; java.util.logging reaches it through jul-to-slf4j's {@link SLF4JBridgeHandler} (its level mapping and
 * message formatting), pointed at this context.
 */
final class LogstashJson implements AutoCloseable {
    private final LoggerContext context = new LoggerContext();
    private final FileAppender<ILoggingEvent> appender = new FileAppender<>();

    LogstashJson(Path file) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.start();
        appender.setContext(context);
        appender.setFile(file.toString());
        appender.setAppend(false);
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.ALL);
        root.addAppender(appender);
    }

    Handler bridge() {
        return new SLF4JBridgeHandler() {
            @Override
            protected org.slf4j.Logger getSLF4JLogger(LogRecord r) {
                return context.getLogger(r.getLoggerName() == null ? org.slf4j.Logger.ROOT_LOGGER_NAME : r.getLoggerName());
            }
        };
    }

    @Override
    public void close() {
        appender.stop();
        context.stop();
    }
}
