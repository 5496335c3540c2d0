package io.smtptrace.analyzer.record;

import java.nio.file.Path;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * log4j2 configured the way a service ships structured logs: a file appender with {@code JsonTemplateLayout} and the
 * layout's own ECS template (one JSON object per line, the text in {@code message}, the logger in {@code log.logger},
 * the thread in {@code process.thread.name}, exceptions in {@code error.stack_trace}).
 */
final class Log4j2Json {
    private Log4j2Json() {}

    /** Sends every log4j2 event to the file until closed. */
    static AutoCloseable writeTo(Path file) {
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setStatusLevel(Level.WARN);
        b.setConfigurationName("smtp-trace-recorder");
        b.add(b.newAppender("json", "File").addAttribute("fileName", file.toString()).addAttribute("append", false)
                .add(b.newLayout("JsonTemplateLayout").addAttribute("eventTemplateUri", "classpath:EcsLayout.json")));
        b.add(b.newRootLogger(Level.ALL).add(b.newAppenderRef("json")));
        LoggerContext ctx = Configurator.initialize(b.build());
        ctx.reconfigure(b.build());
        return () -> Configurator.shutdown(ctx);
    }
}
