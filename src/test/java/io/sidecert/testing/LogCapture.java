package io.sidecert.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/** Everything sidecert logs while some code runs, at DEBUG, for tests that look for what must never be logged. */
public final class LogCapture {
    private LogCapture() {
    }

    /** @param quiet loggers of the test's own servers (not sidecert), held at WARN while capturing */
    public static String during(ThrowingRunnable run, String... quiet) throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        for (String name : quiet) {
            context.getLogger(name).setLevel(Level.WARN);
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger %mdc %msg%n%ex");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(captured);
        appender.start();
        root.addAppender(appender);
        try {
            run.run();
        } finally {
            root.detachAppender(appender);
            appender.stop();
            for (String name : quiet) {
                context.getLogger(name).setLevel(null);
            }
            root.setLevel(rootLevel);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** Code that may throw anything. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }
}
