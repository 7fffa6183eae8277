package io.dynamicsdotdigital.dynamics.source;

import java.io.StringWriter;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.WriterAppender;
import org.apache.log4j.spi.Filter;
import org.apache.log4j.spi.LoggingEvent;

/**
 * Everything the worker and the connectors in this JVM log (Kafka's INFO lines, such as the configuration dumps,
 * and this project's DEBUG lines), kept in memory so a test can prove that no secret was logged. The console keeps
 * showing only what log4j.properties lets through.
 */
final class WorkerLogCapture implements AutoCloseable {
    private static final String OURS = "io.dynamicsdotdigital";
    private final StringWriter out = new StringWriter();
    private final WriterAppender appender = new WriterAppender(new PatternLayout("%p %c %m%n"), out);
    private final Level rootBefore;
    private final Level oursBefore;

    private WorkerLogCapture() {
        Logger root = Logger.getRootLogger();
        Logger ours = Logger.getLogger(OURS);
        rootBefore = root.getLevel();
        oursBefore = ours.getLevel();
        // The console appenders would print all that is captured: they keep the levels configured for them.
        Level consoleRoot = rootBefore == null ? Level.WARN : rootBefore;
        Level consoleOurs = oursBefore == null ? consoleRoot : oursBefore;
        root.getAllAppenders().asIterator().forEachRemaining(a -> ((org.apache.log4j.Appender) a).addFilter(
                new Filter() {
                    @Override
                    public int decide(LoggingEvent event) {
                        Level limit = event.getLoggerName().startsWith(OURS) ? consoleOurs : consoleRoot;
                        return event.getLevel().isGreaterOrEqual(limit) ? NEUTRAL : DENY;
                    }
                }));
        root.addAppender(appender);
        root.setLevel(Level.INFO);
        ours.setLevel(Level.DEBUG);
    }

    static WorkerLogCapture start() {
        return new WorkerLogCapture();
    }

    /** What was logged so far. */
    String text() {
        synchronized (out) {
            return out.toString();
        }
    }

    @Override
    public void close() {
        Logger root = Logger.getRootLogger();
        root.removeAppender(appender);
        root.getAllAppenders().asIterator().forEachRemaining(a -> ((org.apache.log4j.Appender) a).clearFilters());
        root.setLevel(rootBefore);
        Logger.getLogger(OURS).setLevel(oursBefore);
    }
}
