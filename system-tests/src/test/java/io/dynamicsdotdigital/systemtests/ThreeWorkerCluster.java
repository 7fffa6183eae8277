package io.dynamicsdotdigital.systemtests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;

/**
 * One broker and three Connect workers in one group, each loading the packaged plugins as a production worker
 * would, with exactly-once source support enabled. Workers can be stopped (gracefully: {@link WorkerHandle#stop()}
 * runs the herder's shutdown, which stops tasks and commits what they finished) and added.
 */
final class ThreeWorkerCluster implements AutoCloseable {
    static final int WORKERS = 3;

    final EmbeddedConnectCluster connect;

    ThreeWorkerCluster() {
        Map<String, String> worker = new HashMap<>();
        worker.put("plugin.path", ProjectLayout.pluginPathEntries().stream().map(Path::toString)
                .collect(Collectors.joining(",")));
        worker.put("plugin.discovery", "service_load");
        worker.put("exactly.once.source.support", "enabled");
        // As the quickstart's worker: JSON with schemas, so a sink reads what a source wrote.
        worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        // The default (5 minutes) keeps a departed worker's tasks unassigned in case it comes back; production
        // clusters tune it too. Short here so the tests measure the move, not the wait.
        worker.put("scheduled.rebalance.max.delay.ms", "2000");
        worker.put("offset.flush.interval.ms", "2000");
        Properties broker = new Properties();
        broker.put("transaction.state.log.replication.factor", "1");
        broker.put("transaction.state.log.min.isr", "1");
        // As the quickstart's broker: source topics appear on first write.
        broker.put("auto.create.topics.enable", "true");
        connect = new EmbeddedConnectCluster.Builder()
                .name("failover")
                .numBrokers(1)
                .numWorkers(WORKERS)
                .brokerProps(broker)
                .workerProps(worker)
                .build();
        connect.start();
    }

    String bootstrapServers() {
        return connect.kafka().bootstrapServers();
    }

    /** The worker running task 0 of the connector, waiting until the task is RUNNING somewhere. */
    WorkerHandle workerRunningTask(String connector, Duration timeout) {
        String[] workerId = new String[1];
        awaitUntil(timeout, "task 0 of " + connector + " RUNNING", () -> {
            workerId[0] = runningTaskWorker(connector);
            return workerId[0] != null;
        });
        return connect.workers().stream().filter(w -> isWorker(w, workerId[0])).findFirst()
                .orElseThrow(() -> new AssertionError("No worker of " + connect.workers() + " is " + workerId[0]));
    }

    /**
     * Waits until task 0 runs on a worker other than the one that listened on {@code departedPort} (a stopped
     * worker's handle no longer knows its URL); returns that worker's id.
     */
    String awaitTaskMovedFrom(String connector, int departedPort, Duration timeout) {
        String[] workerId = new String[1];
        awaitUntil(timeout, "task 0 of " + connector + " RUNNING on a worker other than port " + departedPort, () -> {
            workerId[0] = runningTaskWorker(connector);
            return workerId[0] != null && !workerId[0].endsWith(":" + departedPort);
        });
        return workerId[0];
    }

    /** Every task of every connector RUNNING (and the connectors too). */
    void awaitAllRunning(List<String> connectors, Duration timeout) {
        awaitUntil(timeout, "connectors and tasks of " + connectors + " RUNNING", () -> connectors.stream()
                .allMatch(name -> {
                    ConnectorStateInfo s = status(name);
                    return s != null && "RUNNING".equals(s.connector().state()) && !s.tasks().isEmpty()
                            && s.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()));
                }));
    }

    /** The worker id running task 0 if it is RUNNING; null otherwise (also while the cluster rebalances). */
    String runningTaskWorker(String connector) {
        ConnectorStateInfo s = status(connector);
        if (s == null) {
            return null;
        }
        for (ConnectorStateInfo.TaskState t : s.tasks()) {
            if (t.id() == 0) {
                if ("FAILED".equals(t.state())) {
                    throw new AssertionError("task 0 of " + connector + " FAILED on " + t.workerId() + ": "
                            + t.trace());
                }
                return "RUNNING".equals(t.state()) ? t.workerId() : null;
            }
        }
        return null;
    }

    private ConnectorStateInfo status(String connector) {
        try {
            return connect.connectorStatus(connector);
        } catch (RuntimeException e) {
            return null; // not known yet, or the REST call hit a rebalance
        }
    }

    /** Worker ids are host:port of the worker's REST listener. */
    static boolean isWorker(WorkerHandle worker, String workerId) {
        return workerId != null && workerId.endsWith(":" + worker.url().getPort());
    }

    static void awaitUntil(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() {
        connect.stop();
    }
}
