package io.dynamicsdotdigital.systemtests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.management.AttributeNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the loop tests do with the shared embedded worker: start a connector the way the quickstart's worker would run
 * it, read a connector's metric over JMX, and wait for a condition with a message that says what did not happen.
 */
final class WorkerChecks {
    private WorkerChecks() {
    }

    /** A condition that holds when it returns a value. */
    interface Probe<T> {
        Optional<T> get() throws Exception;
    }

    /**
     * Starts the connector and waits until its one task runs. JsonConverter with schemas, as the quickstart's worker
     * sets it (the shared test worker defaults to StringConverter, which would hand the sinks a Struct's toString).
     * The name is added to {@code started}, so the test can delete what it started.
     */
    static void start(PackagedPluginsWorker.Cluster cluster, List<String> started, Map<String, String> config)
            throws InterruptedException {
        for (String converter : List.of("key.converter", "value.converter")) {
            config.putIfAbsent(converter, "org.apache.kafka.connect.json.JsonConverter");
            config.putIfAbsent(converter + ".schemas.enable", "true");
        }
        String name = config.get("name");
        started.add(name);
        cluster.connect.configureConnector(name, config);
        cluster.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, name + " did not start");
    }

    /** Deletes the connectors a test started; best effort, as the worker is shared with the other system tests. */
    static void deleteAll(PackagedPluginsWorker.Cluster cluster, List<String> started) {
        if (cluster == null) {
            return;
        }
        for (String name : started) {
            try {
                cluster.connect.deleteConnector(name);
            } catch (RuntimeException e) {
                // the worker may be stopping already
            }
        }
    }

    /** Sum over the connector's tasks of one of its metrics, read over JMX from the embedded worker. */
    static long metric(String connector, String name) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        long sum = 0;
        boolean found = false;
        for (ObjectName o : server.queryNames(new ObjectName("kafka.connect:type=plugins,connector=" + connector
                + ",*"), null)) {
            try {
                sum += ((Number) server.getAttribute(o, name)).longValue();
                found = true;
            } catch (AttributeNotFoundException notHere) {
                // another metric group of the same task
            }
        }
        assertTrue(found, name + " of " + connector + " not found over JMX");
        return sum;
    }

    /** The probe's value once it has one; fails naming {@code what} and the diagnostics after {@code timeout}. */
    static <T> T eventually(Duration timeout, String what, Probe<T> probe, Supplier<String> diagnostics)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                String more = diagnostics.get();
                throw new AssertionError(what + ": not within " + timeout.toSeconds() + " s"
                        + (more.isEmpty() ? "" : "; " + more));
            }
            Thread.sleep(250);
        }
    }
}
