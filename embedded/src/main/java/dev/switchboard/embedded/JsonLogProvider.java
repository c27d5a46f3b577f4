package dev.switchboard.embedded;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.jetty.logging.JettyLogger;
import org.eclipse.jetty.logging.JettyLoggerConfiguration;
import org.eclipse.jetty.logging.JettyLoggerFactory;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the JSON log format: Jetty's own loggers (levels from {@code jetty-logging.properties} and
 * system properties, exactly as in the text format), each writing through a {@link JsonLogAppender} instead of
 * Jetty's text appender. Core's {@code System.Logger} calls reach it through {@code slf4j-jdk-platform-logging} like
 * every other log line. {@link LogFormat#install} selects it with SLF4J's {@code slf4j.provider} property; it is not
 * registered as a service, so the text format stays the default.
 */
public final class JsonLogProvider implements SLF4JServiceProvider {

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private ILoggerFactory loggers;

    /** Created by SLF4J. */
    public JsonLogProvider() {}

    @Override
    public void initialize() {
        JettyLoggerConfiguration configuration =
                new JettyLoggerConfiguration().load(getClass().getClassLoader());
        JettyLoggerFactory jetty = new JettyLoggerFactory(configuration);
        JsonLogAppender appender = new JsonLogAppender(System.err);
        ConcurrentMap<String, Logger> created = new ConcurrentHashMap<>();
        loggers = name -> created.computeIfAbsent(
                name,
                key -> new JettyLogger(
                        jetty, key, appender, configuration.getLevel(key), configuration.getHideStacks(key)));
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
